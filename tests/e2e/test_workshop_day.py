"""A workshop day through the real server and Chromium: phones send drivers, the facilitator accepts
one and starts the next round with it, phones vote, a card is dragged on the cross, and the report
is downloaded, opened offline, checked with axe-core (WCAG 2.1 AA) and printed to A4; then the
comparison with the previous workshop is shown on a 1920×1080 projector.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import hall
from bench.server import AppServer
from foresight import trends
from foresight.scenarios import moves, scenarios
from foresight.vote import collection, voting
from foresight.workshops import workshops
from foresight.workspace import build_fixture_workspace
from tests.e2e.conftest import SCREENSHOTS, screenshot, wait_for_app
from tests.e2e.test_scenarios import board_point, card_centre, drag, open_cross, wait_for_table
from tests.support.ballots import cast_all, open_vote

DRIVERS = ["changing-values", "smart-welfare-technology", "climate-change", "technological-change"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "sv-SE"}
A4_CONTENT_PX = ((297 - 32) / 25.4 * 96, (210 - 28) / 25.4 * 96)  # the report's @page margins: 16 mm, 14 mm
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


class Day:
    """What the test prepared in the workspace before the server started."""

    def __init__(self, path: Path) -> None:
        with build_fixture_workspace(path) as store:
            self.first = workshops.create_workshop(
                store, "Förra gången: Region Jämtland Härjedalen", "2026-03-02", place="Östersund"
            )
            earlier = open_vote(store, "Drivkrafter mars", [voting.OptionInput(driver_id=d) for d in DRIVERS])
            cast_all(store, earlier.code, [{0: 3}, {0: 2, 1: 1}, {1: 2, 2: 1}])
            workshops.attach(store, self.first, "votes", [earlier.code])
            self.first_cross = scenarios.create_cross(store, "Jämtland 2040")
            scenarios.set_axis(store, self.first_cross, "x", scenarios.Axis("climate-change", "Klimat", "Låg", "Hög"))
            scenarios.set_axis(store, self.first_cross, "y", scenarios.Axis(None, "Tillit", "Låg", "Hög"))
            scenarios.set_quadrant(store, self.first_cross, "ne", "Grön tillit", "Berättelse <b>ur</b> mars")
            moves.place_card(store, self.first_cross, moves.Drop("driver:climate-change", 0.5, 0.5))
            workshops.attach(store, self.first, "crosses", [self.first_cross])
            self.trend = store.scalar("SELECT id FROM trends WHERE level = 'trend' ORDER BY id LIMIT 1")
            trends.add_note(store, self.trend, 2, "ANTECKNING-FRÅN-MARS", workshop_id=self.first)

            self.second = workshops.create_workshop(
                store,
                "Ledningsgrupp <Jämtland> & Härjedalen",
                "2026-09-14",
                place="Östersund",
                organisation="Region Jämtland Härjedalen",
                purpose="Vilka drivkrafter formar länet 2040?",
                participants=24,
            )
            self.vote = voting.create_vote(
                store, "Drivkrafter september", [voting.OptionInput(driver_id=d) for d in DRIVERS]
            )
            voting.set_status(store, self.vote.code, self.vote.secret, "open")
            collection.open_collection(store, self.vote.code, self.vote.secret, per_phone=2)
            workshops.attach(store, self.second, "votes", [self.vote.code])
            self.cross = scenarios.duplicate_cross(store, self.first_cross, "Jämtland 2040")
            scenarios.set_quadrant(store, self.cross, "se", "Teknik först", "Berättelse från september")
            workshops.attach(store, self.second, "crosses", [self.cross])
            trends.add_note(store, self.trend, 1, "Agera nu <script>x</script>", workshop_id=self.second)


@pytest.fixture
def day(tmp_path: Path) -> Iterator[tuple[Day, AppServer, Path]]:
    path = tmp_path / "day.duckdb"
    prepared = Day(path)
    with AppServer(path, log_path=tmp_path / "streamlit.log") as server:
        yield prepared, server, path


def send_card(offline_page, server: AppServer, code: str, text: str, answer: str = "status") -> object:
    phone = offline_page(**PHONE)
    phone.goto(f"{server.url}/collect/{code}")
    phone.get_by_label("Med några ord", exact=False).fill(text)
    phone.get_by_role("button", name="Skicka").click()
    phone.get_by_role(answer).wait_for()
    return phone


def vote(server: AppServer, code: str, ballots: list[dict[int, int]]) -> None:
    async def all_phones() -> None:
        phones = [hall.Phone(server.url, code) for _ in ballots]
        assert await hall.join_all(phones) == []
        await asyncio.gather(*(phone.submit(ballot) for phone, ballot in zip(phones, ballots, strict=True)))
        for phone in phones:
            await phone.close()

    hall.run(all_phones())


def test_a_workshop_from_collection_to_report_and_what_moved(day, offline_page, page, browser) -> None:
    prepared, server, _path = day
    code = prepared.vote.code

    # 1. Phones send drivers in a few words on the lean page.
    phone = send_card(offline_page, server, code, "Ensamhet bland äldre")
    send_card(offline_page, server, code, "Fler distansarbetare & pendlare")
    refused = send_card(offline_page, server, code, "<b>Fet</b>", answer="alert")
    assert refused.get_by_label("Med några ord", exact=False).input_value() == "<b>Fet</b>"
    assert "Mottaget" in phone.content()
    screenshot(phone, "collect_phone")

    # 2. The facilitator sees them arrive, accepts the first and makes it an option of the next round.
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{server.url}/workshops?view=collect")
    wait_for_app(page)
    page.get_by_role("button", name="Godta", exact=True).wait_for()
    page.get_by_role("button", name="Godta", exact=True).click()
    # The wall is a data grid (plain text): its cells are drawn on a canvas, with an accessible grid behind it.
    page.locator('[role="gridcell"]', has_text="Godtagen").first.wait_for(state="attached")
    page.get_by_role("button", name="Gör de godtagna till nästa omgångs alternativ").click()
    page.get_by_text("De godtagna korten är alternativ").wait_for()
    screenshot(page, "collect_wall")

    # 3. Phones vote in the new round, the accepted card (position 4) among the options.
    vote(server, code, [{4: 3}, {4: 2, 2: 1}, {2: 2, 0: 1}, {4: 1, 1: 2}])

    # 4. The group moves the climate card to another quadrant on this workshop's cross.
    open_cross(page, server, prepared.cross)
    drag(page, card_centre(page, "driver:climate-change"), board_point(page, 0.5, -0.55))
    wait_for_table(page, "Klimatförändringar", 0.5, -0.55)  # the move is stored and drawn

    # 5. The report: downloaded from the workshops page, opened offline, accessible, printed on A4.
    page.goto(f"{server.url}/workshops?workshop={prepared.second}")
    wait_for_app(page)
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Ladda ner rapporten").click()
    report_file = SCREENSHOTS.parent / "workshop_report.html"
    report_file.parent.mkdir(parents=True, exist_ok=True)
    waiting.value.save_as(report_file)

    # Offline guard for a file: the report itself may load, any other request is refused and recorded.
    reader_context = browser.new_context(viewport={"width": 1000, "height": 1400}, locale="sv-SE")
    fetched: list[str] = []
    reader_context.route(
        lambda url: url != report_file.as_uri(), lambda route: (fetched.append(route.request.url), route.abort())
    )
    reader = reader_context.new_page()
    reader.goto(report_file.as_uri())
    text = reader.locator("main").inner_text()
    assert "Ledningsgrupp <Jämtland> & Härjedalen" in reader.locator("h1").inner_text()
    assert "Drivkrafter september" in text and "Ensamhet bland äldre" in text
    assert "Teknik först" in text and "Agera nu <script>x</script>" in text
    assert "Drivkrafter mars" not in text and "ANTECKNING-FRÅN-MARS" not in text
    assert reader.locator("script").count() == 0
    postcards = reader.locator("table", has_text="Fler distansarbetare & pendlare").first  # the phones' own cards
    assert "Ensamhet bland äldre" in postcards.inner_text()
    table = reader.locator("section.vote table", has_text="Ensamhet bland äldre").first
    assert table.locator("tbody tr").first.inner_text().split("\t")[1:] == ["Ensamhet bland äldre", "6"]
    screenshot(reader, "workshop_report")

    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(reader, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()

    reader.emulate_media(media="print")
    reader.set_viewport_size({"width": int(A4_CONTENT_PX[1]), "height": int(A4_CONTENT_PX[0])})  # the printed width
    boxes = reader.eval_on_selector_all(
        "figure, table",
        "nodes => nodes.map(n => ({h: n.getBoundingClientRect().height, w: n.getBoundingClientRect().width,"
        " avoid: getComputedStyle(n).breakInside}))",
    )
    assert len(boxes) >= 4
    for box in boxes:  # each figure and table fits one A4 page and is kept whole on it
        assert box["avoid"] == "avoid" and box["h"] < A4_CONTENT_PX[0] and box["w"] <= A4_CONTENT_PX[1] + 1, box
    pdf = reader.pdf(path=str(SCREENSHOTS.parent / "workshop_report.pdf"), format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 2 <= pages <= 8, pages
    reader_context.close()
    assert fetched == [], f"the report asked for {fetched}"

    # 6. What moved since last time, on a 1920×1080 projector, from stored history.
    projector = offline_page(viewport={"width": 1920, "height": 1080}, locale="sv-SE")
    projector.goto(f"{server.url}/workshops?view=compare&before={prepared.first}&after={prepared.second}&present=1")
    wait_for_app(projector)
    block = projector.locator(".framsyn-compare")
    block.wait_for()
    moved = block.inner_text()
    assert "Klimatförändringar (Jämtland 2040): Uppe till höger → Nere till höger" in moved
    assert "Ensamhet bland äldre: ny, plats 1" in moved and "upp" in moved and "ned" in moved
    chart = projector.locator("[data-testid='stPlotlyChart']")
    assert "1. Ensamhet bland äldre" in chart.locator("svg").first.text_content()
    smallest = projector.evaluate(
        """() => {
          const read = [...document.querySelectorAll(
            '[data-testid="stMain"] h1, [data-testid="stMain"] h2, .framsyn-compare li, .framsyn-compare h3,'
            + ' [data-testid="stPlotlyChart"] text')].filter(n => n.textContent.trim());
          return Math.min(...read.map(n => parseFloat(getComputedStyle(n).fontSize)));
        }"""
    )
    assert smallest >= 32, smallest
    screenshot(projector, "workshops_compare_projector")
