"""One browser, one voice: a phone's participant token in its address and in a cookie of the vote.

A token is issued only through the ballot box's admission (`BallotBox.join`, limited by the vote's
expected size, across processes); the same token is kept in a cookie named for the vote
(HttpOnly, SameSite=Lax, Secure over TLS), so re-opening `/join/CODE` or `/collect/CODE` in the
same browser, without the token in the address, finds the same ballot instead of a new one.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import Response

from foresight.vote.ballot_box import BallotBox

COOKIE_PREFIX = "framsyn_p_"
COOKIE_SECONDS = 7 * 24 * 3600  # a workshop's days; the token is useless once the vote is gone


def cookie_name(code: str) -> str:
    return f"{COOKIE_PREFIX}{code}"


def cookie_token(request: Request, box: BallotBox, code: str) -> str | None:
    """The token this browser keeps for the vote `code`, if this workspace signed it for that vote."""
    token = request.cookies.get(cookie_name(code))
    return token if token and box.token_is_valid(code, token) else None


def remember(response: Response, request: Request, code: str, token: str) -> Response:
    """Keep `token` in the browser's cookie for the vote (unless it is there already)."""
    if request.cookies.get(cookie_name(code)) != token:
        response.set_cookie(
            cookie_name(code),
            token,
            max_age=COOKIE_SECONDS,
            path="/",
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
    return response


async def new_token(box: BallotBox, code: str) -> str:
    """A new participant's token, once the vote admits one (raises VoteFullError beyond its limit)."""
    return await asyncio.wrap_future(box.join(code))
