"""Process-wide resources for the pages: the one workspace, shared with the web routes."""

from __future__ import annotations

from foresight.store import Store
from foresight.workspace import shared_store


def store() -> Store:
    """The workspace named by $FRAMSYN_DB (or the default), opened once per process."""
    return shared_store()
