"""Votes and ballots for tests, made the way the app makes them: through the process's ballot box,
with tokens the workspace signed, so a test builds its votes on the path phones take."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from foresight.store import Store
from foresight.vote.ballot_box import ballot_box_for
from foresight.vote.voting import CreatedVote, OptionInput


def open_vote(
    store: Store, title: str, options: Sequence[OptionInput], *, open_it: bool = True, **rules: object
) -> CreatedVote:
    """A new vote (opened unless `open_it` is False), created through the store's ballot box."""
    box = ballot_box_for(store)
    created = box.create_vote(title, options, **rules)
    if open_it:
        box.set_status(created.code, created.secret, "open")
    return created


def cast(store: Store, code: str, allocation: Mapping[int, int], token: str | None = None) -> str:
    """Submit one ballot as a phone would (a token the workspace signed) and wait for its commit; the token."""
    box = ballot_box_for(store)
    token = token or box.issue_token(code)
    box.submit(code, token, allocation).result(timeout=30)
    return token


def cast_all(store: Store, code: str, allocations: Sequence[Mapping[int, int]]) -> list[str]:
    """One ballot per allocation, each from a phone of its own; their tokens in order."""
    return [cast(store, code, allocation) for allocation in allocations]
