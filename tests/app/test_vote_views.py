"""The vote page's three views in AppTest: facilitator creates and opens, a phone votes, the screen counts."""

from __future__ import annotations

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
    assert "Keep the facilitator link" in all_text(at)
    next(button for button in at.button if button.label == "Open").click().run()
    assert "The vote is open." in all_text(at)
    return code, secret


def test_facilitator_phone_and_screen(app) -> None:
    code, secret = create_and_open(app)

    phone = app("views/vote.py", lang="en", join=code)
    assert not phone.exception, phone.exception
    token = _param(phone, "p")
    assert len(token) >= 16
    controls = phone.get("button_group")
    assert len(controls) == 8  # six workspace drivers picked by default + two typed in
    assert "You have 3 dots. At most 3 on one driver." in all_text(phone)
    controls[0].set_value(2)
    controls[7].set_value(1)
    next(button for button in phone.button if button.label == "Send my dots").click().run()
    assert [message.value for message in phone.success] == ["Received: 3 dots stored."]
    assert "Stored: 3 dots used, 0 left." in all_text(phone)

    # The same phone after a reload (a new session, the token still in the URL) finds its ballot.
    again = app("views/vote.py", lang="en", join=code, p=token)
    assert "Stored: 3 dots used, 0 left." in all_text(again)
    assert again.get("button_group")[0].value == 2

    screen = app("views/vote.py", lang="en", screen=code)
    assert not screen.exception, screen.exception
    assert {metric.label: metric.value for metric in screen.metric}["Have voted"] == "1"
    assert "The result is shown when the facilitator chooses." in all_text(screen)
    assert len(screen.get("image")) == 1  # the QR code

    manage = app("views/vote.py", lang="en", manage=code, key=secret)
    next(toggle for toggle in manage.toggle if toggle.label == "Show the result on the screen").set_value(True).run()
    screen = app("views/vote.py", lang="en", screen=code)
    tally = [str(element.proto) for element in screen.get("html")]
    assert any("fs-tally-row" in html and "Most dots:" in html for html in tally)  # bars with their summary

    next(button for button in manage.button if button.label == "Close").click().run()
    closed_phone = app("views/vote.py", lang="en", join=code, p=token)
    assert "The vote is not open right now." in all_text(closed_phone)


def test_over_budget_ballot_is_refused_and_nothing_stored(app) -> None:
    code, _ = create_and_open(app)
    phone = app("views/vote.py", lang="en", join=code)
    controls = phone.get("button_group")
    for control in controls[:2]:
        control.set_value(2)
    next(button for button in phone.button if button.label == "Send my dots").click().run()
    assert [message.value for message in phone.error] == ["You placed 4 dots but have only 3. Nothing was stored."]
    assert "You have not voted yet." in all_text(phone)


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
    crafted = app("views/vote.py", lang="en", join="<script>alert(1)</script>")
    assert not crafted.exception
    assert any("the vote's code" in warning.value for warning in crafted.warning)
    unknown = app("views/vote.py", lang="en", join="ZZZZZZ")
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
    phone = app("views/vote.py", lang="en", join=code)
    title = phone.subheader[0].value
    assert title == r"\*\*Fet\*\* \[länk\]\(javascript\:x\) \:red\[ja\]"  # every Markdown mark escaped
    assert phone.get("button_group")[-1].label == r"\_Skåne\_ \& \`kod\`"
