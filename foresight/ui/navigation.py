"""The registry of pages (foresight.pages) as Streamlit pages."""

from __future__ import annotations

import streamlit as st

from foresight.pages import HOME, PAGES, PageSpec
from foresight.ui.state import tr


def st_page(page: PageSpec) -> st.Page:
    return st.Page(
        page.script,
        title=tr(f"nav.{page.key}"),
        icon=page.icon,
        url_path=page.url_path,
        default=page is HOME,
    )


def all_pages() -> list[st.Page]:
    return [st_page(page) for page in PAGES]
