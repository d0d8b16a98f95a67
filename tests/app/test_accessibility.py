"""WCAG 2.1 AA, the part AppTest can see: every input on every page has a label to read out."""

from __future__ import annotations

from pathlib import Path

import pytest

from foresight.scenarios import scenarios
from foresight.vote import voting
from foresight.workspace import build_fixture_workspace
from tests.app.conftest import run_page

INPUTS = {
    "button",
    "download_button",
    "multiselect",
    "radio",
    "selectbox",
    "slider",
    "select_slider",
    "text_input",
    "text_area",
    "number_input",
    "toggle",
    "checkbox",
    "date_input",
    "time_input",
    "color_picker",
    "file_uploader",
    "segmented_control",
    "pills",
    "button_group",
    "feedback",
}


def input_labels(at) -> tuple[int, list[str]]:
    """How many inputs the rendered tree holds, and those whose label is empty, as 'type key'."""
    missing = []
    seen = 0

    def walk(node) -> None:
        kind = getattr(node, "type", None)
        if kind in INPUTS:
            nonlocal seen
            seen += 1
            label = getattr(node, "label", None)
            if label is None and getattr(node, "proto", None) is not None:
                label = getattr(node.proto, "label", "")
            if not str(label or "").strip():
                missing.append(f"{kind} {getattr(node, 'key', '')}")
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at._tree)
    return seen, missing


@pytest.fixture(scope="module")
def busy_workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, int]:
    """A workspace with an open vote and a scenario cross, so the views with most inputs render."""
    path = tmp_path_factory.mktemp("a11y") / "a11y.duckdb"
    with build_fixture_workspace(path) as store:
        created = voting.create_vote(
            store, "Drivkrafter", [voting.OptionInput("urbanisation"), voting.OptionInput(label="Tillit")]
        )
        voting.set_status(store, created.code, created.secret, "open")
        cross_id = scenarios.create_cross(store, "Kors", list(scenarios.card_choices(store, "sv"))[:4])
    return path, created.code, cross_id


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("views/home.py", {}),
        ("views/trends.py", {}),
        ("views/trends.py", {"present": "mt-demographic-imbalances"}),
        ("views/map.py", {}),
        ("views/vote.py", {}),
        ("views/vote.py", {"join": "CODE"}),
        ("views/vote.py", {"screen": "CODE"}),
        ("views/scenarios.py", {"cross": "CROSS"}),
        ("views/data.py", {}),
    ],
)
def test_every_input_has_a_label(
    busy_workspace, monkeypatch: pytest.MonkeyPatch, page: str, query: dict, lang: str
) -> None:
    path, code, cross_id = busy_workspace
    monkeypatch.setenv("FRAMSYN_DB", str(path))
    filled = {name: {"CODE": code, "CROSS": str(cross_id)}.get(value, value) for name, value in query.items()}
    at = run_page(page, lang=lang, **filled)
    assert not at.exception, at.exception
    seen, missing = input_labels(at)
    assert seen >= 1  # the walk reached the inputs: the language switch is on every page
    assert missing == []
