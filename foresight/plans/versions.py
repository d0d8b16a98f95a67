"""A plan's yearly versions: revising for next year, and what changed from one year to the next.

A revision copies the latest version's open actions (planned or under way) into next year's
version; each copy keeps its lineage, so a comparison follows the same action across years and
says whether it was added, completed, dropped, moved or changed.
"""

from __future__ import annotations

import pandas as pd

from foresight.data.tables import TABLES
from foresight.errors import NotFoundError
from foresight.i18n import enum_label, t
from foresight.plans import plans
from foresight.plans.plans import is_missing, period_text
from foresight.store import Store

CHANGE_KINDS = ("added", "completed", "dropped", "moved", "changed")


def revise(store: Store, plan_id: str, year: int | None = None) -> str:
    """Start next year's version (or `year`'s, a later one): a copy of the latest version's open actions
    (planned or under way)."""
    plan = plans.get_plan(store, plan_id)
    if not plan.versions:
        raise NotFoundError("plans.error.no_version", id=plan_id)
    latest_id, latest_year = plan.versions[-1]
    year = latest_year + 1 if year is None or int(year) <= latest_year else int(year)
    new_version = plans.new_id(store, "plan_versions", f"{plan_id[:70]}-{year}")
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


def version_of_year(store: Store, plan_id: str, year: int) -> str:
    """The plan's version of `year`; made from the latest (its open actions) when the plan has none
    that late yet, so this year's actions never land in an old year's version."""
    plan = plans.get_plan(store, plan_id)
    found = plan.version_id(int(year))
    if found is not None:
        return found
    if plan.versions and plan.versions[-1][1] > int(year):
        return plan.versions[-1][0]  # the plan already runs ahead of `year`: its latest version
    return revise(store, plan_id, int(year))


def compare(store: Store, old_version: str, new_version: str, lang: str) -> pd.DataFrame:
    """What changed from one version to another: added, completed, dropped, moved or changed actions."""
    old = plans.actions(store, old_version).set_index("lineage")
    new = plans.actions(store, new_version).set_index("lineage")
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
    old_period = period_text(before["start_year"], before["end_year"])
    new_period = period_text(after["start_year"], after["end_year"])
    if old_period != new_period:
        return "moved", f"{old_period or '–'} → {new_period or '–'}"
    fields = ("title", "description", "responsible", "status")
    changed = [name for name in fields if _text(before[name]) != _text(after[name])]
    if changed:
        return "changed", ", ".join(t(f"plans.field.{name}", lang) for name in changed)
    return None, ""


def _text(value: object) -> str:
    return "" if is_missing(value) else str(value)


def diff_kinds(store: Store, old_version: str, new_version: str) -> dict[str, list[str]]:
    """The lineages per kind of change (for tests and counts), language-free."""
    old = plans.actions(store, old_version).set_index("lineage")
    new = plans.actions(store, new_version).set_index("lineage")
    found: dict[str, list[str]] = {kind: [] for kind in CHANGE_KINDS}
    for lineage in [*new.index, *[key for key in old.index if key not in new.index]]:
        kind, _ = _change(
            old.loc[lineage] if lineage in old.index else None, new.loc[lineage] if lineage in new.index else None, "en"
        )
        if kind:
            found[kind].append(lineage)
    return found
