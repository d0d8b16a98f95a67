"""Opening a workspace ready for use: migrated, and seeded when it holds no reference data.

The app, `init`, the tests and the benchmark all open workspaces through `open_workspace`, so a
fresh laptop, a test's temporary file and the benchmark's workspace are built the same way.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from pathlib import Path

from foresight.data.derived import sync_method_masks
from foresight.data.loading import SEED_DIR, is_empty, load_seed
from foresight.store import Store, workspace_path


def open_workspace(
    path: str | os.PathLike[str] | None = None, *, seed: bool = True, seed_dir: Path = SEED_DIR
) -> Store:
    """Open (creating and migrating) the workspace; load the seed data if it is empty."""
    store = Store(workspace_path(path))
    try:
        if seed and is_empty(store):
            load_seed(store, seed_dir)
            store.checkpoint()
        if not store.read_only:
            with store.transaction() as cursor:  # rows written by an import since the last open
                sync_method_masks(cursor)
    except BaseException:
        store.close()
        raise
    return store


_template: dict[str, Path] = {}
_template_lock = threading.Lock()


def build_fixture_workspace(path: str | os.PathLike[str]) -> Store:
    """A fresh workspace at `path` with the seed data: the one fixture builder for tests and bench.

    The first build in a process is kept as a template file and every later one is a copy of it:
    a copy costs milliseconds, loading and checking the seed files about a second, and a test run
    builds hundreds of these.
    """
    target = Path(path)
    for leftover in (target, target.with_name(target.name + ".wal")):
        if leftover.exists():
            leftover.unlink()
    with _template_lock:
        template = _template.get("seeded")
        if template is None or not template.exists():
            template = Path(tempfile.mkdtemp(prefix="framsyn-template-")) / "seeded.duckdb"
            open_workspace(template).close()  # closing checkpoints: the template is one file
            atexit.register(shutil.rmtree, template.parent, ignore_errors=True)
            _template["seeded"] = template
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template, target)
    return open_workspace(target)


_shared: dict[Path, Store] = {}
_shared_lock = threading.Lock()


def shared_store(path: str | os.PathLike[str] | None = None) -> Store:
    """The process's one open workspace at `path` (default $FRAMSYN_DB): the pages and the web routes share it."""
    resolved = workspace_path(path)
    with _shared_lock:  # two first requests at once must not open the file twice (DuckDB would refuse)
        store = _shared.get(resolved)
        if store is None:
            store = _shared[resolved] = open_workspace(resolved)
        return store
