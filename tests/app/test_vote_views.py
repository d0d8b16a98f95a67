"""The vote page's three views in AppTest: facilitator creates and opens, a phone votes, the screen counts."""

from __future__ import annotations

import pytest

from foresight.text import escape_markdown
from foresight.vote import joins, voting
from foresight.vote.ballot_box import shared_ballot_box
from foresight.vote.voting import VoteClosedError
from tests.app.conftest import all_text


def _param(at, name: str) -> str:
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


def create_and_open(app) -> tuple[str, str]:
    """Create a vote through the facilitator's form and open it; returns (code, secret)."""
    at = app("views/vote.py", lang="en")
    title = next(widget for widget in at.text_input if widget.label == "Title")
    title.set_value("Which drivers matter?")
    next(widget for widget in at.text_area if widget.label == "Your own drivers, one per line").set_value(
        "Remote work in Skåne\nVästra Götaland's ports"
    )
    next(button for button in at.button if button.label == "Create vote").click().run()
    assert not at.exception, at.exception
    code, secret = _param(at, "manage"), _param(at, "key")
    assert "with no key" in all_text(at)
    next(button for button in at.button if button.label == "Open").click().run()
    assert "The vote is open." in all_text(at)
    return code, secret


def test_facilitator_phone_and_screen(app) -> None:
    code, secret = create_and_open(app)

    # A phone votes on its own page (foresight.web.participant), through the process's ballot box.
    box = shared_ballot_box()
    token = box.issue_token(code)
    assert len(box.vote(code).options) == 8  # six workspace drivers picked by default + two typed in
    receipt = box.submit(code, token, {0: 2, 7: 1}).result(timeout=10)
    assert receipt.dots == 3

    screen = app("views/vote.py", lang="en", screen=code)
    assert not screen.exception, screen.exception
    assert {metric.label: metric.value for metric in screen.metric}["Have voted"] == "1"
    assert "The result is shown when the facilitator chooses." in all_text(screen)
    assert len(screen.get("image")) == 1  # the QR code
    assert any(f"/join/{code}?lang=en" in str(text.value) for text in screen.text)  # the phones' page

    manage = app("views/vote.py", lang="en", manage=code, key=secret)
    assert {metric.label: metric.value for metric in manage.metric}["Have voted"] == "1"
    assert any(f"/join/{code}?lang=en" in str(block.value) for block in manage.code)
    next(toggle for toggle in manage.toggle if toggle.label == "Show the result on the screen").set_value(True).run()
    screen = app("views/vote.py", lang="en", screen=code)
    tally = [str(element.proto) for element in screen.get("html")]
    assert any("fs-tally-row" in html and "Most dots:" in html and "(2)" in html for html in tally)

    next(button for button in manage.button if button.label == "Close").click().run()
    assert "The vote is closed." in all_text(manage)
    assert box.vote(code).status == "closed"
    with pytest.raises(VoteClosedError):
        box.submit(code, token, {1: 1})
    assert box.participant_count(code) == 1


def test_a_join_link_inside_the_app_leads_to_the_phones_page(app) -> None:
    code, _ = create_and_open(app)
    at = app("views/vote.py", lang="en", join=code)
    assert not at.exception, at.exception
    buttons = at.get("link_button")
    assert len(buttons) == 1 and buttons[0].proto.url.endswith(f"/join/{code}?lang=en")
    typed = app("views/vote.py", lang="en")
    next(widget for widget in typed.text_input if widget.label == "Code").set_value(code.lower())
    next(button for button in typed.button if button.label == "Join").click().run()
    assert [button.proto.url.rsplit("/join/", 1)[1] for button in typed.get("link_button")] == [f"{code}?lang=en"]


def test_forged_secret_changes_nothing(app) -> None:
    code, _ = create_and_open(app)
    for forged in ("wrong-secret-but-well-formed-xxxx", "<script>alert(1)</script>", "x" * 10_000):
        at = app("views/vote.py", lang="en", manage=code, key=forged)
        assert not at.exception
        assert [message.value for message in at.error] == [
            "The link lacks the right facilitator key. Nothing was changed."
        ]
        assert not [button for button in at.button if button.label in ("Close", "Open", "Start again")]
        assert not at.get("download_button")


def test_crafted_and_unknown_codes_get_a_message(app) -> None:
    crafted = app("views/vote.py", lang="en", screen="<script>alert(1)</script>")
    assert not crafted.exception
    assert any("the vote's code" in warning.value for warning in crafted.warning)
    unknown = app("views/vote.py", lang="en", screen="ZZZZZZ")
    assert [message.value for message in unknown.error] == [
        "There is no vote with that code. Check the code on the screen."
    ]
    assert any("Type the code again" in text.value for text in unknown.markdown)  # a way back on a phone
    screen = app("views/vote.py", lang="sv", screen="ZZZZZZ")
    assert "Det finns ingen omröstning med den koden" in screen.error[0].value


def test_bad_driver_name_in_the_create_form_is_refused(app) -> None:
    at = app("views/vote.py", lang="en")
    next(widget for widget in at.text_area if widget.label == "Your own drivers, one per line").set_value(
        "<img src=x onerror=alert(1)>"
    )
    next(button for button in at.button if button.label == "Create vote").click().run()
    assert [message.value for message in at.error] == ["The field Driver may not contain < or > or control characters."]
    assert "manage" not in at.query_params


def test_user_text_in_titles_and_labels_is_shown_as_text(app) -> None:
    at = app("views/vote.py", lang="en")
    next(widget for widget in at.text_input if widget.label == "Title").set_value(
        "**Fet** [länk](javascript:x) :red[ja]"
    )
    next(widget for widget in at.text_area if widget.label == "Your own drivers, one per line").set_value(
        "_Skåne_ & `kod`"
    )
    next(button for button in at.button if button.label == "Create vote").click().run()
    code = _param(at, "manage")
    screen = app("views/vote.py", lang="en", screen=code)
    assert screen.title[0].value == escape_markdown("**Fet** [länk](javascript:x) :red[ja]")
    assert shared_ballot_box().vote(code).options[-1].label("en") == "_Skåne_ & `kod`"  # the phones' page escapes HTML


def test_the_facilitator_and_the_screen_see_joins_past_the_expected_size(app) -> None:
    code, secret = create_and_open(app)
    manage = app("views/vote.py", lang="en", manage=code, key=secret)
    assert {metric.label: metric.value for metric in manage.metric}["Have joined"] == f"0 of {joins.DEFAULT_EXPECTED}"
    expected = next(widget for widget in manage.number_input if widget.label == "Expected participants")
    expected.set_value(3)
    next(button for button in manage.button if button.label == "Save number").click().run()
    assert "Expected participants saved." in all_text(manage)
    box = shared_ballot_box()
    for _ in range(3):
        box.issue_token(code)
    screen = app("views/vote.py", lang="en", screen=code)
    assert {metric.label: metric.value for metric in screen.metric}["Have joined"] == "3 of 3"
    assert "More have joined than expected" not in all_text(screen)
    for _ in range(int(joins.SPARE_BURST)):
        box.issue_token(code)
    with pytest.raises(joins.VoteFullError):
        box.issue_token(code)
    screen = app("views/vote.py", lang="en", screen=code)
    assert "More have joined than expected" in all_text(screen)
    manage = app("views/vote.py", lang="en", manage=code, key=secret)
    warning = [str(item.value) for item in manage.warning]
    assert any("More have joined (8) than expected (3); 1 attempts were turned away" in text for text in warning)


def test_a_whole_facilitator_link_pasted_as_the_code_opens_the_controls(app) -> None:
    code, secret = create_and_open(app)
    at = app("views/vote.py", lang="en")
    link = f"http://192.168.1.20:8501/vote?manage={code}&key={secret}&lang=en"
    next(widget for widget in at.text_input if widget.label == "Code").set_value(link)
    next(button for button in at.button if button.label == "Join").click().run()
    assert not at.exception, at.exception
    assert _param(at, "manage") == code and _param(at, "key") == secret
    assert [button.label for button in at.button if button.label == "Close"] == ["Close"]
    pasted = app("views/vote.py", lang="en", manage=code, key=link)  # the link pasted into the key itself
    assert not pasted.error and [button.label for button in pasted.button if button.label == "Close"] == ["Close"]


def test_the_handover_link_manages_the_vote_and_a_pasted_link_reads_its_key() -> None:
    assert voting.secret_from_text("  https://x.se/vote?manage=K7QX2M&key=abcdefghijklmnopqrstuvwx&lang=en ") == (
        "abcdefghijklmnopqrstuvwx"
    )
    assert voting.secret_from_text("abcdefghijklmnopqrstuvwx") == "abcdefghijklmnopqrstuvwx"
    assert voting.secret_from_text("https://x.se/vote?manage=K7QX2M") == ""
    assert voting.secret_from_text("<script>") == ""
    assert voting.code_from_link("https://x.se/vote?manage=k7qx2m&key=abc") == "K7QX2M"
