"""The workspace store: migrations, transactions, threads, and the one-writer lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from foresight.errors import StorageError, WorkspaceLockedError
from foresight.store import Store, migrations, workspace_path


def test_migrations_apply_once_and_are_recorded(tmp_path: Path) -> None:
    path = tmp_path / "ws.duckdb"
    with Store(path) as store:
        assert store.schema_version() == migrations()[-1][0]
        applied = store.rows("SELECT version FROM schema_migrations ORDER BY version")
        assert [version for (version,) in applied] == [version for version, _, _ in migrations()]
    with Store(path) as again:
        assert again.migrate() == []  # nothing left to apply
        assert again.schema_version() == migrations()[-1][0]


def test_core_tables_exist(empty_store: Store) -> None:
    assert {"regions", "organisations", "activities", "drivers", "trends", "sources"} <= set(empty_store.table_names())


def test_failed_transaction_writes_nothing(empty_store: Store) -> None:
    with pytest.raises(RuntimeError):
        with empty_store.transaction() as cursor:
            cursor.execute("INSERT INTO sources (id, title) VALUES ('a', 'A')")
            raise RuntimeError("stop half-way")
    assert empty_store.scalar("SELECT count(*) FROM sources") == 0


def test_database_error_in_transaction_becomes_storage_error(empty_store: Store) -> None:
    with pytest.raises(StorageError):
        with empty_store.transaction() as cursor:
            cursor.execute("INSERT INTO sources (id, title) VALUES ('a', 'A')")
            cursor.execute("INSERT INTO sources (id, title) VALUES ('a', 'again')")
    assert empty_store.scalar("SELECT count(*) FROM sources") == 0


def test_threads_write_through_their_own_cursors(empty_store: Store) -> None:
    errors: list[BaseException] = []

    def write(thread: int) -> None:
        try:
            for index in range(25):
                with empty_store.transaction() as cursor:
                    cursor.execute("INSERT INTO sources (id, title) VALUES (?, ?)", [f"t{thread}-{index}", "x"])
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert empty_store.scalar("SELECT count(*) FROM sources") == 200


def test_workspace_path_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FRAMSYN_DB", str(tmp_path / "env.duckdb"))
    assert workspace_path() == tmp_path / "env.duckdb"
    assert workspace_path(tmp_path / "flag.duckdb") == tmp_path / "flag.duckdb"
    monkeypatch.delenv("FRAMSYN_DB")
    assert workspace_path().name == "workspace.duckdb"


def test_a_second_process_gets_a_plain_lock_error(tmp_path: Path) -> None:
    path = tmp_path / "held.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, duckdb
            connection = duckdb.connect({str(path)!r})
            print("held", flush=True)
            sys.stdin.read()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WorkspaceLockedError) as raised:
            Store(path)
        assert raised.value.params["path"] == str(path)
        cli = subprocess.run(
            [sys.executable, "-m", "foresight", "--db", str(path), "stats"],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        assert cli.returncode == 1
        assert "används av en annan process" in cli.stderr
        assert "Traceback" not in cli.stderr
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def test_a_kept_value_is_read_again_after_any_write(empty_store: Store) -> None:
    loads = []

    def load(store: Store) -> int:
        loads.append(1)
        return int(store.scalar("SELECT count(*) FROM sources"))

    assert empty_store.kept("sources", load) == 0
    assert empty_store.kept("sources", load) == 0 and len(loads) == 1  # no write: the kept value
    with empty_store.transaction() as cursor:
        cursor.execute("INSERT INTO sources (id, title) VALUES ('a', 'A')")
    assert empty_store.kept("sources", load) == 1 and len(loads) == 2
    with pytest.raises(RuntimeError):
        with empty_store.transaction() as cursor:
            raise RuntimeError("a failed write counts too: reading again is always safe")
    assert empty_store.kept("sources", load) == 1 and len(loads) == 3


def test_a_file_workspace_never_loads_the_server_driver(tmp_path: Path) -> None:
    """psycopg is for server mode only: a laptop's one-command start neither needs nor imports it."""
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom foresight.workspace import open_workspace\n"
            f"open_workspace({str(tmp_path / 'ws.duckdb')!r}).close()\n"
            "print('psycopg' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == "False"


def test_every_migration_has_a_text_for_each_engine() -> None:
    for dialect in ("duckdb", "postgresql"):
        found = migrations(dialect)
        assert [version for version, _, _ in found] == sorted({version for version, _, _ in found})
        assert all(name.endswith(".sql") and "." not in name[:-4] for _, name, _ in found)
    duckdb_text = dict((version, sql) for version, _, sql in migrations("duckdb"))
    postgres_text = dict((version, sql) for version, _, sql in migrations("postgresql"))
    assert duckdb_text.keys() == postgres_text.keys()
    assert "CREATE INDEX" in postgres_text[17] and "CREATE INDEX" not in duckdb_text[17]  # a per-engine sibling
