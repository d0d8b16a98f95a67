"""The phones' page as markup: user text escaped, errors turned into friendly pages, old links redirected."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from starlette.requests import Request

from foresight.vote.tallies import LiveTally
from foresight.vote.voting import Vote, VoteOption
from foresight.web import participant, participant_html

HOSTILE = '<img src=x onerror="alert(1)">&\''


def run_async(coroutine):
    """Run a coroutine on its own loop in a worker thread: a browser test earlier in the same
    session may keep Playwright's loop running on the main thread, where asyncio.run refuses."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def hostile_tally(status: str = "open", dots: int = 3) -> LiveTally:
    options = tuple(VoteOption(n, None, f"{HOSTILE} {n}", f"{HOSTILE} en {n}") for n in range(3))
    vote = Vote("K7QX2M", HOSTILE, dots, min(dots, 2), status, False, 1, datetime(2026, 11, 28), options)
    return LiveTally(vote, 0, {}, {}, 0)


def request(path: str, query: bytes = b"", headers: list | None = None) -> Request:
    return Request({"type": "http", "method": "GET", "path": path, "query_string": query, "headers": headers or []})


def test_every_user_text_is_escaped_on_the_ballot() -> None:
    for dots in (3, 1):  # dots and single choice
        markup = participant_html.ballot_section(hostile_tally(dots=dots), "t" * 40, {0: 1}, "en", ("", ""))
        assert "<img" not in markup
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#x27;" in markup
    assert 'checked><label for="o0-1"' in participant_html.ballot_section(
        hostile_tally(), "t" * 40, {0: 1}, "sv", ("", "")
    )


def test_a_vote_that_is_not_open_renders_disabled_with_its_notice() -> None:
    markup = participant_html.ballot_section(hostile_tally("draft"), "t" * 40, {}, "sv", ("Inte öppen", "paused"))
    assert '<fieldset id="options" class="options" disabled>' in markup
    assert 'id="send" disabled' in markup
    assert 'class="notice paused"' in markup


def test_an_unexpected_error_becomes_a_friendly_page_never_a_traceback() -> None:
    async def broken(_request: Request):
        raise RuntimeError("secret detail /home/user/workspace.duckdb")

    guarded = participant.friendly(broken)
    page = run_async(guarded(request("/join/K7QX2M", b"lang=en")))
    assert page.status_code == 500
    assert "Something went wrong on our side" in page.body.decode()
    assert "secret detail" not in page.body.decode() and "Traceback" not in page.body.decode()
    answer = run_async(guarded(request("/join/K7QX2M", headers=[(b"accept", b"application/json")])))
    assert answer.status_code == 500 and "Något gick fel" in answer.body.decode()
    handled = run_async(participant.server_error(request("/trends"), RuntimeError("x")))
    assert handled.status_code == 500 and "Något gick fel" in handled.body.decode()


def test_old_join_links_are_redirected_to_the_phones_page() -> None:
    sent: list[dict] = []

    async def streamlit(scope, receive, send) -> None:
        sent.append({"type": "passed-through", "path": scope["path"]})

    async def record(message) -> None:
        sent.append(message)

    middleware = participant.OldJoinLinks(streamlit)
    for query, expected in ((b"join=k7qx2m&lang=en", b"/join/K7QX2M?lang=en"), (b"join=K7QX2M&p=old", b"/join/K7QX2M")):
        sent.clear()
        run_async(middleware({"type": "http", "path": "/vote", "query_string": query, "headers": []}, None, record))
        assert sent[0]["status"] == 307 and (b"location", expected) in sent[0]["headers"]
    for path, query in (("/vote", b"screen=K7QX2M"), ("/vote", b"join=%3Cscript%3E"), ("/trends", b"join=K7QX2M")):
        sent.clear()
        run_async(middleware({"type": "http", "path": path, "query_string": query, "headers": []}, None, record))
        assert sent == [{"type": "passed-through", "path": path}]
