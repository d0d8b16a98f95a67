"""Imports: every bad file is rejected with row, column and reason, and changes nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from foresight.data import export
from foresight.data.loading import import_file
from foresight.data.table_files import MAX_FILE_BYTES
from foresight.data.tables import LOAD_ORDER, TABLES
from foresight.errors import ValidationError
from foresight.store import Store

ORG_HEADER = "id,name,org_type,region_code,country,lon,lat,source"
DRIVER_HEADER = "id,name_sv,name_en,category,description_sv,description_en,source"


def snapshot(store: Store) -> dict[str, bytes]:
    return {table: export.csv_bytes(export.table_frame(store, table)) for table in LOAD_ORDER}


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def org_csv(*rows: str, header: str = ORG_HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


BAD_FILES = [
    pytest.param(
        "organisations",
        org_csv("malmo-stad,Malmö stad,municipality,12,SE,13.0,55.6", header=ORG_HEADER.replace(",source", "")),
        1,
        "source",
        "import.missing_column",
        id="missing-column",
    ),
    pytest.param(
        "organisations",
        org_csv("lund,Lunds kommun,municipality,12,SE,söder,55.7,region2050_hemarbete"),
        2,
        "lon",
        "import.bad_decimal",
        id="wrong-type",
    ),
    pytest.param(
        "organisations",
        org_csv("x-kommun,X kommun,municipality,99,SE,13.0,55.6,region2050_hemarbete"),
        2,
        "region_code",
        "import.unknown_reference",
        id="unknown-region-code",
    ),
    pytest.param(
        "organisations",
        org_csv(
            "a-kommun,A kommun,municipality,12,SE,13.0,55.6,region2050_hemarbete",
            "a-kommun,A igen,municipality,12,SE,13.0,55.6,region2050_hemarbete",
        ),
        3,
        "id",
        "import.duplicate_key",
        id="duplicate-ids",
    ),
    pytest.param("organisations", b"", None, None, "import.empty_file", id="empty-file"),
    pytest.param("organisations", org_csv(), None, None, "import.no_rows", id="header-only"),
    pytest.param("organisations", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, None, "import.not_text", id="binary"),
    pytest.param(
        "organisations",
        ORG_HEADER.encode() + b"\n\x81\x8d\x8f,\x90,region,12,SE,1,1,x\n",
        None,
        None,
        "import.encoding",
        id="non-utf8-undecodable",
    ),
    pytest.param("organisations", b"x" * (MAX_FILE_BYTES + 1), None, None, "import.too_large", id="very-large-file"),
    pytest.param(
        "drivers",
        (DRIVER_HEADER + '\nx-driver,"=HYPERLINK(""http://evil"")",X,social,,,region2050_hemarbete\n').encode(),
        2,
        "name_sv",
        "import.formula",
        id="formula-in-csv",
    ),
    pytest.param(
        "drivers",
        xlsx([DRIVER_HEADER.split(","), ["x-driver", "=1+1", "X", "social", "", "", "region2050_hemarbete"]]),
        2,
        None,
        "import.formula_cell",
        id="formula-in-xlsx",
    ),
    pytest.param(
        "drivers",
        (DRIVER_HEADER + "\nx-driver,Namn,Name,spiritual,,,region2050_hemarbete\n").encode(),
        2,
        "category",
        "import.bad_choice",
        id="unknown-category",
    ),
    pytest.param("trends", b"id,level\n", 1, "parent_id", "import.missing_column", id="trends-missing-columns"),
    pytest.param("nonsense", b"a\n1\n", None, None, "import.unknown_table", id="unknown-table"),
]


@pytest.mark.parametrize(("table", "data", "row", "column", "key"), BAD_FILES)
def test_bad_file_is_rejected_and_changes_nothing(seeded_store: Store, table, data, row, column, key) -> None:
    before = snapshot(seeded_store)
    with pytest.raises(ValidationError) as raised:
        import_file(seeded_store, table, data, "upload.xlsx" if data.startswith(b"PK") else "upload.csv")
    assert any((p.row, p.column, p.key) == (row, column, key) for p in raised.value.problems), raised.value.problems
    assert snapshot(seeded_store) == before


def test_one_bad_row_among_good_ones_imports_nothing(seeded_store: Store) -> None:
    before = snapshot(seeded_store)
    good = [f"kommun-{n},Kommun {n},municipality,14,SE,12.0,57.7,region2050_hemarbete" for n in range(50)]
    bad = "kommun-bad,Trasig kommun,municipality,14,SE,12.0,57.7,no-such-source"
    with pytest.raises(ValidationError) as raised:
        import_file(seeded_store, "organisations", org_csv(*good, bad))
    assert [(p.row, p.column) for p in raised.value.problems] == [(52, "source")]
    assert snapshot(seeded_store) == before


def test_semicolon_windows_1252_as_swedish_excel_writes_it(seeded_store: Store) -> None:
    text = (
        ORG_HEADER.replace(",", ";")
        + "\nharjedalens-kommun;Härjedalens kommun;municipality;23;SE;13,9;62,2;region2050_hemarbete\r\n"
    )
    result = import_file(seeded_store, "organisations", text.encode("cp1252"))
    assert (result.added, result.changed) == (1, 0)
    name, lon = seeded_store.rows("SELECT name, lon FROM organisations WHERE id = 'harjedalens-kommun'")[0]
    assert (name, lon) == ("Härjedalens kommun", 13.9)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_and_without_bom(seeded_store: Store, encoding: str) -> None:
    text = (
        DRIVER_HEADER
        + "\nkompetensbrist-i-skane,Kompetensbrist i Skåne,Skills shortage in Skåne,economic,,,region2050_hemarbete\n"
    )
    result = import_file(seeded_store, "drivers", text.encode(encoding))
    assert result.added == 1
    assert (
        seeded_store.scalar("SELECT name_sv FROM drivers WHERE id = 'kompetensbrist-i-skane'")
        == "Kompetensbrist i Skåne"
    )


def test_xlsx_import_and_reimport_changes_nothing(seeded_store: Store) -> None:
    data = xlsx(
        [
            ORG_HEADER.split(","),
            ["ostersunds-kommun", "Östersunds kommun", "municipality", "23", "SE", 14.6, 63.2, "region2050_hemarbete"],
        ]
    )
    assert import_file(seeded_store, "organisations", data, "orgs.xlsx").added == 1
    before = snapshot(seeded_store)
    again = import_file(seeded_store, "organisations", data, "orgs.xlsx")
    assert (again.added, again.changed, again.unchanged) == (0, 0, 1)
    assert snapshot(seeded_store) == before


@pytest.mark.parametrize("table", LOAD_ORDER)
def test_export_then_import_round_trips_every_table(seeded_store: Store, table: str) -> None:
    exported = export.csv_bytes(export.table_frame(seeded_store, table))
    before = snapshot(seeded_store)
    result = import_file(seeded_store, table, exported, f"{table}.csv")
    assert (result.added, result.changed) == (0, 0)
    assert result.unchanged == seeded_store.scalar(f"SELECT count(*) FROM {table}")
    assert snapshot(seeded_store) == before


def test_export_neutralises_formula_like_cells_and_import_restores_them(seeded_store: Store) -> None:
    rows = [
        ["plus-driver", "+46 procent", "Plus", "social", "@kommun", "-5 %", "region2050_hemarbete"],
        ["tab-driver", "\tIndrag", "Tab", "values", "", "", "region2050_hemarbete"],
    ]
    import_file(seeded_store, "drivers", xlsx([DRIVER_HEADER.split(","), *rows]), "d.xlsx")
    frame = export.table_frame(seeded_store, "drivers").set_index("id")
    csv_text = export.csv_bytes(frame.reset_index()).decode("utf-8-sig")
    assert "'+46 procent" in csv_text and "'@kommun" in csv_text and "'-5 %" in csv_text
    workbook = load_workbook(io.BytesIO(export.xlsx_bytes({"drivers": frame.reset_index()})))
    values = [cell.value for row in workbook["drivers"].iter_rows() for cell in row]
    assert "'+46 procent" in values and "+46 procent" not in values
    assert not any(isinstance(value, str) and value.startswith(("=", "+", "-", "@")) for value in values)
    result = import_file(seeded_store, "drivers", csv_text.encode("utf-8"))
    assert (result.added, result.changed) == (0, 0)
    assert seeded_store.scalar("SELECT name_sv FROM drivers WHERE id = 'plus-driver'") == "+46 procent"


def test_errors_name_row_column_and_reason_in_both_languages(seeded_store: Store) -> None:
    from foresight.i18n import t

    with pytest.raises(ValidationError) as raised:
        import_file(
            seeded_store, "organisations", org_csv("x-kommun,X,municipality,99,SE,13.0,55.6,region2050_hemarbete")
        )
    problem = raised.value.problems[0]
    assert (problem.row, problem.column) == (2, "region_code")
    assert t(problem.key, "sv", **problem.params) == "”99” finns inte i tabellen regions."
    assert t(problem.key, "en", **problem.params) == "“99” does not exist in the table regions."


def test_the_checking_child_gets_only_the_keys_of_the_tables_a_file_refers_to(seeded_store) -> None:
    from foresight.data.loading import known_keys

    assert set(known_keys(seeded_store, TABLES["regions"])) == {"sources"}  # every row names its source
    organisations = known_keys(seeded_store, TABLES["organisations"])
    assert set(organisations) == {"regions", "sources"} and "01" in organisations["regions"]
    assert set(known_keys(seeded_store, TABLES["activities"])) == {"organisations", "municipalities", "sources"}
