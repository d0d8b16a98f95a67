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
