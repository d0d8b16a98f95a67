"""Adding and editing a trend in a form (asks foresight.ui.access before showing it)."""

from __future__ import annotations

import streamlit as st

from foresight import row_versions, trends
from foresight.data.tables import CATEGORIES, TREND_LEVELS
from foresight.i18n import enum_label
from foresight.row_versions import EditConflictError
from foresight.store import Store
from foresight.trends import HORIZON_RANGE, SCORE_RANGE
from foresight.ui import form_state
from foresight.ui.access import can_edit
from foresight.ui.actions import pending_error, run_action, show_outcome
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


def _prefix(editing: str | None) -> str:
    return f"trend-edit-{editing or ''}"


def edit_form(store: Store, lang: str) -> None:
    """Add or edit a trend; validated like an import. Shown only after Edit or New is pressed."""
    if EDIT_KEY not in st.session_state or not can_edit():
        show_outcome(_OUTCOME)  # the confirmation of a save that just closed the form
        return
    editing = st.session_state[EDIT_KEY]
    driver_names = {d.id: (d.name_en if lang == "en" else d.name_sv) for d in trends.drivers(store)}
    source_titles = dict(trends.sources(store))
    prefix = _prefix(editing)

    def stored() -> tuple[dict[str, object], int | None]:
        if not editing:
            first_source = next(iter(source_titles), None)
            return {
                "id": "",
                "level": "trend",
                "category": "social",
                "horizon": 2035,
                "impact": 3,
                "uncertainty": 3,
                "source": first_source,
            }, None
        record = trends.trend_record(store, editing)
        record["parent_id"] = record.get("parent_id") or ""
        record["description_sv"] = record.get("description_sv") or ""
        record["description_en"] = record.get("description_en") or ""
        record["drivers"] = [d for d in (record.get("drivers") or []) if d in driver_names]
        return record, row_versions.version_of(store, "trends", editing).number

    form_state.seed(prefix, stored, ["id", "level", "horizon", "title_sv"])
    key = f"{prefix}-{{}}".format
    with st.form("trend-edit"):
        st.subheader(tr("trends.edit_title" if editing else "trends.new_title"), anchor=False)
        st.caption(tr("trends.edit_help"))
        st.text_input(tr("trends.field_id"), disabled=bool(editing), max_chars=80, key=key("id"))
        st.selectbox(
            tr("trends.level"),
            TREND_LEVELS,
            format_func=lambda value: enum_label("level", value, lang),
            key=key("level"),
        )
        st.text_input(tr("trends.field_parent"), max_chars=80, key=key("parent_id"))
        st.selectbox(
            tr("trends.category"),
            CATEGORIES,
            format_func=lambda value: enum_label("category", value, lang),
            key=key("category"),
        )
        st.number_input(tr("trends.horizon"), *HORIZON_RANGE, step=5, key=key("horizon"))
        st.slider(tr("trends.impact"), *SCORE_RANGE, key=key("impact"))
        st.slider(tr("trends.uncertainty"), *SCORE_RANGE, key=key("uncertainty"))
        st.text_input(tr("trends.field_title_sv"), max_chars=200, key=key("title_sv"))
        st.text_input(tr("trends.field_title_en"), max_chars=200, key=key("title_en"))
        st.text_area(tr("trends.field_description_sv"), max_chars=2000, key=key("description_sv"))
        st.text_area(tr("trends.field_description_en"), max_chars=2000, key=key("description_en"))
        st.multiselect(tr("trends.drivers"), list(driver_names), format_func=driver_names.get, key=key("drivers"))
        st.selectbox(tr("trends.field_source"), list(source_titles), format_func=source_titles.get, key=key("source"))
        save, cancel = st.columns(2)
        save.form_submit_button(tr("common.save"), type="primary", on_click=_save, args=(store, editing))
        cancel.form_submit_button(tr("common.cancel"), on_click=_close, args=(editing,))
    show_outcome(_OUTCOME)
    if st.session_state.get(f"{prefix}-conflict"):
        form_state.reload_button(prefix)


def _close(editing: str | None) -> None:
    st.session_state.pop(EDIT_KEY, None)
    form_state.forget(_prefix(editing))


def _save(store: Store, editing: str | None) -> None:
    prefix = _prefix(editing)
    values = form_state.values(prefix, _FIELDS)
    if editing:
        values["id"] = editing

    def saved(stored: dict) -> None:
        _close(editing)
        set_params({"trend": stored["id"]})  # the detail and the charts above show the saved trend

    run_action(
        trends.save_trend,
        store,
        values,
        new=not editing,
        opened=form_state.opened(prefix),
        editor=form_state.editor(),
        done=lambda stored: tr("trends.saved", id=stored["id"]),
        where=_OUTCOME,
        after=saved,
    )
    st.session_state[f"{prefix}-conflict"] = isinstance(pending_error(_OUTCOME), EditConflictError)
