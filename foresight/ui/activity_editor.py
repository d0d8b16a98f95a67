"""An activity's detail view and the form that adds or edits one (owners only).

The form collects the import's columns as text and hands them to `activity_edits.save_activity`,
which checks them with the import's own validation, so a record the app saves is one an import
would accept, and a refusal names the column and the reason in the same words.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from foresight import row_versions
from foresight.data.tables import ACTIVITY_TYPES, AUDIENCES, METHODS, STATUSES
from foresight.data.validation import LIST_SEPARATOR
from foresight.i18n import enum_label
from foresight.map import activities, activity_edits
from foresight.row_versions import EditConflictError
from foresight.store import Store
from foresight.text import escape_markdown
from foresight.ui import form_state
from foresight.ui.access import can_edit
from foresight.ui.actions import pending_error, run_action, show_outcome
from foresight.ui.map_tables import safe_url
from foresight.ui.state import tr

K_DETAIL = "map_detail"
OUTCOME = "map-activity"  # the form shows what its last save did
NEW = ""


def _short(row: dict, lang: str) -> str:
    description = (row.get("description_en") if lang == "en" else None) or row["description_sv"]
    text = f"{row['organisation']}: {description}"
    return text if len(text) <= 90 else text[:89] + "…"


def detail(store: Store, shown: pd.DataFrame, lang: str) -> None:
    """Pick one of the shown activities; show it in full with its source as a link, and its edit form."""
    rows = {row["id"]: row for row in shown.to_dict("records")}
    options = [NEW, *rows] if can_edit() else list(rows)
    if not options:
        return
    st.subheader(tr("map.detail"))
    new_label = tr("map.detail_new")
    if st.session_state.get(K_DETAIL) not in options:
        st.session_state[K_DETAIL] = options[0]
    chosen = st.selectbox(
        tr("map.detail_select"),
        options,
        key=K_DETAIL,
        format_func=lambda key: new_label if key == NEW else _short(rows[key], lang),
    )
    if chosen != NEW:
        _show(rows[chosen], lang)
    if can_edit():
        with st.expander(tr("map.edit_title_new" if chosen == NEW else "map.edit_title"), expanded=chosen == NEW):
            form(store, activity_edits.activity_fields(store, chosen) if chosen != NEW else None, lang)


def _show(row: dict, lang: str) -> None:
    description = (row.get("description_en") if lang == "en" else None) or row["description_sv"]
    year = row["year"]
    when = str(int(year)) if year == year and year is not None else tr("map.undated")
    place = ", ".join(str(part) for part in (row.get("municipality"), row.get("region")) if isinstance(part, str))
    facts = [
        (tr("map.col_organisation"), row["organisation"]),
        (tr("map.col_region"), place or tr("map.no_county")),
        (tr("map.col_year"), when),
        (tr("map.col_status"), enum_label("status", row["status"], lang)),
        (tr("map.col_type"), enum_label("activity_type", row["activity_type"], lang)),
        (tr("map.col_methods"), ", ".join(enum_label("method", m, lang) for m in row["methods"]) or "–"),
    ]
    lines = [f"**{escape_markdown(label)}:** {escape_markdown(value)}" for label, value in facts]
    st.markdown("  \n".join(lines))
    st.markdown(escape_markdown(description))
    url = safe_url(row.get("source_url"))
    title = escape_markdown(row.get("source") or "")
    if url:
        st.markdown(f"{escape_markdown(tr('map.col_source'))}: [{title}](<{url}>)")
    else:
        st.markdown(f"{escape_markdown(tr('map.col_source'))}: {title}")


_FORM_FIELDS = [
    "org",
    "municipality",
    "year",
    "undated",
    "type",
    "status",
    "methods",
    "audience",
    "participants",
    "source",
    "description_sv",
    "description_en",
]


def _stored(store: Store, existing: dict[str, str] | None) -> tuple[dict[str, object], int | None]:
    """The form's widget values for a stored activity (or an empty form), and its version."""
    values = existing or {}
    year, participants = values.get("year", ""), values.get("participants", "")
    seeded: dict[str, object] = {
        "org": values.get("organisation_id") or None,
        "municipality": values.get("municipality_code", ""),
        "year": int(year) if year else None,
        "undated": values.get("undated") == "yes",
        "type": values.get("activity_type") or None,
        "status": values.get("status") or "held",
        "methods": [m for m in values.get("methods", "").split(LIST_SEPARATOR) if m in METHODS],
        "audience": values.get("audience") or None,
        "participants": int(participants) if participants else None,
        "source": values.get("source") or None,
        "description_sv": values.get("description_sv", ""),
        "description_en": values.get("description_en", ""),
    }
    if existing is None:
        return seeded | {"id": ""}, None
    return seeded, row_versions.version_of(store, "activities", existing["id"]).number


def _submit(store: Store, existing: dict | None, suffix: str) -> None:
    state = st.session_state
    year = state[f"act_{suffix}_year"]
    fields = {
        "id": existing["id"] if existing else state[f"act_{suffix}_id"].strip(),
        "organisation_id": state[f"act_{suffix}_org"] or "",
        "year": "" if year is None else str(int(year)),
        "date": existing.get("date", "") if existing else "",
        "activity_type": state[f"act_{suffix}_type"] or "",
        "methods": LIST_SEPARATOR.join(state[f"act_{suffix}_methods"]),
        "audience": state[f"act_{suffix}_audience"] or "",
        "participants": ""
        if state[f"act_{suffix}_participants"] is None
        else str(int(state[f"act_{suffix}_participants"])),
        "description_sv": state[f"act_{suffix}_description_sv"],
        "description_en": state[f"act_{suffix}_description_en"],
        "source": state[f"act_{suffix}_source"] or "",
        "municipality_code": state[f"act_{suffix}_municipality"] or "",
        "status": state[f"act_{suffix}_status"] or "",
        "undated": "yes" if state[f"act_{suffix}_undated"] else "",
    }
    if year is not None and fields["date"] and not fields["date"].startswith(str(int(year))):
        fields["date"] = ""  # a new year replaces a date of another year
    prefix = f"act_{suffix}"
    typed = form_state.values(prefix, _FORM_FIELDS, sep="_")

    def saved(record: dict) -> None:
        if existing is not None:
            form_state.load(prefix, typed, int(record["version"]), sep="_")

    run_action(
        activity_edits.save_activity,
        store,
        fields,
        opened=form_state.opened(prefix) if existing else None,
        editor=form_state.editor(),
        done=lambda record: tr("map.edit_saved", id=record["id"]),
        where=OUTCOME,
        after=saved,
    )
    state[f"{prefix}-conflict"] = isinstance(pending_error(OUTCOME), EditConflictError)


def form(store: Store, existing: dict[str, str] | None, lang: str) -> None:
    """The add/edit form; saving goes through the import's validation."""
    organisations = dict(activity_edits.organisation_choices(store))
    sources = dict(activity_edits.source_choices(store))
    listed = activities.municipality_list(store)
    municipalities = dict(zip(listed["code"], listed["name"], strict=True))
    no_municipality = tr("map.edit_no_municipality")
    suffix = existing["id"] if existing else "new"
    form_state.seed(f"act_{suffix}", lambda: _stored(store, existing), _FORM_FIELDS, sep="_")
    with st.form(f"activity_form_{suffix}", border=False):
        if existing is None:
            st.text_input(tr("map.edit_id"), key=f"act_{suffix}_id", max_chars=80, help=tr("map.edit_id_help"))
        left, right = st.columns(2)
        org_ids = list(organisations)
        left.selectbox(
            tr("map.col_organisation"),
            org_ids,
            key=f"act_{suffix}_org",
            format_func=lambda key: organisations[key],
            placeholder=tr("map.edit_pick"),
        )
        municipality_codes = ["", *municipalities]
        right.selectbox(
            tr("map.col_municipality"),
            municipality_codes,
            key=f"act_{suffix}_municipality",
            format_func=lambda code: municipalities.get(code, no_municipality),
        )
        left.number_input(
            tr("map.col_year"),
            min_value=1950,
            max_value=2100,
            value=None,  # None stays possible; the stored value comes from session state (form_state.seed)
            step=1,
            key=f"act_{suffix}_year",
        )
        right.checkbox(tr("map.edit_undated"), key=f"act_{suffix}_undated")
        left.selectbox(
            tr("map.col_type"),
            ACTIVITY_TYPES,
            key=f"act_{suffix}_type",
            format_func=lambda value: enum_label("activity_type", value, lang),
            placeholder=tr("map.edit_pick"),
        )
        right.selectbox(
            tr("map.col_status"),
            STATUSES,
            key=f"act_{suffix}_status",
            format_func=lambda value: enum_label("status", value, lang),
        )
        left.multiselect(
            tr("map.col_methods"),
            METHODS,
            key=f"act_{suffix}_methods",
            format_func=lambda value: enum_label("method", value, lang),
        )
        right.selectbox(
            tr("map.col_audience"),
            AUDIENCES,
            key=f"act_{suffix}_audience",
            format_func=lambda value: enum_label("audience", value, lang),
            placeholder=tr("map.edit_pick"),
        )
        left.number_input(
            tr("map.col_participants"),
            min_value=0,
            max_value=1_000_000,
            value=None,
            step=1,
            key=f"act_{suffix}_participants",
        )
        source_ids = list(sources)
        right.selectbox(
            tr("map.col_source"),
            source_ids,
            key=f"act_{suffix}_source",
            format_func=lambda key: sources[key],
            placeholder=tr("map.edit_pick"),
        )
        st.text_area(tr("map.edit_description_sv"), key=f"act_{suffix}_description_sv")
        st.text_area(tr("map.edit_description_en"), key=f"act_{suffix}_description_en")
        st.form_submit_button(tr("map.edit_save"), type="primary", on_click=_submit, args=(store, existing, suffix))
    show_outcome(OUTCOME)
    if st.session_state.get(f"act_{suffix}-conflict"):
        form_state.reload_button(f"act_{suffix}")
