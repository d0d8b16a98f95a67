"""The trend explorer's domain: filters against a pandas reference, detail, notes, editing, figures."""

from __future__ import annotations

import random

import pandas as pd
import plotly.graph_objects as go
import pytest

from foresight import trends
from foresight.data.export import csv_bytes
from foresight.data.synthetic import add_synthetic_trends
from foresight.data.tables import CATEGORIES, TREND_LEVELS
from foresight.errors import NotFoundError, ValidationError
from foresight.figures.trends import ChartTexts, matrix_figure, quadrant_counts, radar_figure
from foresight.store import Store
from foresight.trends import TrendFilter

TEXTS = ChartTexts(
    categories={c: c.title() for c in CATEGORIES},
    levels={v: v for v in TREND_LEVELS},
    impact="Impact",
    uncertainty="Uncertainty",
    horizon="Horizon",
    quadrants=("plan", "critical", "low", "watch"),
)


def reference_filter(frame: pd.DataFrame, wanted: TrendFilter) -> list[str]:
    """The same filter written plainly in pandas, as a reader would expect it to behave."""
    keep = frame["horizon"].between(*wanted.horizon)
    keep &= frame["impact"].between(*wanted.impact) & frame["uncertainty"].between(*wanted.uncertainty)
    if wanted.levels:
        keep &= frame["level"].isin(wanted.levels)
    if wanted.categories:
        keep &= frame["category"].isin(wanted.categories)
    if wanted.driver:
        keep &= frame["drivers"].map(lambda linked: wanted.driver in list(linked)).astype(bool)
    if wanted.text:
        needle = wanted.text.lower()
        hit = pd.Series(False, index=frame.index)
        for column in ("title_sv", "title_en", "description_sv", "description_en"):
            hit |= frame[column].fillna("").str.lower().str.contains(needle, regex=False)
        keep &= hit
    chosen = frame[keep.astype(bool)]
    chosen = chosen.assign(rank=chosen["level"].map({"megatrend": 0, "trend": 1, "weak_signal": 2}))
    chosen = chosen.sort_values(["rank", "impact", "uncertainty", "id"], ascending=[True, False, False, True])
    return chosen["id"].tolist()


def random_filter(rng: random.Random, driver_ids: list[str], words: list[str]) -> TrendFilter:
    def span(low: int, high: int, step: int = 1) -> tuple[int, int]:
        first, second = rng.randrange(low, high + 1, step), rng.randrange(low, high + 1, step)
        return (min(first, second), max(first, second)) if rng.random() < 0.4 else (low, high)

    return TrendFilter(
        levels=tuple(rng.sample(TREND_LEVELS, rng.randint(0, 2))),
        categories=tuple(rng.sample(CATEGORIES, rng.choice([0, 0, 1, 2, 3]))),
        horizon=span(2020, 2100, 5),
        impact=span(1, 5),
        uncertainty=span(1, 5),
        driver=rng.choice(driver_ids) if rng.random() < 0.25 else None,
        text=rng.choice(words) if rng.random() < 0.3 else "",
    )


def test_filter_matches_a_pandas_reference_on_random_data(seeded_store: Store) -> None:
    add_synthetic_trends(seeded_store, 400, seed=7)
    frame = seeded_store.query("SELECT * FROM trends")
    driver_ids = [driver.id for driver in trends.drivers(seeded_store)]
    words = ["klimat", "Å", "ÅLDRANDE", "ai", "synthetic trend 3", "vätte", "100%", "_"]
    rng = random.Random(2050)
    non_empty = 0
    for _ in range(80):
        wanted = random_filter(rng, driver_ids, words)
        found = trends.filter_trends(seeded_store, wanted).ids
        assert found == reference_filter(frame, wanted), wanted
        non_empty += bool(found)
    assert non_empty > 30  # the comparison is not all empty lists
    assert len(trends.filter_trends(seeded_store, TrendFilter())) == len(frame)


def test_filter_restricted_to_chosen_ids_and_position(seeded_store: Store) -> None:
    chosen = ["tr-cyber-threats", "mt-migration", "not-a-trend"]
    table = trends.filter_trends(seeded_store, TrendFilter(), only=chosen)
    assert table.ids == ["mt-migration", "tr-cyber-threats"]
    assert table.position("tr-cyber-threats") == 1 and table.position("ws-repair-hubs") is None
    assert trends.existing_ids(seeded_store, ["x", "mt-migration", "mt-migration"]) == ["mt-migration"]


def test_detail_resolves_parent_drivers_and_source(seeded_store: Store) -> None:
    detail = trends.trend_detail(seeded_store, "tr-ai-public-administration")
    assert detail.parent_id == "mt-technological-change"
    assert detail.parent_title("en").startswith("Accelerating technological change")
    assert {driver.id for driver in detail.drivers} == {"digitalisation-ai", "technological-change"}
    assert detail.source_title and detail.title("sv") != detail.title("en")
    with pytest.raises(NotFoundError):
        trends.trend_detail(seeded_store, "no-such-trend")


def test_related_activities_match_by_method_or_theme(seeded_store: Store) -> None:
    found = trends.related_activities(seeded_store, "mt-climate-environment")
    assert not found.empty
    assert (found["method_match"] | found["theme_match"]).all()
    megatrend_work = seeded_store.query("SELECT id FROM activities WHERE 'megatrends' = ANY(methods)")
    assert set(megatrend_work["id"]) <= set(found["id"])
    assert "megatrends" in found.iloc[0]["methods"] or found.iloc[0]["theme_match"]


def test_notes_are_appended_survive_reopening_and_export_safely(tmp_path) -> None:
    from foresight.workspace import build_fixture_workspace

    path = tmp_path / "notes.duckdb"
    with build_fixture_workspace(path) as store:
        trends.add_note(store, "tr-cyber-threats", 1, "Viktigt för oss\x07 – räddningstjänsten")
        trends.add_note(store, "ws-repair-hubs", 3, '=HYPERLINK("http://x")', relevant=False)
    with Store(path) as reopened:  # what a server restart does
        found = trends.notes(reopened)
        assert len(found) == 2
        assert "Viktigt för oss – räddningstjänsten" in set(found["comment"])
        assert trends.relevant_ids(reopened) == {"tr-cyber-threats"}
        assert trends.current_mark(reopened, "tr-cyber-threats") == (True, 1, "Viktigt för oss – räddningstjänsten")
        exported = csv_bytes(trends.notes_for_export(reopened, "en")).decode("utf-8-sig")
        assert "'=HYPERLINK" in exported and "\n=HYPERLINK" not in exported
        assert "Rising cyber threats" in exported


def test_newest_note_decides_the_mark(seeded_store: Store) -> None:
    trends.add_note(seeded_store, "mt-migration", 2, "first")
    trends.add_note(seeded_store, "mt-migration", 1, "changed our mind", relevant=False)
    assert trends.current_mark(seeded_store, "mt-migration") == (False, 1, "changed our mind")
    assert "mt-migration" not in trends.relevant_ids(seeded_store)


@pytest.mark.parametrize(
    ("trend_id", "priority", "comment", "error"),
    [
        ("tr-cyber-threats", 7, "ok", ValidationError),
        ("tr-cyber-threats", 1, "x" * (trends.MAX_COMMENT + 1), ValidationError),
        ("no-such-trend", 1, "ok", NotFoundError),
    ],
)
def test_bad_notes_change_nothing(seeded_store: Store, trend_id, priority, comment, error) -> None:
    with pytest.raises(error):
        trends.add_note(seeded_store, trend_id, priority, comment)
    assert trends.notes(seeded_store).empty


def _new_trend(**changes: object) -> dict[str, object]:
    values = {
        "id": "ws-local-food-hubs",
        "level": "weak_signal",
        "parent_id": "tr-circular-economy",
        "category": "values",
        "horizon": 2035,
        "impact": 2,
        "uncertainty": 4,
        "title_sv": "Lokala mathubbar i Jämtland Härjedalen",
        "title_en": "Local food hubs",
        "description_sv": "",
        "description_en": "",
        "drivers": ["changing-values"],
        "source": "eu_megatrends_hub",
    }
    return {**values, **changes}


def test_a_new_trend_is_validated_and_stored(seeded_store: Store) -> None:
    stored = trends.save_trend(seeded_store, _new_trend(title_en="<b>Local</b> food hubs"), new=True)
    assert stored["drivers"] == ["changing-values"]
    detail = trends.trend_detail(seeded_store, "ws-local-food-hubs")
    assert detail.title("en") == "<b>Local</b> food hubs"  # stored as typed; shown as text by the page
    assert detail.parent_id == "tr-circular-economy"


@pytest.mark.parametrize(
    ("changes", "new", "column"),
    [
        ({"id": "tr-cyber-threats"}, True, "id"),  # taken
        ({"id": "Bad Id!"}, True, "id"),
        ({"parent_id": "ws-repair-hubs"}, True, "parent_id"),  # a weak signal cannot hang under a weak signal
        ({"parent_id": "nowhere"}, True, "parent_id"),
        ({"level": "trend", "parent_id": ""}, True, "parent_id"),
        ({"title_sv": "=1+1"}, True, "title_sv"),
        ({"impact": 9}, True, "impact"),
        ({"drivers": ["not-a-driver"]}, True, "drivers"),
    ],
)
def test_invalid_trends_are_rejected_like_an_import(seeded_store: Store, changes, new, column) -> None:
    before = trends.trend_count(seeded_store)
    with pytest.raises(ValidationError) as raised:
        trends.save_trend(seeded_store, _new_trend(**changes), new=new)
    assert column in {problem.column for problem in raised.value.problems}
    assert trends.trend_count(seeded_store) == before


def test_editing_keeps_the_hierarchy_consistent(seeded_store: Store) -> None:
    record = trends.trend_record(seeded_store, "tr-cyber-threats")
    trends.save_trend(seeded_store, {**record, "impact": 2, "title_en": "Cyber threats"}, new=False)
    assert trends.trend_detail(seeded_store, "tr-cyber-threats").impact == 2
    megatrend = trends.trend_record(seeded_store, "mt-migration")
    with pytest.raises(ValidationError) as raised:  # its trends would be left under a weak signal
        trends.save_trend(
            seeded_store, {**megatrend, "level": "weak_signal", "parent_id": "tr-cyber-threats"}, new=False
        )
    assert "level" in {problem.column for problem in raised.value.problems}
    with pytest.raises(NotFoundError):
        trends.save_trend(seeded_store, _new_trend(id="ghost"), new=False)


def test_a_deck_keeps_the_chosen_order_and_drops_unknown_ids(seeded_store: Store) -> None:
    chosen = ["mt-urbanisation", "ghost", "tr-cyber-threats", "mt-migration", "tr-cyber-threats"]
    deck = trends.deck_trends(seeded_store, chosen)
    assert deck.ids == ["mt-urbanisation", "tr-cyber-threats", "mt-migration"]
    assert deck.position("mt-migration") == 2 and deck.position("ghost") is None
    assert list(deck["impact"]) == [
        trends.trend_detail(seeded_store, trend_id).impact for trend_id in deck.ids
    ]  # every column follows the order
    assert len(trends.deck_trends(seeded_store, [])) == 0 and len(trends.deck_trends(seeded_store, ["ghost"])) == 0


def test_figures_are_valid_plotly_and_print_no_labels(seeded_store: Store) -> None:
    add_synthetic_trends(seeded_store, 136, seed=3)
    table = trends.filter_trends(seeded_store, TrendFilter())
    assert len(table) == 200
    for build in (radar_figure, matrix_figure):
        figure = build(table, "sv", TEXTS, selected=["tr-cyber-threats"])
        validated = go.Figure(figure.to_dict())  # raises on a misspelt attribute
        points = validated.data[0]
        assert points.mode == "markers"  # titles on hover only, never printed on the chart
        assert sorted(points.customdata) == sorted(table.ids)
        assert [points.customdata[i] for i in points.selectedpoints] == ["tr-cyber-threats"]
    assert sum(quadrant_counts(table)) == 200


def test_hover_text_is_escaped(seeded_store: Store) -> None:
    trends.save_trend(seeded_store, _new_trend(title_sv="<img src=x onerror=alert(1)>"), new=True)
    table = trends.filter_trends(seeded_store, TrendFilter(text="onerror"))
    figure = radar_figure(table, "sv", TEXTS)
    assert list(figure.data[0].text) == ["&lt;img src=x onerror=alert(1)&gt;"]
