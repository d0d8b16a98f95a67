"""Map: built by its own issue; until then the page says so and shows nothing invented."""

import streamlit as st

from foresight.ui.state import tr

st.title(tr("nav.map"))
st.info(tr("app.coming"), icon=":material/construction:")
