"""One browser, one voice: how many participant tokens a vote gives out, and how fast beyond its size.

A vote expects a number of participants (the facilitator sets it; `DEFAULT_EXPECTED` until then).
Every participant token (the phones' page and the collection page alike) is admitted here first:

- Up to the expected size a join is admitted at once: a hall of 1,000 phones behind one router
  (one address) joins as fast as the server answers. Limits are by the vote's size, not by address.
- Beyond it, joins come through a slow lane: a bucket of `SPARE_BURST` that refills at
  `SPARE_PER_MINUTE`. A script that re-opens the link without cookies gets a few tokens, then a
  clear "the vote is full" in its language; the facilitator sees joined against expected, a warning,
  and how many were turned away, and can raise the expected size.
- The count lives in the workspace (`vote_joins`, one row per vote) and is read and written under
  the row's lock in one transaction per batch of joins, so it holds across app processes.

A browser that comes back keeps its token in a cookie (`foresight.web`), and so is not counted again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from foresight.errors import ForesightError
from foresight.store import Notice, Store
from foresight.vote import voting

DEFAULT_EXPECTED = 100  # a workshop's room; a larger hall sets its size when the vote is made
MAX_EXPECTED = voting.MAX_EXPECTED
SPARE_BURST = 5.0  # joins beyond the expected size admitted at once
SPARE_PER_MINUTE = 6.0  # and after that, one each ten seconds


class VoteFullError(ForesightError):
    """The vote has as many participants as it expects, and the slow lane beyond it is empty."""


@dataclass(frozen=True)
class JoinCount:
    """Participants admitted to a vote (tokens issued), how many it expects, and how many were turned away."""

    joined: int
    expected: int
    refused: int

    @property
    def over(self) -> bool:
        """More joined than expected: the facilitator should look (and raise the size if it is right)."""
        return self.joined > self.expected


@dataclass(frozen=True)
class Bucket:
    """One vote's admission state: joined so far and the slow lane's spare joins at `at` (seconds)."""

    joined: int
    spare: float
    at: float


def admit(bucket: Bucket, expected: int, wanted: int, at: float) -> tuple[int, Bucket]:
    """How many of `wanted` new joins at time `at` (seconds) get a token, and the bucket after them."""
    spare = min(SPARE_BURST, bucket.spare + max(0.0, at - bucket.at) * SPARE_PER_MINUTE / 60.0)
    joined, admitted = bucket.joined, 0
    for _ in range(max(0, wanted)):
        if joined < expected:
            joined += 1
        elif spare >= 1.0:
            spare -= 1.0
            joined += 1
        else:
            break
        admitted += 1
    return admitted, Bucket(joined, spare, at)


def check_expected(value: object) -> int:
    """The expected number of participants as a whole number in 1..MAX_EXPECTED, else VoteInputError."""
    try:
        number = int(str(value).strip())
    except ValueError:
        raise voting.VoteInputError("vote.error_expected_range", max=MAX_EXPECTED) from None
    if not 1 <= number <= MAX_EXPECTED:
        raise voting.VoteInputError("vote.error_expected_range", max=MAX_EXPECTED)
    return number


def admit_joins(store: Store, wanted: Mapping[str, int]) -> dict[str, int]:
    """Admit up to `wanted[code]` new participants to each vote, in one transaction; how many each got.

    The vote's row in `vote_joins` is made if missing and then locked (a no-op UPDATE takes the
    row lock on PostgreSQL; a DuckDB file has one process and one writer, so there one read does),
    so two processes never admit against the same count.
    """
    codes = sorted(code for code, count in wanted.items() if count > 0)
    if not codes:
        return {}
    now = voting.now()
    read = (
        "SELECT v.code, v.expected_participants, j.joined, j.spare, j.spare_at FROM votes v"
        " LEFT JOIN vote_joins j ON j.code = v.code WHERE v.code = ANY(?)"
    )
    with store.transaction(notice=Notice.QUIET) as cursor:
        rows = cursor.execute(read, [codes]).fetchall()
        known = [row[0] for row in rows]
        missing = [row[0] for row in rows if row[2] is None]
        for code in missing:
            cursor.execute(
                "INSERT INTO vote_joins (code, joined, spare, spare_at, refused) VALUES (?, 0, ?, ?, 0)"
                " ON CONFLICT (code) DO NOTHING",
                [code, SPARE_BURST, now],
            )
        if missing or store.dialect != "duckdb":
            # On a server another process may admit at the same moment: a no-op UPDATE takes the rows'
            # locks, and the count is read again under them. A DuckDB file has one process and one
            # writer, so there the first read stands (each statement costs milliseconds in a hall).
            cursor.execute("UPDATE vote_joins SET joined = joined WHERE code = ANY(?)", [known])
            rows = cursor.execute(read, [codes]).fetchall()
        admitted: dict[str, int] = {}
        for code, size, joined, spare, spare_at in rows:
            seconds = (now - spare_at).total_seconds()
            expected = int(size or DEFAULT_EXPECTED)
            got, after = admit(Bucket(int(joined), float(spare), 0.0), expected, wanted[code], seconds)
            admitted[code] = got
            cursor.execute(
                "UPDATE vote_joins SET joined = ?, spare = ?, spare_at = ?, refused = refused + ? WHERE code = ?",
                [after.joined, after.spare, now, wanted[code] - got, code],
            )
    return admitted


def join_count(store: Store, code: str) -> JoinCount:
    """Joined against expected for one vote (read from the workspace: the same in every process)."""
    found = store.rows(
        "SELECT v.expected_participants, j.joined, j.refused FROM votes v"
        " LEFT JOIN vote_joins j ON j.code = v.code WHERE v.code = ?",
        [code],
    )
    if not found:
        return JoinCount(0, DEFAULT_EXPECTED, 0)
    size, joined, refused = found[0]
    return JoinCount(int(joined or 0), int(size or DEFAULT_EXPECTED), int(refused or 0))


def set_expected(store: Store, code: str, secret: str, expected: object) -> voting.Vote:
    """The facilitator's expected number of participants (the secret is checked)."""
    size = check_expected(expected)
    vote = voting.verify_secret(store, code, secret)
    with store.transaction() as cursor:
        cursor.execute("UPDATE votes SET expected_participants = ? WHERE code = ?", [size, vote.code])
    return vote
