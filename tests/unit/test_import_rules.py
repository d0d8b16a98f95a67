"""Imports keep the workspace valid, and exports stay inert in Swedish Excel yet come back unchanged."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from foresight.data import export
from foresight.data.formula import neutralise, restore
from foresight.data.loading import import_file
from foresight.data.tables import LOAD_ORDER, TABLES
from foresight.errors import ValidationError
from foresight.store import Store

TREND_HEADER = TABLES["trends"].column_names
ACTIVITY_HEADER = ",".join(TABLES["activities"].column_names)


def trend_row(**values: str) -> list[str]:
    base = {
        "id": "ws-x",
        "level": "weak_signal",
        "parent_id": "tr-cyber-threats",
        "category": "technological",
        "horizon": "2035",
        "impact": "3",
        "uncertainty": "3",
        "title_sv": "Signal",
        "title_en": "Signal",
        "source": "eu_megatrends_hub",
    }
    base.update(values)
    return [base.get(name, "") for name in TREND_HEADER]


def trends_csv(*rows: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TREND_HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def problems_of(store: Store, table: str, data: bytes) -> set[tuple[int | None, str | None, str]]:
    with pytest.raises(ValidationError) as raised:
        import_file(store, table, data, f"{table}.csv")
    return {(p.row, p.column, p.key) for p in raised.value.problems}


def test_weak_signal_under_a_stored_weak_signal_is_refused(seeded_store: Store) -> None:
    import_file(seeded_store, "trends", trends_csv(trend_row(id="ws-first")))
    found = problems_of(seeded_store, "trends", trends_csv(trend_row(id="ws-second", parent_id="ws-first")))
    assert (2, "parent_id", "import.bad_parent") in found


def test_parent_cycle_across_file_and_stored_rows_is_refused(seeded_store: Store) -> None:
    # mt-nature-of-work becomes a trend under its own stored child tr-remote-hybrid-work.
    row = seeded_store.query("SELECT * FROM trends WHERE id = 'mt-nature-of-work'").iloc[0].to_dict()
    values = {name: str(row[name]) for name in ("id", "category", "horizon", "impact", "uncertainty", "source")}
    cyclic = trend_row(**values, level="trend", parent_id="tr-remote-hybrid-work", title_sv="X", title_en="X")
    found = problems_of(seeded_store, "trends", trends_csv(cyclic))
    assert (2, "parent_id", "import.bad_parent") in found
    assert (2, "level", "import.level_breaks_children") in found


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
def test_activity_dates_outside_the_year_range_are_refused(seeded_store: Store, date: str) -> None:
    row = f"a-x,region-skane,,{date},workshop,,,,Verkstad i Skåne,,region2050_hemarbete"
    data = f"{ACTIVITY_HEADER}\n{row}\n".encode()
    assert (2, "date", "import.out_of_range") in problems_of(seeded_store, "activities", data)


def test_empty_trailing_header_cells_are_ignored(seeded_store: Store) -> None:
    exported = export.csv_bytes(export.table_frame(seeded_store, "regions")).decode("utf-8-sig")
    padded = "\n".join(line + ",," for line in exported.splitlines()) + "\n"
    result = import_file(seeded_store, "regions", padded.encode())
    assert (result.added, result.changed) == (0, 0)


def test_codes_a_spreadsheet_turned_into_numbers_are_restored(seeded_store: Store) -> None:
    regions = export.csv_bytes(export.table_frame(seeded_store, "regions")).decode("utf-8-sig")
    assert "\n03," in regions
    result = import_file(seeded_store, "regions", regions.replace("\n03,", "\n3,").encode())
    assert (result.added, result.changed) == (0, 0)
    orgs = export.table_frame(seeded_store, "organisations")
    orgs["region_code"] = orgs["region_code"].str.lstrip("0")
    result = import_file(seeded_store, "organisations", export.csv_bytes(orgs))
    assert (result.added, result.changed) == (0, 0)


def test_codes_in_other_scripts_digits_are_refused(seeded_store: Store) -> None:
    regions = export.csv_bytes(export.table_frame(seeded_store, "regions")).decode("utf-8-sig")
    arabic_indic_zero_three = "\u0660\u0663"  # what \\d would take, but DuckDB will not read as a number
    found = problems_of(seeded_store, "regions", regions.replace("\n03,", f"\n{arabic_indic_zero_three},").encode())
    assert (None, "code", "import.bad_region_code") in {(None, column, key) for _row, column, key in found}


INJECTIONS = [
    "x;=cmd|' /C calc'!A0;",
    "=1+1 i början",
    '"; "=HYPERLINK(""http://evil"")',
    "rad ett\n@SUM(A1)",
    "a,+46 procent",
    "\tindrag",
    "'=redan skyddad",
]


@pytest.mark.parametrize("text", INJECTIONS)
def test_neutralise_is_inert_after_any_split_and_restore_undoes_it(text: str) -> None:
    safe = neutralise(text)
    for separator in (";", ",", "\t", "\n", "\r", '"'):
        for part in str(safe).split(separator):
            assert not part.lstrip('"').startswith(("=", "+", "-", "@")), (text, separator, part)
    assert not str(safe).startswith(("\t", "\r", "\n"))
    assert restore(str(safe)) == text


def test_exported_injection_is_inert_in_swedish_excel_and_comes_back(seeded_store: Store) -> None:
    rows = [
        ["inj-semicolon", INJECTIONS[0], "Semicolon", "social", "rad ett\n-2 procent", "", "region2050_hemarbete"],
        ["inj-quote", 'a"=b', "Quote", "social", "'=typed with an apostrophe", "", "region2050_hemarbete"],
    ]
    # Written as the export writes them: a typed '=x is stored as '=x, not refused as a formula.
    import_file(seeded_store, "drivers", export.csv_bytes(pd.DataFrame(rows, columns=TABLES["drivers"].column_names)))
    before = {table: export.csv_bytes(export.table_frame(seeded_store, table)) for table in LOAD_ORDER}
    exported = before["drivers"].decode("utf-8-sig")
    assert "x;'=cmd" in exported
    # Swedish Excel splits every line on ; whatever the quoting: no piece may start a formula.
    for line in exported.splitlines():
        for piece in line.split(";"):
            assert not piece.lstrip('"').startswith(("=", "+", "-", "@")), line
    workbook = load_workbook(io.BytesIO(export.xlsx_bytes(export.workspace_sheets(seeded_store))))
    assert all(cell.data_type != "f" for sheet in workbook for row in sheet.iter_rows() for cell in row)
    for table in LOAD_ORDER:
        result = import_file(seeded_store, table, before[table], f"{table}.csv")
        assert (result.added, result.changed) == (0, 0), table
    stored = dict(seeded_store.rows("SELECT id, name_sv FROM drivers WHERE id LIKE 'inj-%'"))
    assert stored == {"inj-semicolon": INJECTIONS[0], "inj-quote": 'a"=b'}
    assert (
        seeded_store.scalar("SELECT description_sv FROM drivers WHERE id = 'inj-quote'") == "'=typed with an apostrophe"
    )


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "http://example.org", "https://example.org/a b", "https://x>)[a](javascript:1)"]
)
def test_a_source_link_must_be_an_https_address(seeded_store: Store, url: str) -> None:
    sources = export.table_frame(seeded_store, "sources")
    sources.loc[0, "url"] = url
    found = problems_of(seeded_store, "sources", export.csv_bytes(sources))
    assert (2, "url", "import.bad_url") in found
    sources.loc[0, "url"] = "https://example.org/rapport_(2023).pdf"
    result = import_file(seeded_store, "sources", export.csv_bytes(sources))
    assert result.changed == 1
