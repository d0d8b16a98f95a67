"""The drag-to-position scenario cross: a Components v2 element and its Python side.

The HTML, CSS and JavaScript live beside this file and are read once at import: no npm build,
nothing fetched from the network. The component draws the cross from `data` (the stored
placements) and sends each move back as the trigger value `drop`; the callback validates it
with `foresight.scenarios.moves.apply_drop` and stores it in one transaction before the (fragment)
rerun, so the component always redraws from what is stored.

Moves made on other devices: `follow_cross` (a second, invisible component, in a fragment of its
own that reruns every second) hands the cross's stored revision to the page; when it differs from
the revision the cross was drawn from, the cross sends the trigger `refresh`, which reruns only the
cross's fragment, and never while a card is in hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from foresight.i18n import format_number, t
from foresight.scenarios import moves, scenarios
from foresight.store import Store
from foresight.text import escape_markdown
from foresight.ui.actions import run_action, show_outcome

_HERE = Path(__file__).resolve().parent
COMPONENT_NAME = "framsyn_scenario_cross"


def _asset(name: str) -> str:
    return (_HERE / name).read_text(encoding="utf-8")


_mount = st.components.v2.component(
    COMPONENT_NAME,
    html=_asset("cross.html"),
    css=_asset("cross.css"),
    js=_asset("cross.js"),
)
_watch = st.components.v2.component("framsyn_cross_watch", html="<span hidden></span>", js=_asset("watch.js"))


def component_data(
    cross: scenarios.Cross,
    cards: Sequence[scenarios.Card],
    lang: str,
    *,
    present: bool = False,
    revision: str = "",
) -> dict[str, object]:
    """What the component draws: the cross, its cards with positions, and its texts in `lang`.

    `revision` is `moves.revision` read before the cards: the component compares it with the one
    `follow_cross` reports and asks for a redraw when they differ.
    """
    return {
        "crossId": cross.id,
        "revision": revision,
        "cross": {
            "name": cross.name,
            "x": {"label": cross.x.label, "low": cross.x.low, "high": cross.x.high},
            "y": {"label": cross.y.label, "low": cross.y.low, "high": cross.y.high},
            "quadrants": {quadrant.key: quadrant.name for quadrant in cross.quadrants},
        },
        "cards": [{"id": card.id, "kind": card.kind, "label": card.label, "x": card.x, "y": card.y} for card in cards],
        "texts": {
            key: t(f"scenarios.cross_{key}", lang)
            for key in ("board", "tray", "help", "card_at", "card_in_tray", "card_role", "export_svg", "export_png")
        },
        "present": present,
        "decimal": "," if lang == "sv" else ".",
        "filename": f"scenariekors-{cross.id}",
    }


def scenario_cross(
    store: Store,
    cross: scenarios.Cross,
    cards: Sequence[scenarios.Card],
    lang: str,
    *,
    key: str,
    present: bool = False,
    movable: bool = True,
    revision: str = "",
) -> None:
    """Mount the cross as read this run; a drop is validated and stored before the rerun draws it.

    `movable` False (a viewer, a screen) draws the cards fixed; a drop sent anyway is refused by the runner.
    """
    cross_id = cross.id

    def _on_drop() -> None:
        payload = (st.session_state.get(key) or {}).get("drop")
        if payload is not None:  # the role is checked by the runner, whatever the page drew
            # The refusal beside the cross: this callback reruns the cross's fragment, which shows it.
            run_action(moves.apply_drop, store, cross_id, payload, done=None, where=key, refused_here=True)

    show_outcome(key)
    st.session_state[_drawn_key(cross_id)] = revision
    with st.container(key=f"{key}_box"):
        _mount(
            key=key,
            data={**component_data(cross, cards, lang, present=present, revision=revision), "movable": movable},
            on_drop_change=_on_drop,
            height="content",
        )


def follow_cross(store: Store, cross_id: int, lang: str, *, key: str) -> None:
    """Report the cross's stored revision to the cross drawn on this page (call it every second).

    One small read and a few bytes to the browser while nothing changes. When the revision is not
    the one the cross on this page was drawn from (`scenario_cross` keeps it in the session), the
    report carries the stored positions too, so the board moves at once; the cross's own redraw
    (its table, a card added or removed) follows.
    """
    revision = moves.revision(store, cross_id)
    data: dict[str, object] = {"cross": cross_id, "revision": revision}
    if revision != st.session_state.get(_drawn_key(cross_id)):
        cards = scenarios.cross_cards(store, cross_id, lang)
        data["cards"] = [{"id": card.id, "x": card.x, "y": card.y} for card in cards]
    _watch(key=key, data=data)


def _drawn_key(cross_id: int) -> str:
    return f"framsyn_cross_drawn_{cross_id}"


def placements_table(cross: scenarios.Cross, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The text alternative of the cross: every card with its kind, x, y and scenario, as text.

    `frame` is `scenarios.cards_frame` of the cards drawn in the same run. Names are escaped:
    st.table renders Markdown in its cells, and a card may be a participant's postcard.
    """
    in_tray = t("scenarios.in_tray", lang)

    def quadrant(key: str) -> str:
        if not key:
            return in_tray
        return escape_markdown(cross.quadrant(key).name) or t(f"scenarios.quadrant.{key}", lang)

    return pd.DataFrame(
        {
            t("scenarios.col_card", lang): [escape_markdown(label) for label in frame["label"]],
            t("scenarios.col_kind", lang): [t(f"scenarios.kind.{kind}", lang) for kind in frame["kind"]],
            t("scenarios.col_x", lang): ["" if pd.isna(x) else format_number(x, lang, 2) for x in frame["x"]],
            t("scenarios.col_y", lang): ["" if pd.isna(y) else format_number(y, lang, 2) for y in frame["y"]],
            t("scenarios.col_quadrant", lang): [quadrant(key) for key in frame["quadrant"]],
        }
    )
