"""Participants' postcards are plain text everywhere they are shown: accepted cards become the next
round's options, and the screen, the take-home report and the exports show them as typed, with no
Markdown, no links and no images. (The postcard wall itself: tests/app/test_workshops.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from foresight.data.export import csv_bytes, xlsx_bytes
from foresight.ui.access import screen_token
from foresight.vote import collection, participant_tokens, voting
from foresight.vote.ballot_box import ballot_box_for
from foresight.workshops import report, workshops
from foresight.workspace import build_fixture_workspace
from tests.app.conftest import run_page
from tests.support.ballots import cast, open_vote

CARDS = (
    "[Klicka här](http://example.org/x)",
    "![bild](http://example.org/spår.png)",
    "# Rubrik **fet** :red[röd]",
    '=HYPERLINK("http://example.org/y";"klick")',
)
LINKED = re.compile(r"(href|src)=[\"']?[^\"'> ]*example\.org")


@pytest.fixture
def postcard_vote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """A vote whose second round is the participants' accepted postcards, one ballot on each card."""
    path = tmp_path / "postcards.duckdb"
    with build_fixture_workspace(path) as store:
        created = open_vote(store, "Drivkrafter", [voting.OptionInput(label="Åldrande befolkning")])
        collection.open_collection(store, created.code, created.secret)
        key = participant_tokens.participant_key(store)
        for text in CARDS:
            card = collection.submit(store, created.code, participant_tokens.sign_participant(key, created.code), text)
            collection.set_status(store, created.code, created.secret, card, "accepted")
        ballot_box_for(store).change_vote(created.code, created.secret, collection.accepted_to_next_round)
        ballot_box_for(store).set_show_results(created.code, created.secret, True)
        for position in range(1, len(CARDS) + 1):
            cast(store, created.code, {position: 2})
        workshop = workshops.create_workshop(store, "Skåne", "2026-03-02")
        workshops.attach(store, workshop, "votes", [created.code])
        page = report.workshop_report(store, workshop, "sv")
        tally = voting.tally(store, created.code, "sv")
    monkeypatch.setenv("FRAMSYN_DB", str(path))
    return {"code": created.code, "secret": created.secret, "report": page, "tally": tally}


def test_the_screen_shows_postcards_as_typed(postcard_vote) -> None:
    code = str(postcard_vote["code"])
    screen = run_page("views/vote.py", lang="en", screen=code, t=screen_token("vote", code))
    assert not screen.exception, screen.exception
    chart = "".join(str(element.proto.body) for element in screen.get("html"))
    assert "[Klicka här](http://example.org/x)" in chart and "# Rubrik **fet** :red[röd]" in chart
    assert not LINKED.search(chart) and "<img" not in chart and "<a " not in chart
    assert not any("example.org" in str(element.proto) for element in screen.markdown)


def test_the_report_shows_postcards_as_typed(postcard_vote) -> None:
    page = str(postcard_vote["report"])
    assert "[Klicka här](http://example.org/x)" in page and "![bild](http://example.org/spår.png)" in page
    assert not LINKED.search(page) and "<img" not in page and "<a " not in page


def test_the_exports_show_postcards_as_typed_and_run_no_formula(postcard_vote, tmp_path: Path) -> None:
    table = postcard_vote["tally"][["rank", "label", "dots"]]
    text = csv_bytes(table).decode("utf-8-sig")
    assert "[Klicka här](http://example.org/x)" in text
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    workbook = tmp_path / "vote.xlsx"
    workbook.write_bytes(xlsx_bytes({"vote": table}))
    sheet = openpyxl.load_workbook(workbook).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not any(cell.hyperlink for cell in cells) and not any(cell.data_type == "f" for cell in cells)
    assert any(cell.value == "'" + CARDS[3] for cell in cells)
