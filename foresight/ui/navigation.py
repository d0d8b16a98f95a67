"""The registry of pages (foresight.pages) as Streamlit pages, as far as the visitor's role allows."""

from __future__ import annotations

import streamlit as st

from foresight.pages import HOME, PAGES, SIGNIN, PageSpec
from foresight.ui import access
from foresight.ui.state import tr


def st_page(page: PageSpec, *, default: bool = False) -> st.Page:
    return st.Page(page.script, title=tr(f"nav.{page.key}"), icon=page.icon, url_path=page.url_path, default=default)


def role_navigation() -> tuple[st.navigation, PageSpec]:
    """st.navigation for the visitor's role, and the PageSpec of the page it is about to run.

    Owners and viewers get a navigation of the pages they may open; anyone else gets none (it is
    hidden) and lands on the sign-in page, except on a ballot or a signed screen link.
    """
    if access.shows_navigation():
        shown = [page for page in PAGES if access.page_allowed(page)]
        pages = [st_page(page, default=page is HOME) for page in shown]
        chosen = st.navigation(pages)
    else:
        shown = [SIGNIN, *PAGES[1:]]  # every address resolves, so a typed URL meets the guard, not a 404
        pages = [st_page(page, default=page is SIGNIN) for page in shown]
        chosen = st.navigation(pages, position="hidden")
    spec = next((page for page in shown if page.url_path == chosen.url_path), shown[0])
    return chosen, spec
