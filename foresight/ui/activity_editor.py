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
from foresight.errors import ValidationError
from foresight.i18n import enum_label
from foresight.map import activities, activity_edits
from foresight.row_versions import EditConflictError
from foresight.store import Store
from foresight.text import escape_markdown
from foresight.ui import form_state
from foresight.ui.access import can_edit
from foresight.ui.actions import pending_error, run_action, show_outcome, take_error
from foresight.ui.map_tables import safe_url
from foresight.ui.scroll_to import scroll_to
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
NEW_SOURCE, OWN_SOURCE = "+new", "+self"  # the source choices that are not a stored document
# The import's column (or the form's own field) -> the label the form shows it under.
FIELD_LABELS = {
    "id": "map.edit_id",
    "organisation_id": "map.col_organisation",
    "year": "map.col_year",
    "date": "map.col_date",
    "undated": "map.edit_undated",
    "activity_type": "map.filter_type",
    "methods": "map.col_methods",
    "audience": "map.col_audience",
    "participants": "map.col_participants",
    "description_sv": "map.edit_description_sv",
    "description_en": "map.edit_description_en",
    "source": "map.col_source",
    "municipality_code": "map.col_municipality",
    "status": "map.col_status",
    "new_source_title": "map.edit_new_source_title",
    "new_source_url": "map.edit_new_source_url",
}
# Where a problem is shown: the form field the column is typed in.
_SHOWN_AT = {"organisation_id": "org", "activity_type": "type", "municipality_code": "municipality", "undated": "year"}


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
        return seeded | {"id": "", "name": ""}, None
    return seeded, row_versions.version_of(store, "activities", existing["id"]).number


def _propose_id(store: Store) -> None:
    """The id follows the name until the id is changed by hand (then it is left alone)."""
    state = st.session_state
    proposed = activity_edits.proposed_id(store, state.get("act_new_name", ""))
    if state.get("act_new_id", "") in ("", state.get("act_new_id_proposed", "")):
        state["act_new_id"] = proposed
    state["act_new_id_proposed"] = proposed


def _submit(store: Store, existing: dict | None, suffix: str) -> None:
    state = st.session_state
    year = state[f"act_{suffix}_year"]
    source = state[f"act_{suffix}_source"] or ""
    new_source = None
    if source == NEW_SOURCE:
        new_source = activity_edits.NewSource(
            state.get(f"act_{suffix}_new_source_title", ""), state.get(f"act_{suffix}_new_source_url", "")
        )
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
        "source": "" if source in (NEW_SOURCE, OWN_SOURCE) else source,
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
            # A source made in place is now a stored document: the choice shows it by its id.
            form_state.load(prefix, typed | {"source": record["source"]}, int(record["version"]), sep="_")
        else:  # the new activity is in the table above; the form is ready for the next one
            form_state.forget(prefix)
            state.pop("act_new_id_proposed", None)
        state[f"{prefix}_saved"] = f"{record['id']}@{record['version']}"

    run_action(
        activity_edits.save_activity,
        store,
        fields,
        opened=form_state.opened(prefix) if existing else None,
        editor=form_state.editor(),
        new=existing is None,
        new_source=new_source,
        own_source=source == OWN_SOURCE,
        done=lambda record: tr("map.edit_saved", id=record["id"]),
        where=OUTCOME,
        after=saved,
    )
    state[f"{prefix}-conflict"] = isinstance(pending_error(OUTCOME), EditConflictError)


def field_problems(error: ValidationError) -> dict[str, list[str]]:
    """The problems of a refused save, as sentences naming the field, by the form field they belong to."""
    found: dict[str, list[str]] = {}
    for problem in error.problems:
        column = problem.column or "id"
        label = tr(FIELD_LABELS.get(column, "map.col_source"))
        if problem.key == "import.required":
            text = tr("map.edit_required", field=label)
        elif problem.key.startswith("map."):
            text = tr(problem.key, **problem.params)
        else:
            text = f"{label}: {tr(problem.key, **problem.params)}"
        shown_at = _SHOWN_AT.get(column, column)
        found.setdefault(shown_at, []).append(text)
    return found


def _problem(problems: dict[str, list[str]], field: str, place=None) -> None:
    """The field's problems, in red, right under it."""
    for text in problems.get(field, []):
        (place or st).markdown(f":red[{escape_markdown(text)}]")


def _label(key: str, required: bool = False) -> str:
    return tr(key) + (" *" if required else "")


def form(store: Store, existing: dict[str, str] | None, lang: str) -> None:
    """The add/edit form; saving goes through the import's validation, and a refusal names the field."""
    organisations = dict(activity_edits.organisation_choices(store))
    sources = dict(activity_edits.source_choices(store))
    listed = activities.municipality_list(store)
    municipalities = dict(zip(listed["code"], listed["name"], strict=True))
    no_municipality = tr("map.edit_no_municipality")
    suffix = existing["id"] if existing else "new"
    prefix = f"act_{suffix}"
    fields = [*_FORM_FIELDS, "id", "name"] if existing is None else _FORM_FIELDS
    form_state.seed(prefix, lambda: _stored(store, existing), fields, sep="_")
    refused = pending_error(OUTCOME)
    problems: dict[str, list[str]] = {}
    if isinstance(refused, ValidationError):
        problems = field_problems(refused)
        take_error(OUTCOME)  # shown by the fields and by the button, not as the import's table
    st.caption(tr("map.edit_required_note"))
    # Outside the form, so they answer at once: the id follows the name, the source's own fields.
    if existing is None:
        name_column, id_column = st.columns(2)
        name_column.text_input(
            _label("map.edit_name", True),
            key="act_new_name",
            max_chars=120,
            on_change=_propose_id,
            args=(store,),
            help=tr("map.edit_name_help"),
        )
        id_column.text_input(_label("map.edit_id", True), key="act_new_id", max_chars=80, help=tr("map.edit_id_help"))
        _problem(problems, "id", id_column)
    else:
        st.caption(tr("map.edit_id_shown", id=existing["id"]))
    special = {NEW_SOURCE: tr("map.edit_source_new"), OWN_SOURCE: tr("map.edit_source_own")}
    st.selectbox(
        _label("map.col_source", True),
        [NEW_SOURCE, OWN_SOURCE, *sources],
        key=f"{prefix}_source",
        format_func=lambda key: special.get(key) or sources.get(key, key),
        placeholder=tr("map.edit_pick"),
        help=tr("map.edit_source_help"),
    )
    _problem(problems, "source")
    if st.session_state.get(f"{prefix}_source") == NEW_SOURCE:
        title_column, url_column = st.columns(2)
        title_column.text_input(_label("map.edit_new_source_title", True), key=f"{prefix}_new_source_title")
        _problem(problems, "new_source_title", title_column)
        url_column.text_input(tr("map.edit_new_source_url"), key=f"{prefix}_new_source_url", max_chars=500)
        _problem(problems, "new_source_url", url_column)
    with st.form(f"activity_form_{suffix}", border=False):
        left, right = st.columns(2)
        org_ids = list(organisations)
        left.selectbox(
            _label("map.col_organisation", True),
            org_ids,
            key=f"{prefix}_org",
            format_func=lambda key: organisations[key],
            placeholder=tr("map.edit_pick"),
        )
        _problem(problems, "org", left)
        municipality_codes = ["", *municipalities]
        right.selectbox(
            tr("map.col_municipality"),
            municipality_codes,
            key=f"{prefix}_municipality",
            format_func=lambda code: municipalities.get(code, no_municipality),
        )
        _problem(problems, "municipality", right)
        left.number_input(
            _label("map.edit_year", True),
            min_value=1950,
            max_value=2100,
            value=None,  # None stays possible; the stored value comes from session state (form_state.seed)
            step=1,
            key=f"{prefix}_year",
        )
        _problem(problems, "year", left)
        right.checkbox(tr("map.edit_undated"), key=f"{prefix}_undated")
        left.selectbox(
            _label("map.filter_type", True),
            ACTIVITY_TYPES,
            key=f"{prefix}_type",
            format_func=lambda value: enum_label("activity_type", value, lang),
            placeholder=tr("map.edit_pick"),
        )
        _problem(problems, "type", left)
        right.selectbox(
            tr("map.col_status"),
            STATUSES,
            key=f"{prefix}_status",
            format_func=lambda value: enum_label("status", value, lang),
        )
        left.multiselect(
            tr("map.col_methods"),
            METHODS,
            key=f"{prefix}_methods",
            format_func=lambda value: enum_label("method", value, lang),
        )
        right.selectbox(
            tr("map.col_audience"),
            AUDIENCES,
            key=f"{prefix}_audience",
            format_func=lambda value: enum_label("audience", value, lang),
            placeholder=tr("map.edit_pick"),
        )
        left.number_input(
            tr("map.col_participants"),
            min_value=0,
            max_value=1_000_000,
            value=None,
            step=1,
            key=f"{prefix}_participants",
        )
        st.text_area(_label("map.edit_description_sv", True), key=f"{prefix}_description_sv")
        _problem(problems, "description_sv")
        st.text_area(tr("map.edit_description_en"), key=f"{prefix}_description_en")
        st.form_submit_button(tr("map.edit_save"), type="primary", on_click=_submit, args=(store, existing, suffix))
    with st.container(key=f"{prefix}-outcome"):
        if problems:
            listed_problems = " ".join(text for texts in problems.values() for text in texts)
            st.error(tr("map.edit_not_saved", problems=listed_problems), icon=":material/error:")
        show_outcome(OUTCOME)
    # After a save the table above grows: the confirmation (or the refusal) is brought into view.
    token = st.session_state.pop(f"{prefix}_saved", None) or ("problems" if problems else None)
    scroll_to(f"{prefix}-outcome", token, key=f"{prefix}-outcome-scroll")
    if st.session_state.get(f"{prefix}-conflict"):
        form_state.reload_button(prefix)
