"""Roles in a real browser against `streamlit run`: a participant who joined a vote reaches no other
page by navigation or URL, a shared screen opens only by its signed link, a viewer reads but does
not change, an owner signs in with the passphrase and with an organisation account (a local
OpenID Connect provider); and the security headers are on every response without breaking the app.
"""

from __future__ import annotations

import re
import secrets
import urllib.request
from collections.abc import Iterator

import pytest

from bench.server import AppServer
from foresight import access
from foresight.scenarios import scenarios
from foresight.vote import voting
from foresight.workspace import build_fixture_workspace
from tests.e2e.conftest import screenshot, wait_for_app
from tests.support.oidc_provider import local_provider

OWNER_PASS = "Kronoberg framsyn 2050"
VIEWER_PASS = "ledningsgruppen läser"
OWNER_ACCOUNT = {"sub": "analys", "email": "analys@region-kronoberg.se", "name": "Analysenheten"}
STRANGER_ACCOUNT = {"sub": "okand", "email": "okand@example.se"}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "sv-SE"}
REFUSED = "This page needs a sign-in as owner."


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """A server whose workspace has an owner: nobody, not even this machine, is owner unasked.

    Organisation sign-in is configured against a local provider on a free port ([auth] in a
    secrets file of the test's own, handed to `streamlit run --secrets.files`).
    """
    folder = tmp_path_factory.mktemp("access")
    workspace = folder / "access.duckdb"
    with build_fixture_workspace(workspace) as store:
        access.set_passphrase(store, "owner", OWNER_PASS)
        access.set_passphrase(store, "viewer", VIEWER_PASS)
        access.add_member(store, OWNER_ACCOUNT["email"], "owner")
        cross_id = scenarios.create_cross(store, "Skåne 2040")
        other_cross = scenarios.create_cross(store, "Norrbotten 2040")
        vote = voting.create_vote(store, "Drivkrafter i Kronoberg", [voting.OptionInput(label="Klimat")])
        voting.set_status(store, vote.code, vote.secret, "open")
        tokens = {
            "cross": access.screen_token(store, "cross", cross_id),
            "vote": access.screen_token(store, "vote", vote.code),
        }
    with local_provider([OWNER_ACCOUNT, STRANGER_ACCOUNT]) as issuer:
        server = AppServer(workspace, log_path=folder / "streamlit.log")
        secrets_file = folder / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "{server.url}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(16)}"\n'
            'client_id = "framsyn-test"\n'
            'client_secret = "framsyn-test-secret"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        server.extra_args = ["--secrets.files", str(secrets_file)]
        with server:
            yield {"server": server, "cross": cross_id, "other_cross": other_cross, "vote": vote, "tokens": tokens}


def sidebar_navigation(page):
    return page.locator('[data-testid="stSidebarNav"]')


def sign_in_with_passphrase(page, base: str, passphrase: str) -> None:
    page.goto(f"{base}/?lang=en")
    wait_for_app(page)
    page.get_by_label("Passphrase").fill(passphrase)
    page.get_by_role("button", name="Sign in with passphrase").click()
    wait_for_app(page)


def test_a_participant_reaches_nothing_but_the_ballot(offline_page, guarded) -> None:
    base, vote = guarded["server"].url, guarded["vote"]
    phone = offline_page(**PHONE)
    phone.goto(f"{base}/vote?join={vote.code}&lang=en")  # the old join link lands on the phones' own page
    phone.get_by_text("Drivkrafter i Kronoberg").wait_for()
    assert f"/join/{vote.code}" in phone.url
    assert sidebar_navigation(phone).count() == 0
    screenshot(phone, "access-participant-ballot")
    for address in (
        "/data",
        "/trends?trend=mt-migration",
        f"/scenarios?cross={guarded['cross']}",
        f"/scenarios?cross={guarded['cross']}&present=1",  # a projector link without its token
        f"/scenarios?cross={guarded['other_cross']}&present=1&t={guarded['tokens']['cross']}",  # another cross
        f"/vote?manage={vote.code}&key={vote.secret}",  # even with the facilitator's secret
        f"/vote?screen={vote.code}",
        "/map",
        "/access",
        "/home",
    ):
        phone.goto(f"{base}{address}{'&' if '?' in address else '?'}lang=en")
        wait_for_app(phone)
        main = phone.locator('[data-testid="stMain"]')
        assert REFUSED in main.inner_text() or "Sign in to Framsyn" in main.inner_text(), address
        assert sidebar_navigation(phone).count() == 0, address
        assert phone.locator('[data-testid="stFileUploader"]').count() == 0
        assert phone.get_by_role("button", name=re.compile("Delete|Close the vote|New trend")).count() == 0
    screenshot(phone, "access-participant-refused")


def test_a_screen_opens_by_its_signed_link_alone(offline_page, guarded) -> None:
    base, tokens = guarded["server"].url, guarded["tokens"]
    screen = offline_page(viewport={"width": 1600, "height": 900}, locale="en-GB")
    screen.goto(f"{base}/scenarios?cross={guarded['cross']}&present=1&t={tokens['cross']}&lang=en")
    wait_for_app(screen)
    screen.locator(".fs-board").wait_for()  # the cross's own component renders under the headers
    assert screen.get_by_role("heading", name="Skåne 2040").count() == 1
    assert sidebar_navigation(screen).count() == 0
    assert screen.get_by_text("Back to editing").count() == 0
    screenshot(screen, "access-screen-cross")
    screen.goto(f"{base}/vote?screen={guarded['vote'].code}&t={tokens['vote']}&lang=en")
    wait_for_app(screen)
    screen.get_by_text("Have voted").wait_for()
    assert sidebar_navigation(screen).count() == 0


def test_a_viewer_reads_every_dashboard_and_changes_nothing(offline_page, guarded) -> None:
    base = guarded["server"].url
    page = offline_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    sign_in_with_passphrase(page, base, VIEWER_PASS)
    navigation = sidebar_navigation(page)
    navigation.get_by_text("Trends").wait_for()
    assert navigation.get_by_text("Access").count() == 0
    page.get_by_text("Signed in as viewer.").wait_for()
    page.goto(f"{base}/trends?trend=mt-migration&lang=en")
    wait_for_app(page)
    page.locator(".st-key-trend-detail").wait_for()
    assert page.get_by_role("button", name="Edit").count() == 0
    assert page.get_by_role("button", name="New trend").count() == 0
    assert page.get_by_role("button", name="Save note").count() == 0
    page.goto(f"{base}/data?lang=en")
    wait_for_app(page)
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    assert page.get_by_role("button", name=re.compile("Download CSV")).count() > 0  # reading includes export
    page.goto(f"{base}/scenarios?cross={guarded['cross']}&lang=en")
    wait_for_app(page)
    page.locator(".fs-board").wait_for()
    assert page.get_by_role("button", name="Delete").count() == 0
    assert page.locator('.fs-card.fs-movable[data-card="driver:migration"]').count() == 0
    screenshot(page, "access-viewer-cross")
    page.goto(f"{base}/access?lang=en")
    wait_for_app(page)
    assert page.get_by_role("heading", name="Passphrases").count() == 0


def drag_card(page, card: str, to: tuple[float, float]) -> None:
    """Drag a card of the cross with the mouse to a point of the board (fractions of its width, height)."""
    page.locator(".fs-board").scroll_into_view_if_needed()
    before = page.locator(f'.fs-card[data-card="{card}"]').bounding_box()
    board = page.locator(".fs-board").bounding_box()
    page.mouse.move(before["x"] + before["width"] / 2, before["y"] + before["height"] / 2)
    page.mouse.down()
    page.mouse.move(board["x"] + board["width"] * to[0], board["y"] + board["height"] * to[1], steps=8)
    page.mouse.up()


def placement_of(page, label: str) -> tuple[str, str]:
    """The card's x and y as the placements table (the cross's text alternative) shows them."""
    cells = page.locator("[data-testid='stTable'] tr", has_text=label).first.locator("td")
    return cells.nth(2).inner_text().strip(), cells.nth(3).inner_text().strip()


def sign_in_with_account(page, base: str, account: dict) -> None:
    page.goto(f"{base}/?lang=en")
    wait_for_app(page)
    page.get_by_role("button", name="Sign in with organisation account").click()
    page.get_by_role("button", name=account["sub"], exact=True).click()  # a predefined user's claims
    wait_for_app(page)


def set_member_role(page, base: str, identity: str, role: str) -> None:
    """On the Access page (signed in as owner): list `identity` with `role`."""
    page.goto(f"{base}/access?lang=en")
    wait_for_app(page)
    page.get_by_label("E-mail address or group id").fill(identity)
    page.get_by_label("Role").click()
    page.keyboard.type(role)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_text(f"{identity} is listed.").wait_for()


def test_a_card_moved_by_an_account_that_became_viewer_is_refused_by_the_server(offline_page, guarded) -> None:
    """The page was drawn for an owner, so its cards can be dragged; the account is a viewer by the
    time of the drop. Only the server's check of the role stops the move (a hidden handle is no lock)."""
    base, cross = guarded["server"].url, guarded["cross"]
    page = offline_page(viewport={"width": 1280, "height": 1600}, locale="en-GB")  # the board and its tray
    page.context.route(re.compile(r"^https://cdn\.jsdelivr\.net/npm/@picocss/"), _empty_stylesheet)
    sign_in_with_account(page, base, OWNER_ACCOUNT)
    page.goto(f"{base}/scenarios?cross={cross}&lang=en")
    wait_for_app(page)
    page.locator('.fs-card.fs-movable[data-card="driver:migration"]').wait_for()
    assert placement_of(page, "Migration") == ("", "")

    facilitator = offline_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    sign_in_with_passphrase(facilitator, base, OWNER_PASS)
    set_member_role(facilitator, base, OWNER_ACCOUNT["email"], "viewer")
    try:
        drag_card(page, "driver:migration", (0.8, 0.2))
        page.get_by_text("Only an owner can change this. Nothing was saved.").wait_for()
        page.reload()
        wait_for_app(page)
        page.locator(".fs-board").wait_for()
        assert placement_of(page, "Migration") == ("", ""), "the server stored a viewer's move"
        screenshot(page, "access-demoted-drop-refused")
    finally:
        set_member_role(facilitator, base, OWNER_ACCOUNT["email"], "owner")


def test_an_owner_signs_in_with_the_passphrase_and_signs_out(offline_page, guarded) -> None:
    base = guarded["server"].url
    page = offline_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page.goto(f"{base}/data?lang=en")
    wait_for_app(page)
    assert REFUSED in page.locator('[data-testid="stMain"]').inner_text()
    page.get_by_label("Passphrase").fill("not the passphrase")
    page.get_by_role("button", name="Sign in with passphrase").click()
    page.get_by_text("Wrong passphrase.").wait_for()
    screenshot(page, "access-signin-wrong")
    page.get_by_label("Passphrase").fill(OWNER_PASS)
    page.get_by_role("button", name="Sign in with passphrase").click()
    wait_for_app(page)
    page.get_by_text("Signed in as owner.").wait_for()
    assert "/data" in page.url  # back where the sign-in was asked for
    session = next(cookie for cookie in page.context.cookies() if cookie["name"] == access.SESSION_COOKIE)
    assert session["httpOnly"] and session["sameSite"] == "Strict"
    page.goto(f"{base}/data?lang=en")  # a new Streamlit session: the cookie carries the sign-in
    wait_for_app(page)
    page.locator('[data-testid="stFileUploader"]').wait_for()
    screenshot(page, "access-owner-data")
    page.get_by_role("button", name="Sign out").click()
    wait_for_app(page)
    page.get_by_role("heading", name="Sign in to Framsyn").wait_for()
    page.goto(f"{base}/data?lang=en")
    wait_for_app(page)
    assert REFUSED in page.locator('[data-testid="stMain"]').inner_text()
    page.context.add_cookies([session])  # the old token, kept by someone: it is dead, not just forgotten
    page.goto(f"{base}/data?lang=en")
    wait_for_app(page)
    assert REFUSED in page.locator('[data-testid="stMain"]').inner_text()


def test_an_owner_signs_in_with_an_organisation_account(offline_page, guarded) -> None:
    base = guarded["server"].url
    page = offline_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    # The test provider's own pages ask a CDN for a stylesheet: answered here, on the machine, so
    # the offline guard (registered first, so asked last) still fails on anything the app fetches.
    page.context.route(re.compile(r"^https://cdn\.jsdelivr\.net/npm/@picocss/"), _empty_stylesheet)
    page.goto(f"{base}/?lang=en")
    wait_for_app(page)
    page.get_by_role("button", name="Sign in with organisation account").click()
    page.get_by_role("button", name="Authorize").wait_for()
    page.get_by_placeholder("sub").fill(STRANGER_ACCOUNT["email"])
    page.get_by_role("button", name="Authorize").click()
    wait_for_app(page)
    # Streamlit's sign-in round trip ends on the app's front page, in the default language.
    page.get_by_text("Kontot okand@example.se är inte inlagt").wait_for()
    assert sidebar_navigation(page).count() == 0
    screenshot(page, "access-oidc-unlisted")

    page.context.clear_cookies()
    page.goto(f"{base}/?lang=en")
    wait_for_app(page)
    page.get_by_role("button", name="Sign in with organisation account").click()
    page.get_by_role("button", name=OWNER_ACCOUNT["sub"], exact=True).click()  # a predefined user's claims
    wait_for_app(page)
    page.get_by_text(f"Inloggad som ägare ({OWNER_ACCOUNT['email']}).").wait_for()
    sidebar_navigation(page).get_by_text("Behörighet").wait_for()
    page.goto(f"{base}/data?lang=en")
    wait_for_app(page)
    page.locator('[data-testid="stFileUploader"]').wait_for()
    screenshot(page, "access-oidc-owner")
    page.get_by_role("button", name="Sign out").click()  # st.logout: the provider's end-session, then back
    page.get_by_role("button", name="End session").click()
    wait_for_app(page)
    page.get_by_role("heading", name="Logga in i Framsyn").wait_for()


def test_security_headers_are_on_every_response(guarded) -> None:
    base = guarded["server"].url
    with urllib.request.urlopen(f"{base}/") as response:
        index = response.read().decode()
        headers = response.headers
    script = re.search(r'src="(\./)?(static/js/[^"]+\.js)"', index).group(2)
    for path in ("/", "/_stcore/health", f"/{script}", "/auth/signin"):
        with urllib.request.urlopen(f"{base}{path}") as response:
            headers = response.headers
            assert headers["Referrer-Policy"] == "no-referrer", path
            assert headers["X-Frame-Options"] == "SAMEORIGIN", path
            assert "frame-ancestors 'self'" in headers["Content-Security-Policy"], path
            script_src = re.search(r"script-src ([^;]+)", headers["Content-Security-Policy"]).group(1).split()
            assert script_src[0] == "'self'" and "'unsafe-inline'" not in script_src, path
            assert all(source in ("'self'", "blob:") or source.startswith("'sha256-") for source in script_src), path
            assert headers["X-Content-Type-Options"] == "nosniff", path
    with urllib.request.urlopen(f"{base}/{script}") as response:
        assert "javascript" in response.headers["Content-Type"]  # nosniff needs the right type


def _empty_stylesheet(route) -> None:
    route.fulfill(status=200, content_type="text/css", body="")


_SESSION_ID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_UPLOAD = """async ([sessionId, size]) => {
  const xsrf = document.cookie.split("; ").find((c) => c.startsWith("_streamlit_xsrf="));
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(size)]), "big.csv");
  const answer = await fetch(`/_stcore/upload_file/${sessionId}/a-file-of-mine`, {
    method: "PUT", body: form, credentials: "same-origin",
    headers: xsrf ? { "X-Xsrftoken": decodeURIComponent(xsrf.split("=")[1]) } : {},
  });
  return [answer.status, await answer.text()];
}"""


def upload_as_this_session(page, sockets: list[list[bytes]], size: int = 2_000_000) -> set[tuple[int, str]]:
    """PUT a file to Streamlit's upload route under the page's own session id, as a script could.

    The current connection's first message names its session among a few other ids (the script
    run's, the installation's): the file is sent under each, and the answers are returned.
    """
    first = sockets[-1][0]  # a sign-in loads a new page: its connection is the last one
    candidates = dict.fromkeys(match.decode() for match in _SESSION_ID.findall(first))
    return {tuple(page.evaluate(_UPLOAD, [candidate, size])) for candidate in candidates}


def session_frames(page) -> list[list[bytes]]:
    """The WebSocket messages the page receives, per connection (a sign-in loads a new session)."""
    sockets: list[list[bytes]] = []

    def opened(socket) -> None:
        frames: list[bytes] = []
        sockets.append(frames)
        socket.on("framereceived", lambda data: frames.append(data if isinstance(data, bytes) else data.encode()))

    page.on("websocket", opened)
    return sockets


def test_only_an_owner_session_can_upload_to_streamlits_upload_route(offline_page, guarded) -> None:
    base = guarded["server"].url
    visitor = offline_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    frames = session_frames(visitor)
    visitor.goto(f"{base}/?lang=en")
    wait_for_app(visitor)
    assert upload_as_this_session(visitor, frames) == {(403, "Only an owner can upload files. Nothing was stored.")}

    viewer = offline_page(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    frames = session_frames(viewer)
    sign_in_with_passphrase(viewer, base, VIEWER_PASS)
    viewer.get_by_text("Signed in as viewer.").wait_for()
    assert upload_as_this_session(viewer, frames) == {(403, "Bara en ägare kan ladda upp filer. Inget har sparats.")}

    owner = offline_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    frames = session_frames(owner)
    sign_in_with_passphrase(owner, base, OWNER_PASS)
    owner.get_by_text("Signed in as owner.").wait_for()
    assert any(status in (200, 204) for status, _ in upload_as_this_session(owner, frames))
