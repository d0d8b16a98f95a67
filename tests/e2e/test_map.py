"""The map in a real browser, as a fresh clone with no network: the shipped polygons of the 21
counties and the 290 municipalities, coloured by the seed data; a click selects a county.

Nothing is downloaded (the boundary address points at a closed port); the browser may only talk
to 127.0.0.1 (no tiles, no CDN).
"""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

import pytest

from foresight.figures import map as figures
from foresight.map.activities import ActivityFilter, matching_activities
from foresight.workspace import build_fixture_workspace
from tests.e2e.conftest import screenshot, wait_for_app, wait_until_still

JAMTLAND = (14.11, 63.27)  # centroid of county 23 (data/regions.csv)
OSTERSUND = (14.64, 63.18)  # inside municipality 2380
KIRUNA = (20.4, 67.9)  # inside municipality 2584


@pytest.fixture(scope="module")
def map_server(app_server):
    """The shared read-mostly server (tests/e2e/conftest.py): the map only reads the seed data."""
    return app_server


def jamtland_activity_ids(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Every activity of the seed data in Jämtland Härjedalen (county 23), by organisation or municipality."""
    with build_fixture_workspace(tmp_path_factory.mktemp("jamtland") / "seed.duckdb") as store:
        found = matching_activities(store, ActivityFilter(region="23"), limit=None)
    return set(found["id"])


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


def hover_area(page, chart, point: tuple[float, float], name: str) -> tuple[float, float]:
    """Move over the map where deck.gl draws `point` until its tooltip there names the area."""
    chart.scroll_into_view_if_needed()
    box = chart.locator("canvas").first.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 200
    x, y = screen_point(box, *point)
    tooltip = page.locator(".deck-tooltip").filter(has_text=name)
    # A tooltip left over from before a rerun is no proof that the redrawn map picks: away first.
    page.mouse.move(1, 1)
    tooltip.wait_for(state="hidden", timeout=10_000)
    # A few pixels around the point: a municipality is only some 20 pixels wide at this zoom.
    offsets = [(0, 0), (1, 0), (-4, 0), (4, 0), (0, -4), (0, 4), (-8, 0), (8, 0), (0, -8), (0, 8)]
    for attempt in range(12):  # deck.gl picks only after its first frames are drawn (slowly in software GL)
        dx, dy = offsets[attempt % len(offsets)]
        page.mouse.move(x + dx, y + dy)
        try:
            tooltip.wait_for(timeout=4000)
            return x + dx, y + dy
        except Exception as error:  # noqa: BLE001 - Playwright's timeout; move again
            last = error
            continue
    screenshot(page, f"map_no_tooltip_{name}")
    raise AssertionError(f"no tooltip for {name} where the map should draw it: {last}")


TOOLTIP_CLIPPED = """() => {
  const tooltip = document.querySelector('.deck-tooltip');
  const box = tooltip.getBoundingClientRect();
  const clipped = [];
  for (let e = tooltip.parentElement; e; e = e.parentElement) {
    const style = getComputedStyle(e);
    if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
    const edge = e.getBoundingClientRect();
    const outside = box.left < edge.left - 1 || box.right > edge.right + 1
      || box.top < edge.top - 1 || box.bottom > edge.bottom + 1;
    if (outside) clipped.push(e.getAttribute('data-testid') || e.className.toString().slice(0, 40));
  }
  return clipped;
}"""


def click_county(page, chart, point: tuple[float, float], name: str) -> None:
    """Click the map where deck.gl draws `point`, once its tooltip there names the county."""
    x, y = hover_area(page, chart, point, name)
    page.mouse.click(x, y)


def test_municipality_level_draws_the_municipalities_coloured_by_the_seed_data(page, map_server) -> None:
    page.goto(map_server.url + "/map?level=municipality")
    wait_for_app(page)
    chart = page.locator('[data-testid="stDeckGlJsonChart"]')
    chart.locator("canvas").first.wait_for()
    chart.scroll_into_view_if_needed()
    wait_until_still(page)
    screenshot(page, "map_municipalities_sv")
    hover_area(page, chart, OSTERSUND, "Östersund")
    assert "1 aktivitet\n" in page.locator(".deck-tooltip").inner_text()
    hover_area(page, chart, KIRUNA, "Kiruna")
    assert "0 aktiviteter" in page.locator(".deck-tooltip").inner_text()
    # The list selects a municipality; its table and the municipalities most like it follow.
    page.get_by_label("Vald kommun").click()
    page.keyboard.type("Kungsbacka")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Aktiviteterna i Kungsbacka").wait_for()
    page.get_by_role("heading", name="Kommuner som liknar Kungsbacka").wait_for()
    assert re.search(r"[?&]kommun=1384\b", page.url)
    wait_until_still(page)
    screenshot(page, "map_municipality_kungsbacka_sv")


def test_map_draws_polygons_and_a_click_selects_a_county(page, map_server, tmp_path_factory) -> None:
    # A shared link straight to the map (the `page` fixture fails the test on any outside request).
    page.goto(map_server.url + "/map")
    wait_for_app(page)
    chart = page.locator('[data-testid="stDeckGlJsonChart"]')
    chart.locator("canvas").first.wait_for()
    assert page.get_by_text("visas som bubblor").count() == 0
    assert page.get_by_role("button", name="Ladda ner länsgränser").count() == 0
    chart.scroll_into_view_if_needed()
    wait_until_still(page)  # deck.gl has drawn before the screenshot
    screenshot(page, "map_polygons_sv")
    assert chart.get_attribute("aria-label", timeout=5000).startswith("Karta över Sveriges regioner")

    # Jämtland's tooltip is wider than the map has room for right of it: none of it is cut off.
    hover_area(page, chart, JAMTLAND, "Jämtland Härjedalen")
    assert "Vanligaste metoder:" in page.locator(".deck-tooltip").inner_text()
    assert page.evaluate(TOOLTIP_CLIPPED) == []
    click_county(page, chart, JAMTLAND, "Jämtland Härjedalen")
    page.get_by_role("heading", name="Aktiviteterna i Jämtland Härjedalen").wait_for()
    wait_for_app(page)
    assert re.search(r"[?&]region=23\b", page.url)
    table = page.locator('[data-testid="stDataFrame"]').last  # after the "regions like" table
    table.wait_for()
    screenshot(page, "map_selected_jamtland")

    # The export is the activities table's own file (it imports back), for Swedish Excel, holding
    # the filtered rows: the selected county's activities only.
    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ner CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Id", "Organisation (id)", "År", "Datum", "Typ av aktivitet"]
    downloaded = {row[0] for row in rows[1:]}
    assert downloaded and downloaded <= jamtland_activity_ids(tmp_path_factory)

    # The copied link reopens the same selection.
    page.goto(page.url)
    wait_for_app(page)
    page.get_by_role("heading", name="Aktiviteterna i Jämtland Härjedalen").wait_for()

    # A second click on the selected county clears the selection (after the map is redrawn).
    chart.locator("canvas").first.wait_for()
    wait_until_still(page)
    click_county(page, chart, JAMTLAND, "Jämtland Härjedalen")
    wait_for_app(page)
    page.get_by_role("heading", name="Aktiviteterna i Jämtland Härjedalen").wait_for()
    wait_until_still(page)
    click_county(page, chart, JAMTLAND, "Jämtland Härjedalen")
    page.get_by_role("heading", name="Aktiviteterna", exact=True).wait_for()
    assert "region=" not in page.url


# A label Streamlit cuts with "…": its text is wider than its box (widget labels, buttons, toggles).
CUT_LABELS = """() => [...document.querySelectorAll(
    '[data-testid="stWidgetLabel"] [data-testid="stMarkdownContainer"], button [data-testid="stMarkdownContainer"],'
    + ' label [data-testid="stMarkdownContainer"]')]
  .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""

SWEDEN = ((11.11, 55.35), (24.16, 69.04))  # the corners of Sweden's extent (lon, lat)


def test_the_desk_map_fills_its_column_above_the_fold_with_readable_controls(offline_page, map_server) -> None:
    """Issue 25: at 1440×900 (and 1920×1080) the map takes its column's width, the whole country is
    on screen without scrolling, no control's label is cut, and the legend counts in whole numbers."""
    page = offline_page(viewport={"width": 1440, "height": 900}, locale="sv-SE")
    page.goto(map_server.url + "/map")
    wait_for_app(page)
    chart = page.locator('[data-testid="stDeckGlJsonChart"]')
    chart.locator("canvas").first.wait_for()
    wait_until_still(page)
    for width, height in ((1440, 900), (1920, 1080)):
        if width != 1440:
            page.set_viewport_size({"width": width, "height": height})
            wait_until_still(page)
        screenshot(page, f"map_desk_{width}x{height}")
        box = chart.locator("canvas").first.bounding_box()
        column = page.locator('[data-testid="stColumn"]', has=chart).first.bounding_box()
        assert box["width"] >= 600 and box["width"] >= column["width"] - 2, (width, box, column)
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, (width, box)  # no scrolling to see it
        # Sweden's extent, where deck.gl draws it, lies inside the map: the whole country is shown.
        (west, south), (east, north) = (screen_point(box, *corner) for corner in SWEDEN)
        assert box["x"] <= west < east <= box["x"] + box["width"]
        assert box["y"] <= north < south <= box["y"] + box["height"]
        assert south - north >= 0.9 * box["height"]  # as large as the map's height allows
        assert page.evaluate(CUT_LABELS) == [], width
    legend = page.locator(".framsyn-map-legend").inner_text()
    assert "Inget registrerat" in legend and "1–5" in legend
    assert not re.search(r"\d,\d", legend)  # whole counts, never "0–0,2"

    page.set_viewport_size({"width": 1440, "height": 900})
    page.get_by_role("radio", name="Kommuner").click()  # a rerun, not a second page load
    page.locator(".framsyn-map-legend", has_text="7").wait_for()
    chart.locator("canvas").first.wait_for()
    wait_until_still(page)
    screenshot(page, "map_desk_municipalities_1440x900")
    assert chart.locator("canvas").first.bounding_box()["width"] >= 600
    assert page.evaluate(CUT_LABELS) == []
