"""The trends page in a real browser, on 200 trends: click a radar point, note it, present it, restart.

Screenshots of the radar, the matrix and presentation mode at 1280×720 (a projector) are saved
under tests/artifacts/screenshots/ for a person to look at: with 200 trends the charts print no
labels, titles come on hover and on selection.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.server import AppServer
from foresight.data.synthetic import add_synthetic_trends
from foresight.workspace import build_fixture_workspace
from tests.e2e.conftest import SCREENSHOTS, screenshot, wait_for_app

TREND_COUNT = 200


@pytest.fixture(scope="module")
def trends_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppServer, dict[str, str]]]:
    """A server of its own (the test writes a note and restarts it) on a workspace of 200 trends."""
    folder = tmp_path_factory.mktemp("e2e-trends")
    workspace = folder / "trends.duckdb"
    with build_fixture_workspace(workspace) as store:
        add_synthetic_trends(store, TREND_COUNT - int(store.scalar("SELECT count(*) FROM trends")), seed=11)
        titles = dict(store.rows("SELECT id, title_sv FROM trends"))
        store.checkpoint()
    server = AppServer(workspace, log_path=folder / "streamlit.log").start()
    try:
        yield server, titles
    finally:
        server.stop()


def _url_param(url: str, name: str) -> str | None:
    found = re.search(rf"[?&]{name}=([^&]+)", url)
    return found.group(1) if found else None


def _element_shot(page, selector: str, name: str) -> Path:
    """A screenshot of one element (a chart), beside the full-page ones."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.locator(selector).first.screenshot(path=str(path))
    return path


def test_click_a_radar_point_note_it_present_it_and_reopen_after_a_restart(page, trends_server) -> None:
    server, titles = trends_server
    page.goto(server.url + "/trends")
    wait_for_app(page)
    radar_points = page.locator(".st-key-trend_radar .scatterlayer .point")
    radar_points.first.wait_for()
    assert radar_points.count() == TREND_COUNT
    assert page.get_by_text(f"{TREND_COUNT} av {TREND_COUNT} trender visas.").is_visible()
    page.locator(".st-key-trend_radar").scroll_into_view_if_needed()
    screenshot(page, "trends_projector_200")
    _element_shot(page, ".st-key-trend_radar", "trends_radar_200")
    _element_shot(page, ".st-key-trend_matrix", "trends_matrix_200")

    # Click one point of the radar: its trend opens below the charts, as a card and in detail.
    point = radar_points.nth(17).bounding_box()
    page.mouse.move(point["x"] + point["width"] / 2, point["y"] + point["height"] / 2)
    page.mouse.click(point["x"] + point["width"] / 2, point["y"] + point["height"] / 2)
    page.wait_for_url(re.compile(r"trend="), timeout=15_000)
    wait_for_app(page)
    chosen = _url_param(page.url, "trend")
    assert chosen in titles
    detail = page.locator(".st-key-trend-detail")
    detail.get_by_role("heading", name=titles[chosen]).wait_for()
    page.locator(f".st-key-card-{chosen}").wait_for()
    assert page.locator("[class*='st-key-card-']").count() == 1  # the cards show the selection only

    detail.get_by_label("Varför spelar den roll för oss?").fill("Viktig för Västra Götaland")
    detail.get_by_role("button", name="Spara anteckning").click()
    page.get_by_text("Anteckningen är sparad.").wait_for()

    page.locator(".st-key-detail-present button").first.click()
    page.wait_for_url(re.compile(r"present="), timeout=15_000)
    wait_for_app(page)
    slide = page.locator(".st-key-framsyn-slide")
    slide.get_by_role("heading", name=titles[chosen]).wait_for()
    page.locator('section[data-testid="stSidebar"]').wait_for(state="hidden", timeout=5_000)
    assert page.locator(".st-key-slide-next").is_visible()  # one screen: title to buttons at 1280×720
    assert slide.get_by_role("heading", name=titles[chosen]).is_visible()
    screenshot(page, "trends_presentation")
    page.locator(".st-key-slide-next button").first.click()
    page.wait_for_function(f"() => !location.search.includes('present={chosen}')", timeout=15_000)
    wait_for_app(page)
    shown = _url_param(page.url, "present")
    assert shown in titles and shown != chosen
    slide.get_by_role("heading", name=titles[shown]).wait_for()

    # The keyboard, as a presenter would use it: Left goes back a slide, Right forward again.
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(f"() => location.search.includes('present={chosen}')", timeout=15_000)
    slide.get_by_role("heading", name=titles[chosen]).wait_for()
    wait_for_app(page)
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => location.search.includes('present={shown}')", timeout=15_000)
    slide.get_by_role("heading", name=titles[shown]).wait_for()
    wait_for_app(page)
    link = page.url

    # The copied link reopens the same slide after a restart, and the note is still there.
    server.stop()
    server.start()
    page.goto(link)
    wait_for_app(page)
    page.locator(".st-key-framsyn-slide").get_by_role("heading", name=titles[shown]).wait_for()
    page.goto(f"{server.url}/trends?sel={chosen}")
    wait_for_app(page)
    page.locator(f".st-key-trend-card-{chosen}").get_by_text("Relevant för oss").wait_for()
