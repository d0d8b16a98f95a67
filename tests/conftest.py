"""Shared fixtures: every test talks to a real workspace built by the one fixture builder.

The store and domain tests run on both engines: `empty_store`, `seeded_store` and
`workspace_factory` are parametrized over a DuckDB file and a PostgreSQL database
(`tests/support/postgres.py`). Without PostgreSQL on the machine the `postgresql` cases are
skipped locally and fail in CI (`CI` set), like the browser tests without Chromium.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from foresight.store import Store
from foresight.workspace import build_fixture_workspace
from tests.support import postgres

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ARTIFACTS = ROOT / "tests" / "artifacts"
ENGINES = ("duckdb", "postgresql")
BROWSER_TESTS = "tests/e2e/"
# One pair of template databases per pytest-xdist worker: workers share the server, not its templates.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
EMPTY_TEMPLATE = f"framsyn_template_empty_{_WORKER}"
SEEDED_TEMPLATE = f"framsyn_template_seeded_{_WORKER}"


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`-n 2 --dist loadgroup` (the README's command): the browser tests are one unit of work, run
    one after another on one worker, and every other test is a unit of its own for the other.

    (pytest-xdist's own `xdist_group` marks do not reach its scheduler under pytest 9, which
    reads a node's id from elsewhere: the grouping is done here instead.)
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "browser" if nodeid.startswith(BROWSER_TESTS) else nodeid

    return BrowserTestsTogether(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the PostgreSQL cases, so the fast tier can leave them out (`-m "not postgresql"`): the
    engine-parametrized ones and those that ask for a server or a cluster of their own."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_engine = callspec is not None and "postgresql" in callspec.params.values()  # `engine` or a module's own
        needs_server = {"postgres_server", "postgres_cluster"} & set(getattr(item, "fixturenames", ()))
        if on_engine or needs_server:
            item.add_marker(pytest.mark.postgresql)
    # The browser tests first: with `-n 2 --dist loadgroup` their unit is handed out first, and the
    # other worker takes the rest beside them (two servers and two Chromiums at once would crowd
    # two cores, and some of these tests measure seconds). Run without -n, the order changes nothing.
    items.sort(key=lambda item: not item.nodeid.startswith(BROWSER_TESTS))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres.Server]:
    """A PostgreSQL server for the session, with the two template workspaces built on it."""
    cluster = None
    url = os.environ.get(postgres.SERVER_ENV)
    if not url:
        if not postgres.can_start_cluster():
            if os.environ.get("CI"):
                pytest.fail("PostgreSQL is required in CI: .ci/run installs it (apt-get install postgresql)")
            pytest.skip("PostgreSQL is not installed here (apt-get install postgresql)")
        cluster = postgres.Cluster(postgres.FAST_OPTIONS)
        url = cluster.url
    server = postgres.Server(url)
    templates = [server.build_template(EMPTY_TEMPLATE, seed=False), server.build_template(SEEDED_TEMPLATE, seed=True)]
    try:
        yield server
    finally:
        server.drop_recycled()
        for janitor in templates:
            janitor.drop()
        if cluster is not None:
            cluster.stop()


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[postgres.Cluster]:
    """A cluster of this test's own, for tests that restart the database server under load."""
    if not postgres.can_start_cluster():
        pytest.skip("PostgreSQL is not installed here")
    cluster = postgres.Cluster(postgres.FAST_OPTIONS)
    try:
        yield cluster
    finally:
        cluster.stop()


@contextmanager
def workspace_on(engine: str, request: pytest.FixtureRequest, folder: Path, seed: bool = True) -> Iterator[Store]:
    """A workspace on `engine` for a fixture of any scope (a module's shared workspace, say)."""
    if engine == "duckdb":
        with build_fixture_workspace(folder / "workspace.duckdb") if seed else Store(folder / "empty.duckdb") as store:
            yield store
        return
    server = request.getfixturevalue("postgres_server")
    with server.store(SEEDED_TEMPLATE if seed else EMPTY_TEMPLATE) as store:
        yield store


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """The engine a store test runs on (each such test runs on both)."""
    return request.param


@pytest.fixture
def workspace_factory(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Callable[..., Store]]:
    """Makes workspaces on the test's engine: `make(seed=True)`; all are closed (and dropped) after the test."""
    with ExitStack() as stack:
        server = request.getfixturevalue("postgres_server") if engine == "postgresql" else None
        numbers = iter(range(1, 1000))

        def make(seed: bool = True) -> Store:
            if server is None:
                return stack.enter_context(
                    build_fixture_workspace(tmp_path / f"ws{next(numbers)}.duckdb")
                    if seed
                    else Store(tmp_path / f"ws{next(numbers)}.duckdb")
                )
            return stack.enter_context(server.store(SEEDED_TEMPLATE if seed else EMPTY_TEMPLATE))

        yield make


@pytest.fixture
def empty_store(workspace_factory: Callable[..., Store]) -> Store:
    """A migrated workspace with no data (a DuckDB file, then a PostgreSQL database)."""
    return workspace_factory(seed=False)


@pytest.fixture
def seeded_store(workspace_factory: Callable[..., Store]) -> Store:
    """A fresh workspace with the seed data from data/ (a DuckDB file, then a PostgreSQL database)."""
    return workspace_factory(seed=True)


@pytest.fixture(scope="session")
def seeded_workspace_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded workspace file shared by the page tests (they only read reference data)."""
    path = tmp_path_factory.mktemp("workspace") / "pages.duckdb"
    build_fixture_workspace(path).close()
    return path
