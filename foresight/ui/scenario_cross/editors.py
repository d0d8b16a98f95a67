"""The forms that edit a cross: axes, the four scenarios, and its cards.

Each form submits once (one rerun, one transaction) through the page's `run`, which turns a
domain error into a message on the page.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from foresight.i18n import t
from foresight.scenarios import axes, scenarios
from foresight.store import Store
from foresight.ui import form_state

Run = Callable[..., None]
TYPED = "typed:"  # an axis choice that is a vote option without a driver (its label, as free text)


def axes_editor(store: Store, cross: scenarios.Cross, lang: str, run: Run) -> None:
    """Both axes: a driver (the latest vote's top and high impact × uncertainty first) or free text."""
    candidates = axes.suggested_axes(store, workshop_id=cross.workshop_id)
    drivers = {
        key.split(":", 1)[1]: label
        for key, label in scenarios.card_choices(store, lang).items()
        if key.startswith("driver:")
    }
    labels: dict[str | None, str] = {None: t("scenarios.axis_free", lang)}
    for candidate in candidates:
        template = "scenarios.axis_voted" if candidate.source == "vote" else "scenarios.axis_suggested"
        label = candidate.label_en if lang == "en" else candidate.label_sv
        # An option typed into a vote has no driver: offered as free text with its label.
        key = candidate.driver_id or f"{TYPED}{label}"
        if candidate.driver_id is None:
            drivers[key] = label
        labels[key] = t(template, lang, label=label, score=f"{candidate.score:g}")
    for driver_id, label in drivers.items():
        labels.setdefault(driver_id, label)
    prefix = f"axes_{cross.id}"
    stored = {"x": cross.x, "y": cross.y}
    form_state.seed(
        prefix,
        lambda: (
            {
                f"{which}_{part}": value
                for which, axis in stored.items()
                for part, value in (
                    ("driver", axis.driver_id if axis.driver_id in labels else None),
                    ("label", axis.label),
                    ("low", axis.low),
                    ("high", axis.high),
                )
            },
            None,
        ),
        [f"{which}_{part}" for which in stored for part in ("driver", "label", "low", "high")],
        sep="_",
    )
    with st.expander(t("scenarios.axes", lang), icon=":material/open_with:"), st.form(prefix, border=False):
        st.caption(t("scenarios.axis_help", lang))
        for which, title in (("x", "scenarios.axis_x"), ("y", "scenarios.axis_y")):
            st.markdown(f"**{t(title, lang)}**")
            st.selectbox(
                t("scenarios.axis_driver", lang),
                list(labels),
                format_func=labels.get,
                key=f"{prefix}_{which}_driver",
            )
            name, low, high = st.columns(3)
            name.text_input(
                t("scenarios.axis_label", lang), key=f"{prefix}_{which}_label", max_chars=scenarios.MAX_LABEL
            )
            low.text_input(t("scenarios.axis_low", lang), key=f"{prefix}_{which}_low", max_chars=scenarios.MAX_LABEL)
            high.text_input(t("scenarios.axis_high", lang), key=f"{prefix}_{which}_high", max_chars=scenarios.MAX_LABEL)

        def save() -> None:
            chosen = {}
            for which in scenarios.AXES:
                driver_id = st.session_state[f"{prefix}_{which}_driver"]
                label = st.session_state[f"{prefix}_{which}_label"].strip()
                if not label and driver_id:
                    label = drivers.get(driver_id, "")
                if driver_id and driver_id.startswith(TYPED):
                    driver_id = None
                low, high = st.session_state[f"{prefix}_{which}_low"], st.session_state[f"{prefix}_{which}_high"]
                chosen[which] = scenarios.Axis(driver_id, label, low, high)
            run(scenarios.set_axes, cross.id, chosen)

        st.form_submit_button(t("scenarios.save_axes", lang), on_click=save)


def quadrants_editor(cross: scenarios.Cross, run: Run, lang: str | None = None) -> None:
    """The four scenarios: a name and a short narrative each."""
    lang = lang or "sv"
    prefix = f"quadrants_{cross.id}"
    names = [f"{key}_{part}" for key in scenarios.QUADRANTS for part in ("name", "narrative")]
    form_state.seed(
        prefix,
        lambda: (
            {f"{q.key}_{part}": getattr(q, part) for q in cross.quadrants for part in ("name", "narrative")},
            None,
        ),
        names,
        sep="_",
    )
    with st.expander(t("scenarios.quadrants", lang), icon=":material/grid_view:"), st.form(prefix, border=False):
        for row in (("nw", "ne"), ("sw", "se")):
            for column, key in zip(st.columns(2), row, strict=True):
                where = t(f"scenarios.quadrant.{key}", lang)
                column.text_input(
                    t("scenarios.quadrant_name", lang, where=where),
                    key=f"{prefix}_{key}_name",
                    max_chars=scenarios.MAX_LABEL,
                )
                column.text_area(
                    t("scenarios.quadrant_narrative", lang, where=where),
                    key=f"{prefix}_{key}_narrative",
                    max_chars=scenarios.MAX_NARRATIVE,
                    height=100,
                )

        def save() -> None:
            named = {
                key: (st.session_state[f"{prefix}_{key}_name"], st.session_state[f"{prefix}_{key}_narrative"])
                for key in scenarios.QUADRANTS
            }
            run(scenarios.set_quadrants, cross.id, named)

        st.form_submit_button(t("scenarios.save_quadrants", lang), on_click=save)


def cards_editor(store: Store, cross_id: int, lang: str, run: Run) -> None:
    """Which drivers and trends are on the cross, and its free notes."""
    choices = scenarios.card_choices(store, lang)
    cards = scenarios.cross_cards(store, cross_id, lang)
    prefix = f"cards_{cross_id}"
    kinds = {kind: t(f"scenarios.kind.{kind}", lang) for kind in scenarios.CARD_KINDS}
    with st.expander(t("scenarios.cards", lang), icon=":material/style:"):
        with st.form(f"{prefix}_refs", border=False):
            current = [card.id for card in cards if card.kind != "note" and card.id in choices]
            form_state.seed(prefix, lambda: ({"chosen": current}, None), ["chosen"], sep="_")
            st.multiselect(
                t("scenarios.cards_choose", lang),
                list(choices),
                format_func=lambda card_id: f"{choices[card_id]} ({kinds[card_id.split(':')[0]]})",
                key=f"{prefix}_chosen",
            )
            st.form_submit_button(
                t("scenarios.save_cards", lang),
                on_click=lambda: run(scenarios.set_reference_cards, cross_id, st.session_state[f"{prefix}_chosen"]),
            )
        with st.form(f"{prefix}_note", border=False, clear_on_submit=True):
            st.text_input(t("scenarios.note_add", lang), key=f"{prefix}_note_text", max_chars=scenarios.MAX_NOTE)
            st.form_submit_button(
                t("scenarios.note_add_button", lang),
                on_click=lambda: run(scenarios.add_note, cross_id, st.session_state[f"{prefix}_note_text"]),
            )
        notes = {card.id: card.label for card in cards if card.kind == "note"}
        if notes:
            chosen = st.selectbox(
                t("scenarios.note_remove", lang), list(notes), format_func=notes.get, key=f"{prefix}_note_remove"
            )
            st.button(
                t("scenarios.note_remove_button", lang),
                key=f"{prefix}_note_remove_button",
                on_click=lambda: run(scenarios.remove_card, cross_id, chosen),
            )
