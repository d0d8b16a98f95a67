"""The map in a real browser: polygons from the served fixture, a click selects a county.

The app downloads the boundaries from a loopback HTTP server (the shared fixture, served, never
copied); the browser may only talk to 127.0.0.1 (no tiles, no CDN).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from bench.server import AppServer
from foresight import geo
from foresight.figures import map as figures
from foresight.workspace import build_fixture_workspace
from tests.e2e.conftest import screenshot, wait_for_app
from tests.support.geo_server import FileServer, fixture_geojson_path

JAMTLAND = (14.11, 63.27)  # centroid of county 23 (data/regions.csv)


@pytest.fixture(scope="module")
def map_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("e2e-map")
    workspace = folder / "map.duckdb"
    build_fixture_workspace(workspace).close()
    with FileServer({"/regions.geojson": fixture_geojson_path().read_bytes()}) as files:
        env = {geo.URL_ENV: files.url + "/regions.geojson"}
        with AppServer(workspace, extra_env=env, log_path=folder / "streamlit.log") as server:
            yield server


def screen_point(box: dict, lon: float, lat: float) -> tuple[float, float]:
    """Where deck.gl's Web Mercator view (512-pixel tiles) draws `lon, lat` inside `box`."""

    def world(lon_: float, lat_: float) -> tuple[float, float]:
        scale = 512 * 2**figures.VIEW_ZOOM
        x = scale * (lon_ + 180) / 360
        y = scale * (math.pi - math.log(math.tan(math.pi / 4 + math.radians(lat_) / 2))) / (2 * math.pi)
        return x, y

    x, y = world(lon, lat)
    centre_x, centre_y = world(figures.VIEW_LON, figures.VIEW_LAT)
    return box["x"] + box["width"] / 2 + x - centre_x, box["y"] + box["height"] / 2 + y - centre_y


def click_county(page, chart, point: tuple[float, float], name: str) -> None:
    """Click the map where deck.gl draws `point`, once its tooltip there names the county."""
    chart.scroll_into_view_if_needed()
    box = chart.locator("canvas").first.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 200
    x, y = screen_point(box, *point)
    tooltip = page.locator(".deck-tooltip").filter(has_text=name)
    for attempt in range(20):  # deck.gl picks only after its first frames are drawn
        page.mouse.move(x + attempt % 3, y)
        try:
            tooltip.wait_for(timeout=1000)
            break
        except Exception:  # noqa: BLE001 - Playwright's timeout; move again
            continue
    else:
        raise AssertionError(f"no tooltip for {name} where the map should draw it")
    page.mouse.click(x, y)


def test_map_draws_polygons_and_a_click_selects_a_county(page, map_server) -> None:
    # A shared link straight to the map (the `page` fixture fails the test on any outside request).
    page.goto(map_server.url + "/map")
    wait_for_app(page)
    page.get_by_text("Regiongränserna är inte nedladdade").wait_for()
    page.get_by_role("button", name="Ladda ner regiongränser").click()
    page.get_by_text("Regiongränserna är nedladdade och kontrollerade").wait_for()
    wait_for_app(page)
    assert page.get_by_text("visas som bubblor").count() == 0

    chart = page.locator('[data-testid="stDeckGlJsonChart"]')
    chart.locator("canvas").first.wait_for()
    page.wait_for_timeout(1500)  # let deck.gl draw before the screenshot
    screenshot(page, "map_polygons_sv")
    assert chart.get_attribute("aria-label", timeout=5000).startswith("Karta över Sveriges 21 regioner")

    click_county(page, chart, JAMTLAND, "Jämtland Härjedalen")
    page.get_by_role("heading", name="Aktiviteterna i Jämtland Härjedalen").wait_for()
    wait_for_app(page)
    assert re.search(r"[?&]region=23\b", page.url)
    table = page.locator('[data-testid="stDataFrame"]')
    table.wait_for()
    screenshot(page, "map_selected_jamtland")

    # The export holds the filtered table: the selected county's activities, formulas neutralised.
    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ner CSV").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Organisation,Region,Datum")
    assert len(lines) > 1 and all("Jämtland Härjedalen" in line for line in lines[1:])

    # The copied link reopens the same selection.
    page.goto(page.url)
    wait_for_app(page)
    page.get_by_role("heading", name="Aktiviteterna i Jämtland Härjedalen").wait_for()

    # A second click on the selected county clears the selection (after the map is redrawn).
    chart.locator("canvas").first.wait_for()
    page.wait_for_timeout(1000)
    click_county(page, chart, JAMTLAND, "Jämtland Härjedalen")
    wait_for_app(page)
    page.get_by_role("heading", name="Aktiviteterna i Jämtland Härjedalen").wait_for()
    page.wait_for_timeout(1000)
    click_county(page, chart, JAMTLAND, "Jämtland Härjedalen")
    page.get_by_role("heading", name="Aktiviteterna", exact=True).wait_for()
    assert "region=" not in page.url
