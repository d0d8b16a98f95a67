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

from foresight.data.loading import upsert_records
from foresight.data.tables import ACTION_STATUSES, TABLES
from foresight.data.validation import RawTable, form_cell, validate_rows
from foresight.errors import ForesightError, NotFoundError, Problem, ValidationError
from foresight.i18n import enum_label, t
from foresight.store import Store

OPEN_STATUSES = ("planned", "under_way")
CHANGE_KINDS = ("added", "completed", "dropped", "moved", "changed")
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


def _labels(store: Store, lang: str) -> dict[str, dict[str, str]]:
    title = "title_en" if lang == "en" else "title_sv"
    name = "name_en" if lang == "en" else "name_sv"
    description = "coalesce(description_en, description_sv)" if lang == "en" else "description_sv"
    return {
        "goals": dict(store.rows("SELECT id, title FROM plan_goals")),
        "trends": dict(store.rows(f"SELECT id, {title} FROM trends")),
        "drivers": dict(store.rows(f"SELECT id, {name} FROM drivers")),
        "activities": dict(store.rows(f"SELECT id, left({description}, 60) FROM activities")),
    }


def _named(ids: object, names: Mapping[str, str], missing: str) -> str:
    """Linked rows by name; an id whose row was deleted stays visible, marked as missing."""
    return "; ".join(names.get(key) or f"{key} ({missing})" for key in list(ids if ids is not None else []))


def actions(store: Store, version_id: str) -> pd.DataFrame:
    """The actions of one plan version, as stored (lists as lists)."""
    columns = ", ".join(TABLES["plan_actions"].column_names)
    return store.query(
        f"SELECT {columns} FROM plan_actions WHERE version_id = ? ORDER BY coalesce(start_year, 0), id", [version_id]
    )


def action_table(store: Store, version_id: str, lang: str) -> pd.DataFrame:
    """The actions of a version for reading: statuses translated, links by name, the milestone and workshop shown."""
    frame = actions(store, version_id)
    labels = _labels(store, lang)
    missing = t("plans.missing", lang)
    milestones = dict(store.rows("SELECT id, title FROM backcast_milestones"))
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
            "id": frame["id"],
            "title": frame["title"],
            "responsible": frame["responsible"],
            "period": [_period(start, end) for start, end in zip(frame["start_year"], frame["end_year"], strict=True)],
            "status": [enum_label("action_status", value, lang) for value in frame["status"]],
            "goals": [_named(ids, numbers, missing).replace(";", ",") for ids in frame["goals"]],
            "serves": [
                "; ".join(
                    part for part in (_named(row[kind], labels[kind], missing) for kind in LINK_KINDS[1:]) if part
                )
                for _, row in frame.iterrows()
            ],
            "milestone": [milestones.get(key, key) if key else "" for key in frame["milestone_id"]],
            "workshop": ["" if pd.isna(value) else str(int(value)) for value in frame["workshop_id"]],
        }
    )


def _period(start: object, end: object) -> str:
    start = None if pd.isna(start) else int(start)
    end = None if pd.isna(end) else int(end)
    if start and end:
        return str(start) if start == end else f"{start}–{end}"
    if start:
        return f"{start}–"
    return f"–{end}" if end else ""


def save_action(store: Store, version_id: str, values: Mapping[str, object], action_id: str | None = None) -> str:
    """Add an action to a version (no `action_id`) or change one; checked like an imported row."""
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
    merged = {key: (None if _is_missing(value) else value) for key, value in merged.items()}
    record = validated(store, "plan_actions", merged)
    _check_period(record.get("start_year"), record.get("end_year"))
    _check_goals_of_plan(store, version_id, record.get("goals") or [])
    upsert_records(store, "plan_actions", [record])
    return action_id


def _is_missing(value: object) -> bool:
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


# -- versions -----------------------------------------------------------------------------------


def revise(store: Store, plan_id: str) -> str:
    """Start next year's version: a copy of the latest version's open actions (planned or under way)."""
    plan = get_plan(store, plan_id)
    if not plan.versions:
        raise NotFoundError("plans.error.no_version", id=plan_id)
    latest_id, latest_year = plan.versions[-1]
    year = latest_year + 1
    new_version = new_id(store, "plan_versions", f"{plan_id[:70]}-{year}")
    columns = [name for name in TABLES["plan_actions"].column_names if name not in ("id", "version_id")]
    listed = ", ".join(columns)
    with store.transaction() as cursor:
        cursor.execute("INSERT INTO plan_versions (id, plan_id, year) VALUES (?, ?, ?)", [new_version, plan_id, year])
        # The copy's id is the lineage and the year, so the same action is easy to follow in an export.
        cursor.execute(
            f"INSERT INTO plan_actions (id, version_id, {listed})"
            f" SELECT left(lineage, 70) || '-' || ?::VARCHAR, ?, {listed} FROM plan_actions"
            " WHERE version_id = ? AND status IN ('planned', 'under_way')",
            [year, new_version, latest_id],
        )
    return new_version


def compare(store: Store, old_version: str, new_version: str, lang: str) -> pd.DataFrame:
    """What changed from one version to another: added, completed, dropped, moved or changed actions."""
    old = actions(store, old_version).set_index("lineage")
    new = actions(store, new_version).set_index("lineage")
    rows = []
    for lineage in [*new.index, *[key for key in old.index if key not in new.index]]:
        before = old.loc[lineage] if lineage in old.index else None
        after = new.loc[lineage] if lineage in new.index else None
        kind, detail = _change(before, after, lang)
        if kind:
            shown = after if after is not None else before
            rows.append({"change": kind, "title": shown["title"], "detail": detail})
    frame = pd.DataFrame(rows, columns=["change", "title", "detail"])
    frame["order"] = frame["change"].map(CHANGE_KINDS.index)
    frame = frame.sort_values(["order", "title"], kind="stable").drop(columns="order").reset_index(drop=True)
    frame["change"] = [t(f"plans.change.{kind}", lang) for kind in frame["change"]]
    return frame


def _change(before, after, lang: str) -> tuple[str | None, str]:
    status = lambda row: enum_label("action_status", row["status"], lang)  # noqa: E731
    if before is None:
        return "added", status(after)
    if after is None:
        # Not carried into the new version: closed if it was done, otherwise left out of the plan.
        return ("completed" if before["status"] == "done" else "dropped"), status(before)
    if after["status"] != before["status"] and after["status"] in ("done", "dropped"):
        return ("completed" if after["status"] == "done" else "dropped"), f"{status(before)} → {status(after)}"
    old_period = _period(before["start_year"], before["end_year"])
    new_period = _period(after["start_year"], after["end_year"])
    if old_period != new_period:
        return "moved", f"{old_period or '–'} → {new_period or '–'}"
    fields = ("title", "description", "responsible", "status")
    changed = [name for name in fields if _text(before[name]) != _text(after[name])]
    if changed:
        return "changed", ", ".join(t(f"plans.field.{name}", lang) for name in changed)
    return None, ""


def _text(value: object) -> str:
    return "" if _is_missing(value) else str(value)


def diff_kinds(store: Store, old_version: str, new_version: str) -> dict[str, list[str]]:
    """The lineages per kind of change (for tests and counts), language-free."""
    old = actions(store, old_version).set_index("lineage")
    new = actions(store, new_version).set_index("lineage")
    found: dict[str, list[str]] = {kind: [] for kind in CHANGE_KINDS}
    for lineage in [*new.index, *[key for key in old.index if key not in new.index]]:
        kind, _ = _change(
            old.loc[lineage] if lineage in old.index else None, new.loc[lineage] if lineage in new.index else None, "en"
        )
        if kind:
            found[kind].append(lineage)
    return found


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
