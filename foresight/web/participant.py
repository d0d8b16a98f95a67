"""The phones' own page for a live vote (/join/CODE): a few kilobytes of server-rendered HTML, not the dashboard.

- `GET /join/CODE` without a valid token in the address or in the vote's cookie issues one
  (signed for the vote, admitted against its expected size, `foresight.vote.joins`) and
  redirects to `/join/CODE?p=TOKEN`: the token stays in the address and in the cookie
  (`foresight.web.phone_tokens`), so a reload, a phone coming back after a Wi-Fi blip, or the
  link opened again in the same browser finds the same ballot.
- `POST /join/CODE` is a plain form post (works without JavaScript: Post/Redirect/Get), or, with
  `Accept: application/json`, answers `{"ok", "message", "stored"}` for the page's script. Either
  way the answer comes after the ballot's batch is committed (`foresight.vote.ballot_box`). The signed
  token in the form, bound to the vote, is what makes the post safe against cross-site forgery.
- `GET /join/CODE/status?since=N` waits (long poll, at most `WAIT_SECONDS`) until the facilitator
  opens, closes, or starts a new round: a phone that joined a draft becomes usable at once.
  Waiting polls are capped per vote and in all (`_Polls`); beyond, the answer comes at once with
  `retry` and the page asks again later on a fresh connection.
- Every user text goes through `html.escape`; every error becomes a page in the phone's language.

The page's forms are dispatched by their hidden `form` field (`FORMS`), so another form (e.g. a
collection round) can join the ballot on the same page.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

import anyio
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from foresight.errors import ForesightError, NotFoundError, PermissionDeniedError, StorageError
from foresight.i18n import normalise_language, t
from foresight.links import JOIN_PATH, collect_path, join_path, room_path
from foresight.vote import collection, voting
from foresight.vote.ballot_box import BallotBox, shared_ballot_box
from foresight.vote.joins import VoteFullError
from foresight.vote.voting import Vote, VoteClosedError, VoteInputError
from foresight.web import phone_tokens
from foresight.web.hangups import ClientDisconnect, hung_up
from foresight.web.participant_html import (
    ballot_section,
    escape_html,
    message_page,
    page_response,
    room_follow,
    status_message,
    stored_line,
)
from foresight.web.rate_limit import RateLimiter
from foresight.web.server_limits import open_files_limit
from foresight.workshops import room
from foresight.workspace import shared_store

WAIT_SECONDS = 20.0  # a long poll ends after this (proxies and phones drop longer idle requests)
MAX_WAITING_PER_VOTE = 1_500  # long polls held for one vote at once (a hall of 1,000 and its reloads)
MAX_WAITING = 3_000  # and for all votes, never more than half the open-files limit
SLOW_POLL_SECONDS = 10  # a phone turned away from waiting asks again after this
MAX_FORM_BYTES = 8_192  # 30 options × a few bytes; anything larger is not our form
_HERE = Path(__file__).parent
_ASSETS = {
    "participant.css": "text/css; charset=utf-8",
    "participant.js": "text/javascript; charset=utf-8",
    "room.js": "text/javascript; charset=utf-8",
}
_WHOLE = re.compile(r"[0-9]{1,3}")  # dots and positions: no signs, no NaN, no exponents, no huge integers
_NO_STORE = {"Cache-Control": "no-store"}
_LOG = logging.getLogger(__name__)

joins = RateLimiter(capacity=1200, per_second=20.0)  # a hall behind one router: 1,200 at once, 1,200 a minute


# -- the shared ballot box, reached without blocking the event loop ---------------------------


class _Changes:
    """Wakes the phones' long polls when the facilitator changes a vote (called from the facilitator's thread)."""

    def __init__(self) -> None:
        self._events: dict[str, asyncio.Event] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    def attach(self, box: BallotBox) -> None:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
            box.add_listener(self._from_thread)

    def _from_thread(self, code: str) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake, code)

    def _wake(self, code: str) -> None:
        event = self._events.pop(code, None)
        if event is not None:
            event.set()

    async def wait(self, code: str, seconds: float) -> None:
        event = self._events.setdefault(code, asyncio.Event())
        try:
            await asyncio.wait_for(event.wait(), seconds)
        except TimeoutError:
            pass


_changes = _Changes()


class _Polls:
    """How many long polls wait, per vote and in all (touched by the event loop only).

    Each waiting poll holds a connection (a file descriptor). Beyond the caps a phone gets its
    answer at once with `retry` (seconds), and its page asks again that much later instead of
    holding a socket; the caps stay well below the process's open-files limit, so the dashboard's
    own sessions and new phones always find a free one.
    """

    def __init__(self) -> None:
        self._waiting: dict[str, int] = {}
        self._total = 0

    @staticmethod
    def cap_in_all() -> int:
        return min(MAX_WAITING, max(32, open_files_limit() // 2))

    def admit(self, code: str) -> bool:
        if self._waiting.get(code, 0) >= MAX_WAITING_PER_VOTE or self._total >= self.cap_in_all():
            return False
        self._waiting[code] = self._waiting.get(code, 0) + 1
        self._total += 1
        return True

    def release(self, code: str) -> None:
        self._total -= 1
        left = self._waiting.get(code, 1) - 1
        if left > 0:
            self._waiting[code] = left
        else:
            self._waiting.pop(code, None)


_polls = _Polls()
_box: BallotBox | None = None


async def ballot_box() -> BallotBox:
    """The process's ballot box; the first call reads the workspace, in a worker thread."""
    global _box
    if _box is None:
        _box = await anyio.to_thread.run_sync(shared_ballot_box)
    _changes.attach(_box)
    return _box


# -- rendering ---------------------------------------------------------------------------------


def _language(request: Request) -> str:
    return normalise_language(request.query_params.get("lang"))


@dataclass(frozen=True)
class _Around:
    """What surrounds a vote's ballot: its collection round and the workshop's room (read in a worker thread)."""

    collecting: bool
    room: room.Room | None


def _around(code: str) -> _Around:
    store = shared_store()
    found = collection.get_collection(store, code)
    return _Around(found is not None and found.is_open, room.room_of_vote(store, code))


def _collection_link(code: str, token: str, lang: str) -> str:
    """The big link to the vote's collection round while it is open (the same token: the same phone)."""
    href = collect_path(code, lang, p=token)
    return f'<p class="collect"><a href="{escape_html(href)}">{escape_html(t("join.collect_now", lang))}</a></p>\n'


def _vote_page(
    box: BallotBox,
    code: str,
    token: str,
    lang: str,
    notice: tuple[str, str] | None = None,
    status: int = 200,
    around: _Around | None = None,
) -> HTMLResponse:
    tally = box.snapshot(code)
    stored = box.ballot_of(code, token)
    if notice is None and tally.vote.status == "closed" and not stored:  # no "thank you for voting" to a non-voter
        notice = (t("join.closed_no_ballot", lang), "paused")
    if notice is None:
        notice = ("", "") if tally.vote.is_open else (status_message(tally.vote, lang), "paused")
    other = "sv" if lang == "en" else "en"
    other_url = join_path(tally.vote.code, other, p=token)
    top = _collection_link(code, token, lang) if around is not None and around.collecting else ""
    follow = room_follow(around.room.code, around.room.step.signature, lang) if around and around.room else ""
    body = top + ballot_section(tally, token, stored, lang, notice, sent=notice[1] == "ok") + follow
    return page_response(lang, body, other_url=other_url, status=status)


# -- errors ------------------------------------------------------------------------------------

_STATUS_OF = {VoteInputError: 400, PermissionDeniedError: 403, NotFoundError: 404, VoteClosedError: 409}


def _status_for(error: ForesightError) -> int:
    for kind, status in _STATUS_OF.items():
        if isinstance(error, kind):
            return status
    return 503 if isinstance(error, StorageError) else 400


def _error_text(error: ForesightError, lang: str) -> str:
    params = dict(error.params)
    if "field" in params:
        params["field"] = t(f"vote.field.{params['field']}", lang)
    return t(error.key, lang, **params)


def friendly(endpoint: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    """No traceback ever reaches a phone: an unexpected error becomes a page (or JSON) in its language."""

    @functools.wraps(endpoint)
    async def guarded(request: Request) -> Response:
        try:
            return await endpoint(request)
        except ClientDisconnect as gone:
            return await hung_up(request, gone)
        except Exception:
            _LOG.exception("participant page failed: %s", request.url.path)
            return broken_response(request)

    return guarded


def broken_response(request: Request) -> Response:
    lang = _language(request)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"ok": False, "message": t("join.broken", lang)}, status_code=500, headers=_NO_STORE)
    return message_page(lang, "join.broken", status=500)


async def server_error(request: Request, _error: Exception) -> Response:
    """The app's handler of last resort (st.App exception_handlers): a friendly page, never a traceback."""
    return broken_response(request)


# -- endpoints ---------------------------------------------------------------------------------


@friendly
async def code_page(request: Request) -> Response:
    """`/join`: type the code; `/join?code=k7qx2m` goes to that vote."""
    lang = _language(request)
    typed = request.query_params.get("code")
    if typed is not None:
        code = voting.normalise_code(typed)
        box = await ballot_box()
        try:
            box.vote(code)
        except NotFoundError:  # a workshop's room code, typed in the same box, leads to its room
            if code is not None and await anyio.to_thread.run_sync(room.workshop_of_room, shared_store(), code):
                return RedirectResponse(room_path(code, lang), status_code=303)
            return message_page(lang, "join.no_code", status=404)
        return RedirectResponse(join_path(code, lang), status_code=303)
    return message_page(lang, "join.code_header", status=200)


@friendly
async def vote_page(request: Request) -> Response:
    """`/join/CODE`: the ballot; a first visit gets its signed token (and a redirect that keeps it)."""
    lang = _language(request)
    box = await ballot_box()
    raw_code = request.path_params["code"]
    try:
        vote = box.vote(raw_code)
    except NotFoundError:
        return message_page(lang, "join.no_code", status=404)
    token = request.query_params.get("p", "")
    if not box.token_is_valid(vote.code, token):
        kept = phone_tokens.cookie_token(request, box, vote.code)
        if kept is not None:  # this browser has joined before: the same ballot, not a new voice
            return RedirectResponse(join_path(vote.code, lang, p=kept), status_code=303)
        address = request.client.host if request.client else "unknown"
        if not joins.allow(address):
            return message_page(lang, "join.too_many_joins", status=429, headers={"Retry-After": "30"})
        try:
            token = await phone_tokens.new_token(box, vote.code)
        except VoteFullError:
            return message_page(lang, "join.full", status=429, headers={"Retry-After": "60", **_NO_STORE})
        redirect = RedirectResponse(join_path(vote.code, lang, p=token), status_code=303)
        return phone_tokens.remember(redirect, request, vote.code, token)
    if raw_code != vote.code:  # k7qx2m, or K7Q-X2M: one canonical address
        return RedirectResponse(join_path(vote.code, lang, p=token), status_code=303)
    around = await anyio.to_thread.run_sync(_around, vote.code)
    if box.store.is_server:  # another process may have taken this phone's last ballot: the database says
        await anyio.to_thread.run_sync(box.read_ballot_of, vote.code, token)
    if around.collecting and not box.vote(vote.code).is_open:  # the postcard round is what is live: go there
        return RedirectResponse(collect_path(vote.code, lang, p=token), status_code=303, headers=_NO_STORE)
    received = None
    if request.query_params.get("sent") == "1" and box.ballot_of(vote.code, token):
        stored = box.ballot_of(vote.code, token)
        received = (t("vote.received", lang, dots=sum(stored.values())), "ok")
    page = _vote_page(box, vote.code, token, lang, received, around=around)
    return phone_tokens.remember(page, request, vote.code, token)


async def _read_form(request: Request) -> dict[str, list[str]] | None:
    """The posted urlencoded form, or None if it is larger than any form of ours."""
    declared = request.headers.get("content-length", "0")
    if not declared.isdigit() or int(declared) > MAX_FORM_BYTES:
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return None
    try:
        return parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=100)
    except ValueError:  # more fields than any form of ours has
        return None


def _whole(text: str, key: str) -> int:
    if not _WHOLE.fullmatch(text):
        raise VoteInputError(key)
    return int(text)


def parse_ballot(vote: Vote, form: dict[str, list[str]]) -> dict[int, int]:
    """The posted ballot as {position: dots}; anything but small whole numbers is refused with a message."""
    if vote.dots_per_participant == 1:
        choice = form.get("choice")
        if not choice:
            raise VoteInputError("vote.error_no_dots")
        return {_whole(choice[-1], "vote.error_unknown_option"): 1}
    allocation: dict[int, int] = {}
    for name, values in form.items():
        if name.startswith("o"):
            allocation[_whole(name[1:], "vote.error_unknown_option")] = _whole(values[-1], "vote.error_dots_whole")
    return allocation


async def _submit_ballot(box: BallotBox, vote: Vote, token: str, form: dict[str, list[str]]) -> voting.BallotReceipt:
    future = box.submit(vote.code, token, parse_ballot(vote, form))
    return await asyncio.wrap_future(future)  # resolved by the writer after the commit


FORMS = {"ballot": _submit_ballot}  # the page's forms by their hidden `form` field


@friendly
async def submit(request: Request) -> Response:
    """`POST /join/CODE`: store the ballot, answer after the commit."""
    lang = _language(request)
    wants_json = "application/json" in request.headers.get("accept", "")
    box = await ballot_box()
    form = await _read_form(request)
    token = ""
    try:
        vote = box.vote(request.path_params["code"])
        if form is None:
            raise VoteInputError("join.too_large")
        token = (form.get("p") or [""])[-1]
        handler = FORMS.get((form.get("form") or ["ballot"])[-1])
        if handler is None:
            raise VoteInputError("vote.error_unknown_option")
        receipt = await handler(box, vote, token, form)
    except ForesightError as error:
        status = _status_for(error)
        message = _error_text(error, lang)
        if wants_json:
            return JSONResponse({"ok": False, "message": message}, status_code=status, headers=_NO_STORE)
        if isinstance(error, NotFoundError):
            return message_page(lang, "join.no_code", status=404)
        if not box.token_is_valid(request.path_params["code"], token):
            return message_page(lang, "vote.error_token", status=status)
        return _vote_page(box, vote.code, token, lang, (message, "error"), status=status)
    if wants_json:
        stored = stored_line(vote, receipt.allocation, lang)
        return JSONResponse(
            {
                "ok": True,
                "message": t("vote.received", lang, dots=receipt.dots),
                "bar": t("join.stored_bar", lang, dots=receipt.dots),
                "stored": stored,
                "revision": receipt.revision,
            },
            headers=_NO_STORE,
        )
    return RedirectResponse(join_path(vote.code, lang, p=token, sent="1"), status_code=303)


@friendly
async def status(request: Request) -> Response:
    """`GET /join/CODE/status?since=N`: the vote's state once it differs from N (or after WAIT_SECONDS)."""
    lang = _language(request)
    box = await ballot_box()
    try:
        tally = box.snapshot(request.path_params["code"])
    except NotFoundError:
        return JSONResponse({"ok": False, "message": t("join.no_code", lang)}, status_code=404, headers=_NO_STORE)
    headers = dict(_NO_STORE)
    slow = 0
    if request.query_params.get("since") == str(tally.changes):
        code = tally.vote.code
        if _polls.admit(code):
            try:
                await _changes.wait(code, WAIT_SECONDS)
            finally:
                _polls.release(code)
            tally = box.snapshot(code)
        else:  # the hall holds as many waiting polls as it may: ask again later, on a fresh connection
            slow = SLOW_POLL_SECONDS
            headers["Connection"] = "close"
    vote = tally.vote
    answer = {
        "status": vote.status,
        "open": vote.is_open,
        "round": vote.round,
        "changes": tally.changes,
        "message": "" if vote.is_open and request.query_params.get("since") is None else status_message(vote, lang),
    }
    if slow:
        answer["retry"] = slow
    return Response(json.dumps(answer), media_type="application/json", headers=headers)


async def asset(request: Request) -> Response:
    """The page's stylesheet and script (cached by the phone for an hour)."""
    name = request.path_params["name"]
    if name not in _ASSETS:
        return message_page(_language(request), "join.not_found", status=404)
    return Response(
        (_HERE / "static" / name).read_bytes(),
        media_type=_ASSETS[name],
        headers={"Cache-Control": "public, max-age=3600"},
    )


def routes() -> list[BaseRoute]:
    return [
        Route(f"{JOIN_PATH}/assets/{{name}}", asset, methods=["GET"]),
        Route(JOIN_PATH, code_page, methods=["GET"]),
        Route(f"{JOIN_PATH}/{{code}}", vote_page, methods=["GET"]),
        Route(f"{JOIN_PATH}/{{code}}", submit, methods=["POST"]),
        Route(f"{JOIN_PATH}/{{code}}/status", status, methods=["GET"]),
    ]


class OldJoinLinks:
    """ASGI middleware: an old `/vote?join=CODE` link (a QR code printed before) lands on the phones' page."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope.get("path", "").rstrip("/").endswith("/vote"):
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            code = voting.normalise_code((query.get("join") or [""])[0])
            if code is not None:
                lang = normalise_language((query.get("lang") or ["sv"])[0])
                response = RedirectResponse(join_path(code, lang), status_code=307)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
