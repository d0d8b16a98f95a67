"""Scroll a part of the page into view when it changes (a trend opened from a chart, below the fold).

A Components v2 element with no UI; the script (scroll.js, beside this file) scrolls once per
new token, so a rerun for another reason leaves the reader where they are.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

_HERE = Path(__file__).resolve().parent
_mount = st.components.v2.component(
    "framsyn_scroll_to", html="<span hidden></span>", js=(_HERE / "scroll.js").read_text(encoding="utf-8")
)


def scroll_to(target_key: str, token: str | None, *, key: str) -> None:
    """Bring the container with key `target_key` into view when `token` is new (None: nothing)."""
    if token:
        with st.container(key=f"{key}_box", height=1, border=False):
            _mount(key=key, data={"target": target_key, "token": token})
