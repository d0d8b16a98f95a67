"""Files that went through an office suite come back: every table's download (the Swedish `;` CSV
and the Excel file the app and `python -m foresight export` give, and the English comma CSV), opened
and saved by LibreOffice Calc (headless), imports back unchanged.

Calc reads the SCB code 04 as the number 4 and writes it back as 4, drops the export's quoting,
and saves `;`-separated Windows-1252 as Swedish users do; the import restores the codes' width
and takes away exactly the apostrophes the export added. Each run uses its own Calc profile
(-env:UserInstallation), so parallel runs do not share a lock.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from foresight.data import export
from foresight.data.loading import import_file
from foresight.data.tables import LOAD_ORDER, TABLES
from foresight.store import Store
from foresight.workspace import build_fixture_workspace

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.slow  # a LibreOffice process per file: in the full suite, not the fast tier


@pytest.fixture(scope="module", autouse=True)
def calc_is_installed() -> None:
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice Calc is required in CI (.ci/run installs libreoffice-calc-nogui)")
        pytest.skip("LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui)")


# Calc's CSV filter options: separator (44 comma, 59 semicolon), quote, character set (76 UTF-8,
# 1 Windows-1252), first line.
CSV_IN = {"sv": "CSV:59,34,76,1", "en": "CSV:44,34,76,1"}
CSV_OUT_SWEDISH = "csv:Text - txt - csv (StarCalc):59,34,1,1"
XLSX_OUT = "xlsx:Calc MS Excel 2007 XML"
ROUTES = {  # route: (language of the download, its kind, what Calc saves it as, the saved file's kind)
    "csv_to_semicolon_cp1252_csv": ("sv", "csv", CSV_OUT_SWEDISH, "csv"),
    "xlsx_to_xlsx": ("sv", "xlsx", XLSX_OUT, "xlsx"),
    "csv_to_xlsx": ("sv", "csv", XLSX_OUT, "xlsx"),
    "english_csv_to_semicolon_cp1252_csv": ("en", "csv", CSV_OUT_SWEDISH, "csv"),
}

TRICKY_DRIVERS = [
    [
        "office-injection",
        "x;=cmd|' /C calc'!A0;",
        "Injection",
        "social",
        "rad ett\nrad två",
        "",
        "region2050_hemarbete",
    ],
    [
        "office-apostrophe",
        "'=skrivet med apostrof",
        "Apostrophe",
        "values",
        "+46 procent",
        "-5 %",
        "region2050_hemarbete",
    ],
]


def _soffice(profile: Path, source: list[Path], out: Path, convert_to: str, infilter: str | None) -> None:
    command = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", convert_to, "--outdir", str(out), *map(str, source)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("office") / "office.duckdb"
    with build_fixture_workspace(path) as store:
        drivers = pd.DataFrame(TRICKY_DRIVERS, columns=TABLES["drivers"].column_names)
        import_file(store, "drivers", export.csv_bytes(drivers), "drivers.csv")
        orgs = "id,name,org_type,region_code,country,lon,lat,source\n"
        orgs += "office-kalmar,Kalmar kommun,municipality,08,SE,16.36,56.66,region2050_hemarbete\n"
        import_file(store, "organisations", orgs.encode(), "organisations.csv")
        activity = ",".join(TABLES["activities"].column_names) + "\n"
        activity += "office-dated,office-kalmar,2024,2024-03-05,workshop,scenarios|trends,staff,40,"
        activity += "Verkstad i Kalmar,,region2050_hemarbete\n"
        import_file(store, "activities", activity.encode(), "activities.csv")
    return path


@pytest.fixture(scope="module")
def saved_by_calc(workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every table exported, then opened and saved by Calc along each route: {route: folder}."""
    folder = tmp_path_factory.mktemp("calc")
    with Store(workspace) as store:
        for lang in CSV_IN:
            exported = folder / f"exported-{lang}"
            exported.mkdir()
            for table in LOAD_ORDER:
                (exported / f"{table}.csv").write_bytes(export.table_csv(store, table, lang))
                (exported / f"{table}.xlsx").write_bytes(export.tables_xlsx(store, [table], lang))
    folders = {}
    for route, (lang, source, convert_to, _suffix) in ROUTES.items():
        out = folder / route
        sources = [folder / f"exported-{lang}" / f"{table}.{source}" for table in LOAD_ORDER]
        _soffice(folder / f"profile-{route}", sources, out, convert_to, CSV_IN[lang] if source == "csv" else None)
        folders[route] = out
    return folders


def test_calc_turned_codes_into_numbers(saved_by_calc: dict[str, Path]) -> None:
    """The premise: without the import's restoring, these files would be refused."""
    regions = (saved_by_calc["csv_to_semicolon_cp1252_csv"] / "regions.csv").read_bytes().decode("cp1252")
    assert "\n1;" in regions.replace("\r\n", "\n") and "\n01;" not in regions.replace("\r\n", "\n")


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("table", LOAD_ORDER)
def test_file_saved_by_calc_imports_back_unchanged(
    workspace: Path, saved_by_calc: dict[str, Path], tmp_path: Path, route: str, table: str
) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(workspace, copy)
    with Store(copy) as store:
        before = {name: export.csv_bytes(export.table_frame(store, name)) for name in LOAD_ORDER}
        path = saved_by_calc[route] / f"{table}.{ROUTES[route][3]}"
        result = import_file(store, table, path.read_bytes(), path.name)
        assert (result.added, result.changed) == (0, 0)
        after = {name: export.csv_bytes(export.table_frame(store, name)) for name in LOAD_ORDER}
    assert after == before
