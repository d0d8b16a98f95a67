"""The command line: every command has help, and init/stats/import/export work end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from foresight.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "foresight", *args], capture_output=True, text=True, cwd=ROOT)


def _commands() -> dict[str, object]:
    action = next(a for a in build_parser()._actions if a.dest == "command")
    return action.choices


@pytest.mark.parametrize("command", sorted(_commands()))
def test_every_command_has_help(command: str) -> None:
    parser = _commands()[command]
    helps = {a.dest: a.help for a in build_parser()._subparsers._group_actions[0]._choices_actions}
    assert helps.get(command)
    assert parser.format_help().strip()


@pytest.mark.slow  # starts the command line in a Python process of its own
def test_init_then_stats_reports_the_seed(tmp_path: Path) -> None:
    workspace = tmp_path / "cli.duckdb"
    init = run_cli("--db", str(workspace), "init")
    assert init.returncode == 0, init.stderr
    stats = run_cli("--db", str(workspace), "stats")
    counts = json.loads(stats.stdout)
    assert counts["regions"] == 21 and counts["organisations"] >= 25 and counts["activities"] >= 60
    assert counts["drivers"] >= 10 and counts["trends_by_level"]["megatrend"] >= 14
    assert sum(counts["trends_by_level"].values()) == counts["trends"]


@pytest.mark.slow  # starts the command line in a Python process of its own
def test_import_error_names_row_and_column_and_export_writes_files(tmp_path: Path) -> None:
    workspace = tmp_path / "cli.duckdb"
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,name,org_type,region_code,country,lon,lat,source\nx,X,municipality,99,SE,1,56,region2050_hemarbete\n"
    )
    result = run_cli("--db", str(workspace), "--lang", "en", "import", "organisations", str(bad))
    assert result.returncode == 1
    assert "row 2, column region_code: “99” does not exist in the table regions." in result.stderr
    assert "Traceback" not in result.stderr
    exported = run_cli("--db", str(workspace), "export", str(tmp_path / "out"))
    assert exported.returncode == 0, exported.stderr
    # Swedish by default, for Swedish Excel: the app's download of the same table is this very file.
    assert (tmp_path / "out" / "activities.csv").read_bytes().startswith("\ufeffId;Organisation (id);År".encode())
    english = run_cli("--db", str(workspace), "--lang", "en", "export", str(tmp_path / "en"), "--table", "activities")
    assert english.returncode == 0, english.stderr
    assert (tmp_path / "en" / "activities.csv").read_bytes().startswith(b"\xef\xbb\xbfId,Organisation (id),Year")
    workbook = run_cli("--db", str(workspace), "export", str(tmp_path / "all.xlsx"))
    assert workbook.returncode == 0 and (tmp_path / "all.xlsx").stat().st_size > 5000


@pytest.mark.slow  # starts the command line in a Python process of its own
def test_missing_file_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    result = run_cli("--db", str(tmp_path / "w.duckdb"), "import", "drivers", str(tmp_path / "nope.csv"))
    assert result.returncode == 1
    assert "nope.csv" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow  # starts the command line in a Python process of its own
def test_bench_json_reports_ratios_to_the_trivial_page() -> None:
    result = run_cli("bench", "--json", "--only", "page_home", "--repeat", "1")
    assert result.returncode == 0, result.stderr
    cases = json.loads(result.stdout)
    assert cases["trivial_page"]["ratio"] is None
    assert cases["page_home"]["baseline"] == "trivial_page"
    assert cases["page_home"]["ratio"] == pytest.approx(
        cases["page_home"]["ms"] / cases["trivial_page"]["ms"], rel=0.01
    )


@pytest.mark.slow  # starts the command line in a Python process of its own
def test_owner_passphrase_from_standard_input_is_never_echoed_and_opens_the_owner_role(tmp_path: Path) -> None:
    from foresight import access
    from foresight.store import Store

    workspace = tmp_path / "cli.duckdb"
    secret = "Region Jämtland Härjedalen 2040"
    init = subprocess.run(
        [sys.executable, "-m", "foresight", "--db", str(workspace), "--lang", "en", "init", "--owner-passphrase"],
        input=secret + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert init.returncode == 0, init.stderr
    assert secret not in init.stdout + init.stderr
    assert "passphrase for owner is saved" in init.stdout
    short = subprocess.run(
        [sys.executable, "-m", "foresight", "--db", str(workspace), "--lang", "en", "passphrase", "viewer"],
        input="kort\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert short.returncode == 1 and "at least 10 characters" in short.stderr and "Traceback" not in short.stderr
    added = run_cli("--db", str(workspace), "--lang", "en", "members", "add", "Analys@Region.se", "--role", "owner")
    assert added.returncode == 0 and "analys@region.se is listed as owner" in added.stdout
    bad = run_cli("--db", str(workspace), "members", "add", "no-address")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    with Store(workspace) as store:
        assert access.check_passphrase(store, secret) == "owner"
        assert access.role_for_claims(store, {"email": "analys@region.se"}) == "owner"
    cleared = run_cli("--db", str(workspace), "passphrase", "owner", "--clear")
    assert cleared.returncode == 0, cleared.stderr
    listed = json.loads(run_cli("--db", str(workspace), "members", "list").stdout)
    assert [member["identity"] for member in listed] == ["analys@region.se"]
