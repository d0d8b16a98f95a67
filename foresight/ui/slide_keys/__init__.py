"""The keys of a slide show for a deck drawn by Streamlit: a tiny Components v2 element with no UI.

A presentation clicker sends PageDown and PageUp (some send arrows, Space or B); the script
(keys.js, beside this file) listens to the whole page and sends "next", "previous", "first" or
"last"; B blanks the screen in the browser alone (no rerun, nothing stored). The move is made in
the callback from the slide shown now, so presses that come quickly are applied one after the
other. Only one deck is mounted at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import streamlit as st

from foresight.ui.state import tr

_HERE = Path(__file__).resolve().parent
_mount = st.components.v2.component(
    "framsyn_slide_keys", html="<span hidden></span>", js=(_HERE / "keys.js").read_text(encoding="utf-8")
)
STEPS = ("next", "previous", "first", "last")


def target(ids: Sequence[str], shown: str | None, step: str) -> str | None:
    """The slide a step leads to from `shown` (clamped to the deck), or None for an empty deck."""
    if not ids:
        return None
    position = list(ids).index(shown) if shown in ids else 0
    moved = {"next": position + 1, "previous": position - 1, "first": 0, "last": len(ids) - 1}[step]
    return ids[max(0, min(len(ids) - 1, moved))]


def slide_keys(ids: Sequence[str], shown: Callable[[], str | None], go: Callable[[str], None], *, key: str) -> None:
    """Listen for the slide show's keys; `go(id)` shows a slide, `shown()` is the slide shown now."""

    def on_go() -> None:
        sent = str((st.session_state.get(key) or {}).get("go") or "")
        step = sent.split(":", 1)[0]
        if step in STEPS:
            moved = target(ids, shown(), step)
            if moved is not None and moved != shown():
                go(moved)

    with st.container(key=f"{key}_box", height=1, border=False):
        _mount(key=key, data={"blank_title": tr("trends.present_blank")}, on_go_change=on_go)
