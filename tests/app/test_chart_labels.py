"""Imported text reaches the charts as text: a region name with markup shows its characters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from foresight.data import export
from foresight.data.loading import import_file
from foresight.workspace import build_fixture_workspace
from tests.app.conftest import run_page

HOSTILE_NAMES = {
    "12": '<a href="https://example.org">Skåne</a>',
    "14": '<span style="font-size:90px">Västra Götaland</span>',
}


@pytest.fixture
def hostile_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "labels.duckdb"
    with build_fixture_workspace(path) as store:
        regions = export.table_frame(store, "regions")
        for code, name in HOSTILE_NAMES.items():
            regions.loc[regions["code"] == code, "name"] = name
        import_file(store, "regions", export.csv_bytes(regions), "regions.csv")
    monkeypatch.setenv("FRAMSYN_DB", str(path))
    return path


def test_map_comparison_chart_shows_markup_in_region_names_as_text(hostile_workspace: Path) -> None:
    at = run_page("views/map.py", lang="en")
    assert not at.exception
    chart = next(chart for chart in at.get("plotly_chart") if "map_compare" in chart.proto.id)
    labels = json.loads(chart.proto.spec)["data"][0]["y"]
    assert "&lt;a href=&quot;https://example.org&quot;&gt;Skåne&lt;/a&gt;" in labels
    assert "&lt;span style=&quot;font-size:90px&quot;&gt;Västra Götaland&lt;/span&gt;" in labels
    assert not any("<" in label for label in labels)
