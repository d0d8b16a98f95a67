"""Sign in: where a visitor who is not signed in lands; the passphrase form and organisation accounts."""

import streamlit as st

from foresight.ui import access
from foresight.ui.state import show_bad_params_notice, tr

st.title(tr("access.signin_title"))
show_bad_params_notice()
st.write(tr("access.signin_intro"))
access.signin_offer()
