"""A trend deck driven as a presenter drives it: a clicker's PageDown/PageUp, Space, Home/End and B."""

from __future__ import annotations

import csv
from urllib.parse import parse_qs, urlparse

from foresight.pages import TRENDS, page_url
from tests.app.conftest import ROOT
from tests.e2e.conftest import wait_for_app, wait_until_still

SEED = list(csv.DictReader((ROOT / "data" / "trends.csv").open(encoding="utf-8")))
COUNT = sum(row["level"] == "megatrend" for row in SEED)


def shown(page) -> str | None:
    return parse_qs(urlparse(page.url).query).get("present", [None])[0]


def press(page, key: str, expected: int) -> str:
    """Press a key, wait until slide `expected` (1-based) is shown, and return its trend id (from the link)."""
    before = page.url
    position = page.get_by_text(f"Megatrend {expected} av {COUNT}", exact=True)
    stays = position.is_visible()
    page.keyboard.press(key)
    position.wait_for()
    if not stays:  # the link follows the slide
        page.wait_for_function("(before) => location.href !== before", arg=before)
    wait_until_still(page)
    return shown(page)


def test_the_deck_follows_a_presentation_clicker(app_server, page) -> None:
    page.goto(f"{app_server.url}/{page_url(TRENDS, level='megatrend', present='mt-migration')}")
    wait_for_app(page)
    page.locator("html[data-slide-keys='on']").wait_for(state="attached")  # the keys are listened for
    wait_until_still(page)
    first = press(page, "Home", 1)
    second = press(page, "PageDown", 2)
    third = press(page, "Space", 3)
    assert len({first, second, third}) == 3
    assert press(page, "Shift+Space", 2) == second
    assert press(page, "PageUp", 1) == first
    assert press(page, "ArrowRight", 2) == second
    last = press(page, "End", COUNT)
    assert press(page, "PageDown", COUNT) == last  # the last slide stays the last
    assert press(page, "Home", 1) == first
    page.keyboard.press("b")
    cover = page.locator("#fs-blank")
    cover.wait_for(state="visible")
    box = cover.bounding_box()
    assert box["width"] >= 1280 and box["height"] >= 720  # the whole screen goes black
    assert cover.evaluate("node => getComputedStyle(node).backgroundColor") == "rgb(0, 0, 0)"
    page.keyboard.press("PageDown")  # the first key after a blank brings the slide back, without moving on
    cover.wait_for(state="detached")
    wait_until_still(page)
    assert shown(page) == first
    assert press(page, "PageDown", 2) == second
