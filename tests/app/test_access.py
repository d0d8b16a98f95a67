"""Every page per role in AppTest, on a workspace whose owner is set (so nobody is owner by default).

Organisation accounts are the way AppTest can sign in (`AppTest.user` is what `st.user` reads);
the passphrase cookie is covered by the browser tests (tests/e2e/test_access.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from foresight import access, pages, trends
from foresight.scenarios import scenarios
from foresight.vote import voting
from foresight.workspace import build_fixture_workspace, open_workspace
from tests.app.conftest import ROOT, all_text

OWNER_ACCOUNT = {"is_logged_in": True, "email": "analys@region-kronoberg.se", "sub": "analys"}
VIEWER_ACCOUNT = {"is_logged_in": True, "email": "ledning@regionskane.se", "sub": "ledning"}
UNLISTED_ACCOUNT = {"is_logged_in": True, "email": "someone@example.se", "sub": "x"}
ANONYMOUS = {}


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """A seeded workspace with an owner passphrase, two listed accounts, a cross and a vote."""
    path = tmp_path / "access.duckdb"
    with build_fixture_workspace(path) as store:
        access.set_passphrase(store, "owner", "Kronoberg framsyn 2050")
        access.add_member(store, OWNER_ACCOUNT["email"], "owner")
        access.add_member(store, VIEWER_ACCOUNT["email"], "viewer")
        cross_id = scenarios.create_cross(store, "Skåne 2040")
        vote = voting.create_vote(store, "Drivkrafter", [voting.OptionInput(label="Klimat")])
        screen = {
            "cross": access.screen_token(store, "cross", cross_id),
            "vote": access.screen_token(store, "vote", vote.code),
        }
    monkeypatch.setenv("FRAMSYN_DB", str(path))
    return {"path": path, "cross": cross_id, "vote": vote, "screen": screen}


def open_as(user: dict, page: str = "views/home.py", **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "frame.py"), default_timeout=30)
    at.user = dict(user)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    if page != "views/home.py":
        at.switch_page(page)
        at.run()
    return at


def store():
    from foresight.ui.resources import store as page_store

    return page_store()


def refused(at: AppTest) -> bool:
    return any("needs a sign-in" in warning.value for warning in at.warning)


def offers_passphrase_form(at: AppTest) -> bool:
    return any('action="/auth/signin"' in element.proto.body for element in at.get("html"))


def editing_labels(at: AppTest) -> set[str]:
    """Labels of the controls that change the workspace, as far as they are on the page."""
    labels = {button.label for button in at.button} | {str(widget.label) for widget in at.text_input}
    wanted = {
        "Import",
        "Edit",
        "New trend",
        "Save note",
        "Create",
        "Delete",
        "Rename",
        "Title",
        "Create vote",
        "Name",
        "Name of the plan",
    }
    return {label for label in labels if label in wanted} | {"import" for _ in at.get("file_uploader")}


DASHBOARDS = [page.script for page in pages.PAGES if page not in (pages.HOME, pages.ACCESS)]


@pytest.mark.parametrize("page", [page.script for page in pages.PAGES])
def test_someone_not_signed_in_reaches_no_dashboard_by_url(workspace, page: str) -> None:
    at = open_as(ANONYMOUS, page, lang="en")
    assert not at.exception, at.exception
    text = all_text(at)
    if page == "views/vote.py":
        # The vote page's start is the participants' join-by-code form, and nothing more.
        assert "Join a vote" in text or "join" in text.lower()
        assert not any(element.label == "Title" for element in at.text_input)
        assert "Past votes" not in text
    else:
        assert refused(at) or "Sign in to Framsyn" in text, text
        assert offers_passphrase_form(at)
    assert editing_labels(at) == set()


def test_someone_not_signed_in_lands_on_the_sign_in_page_with_no_owner_notice(workspace) -> None:
    at = open_as(ANONYMOUS, lang="en")
    assert at.title[0].value == "Sign in to Framsyn"
    assert not any("No owner" in info.value for info in at.info)  # the owner is set here
    assert offers_passphrase_form(at)
    form = next(element.proto.body for element in at.get("html") if 'action="/auth/signin"' in element.proto.body)
    assert 'type="password"' in form and '<label for="fs-passphrase">Passphrase</label>' in form


def test_an_account_that_is_not_listed_is_told_so(workspace) -> None:
    at = open_as(UNLISTED_ACCOUNT, lang="en")
    assert any("someone@example.se is not listed" in warning.value.replace("\\", "") for warning in at.warning)


@pytest.mark.parametrize("page", DASHBOARDS)
def test_a_viewer_reads_every_dashboard_without_a_control_that_changes_it(workspace, page: str) -> None:
    at = open_as(VIEWER_ACCOUNT, page, lang="en", cross=str(workspace["cross"]))
    assert not at.exception, at.exception
    assert not refused(at)
    assert editing_labels(at) == set()
    captions = [caption.value.replace("\\", "") for caption in at.sidebar.caption]  # shown as typed: escaped
    assert "Signed in as viewer (ledning@regionskane.se)." in captions


def test_a_viewer_cannot_open_the_access_page(workspace) -> None:
    at = open_as(VIEWER_ACCOUNT, "views/home.py", lang="en")
    assert "Open: Access" not in all_text(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("views/access.py")  # not even registered in a viewer's navigation


@pytest.mark.parametrize("page", DASHBOARDS)
def test_an_owner_sees_the_controls(workspace, page: str) -> None:
    at = open_as(OWNER_ACCOUNT, page, lang="en", cross=str(workspace["cross"]))
    assert not at.exception, at.exception
    expected = {
        "views/data.py": {"import"},
        "views/trends.py": {"New trend"},
        "views/vote.py": {"Title"},
        "views/scenarios.py": {"Delete"},
        "views/map.py": set(),
        "views/workshops.py": {"Name"},  # no workshop yet: the owner lands on the form for a new one
        # ?cross of a cross with no workshop: no plan is taken by default; the owner makes or picks one
        "views/plans.py": {"Name of the plan"},
    }[page]
    assert expected <= editing_labels(at), editing_labels(at)


def test_a_write_is_refused_in_the_callback_when_the_role_is_gone(workspace) -> None:
    """An owner's page is open; the account is demoted to viewer; the next click changes nothing."""
    cross_id = workspace["cross"]
    at = open_as(OWNER_ACCOUNT, "views/scenarios.py", lang="en", cross=str(cross_id))
    at.checkbox(key=f"delete_sure_{cross_id}").check().run()
    access.add_member(store(), OWNER_ACCOUNT["email"], "viewer")
    at.button(key=f"delete_{cross_id}").click().run()
    assert cross_id in dict(scenarios.list_crosses(store()))
    assert not any("deleted" in success.value for success in at.success)


def test_viewers_write_notes_only_when_the_owner_allows_it(workspace) -> None:
    at = open_as(VIEWER_ACCOUNT, "views/trends.py", lang="en", trend="mt-migration")
    assert "Save note" not in {button.label for button in at.button}
    access.set_viewer_notes(store(), True)
    at = open_as(VIEWER_ACCOUNT, "views/trends.py", lang="en", trend="mt-migration")
    before = trends.note_count(store())
    next(button for button in at.button if button.label == "Save note").click().run()
    assert not at.exception
    assert trends.note_count(store()) == before + 1


def test_a_screen_link_opens_its_own_cross_and_vote_only(workspace) -> None:
    cross_id, code, screen = workspace["cross"], workspace["vote"].code, workspace["screen"]
    at = open_as(ANONYMOUS, "views/scenarios.py", lang="en", cross=str(cross_id), present="1", t=screen["cross"])
    assert not at.exception and not refused(at)
    assert at.title[0].value.replace("\\", "") == "Skåne 2040"
    assert "Back to editing" not in all_text(at)
    other = open_as(ANONYMOUS, "views/scenarios.py", lang="en", cross=str(cross_id), present="1", t=screen["vote"])
    assert refused(other)
    unsigned = open_as(ANONYMOUS, "views/scenarios.py", lang="en", cross=str(cross_id), present="1")
    assert refused(unsigned)
    vote_screen = open_as(ANONYMOUS, "views/vote.py", lang="en", screen=code, t=screen["vote"])
    shown_code = [
        block.value.replace("\\", "").replace(" ", "").replace("\u2009", "") for block in vote_screen.markdown
    ]
    assert not refused(vote_screen) and code in shown_code  # the code in letters beside the QR code
    assert refused(open_as(ANONYMOUS, "views/vote.py", lang="en", screen=code, t=screen["cross"]))


def test_the_facilitator_view_needs_an_owner_as_well_as_the_secret(workspace) -> None:
    vote = workspace["vote"]
    participant = open_as(ANONYMOUS, "views/vote.py", lang="en", manage=vote.code, key=vote.secret)
    assert refused(participant)
    assert "Close the vote" not in all_text(participant) and "Open the vote" not in all_text(participant)
    owner = open_as(OWNER_ACCOUNT, "views/vote.py", lang="en", manage=vote.code, key=vote.secret)
    assert not refused(owner) and not owner.exception
    # The facilitator link (with its secret) was shown once, right after creation: not on a later visit.
    assert all(vote.secret not in code.value for code in owner.code)


def test_the_local_owner_without_a_passphrase_is_told_to_set_one(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "fresh.duckdb"
    build_fixture_workspace(path).close()
    monkeypatch.setenv("FRAMSYN_DB", str(path))
    at = open_as(ANONYMOUS, "views/data.py", lang="en")
    assert not refused(at)
    assert any("No passphrase is set" in warning.value for warning in at.sidebar.warning)
    assert at.get("file_uploader")


def test_the_owner_sets_passphrases_and_lists_accounts_on_the_access_page(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "fresh.duckdb"
    build_fixture_workspace(path).close()
    monkeypatch.setenv("FRAMSYN_DB", str(path))
    at = open_as(ANONYMOUS, "views/access.py", lang="en")
    assert not at.exception, at.exception
    at.text_input(key="member_identity").set_value("Ledning@RegionSkane.se")
    next(button for button in at.button if button.label == "Add").click().run()
    assert access.role_for_claims(store(), {"email": "ledning@regionskane.se"}) == "viewer"
    at.text_input(key="pass_viewer").set_value("ledningsgruppen läser")
    at.text_input(key="pass_viewer_again").set_value("ledningsgruppen läser")
    save_button(at, "passphrase_viewer").click().run()
    assert not at.exception
    assert access.check_passphrase(store(), "ledningsgruppen läser") == "viewer"
    assert not refused(at)  # still no owner: the laptop stays owner
    at.text_input(key="pass_owner").set_value("Kronoberg framsyn 2050")
    at.text_input(key="pass_owner_again").set_value("Kronoberg framsyn 2051")
    save_button(at, "passphrase_owner").click().run()
    assert any("differ" in error.value for error in at.error)
    assert not access.access_state(store()).owner_set
    at.text_input(key="pass_owner").set_value("Kronoberg framsyn 2050")
    at.text_input(key="pass_owner_again").set_value("Kronoberg framsyn 2050")
    save_button(at, "passphrase_owner").click().run()
    assert access.check_passphrase(store(), "Kronoberg framsyn 2050") == "owner"
    at.run()
    assert refused(at)  # from now on the laptop signs in like everyone else


def save_button(at: AppTest, form: str):
    return next(button for button in at.button if button.label == "Save passphrase" and button.proto.form_id == form)


def _manage_links(at: AppTest) -> list[str]:
    """The manage links of the vote list (a LinkColumn of the dataframe), as the page sent them."""
    return [str(link) for frame in at.dataframe for link in frame.value.get("manage", [])]


def test_the_owner_runs_a_vote_from_the_list_with_no_key(workspace) -> None:
    vote = workspace["vote"]
    listing = open_as(OWNER_ACCOUNT, "views/vote.py", lang="en")
    assert any(f"manage={vote.code}" in link and "key=" not in link for link in _manage_links(listing))
    owner = open_as(OWNER_ACCOUNT, "views/vote.py", lang="en", manage=vote.code)
    assert not owner.exception and not owner.error, owner.error
    next(button for button in owner.button if button.label == "Open").click().run()
    assert "The vote is open." in all_text(owner)
    assert voting.get_vote(store(), vote.code).status == "open"
    next(button for button in owner.button if button.label == "Close").click().run()
    assert "The vote is closed." in all_text(owner)
    assert voting.get_vote(store(), vote.code).status == "closed"


def test_a_viewer_gets_no_manage_link_and_no_controls(workspace) -> None:
    vote = workspace["vote"]
    listing = open_as(VIEWER_ACCOUNT, "views/vote.py", lang="en")
    assert not listing.exception and listing.dataframe
    assert _manage_links(listing) == []
    viewer = open_as(VIEWER_ACCOUNT, "views/vote.py", lang="en", manage=vote.code)
    assert refused(viewer) and not [button for button in viewer.button if button.label in ("Open", "Close")]
    assert voting.get_vote(store(), vote.code).status == "draft"


def test_a_projector_link_shows_no_workshop_titles(workspace) -> None:
    from foresight.workshops import workshops

    cross_id, screen = workspace["cross"], workspace["screen"]
    with open_workspace(workspace["path"]) as workspace_store:
        workshops.create_workshop(workspace_store, "Hemlig ledningsdag", "2026-05-04")
    for token in ({}, {"t": screen["cross"]}):  # unsigned (refused) and signed (the cross alone)
        at = open_as(ANONYMOUS, "views/scenarios.py", lang="en", cross=str(cross_id), present="1", **token)
        assert "Hemlig ledningsdag" not in all_text(at)
        assert not [box for box in at.sidebar.selectbox if box.label == "Show only from workshop"]
    owner = open_as(OWNER_ACCOUNT, "views/scenarios.py", lang="en", cross=str(cross_id))
    assert any("Hemlig ledningsdag" in str(option) for box in owner.sidebar.selectbox for option in box.options)
