"""Scenario cross benchmarks: a drop and a redraw, against a one-row read in the same run."""

from __future__ import annotations

from bench.context import BenchContext, Result
from foresight.scenarios.moves import Drop, apply_drop, place_card
from foresight.scenarios.scenarios import card_choices, create_cross, cross_cards
from foresight.workspace import open_workspace

BENCH_CASES = ("scenario_select1", "scenario_drop", "scenario_cards_read", "scenario_page_placed")


def bench_cases(context: BenchContext) -> dict[str, Result]:
    """`python -m foresight bench`: a drop and a redraw, against a one-row read in the same run."""
    store = open_workspace(context.workspace)
    try:
        card_ids = list(card_choices(store, "sv"))
        cross_id = create_cross(store, "Bench", card_ids)
        for index, card_id in enumerate(card_ids):
            place_card(store, cross_id, Drop(card_id, (index % 9) / 4.5 - 1, (index % 7) / 3.5 - 1))
        baseline = context.median_ms(lambda: store.rows("SELECT 1"))
        turn = iter(range(10**9))

        def drop() -> None:
            step = next(turn)
            apply_drop(store, cross_id, {"card": card_ids[step % len(card_ids)], "x": (step % 11) / 11, "y": -0.5})

        results = {"scenario_select1": Result(ms=baseline)}
        for name, action in (
            ("scenario_drop", drop),
            ("scenario_cards_read", lambda: cross_cards(store, cross_id, "sv")),
        ):
            ms = context.median_ms(action)
            results[name] = Result(
                ms=ms, ratio=ms / baseline, baseline="scenario_select1", extra={"cards": len(card_ids)}
            )
        page_ms = context.apptest_rerun_ms(page="views/scenarios.py")
        results["scenario_page_placed"] = context.ratio_to("trivial_page", page_ms)
        results["scenario_page_placed"].extra["cards"] = len(card_ids)
        return results
    finally:
        store.close()
