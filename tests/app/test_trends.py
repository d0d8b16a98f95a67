"""The trends page in AppTest: URL filters, the filter form, selection, notes, editing, presentation."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from foresight.workspace import build_fixture_workspace
from tests.app.conftest import ROOT, all_text, run_page

SEED_TRENDS = list(csv.DictReader((ROOT / "data" / "trends.csv").open(encoding="utf-8")))
PAGE = "views/trends.py"


def param(at: AppTest, name: str) -> str | None:
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def card_ids(at: AppTest) -> list[str]:
    return [button.key.removeprefix("card-") for button in at.button if (button.key or "").startswith("card-")]


@pytest.fixture
def writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The trends page on a workspace of its own, for tests that write notes or trends."""
    path = tmp_path / "trends.duckdb"
    build_fixture_workspace(path).close()
    monkeypatch.setenv("FRAMSYN_DB", str(path))

    return lambda **query: run_page(PAGE, **query)


def test_filters_in_the_link_narrow_the_page(app) -> None:
    at = app(PAGE, lang="en", level="megatrend", imin="4")
    assert not at.exception
    expected = [row for row in SEED_TRENDS if row["level"] == "megatrend" and int(row["impact"]) >= 4]
    assert f"{len(expected)} of {len(SEED_TRENDS)} trends shown." in all_text(at)
    assert set(card_ids(at)) == {row["id"] for row in expected}
    assert at.sidebar.multiselect[0].value == ["megatrend"]  # the form shows the filter of the link
    assert [slider.value for slider in at.sidebar.slider][1] == (4, 5)


def test_a_crafted_link_is_ignored_with_a_notice(app) -> None:
    at = app(PAGE, lang="en", level="<script>alert(1)</script>", imin="9", sel="../../etc/passwd", present="nope")
    assert not at.exception
    warning = " ".join(str(element.value) for element in at.warning)
    for part in ("a filter", "the selected trends", "the presentation mode"):  # in words, not parameter names
        assert part in warning
    assert "imin" not in warning
    assert f"{len(SEED_TRENDS)} of {len(SEED_TRENDS)} trends shown." in all_text(at)
    assert "<script>" not in all_text(at)


def test_the_filter_form_writes_the_url(app) -> None:
    at = app(PAGE, lang="en")
    assert len(card_ids(at)) == 12  # the first page of cards, not all 64
    at.sidebar.multiselect[0].set_value(["weak_signal"])
    at.sidebar.text_input[0].set_value("KLIMAT")
    next(button for button in at.button if button.label == "Apply").click()
    at.run()
    assert param(at, "level") == "weak_signal" and param(at, "q") == "KLIMAT"
    expected = {
        row["id"]
        for row in SEED_TRENDS
        if row["level"] == "weak_signal"
        and any(
            "klimat" in row[column].lower() for column in ("title_sv", "title_en", "description_sv", "description_en")
        )
    }
    assert expected and set(card_ids(at)) == expected
    at.button(key="filters-clear").click()
    at.run()
    assert param(at, "level") is None and len(card_ids(at)) == 12


def test_selection_in_the_link_shows_only_the_selected_cards(app) -> None:
    at = app(PAGE, lang="en", sel="tr-cyber-threats,mt-migration")
    assert set(card_ids(at)) == {"tr-cyber-threats", "mt-migration"}
    assert "2 selected in the charts." in all_text(at)
    at.button(key="selection-clear").click()
    at.run()
    assert param(at, "sel") is None and len(card_ids(at)) == 12


def test_cards_page_forward_and_back(app) -> None:
    at = app(PAGE, lang="en")
    first = card_ids(at)
    at.button(key="cards-next").click()
    at.run()
    assert param(at, "p") == "2" and set(card_ids(at)).isdisjoint(first)
    at.button(key="cards-previous").click()
    at.run()
    assert param(at, "p") is None and card_ids(at) == first


def test_a_card_opens_the_trend_and_a_note_is_saved(writable) -> None:
    at = writable(lang="en")
    at.button(key="card-mt-migration").click()
    at.run()
    assert param(at, "trend") == "mt-migration"
    assert any("significance of migration" in header.value for header in at.header)
    text = all_text(at)
    assert "Regional activities that used it" in text and "Megatrends Hub" in text
    assert "No notes yet." in text
    next(area for area in at.text_area if area.label == "Why does it matter to us?").set_value("Affects <b>Skåne</b>")
    next(radio for radio in at.radio if radio.label == "Priority").set_value(1)
    next(button for button in at.button if button.label == "Save note").click()
    at.run()
    assert not at.exception
    assert "The note is saved." in all_text(at)
    again = writable(lang="en")  # a new session reads the note back from the workspace
    notes = again.dataframe[-1].value
    assert list(notes.iloc[:, 4]) == ["Affects <b>Skåne</b>"] and list(notes.iloc[:, 3]) == [1]
    assert "Relevant for us" in all_text(again)  # the card is marked


def test_presentation_walks_the_filtered_list(app) -> None:
    megatrends = [row["id"] for row in SEED_TRENDS if row["level"] == "megatrend"]
    at = app(PAGE, lang="en", level="megatrend")
    at.button(key="present-start").click()
    at.run()
    first = param(at, "present")
    assert first in megatrends
    assert f"Megatrend 1 of {len(megatrends)}" in all_text(at)  # the level's name, not always "Trend"
    assert not at.sidebar.multiselect  # the filter form is not drawn on a slide
    at.button(key="slide-next").click()
    at.run()
    second = param(at, "present")
    assert second in megatrends and second != first
    assert f"Megatrend 2 of {len(megatrends)}" in all_text(at)
    at.button(key="slide-previous").click()
    at.run()
    assert param(at, "present") == first
    at.button(key="slide-exit").click()
    at.run()
    assert param(at, "present") is None and param(at, "trend") == first


def test_a_link_reopens_the_same_slide(app) -> None:
    at = app(PAGE, lang="en", level="megatrend", present="mt-migration")
    assert not at.exception
    assert any("significance of migration" in title.value for title in at.title)
    assert "Megatrend 6 of 14" in all_text(at)


def test_editing_a_trend_validates_and_saves(writable) -> None:
    at = writable(lang="en", trend="tr-cyber-threats")
    at.button(key="detail-edit").click()
    at.run()
    title = next(box for box in at.text_input if box.label == "Title (English)")
    title.set_value("Cyber threats <script>x</script>")
    next(button for button in at.button if button.label == "Save").click()
    at.run()
    assert not at.exception
    assert "The trend tr-cyber-threats is saved." in all_text(at)
    header = next(header.value for header in at.header if "Cyber threats" in header.value)
    assert "\\<script\\>" in header  # escaped Markdown: shown as text, never as markup


def test_a_new_trend_with_a_bad_parent_is_refused(writable) -> None:
    at = writable(lang="en")
    at.button(key="trend-new").click()
    at.run()
    boxes = {box.label: box for box in at.text_input}
    boxes["Id"].set_value("ws-new-signal")
    boxes["Parent (id)"].set_value("ws-repair-hubs")
    boxes["Title (Swedish)"].set_value("Ny signal")
    boxes["Title (English)"].set_value("New signal")
    next(box for box in at.selectbox if box.label == "Level").set_value("weak_signal")
    next(button for button in at.button if button.label == "Save").click()
    at.run()
    assert not at.exception
    assert at.error and "1 error and" in at.error[0].value  # singular for one
    assert f"{len(SEED_TRENDS)} of {len(SEED_TRENDS)} trends shown." in all_text(at)
