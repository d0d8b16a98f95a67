"""Scenario crosses on a real DuckDB workspace: crosses, cards, placements and their validation."""

from __future__ import annotations

import math

import pytest

from foresight.data.export import csv_bytes
from foresight.errors import NotFoundError
from foresight.scenarios import axes, moves, scenarios
from foresight.scenarios.moves import Drop
from foresight.scenarios.scenarios import Axis, ScenarioInputError
from foresight.store import Store
from foresight.text import TextInputError


@pytest.fixture
def cross_id(seeded_store: Store) -> int:
    return scenarios.create_cross(seeded_store, "Välfärd i Jämtland Härjedalen 2040")


def positions(store: Store, cross_id: int) -> dict[str, tuple[float, float] | None]:
    return {card.id: (card.x, card.y) if card.placed else None for card in scenarios.cross_cards(store, cross_id, "sv")}


def test_a_new_cross_holds_every_driver_in_the_tray_and_four_empty_quadrants(seeded_store, cross_id) -> None:
    drivers = seeded_store.scalar("SELECT count(*) FROM drivers")
    cards = scenarios.cross_cards(seeded_store, cross_id, "sv")
    assert len(cards) == drivers > 10
    assert all(card.kind == "driver" and not card.placed for card in cards)
    cross = scenarios.get_cross(seeded_store, cross_id)
    assert cross.name == "Välfärd i Jämtland Härjedalen 2040"
    assert [quadrant.key for quadrant in cross.quadrants] == ["nw", "ne", "sw", "se"]
    assert scenarios.list_crosses(seeded_store) == [(cross_id, cross.name)]


def test_rename_duplicate_and_delete(seeded_store, cross_id) -> None:
    scenarios.rename_cross(seeded_store, cross_id, "Skåne – omställning")
    scenarios.set_axis(
        seeded_store, cross_id, "x", Axis("smart-welfare-technology", "Välfärdsteknik", "långsam", "snabb")
    )
    scenarios.set_quadrant(seeded_store, cross_id, "ne", "Digital omsorg", "Många bor hemma längre.")
    moves.apply_drop(seeded_store, cross_id, {"card": "driver:migration", "x": 0.25, "y": -0.5})

    copy_id = scenarios.duplicate_cross(seeded_store, cross_id, "Kopia av Skåne")
    copy = scenarios.get_cross(seeded_store, copy_id)
    assert copy.x == Axis("smart-welfare-technology", "Välfärdsteknik", "långsam", "snabb")
    assert copy.quadrant("ne").narrative == "Många bor hemma längre."
    assert positions(seeded_store, copy_id)["driver:migration"] == (0.25, -0.5)

    # The copy moves on its own; the original keeps its placement.
    moves.apply_drop(seeded_store, copy_id, {"card": "driver:migration", "x": -0.9, "y": 0.9})
    assert positions(seeded_store, cross_id)["driver:migration"] == (0.25, -0.5)

    scenarios.delete_cross(seeded_store, cross_id)
    assert [name for _, name in scenarios.list_crosses(seeded_store)] == ["Kopia av Skåne"]
    assert seeded_store.scalar("SELECT count(*) FROM scenario_moves WHERE cross_id = ?", [cross_id]) == 0
    with pytest.raises(NotFoundError):
        scenarios.get_cross(seeded_store, cross_id)
    with pytest.raises(NotFoundError):
        scenarios.rename_cross(seeded_store, cross_id, "x")


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "text.error_required"),
        ("   ", "text.error_required"),
        ("x" * 121, "text.error_too_long"),
        (None, "text.error_not_text"),
    ],
)
def test_bad_names_are_rejected_and_change_nothing(seeded_store, cross_id, name, problem) -> None:
    with pytest.raises(TextInputError) as raised:
        scenarios.rename_cross(seeded_store, cross_id, name)
    assert raised.value.key == problem
    assert scenarios.get_cross(seeded_store, cross_id).name == "Välfärd i Jämtland Härjedalen 2040"


def test_markup_is_stored_as_typed_and_control_characters_are_dropped(seeded_store, cross_id) -> None:
    scenarios.rename_cross(seeded_store, cross_id, "<script>alert(1)</script>\x00 Örebro")
    assert scenarios.get_cross(seeded_store, cross_id).name == "<script>alert(1)</script> Örebro"


def test_placements_survive_closing_and_reopening_the_workspace(tmp_path) -> None:
    from foresight.workspace import build_fixture_workspace, open_workspace

    path = tmp_path / "restart.duckdb"
    with build_fixture_workspace(path) as store:
        cross_id = scenarios.create_cross(store, "Västra Götaland")
        moves.apply_drop(store, cross_id, {"card": "driver:urbanisation", "x": 0.123456, "y": -0.654321})
        moves.apply_drop(store, cross_id, {"card": "driver:migration", "x": 0.5, "y": 0.5})
        moves.apply_drop(store, cross_id, {"card": "driver:migration", "tray": True})
    with open_workspace(path) as reopened:
        found = positions(reopened, cross_id)
    assert found["driver:urbanisation"] == (0.123456, -0.654321)
    assert found["driver:migration"] is None


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"card": "driver:migration", "x": 0.5, "y": -0.25}, Drop("driver:migration", 0.5, -0.25)),
        ({"card": "driver:migration", "x": 7, "y": -3.5}, Drop("driver:migration", 1.0, -1.0)),
        ({"card": "driver:migration", "x": -1e308, "y": 1}, Drop("driver:migration", -1.0, 1.0)),
        ({"card": "driver:migration", "tray": True}, Drop("driver:migration", None, None)),
    ],
)
def test_valid_drops_are_clamped_to_the_cross(payload, expected) -> None:
    assert moves.parse_drop(payload, ["driver:migration"]) == expected


@pytest.mark.parametrize(
    "payload",
    [
        None,
        "driver:migration",
        ["driver:migration", 0, 0],
        {"card": "driver:migration"},
        {"card": "driver:migration", "x": math.nan, "y": 0},
        {"card": "driver:migration", "x": math.inf, "y": 0},
        {"card": "driver:migration", "x": "0.5", "y": 0},
        {"card": "driver:migration", "x": True, "y": 0},
        {"card": "driver:migration", "x": None, "y": 0},
        {"card": "driver:migration", "x": 0, "y": 0, "extra": 1},
        {"card": "driver:migration", "x": 0, "y": 0, "tray": True},
        {"card": "driver:migration", "tray": "yes"},
        {"card": "driver:unknown", "x": 0, "y": 0},
        {"card": "driver:../migration", "x": 0, "y": 0},
        {"card": "<img src=x onerror=alert(1)>", "x": 0, "y": 0},
        {"card": 12, "x": 0, "y": 0},
        {"card": "driver:migration", "x": 0, "y": 0, "tray": "x" * 1000},
        {"card": "driver:migration", "x": [0] * 400, "y": 0},
    ],
)
def test_crafted_drops_are_rejected(payload) -> None:
    with pytest.raises(ScenarioInputError):
        moves.parse_drop(payload, ["driver:migration"])


def test_a_rejected_drop_stores_nothing(seeded_store, cross_id) -> None:
    other = scenarios.create_cross(seeded_store, "Annat kors", card_ids=["trend:mt-technological-change"])
    before = seeded_store.scalar("SELECT count(*) FROM scenario_moves")
    for payload in (
        {"card": "trend:mt-technological-change", "x": 0, "y": 0},  # belongs to the other cross
        {"card": "driver:migration", "x": math.nan, "y": 0},
    ):
        with pytest.raises(ScenarioInputError):
            moves.apply_drop(seeded_store, cross_id, payload)
    with pytest.raises(ScenarioInputError):
        moves.place_card(seeded_store, other, Drop("driver:migration", 0.0, 0.0))
    assert seeded_store.scalar("SELECT count(*) FROM scenario_moves") == before


def test_cards_can_be_chosen_noted_removed_and_come_back_in_the_tray(seeded_store, cross_id) -> None:
    moves.apply_drop(seeded_store, cross_id, {"card": "driver:migration", "x": 0.5, "y": 0.5})
    scenarios.set_reference_cards(seeded_store, cross_id, ["trend:mt-technological-change", "driver:urbanisation"])
    note = scenarios.add_note(seeded_store, cross_id, '=HYPERLINK("x") och <b>fet</b>')
    assert note == "note:1"
    assert set(positions(seeded_store, cross_id)) == {"trend:mt-technological-change", "driver:urbanisation", note}
    scenarios.set_reference_cards(seeded_store, cross_id, ["driver:migration", "driver:urbanisation"])
    assert positions(seeded_store, cross_id)["driver:migration"] is None  # re-added: starts in the tray
    assert note in positions(seeded_store, cross_id)  # notes are not touched by the card choice
    scenarios.remove_card(seeded_store, cross_id, note)
    assert note not in positions(seeded_store, cross_id)
    with pytest.raises(ScenarioInputError):
        scenarios.set_reference_cards(seeded_store, cross_id, ["driver:no-such-driver"])
    with pytest.raises(TextInputError) as too_long:
        scenarios.add_note(seeded_store, cross_id, "x" * (scenarios.MAX_NOTE + 1))
    assert too_long.value.key == "text.error_too_long"


def test_placements_table_and_export_neutralise_formulas(seeded_store, cross_id) -> None:
    note = scenarios.add_note(seeded_store, cross_id, "=1+1")
    moves.apply_drop(seeded_store, cross_id, {"card": note, "x": -0.4, "y": 0.6})
    moves.apply_drop(seeded_store, cross_id, {"card": "driver:migration", "x": 0.3, "y": -0.2})
    frame = scenarios.cards_frame(scenarios.cross_cards(seeded_store, cross_id, "en"))
    rows = frame.set_index("card")
    assert rows.loc[note, "quadrant"] == "nw"
    assert rows.loc["driver:migration", "quadrant"] == "se"
    assert rows.loc["driver:migration", "label"] == "Migration"
    assert rows.loc["driver:urbanisation", "quadrant"] == ""
    text = csv_bytes(frame).decode("utf-8-sig")
    assert "'=1+1" in text and "\n=1+1" not in text and ",=1+1" not in text


def test_axis_candidates_rank_drivers_by_their_trends_and_put_the_vote_first(seeded_store) -> None:
    candidates = axes.axis_candidates(seeded_store, limit=50)
    assert all(candidate.source == "trends" for candidate in candidates)
    scores = [candidate.score for candidate in candidates]
    assert scores == sorted(scores, reverse=True)
    expected = {
        driver_id: score
        for driver_id, score in seeded_store.rows(
            "SELECT d, max(impact * uncertainty) FROM"
            " (SELECT unnest(drivers) AS d, impact, uncertainty FROM trends) AS t GROUP BY d"
        )
    }
    assert {candidate.driver_id: candidate.score for candidate in candidates} == expected

    voted = axes.axis_candidates(
        seeded_store, [("urbanisation", "Urbanisering", 42), ("no-such-driver", "x", 30), (None, "Tillit", 12)]
    )
    assert [(c.driver_id, c.source) for c in voted[:2]] == [("urbanisation", "vote"), (None, "vote")]
    assert voted[0].label_en == "Urbanisation" and voted[0].score == 42
    assert voted[1].label_sv == "Tillit"
    assert "urbanisation" not in [c.driver_id for c in voted[2:]]
    assert len(voted) == 8


def test_axes_reject_unknown_drivers(seeded_store, cross_id) -> None:
    with pytest.raises(ScenarioInputError):
        scenarios.set_axis(seeded_store, cross_id, "x", Axis("no-such-driver", "x"))
    with pytest.raises(ScenarioInputError):
        scenarios.set_axis(seeded_store, cross_id, "z", Axis(None, "x"))
    with pytest.raises(ScenarioInputError):
        scenarios.set_quadrant(seeded_store, cross_id, "middle", "x", "")
    assert scenarios.get_cross(seeded_store, cross_id).x == Axis()


def test_the_revision_changes_with_every_move_and_card_and_only_for_its_own_cross(seeded_store, cross_id) -> None:
    other = scenarios.create_cross(seeded_store, "Annat kors")
    seen = [moves.revision(seeded_store, cross_id)]

    def changed() -> bool:
        seen.append(moves.revision(seeded_store, cross_id))
        return seen[-1] != seen[-2]

    assert not changed()  # reading twice is the same token
    moves.place_card(seeded_store, other, Drop("driver:migration", 0.5, 0.5))
    assert not changed()  # another cross's move
    moves.place_card(seeded_store, cross_id, Drop("driver:migration", 0.5, 0.5))
    assert changed()
    moves.place_card(seeded_store, cross_id, Drop("driver:migration", 0.5, 0.5))  # the same spot again
    assert changed()
    moves.place_card(seeded_store, cross_id, Drop("driver:migration", None, None))  # back to the tray
    assert changed()
    note = scenarios.add_note(seeded_store, cross_id, "En lapp")
    assert changed()
    scenarios.remove_card(seeded_store, cross_id, note)
    assert changed()
    # One card swapped for another: the same count, a newer card.
    chosen = [card.id for card in scenarios.cross_cards(seeded_store, cross_id, "sv")]
    scenarios.set_reference_cards(seeded_store, cross_id, chosen[1:])
    assert changed()
    scenarios.set_reference_cards(seeded_store, cross_id, [*chosen[1:-1], chosen[0]])  # the last out, the first in
    assert changed()
