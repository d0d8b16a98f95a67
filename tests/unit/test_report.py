"""The take-home report: one self-contained, escaped HTML file per workshop, and its CLI command."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from foresight import trends
from foresight.scenarios import moves, scenarios
from foresight.store import PROJECT_ROOT, Store
from foresight.vote import voting
from foresight.workshops import report, workshops
from foresight.workspace import build_fixture_workspace
from tests.support.ballots import cast, open_vote


def make_workshop(store: Store, title: str, option: str, note: str) -> int:
    workshop_id = workshops.create_workshop(store, title, "2026-05-04", purpose="Syfte & <mål>")
    created = open_vote(store, f"Röst {workshop_id}", [voting.OptionInput(label=option)])
    cast(store, created.code, {0: 1})
    workshops.attach(store, workshop_id, "votes", [created.code])
    cross = scenarios.create_cross(store, f"Kors {title}")
    scenarios.set_quadrant(store, cross, "nw", "Norr & väst", "En berättelse\nmed två rader")
    moves.place_card(store, cross, moves.Drop("driver:climate-change", -0.4, 0.4))
    workshops.attach(store, workshop_id, "crosses", [cross])
    trend_id = store.scalar("SELECT min(id) FROM trends")
    trends.add_note(store, trend_id, 1, note, workshop_id=workshop_id)
    return workshop_id


def test_the_report_is_self_contained_escaped_and_holds_only_its_workshop(seeded_store: Store) -> None:
    mine = make_workshop(seeded_store, "Skåne <script>", 'Ålder "och" vård & omsorg', "Min anteckning")
    make_workshop(seeded_store, "Västra Götaland", "Annan drivkraft", "Annan anteckning")

    page = report.workshop_report(seeded_store, mine, "sv")

    assert page.startswith('<!DOCTYPE html><html lang="sv">')
    assert "<script" not in page and "&lt;script&gt;" in page
    assert "Ålder &quot;och&quot; vård &amp; omsorg" in page and "Syfte &amp; &lt;mål&gt;" in page
    assert "Min anteckning" in page and "Norr &amp; väst" in page
    assert "Annan" not in page and "Västra Götaland" not in page
    assert page.count("<svg") == 2 and 'role="img"' in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page), "the report must not fetch anything"
    assert "@page { size: A4" in page and "@media print" in page
    english = report.workshop_report(seeded_store, mine, "en")
    assert '<html lang="en">' in english and "Workshop report" in english and "Actions agreed" in english


@pytest.mark.slow  # starts the command line in a Python process of its own
def test_report_command_writes_the_file_and_refuses_an_unknown_workshop(tmp_path: Path) -> None:
    path = tmp_path / "cli.duckdb"
    with build_fixture_workspace(path) as store:
        workshop_id = make_workshop(store, "Jämtland Härjedalen", "Turism", "Anteckning")
    out = tmp_path / "rapport.html"
    command = [sys.executable, "-m", "foresight", "--db", str(path), "--lang", "en", "report"]
    done = subprocess.run(
        [*command, str(workshop_id), "--out", str(out)], capture_output=True, text=True, cwd=PROJECT_ROOT
    )
    assert done.returncode == 0, done.stderr
    assert "Jämtland Härjedalen" in out.read_text(encoding="utf-8")
    missing = subprocess.run([*command, "99", "--out", str(out)], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert missing.returncode == 1 and missing.stderr.strip() == "There is no workshop 99."


def test_the_report_holds_the_postcards_with_merges_and_the_backcast_timeline(seeded_store: Store) -> None:
    from foresight.plans import backcasting
    from foresight.vote import collection, participant_tokens

    workshop = workshops.create_workshop(seeded_store, "Halvdag", "2026-09-14")
    other = workshops.create_workshop(seeded_store, "Annan dag", "2026-09-15")
    created = voting.create_vote(seeded_store, "Kort", [voting.OptionInput(label="Klimat")], workshop_id=workshop)
    collection.open_collection(seeded_store, created.code, created.secret)
    key = participant_tokens.participant_key(seeded_store)
    phone = [participant_tokens.sign_participant(key, created.code) for _ in range(3)]
    kept = collection.submit(seeded_store, created.code, phone[0], "Ensamhet & äldre")
    duplicate = collection.submit(seeded_store, created.code, phone[1], "Ensamma äldre")
    collection.submit(seeded_store, created.code, phone[2], "Solsken", kind="signal")
    collection.merge(seeded_store, created.code, created.secret, kept, [duplicate])
    collection.set_status(seeded_store, created.code, created.secret, kept, "accepted")
    cross = scenarios.create_cross(seeded_store, "Korset", workshop_id=workshop)
    backcast = backcasting.create(
        seeded_store, "kronoberg-framsyn", "Grönt <län>", "Fossilfritt", 2026, 2040, cross_id=cross, quadrant="ne"
    )
    milestone = backcasting.add_milestone(seeded_store, backcast, 2032, "Tåg varje halvtimme")
    backcasting.to_actions(seeded_store, milestone, [{"title": "Utreda", "responsible": "Trafikstrateg"}], 2026)

    page = report.workshop_report(seeded_store, workshop, "sv")
    assert "<h2>Deltagarnas vykort</h2>" in page and "<h2>Backcasting</h2>" in page
    assert "<td>Ensamhet &amp; äldre</td>" in page and "<td>Ensamma äldre</td>" in page  # the merge, beside its card
    assert page.count("<td>Ensamma äldre</td>") == 1 and "<td>Solsken</td>" in page
    assert "<h3>Grönt &lt;län&gt;</h3>" in page
    timeline = re.findall(r"<td class=number>(\d{4})</td>", page)
    assert timeline == ["2040", "2032", "2026"]  # the horizon, the milestone, today
    assert "Utreda (Trafikstrateg)" in page
    elsewhere = report.workshop_report(seeded_store, other, "en")
    assert "No postcards were sent." in elsewhere and "No backcast was made." in elsewhere


def test_each_round_of_a_vote_has_its_result_in_the_report(seeded_store: Store) -> None:
    from foresight.vote.ballot_box import ballot_box_for

    workshop_id = workshops.create_workshop(seeded_store, "Två omgångar", "2026-05-04")
    created = open_vote(seeded_store, "Drivkrafter", [voting.OptionInput(label=x) for x in ("Alfa", "Beta")])
    workshops.attach(seeded_store, workshop_id, "votes", [created.code])
    cast(seeded_store, created.code, {0: 3})
    ballot_box_for(seeded_store).reset(created.code, created.secret)
    cast(seeded_store, created.code, {1: 2})

    results = workshops.vote_results(seeded_store, workshop_id, "sv")
    assert [(result.round, result.options[0][1], result.options[0][2]) for result in results] == [
        (1, "Alfa", 3),
        (2, "Beta", 2),
    ]
    page = report.workshop_report(seeded_store, workshop_id, "sv")
    assert "Drivkrafter – omgång 1" in page and "Drivkrafter – omgång 2" in page
