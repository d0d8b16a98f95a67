"""Shared fixtures: every test talks to a real DuckDB workspace built by the one fixture builder."""

from __future__ import annotations

from pathlib import Path

import pytest

from foresight.store import Store
from foresight.workspace import build_fixture_workspace

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture
def empty_store(tmp_path: Path) -> Store:
    """A migrated workspace with no data."""
    with Store(tmp_path / "empty.duckdb") as store:
        yield store


@pytest.fixture
def seeded_store(tmp_path: Path) -> Store:
    """A fresh workspace with the seed data from data/."""
    with build_fixture_workspace(tmp_path / "seeded.duckdb") as store:
        yield store


@pytest.fixture(scope="session")
def seeded_workspace_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded workspace file shared by the page tests (they only read reference data)."""
    path = tmp_path_factory.mktemp("workspace") / "pages.duckdb"
    build_fixture_workspace(path).close()
    return path
