"""Texts of the import and export (the Data page and the CLI)."""

TEXTS: dict[str, tuple[str, str]] = {
    "data.no_file": ("Välj en fil att läsa in.", "Choose a file to import."),
    "data.title": ("Data: import och export", "Data: import and export"),
    "data.intro": (
        "Läs in en CSV- eller Excel-fil till en tabell. Filen kontrolleras först; innehåller den något fel läses ingenting in. Rader med samma id uppdateras.",
        "Import a CSV or Excel file into a table. The file is checked first; if anything is wrong, nothing is imported. Rows with the same id are updated.",
    ),
    "data.table": ("Tabell", "Table"),
    "data.file": ("Fil (CSV eller .xlsx)", "File (CSV or .xlsx)"),
    "data.import": ("Läs in", "Import"),
    "data.checking": ("Filen kontrolleras …", "Checking the file …"),
    "data.imported": (
        "{table}: {added} nya, {changed} ändrade, {unchanged} oförändrade rader.",
        "{table}: {added} new, {changed} changed, {unchanged} unchanged rows.",
    ),
    "data.problems": ("Fel i filen", "Problems in the file"),
    "data.problems_truncated": ("Fler fel finns; de första visas.", "There are more problems; the first are shown."),
    "data.col_row": ("Rad", "Row"),
    "data.col_column": ("Kolumn", "Column"),
    "data.col_reason": ("Orsak", "Reason"),
    "data.export": ("Export", "Export"),
    "data.export_intro": (
        "Hela arbetsytan som en Excel-fil med ett blad per tabell, eller en tabell i taget. Rubriker och koder står på det språk du har valt, och filerna kan läsas in igen som de är.",
        "The whole workspace as one Excel file with a sheet per table, or one table at a time. Headers and codes are in the language you chose, and the files import back as they are.",
    ),
    "data.export_file": ("framsyn-alla-tabeller", "framsyn-all-tables"),
    "data.export_table": ("Tabell att ladda ner", "Table to download"),
    "data.export_files": (
        "Excel-filen är förvald. CSV-filen har semikolon mellan kolumnerna, som svenska Excel öppnar med ett dubbelklick.",
        "The Excel file is the default. The CSV file has commas between columns.",
    ),
    "data.columns": (
        "Rubrikraden ska ha de här kolumnerna, med rubrikerna från en export (på svenska eller engelska)"
        " eller de tekniska namnen: {columns}",
        "The header row must have these columns, with the headers of an export (in Swedish or English)"
        " or the technical names: {columns}",
    ),
    "import.empty_file": ("Filen är tom.", "The file is empty."),
    "import.no_rows": ("Filen har rubriker men inga rader.", "The file has headers but no rows."),
    "import.too_large": ("Filen är för stor (högst {mb} MB).", "The file is too large (at most {mb} MB)."),
    "import.too_many_rows": (
        "Filen har {rows} rader; högst {limit} tillåts.",
        "The file has {rows} rows; at most {limit} are allowed.",
    ),
    "import.not_text": (
        "Filen är varken text (CSV) eller en Excel-fil.",
        "The file is neither text (CSV) nor an Excel file.",
    ),
    "import.encoding": (
        "Filens teckenkodning känns inte igen; spara den som UTF-8 eller CSV från Excel.",
        "The file's character encoding is not recognised; save it as UTF-8 or as CSV from Excel.",
    ),
    "import.csv_syntax": ("Filen är inte giltig CSV: {detail}", "The file is not valid CSV: {detail}"),
    "import.bad_xlsx": (
        "Excel-filen kunde inte öppnas; den kan vara skadad.",
        "The Excel file could not be opened; it may be damaged.",
    ),
    "import.formula_cell": (
        "Cellen {cell} innehåller en formel; spara värden, inte formler.",
        "Cell {cell} holds a formula; save values, not formulas.",
    ),
    "import.formula": (
        "Värdet ser ut som en formel (börjar med =).",
        "The value looks like a formula (starts with =).",
    ),
    "import.encoding_at": (
        "Filen är inte giltig {encoding} från den här raden (t.ex. ett ensamt surrogattecken); spara den som UTF-8.",
        "The file is not valid {encoding} from this line on (e.g. a lone surrogate); save it as UTF-8.",
    ),
    "import.line_too_long": (
        "Raden är längre än {limit} tecken och kan inte vara en rad i en tabell.",
        "The line is longer than {limit} characters and cannot be a row of a table.",
    ),
    "import.too_many_columns": ("Raden har fler än {limit} celler.", "The row has more than {limit} cells."),
    "import.too_many_blank_lines": (
        "Filen har fler än {limit} tomma rader.",
        "The file has more than {limit} empty lines.",
    ),
    "import.field_too_long": (
        "En cell är längre än {limit} tecken.",
        "A cell is longer than {limit} characters.",
    ),
    "import.xlsx_bad_cell": (
        "Excel-filens blad kan inte läsas här ({detail}); den kan vara skadad. Spara om den i Excel eller LibreOffice.",
        "The Excel sheet cannot be read here ({detail}); it may be damaged. Save it again in Excel or LibreOffice.",
    ),
    "import.xlsx_too_many_parts": (
        "Excel-filen har {count} delar; högst {limit} tillåts.",
        "The Excel file has {count} parts; at most {limit} are allowed.",
    ),
    "import.xlsx_part_too_large": (
        "Excel-filens del {part} är uppackad större än {mb} MB.",
        "The Excel file's part {part} is larger than {mb} MB unpacked.",
    ),
    "import.xlsx_zip_bomb": (
        "Excel-filens del {part} packas upp till mångdubbelt sin storlek (en så kallad zip-bomb).",
        "The Excel file's part {part} unpacks to many times its size (a so-called zip bomb).",
    ),
    "import.xlsx_too_many_sheets": (
        "Excel-filen har {count} blad; högst {limit} tillåts.",
        "The Excel file has {count} sheets; at most {limit} are allowed.",
    ),
    "import.xlsx_dtd": (
        "Excel-filens del {part} innehåller en DTD, vilket Excel aldrig skriver.",
        "The Excel file's part {part} holds a DTD, which Excel never writes.",
    ),
    "import.xlsx_bad_dimension": (
        "Excel-bladets område ”{value}” är ogiltigt.",
        "The Excel sheet's range “{value}” is not valid.",
    ),
    "import.xlsx_dimension": (
        "Excel-bladet anger området {value}; högst {rows} rader och {columns} kolumner tillåts.",
        "The Excel sheet declares the range {value}; at most {rows} rows and {columns} columns are allowed.",
    ),
    "import.xlsx_too_many_strings": (
        "Excel-filen har fler än {limit} texter.",
        "The Excel file has more than {limit} texts.",
    ),
    "import.xlsx_string_too_long": (
        "Excel-filens text nummer {number} är längre än {limit} tecken.",
        "The Excel file's text number {number} is longer than {limit} characters.",
    ),
    "import.xlsx_bad_xml": (
        "Excel-filens del {part} är inte giltig XML ({detail}).",
        "The Excel file's part {part} is not valid XML ({detail}).",
    ),
    "import.too_slow": (
        "Filen tog mer än {seconds} sekunder att kontrollera och avvisades.",
        "The file took more than {seconds} seconds to check and was refused.",
    ),
    "import.too_costly": (
        "Filen kräver mer minne eller tid än en tabell kan behöva och avvisades.",
        "The file needs more memory or time than any table could and was refused.",
    ),
    "import.check_failed": (
        "Filen kunde inte kontrolleras; försök igen.",
        "The file could not be checked; please try again.",
    ),
    "import.unreadable": ("Filen kan inte läsas: {detail}", "The file cannot be read: {detail}"),
    "import.level_breaks_children": (
        "Med den här nivån passar ”{child}” inte längre under ”{value}”.",
        "With this level, “{child}” no longer fits under “{value}”.",
    ),
    "import.unknown_table": ("Okänd tabell: {value}.", "Unknown table: {value}."),
    "import.missing_column": ("Kolumnen saknas.", "The column is missing."),
    "import.unknown_column": ("Okänd kolumn.", "Unknown column."),
    "import.duplicate_column": ("Kolumnen finns flera gånger.", "The column appears more than once."),
    "import.extra_cells": ("Raden har fler celler än rubrikraden.", "The row has more cells than the header."),
    "import.required": ("Värde saknas.", "A value is required."),
    "import.too_long": (
        "Texten är för lång (högst {limit} tecken).",
        "The text is too long (at most {limit} characters).",
    ),
    "import.bad_slug": (
        "”{value}” är inget giltigt id (små bokstäver a–z, siffror, - och _).",
        "“{value}” is not a valid id (lower-case a–z, digits, - and _).",
    ),
    "import.bad_url": (
        "”{value}” är ingen webbadress som börjar med https://.",
        "“{value}” is not a web address beginning with https://.",
    ),
    "import.bad_municipality_code": (
        "”{value}” är ingen kommunkod (fyra siffror, t.ex. 1384).",
        "“{value}” is not a municipality code (four digits, e.g. 1384).",
    ),
    "import.bad_region_code": (
        "”{value}” är ingen länskod (två siffror, t.ex. 07).",
        "“{value}” is not a county code (two digits, e.g. 07).",
    ),
    "import.bad_integer": ("”{value}” är inget heltal.", "“{value}” is not a whole number."),
    "import.bad_decimal": ("”{value}” är inget tal.", "“{value}” is not a number."),
    "import.out_of_range": ("”{value}” ligger utanför {min}–{max}.", "“{value}” is outside {min}–{max}."),
    "import.bad_date": ("”{value}” är inget datum (ÅÅÅÅ-MM-DD).", "“{value}” is not a date (YYYY-MM-DD)."),
    "import.bad_choice": (
        "”{value}” är inget tillåtet värde; välj bland: {choices}.",
        "“{value}” is not allowed; choose from: {choices}.",
    ),
    "import.unknown_reference": (
        "”{value}” finns inte i tabellen {table}.",
        "“{value}” does not exist in the table {table}.",
    ),
    "import.duplicate_key": (
        "Id ”{value}” finns redan på rad {first_row}.",
        "The id “{value}” is already used on row {first_row}.",
    ),
    "import.year_date_mismatch": ("Året stämmer inte med datumet.", "The year does not match the date."),
    "import.parent_required": (
        "Trender och svaga signaler behöver en överordnad trend.",
        "Trends and weak signals need a parent.",
    ),
    "import.bad_parent": (
        "”{value}” kan inte vara överordnad här (en trend hör till en megatrend, en svag signal till en trend).",
        "“{value}” cannot be the parent here (a trend belongs to a megatrend, a weak signal to a trend).",
    ),
    "cli.imported": (
        "{table}: {added} nya, {changed} ändrade, {unchanged} oförändrade.",
        "{table}: {added} new, {changed} changed, {unchanged} unchanged.",
    ),
    "cli.problem": ("rad {row}, kolumn {column}: {reason}", "row {row}, column {column}: {reason}"),
    "cli.initialised": ("Arbetsytan {path} är klar.", "The workspace {path} is ready."),
    "cli.seeded": ("Startdata inläst: {counts}", "Seed data loaded: {counts}"),
    "cli.exported": ("Skrev {path}", "Wrote {path}"),
}
