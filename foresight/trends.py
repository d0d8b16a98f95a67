"""The trend explorer's domain: filtering trends, one trend's detail, notes, and editing.

Filtering runs in DuckDB (a few milliseconds for thousands of trends) and returns only the
columns the charts and cards need. Notes are appended rows, never updated in place, so two
sessions marking trends at the same time never conflict; the newest note of a trend is its
current mark. Editing builds the same `RawTable` an imported spreadsheet would give and sends it
through `validate_rows`, so a trend typed into the app obeys exactly the rules of an import.

Related regional activities are matched two ways, kept simple on purpose: by method (an
activity that worked with megatrends, trends or weak signals matches trends of that level) and
by theme (an activity whose description names one of the trend's drivers of change, in Swedish
or English). Theme matches rank first.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from foresight import row_versions
from foresight.data.loading import upsert_in
from foresight.data.synthetic import SYNTHETIC_SOURCE
from foresight.data.tables import TABLES
from foresight.data.validation import RawTable, form_cell, validate_rows
from foresight.errors import NotFoundError, Problem, ValidationError
from foresight.store import Store
from foresight.text import clean_text
from foresight.vote import feeds

HORIZON_RANGE = (2020, 2100)
SCORE_RANGE = (1, 5)
PRIORITIES = (1, 2, 3)  # 1 = high
MAX_COMMENT = 2000
MAX_TEXT_QUERY = 200
ALLOWED_PARENTS = {"megatrend": (), "trend": ("megatrend",), "weak_signal": ("trend", "megatrend")}
LIST_COLUMNS = ("id", "level", "parent_id", "category", "horizon", "impact", "uncertainty", "title_sv", "title_en")


@dataclass(frozen=True)
class TrendFilter:
    """What the leadership group has narrowed the landscape to; empty means everything."""

    levels: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    horizon: tuple[int, int] = HORIZON_RANGE
    impact: tuple[int, int] = SCORE_RANGE
    uncertainty: tuple[int, int] = SCORE_RANGE
    driver: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Driver:
    id: str
    name_sv: str
    name_en: str
    votes: int = 0  # dots given to this driver in the workshop votes (current rounds)


@dataclass(frozen=True)
class TrendDetail:
    """One trend with its parent, drivers and source resolved to names."""

    id: str
    level: str
    category: str
    horizon: int
    impact: int
    uncertainty: int
    title_sv: str
    title_en: str
    description_sv: str | None
    description_en: str | None
    parent_id: str | None
    parent_title_sv: str | None
    parent_title_en: str | None
    source: str
    source_title: str | None
    drivers: tuple[Driver, ...] = field(default_factory=tuple)

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_sv

    def description(self, lang: str) -> str:
        chosen = self.description_en if lang == "en" else self.description_sv
        return chosen or self.description_sv or self.description_en or ""

    def parent_title(self, lang: str) -> str | None:
        return self.parent_title_en if lang == "en" else self.parent_title_sv


# -- filtering --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendTable:
    """The filtered trends as column arrays (numpy), in display order: cheap for charts and cards."""

    columns: Mapping[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.columns["id"])

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    @property
    def ids(self) -> list[str]:
        return [str(value) for value in self.columns["id"]]

    def titles(self, lang: str) -> np.ndarray:
        return self.columns["title_en" if lang == "en" else "title_sv"]

    def position(self, trend_id: str) -> int | None:
        """Index of a trend in the list, or None when the filter leaves it out."""
        found = np.flatnonzero(self.columns["id"] == trend_id)
        return int(found[0]) if len(found) else None

    def in_order(self, ids: Sequence[str]) -> TrendTable:
        """The rows of `ids` in that order (ids not in the table are left out)."""
        rows = [row for row in (self.position(trend_id) for trend_id in dict.fromkeys(ids)) if row is not None]
        picked = np.array(rows, dtype=np.intp)
        return TrendTable({name: values[picked] for name, values in self.columns.items()})


def filter_trends(store: Store, wanted: TrendFilter, only: Sequence[str] = ()) -> TrendTable:
    """The trends matching every part of the filter (and among `only`, if given), most important first."""
    clauses = ["horizon BETWEEN ? AND ?", "impact BETWEEN ? AND ?", "uncertainty BETWEEN ? AND ?"]
    params: list[object] = [*wanted.horizon, *wanted.impact, *wanted.uncertainty]
    if only:
        clauses.append("id = ANY(?)")
        params.append(list(only))
    if wanted.levels:
        clauses.append("level = ANY(?)")
        params.append(list(wanted.levels))
    if wanted.categories:
        clauses.append("category = ANY(?)")
        params.append(list(wanted.categories))
    if wanted.driver:
        clauses.append("? = ANY(drivers)")
        params.append(wanted.driver)
    if wanted.text.strip():
        clauses.append(
            "(strpos(lower(title_sv), ?) > 0 OR strpos(lower(title_en), ?) > 0"
            " OR strpos(lower(coalesce(description_sv, '')), ?) > 0"
            " OR strpos(lower(coalesce(description_en, '')), ?) > 0)"
        )
        params += [wanted.text.strip().lower()] * 4
    found = store.columns(
        f"SELECT {', '.join(LIST_COLUMNS)} FROM trends WHERE {' AND '.join(clauses)}"
        " ORDER BY CASE level WHEN 'megatrend' THEN 0 WHEN 'trend' THEN 1 ELSE 2 END,"
        " impact DESC, uncertainty DESC, id",
        params,
    )
    return TrendTable({name: np.asarray(found[name]) for name in LIST_COLUMNS})


# The trend page asks for these at every rerun; they change only with a write, so each is kept
# until the next one (`Store.kept`), in every process.


def _counts(store: Store) -> tuple[int, int, int]:
    """(trends, synthetic trends, notes), in one query."""
    row = store.rows(
        "SELECT (SELECT count(*) FROM trends), (SELECT count(*) FROM trends WHERE source = ?),"
        " (SELECT count(*) FROM trend_notes)",
        [SYNTHETIC_SOURCE],
    )[0]
    return int(row[0]), int(row[1]), int(row[2])


def trend_count(store: Store) -> int:
    return store.kept("trends.counts", _counts)[0]


def synthetic_count(store: Store) -> int:
    """Trends from the synthetic generator (source `synthetic`), so the page can say so."""
    return store.kept("trends.counts", _counts)[1]


def drivers(store: Store) -> tuple[Driver, ...]:
    """Every driver of change, for the filter and the edit form."""
    return store.kept(
        "trends.drivers",
        lambda kept: tuple(Driver(*row) for row in kept.rows("SELECT id, name_sv, name_en FROM drivers ORDER BY id")),
    )


def sources(store: Store) -> list[tuple[str, str]]:
    """Every source as (id, title), for the edit form."""
    return [(row[0], row[1]) for row in store.rows("SELECT id, title FROM sources ORDER BY id")]


def deck_trends(store: Store, ids: Sequence[str]) -> TrendTable:
    """A meeting's deck: the trends `ids` in the order the secretary chose (unknown ids left out)."""
    return filter_trends(store, TrendFilter(), only=list(ids)).in_order(ids)


def existing_ids(store: Store, ids: Sequence[str]) -> list[str]:
    """The given trend ids that exist, in the given order (used to check ids from a URL)."""
    if not ids:
        return []
    found = {row[0] for row in store.rows("SELECT id FROM trends WHERE id = ANY(?)", [list(ids)])}
    return [trend_id for trend_id in dict.fromkeys(ids) if trend_id in found]


# -- one trend --------------------------------------------------------------------------------


def trend_detail(store: Store, trend_id: str) -> TrendDetail:
    """One trend with names resolved; NotFoundError when the id is unknown."""
    found = store.rows(
        "SELECT t.id, t.level, t.category, t.horizon, t.impact, t.uncertainty, t.title_sv, t.title_en,"
        " t.description_sv, t.description_en, t.parent_id, p.title_sv, p.title_en, t.source, s.title"
        " FROM trends t LEFT JOIN trends p ON p.id = t.parent_id LEFT JOIN sources s ON s.id = t.source"
        " WHERE t.id = ?",
        [trend_id],
    )
    if not found:
        raise NotFoundError("trends.error.unknown_trend", id=trend_id)
    linked = store.rows(
        "SELECT d.id, d.name_sv, d.name_en FROM trends t JOIN drivers d ON d.id = ANY(t.drivers)"
        " WHERE t.id = ? ORDER BY d.id",
        [trend_id],
    )
    totals = feeds.driver_vote_totals(store)
    votes = dict(zip(totals["driver_id"], totals["dots"], strict=True))
    return TrendDetail(*found[0], drivers=tuple(Driver(*row, votes=int(votes.get(row[0], 0))) for row in linked))


def trend_record(store: Store, trend_id: str) -> dict[str, object]:
    """The stored row of a trend in import layout, to prefill the edit form."""
    columns = TABLES["trends"].column_names
    found = store.rows(f"SELECT {', '.join(columns)} FROM trends WHERE id = ?", [trend_id])
    if not found:
        raise NotFoundError("trends.error.unknown_trend", id=trend_id)
    return dict(zip(columns, found[0], strict=True))


def related_activities(store: Store, trend_id: str, limit: int = 8) -> pd.DataFrame:
    """Regional activities that used this trend's kind of method or named one of its drivers."""
    return store.query(
        "WITH chosen AS (SELECT level, drivers FROM trends WHERE id = $trend),"
        " keywords AS (SELECT lower(d.name_sv) AS sv, lower(d.name_en) AS en FROM drivers d, chosen"
        "   WHERE d.id = ANY(chosen.drivers)),"
        " scored AS (SELECT a.id, o.name AS organisation, a.year, a.activity_type, a.methods,"
        "   a.description_sv, a.description_en,"
        "   (SELECT CASE level WHEN 'megatrend' THEN 'megatrends' WHEN 'trend' THEN 'trends'"
        "     ELSE 'weak_signals' END FROM chosen) = ANY(a.methods) AS method_match,"
        "   EXISTS (SELECT 1 FROM keywords k WHERE strpos(lower(a.description_sv), k.sv) > 0"
        "     OR strpos(lower(coalesce(a.description_en, '')), k.en) > 0) AS theme_match"
        "   FROM activities a LEFT JOIN organisations o ON o.id = a.organisation_id)"
        " SELECT * FROM scored WHERE method_match OR theme_match"
        " ORDER BY theme_match DESC, method_match DESC, year DESC NULLS LAST, id LIMIT $limit",
        {"trend": trend_id, "limit": limit},
    )


# -- notes ------------------------------------------------------------------------------------


def add_note(
    store: Store,
    trend_id: str,
    priority: int,
    comment: str,
    relevant: bool = True,
    workshop_id: int | None = None,
    *,
    opened: int | None = None,
    writer: str = "",
) -> str:
    """Append the group's note on a trend; returns the note id. Nothing is written on bad input.

    `opened` is how many notes the trend had when the form opened (`note_version`): a note
    written by someone else since is not silently buried under this one; the save is refused.
    """
    text = clean_text(comment, field="comment", multiline=True)
    problems = []
    if priority not in PRIORITIES:
        problems.append(
            Problem(
                None, "priority", "import.bad_choice", {"value": priority, "choices": ", ".join(map(str, PRIORITIES))}
            )
        )
    if len(text) > MAX_COMMENT:
        problems.append(Problem(None, "comment", "import.too_long", {"limit": MAX_COMMENT}))
    if problems:
        raise ValidationError(problems)
    note_id = uuid.uuid4().hex
    with store.transaction() as cursor:
        if not cursor.execute("SELECT count(*) FROM trends WHERE id = ?", [trend_id]).fetchone()[0]:
            raise NotFoundError("trends.error.unknown_trend", id=trend_id)
        if (
            workshop_id is not None
            and not cursor.execute("SELECT count(*) FROM workshops WHERE id = ?", [workshop_id]).fetchone()[0]
        ):
            raise NotFoundError("workshops.error_unknown", id=workshop_id)
        if opened is not None:
            newest = cursor.execute(
                "SELECT (SELECT count(*) FROM trend_notes WHERE trend_id = $t), written_by, created_at"
                " FROM trend_notes WHERE trend_id = $t ORDER BY created_at DESC, id LIMIT 1",
                {"t": trend_id},
            ).fetchone()
            count = int(newest[0]) if newest else 0
            if count != int(opened):
                raise row_versions.EditConflictError(
                    "edit.conflict", who=newest[1] or "?", when=str(newest[2])[:16], yours=int(opened), theirs=count
                )
        cursor.execute(
            "INSERT INTO trend_notes (id, trend_id, relevant, priority, comment, workshop_id, written_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [note_id, trend_id, bool(relevant), int(priority), text, workshop_id, writer[:200] or None],
        )
    return note_id


def note_count(store: Store) -> int:
    return store.kept("trends.counts", _counts)[2]


def notes(store: Store) -> pd.DataFrame:
    """Every note, newest first, with the trend's titles."""
    return store.query(
        "SELECT n.created_at, n.trend_id, t.title_sv, t.title_en, n.relevant, n.priority, n.comment"
        " FROM trend_notes n LEFT JOIN trends t ON t.id = n.trend_id ORDER BY n.created_at DESC, n.id"
    )


def notes_for_export(store: Store, lang: str) -> pd.DataFrame:
    """Notes in a flat layout for CSV/.xlsx, titles in the reader's language."""
    frame = notes(store)
    title = frame["title_en"] if lang == "en" else frame["title_sv"]
    return pd.DataFrame(
        {
            "created_at": frame["created_at"].astype(str),
            "trend_id": frame["trend_id"],
            "title": title,
            "relevant": frame["relevant"],
            "priority": frame["priority"],
            "comment": frame["comment"],
        }
    )


def current_mark(store: Store, trend_id: str) -> tuple[bool, int, str] | None:
    """The newest note of a trend as (relevant, priority, comment), or None."""
    found = store.rows(
        "SELECT relevant, priority, comment FROM trend_notes WHERE trend_id = ? ORDER BY created_at DESC, id LIMIT 1",
        [trend_id],
    )
    return (bool(found[0][0]), int(found[0][1]), str(found[0][2])) if found else None


def note_version(store: Store, trend_id: str) -> int:
    """How many notes a trend has: the version a note form opens and `add_note` checks."""
    return int(store.scalar("SELECT count(*) FROM trend_notes WHERE trend_id = ?", [trend_id]))


def relevant_ids(store: Store) -> frozenset[str]:
    """Trends whose newest note marks them relevant."""
    return store.kept("trends.relevant", _read_relevant_ids)


def _read_relevant_ids(store: Store) -> frozenset[str]:
    return frozenset(
        row[0]
        for row in store.rows(
            "SELECT trend_id FROM (SELECT DISTINCT ON (trend_id) trend_id, relevant FROM trend_notes"
            " ORDER BY trend_id, created_at DESC, id) AS newest WHERE relevant"
        )
    )


# -- editing ----------------------------------------------------------------------------------


def save_trend(
    store: Store, values: Mapping[str, object], *, new: bool, opened: int | None = None, editor: str = ""
) -> dict[str, object]:
    """Validate a trend typed into the app exactly as an import would, then upsert it.

    `opened` is the version the form opened (foresight.row_versions): a trend saved by someone
    else since is refused and not overwritten. The record returned carries its new `version`.
    """
    spec = TABLES["trends"]
    row = [form_cell(values.get(name)) for name in spec.column_names]
    trend_id = row[0]
    stored = {key: level for key, level in store.rows("SELECT id, level FROM trends")}
    if new and trend_id in stored:
        raise ValidationError([Problem(None, "id", "trends.error.id_taken", {"value": trend_id})])
    if not new and trend_id not in stored:
        raise NotFoundError("trends.error.unknown_trend", id=trend_id)
    known = {
        "trends": set(stored),
        "drivers": {row[0] for row in store.rows("SELECT id FROM drivers")},
        "sources": {row[0] for row in store.rows("SELECT id FROM sources")},
    }
    record = validate_rows(spec, RawTable(spec.column_names, [row]), known)[0]
    problems = []
    parent = record.get("parent_id")
    if parent and parent != trend_id and stored.get(parent) not in ALLOWED_PARENTS[str(record["level"])]:
        problems.append(Problem(None, "parent_id", "import.bad_parent", {"value": parent}))
    children = store.rows("SELECT DISTINCT level FROM trends WHERE parent_id = ?", [trend_id])
    if any(record["level"] not in ALLOWED_PARENTS[level] for (level,) in children):
        problems.append(Problem(None, "level", "trends.error.has_children"))
    if problems:
        raise ValidationError(problems)
    after = (int(record["impact"]), int(record["uncertainty"]), int(record["horizon"]))
    with store.transaction() as cursor:
        stored_version = row_versions.check(cursor, "trends", trend_id, None if new else opened)
        before = cursor.execute("SELECT impact, uncertainty, horizon FROM trends WHERE id = ?", [trend_id]).fetchone()
        upsert_in(cursor, "trends", [record])
        record["version"] = row_versions.claim(cursor, "trends", trend_id, editor, stored_version)
        if before is None or tuple(before) != after:
            # The old scores are kept here, in the edit's own transaction, never overwritten.
            cursor.execute(
                "INSERT INTO trend_history (trend_id, impact_before, impact_after, uncertainty_before,"
                " uncertainty_after, horizon_before, horizon_after, title_sv, title_en)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    trend_id,
                    before[0] if before else None,
                    after[0],
                    before[1] if before else None,
                    after[1],
                    before[2] if before else None,
                    after[2],
                    record["title_sv"],
                    record["title_en"],
                ],
            )
    return record


def trend_history(store: Store, trend_id: str) -> pd.DataFrame:
    """Every score change of a trend, oldest first: changed_at, impact/uncertainty/horizon before and after."""
    return store.query(
        "SELECT changed_at, impact_before, impact_after, uncertainty_before, uncertainty_after,"
        " horizon_before, horizon_after FROM trend_history WHERE trend_id = ? ORDER BY id",
        [trend_id],
    )
