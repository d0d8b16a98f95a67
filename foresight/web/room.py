"""A workshop's room (/room/CODE): one code and QR for the whole day, taking a phone to whatever is live.

- `GET /room/CODE` asks the domain what is live (`foresight.workshops.room.live_step`) and sends
  the phone there: the postcard page while a collection round is open, the ballot while a vote
  is open (both keep the phone's token in the vote's cookie, so it stays one participant), else a
  "wait for the next step" page (before the first step, or "thanks" after a closed vote).
- `GET /room/CODE/status?since=SIGNATURE` waits (long poll, at most `WAIT_SECONDS`) until the live
  step's signature differs from the one the page was drawn for; the page's script (`room.js`) then
  replaces itself with `/room/CODE`, which leads on to the new step. The ballot, postcard and wait
  pages of a workshop's vote all carry that script, so a phone follows the room without a reload.
- A change the ballot box hears (a vote opened, closed, a new round, in this process or another)
  and any other process's write (server mode) wake the waiting polls at once; what this process
  writes past the ballot box (a collection round opened from a page) is seen by reading the step
  again every `RECHECK_SECONDS` while phones wait: one small query per workshop with waiting phones,
  shared by all of them, so a switch reaches the phones within a second.
"""

from __future__ import annotations

import asyncio
import json
import time

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from foresight.i18n import normalise_language, t
from foresight.links import ROOM_PATH, collect_path, join_path, room_path
from foresight.store import Notice
from foresight.vote.ballot_box import BallotBox
from foresight.web import participant
from foresight.web.participant_html import escape_html, message_page, page_response, room_follow
from foresight.workshops import room, workshops
from foresight.workspace import shared_store

WAIT_SECONDS = participant.WAIT_SECONDS
RECHECK_SECONDS = 0.5  # a step changed without the ballot box hearing it is seen this late at most
_NO_STORE = {"Cache-Control": "no-store"}


class _Rooms:
    """The live step of each workshop with waiting phones, read at most every RECHECK_SECONDS (event loop only)."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._event: asyncio.Event | None = None
        self._generation = 0
        self._steps: dict[int, tuple[float, room.LiveStep]] = {}
        self._reading: dict[int, asyncio.Future] = {}

    def attach(self, box: BallotBox) -> None:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
            box.add_listener(self._from_thread)
            box.store.listen(self._heard)

    def _heard(self, notice: Notice) -> None:
        """Another process wrote something (a collection round, a new vote): look again now."""
        if notice.kind != "ballots":  # a batch of ballots never changes what is live
            self._from_thread("")

    def _from_thread(self, _code: str) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self.changed)

    def changed(self) -> None:
        """Something changed: read every room's step again and wake its waiting phones."""
        self._generation += 1
        self._steps.clear()
        if self._event is not None:
            self._event.set()
            self._event = None

    async def step(self, workshop_id: int) -> room.LiveStep:
        found = self._steps.get(workshop_id)
        if found is not None and time.monotonic() - found[0] < RECHECK_SECONDS:
            return found[1]
        reading = self._reading.get(workshop_id)
        if reading is None:
            generation = self._generation
            reading = asyncio.ensure_future(anyio.to_thread.run_sync(room.live_step, shared_store(), workshop_id))
            self._reading[workshop_id] = reading

            def done(future: asyncio.Future) -> None:
                self._reading.pop(workshop_id, None)
                if not future.cancelled() and future.exception() is None and generation == self._generation:
                    self._steps[workshop_id] = (time.monotonic(), future.result())

            reading.add_done_callback(done)
        return await asyncio.shield(reading)

    async def wait(self, workshop_id: int, since: str, seconds: float) -> room.LiveStep:
        """The room's step once its signature differs from `since`, or after `seconds`."""
        deadline = time.monotonic() + seconds
        while True:
            step = await self.step(workshop_id)
            left = deadline - time.monotonic()
            if step.signature != since or left <= 0:
                return step
            if self._event is None:
                self._event = asyncio.Event()
            try:
                await asyncio.wait_for(self._event.wait(), min(RECHECK_SECONDS, left))
            except TimeoutError:
                pass


_rooms = _Rooms()


def _language(request: Request) -> str:
    return normalise_language(request.query_params.get("lang"))


async def _workshop(code: str) -> int | None:
    return await anyio.to_thread.run_sync(room.workshop_of_room, shared_store(), code)


def _wait_page(workshop_id: int, code: str, step: room.LiveStep, lang: str) -> Response:
    title = workshops.get_workshop(shared_store(), workshop_id).title
    text = t("join.room_thanks" if step.after_vote else "join.room_wait", lang)
    other = "sv" if lang == "en" else "en"
    body = (
        f"<h1>{escape_html(title)}</h1>\n"
        f'<p id="notice" class="notice paused" role="status">{escape_html(text)}</p>\n'
        + room_follow(code, step.signature, lang)
    )
    return page_response(lang, body, other_url=room_path(code, other))


@participant.friendly
async def room_page(request: Request) -> Response:
    """`/room/CODE`: on to the live step (postcards, ballot), or the page that waits for it."""
    lang = _language(request)
    raw = request.path_params["code"]
    workshop_id = await _workshop(raw)
    if workshop_id is None:
        return message_page(lang, "join.room_no_code", status=404)
    code = await anyio.to_thread.run_sync(room.room_code, shared_store(), workshop_id)
    if raw != code:  # k7qx2m, or K7Q-X2M: one canonical address
        return RedirectResponse(room_path(code, lang), status_code=303, headers=_NO_STORE)
    step = await anyio.to_thread.run_sync(room.live_step, shared_store(), workshop_id)
    if step.kind == room.COLLECT:
        return RedirectResponse(collect_path(step.code, lang), status_code=303, headers=_NO_STORE)
    if step.kind == room.VOTE:
        return RedirectResponse(join_path(step.code, lang), status_code=303, headers=_NO_STORE)
    return await anyio.to_thread.run_sync(_wait_page, workshop_id, code, step, lang)


@participant.friendly
async def room_status(request: Request) -> Response:
    """`/room/CODE/status?since=SIGNATURE`: the live step once it differs from SIGNATURE (or after WAIT_SECONDS)."""
    lang = _language(request)
    _rooms.attach(await participant.ballot_box())
    workshop_id = await _workshop(request.path_params["code"])
    if workshop_id is None:
        return JSONResponse({"ok": False, "message": t("join.room_no_code", lang)}, status_code=404, headers=_NO_STORE)
    since = request.query_params.get("since")
    headers = dict(_NO_STORE)
    answer: dict[str, object] = {}
    key = f"room:{workshop_id}"
    if since is None:
        step = await _rooms.step(workshop_id)
    elif participant._polls.admit(key):
        try:
            step = await _rooms.wait(workshop_id, since, WAIT_SECONDS)
        finally:
            participant._polls.release(key)
    else:  # as many waiting polls as the server may hold: ask again later, on a fresh connection
        step = await _rooms.step(workshop_id)
        answer["retry"] = participant.SLOW_POLL_SECONDS
        headers["Connection"] = "close"
    answer |= {"ok": True, "signature": step.signature, "kind": step.kind, "code": step.code}
    return Response(json.dumps(answer), media_type="application/json", headers=headers)


def routes() -> list[BaseRoute]:
    return [
        Route(f"{ROOM_PATH}/{{code}}", room_page, methods=["GET"]),
        Route(f"{ROOM_PATH}/{{code}}/status", room_status, methods=["GET"]),
    ]
