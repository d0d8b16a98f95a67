"""Rolling foresight action plans: goals, yearly versions of actions, and what changed between them.

A plan (Region Kronoberg's, Distriktssenteret's, or one typed into the app) has an overall goal,
sub-goals and yearly versions. Each version holds its own copy of the actions, so a year's plan
stays as it was decided; `lineage` is what an action keeps from version to version, which is how
the comparison tells an action that was moved from one that was dropped and another added.
Every row typed into the app is checked by `foresight.data.validation` exactly as an imported row.
Links to trends, drivers, activities and goals are ids: a deleted row leaves its id in the link
(shown as missing) and a renamed row shows its new name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from foresight import row_versions
from foresight.data.loading import upsert_in, upsert_records
from foresight.data.tables import ACTION_STATUSES, TABLES
from foresight.data.validation import RawTable, form_cell, validate_rows
from foresight.errors import ForesightError, NotFoundError, Problem, ValidationError
from foresight.i18n import enum_label, t
from foresight.store import Store

OPEN_STATUSES = ("planned", "under_way")
LINK_KINDS = ("goals", "trends", "drivers", "activities")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


class PlanInputError(ForesightError):
    """A value typed into a plan form was rejected; nothing was written."""


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    organisation: str
    overall_goal: str
    horizon: int | None
    goals: tuple[tuple[str, str], ...]  # (id, title)
    versions: tuple[tuple[str, int], ...]  # (version id, year), oldest first

    def version_id(self, year: int) -> str | None:
        return next((version_id for version_id, found in self.versions if found == year), None)


# -- rows typed into the app --------------------------------------------------------------------


def _known(store: Store, table: str) -> dict[str, set[str]]:
    wanted = {column.references for column in TABLES[table].columns if column.references}
    return {name: {str(key) for (key,) in store.rows(f"SELECT {TABLES[name].key} FROM {name}")} for name in wanted}


def validated(store: Store, table: str, values: Mapping[str, object]) -> dict[str, object]:
    """One row typed into the app, checked by the import's rules; problems carry no row number."""
    spec = TABLES[table]
    row = [form_cell(values.get(name)) for name in spec.column_names]
    try:
        return validate_rows(spec, RawTable(spec.column_names, [row]), _known(store, table))[0]
    except ValidationError as error:
        raise ValidationError([Problem(None, p.column, p.key, p.params) for p in error.problems]) from error


def slug(text: str, limit: int = 48) -> str:
    """A readable id part from a title: 'Väva in framsyn' -> 'vava-in-framsyn'."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", plain).strip("-")[:limit].strip("-") or "x"


def new_id(store: Store, table: str, prefix: str, column: str = "id") -> str:
    """A value not yet used in `table`.`column`: the prefix, or the prefix with -2, -3, …"""
    taken = {key for (key,) in store.rows(f"SELECT {column} FROM {table} WHERE {column} LIKE ?", [f"{prefix}%"])}
    candidate, number = prefix, 1
    while candidate in taken:
        number += 1
        candidate = f"{prefix}-{number}"
    return candidate


def _check_period(start: object, end: object) -> None:
    if isinstance(start, int) and isinstance(end, int) and end < start:
        raise ValidationError([Problem(None, "end_year", "plans.error.period", {"start": start, "end": end})])


# -- plans --------------------------------------------------------------------------------------


def plan_list(store: Store) -> list[tuple[str, str]]:
    """Every plan as (id, 'organisation: title'), by organisation."""
    return [
        (plan_id, f"{org}: {title}")
        for plan_id, title, org in store.rows(
            "SELECT p.id, p.title, coalesce(o.name, p.organisation_id) FROM plans p"
            " LEFT JOIN organisations o ON o.id = p.organisation_id ORDER BY 3, 2"
        )
    ]


def get_plan(store: Store, plan_id: str) -> Plan:
    found = store.rows(
        "SELECT p.id, p.title, coalesce(o.name, p.organisation_id), p.overall_goal, p.horizon FROM plans p"
        " LEFT JOIN organisations o ON o.id = p.organisation_id WHERE p.id = ?",
        [plan_id],
    )
    if not found:
        raise NotFoundError("plans.error.no_plan", id=plan_id)
    goals = store.rows("SELECT id, title FROM plan_goals WHERE plan_id = ? ORDER BY id", [plan_id])
    versions = store.rows("SELECT id, year FROM plan_versions WHERE plan_id = ? ORDER BY year", [plan_id])
    row = found[0]
    return Plan(row[0], row[1], row[2], row[3], row[4], tuple(goals), tuple((v, int(y)) for v, y in versions))


def organisations(store: Store) -> list[tuple[str, str]]:
    return [(key, name) for key, name in store.rows("SELECT id, name FROM organisations ORDER BY name")]


def create_plan(
    store: Store, organisation_id: str, title: str, overall_goal: str, horizon: int | None, year: int
) -> str:
    """A new plan with its first yearly version (no goals or actions yet)."""
    plan_id = new_id(store, "plans", slug(f"{organisation_id}-{title}", 60))
    plan = validated(
        store,
        "plans",
        {
            "id": plan_id,
            "organisation_id": organisation_id,
            "title": title,
            "overall_goal": overall_goal,
            "horizon": horizon,
        },
    )
    version = {"id": f"{plan_id}-{int(year)}", "plan_id": plan_id, "year": year}
    spec = TABLES["plan_versions"]
    row = [form_cell(version.get(name)) for name in spec.column_names]
    version_record = validate_rows(spec, RawTable(spec.column_names, [row]), {"plans": {plan_id}, "sources": set()})[0]
    with store.transaction() as cursor:
        cursor.execute(
            "INSERT INTO plans (id, organisation_id, title, overall_goal, horizon) VALUES (?, ?, ?, ?, ?)",
            [plan["id"], plan["organisation_id"], plan["title"], plan["overall_goal"], plan["horizon"]],
        )
        cursor.execute(
            "INSERT INTO plan_versions (id, plan_id, year) VALUES (?, ?, ?)",
            [version_record["id"], plan_id, version_record["year"]],
        )
    return plan_id


def add_goal(store: Store, plan_id: str, title: str) -> str:
    goal_id = new_id(store, "plan_goals", f"{plan_id[:40]}-{slug(title, 30)}")
    upsert_records(
        store, "plan_goals", [validated(store, "plan_goals", {"id": goal_id, "plan_id": plan_id, "title": title})]
    )
    return goal_id


# -- actions ------------------------------------------------------------------------------------


def link_choices(store: Store, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """Trends and drivers an action may serve, as {id: name} by name (kept until the next write)."""

    def load(store: Store) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
        trends = store.rows(f"SELECT id, {'title_en' if lang == 'en' else 'title_sv'} FROM trends ORDER BY 2")
        drivers = store.rows(f"SELECT id, {'name_en' if lang == 'en' else 'name_sv'} FROM drivers ORDER BY 2")
        return tuple(trends), tuple(drivers)

    trends, drivers = store.kept(f"plan-link-choices-{lang}", load)
    return dict(trends), dict(drivers)


def _names(store: Store, kind: str, ids: set[str], lang: str) -> dict[str, str]:
    """Names of the linked rows of one kind, read for the ids the actions use and nothing else."""
    if not ids:
        return {}
    column = {
        "goals": "title",
        "trends": "title_en" if lang == "en" else "title_sv",
        "drivers": "name_en" if lang == "en" else "name_sv",
        "activities": "left(coalesce(description_en, description_sv), 60)"
        if lang == "en"
        else "left(description_sv, 60)",
    }[kind]
    table = {"goals": "plan_goals"}.get(kind, kind)
    return dict(store.rows(f"SELECT id, {column} FROM {table} WHERE id IN ({', '.join('?' * len(ids))})", list(ids)))


def _named(ids: object, names: Mapping[str, str], missing: str) -> str:
    """Linked rows by name; an id whose row was deleted stays visible, marked as missing."""
    return "; ".join(names.get(key) or f"{key} ({missing})" for key in list(ids if ids is not None else []))


_ACTION_COLUMNS = ", ".join(TABLES["plan_actions"].column_names)


def actions(store: Store, version_id: str) -> pd.DataFrame:
    """The actions of one plan version, as stored (lists as lists)."""
    return store.query(
        f"SELECT {_ACTION_COLUMNS} FROM plan_actions WHERE version_id = ? ORDER BY coalesce(start_year, 0), id",
        [version_id],
    )


def action_table(store: Store, version_id: str, lang: str) -> pd.DataFrame:
    """The actions of a version for reading: statuses translated, links by name, the milestone and workshop shown.

    Plain rows, and the names of only the linked rows: the plans page reruns on every click, and
    reading every activity's description to name two of them cost more than the rest of the page.
    """
    names = TABLES["plan_actions"].column_names
    rows = [
        dict(zip(names, row, strict=True))
        for row in store.rows(
            f"SELECT {_ACTION_COLUMNS} FROM plan_actions WHERE version_id = ? ORDER BY coalesce(start_year, 0), id",
            [version_id],
        )
    ]
    linked = {kind: {key for row in rows for key in row[kind] or ()} for kind in LINK_KINDS[1:]}
    labels = {kind: _names(store, kind, ids, lang) for kind, ids in linked.items()}
    missing = t("plans.missing", lang)
    milestone_ids = {row["milestone_id"] for row in rows if row["milestone_id"]}
    milestones = (
        dict(
            store.rows(
                f"SELECT id, title FROM backcast_milestones WHERE id IN ({', '.join('?' * len(milestone_ids))})",
                list(milestone_ids),
            )
        )
        if milestone_ids
        else {}
    )
    # Goals by their number in the plan's list, which the page shows just above the actions.
    numbers = {
        goal: str(index)
        for index, (goal,) in enumerate(
            store.rows(
                "SELECT g.id FROM plan_goals g JOIN plan_versions v ON v.plan_id = g.plan_id"
                " WHERE v.id = ? ORDER BY g.id",
                [version_id],
            ),
            start=1,
        )
    }
    return pd.DataFrame(
        {
            "id": [row["id"] for row in rows],
            "title": [row["title"] for row in rows],
            "responsible": [row["responsible"] for row in rows],
            "period": [period_text(row["start_year"], row["end_year"]) for row in rows],
            "status": [enum_label("action_status", row["status"], lang) for row in rows],
            "goals": [_named(row["goals"], numbers, missing).replace(";", ",") for row in rows],
            "serves": [
                "; ".join(
                    part for part in (_named(row[kind], labels[kind], missing) for kind in LINK_KINDS[1:]) if part
                )
                for row in rows
            ],
            "milestone": [milestones.get(row["milestone_id"], row["milestone_id"]) or "" for row in rows],
            "workshop": ["" if row["workshop_id"] is None else str(int(row["workshop_id"])) for row in rows],
        },
        columns=["id", "title", "responsible", "period", "status", "goals", "serves", "milestone", "workshop"],
    )


def period_text(start: object, end: object) -> str:
    start = None if start is None or pd.isna(start) else int(start)
    end = None if end is None or pd.isna(end) else int(end)
    if start and end:
        return str(start) if start == end else f"{start}–{end}"
    if start:
        return f"{start}–"
    return f"–{end}" if end else ""


def save_action(
    store: Store,
    version_id: str,
    values: Mapping[str, object],
    action_id: str | None = None,
    *,
    opened: int | None = None,
    editor: str = "",
) -> str:
    """Add an action to a version (no `action_id`) or change one; checked like an imported row.

    `opened` is the version of the action the form opened (foresight.row_versions): an action
    saved by someone else since is refused, not overwritten.
    """
    if action_id:
        found = store.rows("SELECT lineage, version_id FROM plan_actions WHERE id = ?", [action_id])
        if not found or found[0][1] != version_id:
            raise NotFoundError("plans.error.no_action", id=action_id)
        lineage = found[0][0]
        current = actions(store, version_id).set_index("id").loc[action_id].to_dict()
        merged = {**current, **values, "id": action_id, "lineage": lineage, "version_id": version_id}
    else:
        year = store.scalar("SELECT year FROM plan_versions WHERE id = ?", [version_id])
        if year is None:
            raise NotFoundError("plans.error.no_version", id=version_id)
        base = slug(form_cell(values.get("title")) or "action", 40)
        lineage = new_id(store, "plan_actions", f"{version_id.rsplit('-', 1)[0][:30]}-{base}", column="lineage")
        action_id = new_id(store, "plan_actions", f"{lineage}-{year}")
        merged = {"status": "planned", **values, "id": action_id, "lineage": lineage, "version_id": version_id}
    merged = {key: (None if is_missing(value) else value) for key, value in merged.items()}
    record = validated(store, "plan_actions", merged)
    _check_period(record.get("start_year"), record.get("end_year"))
    _check_goals_of_plan(store, version_id, record.get("goals") or [])
    with store.transaction() as cursor:
        stored = row_versions.check(cursor, "plan_actions", action_id, opened)
        upsert_in(cursor, "plan_actions", [record])
        row_versions.claim(cursor, "plan_actions", action_id, editor, stored)
    return action_id


def is_missing(value: object) -> bool:
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        return False
    return value is None or bool(pd.isna(value))


def _check_goals_of_plan(store: Store, version_id: str, goals: list[str]) -> None:
    own = {
        key
        for (key,) in store.rows(
            "SELECT g.id FROM plan_goals g JOIN plan_versions v ON v.plan_id = g.plan_id WHERE v.id = ?", [version_id]
        )
    }
    other = [goal for goal in goals if goal not in own]
    if other:
        raise ValidationError([Problem(None, "goals", "plans.error.other_goal", {"value": ", ".join(other)})])


def set_status(store: Store, action_id: str, status: str) -> None:
    if status not in ACTION_STATUSES:
        raise PlanInputError("plans.error.status", value=str(status)[:40])
    with store.transaction() as cursor:
        if not cursor.execute("SELECT 1 FROM plan_actions WHERE id = ?", [action_id]).fetchone():
            raise NotFoundError("plans.error.no_action", id=action_id)
        cursor.execute("UPDATE plan_actions SET status = ? WHERE id = ?", [status, action_id])


# -- the chain: what serves a trend or a driver ------------------------------------------------


def actions_serving(store: Store, trend_ids: list[str], driver_ids: list[str], lang: str) -> pd.DataFrame:
    """Actions in each plan's latest version that serve any of these trends or drivers."""
    frame = store.query(
        "WITH latest AS (SELECT plan_id, max(year) AS year FROM plan_versions GROUP BY plan_id)"
        " SELECT p.title AS plan, v.year, a.title, a.responsible, a.status FROM plan_actions a"
        " JOIN plan_versions v ON v.id = a.version_id JOIN latest l ON l.plan_id = v.plan_id AND l.year = v.year"
        " JOIN plans p ON p.id = v.plan_id"
        " WHERE a.trends && CAST(? AS VARCHAR[]) OR a.drivers && CAST(? AS VARCHAR[])"
        " ORDER BY p.title, a.title",
        [list(trend_ids), list(driver_ids)],
    )
    frame["status"] = [enum_label("action_status", value, lang) for value in frame["status"]]
    return frame


def trend_drivers(store: Store, trend_id: str) -> list[str]:
    found = store.rows("SELECT drivers FROM trends WHERE id = ?", [trend_id])
    return list(found[0][0] or []) if found else []


# -- export --------------------------------------------------------------------------------------


def _layout(store: Store, table: str, where: str, params: list[object]) -> pd.DataFrame:
    columns = ", ".join(TABLES[table].column_names)
    return store.query(f"SELECT {columns} FROM {table} WHERE {where} ORDER BY id", params)


def plan_sheets(store: Store, plan_id: str) -> dict[str, pd.DataFrame]:
    """One plan in the import layout, a sheet per table, so an edited export can be imported back."""
    in_plan = "version_id IN (SELECT id FROM plan_versions WHERE plan_id = ?)"
    return {
        "plans": _layout(store, "plans", "id = ?", [plan_id]),
        "plan_versions": _layout(store, "plan_versions", "plan_id = ?", [plan_id]),
        "plan_goals": _layout(store, "plan_goals", "plan_id = ?", [plan_id]),
        "plan_actions": _layout(store, "plan_actions", in_plan, [plan_id]),
    }


def backcast_sheets(store: Store, plan_id: str) -> dict[str, pd.DataFrame]:
    """The plan's backcasts and their milestones in the import layout."""
    return {
        "backcasts": _layout(store, "backcasts", "plan_id = ?", [plan_id]),
        "backcast_milestones": _layout(
            store, "backcast_milestones", "backcast_id IN (SELECT id FROM backcasts WHERE plan_id = ?)", [plan_id]
        ),
    }
