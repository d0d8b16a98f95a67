"""Framsyn: the frame (the script `app.py` serves). Page config, role, language, navigation.

Every page lives in views/ (not pages/: see README, Layout). The visitor's role is settled first
(foresight.ui.access), so the navigation lists only the pages the role may open and a page the
role may not open is refused here, before its script runs, whatever URL was typed.
"""

from pathlib import Path

import streamlit as st

from foresight.ui import access
from foresight.ui.navigation import role_navigation
from foresight.ui.state import keep_language_in_url, language_switch

# A bundled image: a Material Symbol as page icon makes Streamlit fetch it from a font CDN.
ICON = Path(__file__).parent / "foresight" / "ui" / "static" / "framsyn-icon.png"
st.set_page_config(page_title="Framsyn", page_icon=str(ICON), layout="wide")

access.settle_role()
page, spec = role_navigation()
keep_language_in_url()
with st.sidebar:
    language_switch()
    access.account_box()
if not access.page_allowed(spec):
    access.refuse(target=spec.url_path)
page.run()
