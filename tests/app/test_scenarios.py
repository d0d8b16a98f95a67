"""The scenario cross page in AppTest, on a workspace of its own (these tests write crosses)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from foresight.scenarios import moves, scenarios
from foresight.text import escape_markdown
from foresight.workspace import build_fixture_workspace, open_workspace
from tests.app.conftest import all_text, run_page

ROOT = Path(__file__).resolve().parents[2]
PAGE = "views/scenarios.py"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "scenarios.duckdb"
    build_fixture_workspace(path).close()
    monkeypatch.setenv("FRAMSYN_DB", str(path))
    return path


@pytest.fixture
def page(workspace: Path) -> Callable[..., AppTest]:
    return lambda **query: run_page(PAGE, **query)


def stored(workspace: Path, action):
    """Read the workspace the page wrote (through the page's own cached store)."""
    from foresight.ui.resources import store

    return action(store())


def button(at: AppTest, label: str):
    return next(found for found in at.button if found.label == label)


def test_an_empty_workspace_offers_to_create_a_cross(page, workspace) -> None:
    at = page(lang="en")
    assert not at.exception
    assert any("no scenario cross yet" in info.value for info in at.info)
    at.text_input(key="scenarios_new_name").set_value("Skåne 2040")
    button(at, "Create").click().run()
    assert not at.exception
    crosses = stored(workspace, scenarios.list_crosses)
    assert [name for _, name in crosses] == ["Skåne 2040"]
    assert at.query_params["cross"] in ([str(crosses[0][0])], str(crosses[0][0]))
    assert at.selectbox(key="scenarios_pick").value == crosses[0][0]
    table = at.table[0].value
    assert len(table) == 21 and set(table["Scenario"]) == {"not placed"}


def test_rename_duplicate_and_delete_from_the_page(page, workspace) -> None:
    cross_id = stored(workspace, lambda store: scenarios.create_cross(store, "Kronoberg"))
    at = page(lang="en", cross=str(cross_id))
    at.text_input(key=f"rename_name_{cross_id}").set_value("<b>Kronoberg</b> & Öland")
    button(at, "Save").click().run()
    assert not at.exception
    assert stored(workspace, lambda store: scenarios.get_cross(store, cross_id).name) == "<b>Kronoberg</b> & Öland"
    assert at.header[0].value.replace("\\", "") == "<b>Kronoberg</b> & Öland"  # escaped, shown as typed

    button(at, "Duplicate").click().run()
    names = [name for _, name in stored(workspace, scenarios.list_crosses)]
    assert "Copy of <b>Kronoberg</b> & Öland" in names
    copy_id = at.selectbox(key="scenarios_pick").value
    assert copy_id != cross_id

    at.checkbox(key=f"delete_sure_{copy_id}").check().run()
    at.button(key=f"delete_{copy_id}").click().run()
    assert not at.exception
    assert [cid for cid, _ in stored(workspace, scenarios.list_crosses)] == [cross_id]
    assert any("deleted" in success.value for success in at.success)


def test_an_empty_name_is_refused_with_a_message(page, workspace) -> None:
    cross_id = stored(workspace, lambda store: scenarios.create_cross(store, "Norrbotten"))
    at = page(cross=str(cross_id))
    at.text_input(key=f"rename_name_{cross_id}").set_value("   ")
    button(at, "Spara").click().run()
    assert not at.exception
    assert any("Fältet Namn är tomt" in error.value for error in at.error)
    assert stored(workspace, lambda store: scenarios.get_cross(store, cross_id).name) == "Norrbotten"


def test_axes_and_scenarios_are_saved_from_their_forms(page, workspace) -> None:
    cross_id = stored(workspace, lambda store: scenarios.create_cross(store, "Gävleborg"))
    at = page(lang="en", cross=str(cross_id))
    prefix = f"axes_{cross_id}"
    at.selectbox(key=f"{prefix}_x_driver").set_value("smart-welfare-technology")
    at.text_input(key=f"{prefix}_x_low").set_value("slow adoption")
    at.text_input(key=f"{prefix}_x_high").set_value("fast adoption")
    at.text_input(key=f"{prefix}_y_label").set_value("Trust")
    button(at, "Save the axes").click().run()
    at.text_input(key=f"quadrants_{cross_id}_ne_name").set_value("<script>alert(1)</script>")
    at.text_area(key=f"quadrants_{cross_id}_ne_narrative").set_value("Many live at home for longer.")
    button(at, "Save the scenarios").click().run()
    assert not at.exception
    cross = stored(workspace, lambda store: scenarios.get_cross(store, cross_id))
    assert cross.x == scenarios.Axis(
        "smart-welfare-technology", "Smart welfare technology", "slow adoption", "fast adoption"
    )
    assert cross.y.label == "Trust"
    assert cross.quadrant("ne").name == "<script>alert(1)</script>"
    assert "<script>alert(1)</script>" in [text.value for text in at.text]  # st.text: shown as text


def test_placements_table_shows_stored_positions_and_the_presentation_view(page, workspace) -> None:
    def prepare(store):
        cross_id = scenarios.create_cross(store, "Halland")
        scenarios.set_quadrant(store, cross_id, "se", "Lokal omställning", "")
        moves.apply_drop(store, cross_id, {"card": "driver:migration", "x": 0.4, "y": -0.6})
        return cross_id

    cross_id = stored(workspace, prepare)
    at = page(cross=str(cross_id), present="1")
    assert not at.exception
    assert at.title[0].value == "Halland"
    rows = at.table[0].value.set_index("Kort")
    assert rows.loc["Migration", "x"] == "0,40" and rows.loc["Migration", "y"] == "-0,60"  # Swedish decimal comma
    assert rows.loc["Migration", "Scenario"] == "Lokal omställning"
    assert not at.text_input and not at.download_button  # the projector view has no editors


@pytest.mark.parametrize("bad", ["abc", "999", "-1", "1 OR 1=1"])
def test_a_crafted_cross_link_gets_a_notice(page, workspace, bad) -> None:
    stored(workspace, lambda store: scenarios.create_cross(store, "Uppsala"))
    at = page(lang="en", cross=bad)
    assert not at.exception
    assert any("cross" in warning.value for warning in at.warning)
    assert "Uppsala" in all_text(at) or at.selectbox(key="scenarios_pick").value


def test_workspace_written_by_the_page_survives_reopening(page, workspace, tmp_path) -> None:
    at = page(lang="en")
    button(at, "Create").click().run()
    cross_id = at.selectbox(key="scenarios_pick").value
    with open_workspace(tmp_path / "other.duckdb") as other:  # a second workspace stays untouched
        assert scenarios.list_crosses(other) == []
    assert stored(workspace, lambda store: scenarios.get_cross(store, cross_id).name) == "Scenario cross"


def test_cards_and_notes_are_chosen_on_the_page(page, workspace) -> None:
    cross_id = stored(workspace, lambda store: scenarios.create_cross(store, "Dalarna", card_ids=["driver:migration"]))
    at = page(lang="en", cross=str(cross_id))
    at.multiselect(key=f"cards_{cross_id}_chosen").set_value(["driver:urbanisation", "trend:mt-technological-change"])
    button(at, "Save the cards").click().run()
    at.text_input(key=f"cards_{cross_id}_note_text").set_value("<img src=x onerror=alert(1)>")
    button(at, "Add note").click().run()
    assert not at.exception
    cards = {
        card.id: card.label for card in stored(workspace, lambda store: scenarios.cross_cards(store, cross_id, "en"))
    }
    assert set(cards) == {"driver:urbanisation", "trend:mt-technological-change", "note:1"}
    assert cards["note:1"] == "<img src=x onerror=alert(1)>"
    assert escape_markdown("<img src=x onerror=alert(1)>") in list(at.table[0].value["Card"])  # shown as text

    at.selectbox(key=f"cards_{cross_id}_note_remove").set_value("note:1")
    at.button(key=f"cards_{cross_id}_note_remove_button").click().run()
    remaining = {card.id for card in stored(workspace, lambda store: scenarios.cross_cards(store, cross_id, "en"))}
    assert remaining == {"driver:urbanisation", "trend:mt-technological-change"}


def test_an_axis_without_named_ends_shows_its_name_alone(page, workspace) -> None:
    """A cross whose axes came from the vote's top two has names but no ends yet: no empty "( → )"."""
    with open_workspace(workspace) as store:
        cross = scenarios.create_cross(store, "Utan ändar")
        scenarios.set_axis(store, cross, "x", scenarios.Axis("climate-change", "Klimat", "", ""))
        scenarios.set_axis(store, cross, "y", scenarios.Axis(None, "Tillit", "Låg", "Hög"))
    at = page(cross=str(cross))
    lines = [str(element.value) for element in at.text]
    assert "Vågrät axel (x): Klimat" in lines, lines
    assert any("Tillit (Låg → Hög)" in line for line in lines)
    assert not any("( → )" in line for line in lines)
