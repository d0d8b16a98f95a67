"""One opened trend (facts, description, related activities, the group's note) and the notes list."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from foresight import trends
from foresight.i18n import enum_label
from foresight.row_versions import EditConflictError
from foresight.store import Store
from foresight.text import escape_markdown
from foresight.ui import form_state
from foresight.ui.access import can_edit, can_write_notes
from foresight.ui.actions import NOTE_WRITERS, pending_error, run_action, show_outcome
from foresight.ui.backcast_view import serving_actions
from foresight.ui.downloads import download_pair
from foresight.ui.state import tr
from foresight.ui.trend_views.state import set_view, start_edit

# -- one trend --------------------------------------------------------------------------------


def _facts(detail: trends.TrendDetail, lang: str) -> list[str]:
    driver_names = [
        tr("trends.driver_votes", name=escape_markdown(d.name_en if lang == "en" else d.name_sv), dots=d.votes)
        if d.votes
        else escape_markdown(d.name_en if lang == "en" else d.name_sv)
        for d in detail.drivers
    ]
    parent = detail.parent_title(lang)
    return [
        f"**{tr('trends.level')}:** {enum_label('level', detail.level, lang)}",
        f"**{tr('trends.category')}:** {enum_label('category', detail.category, lang)}",
        f"**{tr('trends.parent')}:** {escape_markdown(parent) if parent else tr('trends.no_parent')}",
        f"**{tr('trends.horizon')}:** {detail.horizon}",
        f"**{tr('trends.impact')}:** {detail.impact} / 5",
        f"**{tr('trends.uncertainty')}:** {detail.uncertainty} / 5",
        f"**{tr('trends.drivers')}:** {', '.join(driver_names) or tr('trends.no_drivers')}",
        f"**{tr('common.source')}:** {escape_markdown(detail.source_title or detail.source)}",
    ]


def detail_view(store: Store, trend_id: str, lang: str) -> None:
    """The opened trend: description, facts, related activities, the group's note."""
    detail = trends.trend_detail(store, trend_id)
    with st.container(border=True, key="trend-detail"):
        st.caption(tr("trends.detail"))
        st.header(escape_markdown(detail.title(lang)), anchor=False)
        st.markdown(escape_markdown(detail.description(lang)))
        st.markdown("\n".join(f"- {fact}" for fact in _facts(detail, lang)))
        actions = st.columns(3)
        actions[0].button(
            tr("trends.present"),
            key="detail-present",
            help=tr("trends.present_help"),
            on_click=set_view,
            kwargs={"present": trend_id},
            icon=":material/slideshow:",
        )
        if can_edit():
            actions[1].button(
                tr("trends.edit"), key="detail-edit", on_click=start_edit, args=(trend_id,), icon=":material/edit:"
            )
        actions[2].button(
            tr("trends.close"), key="detail-close", on_click=set_view, kwargs={"trend": None}, icon=":material/close:"
        )
        _activities(store, trend_id, lang)
        serving_actions(store, lang, trend_id=trend_id)
        if can_write_notes():
            _note_form(store, trend_id)


def _activities(store: Store, trend_id: str, lang: str) -> None:
    st.subheader(tr("trends.activities"), help=tr("trends.activities_help"), anchor=False)
    found = trends.related_activities(store, trend_id)
    if found.empty:
        st.caption(tr("trends.no_activities"))
        return
    description = found["description_en"].fillna(found["description_sv"]) if lang == "en" else found["description_sv"]
    match = [
        ", ".join(word for word, hit in ((tr("trends.match_theme"), theme), (tr("trends.match_method"), method)) if hit)
        for theme, method in zip(found["theme_match"], found["method_match"], strict=True)
    ]
    st.dataframe(
        {
            tr("trends.col_organisation"): found["organisation"],
            tr("trends.col_year"): ["" if pd.isna(y) else str(int(y)) for y in found["year"]],
            tr("trends.col_type"): [enum_label("activity_type", v, lang) for v in found["activity_type"]],
            tr("trends.col_match"): match,
            tr("trends.col_description"): description,
        },
        hide_index=True,
        width="stretch",
    )


_NOTE_FIELDS = ["relevant", "priority", "comment"]


def _note_form(store: Store, trend_id: str) -> None:
    key = f"note-{trend_id}"

    def stored() -> tuple[dict[str, object], int]:
        current = trends.current_mark(store, trend_id)
        values = dict(zip(_NOTE_FIELDS, current, strict=True)) if current else {"relevant": True, "priority": 2}
        values.setdefault("comment", "")
        return values, trends.note_version(store, trend_id)

    form_state.seed(key, stored, _NOTE_FIELDS)
    with st.form(key):
        st.subheader(tr("trends.note_form"), anchor=False)
        st.checkbox(tr("trends.note_relevant"), key=f"{key}-relevant")
        st.radio(
            tr("trends.note_priority"),
            trends.PRIORITIES,
            horizontal=True,
            format_func={value: tr(f"trends.priority.{value}") for value in trends.PRIORITIES}.get,
            key=f"{key}-priority",
        )
        st.text_area(tr("trends.note_comment"), max_chars=trends.MAX_COMMENT, key=f"{key}-comment")
        st.form_submit_button(tr("trends.note_save"), type="primary", on_click=_save_note, args=(store, trend_id))
    show_outcome(key)
    if st.session_state.get(f"{key}-conflict"):
        form_state.reload_button(key)


def _save_note(store: Store, trend_id: str) -> None:
    key = f"note-{trend_id}"
    typed = form_state.values(key, _NOTE_FIELDS)
    saved = run_action(
        trends.add_note,
        store,
        trend_id,
        int(typed["priority"]),
        str(typed["comment"] or ""),
        relevant=bool(typed["relevant"]),
        opened=form_state.opened(key),
        writer=form_state.editor(),
        done="trends.note_saved",
        where=key,
        needs=NOTE_WRITERS,
    )
    st.session_state[f"{key}-conflict"] = isinstance(pending_error(key), EditConflictError)
    if saved is not None:
        form_state.load(key, typed, trends.note_version(store, trend_id))


# -- notes list and export --------------------------------------------------------------------


def notes_section(store: Store, lang: str) -> None:
    st.header(tr("trends.notes"), divider="gray", anchor=False)
    found = trends.notes(store) if trends.note_count(store) else None
    if found is None:
        st.caption(tr("trends.no_notes"))
        return
    titles = found["title_en"] if lang == "en" else found["title_sv"]
    st.dataframe(
        {
            tr("trends.col_when"): found["created_at"],
            tr("trends.col_trend"): titles,
            tr("trends.col_relevant"): found["relevant"],
            tr("trends.col_priority"): found["priority"],
            tr("trends.col_comment"): found["comment"],
        },
        hide_index=True,
        width="stretch",
    )
    download_pair(lambda: trends.notes_for_export(store, lang), "framsyn-trend-notes", "notes")
