"""The downloads people get: every table in Swedish or English (headers, sheet names, codes), as
Excel and as CSV for Swedish Excel (`;`), imports back unchanged in either language."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from foresight.data import export
from foresight.data.loading import import_file
from foresight.data.tables import LOAD_ORDER
from foresight.store import Store
from tests.support.fingerprint import table_fingerprints


def files(store: Store, table: str, lang: str) -> dict[str, tuple[bytes, str]]:
    return {
        "csv": (export.table_csv(store, table, lang), f"{table}.csv"),
        "xlsx": (export.tables_xlsx(store, [table], lang), f"{table}.xlsx"),
    }


@pytest.mark.parametrize("table", LOAD_ORDER)
def test_every_download_imports_back_unchanged(seeded_store: Store, table: str) -> None:
    before = table_fingerprints(seeded_store, LOAD_ORDER)
    for lang in ("sv", "en"):
        for kind, (data, name) in files(seeded_store, table, lang).items():
            result = import_file(seeded_store, table, data, name)
            assert (result.added, result.changed) == (0, 0), (lang, kind, result)
            assert result.unchanged == len(export.table_frame(seeded_store, table)), (lang, kind)
    assert table_fingerprints(seeded_store, LOAD_ORDER) == before


def test_a_swedish_download_speaks_swedish_and_splits_on_semicolons(seeded_store: Store) -> None:
    data = export.table_csv(seeded_store, "activities", "sv")
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark: Excel reads å ä ö
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert "Typ av aktivitet" in header and "Målgrupp" in header and "activity_type" not in header
    types = {row[header.index("Typ av aktivitet")] for row in rows[1:]}
    assert "Workshop" in types or "Konferens" in types
    assert not types & {"workshop", "conference", "staff_day"}  # labels, not codes
    statuses = {row[header.index("Status")] for row in rows[1:] if row[header.index("Status")]}
    assert statuses <= {"Genomförd", "Planerad"}

    english = export.table_csv(seeded_store, "activities", "en").decode("utf-8-sig").splitlines()[0]
    assert english.startswith("Id,Organisation (id),Year,Date,Activity type")


def test_the_workbook_names_its_sheets_in_the_chosen_language(seeded_store: Store) -> None:
    workbook = load_workbook(io.BytesIO(export.tables_xlsx(seeded_store, list(LOAD_ORDER), "sv")), read_only=True)
    assert workbook.sheetnames[:5] == ["Källor", "Regioner", "Kommuner", "Organisationer", "Drivkrafter"]
    assert "activities" not in workbook.sheetnames
    regions = next(workbook["Regioner"].iter_rows(values_only=True))
    assert regions[:3] == ("Kod", "Namn", "Residensstad")


def test_an_import_takes_technical_names_and_either_language_mixed(seeded_store: Store) -> None:
    """A file with English headers and Swedish codes (someone edited a colleague's file) still reads."""
    before = table_fingerprints(seeded_store, LOAD_ORDER)
    english = export.table_csv(seeded_store, "organisations", "en").decode("utf-8-sig")
    swedish_codes = export.table_csv(seeded_store, "organisations", "sv").decode("utf-8-sig").splitlines()[1:]
    mixed = "\n".join([english.splitlines()[0].replace(",", ";"), *swedish_codes]).encode("utf-8")
    result = import_file(seeded_store, "organisations", mixed, "organisations.csv")
    assert (result.added, result.changed) == (0, 0)
    assert table_fingerprints(seeded_store, LOAD_ORDER) == before


def test_an_unknown_label_is_named_in_the_message_and_nothing_changes(seeded_store: Store) -> None:
    before = table_fingerprints(seeded_store, LOAD_ORDER)
    text = export.table_csv(seeded_store, "drivers", "sv").decode("utf-8-sig").splitlines()
    header = text[0].split(";")
    first = next(csv.reader([text[1]], delimiter=";"))
    first[header.index("Kategori")] = "Påhittad kategori"
    broken = "\n".join([text[0], ";".join(f'"{cell}"' for cell in first)]).encode("utf-8")
    with pytest.raises(Exception) as refused:
        import_file(seeded_store, "drivers", broken, "drivers.csv")
    assert any(problem.column == "category" for problem in refused.value.problems)
    assert table_fingerprints(seeded_store, LOAD_ORDER) == before
