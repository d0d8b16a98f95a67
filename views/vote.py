"""Vote: a facilitator runs a dot vote on drivers of change, phones vote, the shared screen shows it.

The URL picks the view: `?screen=CODE` the shared screen, `?room=CODE` a workshop's screen for the
day (its live step and its room's QR code), `?manage=CODE&key=SECRET` the
facilitator, nothing the start (join by code, create, past votes). The phones vote on their own
lean page, `/join/CODE`; an old `?join=CODE` link is sent there before Streamlit sees it.
"""

import streamlit as st

from foresight.ui.room_screen import render_room_screen
from foresight.ui.state import show_bad_params_notice, tr
from foresight.ui.vote_facilitator import render_manage, render_start
from foresight.ui.vote_screen import render_screen
from foresight.ui.vote_shared import code_param, join_url

screen_code = code_param("screen")
join_code = code_param("join")
manage_code = code_param("manage")
room_code = code_param("room")

if screen_code:
    render_screen(screen_code)
elif room_code:  # a workshop's screen for the day: whatever is live, with the room's one QR code
    render_room_screen(room_code)
elif join_code:  # reached inside the app (the HTTP redirect catches links from outside)
    st.title(tr("nav.vote"))
    st.link_button(tr("vote.join_open_plain"), join_url(join_code), type="primary")
elif manage_code:
    st.title(tr("vote.manage_header"))
    render_manage(manage_code)
    show_bad_params_notice()
else:
    st.title(tr("nav.vote"))
    show_bad_params_notice()
    render_start()
