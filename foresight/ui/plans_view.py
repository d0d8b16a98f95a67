"""Streamlit parts of the plans page: the plan and its versions, changes, backcasting, vision work.

Every change runs in a widget callback (`_run`), which keeps the domain error or the success
message for the next run, so the page below always shows what was just written. Controls that
change the workspace are drawn only when `can_edit()` says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

from foresight import row_versions
from foresight.data.export import xlsx_bytes
from foresight.data.tables import ACTION_STATUSES
from foresight.i18n import enum_label
from foresight.plans import backcasting, plans, versions
from foresight.row_versions import EditConflictError
from foresight.store import Store
from foresight.text import escape_markdown
from foresight.ui import actions, form_state
from foresight.ui.access import can_edit
from foresight.ui.layout import lazy_expander
from foresight.ui.resources import store as workspace
from foresight.ui.state import param_choice, param_int, set_params, tr

OUTCOME = "plans"  # where the page shows what the last change did
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACTION_ROWS = 3  # a milestone turned into up to three actions at once


def this_year() -> int:
    return dt.date.today().year


def _run(
    action: Callable, *args: object, done: str | Callable = "plans.saved", after: Callable | None = None, **kw
) -> None:
    """A write of the plans page, through the one action runner (the workspace is its first argument)."""
    actions.run_action(action, workspace(), *args, done=done, where=OUTCOME, after=after, **kw)


def _value(key: str) -> object:
    return st.session_state.get(key)


def show_outcome() -> None:
    """The error or success of the last change, once."""
    actions.show_outcome(OUTCOME)


# -- plan and actions ---------------------------------------------------------------------------


def choose_plan(store: Store) -> str | None:
    """The plan in ?plan (or the first), chosen from a select box kept in the URL."""
    listed = dict(plans.plan_list(store))
    if not listed:
        st.info(tr("plans.none"), icon=":material/flag:")
        return None
    wanted = param_choice("plan", list(listed)) or next(iter(listed))
    chosen = st.selectbox(tr("plans.choose"), list(listed), index=list(listed).index(wanted), format_func=listed.get)
    if chosen != wanted or st.query_params.get("plan") != chosen:
        set_params({"plan": chosen, "v": None if chosen != wanted else st.query_params.get("v")})
    return chosen


def plan_header(plan: plans.Plan) -> None:
    caption = "plans.horizon_caption" if plan.horizon else "plans.organisation_caption"
    st.header(escape_markdown(plan.title), anchor=False)
    st.caption(tr(caption, organisation=escape_markdown(plan.organisation), horizon=plan.horizon))
    st.markdown(f"**{tr('plans.overall_goal')}:** {escape_markdown(plan.overall_goal)}")
    st.subheader(tr("plans.goals"), anchor=False)
    if plan.goals:
        st.markdown("\n".join(f"{n}. {escape_markdown(title)}" for n, (_, title) in enumerate(plan.goals, start=1)))
    else:
        st.caption(tr("plans.no_goals"))
    if can_edit():
        if (box := lazy_expander(tr("plans.add_goal"), icon=":material/add:", key="plans-add-goal-open")) is not None:
            with box:
                with st.form("plans-goal", clear_on_submit=True, border=False):
                    st.text_input(tr("plans.goal_title"), key="plans-goal-title", max_chars=400)
                    st.form_submit_button(
                        tr("plans.add"), on_click=lambda: _run(plans.add_goal, plan.id, _value("plans-goal-title"))
                    )


def choose_version(plan: plans.Plan) -> tuple[str, int]:
    years = [year for _, year in plan.versions]
    wanted = param_int("v", 1950, 2100, default=years[-1])
    wanted = wanted if wanted in years else years[-1]
    year = st.selectbox(
        tr("plans.version"), years, index=years.index(wanted), key=f"plans-version-{plan.id}-{len(years)}"
    )
    set_params({"v": None if year == years[-1] else year})
    return plan.version_id(year) or plan.versions[-1][0], year


def actions_table(store: Store, version_id: str, year: int, lang: str) -> None:
    st.subheader(tr("plans.actions", year=year), anchor=False)
    frame = plans.action_table(store, version_id, lang)
    if frame.empty:
        st.caption(tr("plans.no_actions"))
        return
    labels = {name: tr(f"plans.col_{name}") for name in ("title", "responsible", "period", "status", "goals")}
    labels |= {"serves": tr("plans.col_serves"), "milestone": tr("plans.col_milestone")}
    labels["workshop"] = tr("plans.col_workshop")
    hidden = ["id"] + [name for name in ("milestone", "workshop") if not frame[name].astype(bool).any()]
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_order=[name for name in labels if name not in hidden],
        column_config={
            name: st.column_config.TextColumn(label, width="large" if name == "title" else "medium")
            for name, label in labels.items()
        },
        height="content",  # a plan is read whole, in a meeting; tens of rows, not thousands
        key=f"plans-actions-{version_id}",
    )


def _action_values(prefix: str) -> dict[str, object]:
    return {
        name: _value(f"{prefix}-{name}")
        for name in ("title", "description", "responsible", "start_year", "end_year", "status", "goals", "trends")
    } | {"drivers": _value(f"{prefix}-drivers")}


def action_forms(store: Store, plan: plans.Plan, version_id: str, year: int, lang: str) -> None:
    """Revise for next year, add an action, change one (status, period, role)."""
    if not can_edit():
        return
    latest = version_id == plan.versions[-1][0]
    if latest:
        st.button(
            tr("plans.revise"),
            key="plans-revise",
            icon=":material/event_repeat:",
            help=tr("plans.revise_help", year=year + 1),
            on_click=lambda: _run(
                versions.revise,
                plan.id,
                done=lambda _: tr("plans.revised", year=year + 1),
                after=lambda _: set_params({"v": None}),
            ),
        )
    goals = dict(plan.goals)
    trend_names, driver_names = plans.link_choices(store, lang)
    if (box := lazy_expander(tr("plans.add_action"), icon=":material/add:", key="plans-add-action-open")) is not None:
        with box:
            with st.form("plans-new-action", clear_on_submit=True, border=False):
                _action_fields("plans-new", goals, trend_names, driver_names, lang, year)
                st.form_submit_button(
                    tr("plans.add"),
                    type="primary",
                    on_click=lambda: _run(plans.save_action, version_id, _action_values("plans-new")),
                )
    frame = plans.actions(store, version_id)
    if frame.empty:
        return
    titles = dict(zip(frame["id"], frame["title"], strict=True))
    if (
        box := lazy_expander(tr("plans.edit_action"), icon=":material/edit:", key="plans-edit-action-open")
    ) is not None:
        with box:
            chosen = st.selectbox(
                tr("plans.which_action"), list(titles), format_func=titles.get, key="plans-edit-which"
            )
            row = frame.set_index("id").loc[chosen]
            prefix = f"plans-edit-{chosen}"
            form_state.seed(prefix, lambda: _stored_action(store, row, chosen), _ACTION_EDIT_FIELDS)
            with st.form(prefix, border=False):
                st.selectbox(
                    tr("plans.field.status"),
                    ACTION_STATUSES,
                    format_func=lambda value: enum_label("action_status", value, lang),
                    key=f"{prefix}-status",
                )
                columns = st.columns(2)
                columns[0].number_input(
                    tr("plans.field.start_year"), 1950, 2100, value=None, key=f"{prefix}-start_year"
                )
                columns[1].number_input(tr("plans.field.end_year"), 1950, 2100, value=None, key=f"{prefix}-end_year")
                st.text_input(tr("plans.field.responsible"), max_chars=200, key=f"{prefix}-responsible")
                st.form_submit_button(tr("plans.save"), on_click=_save_action, args=(version_id, chosen))
            actions.show_outcome(prefix)
            if st.session_state.get(f"{prefix}-conflict"):
                form_state.reload_button(prefix)


_ACTION_EDIT_FIELDS = ["status", "start_year", "end_year", "responsible"]


def _stored_action(store: Store, row: pd.Series, chosen: str) -> tuple[dict[str, object], int]:
    values = {
        "status": row["status"],
        "start_year": _year(row["start_year"]),
        "end_year": _year(row["end_year"]),
        "responsible": row["responsible"],
    }
    return values, row_versions.version_of(store, "plan_actions", chosen).number


def _save_action(version_id: str, chosen: str) -> None:
    prefix = f"plans-edit-{chosen}"
    typed = form_state.values(prefix, _ACTION_EDIT_FIELDS)

    def saved(_: object) -> None:
        form_state.load(prefix, typed, row_versions.version_of(workspace(), "plan_actions", chosen).number)

    actions.run_action(
        plans.save_action,
        workspace(),
        version_id,
        typed,
        action_id=chosen,
        opened=form_state.opened(prefix),
        editor=form_state.editor(),
        done="plans.saved",
        where=prefix,  # shown under the form, beside its button
        after=saved,
    )
    st.session_state[f"{prefix}-conflict"] = isinstance(actions.pending_error(prefix), EditConflictError)


def _year(value: object) -> int | None:
    return None if pd.isna(value) else int(value)


def _action_fields(prefix: str, goals: dict, trend_names: dict, driver_names: dict, lang: str, year: int) -> None:
    st.text_input(tr("plans.field.title"), key=f"{prefix}-title", max_chars=400)
    st.text_area(tr("plans.field.description"), key=f"{prefix}-description", height=80)
    st.text_input(tr("plans.field.responsible"), key=f"{prefix}-responsible", max_chars=200)
    columns = st.columns(3)
    columns[0].number_input(tr("plans.field.start_year"), 1950, 2100, value=year, key=f"{prefix}-start_year")
    columns[1].number_input(tr("plans.field.end_year"), 1950, 2100, value=None, key=f"{prefix}-end_year")
    columns[2].selectbox(
        tr("plans.field.status"),
        ACTION_STATUSES,
        format_func=lambda value: enum_label("action_status", value, lang),
        key=f"{prefix}-status",
    )
    st.multiselect(tr("plans.field.goals"), list(goals), format_func=goals.get, key=f"{prefix}-goals")
    st.multiselect(tr("plans.field.trends"), list(trend_names), format_func=trend_names.get, key=f"{prefix}-trends")
    st.multiselect(tr("plans.field.drivers"), list(driver_names), format_func=driver_names.get, key=f"{prefix}-drivers")


def changes(store: Store, plan: plans.Plan, lang: str) -> None:
    years = [year for _, year in plan.versions]
    if len(years) < 2:
        st.info(tr("plans.one_version"), icon=":material/compare_arrows:")
        return
    left, right = st.columns(2)
    old = left.selectbox(tr("plans.compare_from"), years, index=len(years) - 2, key="plans-cmp-old")
    new = right.selectbox(tr("plans.compare_to"), years, index=len(years) - 1, key="plans-cmp-new")
    old_id, new_id = plan.version_id(old), plan.version_id(new)
    counts = {kind: len(found) for kind, found in versions.diff_kinds(store, old_id, new_id).items()}
    st.markdown(f"**{old} → {new}:** {tr('plans.change_summary', **counts)}")
    frame = versions.compare(store, old_id, new_id, lang)
    if frame.empty:
        st.caption(tr("plans.no_changes"))
        return
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={
            "change": st.column_config.TextColumn(tr("plans.col_change")),
            "title": st.column_config.TextColumn(tr("plans.col_title")),
            "detail": st.column_config.TextColumn(tr("plans.col_detail")),
        },
        key="plans-changes",
    )


def downloads(store: Store, plan: plans.Plan) -> None:
    st.subheader(tr("plans.export"), anchor=False)
    left, right = st.columns(2)
    left.download_button(
        tr("plans.export_plan"),
        data=lambda: xlsx_bytes(plans.plan_sheets(store, plan.id)),
        file_name=f"{plan.id}.xlsx",
        mime=XLSX,
        on_click="ignore",
        key="plans-export-plan",
    )
    right.download_button(
        tr("plans.export_backcasts"),
        data=lambda: xlsx_bytes(plans.backcast_sheets(store, plan.id)),
        file_name=f"{plan.id}-backcasting.xlsx",
        mime=XLSX,
        on_click="ignore",
        key="plans-export-backcasts",
    )


def new_plan_form(store: Store) -> None:
    if not can_edit():
        return
    names = dict(plans.organisations(store))
    if (box := lazy_expander(tr("plans.new_plan"), icon=":material/add:", key="plans-new-plan-open")) is not None:
        with box:
            with st.form("plans-new-plan", border=False):
                st.selectbox(tr("plans.organisation"), list(names), format_func=names.get, key="np-org")
                st.text_input(tr("plans.plan_title"), key="np-title", max_chars=200)
                st.text_area(tr("plans.plan_goal"), key="np-goal", height=80)
                columns = st.columns(2)
                columns[0].number_input(tr("plans.plan_horizon"), 1950, 2100, value=None, key="np-horizon")
                columns[1].number_input(tr("plans.first_year"), 1950, 2100, value=this_year(), key="np-year")
                st.form_submit_button(
                    tr("plans.create"),
                    on_click=lambda: _run(
                        plans.create_plan,
                        _value("np-org"),
                        _value("np-title"),
                        _value("np-goal"),
                        _value("np-horizon"),
                        _value("np-year") or this_year(),
                        after=lambda plan_id: set_params({"plan": plan_id, "v": None, "bc": None}),
                    ),
                )


def backcast_ids(store: Store) -> list[tuple[str, str]]:
    return backcasting.backcast_list(store)
