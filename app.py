"""Framsyn: the frame. Page config, language, navigation; every page lives in pages/."""

import streamlit as st

from foresight.ui.state import keep_language_in_url, language_switch, tr

st.set_page_config(page_title="Framsyn", page_icon="🧭", layout="wide")

PAGES = [
    st.Page("pages/home.py", title=tr("nav.home"), icon=":material/home:", url_path="home", default=True),
    st.Page("pages/trends.py", title=tr("nav.trends"), icon=":material/trending_up:", url_path="trends"),
    st.Page("pages/map.py", title=tr("nav.map"), icon=":material/map:", url_path="map"),
    st.Page("pages/vote.py", title=tr("nav.vote"), icon=":material/how_to_vote:", url_path="vote"),
    st.Page("pages/scenarios.py", title=tr("nav.scenarios"), icon=":material/grid_view:", url_path="scenarios"),
    st.Page("pages/data.py", title=tr("nav.data"), icon=":material/table_view:", url_path="data"),
]

page = st.navigation(PAGES)
keep_language_in_url()
with st.sidebar:
    language_switch()
page.run()
