"""escape_markdown in a real browser: user text in st.markdown, st.caption and st.title shows as typed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.server import AppServer
from tests.e2e.conftest import screenshot, wait_for_app
from tests.support.escape_page import SAMPLES

ESCAPE_PAGE = Path(__file__).resolve().parents[1] / "support" / "escape_page.py"


@pytest.fixture(scope="module")
def escape_server(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("escape")
    with AppServer(folder / "unused.duckdb", script=ESCAPE_PAGE, log_path=folder / "streamlit.log") as server:
        yield server


@pytest.mark.parametrize("kind", ["markdown", "caption", "title"])
def test_every_markdown_special_character_shows_as_typed(page, escape_server, kind: str) -> None:
    page.goto(f"{escape_server.url}/?kind={kind}")
    wait_for_app(page)
    page.locator(f".st-key-sample-{len(SAMPLES) - 1}").wait_for()
    screenshot(page, f"escape_{kind}")
    for index, sample in enumerate(SAMPLES):
        shown = page.locator(f".st-key-sample-{index}").inner_text()
        if kind == "title":
            # A heading holds one line: Streamlit shows further lines as a paragraph below it, which
            # innerText separates by a blank line. The characters themselves must still be exact.
            shown = re.sub(r"\n\n+", "\n", shown)
        assert shown == sample, f"{kind} sample {index}"
    # No icon, colour, math or emoji was rendered from the shortcodes.
    assert page.locator('[data-testid="stMain"] [data-testid="stIconMaterial"]').count() == 0
    assert page.locator('[data-testid="stMain"] .katex').count() == 0
