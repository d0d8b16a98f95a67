"""Process-wide resources for the pages: the one workspace and its ballot box, shared with the web routes."""

from __future__ import annotations

from foresight.store import Store
from foresight.vote.ballot_box import BallotBox, shared_ballot_box
from foresight.workspace import shared_store


def store() -> Store:
    """The workspace named by $FRAMSYN_DB (or the default), opened once per process."""
    return shared_store()


def ballot_box() -> BallotBox:
    """The live votes of that workspace (tallies in memory, one ballot writer), one per process."""
    return shared_ballot_box()
