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
