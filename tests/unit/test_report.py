"""The take-home report: one self-contained, escaped HTML file per workshop, and its CLI command."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

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
