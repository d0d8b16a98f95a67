"""Adding and editing a trend in a form (asks foresight.ui.access before showing it)."""

from __future__ import annotations

import streamlit as st

from foresight import trends
from foresight.data.tables import CATEGORIES, TREND_LEVELS
from foresight.i18n import enum_label
from foresight.store import Store
from foresight.trends import HORIZON_RANGE, SCORE_RANGE
from foresight.ui.access import can_edit
from foresight.ui.actions import run_action, show_outcome
from foresight.ui.state import set_params, tr
from foresight.ui.trend_views.state import EDIT_KEY, start_edit

_OUTCOME = "trend-edit"
_FIELDS = (
    "id",
    "level",
    "parent_id",
    "category",
    "horizon",
    "impact",
    "uncertainty",
    "title_sv",
    "title_en",
    "description_sv",
    "description_en",
    "drivers",
    "source",
)


def new_trend_button() -> None:
    if can_edit():
        st.button(tr("trends.new"), key="trend-new", on_click=start_edit, args=(None,), icon=":material/add:")


def edit_form(store: Store, lang: str) -> None:
    """Add or edit a trend; validated like an import. Shown only after Edit or New is pressed."""
    if EDIT_KEY not in st.session_state or not can_edit():
        show_outcome(_OUTCOME)  # the confirmation of a save that just closed the form
        return
    editing = st.session_state[EDIT_KEY]
    record = trends.trend_record(store, editing) if editing else {}
    driver_names = {d.id: (d.name_en if lang == "en" else d.name_sv) for d in trends.drivers(store)}
    source_titles = dict(trends.sources(store))
    with st.form("trend-edit"):
        st.subheader(tr("trends.edit_title" if editing else "trends.new_title"), anchor=False)
        st.caption(tr("trends.edit_help"))
        key = "trend-edit-{}".format
        st.text_input(tr("trends.field_id"), value=editing, disabled=bool(editing), max_chars=80, key=key("id"))
        st.selectbox(
            tr("trends.level"),
            TREND_LEVELS,
            index=TREND_LEVELS.index(record.get("level", "trend")),
            format_func=lambda value: enum_label("level", value, lang),
            key=key("level"),
        )
        st.text_input(
            tr("trends.field_parent"), value=record.get("parent_id") or "", max_chars=80, key=key("parent_id")
        )
        st.selectbox(
            tr("trends.category"),
            CATEGORIES,
            index=CATEGORIES.index(record.get("category", "social")),
            format_func=lambda value: enum_label("category", value, lang),
            key=key("category"),
        )
        st.number_input(
            tr("trends.horizon"), *HORIZON_RANGE, value=record.get("horizon", 2035), step=5, key=key("horizon")
        )
        st.slider(tr("trends.impact"), *SCORE_RANGE, value=record.get("impact", 3), key=key("impact"))
        st.slider(tr("trends.uncertainty"), *SCORE_RANGE, value=record.get("uncertainty", 3), key=key("uncertainty"))
        st.text_input(tr("trends.field_title_sv"), value=record.get("title_sv", ""), max_chars=200, key=key("title_sv"))
        st.text_input(tr("trends.field_title_en"), value=record.get("title_en", ""), max_chars=200, key=key("title_en"))
        st.text_area(
            tr("trends.field_description_sv"),
            value=record.get("description_sv") or "",
            max_chars=2000,
            key=key("description_sv"),
        )
        st.text_area(
            tr("trends.field_description_en"),
            value=record.get("description_en") or "",
            max_chars=2000,
            key=key("description_en"),
        )
        st.multiselect(
            tr("trends.drivers"),
            list(driver_names),
            default=list(record.get("drivers") or []),
            format_func=driver_names.get,
            key=key("drivers"),
        )
        st.selectbox(
            tr("trends.field_source"),
            list(source_titles),
            format_func=source_titles.get,
            index=list(source_titles).index(record["source"]) if record else 0,
            key=key("source"),
        )
        save, cancel = st.columns(2)
        save.form_submit_button(tr("common.save"), type="primary", on_click=_save, args=(store, editing))
        cancel.form_submit_button(tr("common.cancel"), on_click=lambda: st.session_state.pop(EDIT_KEY, None))
    show_outcome(_OUTCOME)


def _save(store: Store, editing: str | None) -> None:
    values = {name: st.session_state.get(f"trend-edit-{name}") for name in _FIELDS}
    if editing:
        values["id"] = editing

    def saved(stored: dict) -> None:
        st.session_state.pop(EDIT_KEY, None)
        set_params({"trend": stored["id"]})  # the detail and the charts above show the saved trend

    run_action(
        trends.save_trend,
        store,
        values,
        new=not editing,
        done=lambda stored: tr("trends.saved", id=stored["id"]),
        where=_OUTCOME,
        after=saved,
    )
