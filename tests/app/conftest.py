"""Page tests run the real app script (frame.py with st.navigation) in AppTest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def run_page(page: str = "views/home.py", timeout: float = 30, **query: str) -> AppTest:
    """Run frame.py with these query parameters, then switch to `page`, on the workspace $FRAMSYN_DB."""
    at = AppTest.from_file(str(ROOT / "frame.py"), default_timeout=timeout)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    if page != "views/home.py":
        at.switch_page(page)
        at.run()
    return at


@pytest.fixture
def app(seeded_workspace_file: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """Run a page of the app against the shared seeded workspace: app('views/map.py', lang='en')."""
    monkeypatch.setenv("FRAMSYN_DB", str(seeded_workspace_file))
    return run_page


def all_text(at: AppTest) -> str:
    """Every visible text of the page (titles, markdown, captions, labels, alerts), joined."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts += [str(element.value) for element in getattr(at, kind)]
    for kind in ("button", "selectbox", "multiselect", "radio", "text_input", "slider", "toggle", "checkbox"):
        parts += [str(element.label) for element in getattr(at, kind)]
    parts += [str(metric.label) for metric in at.metric]
    return "\n".join(parts)


def open_parts(at: AppTest, *keys: str, tab: tuple[str, str] | None = None) -> AppTest:
    """Open lazily built parts of a page (their content runs only while open) and rerun.

    `keys` are expanders opened (their keys); `tab` is (the tabs' key, the label of the tab to show).
    """
    if tab is not None:
        at.session_state[tab[0]] = tab[1]
    for key in keys:
        at.session_state[key] = True
    return at.run()
