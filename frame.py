"""Framsyn: the frame (the script `app.py` serves). Page config, language, navigation.

Every page lives in views/ (not pages/: see README, Layout).
"""

from pathlib import Path

import streamlit as st

from foresight.ui.navigation import all_pages
from foresight.ui.state import keep_language_in_url, language_switch

# A bundled image: a Material Symbol as page icon makes Streamlit fetch it from a font CDN.
ICON = Path(__file__).parent / "foresight" / "ui" / "static" / "framsyn-icon.png"
st.set_page_config(page_title="Framsyn", page_icon=str(ICON), layout="wide")

page = st.navigation(all_pages())
keep_language_in_url()
with st.sidebar:
    language_switch()
page.run()
