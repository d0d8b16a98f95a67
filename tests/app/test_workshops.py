"""The workshops page in AppTest: the record, the comparison, the collection wall, bad links."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from foresight.scenarios import scenarios
from foresight.vote import collection, participant_tokens, voting
from foresight.workshops import workshops
from foresight.workspace import build_fixture_workspace
from tests.app.conftest import ROOT, all_text, run_page
from tests.support.ballots import cast, open_vote

PAGE = "views/workshops.py"
# A participant's card that Markdown would turn into a link, a fetched image and a heading.
HOSTILE_CARDS = ("[Klicka här](http://example.org/x)", "![bild](http://example.org/spår.png)", "# Rubrik **fet**")


@pytest.fixture
def workshop_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    path = tmp_path / "workshops.duckdb"
    with build_fixture_workspace(path) as store:
        first = workshops.create_workshop(store, "Skåne mars", "2026-03-02")
        second = workshops.create_workshop(store, "Skåne <b>september</b>", "2026-09-14", purpose="Syfte *fet*")
        created = open_vote(store, "Drivkrafter", [voting.OptionInput(label="Åldrande befolkning")])
        cast(store, created.code, {0: 2})
        workshops.attach(store, second, "votes", [created.code])
        cross = scenarios.create_cross(store, "Kors")
        workshops.attach(store, first, "crosses", [cross])
        scenarios.create_cross(store, "Annat kors")
        collection.open_collection(store, created.code, created.secret)
        phone = participant_tokens.sign_participant(participant_tokens.participant_key(store), created.code)
        collection.submit(store, created.code, phone, "Ensamhet *bland* äldre")
        key = participant_tokens.participant_key(store)
        for text in HOSTILE_CARDS:  # each from a phone of its own
            collection.submit(store, created.code, participant_tokens.sign_participant(key, created.code), text)
    monkeypatch.setenv("FRAMSYN_DB", str(path))
    return {"first": first, "second": second, "code": created.code, "secret": created.secret}


def test_the_record_shows_the_workshop_and_offers_its_report(workshop_file) -> None:
    at = run_page(PAGE, workshop=str(workshop_file["second"]), lang="en")
    assert not at.exception, at.exception
    assert "Skåne <b>september</b>" in at.header[0].value.replace("\\", "")
    assert "1 vote," in all_text(at)  # singular for one
    assert [text.value for text in at.text][:1] == ["Syfte *fet*"]


def test_the_comparison_and_its_projector_view_render(workshop_file) -> None:
    query = {"view": "compare", "before": str(workshop_file["first"]), "after": str(workshop_file["second"])}
    at = run_page(PAGE, **query)
    assert not at.exception, at.exception
    assert "Åldrande befolkning" in "".join(str(element.proto.body) for element in at.get("html"))
    shown = run_page(PAGE, present="1", **query)
    assert not shown.exception, shown.exception
    assert shown.title[0].value == "Vad har rört sig sedan sist"


def test_the_wall_shows_cards_as_text_and_the_owner_needs_no_key(workshop_file) -> None:
    at = run_page(PAGE, view="collect")
    assert not at.exception, at.exception
    assert not [widget for widget in at.text_input if "nyckel" in widget.label]
    assert [button.label for button in at.button if button.label == "Godta"] == ["Godta"]
    next(button for button in at.button if button.label == "Godta").click().run()
    assert not at.exception, at.exception
    assert any("Godtagen" in str(frame.value) for frame in at.dataframe)


def test_the_wall_shows_participants_text_as_typed_never_as_markdown(workshop_file) -> None:
    at = run_page(PAGE, view="collect")
    assert not at.exception, at.exception
    assert not at.table  # st.table renders Markdown in its cells
    shown = [str(text) for frame in at.dataframe for text in frame.value.iloc[:, 0]]
    assert set(HOSTILE_CARDS) <= set(shown)  # the characters typed, in a grid that renders none of them
    rendered = [str(element.proto) for element in at.markdown] + [str(element.proto) for element in at.get("html")]
    assert not any("example.org" in element for element in rendered)


def test_a_crafted_link_gets_a_notice_not_an_error(workshop_file) -> None:
    at = run_page(PAGE, workshop="<script>", view="nonsense", before="99")
    assert not at.exception, at.exception
    assert at.warning


def test_the_scenario_page_can_show_only_one_workshops_crosses(workshop_file) -> None:
    everything = run_page("views/scenarios.py")
    only = run_page("views/scenarios.py", workshop=str(workshop_file["first"]))
    assert not only.exception, only.exception
    chooser = next(box for box in only.selectbox if box.label == "Scenariekors")
    assert chooser.options == ["Kors"]
    assert len(next(box for box in everything.selectbox if box.label == "Scenariekors").options) == 2


def _page_links(at) -> dict[str, str]:
    return {element.proto.label: element.proto.query_string for element in at.get("page_link")}


def test_the_run_sheet_starts_each_step_for_the_workshop_with_no_typing(workshop_file) -> None:
    first = str(workshop_file["first"])  # has a cross, no vote
    at = run_page(PAGE, workshop=first, lang="en")
    assert not at.exception, at.exception
    assert "The day's steps" in all_text(at)
    next(button for button in at.button if button.label == "Start the postcard round").click().run()
    assert not at.exception and not at.error, [error.value for error in at.error]
    assert "The postcard round is open." in all_text(at)
    links = _page_links(at)
    wall = links["Open the postcard wall"]
    code = next(part.split("=", 1)[1] for part in wall.split("&") if part.startswith("code="))
    from foresight.ui.resources import store as page_store

    assert collection.get_collection(page_store(), code).is_open
    assert code in workshops.workshop_ids_of(page_store(), "votes", workshop_file["first"])  # its own, not attached
    assert f"manage={code}" in links["Run the vote"] and "key=" not in links["Run the vote"]
    assert (
        f"cross={workshops.workshop_ids_of(page_store(), 'crosses', workshop_file['first'])[0]}"
        in (links["Open the scenario cross"])
    )
    assert "cross=" in links["Backcast from the cross"]
    walled = run_page(PAGE, view="collect", code=code, lang="en")
    assert not walled.exception and walled.selectbox[0].value == code  # the wall opens on the workshop's vote


def test_a_vote_started_from_the_run_sheet_belongs_to_the_workshop(workshop_file) -> None:
    second = workshop_file["second"]
    at = run_page("views/vote.py", workshop=str(second), lang="en")
    assert not at.exception, at.exception
    assert any("For the workshop" in caption.value for caption in at.caption)
    next(button for button in at.button if button.label == "Create vote").click().run()
    assert not at.exception and not at.error
    code = at.query_params["manage"]
    code = code[0] if isinstance(code, list) else code
    from foresight.ui.resources import store as page_store

    assert code in workshops.workshop_ids_of(page_store(), "votes", second)


def test_a_viewer_sees_the_run_sheet_without_its_buttons(workshop_file, monkeypatch) -> None:
    from foresight import access
    from foresight.ui.resources import store as page_store

    access.set_passphrase(page_store(), "owner", "Kronoberg framsyn 2050")  # no local owner any more
    access.add_member(page_store(), "ledning@regionskane.se", "viewer")
    at = AppTest.from_file(str(ROOT / "frame.py"), default_timeout=30)
    at.user = {"is_logged_in": True, "email": "ledning@regionskane.se", "sub": "ledning"}
    at.query_params["workshop"] = str(workshop_file["first"])
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    assert "The day's steps" in all_text(at)
    assert not [
        button
        for button in at.button
        if button.label in ("Start the postcard round", "Create the workshop's scenario cross")
    ]
