"""Browser tests: the real server (`streamlit run`) and headless Debian Chromium via Playwright."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.server import AppServer
from foresight.map import geo
from foresight.workspace import build_fixture_workspace

CHROMIUM = os.environ.get("FRAMSYN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI but {CHROMIUM} is missing")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """One server for the read-mostly browser tests (home, map, …), on its own seeded workspace.

    Modules that prepare votes or crosses before the start, restart the server or serve a page of
    their own start one of their own; the rest share this one. A boundary download could only fail.
    """
    folder = tmp_path_factory.mktemp("e2e")
    workspace = folder / "e2e.duckdb"
    build_fixture_workspace(workspace).close()
    with socket.socket() as probe:  # a port nothing listens on: the optional download fails fast
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    env = {geo.URL_ENV: f"http://127.0.0.1:{closed}/regions.geojson"}
    with AppServer(workspace, extra_env=env, log_path=folder / "streamlit.log") as server:
        yield server


def block_network(context) -> list[str]:
    """Abort every request that leaves the machine and record it: the app must work offline."""
    external: list[str] = []

    def refuse(route) -> None:
        external.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")), refuse)
    return external


@pytest.fixture
def offline_page(browser) -> Iterator[object]:
    """A factory of pages in contexts of their own (a phone, the screen, …) that may not reach off
    the machine; the test fails at the end if any of them asked for anything that is not local."""
    contexts: list[tuple[object, list[str]]] = []

    def open_page(**options: object):
        context = browser.new_context(**options)
        contexts.append((context, block_network(context)))
        return context.new_page()

    yield open_page
    external = [url for context, blocked in contexts for url in blocked]
    for context, _ in contexts:
        context.close()
    assert external == [], f"requests left the machine: {external}"


@pytest.fixture
def page(offline_page) -> object:
    """A 1280×720 (projector) page; fails the test if the app asked for anything off the machine."""
    return offline_page(viewport={"width": 1280, "height": 720}, locale="sv-SE")


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under tests/artifacts/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has rendered and finished running the script."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_load_state("networkidle", timeout=timeout)  # lazily loaded widget code
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMain\"]')",
        timeout=timeout,
    )


# Records the moment of the page's last DOM change (one observer per page load).
_STILL = """(quiet) => {
  if (!window.__framsynStill) {
    window.__framsynStill = { last: performance.now() };
    new MutationObserver(() => { window.__framsynStill.last = performance.now(); }).observe(
      document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
  }
  return document.fonts.status === "loaded" && performance.now() - window.__framsynStill.last > quiet;
}"""


def wait_until_still(page, quiet_ms: int = 300, timeout: float = 15_000) -> None:
    """Wait until the page has not changed for `quiet_ms` (fonts loaded, charts and reruns drawn):
    a condition, for screenshots and measurements, instead of a fixed pause."""
    page.wait_for_function(_STILL, arg=quiet_ms, timeout=timeout, polling=100)
