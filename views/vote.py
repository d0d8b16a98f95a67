"""Vote: a facilitator runs a dot vote on drivers of change, phones vote, the shared screen shows it.

The URL picks the view: `?screen=CODE` the shared screen, `?join=CODE` a participant's phone,
`?manage=CODE&key=SECRET` the facilitator, nothing the start (join by code, create, past votes).
"""

import streamlit as st

from foresight.ui import vote_views
from foresight.ui.state import show_bad_params_notice, tr

screen_code = vote_views.code_param("screen")
join_code = vote_views.code_param("join")
manage_code = vote_views.code_param("manage")

if screen_code:
    vote_views.render_screen(screen_code)
elif join_code:
    vote_views.render_participant(join_code)
    show_bad_params_notice()
elif manage_code:
    st.title(tr("vote.manage_header"))
    vote_views.render_manage(manage_code)
    show_bad_params_notice()
else:
    st.title(tr("nav.vote"))
    show_bad_params_notice()
    vote_views.render_start()
