"""From a scenario quadrant to a plan in a real browser: backcast, three actions, next year's version.

Screenshots of the plans page, the backcasting timeline and its presentation at 1920×1080 are
saved under tests/artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest

from bench.server import AppServer
from foresight.plans import backcasting
from foresight.scenarios import scenarios
from foresight.workshops import workshops
from foresight.workspace import build_fixture_workspace
from tests.e2e.conftest import screenshot, wait_for_app, wait_until_still

ACTIONS = [
    ("Kartlägga lokala livsmedelsproducenter", "Landsbygdsstrateg", "2026"),
    ("Upphandla mer närproducerat", "Upphandlingschef", "2027"),
    ("Öppna en regional matplattform", "Näringslivsutvecklare", "2028"),
]


@pytest.fixture(scope="module")
def plans_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """A server of its own (the test writes) on a workspace with one scenario cross."""
    folder = tmp_path_factory.mktemp("e2e-plans")
    workspace = folder / "plans.duckdb"
    with build_fixture_workspace(workspace) as store:
        # The cross of a Region Kronoberg workshop: its backcast goes into Kronoberg's plan by itself.
        workshop = workshops.create_workshop(store, "Framsynsdag", "2026-09-14", organisation="Region Kronoberg")
        cross = scenarios.create_cross(store, "Kronoberg 2040", workshop_id=workshop)
        scenarios.set_quadrant(
            store, cross, "sw", "Lokal självförsörjning", "Länet producerar sin egen mat och energi."
        )
        shown = backcasting.create(
            store,
            "distriktssenteret-framsyn",
            "Strategi 2025",
            "Varje kommun i distrikten använder framsyn.",
            2019,
            2025,
        )
        backcasting.add_milestone(store, shown, 2023, "Framsynsverktygen används i hälften av kommunerna")
        backcasting.add_milestone(store, shown, 2021, "Metodbanken är öppen för alla kommuner")
        backcasting.add_milestone(store, shown, 2024, "Nationella programmet bygger på scenarier")
        store.checkpoint()
    server = AppServer(workspace, log_path=folder / "streamlit.log").start()
    try:
        yield server
    finally:
        server.stop()


def _fill(page, label: str, value: str, scope=None) -> None:
    field = (scope or page).get_by_label(label, exact=True)
    field.fill(value)
    field.press("Tab")
    wait_for_app(page)


def test_backcast_from_a_quadrant_to_three_actions_in_next_years_plan(page, plans_server) -> None:
    # The quadrant on the scenarios page links to backcasting from it.
    page.goto(plans_server.url + "/scenarios?cross=1")
    wait_for_app(page)
    links = page.get_by_role("link", name="Backcasta från detta scenario")
    links.nth(3).wait_for()  # the quadrants are drawn one after another: wait for the fourth
    assert links.count() == 4
    links.nth(2).click()  # nw, ne, sw, se: the third quadrant is "Lokal självförsörjning"
    page.wait_for_url("**/plans?*quadrant=sw*", timeout=15_000)
    assert "plan=kronoberg-framsyn" in page.url  # the workshop's plan, not the list's first
    wait_for_app(page)
    page.get_by_role("tab", name="Backcasting", selected=True).wait_for()
    form = page.locator('[data-testid="stExpander"]').filter(has_text="Ny backcasting")
    form.scroll_into_view_if_needed()
    screenshot(page, "plans_from_quadrant")
    _fill(page, "Namn", "Självförsörjande 2040", form)
    _fill(page, "När vi har lyckats …", "Hälften av maten och all energi produceras i länet.", form)
    _fill(page, "I dag (år)", "2026", form)
    _fill(page, "Horisont (år)", "2040", form)
    form.get_by_role("button", name="Skapa backcasting").click()
    wait_for_app(page)
    page.get_by_text("Utgår från: Kronoberg 2040: Lokal självförsörjning").wait_for()

    milestone_form = page.locator('[data-testid="stForm"]').filter(has_text="Ny milstolpe")
    milestone_form.get_by_label("År", exact=True).fill("2032")
    milestone_form.get_by_label("Vad har hänt då?").fill("Regional matstrategi antagen")
    milestone_form.get_by_role("button", name="Lägg till").click()
    wait_for_app(page)
    page.get_by_text("Regional matstrategi antagen").first.wait_for()

    actions_form = page.locator('[data-testid="stForm"]').filter(has_text="Gör en milstolpe till insatser")
    for n, (title, role, year) in enumerate(ACTIONS, start=1):
        actions_form.get_by_label(f"Insats {n}", exact=True).fill(title)
        actions_form.get_by_label("Ansvarig roll (ingen personnamn)").nth(n - 1).fill(role)
        actions_form.get_by_label("Från år").nth(n - 1).fill(year)
    actions_form.get_by_role("button", name="Lägg till i planen").click()
    wait_for_app(page)
    this_year = date.today().year  # this year's actions go into this year's version of the workshop's plan
    page.get_by_text(f"3 insatser har lagts till i planens version {this_year}.").wait_for()
    timeline = page.locator(".js-plotly-plot").first
    timeline.wait_for()
    wait_until_still(page)  # the rerun after the success message redraws the chart once more
    timeline.scroll_into_view_if_needed()
    screenshot(page, "plans_backcast")

    # A year later: revise the plan, and the three actions are in next year's version.
    page.get_by_role("tab", name="Plan", exact=True).click()
    page.get_by_role("button", name="Revidera inför nästa år").click()
    wait_for_app(page)
    page.get_by_text(f"Version {this_year + 1} har skapats.").wait_for()
    page.get_by_role("heading", name=f"Insatser {this_year + 1}").wait_for()
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for()
    for title, role, _ in ACTIONS:
        # The grid draws on a canvas; its cells are also in an accessible table, which is what we read.
        grid.locator("td[role=gridcell]", has_text=title).wait_for(state="attached")
        grid.locator("td[role=gridcell]", has_text=role).first.wait_for(state="attached")
    screenshot(page, "plans_next_year")

    # The backcast shows the actions of the latest version under its milestone.
    page.get_by_role("tab", name="Backcasting").click()
    for title, role, _ in ACTIONS:
        page.get_by_text(f"{title} ({role}, Planerad)").wait_for()


def test_presentation_is_readable_on_a_projector(offline_page, plans_server) -> None:
    page = offline_page(viewport={"width": 1920, "height": 1080}, locale="sv-SE")
    page.goto(plans_server.url + "/plans?plan=kronoberg-framsyn&lang=en")
    wait_for_app(page)
    page.get_by_role("heading", name=re.compile(r"^Actions \d{4}$")).wait_for()  # the latest version's year
    page.locator('[data-testid="stDataFrame"] td[role=gridcell]').first.wait_for(state="attached")
    page.get_by_text("Version (year)").wait_for()
    screenshot(page, "plans_kronoberg_en_1920")
    page.goto(plans_server.url + "/plans?plan=distriktssenteret-framsyn&bc=distriktssenteret-framsyn-strategi-2025")
    wait_for_app(page)
    page.get_by_role("link", name="Visa på storskärm").click()
    page.wait_for_url("**present=1*", timeout=15_000)
    wait_for_app(page)
    page.locator(".js-plotly-plot .annotation-text").first.wait_for()
    # The projector layout hides the sidebar once the presentation has rendered; wait for it (fails if never).
    page.locator('[data-testid="stSidebar"]').wait_for(state="hidden", timeout=10_000)
    # The page before drew its chart at 17 px; it stays, marked stale, until this run replaces it.
    page.wait_for_function(
        """() => document.querySelector('.js-plotly-plot .annotation-text')
              && !document.querySelector('[data-stale="true"] .js-plotly-plot')""",
        timeout=15_000,
    )
    wait_for_app(page)
    sizes = page.evaluate(
        """() => [
          ...[...document.querySelectorAll('.js-plotly-plot .annotation-text')]
              .map(node => parseFloat(getComputedStyle(node).fontSize)),
          ...[...document.querySelectorAll('.st-key-plans-slide h1, .st-key-plans-slide p')]
              .filter(node => node.textContent.trim())
              .map(node => parseFloat(getComputedStyle(node).fontSize)),
        ]"""
    )
    assert sizes and min(sizes) >= 32, sizes
    family = page.evaluate(
        "() => getComputedStyle(document.querySelector('.js-plotly-plot .annotation-text')).fontFamily"
    )
    assert "Source Sans" in family
    screenshot(page, "plans_presentation_1920")
