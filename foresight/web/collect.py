"""The phones' page of a collection round (/collect/CODE): send drivers or weak signals in a few words.

A few kilobytes of server-rendered HTML, no script, no Streamlit session: it works on any phone
and costs the server one small request per card.

- `GET /collect/CODE` without a valid participant token (in the address or the vote's cookie)
  issues one only while a collection round is open, admitted against the vote's expected size
  like the ballot page's (`foresight.vote.joins`), and redirects to `/collect/CODE?p=TOKEN`, so
  the phone keeps its identity (and its card count) in the address and in the cookie.
- `POST /collect/CODE?p=TOKEN` is a plain form post; after the commit it redirects back
  (Post/Redirect/Get) with `sent=1`, so a reload never sends a card twice. A refused card is
  shown again in the form with the reason, in the phone's language.
- Cards are rate-limited per phone (a few a minute) and per address (generous: a hall may share
  one router), with a clear message in the phone's language.
- Every stored text is shown through `html.escape`; every blocking call runs in a worker thread.
- `phone_token` is the one place that reads and checks the participant token of a request.
"""

from __future__ import annotations

from html import escape
from urllib.parse import parse_qs

import anyio
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from foresight.errors import ForesightError, NotFoundError
from foresight.i18n import normalise_language, t
from foresight.links import COLLECT_PATH, collect_path
from foresight.vote import collection, voting
from foresight.vote.ballot_box import shared_ballot_box
from foresight.vote.joins import VoteFullError
from foresight.web import phone_tokens
from foresight.web.participant_html import room_follow
from foresight.web.rate_limit import RateLimiter
from foresight.workshops import room
from foresight.workspace import shared_store

MAX_FORM_BYTES = 4_096
# Cards: a phone sends a few a minute at most; one address (a hall behind one router) a lot more,
# but not a flood (`collect.per_phone` caps a phone's cards in a round, the vote's size its phones).
cards_per_token = RateLimiter(capacity=3, per_second=6 / 60)
cards_per_address = RateLimiter(capacity=600, per_second=10.0)
_NO_STORE = {"Cache-Control": "no-store"}

STYLE = """
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 32rem; padding: 1rem; color: #1b1b1b;
  background: #fff; font-size: 1.1rem; line-height: 1.4; }
h1 { font-size: 1.5rem; }
h2 { font-size: 1.15rem; }
label, legend { display: block; font-weight: bold; margin: 0.8rem 0 0.3rem; }
textarea { width: 100%; box-sizing: border-box; font: inherit; min-height: 5rem; padding: 0.5rem;
  border: 2px solid #4a4a4a; border-radius: 6px; }
fieldset { border: 0; padding: 0; margin: 0.5rem 0; }
.choice { display: flex; align-items: center; min-height: 44px; gap: 0.6rem; }
.choice input { width: 28px; height: 28px; margin: 0; }
.choice label { display: inline; font-weight: normal; margin: 0; }
button { min-height: 48px; min-width: 44px; width: 100%; font: inherit; font-weight: bold; color: #fff;
  background: #1f5f8b; border: 0; border-radius: 8px; margin-top: 0.8rem; }
.message { padding: 0.6rem 0.8rem; border-radius: 6px; margin: 0.8rem 0; }
.message:empty { display: none; }
.ok { background: #e5f3e9; border: 2px solid #1a6b3a; }
.error { background: #fbeaea; border: 2px solid #a3262a; }
a.lang { display: inline-flex; align-items: center; min-height: 44px; color: #1f5f8b; }
ul.sent li { margin: 0.3rem 0; }
"""


def phone_token(request: Request, code: str) -> str | None:
    """The participant token in the request's address, if this workspace signed it for the vote `code`."""
    token = request.query_params.get("p")
    try:
        return token if shared_ballot_box().token_is_valid(code, token) else None
    except NotFoundError:
        return None


def _language(request: Request) -> str:
    return normalise_language(request.query_params.get("lang"))


def _page(lang: str, body: str, status: int = 200) -> HTMLResponse:
    title = escape(t("collect.phone_title", lang))
    return HTMLResponse(
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{STYLE}</style></head><body><main>{body}</main></body></html>",
        status_code=status,
        headers=_NO_STORE,
    )


def _render(
    code: str,
    token: str,
    lang: str,
    *,
    state: collection.Collection | None,
    sent: list[str],
    text: str = "",
    kind: str = "driver",
    message: str = "",
    ok: bool = False,
    follow: str = "",
) -> str:
    other = "sv" if lang == "en" else "en"
    parts = [
        f"<h1>{escape(t('collect.phone_title', lang))}</h1>",
        f'<p><a class="lang" href="{escape(collect_path(code, other, p=token))}" lang="{other}">'
        f"{escape(t('collect.phone_language', lang))}</a></p>",
    ]
    role = "status" if ok else "alert"
    shown = f'<p class="message {"ok" if ok else "error"}" role="{role}">{escape(message)}</p>' if message else ""
    form_shown = state is not None and state.is_open and len(sent) < state.per_phone
    if not form_shown:
        parts.append(shown)
    if form_shown:
        checked = {name: " checked" if name == kind else "" for name in collection.KINDS}
        parts.append(
            f"<p>{escape(t('collect.phone_intro', lang))}</p>"
            f'<form method="post" action="{escape(collect_path(code, lang, p=token))}">'
            f'<label for="card-text">{escape(t("collect.phone_text", lang, max=collection.MAX_TEXT))}</label>'
            f'<textarea id="card-text" name="text" maxlength="{collection.MAX_TEXT}" required>{escape(text)}</textarea>'
            f"<fieldset><legend>{escape(t('collect.phone_kind', lang))}</legend>"
            + "".join(
                f'<div class="choice"><input type="radio" id="kind-{name}" name="kind" value="{name}"{checked[name]}>'
                f'<label for="kind-{name}">{escape(t(f"collect.kind_{name}", lang))}</label></div>'
                for name in collection.KINDS
            )
            + f'</fieldset><button type="submit">{escape(t("collect.phone_send", lang))}</button>'
            # the answer to a send stands right under the button, where the thumb is
            + (shown or '<p class="message" role="status"></p>')
            + "</form>"
        )
    elif state is None or not state.is_open:
        parts.append(f'<p role="status">{escape(t("collect.phone_closed", lang))}</p>')
    if sent:
        limit = state.per_phone if state else len(sent)
        parts.append(
            f"<h2>{escape(t('collect.phone_sent', lang, count=len(sent), max=limit))}</h2>"
            '<ul class="sent">' + "".join(f"<li>{escape(item)}</li>" for item in sent) + "</ul>"
        )
    return "".join(parts) + follow


def _read(code: str, token: str) -> tuple[collection.Collection | None, list[str]]:
    store = shared_store()
    voting.get_vote(store, code)  # NotFoundError for an unknown code
    return collection.get_collection(store, code), collection.sent_by(store, code, token)


def _follow(code: str, lang: str) -> str:
    """The room's script when the vote belongs to a workshop: the page moves on when the room does."""
    found = room.room_of_vote(shared_store(), code)
    return room_follow(found.code, found.step.signature, lang) if found else ""


async def collect_page(request: Request) -> Response:
    """`GET /collect/CODE`: the form, or a redirect that gives the phone its token."""
    lang = _language(request)
    code = voting.normalise_code(request.path_params["code"])
    if code is None:
        return _page(lang, f'<p role="alert">{escape(t("vote.error_unknown_code", lang))}</p>', 404)
    token = phone_token(request, code)
    if token is None:
        return await _first_visit(request, code, lang)
    try:
        state, sent = await anyio.to_thread.run_sync(_read, code, token)
    except NotFoundError as error:
        return _page(lang, f'<p role="alert">{escape(t(error.key, lang, **error.params))}</p>', 404)
    received = request.query_params.get("sent") == "1" and sent
    message = t("collect.phone_received", lang, text=sent[-1]) if received else ""
    follow = await anyio.to_thread.run_sync(_follow, code, lang)
    return _page(lang, _render(code, token, lang, state=state, sent=sent, message=message, ok=True, follow=follow))


def _is_open(code: str) -> bool:
    found = collection.get_collection(shared_store(), code)
    return found is not None and found.is_open


async def _first_visit(request: Request, code: str, lang: str) -> Response:
    """No token in the address: this browser's token for the vote, else a new one while a round is open.

    A new token comes only while a collection round is open and only as the vote admits one
    (its expected size, shared with the ballot page: `BallotBox.join`).
    """
    box = shared_ballot_box()
    try:
        box.vote(code)  # NotFoundError for an unknown code
        kept = phone_tokens.cookie_token(request, box, code)
        if kept is not None:
            return RedirectResponse(collect_path(code, lang, p=kept), 303, headers=_NO_STORE)
        if not await anyio.to_thread.run_sync(_is_open, code):
            follow = await anyio.to_thread.run_sync(_follow, code, lang)
            return _page(lang, f'<p role="status">{escape(t("collect.phone_closed", lang))}</p>{follow}', 409)
        issued = await phone_tokens.new_token(box, code)
    except NotFoundError as error:
        return _page(lang, f'<p role="alert">{escape(t(error.key, lang, **error.params))}</p>', 404)
    except VoteFullError as error:
        page = _page(lang, f'<p role="alert">{escape(t(error.key, lang))}</p>', 429)
        page.headers["Retry-After"] = "60"
        return page
    redirect = RedirectResponse(collect_path(code, lang, p=issued), 303, headers=_NO_STORE)
    return phone_tokens.remember(redirect, request, code, issued)


def _submit(code: str, token: str, text: str, kind: str) -> None:
    collection.submit(shared_store(), code, token, text, kind)


async def collect_submit(request: Request) -> Response:
    """`POST /collect/CODE?p=TOKEN`: store the card, then redirect back to the form."""
    lang = _language(request)
    code = voting.normalise_code(request.path_params["code"])
    token = phone_token(request, code) if code else None
    if code is None or token is None:
        return _page(lang, f'<p role="alert">{escape(t("collect.error_token", lang))}</p>', 400)
    address = request.client.host if request.client else "unknown"
    if not cards_per_token.allow(token) or not cards_per_address.allow(address):
        page = _page(lang, f'<p role="alert">{escape(t("collect.error_too_fast", lang))}</p>', 429)
        page.headers["Retry-After"] = "30"
        return page
    declared = request.headers.get("content-length", "")
    if not declared.isdigit() or int(declared) > MAX_FORM_BYTES:
        too_long = t("collect.error_too_long", lang, max=collection.MAX_TEXT, length=declared or "?")
        return _page(lang, f'<p role="alert">{escape(too_long)}</p>', 413)
    body = await request.body()
    form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    text = (form.get("text") or [""])[-1]
    kind = (form.get("kind") or ["driver"])[-1]
    try:
        await anyio.to_thread.run_sync(_submit, code, token, text, kind)
    except ForesightError as error:
        try:
            state, sent = await anyio.to_thread.run_sync(_read, code, token)
        except NotFoundError as missing:
            return _page(lang, f'<p role="alert">{escape(t(missing.key, lang, **missing.params))}</p>', 404)
        message = t(error.key, lang, **error.params)
        shown_kind = kind if kind in collection.KINDS else "driver"
        page = _render(code, token, lang, state=state, sent=sent, text=text[:200], kind=shown_kind, message=message)
        return _page(lang, page, 409 if isinstance(error, collection.CollectionError) else 400)
    return RedirectResponse(collect_path(code, lang, p=token, sent="1"), 303, headers=_NO_STORE)


def routes() -> list[BaseRoute]:
    return [
        Route(f"{COLLECT_PATH}/{{code}}", collect_page, methods=["GET"]),
        Route(f"{COLLECT_PATH}/{{code}}", collect_submit, methods=["POST"]),
    ]
