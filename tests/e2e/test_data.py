"""The Data page in a real browser: a bad upload names row, column and reason and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.server import AppServer
from foresight.workspace import build_fixture_workspace
from tests.e2e.conftest import screenshot, wait_for_app

HEADER = "id;name;org_type;region_code;country;lon;lat;source\r\n"


@pytest.fixture
def fresh_server(tmp_path: Path):
    build_fixture_workspace(tmp_path / "data.duckdb").close()
    with AppServer(tmp_path / "data.duckdb") as server:
        yield server


def upload(page, table_label: str, name: str, content: bytes) -> None:
    page.get_by_label("Tabell", exact=True).click()
    page.get_by_role("option", name=table_label).click()
    page.locator('input[type="file"]').set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_text(name).first.wait_for()
    page.get_by_role("button", name="Läs in").click()
    wait_for_app(page)


def organisation_count(page, server: AppServer) -> str:
    page.goto(server.url + "/")
    wait_for_app(page)
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="organisationer")
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


def test_bad_upload_is_rejected_and_good_upload_counts(page, fresh_server: AppServer) -> None:
    before = organisation_count(page, fresh_server)
    page.goto(fresh_server.url + "/data")
    wait_for_app(page)
    bad = (HEADER + "ljusdals-kommun;Ljusdals kommun;municipality;99;SE;16,1;61,8;region2050_hemarbete\r\n").encode(
        "cp1252"
    )
    upload(page, "Organisationer", "kommuner.csv", bad)
    error = page.locator('[data-testid="stAlert"]').filter(has_text="inte lästs in")
    error.wait_for()
    problems = page.locator('[data-testid="stDataFrame"]').first
    problems.wait_for()
    screenshot(page, "data_import_rejected")
    assert organisation_count(page, fresh_server) == before

    page.goto(fresh_server.url + "/data")
    wait_for_app(page)
    good = (HEADER + "ljusdals-kommun;Ljusdals kommun;municipality;21;SE;16,1;61,8;region2050_hemarbete\r\n").encode(
        "cp1252"
    )
    upload(page, "Organisationer", "kommuner.csv", good)
    page.get_by_text("1 nya, 0 ändrade, 0 oförändrade").wait_for()
    screenshot(page, "data_import_accepted")
    assert int(organisation_count(page, fresh_server)) == int(before) + 1
