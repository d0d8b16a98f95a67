"""Live dot votes on drivers of change: votes, ballots, tallies and the facilitator's secret.

Design for a hall of 300 phones on one DuckDB file:

- Ballots are appended rows (`ballots` + `ballot_dots`). A changed ballot is a new revision of
  the same participant's ballot; the tally takes each participant's latest revision with a
  GROUP BY at read time. Appends never conflict.
- A ballot is acknowledged only after its commit (one fdatasync per batch): the page says
  "received" only when the ballot would survive a SIGKILL of the server.
- Reset starts a new round instead of deleting rows; closing a round checkpoints the WAL.
- The participant is known by a token kept in the URL (`p=`), so a reload or a new session
  after a Wi-Fi blip finds the same ballot; the workspace stores only its hash.
- The facilitator holds a secret from the link made at creation; the workspace stores only its
  SHA-256, compared with `hmac.compare_digest`. Every change of a vote needs it. The workspace's
  owner needs no link: `owner_secret` derives a second secret from the stored hash, which the
  pages hand only to a visitor whose owner role the server has checked (so a lost link never
  locks a vote), and which also makes the link that hands one vote to another device.
- A participant's token is issued by the server and signed for one vote (HMAC-SHA256 with a key
  the workspace keeps, `workspace_keys`), so a self-invented token is refused.

This module is the vote's definition and rules: what a vote and a valid ballot are, and the
facilitator's changes. There is one way in for a ballot: `foresight.vote.ballot_box.BallotBox`,
which checks the signed token and the rules, keeps the tallies in memory and appends ballots in
small batches through `ballot_log.commit_batch`, one commit per batch.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd

from foresight.errors import ForesightError, NotFoundError, PermissionDeniedError, StorageError
from foresight.store import Store
from foresight.text import clean_text

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on phones
CODE_LENGTH = 6
CODE_PATTERN = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")  # secrets.token_urlsafe output
TITLE_MAX = 120
LABEL_MAX = 120
MAX_OPTIONS = 30
MAX_DOTS = 20
MAX_PER_OPTION = 10
MAX_EXPECTED = 5_000  # participants a vote may expect (the slow lane beyond: `foresight.vote.joins`)
_RETRIES = 30
# Every change of a vote's status, visibility, round or options counts itself in the same UPDATE:
# the phones' long polls wait on the count, and every app process reads the same one.
CHANGED = "changes = coalesce(changes, 0) + 1"


class VoteInputError(ForesightError):
    """The facilitator's or participant's input breaks a rule; nothing was written."""


class VoteClosedError(ForesightError):
    """The vote does not take ballots now."""


@dataclass(frozen=True)
class OptionInput:
    """One thing to vote on: a workspace driver (by id) or a label typed in on the spot."""

    driver_id: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class CreatedVote:
    code: str
    secret: str


@dataclass(frozen=True)
class VoteOption:
    position: int
    driver_id: str | None
    label_sv: str
    label_en: str

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_sv


@dataclass(frozen=True)
class Vote:
    code: str
    title: str
    dots_per_participant: int
    max_per_option: int
    status: str
    show_results: bool
    round: int
    created_at: datetime
    options: tuple[VoteOption, ...]

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class BallotReceipt:
    code: str
    revision: int
    dots: int
    allocation: dict[int, int]


# -- validation ----------------------------------------------------------------------------


def normalise_code(raw: object) -> str | None:
    """A join code in canonical form (upper case, no spaces), or None if it cannot be one."""
    if not isinstance(raw, str) or len(raw) > 20:
        return None
    code = raw.replace(" ", "").replace("-", "").upper()
    return code if CODE_PATTERN.match(code) else None


def valid_token(raw: object) -> bool:
    return isinstance(raw, str) and bool(TOKEN_PATTERN.match(raw))


def participant_hash(token: str) -> str:
    """What the workspace stores for a participant: the SHA-256 of the token, never the token."""
    return secret_digest(token)


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _owner_secret_of(stored_hash: str) -> str:
    digest = hmac.new(stored_hash.encode("ascii"), b"framsyn-owner", hashlib.sha256).digest()[:24]
    return base64.urlsafe_b64encode(digest).decode("ascii")  # 32 characters, like a created secret


def secret_matches(stored_hash: str | None, secret: object) -> bool:
    """Whether `secret` is the vote's facilitator secret or its owner secret (constant time)."""
    given = secret if isinstance(secret, str) and len(secret) <= 100 else ""
    if not stored_hash:
        return False
    created = hmac.compare_digest(secret_digest(given), stored_hash)
    owned = hmac.compare_digest(given.encode("utf-8"), _owner_secret_of(stored_hash).encode("ascii"))
    return created or owned


def owner_secret(store: Store, code: str) -> str:
    """The secret that manages the vote `code` without its creation link: for a checked owner only."""
    vote = get_vote(store, code)
    return _owner_secret_of(store.scalar("SELECT secret_hash FROM votes WHERE code = ?", [vote.code]))


_KEY_IN_LINK = re.compile(r"[?&]key=([A-Za-z0-9_-]{20,64})(?:[&#]|$)")
_CODE_IN_LINK = re.compile(r"[?&]manage=([A-Za-z0-9-]{6,12})(?:[&#]|$)")


def secret_from_text(raw: object) -> str:
    """The facilitator secret in what was pasted: the bare key, or a whole facilitator link; '' if none."""
    text = raw.strip() if isinstance(raw, str) else ""
    if re.fullmatch(r"[A-Za-z0-9_-]{20,64}", text):
        return text
    found = _KEY_IN_LINK.search(text)
    return found.group(1) if found else ""


def code_from_link(raw: object) -> str | None:
    """The vote code of a pasted facilitator link (`?manage=CODE&key=...`), or None."""
    found = _CODE_IN_LINK.search(raw.strip()) if isinstance(raw, str) else None
    return normalise_code(found.group(1)) if found else None


# -- facilitator ---------------------------------------------------------------------------


def create_vote(
    store: Store,
    title: str,
    options: Sequence[OptionInput],
    *,
    dots_per_participant: int = 3,
    max_per_option: int | None = None,
    expected_participants: int | None = None,
    workshop_id: int | None = None,
) -> CreatedVote:
    """Create a draft vote (of a workshop, if given); returns its join code and the facilitator's secret (shown once).

    `expected_participants` is the room's size (None: the default of `foresight.vote.joins`); beyond
    it new participants are admitted only slowly.
    """
    clean_title = clean_text(title, max_length=TITLE_MAX, field="title", required=True, plain_only=True)
    if not 1 <= int(dots_per_participant) <= MAX_DOTS:
        raise VoteInputError("vote.error_dots_range", max=MAX_DOTS)
    cap = int(dots_per_participant if max_per_option is None else max_per_option)
    if not 1 <= cap <= min(MAX_PER_OPTION, int(dots_per_participant)):
        raise VoteInputError("vote.error_cap_range", max=min(MAX_PER_OPTION, int(dots_per_participant)))
    if expected_participants is not None and not 1 <= int(expected_participants) <= MAX_EXPECTED:
        raise VoteInputError("vote.error_expected_range", max=MAX_EXPECTED)
    expected = None if expected_participants is None else int(expected_participants)
    resolved = _resolve_options(store, options)
    if workshop_id is not None and not store.scalar("SELECT count(*) FROM workshops WHERE id = ?", [int(workshop_id)]):
        raise NotFoundError("workshops.error_unknown", id=str(workshop_id)[:20])
    secret = secrets.token_urlsafe(24)
    for _ in range(_RETRIES):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        try:
            with store.transaction() as cursor:
                if cursor.execute("SELECT 1 FROM votes WHERE code = ?", [code]).fetchone():
                    continue
                cursor.execute(
                    "INSERT INTO votes (code, title, secret_hash, dots_per_participant, max_per_option, status,"
                    " show_results, round, created_at, expected_participants, workshop_id)"
                    " VALUES (?, ?, ?, ?, ?, 'draft', false, 1, ?, ?, ?)",
                    [
                        code,
                        clean_title,
                        secret_digest(secret),
                        int(dots_per_participant),
                        cap,
                        now(),
                        expected,
                        workshop_id,
                    ],
                )
                cursor.executemany(
                    "INSERT INTO vote_options VALUES (?, ?, ?, ?, ?)",
                    [[code, position, *option] for position, option in enumerate(resolved)],
                )
            return CreatedVote(code, secret)
        except StorageError as error:
            if not _is_conflict(error):
                raise
    raise StorageError("error.storage_write", detail="no free join code")


def _resolve_options(store: Store, options: Sequence[OptionInput]) -> list[tuple[str | None, str, str]]:
    if not options:
        raise VoteInputError("vote.error_no_options")
    if len(options) > MAX_OPTIONS:
        raise VoteInputError("vote.error_too_many_options", max=MAX_OPTIONS)
    driver_ids = [option.driver_id for option in options if option.driver_id]
    known = {}
    if driver_ids:
        marks = ",".join("?" * len(driver_ids))
        known = {
            row[0]: row[1:]
            for row in store.rows(f"SELECT id, name_sv, name_en FROM drivers WHERE id IN ({marks})", driver_ids)
        }
    resolved: list[tuple[str | None, str, str]] = []
    seen: set[str] = set()
    for option in options:
        if option.driver_id:
            if option.driver_id not in known:
                raise VoteInputError("vote.error_unknown_driver", driver=str(option.driver_id)[:40])
            label_sv, label_en = known[option.driver_id]
            entry = (option.driver_id, label_sv, label_en)
        else:
            label = clean_text(option.label, max_length=LABEL_MAX, field="driver", required=True, plain_only=True)
            entry = (None, label, label)
        identity = entry[0] or entry[1].casefold()
        if identity in seen:
            continue
        seen.add(identity)
        resolved.append(entry)
    return resolved


def verify_secret(store: Store, code: str, secret: object) -> Vote:
    """The vote, if `secret` is its facilitator secret; else PermissionDeniedError."""
    vote = get_vote(store, code)
    if not secret_matches(store.scalar("SELECT secret_hash FROM votes WHERE code = ?", [vote.code]), secret):
        raise PermissionDeniedError("vote.error_forbidden")
    return vote


def set_status(store: Store, code: str, secret: str, status: str) -> Vote:
    """Open, close or reopen the vote. Closing a round folds the WAL into the file."""
    if status not in ("open", "closed"):
        raise VoteInputError("vote.error_status")
    vote = verify_secret(store, code, secret)
    with store.transaction() as cursor:
        cursor.execute(f"UPDATE votes SET status = ?, {CHANGED} WHERE code = ?", [status, vote.code])
    if status == "closed":
        store.checkpoint()
    return get_vote(store, vote.code)


def set_show_results(store: Store, code: str, secret: str, show: bool) -> Vote:
    vote = verify_secret(store, code, secret)
    with store.transaction() as cursor:
        cursor.execute(f"UPDATE votes SET show_results = ?, {CHANGED} WHERE code = ?", [bool(show), vote.code])
    return get_vote(store, vote.code)


def reset_vote(store: Store, code: str, secret: str) -> Vote:
    """Start a new, empty round; earlier rounds' ballots stay in the workspace."""
    vote = verify_secret(store, code, secret)
    with store.transaction() as cursor:
        cursor.execute(f"UPDATE votes SET round = round + 1, {CHANGED} WHERE code = ?", [vote.code])
    store.checkpoint()
    return get_vote(store, vote.code)


# -- reading -------------------------------------------------------------------------------


def driver_choices(store: Store, lang: str) -> dict[str, str]:
    """The workspace's drivers as {id: name in `lang`}, by name."""
    column = "name_en" if lang == "en" else "name_sv"
    return dict(store.rows(f"SELECT id, {column} FROM drivers ORDER BY {column}"))


def get_vote(store: Store, code: object) -> Vote:
    """The vote with this join code, or NotFoundError (also for a malformed code)."""
    canonical = normalise_code(code)
    rows = (
        store.rows(
            "SELECT v.code, v.title, v.dots_per_participant, v.max_per_option, v.status, v.show_results, v.round,"
            " v.created_at, o.position, o.driver_id, o.label_sv, o.label_en FROM votes v"
            " JOIN vote_options o ON o.code = v.code WHERE v.code = ? ORDER BY o.position",
            [canonical],
        )
        if canonical
        else []
    )
    if not rows:
        raise NotFoundError("vote.error_unknown_code")
    return Vote(*rows[0][:8], options=tuple(VoteOption(*row[8:]) for row in rows))


def list_votes(store: Store) -> pd.DataFrame:
    """Every vote, newest first, with how many participants voted in its current round."""
    return store.query(
        "SELECT v.code, v.title, v.status, v.created_at,"
        " (SELECT count(DISTINCT b.participant) FROM ballots b WHERE b.code = v.code AND b.round = v.round)"
        " AS participants FROM votes v ORDER BY v.created_at DESC"
    )


_LATEST = (
    "latest AS (SELECT participant, max(revision) AS revision FROM ballots"
    " WHERE code = $code AND round = $round GROUP BY participant)"
)


def _vote_of(store: Store, code: str | Vote) -> Vote:
    """The vote itself when the caller has just read it, else read once by its code."""
    return code if isinstance(code, Vote) else get_vote(store, code)


def tally(store: Store, code: str | Vote, lang: str, round: int | None = None) -> pd.DataFrame:
    """Dots per option in the current round (or the round given), most first: rank, position,
    label, driver_id, dots."""
    vote = _vote_of(store, code)
    label = "label_en" if lang == "en" else "label_sv"
    result = store.query(
        f"WITH {_LATEST}, spent AS (SELECT d.position, sum(d.dots) AS dots, count(*) AS participants"
        " FROM ballot_dots d JOIN latest l ON d.participant = l.participant AND d.revision = l.revision"
        " WHERE d.code = $code AND d.round = $round GROUP BY d.position)"
        f" SELECT o.position, o.{label} AS label, o.driver_id, coalesce(s.dots, 0)::INTEGER AS dots,"
        " coalesce(s.participants, 0)::INTEGER AS participants"
        " FROM vote_options o LEFT JOIN spent s ON s.position = o.position WHERE o.code = $code"
        " ORDER BY dots DESC, o.position",
        {"code": vote.code, "round": vote.round if round is None else int(round)},
    )
    result.insert(0, "rank", range(1, len(result) + 1))
    return result


def participant_count(store: Store, code: str | Vote, round: int | None = None) -> int:
    """How many participants have a ballot in the current round (or the round given)."""
    vote = _vote_of(store, code)
    wanted = vote.round if round is None else int(round)
    return int(
        store.scalar(
            "SELECT count(DISTINCT participant) FROM ballots WHERE code = ? AND round = ?", [vote.code, wanted]
        )
    )


# -- participants --------------------------------------------------------------------------


def check_allocation(vote: Vote, allocation: Mapping[int, object]) -> dict[int, int]:
    """The allocation as {position: dots > 0} if it keeps the vote's rules, else VoteInputError."""
    positions = {option.position for option in vote.options}
    clean: dict[int, int] = {}
    for position, raw in allocation.items():
        if position not in positions:
            raise VoteInputError("vote.error_unknown_option")
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise VoteInputError("vote.error_dots_whole")
        if isinstance(raw, float) and not math.isfinite(raw):  # int(nan) and int(inf) raise, not refuse
            raise VoteInputError("vote.error_dots_whole")
        if raw < 0 or int(raw) != raw:
            raise VoteInputError("vote.error_dots_whole")
        dots = int(raw)
        if dots > vote.max_per_option:
            raise VoteInputError("vote.error_cap", max=vote.max_per_option)
        if dots:
            clean[position] = dots
    spent = sum(clean.values())
    if spent > vote.dots_per_participant:
        raise VoteInputError("vote.error_budget", spent=spent, budget=vote.dots_per_participant)
    if spent == 0:
        raise VoteInputError("vote.error_no_dots")
    return clean


def _is_conflict(error: StorageError) -> bool:
    text = str(error.params.get("detail", "")).lower()
    return any(word in text for word in ("conflict", "duplicate", "primary key", "constraint"))


def now() -> datetime:
    """Now in UTC, as DuckDB's TIMESTAMP stores it."""
    return datetime.now(UTC).replace(tzinfo=None)
