"""What each reference table holds: columns, types, enumerations and references.

One declaration drives the CSV seed loading, the import validation (CLI and app), the export
and the i18n of enumeration labels, so the three can never disagree about a column.
"""

from __future__ import annotations

from dataclasses import dataclass

CATEGORIES = ("social", "technological", "economic", "environmental", "political", "values")
TREND_LEVELS = ("megatrend", "trend", "weak_signal")
ORG_TYPES = ("region", "municipality", "national_agency", "association", "nordic_peer", "network")
COUNTRIES = ("SE", "NO", "FI", "DK", "IS")
ACTIVITY_TYPES = (
    "workshop",
    "conference",
    "seminar",
    "training",
    "staff_day",
    "meeting",
    "strategy",
    "action_plan",
    "scenario",
    "design_fiction",
    "media",
    "project",
    "network",
)
METHODS = (
    "megatrends",
    "trends",
    "weak_signals",
    "drivers_of_change",
    "scenarios",
    "backcasting",
    "design_fiction",
    "environmental_scanning",
    "forecasting",
    "visioning",
    "future_workshop",
)
ACTION_STATUSES = ("planned", "under_way", "done", "dropped")
VISION_QUESTIONS = ("risks", "opportunities", "succeeded")  # Kungsbacka's three questions
QUADRANT_KEYS = ("nw", "ne", "sw", "se")  # as foresight.scenarios.scenarios.QUADRANTS
AUDIENCES = (
    "staff",
    "management",
    "politicians",
    "municipalities",
    "business",
    "civil_society",
    "education",
    "agencies",
    "public",
    "mixed",
)
STATUSES = ("held", "planned")
UNDATED = ("yes", "no")

# Column kinds understood by foresight.data.validation.
TEXT, SLUG, INTEGER, DECIMAL, DATE, ENUM, ENUM_LIST, REF, REF_LIST, REGION_CODE = (
    "text",
    "slug",
    "integer",
    "decimal",
    "date",
    "enum",
    "enum_list",
    "ref",
    "ref_list",
    "region_code",
)
LIST_SEPARATOR = "|"  # between the values of a list column in one cell
MUNICIPALITY_CODE = "municipality_code"  # SCB's four digits, e.g. 1384 Kungsbacka
HTTPS_URL = "https_url"  # an https:// address, shown as a link


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = True
    choices: tuple[str, ...] = ()
    references: str | None = None  # table whose `id` (or `code`) a ref column points at
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = 2000


@dataclass(frozen=True)
class TableSpec:
    name: str
    key: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


def _source(required: bool = True) -> Column:
    return Column("source", REF, required=required, references="sources")


def _year(name: str, required: bool = False) -> Column:
    return Column(name, INTEGER, required=required, minimum=1950, maximum=2100)


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "sources",
            "id",
            (
                Column("id", SLUG),
                Column("title", TEXT),
                Column("publisher", TEXT, required=False),
                Column("year", INTEGER, required=False, minimum=1900, maximum=2100),
                Column("note", TEXT, required=False),
                Column("url", HTTPS_URL, required=False, max_length=500),
            ),
        ),
        TableSpec(
            "regions",
            "code",
            (
                Column("code", REGION_CODE),
                Column("name", TEXT, max_length=100),
                Column("seat", TEXT, required=False, max_length=100),
                Column("lon", DECIMAL, minimum=10.0, maximum=25.0),
                Column("lat", DECIMAL, minimum=55.0, maximum=69.5),
                Column("population", INTEGER, required=False, minimum=0, maximum=20_000_000),
                _source(),
            ),
        ),
        TableSpec(
            "municipalities",
            "code",
            (
                Column("code", MUNICIPALITY_CODE),
                Column("name", TEXT, max_length=100),
                Column("region_code", REF, references="regions"),
                _source(),
            ),
        ),
        TableSpec(
            "organisations",
            "id",
            (
                Column("id", SLUG),
                Column("name", TEXT, max_length=200),
                Column("org_type", ENUM, choices=ORG_TYPES),
                Column("region_code", REF, required=False, references="regions"),
                Column("country", ENUM, choices=COUNTRIES),
                Column("lon", DECIMAL, required=False, minimum=-30.0, maximum=40.0),
                Column("lat", DECIMAL, required=False, minimum=50.0, maximum=72.0),
                _source(),
            ),
        ),
        TableSpec(
            "activities",
            "id",
            (
                Column("id", SLUG),
                Column("organisation_id", REF, references="organisations"),
                Column("year", INTEGER, required=False, minimum=1950, maximum=2100),
                Column("date", DATE, required=False),
                Column("activity_type", ENUM, choices=ACTIVITY_TYPES),
                Column("methods", ENUM_LIST, required=False, choices=METHODS),
                Column("audience", ENUM, required=False, choices=AUDIENCES),
                Column("participants", INTEGER, required=False, minimum=0, maximum=1_000_000),
                Column("description_sv", TEXT),
                Column("description_en", TEXT, required=False),
                _source(),
                Column("municipality_code", REF, required=False, references="municipalities"),
                Column("status", ENUM, required=False, choices=STATUSES),
                Column("undated", ENUM, required=False, choices=UNDATED),
            ),
        ),
        TableSpec(
            "drivers",
            "id",
            (
                Column("id", SLUG),
                Column("name_sv", TEXT, max_length=200),
                Column("name_en", TEXT, max_length=200),
                Column("category", ENUM, choices=CATEGORIES),
                Column("description_sv", TEXT, required=False),
                Column("description_en", TEXT, required=False),
                _source(),
            ),
        ),
        TableSpec(
            "trends",
            "id",
            (
                Column("id", SLUG),
                Column("level", ENUM, choices=TREND_LEVELS),
                Column("parent_id", REF, required=False, references="trends"),
                Column("category", ENUM, choices=CATEGORIES),
                Column("horizon", INTEGER, minimum=2020, maximum=2100),
                Column("impact", INTEGER, minimum=1, maximum=5),
                Column("uncertainty", INTEGER, minimum=1, maximum=5),
                Column("title_sv", TEXT, max_length=200),
                Column("title_en", TEXT, max_length=200),
                Column("description_sv", TEXT, required=False),
                Column("description_en", TEXT, required=False),
                Column("drivers", REF_LIST, required=False, references="drivers"),
                _source(),
            ),
        ),
        # Plans, visions and backcasting (issue 14). Rows made in the app carry no source.
        TableSpec(
            "plans",
            "id",
            (
                Column("id", SLUG),
                Column("organisation_id", REF, references="organisations"),
                Column("title", TEXT, max_length=200),
                Column("overall_goal", TEXT),
                _year("horizon"),
                _source(required=False),
            ),
        ),
        TableSpec(
            "plan_versions",
            "id",
            (
                Column("id", SLUG),
                Column("plan_id", REF, references="plans"),
                _year("year", required=True),
                Column("note", TEXT, required=False),
                _source(required=False),
            ),
        ),
        TableSpec(
            "plan_goals",
            "id",
            (
                Column("id", SLUG),
                Column("plan_id", REF, references="plans"),
                Column("title", TEXT, max_length=400),
                _source(required=False),
            ),
        ),
        TableSpec(
            "visions",
            "id",
            (
                Column("id", SLUG),
                Column("organisation_id", REF, references="organisations"),
                Column("title", TEXT, max_length=200),
                Column("picture", TEXT),
                _year("horizon"),
                _source(required=False),
            ),
        ),
        TableSpec(
            "vision_answers",
            "id",
            (
                Column("id", SLUG),
                Column("vision_id", REF, references="visions"),
                Column("group_name", TEXT, max_length=120),
                Column("question", ENUM, choices=VISION_QUESTIONS),
                Column("answer", TEXT),
                _source(required=False),
            ),
        ),
        TableSpec(
            "backcasts",
            "id",
            (
                Column("id", SLUG),
                Column("plan_id", REF, references="plans"),
                Column("title", TEXT, max_length=200),
                Column("cross_id", INTEGER, required=False, minimum=1, maximum=2_000_000_000),
                Column("quadrant", ENUM, required=False, choices=QUADRANT_KEYS),
                Column("vision_id", REF, required=False, references="visions"),
                Column("future_picture", TEXT, required=False),
                Column("success", TEXT),
                _year("start_year", required=True),
                _year("horizon", required=True),
                Column("workshop_id", INTEGER, required=False, minimum=1, maximum=2_000_000_000),
                _source(required=False),
            ),
        ),
        TableSpec(
            "backcast_milestones",
            "id",
            (
                Column("id", SLUG),
                Column("backcast_id", REF, references="backcasts"),
                _year("year", required=True),
                Column("title", TEXT, max_length=400),
                _source(required=False),
            ),
        ),
        TableSpec(
            "plan_actions",
            "id",
            (
                Column("id", SLUG),
                Column("version_id", REF, references="plan_versions"),
                Column("lineage", SLUG),
                Column("title", TEXT, max_length=400),
                Column("description", TEXT, required=False),
                Column("responsible", TEXT, max_length=200),
                _year("start_year"),
                _year("end_year"),
                Column("status", ENUM, choices=ACTION_STATUSES),
                Column("goals", REF_LIST, required=False, references="plan_goals"),
                Column("trends", REF_LIST, required=False, references="trends"),
                Column("drivers", REF_LIST, required=False, references="drivers"),
                Column("activities", REF_LIST, required=False, references="activities"),
                Column("milestone_id", REF, required=False, references="backcast_milestones"),
                Column("workshop_id", INTEGER, required=False, minimum=1, maximum=2_000_000_000),
                _source(required=False),
            ),
        ),
    )
}

# Load order: a table comes after every table it references.
LOAD_ORDER = (
    "sources",
    "regions",
    "municipalities",
    "organisations",
    "drivers",
    "trends",
    "activities",
    "plans",
    "plan_versions",
    "plan_goals",
    "visions",
    "vision_answers",
    "plan_actions",
)
# Kept in the workspace and checked like the tables above, but not seeded (the sources hold no
# backcast to trace), so not in LOAD_ORDER: the seed loader needs rows in every file it reads.
# The plans page imports and exports them.
WORKSPACE_TABLES = ("backcasts", "backcast_milestones")
