"""The scenario cross in a real browser: drag with the mouse, touch and keyboard; kept after a
reload and a server restart; a projector view follows within 3 seconds; nothing from the network.

Selectors for the component live in the helpers at the top of this module.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.server import AppServer
from foresight.scenarios import scenarios
from foresight.workspace import build_fixture_workspace, open_workspace
from tests.e2e.conftest import SCREENSHOTS, screenshot, wait_for_app, wait_until_still

TOLERANCE = 0.04  # 2 % of an axis that runs from -1 to 1
MOVED_CARD = "driver:migration"
TOUCH_CARD = "driver:urbanisation"
KEY_CARD = "driver:climate-change"

# -- helpers: every selector of the component ------------------------------------------------


def card(page, card_id: str):
    return page.locator(f'.fs-card[data-card="{card_id}"]')


def board_box(page) -> dict[str, float]:
    return page.locator(".fs-board").bounding_box()


def board_point(page, x: float, y: float) -> tuple[float, float]:
    """The page pixel of a normalised position on the cross."""
    box = board_box(page)
    return box["x"] + (x + 1) / 2 * box["width"], box["y"] + (1 - y) / 2 * box["height"]


def drawn_position(page, card_id: str) -> tuple[float, float]:
    """Where a card is drawn, normalised to -1…1 from its centre and the board's box."""
    box, found = board_box(page), card(page, card_id).bounding_box()
    centre_x, centre_y = found["x"] + found["width"] / 2, found["y"] + found["height"] / 2
    return (centre_x - box["x"]) / box["width"] * 2 - 1, 1 - (centre_y - box["y"]) / box["height"] * 2


def card_centre(page, card_id: str) -> tuple[float, float]:
    found = card(page, card_id).bounding_box()
    return found["x"] + found["width"] / 2, found["y"] + found["height"] / 2


def table_position(page, label: str) -> tuple[str, str]:
    """The (x, y) cells of the placements table (the cross's text alternative) for a card."""
    cells = page.locator("[data-testid='stTable'] tr", has_text=label).first.locator("td")
    return cells.nth(2).inner_text().strip(), cells.nth(3).inner_text().strip()


# The placements table's x and y of a card (Swedish 0,50 or English 0.50), within the tolerance.
_TABLE_AT = """([label, x, y, tolerance]) => {
  const row = [...document.querySelectorAll("[data-testid='stTable'] tr")].find((tr) => tr.innerText.includes(label));
  const cells = row ? row.querySelectorAll("td") : [];
  if (cells.length < 4 || !cells[2].innerText.trim()) return false;
  const shown = [cells[2], cells[3]].map((cell) => Number(cell.innerText.trim().replace(",", ".")));
  return Math.abs(shown[0] - x) <= tolerance && Math.abs(shown[1] - y) <= tolerance;
}"""


def wait_for_table(page, label: str, x: float, y: float, timeout: float = 10_000) -> None:
    """Wait until the placements table shows the card at (x, y): the move was stored and drawn."""
    try:
        page.wait_for_function(_TABLE_AT, arg=[label, x, y, TOLERANCE], timeout=timeout, polling=100)
    except Exception as error:
        raise AssertionError(f"{label} not shown at {x}, {y}: {table_position(page, label)}") from error


def open_cross(page, server: AppServer, cross_id: int, **query: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 1000})  # the cross and its tray in view
    extra = "".join(f"&{name}={value}" for name, value in query.items())
    page.goto(f"{server.url}/scenarios?cross={cross_id}{extra}")
    wait_for_app(page)
    page.locator(".fs-board").wait_for()
    page.locator(".fs-toolbar").evaluate("toolbar => toolbar.scrollIntoView({block: 'start'})")


def finger_drag(node, start: tuple[float, float], end: tuple[float, float]) -> float:
    """A finger's drag of `node` (an element handle or locator): pointer events with pointerType "touch",
    as a touch screen sends them. Returns the moment (time.monotonic()) the finger let go."""
    common = {"pointerId": 7, "pointerType": "touch", "isPrimary": True, "bubbles": True, "composed": True}
    node.dispatch_event("pointerdown", {**common, "clientX": start[0], "clientY": start[1], "button": 0})
    for step in range(1, 9):
        point = (start[0] + (end[0] - start[0]) * step / 8, start[1] + (end[1] - start[1]) * step / 8)
        node.dispatch_event("pointermove", {**common, "clientX": point[0], "clientY": point[1]})
    released = time.monotonic()
    node.dispatch_event("pointerup", {**common, "clientX": end[0], "clientY": end[1], "button": 0})
    return released


def drag(page, source: tuple[float, float], target: tuple[float, float], steps: int = 12) -> None:
    page.mouse.move(*source)
    page.mouse.down()
    for step in range(1, steps + 1):
        page.mouse.move(
            source[0] + (target[0] - source[0]) * step / steps, source[1] + (target[1] - source[1]) * step / steps
        )
    page.mouse.up()


# -- fixtures -----------------------------------------------------------------------------


@pytest.fixture
def cross_workspace(tmp_path: Path) -> tuple[Path, int]:
    path = tmp_path / "cross.duckdb"
    with build_fixture_workspace(path) as store:
        cross_id = scenarios.create_cross(store, "Välfärd 2040 <i>Jämtland</i>")
        scenarios.set_axis(
            store, cross_id, "x", scenarios.Axis("smart-welfare-technology", "Välfärdsteknik", "långsam", "snabb")
        )
        scenarios.set_axis(store, cross_id, "y", scenarios.Axis(None, "Tillit", "låg tillit", "hög tillit"))
        scenarios.set_quadrant(store, cross_id, "ne", "Digital omsorg", "")
        scenarios.set_quadrant(store, cross_id, "sw", "Var och en för sig", "")
    return path, cross_id


@pytest.fixture
def server(cross_workspace, tmp_path: Path) -> Iterator[AppServer]:
    with AppServer(cross_workspace[0], log_path=tmp_path / "streamlit.log") as running:
        yield running


# -- tests --------------------------------------------------------------------------------


def test_a_mouse_drag_is_stored_where_dropped_and_kept_after_reload_and_restart(
    page, server, cross_workspace, tmp_path
) -> None:
    path, cross_id = cross_workspace
    open_cross(page, server, cross_id)  # the `page` fixture fails the test on any outside request
    screenshot(page, "scenarios_before_drag")

    target = (0.5, -0.3)
    drag(page, card_centre(page, MOVED_CARD), board_point(page, *target))
    wait_for_table(page, "Migration", *target)
    drawn = drawn_position(page, MOVED_CARD)
    assert abs(drawn[0] - target[0]) <= TOLERANCE and abs(drawn[1] - target[1]) <= TOLERANCE
    screenshot(page, "scenarios_after_mouse_drag")

    # Between positions: from the cross to another place on it.
    second = (-0.6, 0.7)
    drag(page, card_centre(page, MOVED_CARD), board_point(page, *second))
    wait_for_table(page, "Migration", *second)

    page.reload()
    wait_for_app(page)
    card(page, MOVED_CARD).wait_for()
    wait_until_still(page)
    after_reload = drawn_position(page, MOVED_CARD)
    assert abs(after_reload[0] - second[0]) <= TOLERANCE and abs(after_reload[1] - second[1]) <= TOLERANCE

    server.stop()  # the server holds the workspace file; read it with the domain function
    with open_workspace(path) as store:
        placed = {found.id: found for found in scenarios.cross_cards(store, cross_id, "sv")}[MOVED_CARD]
    assert abs(placed.x - second[0]) <= TOLERANCE and abs(placed.y - second[1]) <= TOLERANCE

    with AppServer(path, log_path=tmp_path / "restarted.log") as restarted:
        open_cross(page, restarted, cross_id)
        card(page, MOVED_CARD).wait_for()
        wait_until_still(page)
        after_restart = drawn_position(page, MOVED_CARD)
        screenshot(page, "scenarios_after_restart")
    assert abs(after_restart[0] - placed.x) <= TOLERANCE and abs(after_restart[1] - placed.y) <= TOLERANCE


def test_touch_keyboard_projector_and_export(page, offline_page, server, cross_workspace) -> None:
    _, cross_id = cross_workspace
    projector = offline_page(viewport={"width": 1280, "height": 800}, locale="sv-SE")
    open_cross(projector, server, cross_id, present="1")
    open_cross(page, server, cross_id)

    # A rename reruns the whole page and leaves a one-off "Sparat." message; a drop reruns only
    # the cross's fragment, so the message is still there after it.
    page.get_by_role("button", name="Byt namn").click()
    page.get_by_label("Nytt namn").fill("Välfärd 2040 <i>Jämtland</i> & Härjedalen")
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Sparat.").wait_for()
    wait_for_app(page)
    page.locator(".fs-toolbar").evaluate("toolbar => toolbar.scrollIntoView({block: 'start'})")

    # Touch: pointer events with pointerType "touch", as a finger on a touch screen sends them.
    start, end = card_centre(page, TOUCH_CARD), board_point(page, -0.4, -0.5)
    finger_drag(card(page, TOUCH_CARD), start, end)
    wait_for_table(page, "Urbanisering", -0.4, -0.5)
    assert page.get_by_text("Sparat.").is_visible()  # the rest of the page did not rerun

    # Keyboard: a card in the tray leaves at the centre; 2 % per arrow, 10 % with Shift.
    card(page, KEY_CARD).focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    for _ in range(3):
        page.keyboard.press("Shift+ArrowUp")
    wait_for_table(page, "Klimatförändringar", 0.2, 0.3)
    stored_at = time.monotonic()
    projector.wait_for_function(
        """([card, x, y, tolerance]) => {
             // The component draws in a shadow root, which document.querySelector does not enter.
             const hosts = [...document.querySelectorAll("*")].filter((el) => el.shadowRoot);
             const roots = [document, ...hosts.map((el) => el.shadowRoot)];
             const node = roots.map((root) => root.querySelector(`.fs-card[data-card="${card}"]`)).find(Boolean);
             const near = (value, wanted) => Math.abs(Number(value) - wanted) <= tolerance;
             return !!node && node.dataset.x !== undefined && near(node.dataset.x, x) && near(node.dataset.y, y);
           }""",
        arg=[KEY_CARD, 0.2, 0.3, TOLERANCE],
        timeout=5_000,
        polling=50,
    )
    projector_delay = time.monotonic() - stored_at
    print(f"projector showed the move {projector_delay:.2f} s after it was stored")
    assert projector_delay < 3
    screenshot(page, "scenarios_after_touch_and_keyboard")
    screenshot(projector, "scenarios_projector")

    # The focused card says where it is; Escape puts it back in the tray.
    label = card(page, KEY_CARD).get_attribute("aria-label")
    assert label.startswith("Klimatförändringar: x 0,20, y 0,30")  # Swedish decimal comma
    card(page, KEY_CARD).focus()
    page.keyboard.press("Escape")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stTable\"] tr')].some(r =>"
        " r.textContent.includes('Klimatförändringar') && r.textContent.includes('inte placerat'))",
        timeout=10_000,
    )

    # Export: SVG and PNG drawn in the browser, with user text escaped.
    with page.expect_download() as svg_download:
        page.get_by_role("button", name="Ladda ner bild (SVG)").click()
    svg = Path(svg_download.value.path()).read_text(encoding="utf-8")
    assert (
        "Välfärd 2040 &lt;i&gt;Jämtland&lt;/i&gt; &amp; Härjedalen" in svg
        and "Urbanisering" in svg
        and "<i>" not in svg
    )
    with page.expect_download() as png_download:
        page.get_by_role("button", name="Ladda ner bild (PNG)").click()
    png = Path(png_download.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    (SCREENSHOTS / "scenarios_export.png").write_bytes(png)  # for a person to look at

    # A mouse drag from the cross onto the tray puts a card back there too.
    tray = page.locator(".fs-tray").bounding_box()
    drag(page, card_centre(page, TOUCH_CARD), (tray["x"] + tray["width"] - 20, tray["y"] + tray["height"] - 10))
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stTable\"] tr')].some(r =>"
        " r.textContent.includes('Urbanisering') && r.textContent.includes('inte placerat'))",
        timeout=10_000,
    )
