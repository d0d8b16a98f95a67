"""Made for the room: projector views read from the back row, touch screens, Swedish, axe-core.

Every audience-facing text on a projector view is measured in the browser (computed font size,
box inside the viewport) at 1920×1080 and 1280×720; the scenario cross also at 1024×768 and
1280×800 with touch, and 390×844 (a phone). axe-core (axe-playwright-python, bundled, no network)
runs on every page of foresight.pages.PAGES and every projector view; the baseline is a bare
Streamlit page measured in the same run. Every page in Swedish is scanned for Streamlit's English.
The measured sizes go to tests/artifacts/room_fonts.json for the report.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.server import AppServer
from foresight import access, trends
from foresight.pages import PAGES, SCENARIOS, TRENDS, VOTE, page_url
from foresight.scenarios import moves, scenarios
from foresight.vote import voting
from foresight.vote.ballot_box import ballot_box_for
from foresight.workshops import workshops
from foresight.workshops.room import room_code as workshop_room_code
from foresight.workspace import build_fixture_workspace
from tests.e2e.conftest import SCREENSHOTS, screenshot, wait_for_app, wait_until_still
from tests.support.ballots import cast_all, open_vote

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LONG_OPTION = "Digitalisering och artificiell intelligens i offentlig sektor och vardag"
LONG_NOTE = "Kompetensförsörjning i glesbygdens vård och omsorg när de stora årskullarna går i pension"
MIN_FONT_1080 = 32
FULL_HD = {"width": 1920, "height": 1080}
HD = {"width": 1280, "height": 720}
LONG_TEXT = "Kommunerna i Jämtland Härjedalen behöver fler händer i vården och skolan när befolkningen åldras. "
LONG_TREND = {
    "id": "ws-long-local-food",
    "level": "weak_signal",
    "parent_id": "tr-circular-economy",
    "category": "values",
    "horizon": 2035,
    "impact": 4,
    "uncertainty": 4,
    "title_sv": "Lokala mathubbar och andelsjordbruk växer i glesbygden när handeln drar sig tillbaka"
    " från de minsta orterna",
    "title_en": "Local food hubs",
    "description_sv": (LONG_TEXT * 25)[:2000],
    "description_en": "",
    "drivers": ["changing-values", "geopolitical-tension", "demographic-change", "climate-change"],
    "source": "eu_megatrends_hub",
}
TOUCH_SCREENS = ({"width": 1024, "height": 768}, {"width": 1280, "height": 800})
PHONE = {"width": 390, "height": 844}
FONT_LOG = SCREENSHOTS.parent / "room_fonts.json"

# Streamlit's own English, as a Swedish user would see it (text, tooltips, placeholders, labels).
STREAMLIT_ENGLISH = (
    "Select all",
    "Upload",
    "Browse files",
    "Drag and drop",
    "per file",
    "Choose an option",
    "Choose options",
    "No results",
    "Collapse sidebar",
    "Sidebar",
    "App pages",
    "Link to heading",
    "Expand sidebar",
    "No data",
    "empty",
    "Show password",
    "Press Enter",
    "Errno",
    "None",
    "nan",
    "Download",
    "Search",
    "Fullscreen",
    "View fullscreen",
    "Clear all",
    "Box Select",
    "Lasso Select",
    "Download plot",
    "Autoscale",
    "Reset axes",
    "No options to select",
    "Show/hide columns",
    "Choose date",
    "Help for",
    "Remove",
)

# -- what the audience reads, per projector view: CSS selectors --------------------------------

VOTE_SCREEN_TEXTS = (
    "[data-testid='stMain'] h1",
    ".st-key-fs_screen_status [data-testid='stText']",
    ".st-key-fs_screen_join [data-testid='stText']",
    ".st-key-fs_screen_code p",
    ".st-key-fs_screen_voted p",
    ".st-key-fs_screen_joined p",  # "Have joined 3 of 100": read by the room too
    ".fs-tally-label",
    ".fs-tally-dots",
)
CROSS_TEXTS = (
    "[data-testid='stMain'] h1",
    ".st-key-fs_room_text [data-testid='stText']",
    ".fs-board .fs-quad",
    ".fs-board .fs-pole",
    ".fs-board .fs-card",
)
SLIDE_TEXTS = (
    "[data-testid='stMain'] h1",
    ".st-key-framsyn-slide p",
    ".st-key-framsyn-slide-chart .xtick text",
    ".st-key-framsyn-slide-chart .ytick text",
    ".st-key-framsyn-slide-chart .g-xtitle text",
    ".st-key-framsyn-slide-chart .annotation-text",
)

# A JS function: every visible element matching the selectors, with its text, font and box.
MEASURE = """(selectors) => {
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const node of roots[i].querySelectorAll('*')) if (node.shadowRoot) roots.push(node.shadowRoot);
  }
  return selectors.flatMap((selector) => roots.flatMap((root) => [...root.querySelectorAll(selector)])
    .filter((node) => node.getBoundingClientRect().width > 0 && (node.textContent || '').trim())
    .map((node) => {
      const box = node.getBoundingClientRect();
      const style = getComputedStyle(node);
      return {selector, text: node.textContent.trim().slice(0, 200), size: parseFloat(style.fontSize),
              family: style.fontFamily, left: box.left, top: box.top, right: box.right, bottom: box.bottom,
              clipped: node.scrollWidth > node.clientWidth + 1 && style.overflow === 'hidden'};
    }));
}"""


def measure(page, selectors: tuple[str, ...]) -> list[dict]:
    page.evaluate("window.scrollTo(0, 0)")
    return page.evaluate(MEASURE, list(selectors))


def outside_viewport(found: list[dict], viewport: dict[str, int]) -> list[str]:
    return [
        f"{item['text']!r} {item['left']:.0f},{item['top']:.0f}–{item['right']:.0f},{item['bottom']:.0f}"
        for item in found
        if item["left"] < -1
        or item["top"] < -1
        or item["right"] > viewport["width"] + 1
        or item["bottom"] > viewport["height"] + 1
        or item["clipped"]
    ]


def log_sizes(view: str, viewport: dict[str, int], found: list[dict]) -> None:
    logged = json.loads(FONT_LOG.read_text()) if FONT_LOG.exists() else {}
    sizes: dict[str, list[float]] = {}
    for item in found:
        sizes.setdefault(item["selector"], []).append(item["size"])
    logged[f"{view} {viewport['width']}x{viewport['height']}"] = {
        selector: [min(values), max(values)] for selector, values in sizes.items()
    }
    FONT_LOG.parent.mkdir(parents=True, exist_ok=True)
    FONT_LOG.write_text(json.dumps(logged, indent=1, ensure_ascii=False))


def check_audience_texts(page, view: str, selectors: tuple[str, ...], viewport: dict[str, int]) -> list[dict]:
    """Font sizes ≥ 32 px at 1080p (proportionally at 720p), in the app's font, nothing outside the view."""
    found = measure(page, selectors)
    log_sizes(view, viewport, found)
    missing = [selector for selector in selectors if not any(item["selector"] == selector for item in found)]
    assert not missing, f"{view}: nothing found for {missing}"
    least = MIN_FONT_1080 * min(1.0, viewport["height"] / 1080) - 0.5
    small = [f"{item['text']!r} {item['size']}px" for item in found if item["size"] < least]
    assert not small, f"{view} at {viewport}: texts under {least:.0f} px: {small}"
    foreign = {item["family"] for item in found if "Source Sans" not in item["family"]}
    assert not foreign, f"{view}: texts not in the app's font: {foreign}"
    clipped = outside_viewport(found, viewport)
    assert not clipped, f"{view} at {viewport}: cut off or outside the screen: {clipped}"
    return found


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def room(tmp_path_factory) -> Iterator[dict]:
    """A workspace with an open vote (a long option, a few ballots) and a cross with placed cards."""
    folder = tmp_path_factory.mktemp("room")
    path = folder / "room.duckdb"
    with build_fixture_workspace(path) as store:
        drivers = list(voting.driver_choices(store, "sv"))[:5]
        options = [voting.OptionInput(driver_id=driver) for driver in drivers]
        created = open_vote(
            store, "Vilka drivkrafter är viktigast för regionen?", [*options, voting.OptionInput(label=LONG_OPTION)]
        )
        ballot_box_for(store).set_show_results(created.code, created.secret, True)
        cast_all(store, created.code, [{index % 6: 1, 5: 2} for index in range(4)])
        cross_id = scenarios.create_cross(store, "Välfärd 2040 i Jämtland Härjedalen")
        scenarios.set_axis(
            store, cross_id, "x", scenarios.Axis(None, "Välfärdsteknik", "långsam utveckling", "snabb utveckling")
        )
        scenarios.set_axis(store, cross_id, "y", scenarios.Axis(None, "Tillit", "låg tillit", "hög tillit"))
        for key, name in (("nw", "Trygg men trög"), ("ne", "Digital omsorg"), ("sw", "Var och en för sig")):
            scenarios.set_quadrant(store, cross_id, key, name, "")
        scenarios.set_quadrant(store, cross_id, "se", "Tekniken först, människan sen", "")
        note = scenarios.add_note(store, cross_id, LONG_NOTE)
        cards = [card.id for card in scenarios.cross_cards(store, cross_id, "sv")]
        spots = [(0.85, 0.1), (-0.95, 0.95), (0.95, -0.95), (0.2, 0.3), (-0.4, -0.5), (0.9, 0.9), (-0.9, -0.9)]
        placed = [note, *[card for card in cards if card != note]]
        for card_id, (x, y) in zip(placed, spots, strict=False):
            moves.place_card(store, cross_id, moves.Drop(card_id, x, y))
        # A trend with texts at their longest: its slide must still keep every line on the screen.
        trends.save_trend(store, LONG_TREND, new=True)
        trends.add_note(store, LONG_TREND["id"], 1, LONG_TREND["description_sv"])
        trend_ids = list(trends.filter_trends(store, trends.TrendFilter()).ids)
        # A workshop of the day: its page shows the run sheet with the room's code and QR code.
        workshop = workshops.create_workshop(store, "Framsynsdag i Jämtland Härjedalen", "2026-09-14")
        room_code = workshop_room_code(store, workshop)
        room_screen = access.screen_token(store, "room", room_code)
    with AppServer(path, log_path=folder / "streamlit.log") as server:
        yield {
            "server": server,
            "vote": created.code,
            "cross": cross_id,
            "trends": trend_ids,
            "room": (room_code, room_screen),
        }


@pytest.fixture(scope="module")
def bare_server(tmp_path_factory) -> Iterator[AppServer]:
    folder = tmp_path_factory.mktemp("bare")
    path = folder / "bare.duckdb"
    build_fixture_workspace(path).close()
    script = PROJECT_ROOT / "tests" / "support" / "bare_page.py"
    with AppServer(path, log_path=folder / "streamlit.log", script=script) as server:
        yield server


def open_view(offline_page, url: str, viewport: dict[str, int], *, touch: bool = False, settle: str | None = None):
    options: dict[str, object] = {"viewport": viewport, "locale": "sv-SE"}
    if touch:
        options.update(has_touch=True, is_mobile=False)
    page = offline_page(**options)
    page.goto(url)
    if "/join/" in page.url:  # the phones' own page (an old join link lands there): no Streamlit to wait for
        page.locator("main").wait_for()
    else:
        wait_for_app(page)
    if settle:
        page.locator(settle).first.wait_for(state="attached")
    wait_until_still(page)  # fonts and the plotly figure laid out
    return page


# -- projector views -----------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [FULL_HD, HD], ids=["1080p", "720p"])
def test_the_vote_screen_is_read_from_the_back_row(offline_page, room, viewport) -> None:
    url = f"{room['server'].url}/{page_url(VOTE, screen=room['vote'])}"
    page = open_view(offline_page, url, viewport, settle=".fs-tally-label")
    screenshot_name = f"room_vote_screen_{viewport['height']}"
    page.screenshot(path=str(SCREENSHOTS / f"{screenshot_name}.png"))
    found = check_audience_texts(page, "vote screen", VOTE_SCREEN_TEXTS, viewport)
    # The long option wraps instead of being cut: every word of it is on the screen.
    ticks = " ".join(item["text"] for item in found if "label" in item["selector"])
    assert LONG_OPTION in ticks, ticks
    qr = page.locator(".st-key-fs_screen_qr img").bounding_box()
    assert qr["height"] >= 0.4 * viewport["height"], qr
    assert qr["y"] + qr["height"] <= viewport["height"] + 1
    assert page.locator(".st-key-fs_screen_qr img").get_attribute("alt")
    # The QR code points at 127.0.0.1 here: the room is told, with the way to fix it.
    warning = page.locator(".st-key-fs_screen_loopback")
    assert "FRAMSYN_PUBLIC_URL" in warning.inner_text()
    buttons = page.locator("[data-testid='stMain'] button")
    page.mouse.move(viewport["width"] * 0.8, viewport["height"] * 0.3)  # a hover shows no fullscreen button either
    assert not [index for index in range(buttons.count()) if buttons.nth(index).is_visible()]
    screenshot(page, f"{screenshot_name}_full")


@pytest.mark.parametrize("viewport", [FULL_HD, HD], ids=["1080p", "720p"])
def test_the_scenario_cross_presentation_fits_the_projector(offline_page, room, viewport) -> None:
    url = f"{room['server'].url}/{page_url(SCENARIOS, cross=room['cross'], present=1)}"
    page = open_view(offline_page, url, viewport, settle=".fs-board .fs-card")
    page.screenshot(path=str(SCREENSHOTS / f"room_cross_present_{viewport['height']}.png"))
    board = page.locator(".fs-board").bounding_box()
    assert board["y"] >= 0 and board["y"] + board["height"] <= viewport["height"] + 1, board
    check_audience_texts(page, "scenario cross", CROSS_TEXTS, viewport)
    assert not page.locator(".fs-toolbar button").first.is_visible()  # export buttons: not for the room
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    assert_cards_clear(page)


@pytest.mark.parametrize("viewport", [FULL_HD, HD], ids=["1080p", "720p"])
def test_a_trend_slide_uses_the_screen(offline_page, room, viewport) -> None:
    megatrend = room["trends"][2]  # the seed lists megatrends first
    url = f"{room['server'].url}/{page_url(TRENDS, present=megatrend)}"
    page = open_view(offline_page, url, viewport, settle=".st-key-framsyn-slide-chart .xtick text")
    page.screenshot(path=str(SCREENSHOTS / f"room_trend_slide_{viewport['height']}.png"))
    check_audience_texts(page, "trend slide", SLIDE_TEXTS, viewport)
    assert page.get_by_text(f"Megatrend 3 av {len(room['trends'])}").is_visible()  # the level's own name
    chart = page.locator(".st-key-framsyn-slide-chart").bounding_box()
    assert chart["width"] * chart["height"] >= 0.2 * viewport["width"] * viewport["height"]  # not a strip
    page.mouse.move(viewport["width"] / 3, viewport["height"] / 3)
    nav = page.locator(".st-key-framsyn-slide-nav")
    assert nav.evaluate("node => getComputedStyle(node).opacity") == "0"  # the presenter's buttons stay out of sight


def test_a_meeting_deck_opens_by_its_link_and_every_line_stays_on_the_screen(offline_page, room) -> None:
    deck = [LONG_TREND["id"], *room["trends"][:4]]  # the longest texts first, then four megatrends
    url = f"{room['server'].url}/{page_url(TRENDS, deck=','.join(deck), present=deck[0])}"
    page = open_view(offline_page, url, FULL_HD, settle=".st-key-framsyn-slide-chart .annotation-text")
    shot = screenshot(page, "room_deck_slide_1080")
    assert shot.stat().st_size > 0
    assert page.get_by_text(f"Svag signal 1 av {len(deck)}", exact=True).is_visible()  # the deck, not all trends
    last = page.locator(".st-key-framsyn-slide [data-testid='stElementContainer']").last
    assert "fortsätter på trendsidan" in last.inner_text()  # the description, shortened where the screen ends
    assert last.bounding_box()["y"] + last.bounding_box()["height"] <= FULL_HD["height"]
    assert page.get_by_text("Påverkan", exact=True).first.is_visible()  # the scores come before the long texts
    check_audience_texts(page, "deck slide", SLIDE_TEXTS, FULL_HD)  # ≥ 32 px, nothing outside the screen
    numbers = page.evaluate(
        """() => [...document.querySelectorAll('.st-key-framsyn-slide-chart .annotation')]
          .filter((node) => /^\\d+$/.test(node.textContent.trim()))
          .map((node) => { const r = node.querySelector('.bg, rect').getBoundingClientRect();
            return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, text: node.textContent}; })"""
    )
    assert {"1"} <= {number["text"] for number in numbers} <= {str(n) for n in range(1, len(deck) + 1)}
    for index, number in enumerate(numbers):  # the slide numbers on the matrix never cover each other
        for other in numbers[index + 1 :]:
            assert not overlapping(number, other), (number, other)


def overlapping(one: dict, other: dict) -> bool:
    return (
        one["left"] < other["right"] - 1
        and one["right"] > other["left"] + 1
        and one["top"] < other["bottom"] - 1
        and one["bottom"] > other["top"] + 1
    )


def assert_cards_clear(page, *, apart: bool = True) -> None:
    """Every card inside the board, off the quadrant names and the axes' end labels, and (`apart`) off
    the other cards: the room reads every word. (The test's cross places two cards close together
    and one on an end label.)"""
    boxes = page.evaluate(
        """() => {
          const box = (node) => { const r = node.getBoundingClientRect();
            return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, text: node.textContent}; };
          const host = [...document.querySelectorAll('*')].find((node) => node.shadowRoot
            && node.shadowRoot.querySelector('.fs-board'));
          const root = host ? host.shadowRoot : document;
          return {board: box(root.querySelector('.fs-board')),
                  quads: [...root.querySelectorAll('.fs-board .fs-quad')].map(box),
                  poles: [...root.querySelectorAll('.fs-board .fs-pole')].map(box),
                  cards: [...root.querySelectorAll('.fs-board .fs-card')].map(box)};
        }"""
    )
    board = boxes["board"]
    for card_box in boxes["cards"]:
        inside = (
            card_box["left"] >= board["left"] - 1
            and card_box["right"] <= board["right"] + 1
            and card_box["top"] >= board["top"] - 1
            and card_box["bottom"] <= board["bottom"] + 1
        )
        assert inside, f"card leaves the board: {card_box} {board}"
        for label in boxes["quads"] + boxes["poles"]:
            assert not overlapping(card_box, label), f"card {card_box['text']!r} covers the label {label['text']!r}"
        for other in boxes["cards"] if apart else ():
            if other is not card_box:
                assert not overlapping(card_box, other), f"cards overlap: {card_box['text']!r}, {other['text']!r}"


@pytest.mark.parametrize("viewport", [*TOUCH_SCREENS, PHONE], ids=["1024x768", "1280x800", "390x844"])
def test_the_scenario_cross_on_touch_screens(offline_page, room, viewport) -> None:
    url = f"{room['server'].url}/{page_url(SCENARIOS, cross=room['cross'], present=1)}"
    page = open_view(offline_page, url, viewport, touch=True, settle=".fs-board .fs-card")
    page.screenshot(path=str(SCREENSHOTS / f"room_cross_touch_{viewport['width']}x{viewport['height']}.png"))
    assert not page.locator("[data-testid='stSidebar']").is_visible()  # collapsed in presentation
    board = page.locator(".fs-board").bounding_box()
    assert board["x"] >= 0 and board["x"] + board["width"] <= viewport["width"] + 1
    # On a 390 px phone a quadrant is narrower than two cards and its name takes three lines: the
    # cards there are drawn where they hide least, and may overlap one another.
    assert_cards_clear(page, apart=viewport != PHONE)
    long_card = page.locator(".fs-card", has_text="Kompetensförsörjning")
    assert LONG_NOTE in (long_card.get_attribute("title") or "")  # the full label, also when cut short


# -- accessibility and language --------------------------------------------------------------------


def views(room: dict) -> list[tuple[str, str]]:
    """Every page of the registry and every projector view, as (name, relative URL)."""
    listed = [(page.key, page_url(page)) for page in PAGES]
    listed += [
        ("vote screen", page_url(VOTE, screen=room["vote"])),
        ("vote phone", page_url(VOTE, join=room["vote"])),
        ("room screen", page_url(VOTE, room=room["room"][0], t=room["room"][1])),
        ("scenario cross", page_url(SCENARIOS, cross=room["cross"])),
        ("scenario presentation", page_url(SCENARIOS, cross=room["cross"], present=1)),
        ("bad link", page_url(VOTE, join="??")),
        ("unknown code", page_url(VOTE, join="ZZZZZZ")),
    ]
    if room["trends"]:
        listed.append(("trend slide", page_url(TRENDS, present=room["trends"][2])))
        listed.append(("meeting deck", page_url(TRENDS, deck=",".join(room["trends"][:5]))))
    return listed


def axe_violations(page) -> dict[str, list[str]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return {
        violation["id"]: [node["target"][0] if node["target"] else "" for node in violation["nodes"]]
        for violation in results.response["violations"]
    }


ENGLISH_SCAN = """(words) => {
  const texts = [document.body.innerText];
  for (const node of document.querySelectorAll('[aria-label], [title], [placeholder], img[alt]')) {
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
      if (node.hasAttribute(name)) texts.push(node.getAttribute(name));
    }
  }
  const all = texts.join('\\n');
  return words.flatMap((word) => {
    const found = new RegExp('(^|[^\\\\p{L}])' + word + '($|[^\\\\p{L}])', 'u').exec(all);
    return found ? [all.slice(Math.max(0, found.index - 30), found.index + word.length + 30)] : [];
  });
}"""


def test_every_view_is_swedish_and_axe_finds_nothing_beyond_a_bare_streamlit_page(
    offline_page, room, bare_server
) -> None:
    """One visit per view (each costs a browser context and a script run): Streamlit's English
    words are looked for first, as a Swedish user would meet them, then axe-core runs."""
    bare = open_view(offline_page, bare_server.url, FULL_HD)
    baseline = set(axe_violations(bare))
    bare.context.close()
    english_found: dict[str, list[str]] = {}
    axe_found: dict[str, dict[str, list[str]]] = {}
    for name, url in views(room):
        page = open_view(offline_page, f"{room['server'].url}/{url}", FULL_HD)
        try:  # Streamlit draws some of its words late; the translation follows them as they come
            page.wait_for_function(
                f"(words) => ({ENGLISH_SCAN})(words).length === 0", arg=list(STREAMLIT_ENGLISH), timeout=10_000
            )
        except Exception:  # noqa: BLE001 - the scan below reports what is still English
            pass
        english = page.evaluate(ENGLISH_SCAN, list(STREAMLIT_ENGLISH))
        assert page.locator("[data-testid='stException']").count() == 0, f"{name}: an exception is shown"
        if english:
            english_found[name] = english
            screenshot(page, f"room_english_{name.replace(' ', '_')}")
        extra = {rule: nodes for rule, nodes in axe_violations(page).items() if rule not in baseline}
        if extra:
            axe_found[name] = extra
        page.context.close()
    (SCREENSHOTS.parent / "axe.json").write_text(
        json.dumps({"baseline": sorted(baseline), "pages": axe_found}, indent=1)
    )
    assert not english_found, f"English in the Swedish interface: {english_found}"
    assert not axe_found, f"axe-core violations beyond a bare Streamlit page ({sorted(baseline)}): {axe_found}"
