"""Framsyn: the frame (the script `app.py` serves). Page config, language, navigation.

Every page lives in views/ (not pages/: see README, Layout).
"""

from pathlib import Path

import streamlit as st

from foresight.ui.state import keep_language_in_url, language_switch, tr

# A bundled image: a Material Symbol as page icon makes Streamlit fetch it from a font CDN.
ICON = Path(__file__).parent / "foresight" / "ui" / "static" / "framsyn-icon.png"
st.set_page_config(page_title="Framsyn", page_icon=str(ICON), layout="wide")

PAGES = [
    st.Page("views/home.py", title=tr("nav.home"), icon=":material/home:", url_path="home", default=True),
    st.Page("views/trends.py", title=tr("nav.trends"), icon=":material/trending_up:", url_path="trends"),
    st.Page("views/map.py", title=tr("nav.map"), icon=":material/map:", url_path="map"),
    st.Page("views/vote.py", title=tr("nav.vote"), icon=":material/how_to_vote:", url_path="vote"),
    st.Page("views/scenarios.py", title=tr("nav.scenarios"), icon=":material/grid_view:", url_path="scenarios"),
    st.Page("views/data.py", title=tr("nav.data"), icon=":material/table_view:", url_path="data"),
]

page = st.navigation(PAGES)
keep_language_in_url()
with st.sidebar:
    language_switch()
page.run()
