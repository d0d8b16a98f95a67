"""`python -m foresight copy`: a whole workspace goes to PostgreSQL and back, every table unchanged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from foresight import access, trends
from foresight.scenarios import moves, scenarios
from foresight.store import Store
from foresight.vote import collection
from foresight.vote.voting import OptionInput
from foresight.workshops import workshops
from foresight.workspace import build_fixture_workspace
from foresight.workspace_copy import CopyError, copy_workspace
from tests.support import postgres
from tests.support.ballots import cast, open_vote

ROOT = Path(__file__).resolve().parents[2]


def a_workshop_day(store: Store) -> None:
    """The live data a day leaves behind: a vote with changed ballots, a postcard round, a cross with
    moves (one card back in the tray), a workshop, notes, a trend edit, a passphrase."""
    workshop = workshops.create_workshop(store, "Framtidsdag i Jämtland Härjedalen", "2026-05-04", place="Östersund")
    created = open_vote(store, "Vad driver förändringen?", [OptionInput("urbanisation"), OptionInput(label="Åldrande")])
    first = cast(store, created.code, {0: 2, 1: 1})
    cast(store, created.code, {1: 3}, token=first)  # a changed ballot: a second revision
    cast(store, created.code, {0: 1})
    collection.open_collection(store, created.code, created.secret)
    collection.submit(store, created.code, first, "Glesbygdens skolor")
    cross = scenarios.create_cross(store, "Skåne 2040")
    cards = [card for card, _ in scenarios.card_choices(store, "sv").items()][:2]
    scenarios.set_reference_cards(store, cross, cards)
    moves.apply_drop(store, cross, {"card": cards[0], "x": 0.25, "y": -0.5})
    moves.apply_drop(store, cross, {"card": cards[1], "x": 0.5, "y": 0.5})
    moves.apply_drop(store, cross, {"card": cards[1], "tray": True})
    workshops.attach(store, workshop, "votes", [created.code])
    workshops.attach(store, workshop, "crosses", [cross])
    trends.add_note(store, "mt-technological-change", 1, "Viktig för Västra Götaland", workshop_id=workshop)
    record = trends.trend_record(store, "mt-technological-change")
    trends.save_trend(store, {**record, "impact": 1 if record["impact"] != 1 else 2}, new=False)
    access.set_passphrase(store, access.OWNER, "en lång lösenfras för ägaren")


def every_table(store: Store) -> dict[str, list[tuple]]:
    found = {}
    for name in store.table_names():
        if name == "schema_migrations":
            continue
        columns = ", ".join(store.table_columns(name))
        found[name] = sorted(store.rows(f"SELECT {columns} FROM {name}"), key=repr)
    return found


@pytest.fixture
def day_file(tmp_path: Path) -> Path:
    path = tmp_path / "day.duckdb"
    with build_fixture_workspace(path) as store:
        a_workshop_day(store)
    return path


def test_duckdb_to_postgresql_to_duckdb_leaves_every_table_unchanged(
    day_file: Path, tmp_path: Path, postgres_server: postgres.Server
) -> None:
    with Store(day_file) as original:
        before = every_table(original)
        sequences = original.sequence_values()
    assert before["ballots"] and before["scenario_moves"] and before["submissions"] and before["workspace_keys"]
    back = tmp_path / "back.duckdb"
    with postgres_server.fresh_database() as url:
        there = copy_workspace(day_file, url)
        assert there.rows == {name: len(rows) for name, rows in before.items()}
        with Store(url) as server:
            assert every_table(server) == before
        copy_workspace(url, back)
    with Store(back) as returned:
        assert every_table(returned) == before
        assert returned.sequence_values() == sequences
        # What is made after the trip never reuses an id the day handed out.
        assert scenarios.create_cross(returned, "Nytt kors") > max(row[0] for row in before["scenario_crosses"])


def test_a_copied_workspace_works_on_the_server(day_file: Path, postgres_server: postgres.Server) -> None:
    with postgres_server.fresh_database() as url:
        copy_workspace(day_file, url)
        with Store(url) as server:
            assert access.check_passphrase(server, "en lång lösenfras för ägaren") == access.OWNER
            crosses = scenarios.list_crosses(server)
            assert scenarios.create_cross(server, "Efter kopian") > max(cross_id for cross_id, _ in crosses)
            assert workshops.list_workshops(server)[0].place == "Östersund"


def test_a_target_with_a_workspace_is_refused_unless_replaced(
    day_file: Path, tmp_path: Path, postgres_server: postgres.Server
) -> None:
    other = tmp_path / "other.duckdb"
    build_fixture_workspace(other).close()
    with pytest.raises(CopyError) as refused:
        copy_workspace(day_file, other)
    assert refused.value.key == "copy.error_not_empty"
    with Store(other) as untouched:
        assert untouched.scalar("SELECT count(*) FROM ballots") == 0
    copy_workspace(day_file, other, replace=True)
    with Store(day_file) as original, Store(other) as replaced:
        assert every_table(replaced) == every_table(original)
    with pytest.raises(CopyError):
        copy_workspace(day_file, day_file)
    with pytest.raises(CopyError):
        copy_workspace(tmp_path / "missing.duckdb", tmp_path / "new.duckdb")
    assert not (tmp_path / "missing.duckdb").exists()


def test_an_empty_source_never_empties_the_target(
    day_file: Path, tmp_path: Path, postgres_server: postgres.Server
) -> None:
    """A mistyped database name is an empty database: with --replace it would have wiped the day."""
    target = tmp_path / "day-copy.duckdb"
    copy_workspace(day_file, target)
    empty_file = tmp_path / "empty.duckdb"
    Store(empty_file).close()
    with postgres_server.fresh_database() as empty_database:
        for empty in (empty_file, empty_database):
            with pytest.raises(CopyError) as refused:
                copy_workspace(empty, target, replace=True)
            assert refused.value.key == "copy.error_empty_source"
    with Store(day_file) as original, Store(target) as kept:
        assert every_table(kept) == every_table(original)


@pytest.mark.slow  # starts the command line in a Python process of its own
def test_the_command_copies_and_says_so(day_file: Path, tmp_path: Path, postgres_server: postgres.Server) -> None:
    with postgres_server.fresh_database() as url:
        done = subprocess.run(
            [sys.executable, "-m", "foresight", "--lang", "en", "copy", str(day_file), url],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr
        assert "Copied" in done.stdout and "postgresql://" in done.stdout
        again = subprocess.run(
            [sys.executable, "-m", "foresight", "copy", str(day_file), url],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert again.returncode == 1
        assert "--replace" in again.stderr and "Traceback" not in again.stderr
