"""The home page in a real browser: Swedish first, English one click away, kept in the URL."""

from __future__ import annotations

from tests.e2e.conftest import screenshot, wait_for_app


def test_home_loads_in_swedish_and_switches_to_english(page, app_server) -> None:
    page.goto(app_server.url + "/")
    wait_for_app(page)
    page.get_by_role("heading", name="Framsyn").first.wait_for()
    page.get_by_text("I arbetsytan").first.wait_for()
    screenshot(page, "home_sv")

    page.get_by_text("English", exact=True).click()
    page.get_by_text("In the workspace").first.wait_for()
    wait_for_app(page)
    assert "lang=en" in page.url
    screenshot(page, "home_en")

    # A shared link keeps the language, on another page too.
    page.goto(app_server.url + "/data?lang=en")
    wait_for_app(page)
    page.get_by_text("Data: import and export").first.wait_for()
    assert "lang=en" in page.url
    screenshot(page, "data_en")


def test_deep_link_as_first_request_gets_the_whole_frame(offline_page, tmp_path) -> None:
    """After a restart, the first visitor may arrive by a shared link, not at the home page."""
    from bench.server import AppServer
    from foresight.workspace import build_fixture_workspace

    build_fixture_workspace(tmp_path / "fresh.duckdb").close()
    with AppServer(tmp_path / "fresh.duckdb") as fresh:
        page = offline_page(viewport={"width": 1280, "height": 720})
        page.goto(fresh.url + "/data?lang=en")
        wait_for_app(page)
        page.get_by_text("Data: import and export").first.wait_for()
        navigation = page.locator('[data-testid="stSidebarNav"]')
        navigation.get_by_text("Regional map").wait_for()
        assert navigation.get_by_text("app", exact=True).count() == 0
        screenshot(page, "deep_link_first_request")
