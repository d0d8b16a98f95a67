"""PostgreSQL for the tests: a server, template workspaces, and a fresh database per test.

The server is `$FRAMSYN_TEST_POSTGRES` (a URL with rights to create databases; `.ci/run` starts a
cluster and sets it), else a throwaway cluster this test session starts with
`scripts/pg_cluster.sh` (as the `postgres` user when run as root) and stops at the end. Each
test gets a database copied from a template (`CREATE DATABASE … TEMPLATE`, pytest-postgresql's
`DatabaseJanitor`): an empty migrated one or one with the seed data, built once per session by
the same fixture builder as the DuckDB files.
"""

from __future__ import annotations

import itertools
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

import psycopg
from pytest_postgresql.janitor import DatabaseJanitor

from bench.postgres import Cluster, can_start_cluster  # noqa: F401 - the tests' cluster is the benchmark's
from foresight.store import Store
from foresight.workspace import open_workspace

SERVER_ENV = "FRAMSYN_TEST_POSTGRES"
# A test cluster trades durability for speed; the benchmark starts its own with the defaults.
FAST_OPTIONS = ("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
_numbers = itertools.count(1)


@dataclass
class Server:
    """A PostgreSQL server the tests may create and drop databases on.

    `store(template)` hands each test a database holding exactly the template's rows. Creating
    one from the template costs a third of a second here; so a database a test has finished with
    is emptied (TRUNCATE), given the template's rows again (COPY) and its sequences reset, and
    handed to the next test: a few milliseconds. One whose tables a test changed is dropped.
    """

    url: str
    _free: dict[str, list[str]] = field(default_factory=dict)
    _contents: dict[str, tuple[dict[str, tuple[list[str], list[tuple]]], dict[str, int | None]]] = field(
        default_factory=dict
    )

    @property
    def parts(self) -> dict[str, object]:
        split = urlsplit(self.url)
        return {
            "user": split.username or "postgres",
            "host": split.hostname or "127.0.0.1",
            "port": split.port or 5432,
            "password": split.password,
        }

    def database_url(self, name: str) -> str:
        split = urlsplit(self.url)
        return urlunsplit((split.scheme, split.netloc, f"/{name}", split.query, ""))

    def janitor(self, name: str, template: str | None = None, as_template: bool = False) -> DatabaseJanitor:
        return DatabaseJanitor(dbname=name, template_dbname=template, as_template=as_template, **self.parts)

    def build_template(self, name: str, *, seed: bool) -> DatabaseJanitor:
        """A template database holding an empty migrated workspace, or the seeded fixture workspace."""
        janitor = self.janitor(name, as_template=True)
        janitor.drop()
        janitor.init()
        open_workspace(self.database_url(name), seed=seed).close()
        return janitor

    @contextmanager
    def fresh_database(self, template: str | None = None, prefix: str = "framsyn_test"):
        """A new database (a copy of `template`), dropped afterwards: yields its URL.

        FILE_COPY copies the template's few files instead of writing them through the WAL: a
        third of the time for a workspace this small, and the drop needs no checkpoint.
        """
        name = f"{prefix}_{os.getpid()}_{next(_numbers)}"
        copy = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else " TEMPLATE template0"
        with psycopg.connect(self.url, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}{copy}")
        try:
            yield self.database_url(name)
        finally:
            with psycopg.connect(self.url, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def _template_contents(
        self, template: str
    ) -> tuple[dict[str, tuple[list[str], list[tuple]]], dict[str, int | None]]:
        if template not in self._contents:
            with Store(self.database_url(template), read_only=True) as store:
                tables = {
                    name: (store.table_columns(name), store.rows(f"SELECT * FROM {name}"))
                    for name in store.table_names()
                }
                self._contents[template] = (tables, store.sequence_values())
        return self._contents[template]

    def _reset(self, name: str, template: str) -> bool:
        """Give a used database the template's rows again; False if its tables are not the template's."""
        tables, sequences = self._template_contents(template)
        with psycopg.connect(self.database_url(name), autocommit=True) as connection:
            found = {
                row[0]
                for row in connection.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                )
            }
            if found != set(tables):
                return False
            with connection.transaction():
                connection.execute(f"TRUNCATE {', '.join(sorted(tables))}")
                for table, (columns, rows) in tables.items():
                    if rows:
                        with connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                            for row in rows:
                                copy.write_row(row)
                for sequence, last in sequences.items():
                    connection.execute("SELECT setval(%s, %s, %s)", [sequence, last or 1, last is not None])
        return True

    @contextmanager
    def store(self, template: str):
        """A workspace holding exactly the template's rows (a recycled database, or a new copy)."""
        free = self._free.setdefault(template, [])
        if free:
            name = free.pop()
        else:
            name = f"framsyn_test_{os.getpid()}_{next(_numbers)}"
            with psycopg.connect(self.url, autocommit=True) as admin:
                admin.execute(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
        try:
            with Store(self.database_url(name)) as store:
                yield store
        finally:
            if self._reset(name, template):
                free.append(name)
            else:
                self.drop(name)

    def drop(self, name: str) -> None:
        with psycopg.connect(self.url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def drop_recycled(self) -> None:
        for names in self._free.values():
            for name in names:
                self.drop(name)
        self._free.clear()
