"""Adding and editing a trend in a form (asks foresight.ui.access before showing it)."""

from __future__ import annotations

import streamlit as st

from foresight import trends
from foresight.data.tables import CATEGORIES, TREND_LEVELS
from foresight.i18n import enum_label
from foresight.store import Store
from foresight.trends import HORIZON_RANGE, SCORE_RANGE
from foresight.ui.access import can_edit, require_edit
from foresight.ui.state import set_params, tr
from foresight.ui.trend_views.state import EDIT_KEY, start_edit

_SAVED_KEY = "trends_saved"


def new_trend_button() -> None:
    if can_edit():
        st.button(tr("trends.new"), key="trend-new", on_click=start_edit, args=(None,), icon=":material/add:")


def edit_form(store: Store, lang: str) -> None:
    """Add or edit a trend; validated like an import. Shown only after Edit or New is pressed."""
    saved_id = st.session_state.pop(_SAVED_KEY, None)
    if saved_id:
        st.success(tr("trends.saved", id=saved_id), icon=":material/check:")
    if EDIT_KEY not in st.session_state or not can_edit():
        return
    editing = st.session_state[EDIT_KEY]
    record = trends.trend_record(store, editing) if editing else {}
    driver_names = {d.id: (d.name_en if lang == "en" else d.name_sv) for d in trends.drivers(store)}
    source_titles = dict(trends.sources(store))
    with st.form("trend-edit"):
        st.subheader(tr("trends.edit_title" if editing else "trends.new_title"), anchor=False)
        st.caption(tr("trends.edit_help"))
        values = {
            "id": st.text_input(tr("trends.field_id"), value=editing, disabled=bool(editing), max_chars=80),
            "level": st.selectbox(
                tr("trends.level"),
                TREND_LEVELS,
                index=TREND_LEVELS.index(record.get("level", "trend")),
                format_func=lambda value: enum_label("level", value, lang),
            ),
            "parent_id": st.text_input(tr("trends.field_parent"), value=record.get("parent_id") or "", max_chars=80),
            "category": st.selectbox(
                tr("trends.category"),
                CATEGORIES,
                index=CATEGORIES.index(record.get("category", "social")),
                format_func=lambda value: enum_label("category", value, lang),
            ),
            "horizon": st.number_input(tr("trends.horizon"), *HORIZON_RANGE, value=record.get("horizon", 2035), step=5),
            "impact": st.slider(tr("trends.impact"), *SCORE_RANGE, value=record.get("impact", 3)),
            "uncertainty": st.slider(tr("trends.uncertainty"), *SCORE_RANGE, value=record.get("uncertainty", 3)),
            "title_sv": st.text_input(tr("trends.field_title_sv"), value=record.get("title_sv", ""), max_chars=200),
            "title_en": st.text_input(tr("trends.field_title_en"), value=record.get("title_en", ""), max_chars=200),
            "description_sv": st.text_area(
                tr("trends.field_description_sv"), value=record.get("description_sv") or "", max_chars=2000
            ),
            "description_en": st.text_area(
                tr("trends.field_description_en"), value=record.get("description_en") or "", max_chars=2000
            ),
            "drivers": st.multiselect(
                tr("trends.drivers"),
                list(driver_names),
                default=list(record.get("drivers") or []),
                format_func=driver_names.get,
            ),
            "source": st.selectbox(
                tr("trends.field_source"),
                list(source_titles),
                format_func=source_titles.get,
                index=list(source_titles).index(record["source"]) if record else 0,
            ),
        }
        save, cancel = st.columns(2)
        saved = save.form_submit_button(tr("common.save"), type="primary")
        cancelled = cancel.form_submit_button(tr("common.cancel"))
    if cancelled:
        st.session_state.pop(EDIT_KEY, None)
        st.rerun()
    if saved and require_edit():
        if editing:
            values["id"] = editing
        stored = trends.save_trend(store, values, new=not editing)
        st.session_state.pop(EDIT_KEY, None)
        st.session_state[_SAVED_KEY] = stored["id"]
        set_params({"trend": stored["id"]})
        st.rerun()  # so the detail and the charts above show the saved trend
