"""Process-wide resources: the one workspace connection, shared by every session's thread."""

from __future__ import annotations

from foresight.store import Store
from foresight.workspace import process_store


def store() -> Store:
    """The workspace named by $FRAMSYN_DB (or the default), opened once per process.

    The plain HTTP routes (foresight.web) use the same store, so the process holds one connection.
    """
    return process_store()
