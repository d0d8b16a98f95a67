"""The repository passes ruff (lint and format), and the layout's boundary is a lint rule.

Run here so that the README's one test command also runs the linter, in CI and on a laptop.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def ruff(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ruff", *args]
    return subprocess.run(command, cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120)


def test_ruff_check_passes() -> None:
    result = ruff("check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_leaves_every_file_as_it_is() -> None:
    result = ruff("format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "offending",
    [
        "import streamlit as st\n",
        "def later():\n    from streamlit.testing.v1 import AppTest\n\n    return AppTest\n",
        "def later():\n    from foresight.ui import state\n\n    return state\n",
    ],
)
def test_the_domain_may_not_import_streamlit_or_the_ui_anywhere(offending: str) -> None:
    result = ruff("check", "--select", "TID251", "--stdin-filename", "foresight/new_module.py", "-", stdin=offending)
    assert result.returncode == 1 and "TID251" in result.stdout


@pytest.mark.parametrize("allowed_in", ["foresight/ui/new_widget.py", "views/new_page.py", "bench/new_case.py"])
def test_streamlit_is_allowed_outside_the_domain(allowed_in: str) -> None:
    result = ruff("check", "--select", "TID251", "--stdin-filename", allowed_in, "-", stdin="import streamlit as st\n")
    assert result.returncode == 0, result.stdout


# -- the layers as import-linter contracts (pyproject.toml, [tool.importlinter]) --------------------


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"]
    env = {"PATH": str(Path(sys.executable).parent), "PYTHONPATH": str(cwd)}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_lint_imports_keeps_every_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture(scope="module")
def house_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The product and the harness copied aside, so a test can add an offending module to them."""
    import shutil

    folder = tmp_path_factory.mktemp("house")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "static", "templates", "schema")
    for package in ("foresight", "bench"):
        shutil.copytree(ROOT / package, folder / package, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    return folder


@pytest.mark.parametrize(
    ("module", "offending", "contract"),
    [
        ("foresight/vote/offending.py", "def later():\n    import streamlit\n", "The domain imports no front end"),
        ("foresight/map/offending.py", "from foresight.ui import state\n", "The domain imports no front end"),
        ("foresight/workshops/offending.py", "from foresight.web import collect\n", "The domain imports no front end"),
        ("foresight/cli_extra.py", "def later():\n    import bench.runner\n", "Nothing in the product imports"),
        ("foresight/ui/offending.py", "from foresight.web import participant\n", "are independent"),
        ("foresight/figures/offending.py", "import streamlit as st\n", "Figures are plain"),
    ],
)
def test_lint_imports_fails_on_a_crafted_offending_import(
    house_copy: Path, module: str, offending: str, contract: str
) -> None:
    path = house_copy / module
    path.write_text(offending, encoding="utf-8")
    try:
        result = lint_imports(house_copy)
    finally:
        path.unlink()
    assert result.returncode == 1, result.stdout
    broken = [line for line in result.stdout.splitlines() if "BROKEN" in line]
    assert any(contract in line for line in broken), result.stdout
