"""A workshop vote feeds the other pages: axis candidates for the cross, dots on the drivers."""

from __future__ import annotations

from foresight import trends
from foresight.scenarios import axes
from foresight.store import Store
from foresight.vote.voting import OptionInput
from tests.support.ballots import cast_all, open_vote


def test_the_latest_votes_top_driver_is_the_first_axis_candidate_and_shows_on_trends(seeded_store: Store) -> None:
    before = axes.suggested_axes(seeded_store)
    assert all(candidate.source == "trends" for candidate in before)

    linked = seeded_store.rows(
        "SELECT id, 'smart-welfare-technology' FROM trends WHERE 'smart-welfare-technology' = ANY(drivers)"
        " ORDER BY id LIMIT 1"
    )
    assert linked, "the seed links some trend to smart welfare technology"
    trend_id = linked[0][0]

    created = open_vote(
        seeded_store,
        "Vilka drivkrafter?",
        [OptionInput("smart-welfare-technology", None), OptionInput("urbanisation", None)],
        dots_per_participant=3,
        max_per_option=3,
    )
    cast_all(seeded_store, created.code, [{0: 3 - number % 2, 1: number % 2} for number in range(4)])

    after = axes.suggested_axes(seeded_store)
    assert (after[0].driver_id, after[0].source, after[0].score) == ("smart-welfare-technology", "vote", 10)
    assert (after[1].driver_id, after[1].source, after[1].score) == ("urbanisation", "vote", 2)

    detail = trends.trend_detail(seeded_store, trend_id)
    assert {driver.id: driver.votes for driver in detail.drivers}["smart-welfare-technology"] == 10
