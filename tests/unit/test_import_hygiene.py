"""The domain package never imports Streamlit: only foresight/ui/ may."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import foresight

DOMAIN_MODULES = sorted(
    module.name
    for module in pkgutil.walk_packages(foresight.__path__, prefix="foresight.")
    if not module.name.startswith("foresight.ui") and module.name != "foresight.__main__"
)

# One fresh interpreter imports the modules one at a time and names the first that pulls
# Streamlit in (each import only adds to sys.modules, so the first offender is exact).
PROBE = """
import importlib, json, sys
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
    if "streamlit" in sys.modules:
        print(name)
        break
"""


def test_domain_modules_do_not_import_streamlit() -> None:
    assert len(DOMAIN_MODULES) >= 8
    result = subprocess.run([sys.executable, "-c", PROBE, json.dumps(DOMAIN_MODULES)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{result.stdout.strip()} imports streamlit"
