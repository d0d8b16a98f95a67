"""The phones' vote page as HTML: the page frame, the code form and the ballot (one form, no JavaScript needed).

Every value goes through `escape_html`; the page's template, CSS and JS are files beside this
module (templates/, static/), served by foresight.web.participant.
"""

from __future__ import annotations

import html
from pathlib import Path
from string import Template

from starlette.responses import HTMLResponse

from foresight.i18n import t
from foresight.links import JOIN_PATH, join_path, join_status_path, room_path, room_status_path, with_lang
from foresight.vote.tallies import LiveTally
from foresight.vote.voting import Vote

NO_STORE = {"Cache-Control": "no-store"}
_TEMPLATE = Template((Path(__file__).parent / "templates" / "participant.html").read_text(encoding="utf-8"))


def escape_html(text: object) -> str:
    return html.escape(str(text), quote=True)


def page_response(
    lang: str, body: str, *, other_url: str, status: int = 200, headers: dict | None = None
) -> HTMLResponse:
    other = "sv" if lang == "en" else "en"
    markup = _TEMPLATE.substitute(
        lang=lang,
        page_title=escape_html(t("join.page_title", lang)),
        assets=f"{JOIN_PATH}/assets",
        skip=escape_html(t("join.skip", lang)),
        other_url=escape_html(other_url),
        other_lang=other,
        other_name=escape_html(t("join.other_language", lang)),
        body=body,
    )
    return HTMLResponse(markup, status_code=status, headers={**NO_STORE, **(headers or {})})


def message_page(lang: str, key: str, *, status: int, headers: dict | None = None, **params: object) -> HTMLResponse:
    """A page with one message and the code box: bad code, too many joins, something broken."""
    body = f"<h1>{escape_html(t(key, lang, **params))}</h1>\n{code_form(lang)}"
    other = "sv" if lang == "en" else "en"
    return page_response(lang, body, other_url=with_lang(JOIN_PATH, other), status=status, headers=headers)


def code_form(lang: str) -> str:
    hidden = '<input type="hidden" name="lang" value="en">' if lang == "en" else ""
    return (
        f'<form class="code" method="get" action="{JOIN_PATH}">{hidden}'
        f'<label for="code">{escape_html(t("join.code_label", lang))}</label>'
        '<input id="code" name="code" required maxlength="12" autocomplete="off" autocapitalize="characters"'
        ' spellcheck="false">'
        f'<button type="submit">{escape_html(t("join.code_button", lang))}</button></form>'
    )


def room_follow(room_code: str, signature: str, lang: str) -> str:
    """What makes a page follow the workshop's room: `room.js` waits for the live step to change
    from `signature`, then replaces the page with the room's address (which leads to the new step)."""
    return (
        f'<div id="room" hidden data-status-url="{escape_html(with_lang(room_status_path(room_code), lang))}"'
        f' data-since="{escape_html(signature)}" data-room-url="{escape_html(room_path(room_code, lang))}"></div>'
        f'<script src="{JOIN_PATH}/assets/room.js" defer></script>'
    )


def stored_line(vote: Vote, stored: dict[int, int], lang: str) -> str:
    if not stored:
        return t("vote.no_ballot_yet", lang)
    spent = sum(stored.values())
    return t("vote.dots_left", lang, spent=spent, left=vote.dots_per_participant - spent)


def status_message(vote: Vote, lang: str) -> str:
    if vote.is_open:
        return t("join.now_open", lang)
    return t("join.closed", lang) if vote.status == "closed" else t("vote.not_open", lang)


def options_markup(vote: Vote, stored: dict[int, int], lang: str) -> str:
    if vote.dots_per_participant == 1:  # one dot: a single choice among the options
        chosen = next(iter(stored), None)
        rows = [
            f'<input type="radio" name="choice" id="c{option.position}" value="{option.position}"'
            f"{' checked' if option.position == chosen else ''}>"
            f'<label for="c{option.position}">{escape_html(option.label(lang))}</label>'
            for option in vote.options
        ]
        return f'<legend>{escape_html(t("join.choice_legend", lang))}</legend><div class="single">{"".join(rows)}</div>'
    parts = [
        f"<legend>{escape_html(t('join.dots_legend', lang, budget=vote.dots_per_participant, cap=vote.max_per_option))}"
        "</legend>"
    ]
    for option in vote.options:
        label, current, at = option.label(lang), stored.get(option.position, 0), option.position
        choices = "".join(
            f'<input type="radio" name="o{at}" id="o{at}-{dots}" value="{dots}"{" checked" if dots == current else ""}>'
            f'<label for="o{at}-{dots}" aria-label="{escape_html(t("join.dots_on", lang, dots=dots, label=label))}">'
            f"{dots}</label>"
            for dots in range(vote.max_per_option + 1)
        )
        parts.append(
            f'<fieldset class="option"><legend>{escape_html(label)}</legend>'
            f'<div class="choices">{choices}</div></fieldset>'
        )
    return "".join(parts)


def ballot_section(
    tally: LiveTally, token: str, stored: dict[int, int], lang: str, notice: tuple[str, str], *, sent: bool = False
) -> str:
    """The ballot: question, notices, the options and the sticky send bar (one form).

    While the options shown are the stored ballot, the bar says what is stored ("Stored: 3 dots")
    and the button "Sent"; a change turns it back into the count and "Send my dots". `sent`: the
    page answers a send (no script), so the bar announces it (role=status) where the thumb is.
    """
    vote = tally.vote
    disabled = "" if vote.is_open else " disabled"
    spent = sum(stored.values())
    text, kind = notice
    action = join_path(vote.code, lang)
    status_url = with_lang(join_status_path(vote.code), lang)
    data = {
        "budget": vote.dots_per_participant,
        "changes": tally.changes,
        "round": vote.round,
        "status-url": status_url,
        "left-text": t("join.left", lang, left="{left}", budget="{budget}"),
        "over-text": t("join.over", lang, over="{over}"),
        "sending-text": t("join.sending", lang),
        "offline-text": t("join.offline", lang),
        "stored-text": t("join.stored_bar", lang, dots=spent) if stored else "",
        "send-label": t("vote.submit_button", lang),
        "sent-label": t("join.sent_button", lang),
    }
    attributes = " ".join(f'data-{name}="{escape_html(value)}"' for name, value in data.items())
    if stored:
        left, left_class = t("join.stored_bar", lang, dots=spent), ' class="ok"'
        button, button_off = t("join.sent_button", lang), " disabled"
    else:
        left, left_class = t("join.left", lang, left=vote.dots_per_participant, budget=vote.dots_per_participant), ""
        button, button_off = t("vote.submit_button", lang), disabled
    if sent and text:
        left = text
    top_notice = "" if sent else text
    return (
        f"<h1>{escape_html(vote.title)}</h1>\n"
        f'<p class="hint">{escape_html(t("vote.anonymous", lang))}</p>\n'
        f'<p id="notice" class="notice {"" if sent else kind}" role="status">{escape_html(top_notice)}</p>\n'
        f'<p id="stored">{escape_html(stored_line(vote, stored, lang))}</p>\n'
        f'<form id="ballot" method="post" action="{escape_html(action)}" {attributes}>\n'
        f'<input type="hidden" name="form" value="ballot"><input type="hidden" name="p" value="{escape_html(token)}">\n'
        f'<fieldset id="options" class="options"{disabled}>{options_markup(vote, stored, lang)}</fieldset>\n'
        f'<div class="bar"><p id="left"{left_class} role="status" aria-live="polite">{escape_html(left)}</p>'
        f'<button type="submit" id="send"{button_off}>{escape_html(button)}</button></div>\n'
        "</form>\n"
        f'<p class="hint">{escape_html(t("vote.change_hint", lang))}</p>'
    )
