"""The command line: `python -m foresight COMMAND`.

A thin front end over the package, like the pages: it parses arguments, calls a few functions,
and turns domain errors into messages in the chosen language (`--lang`, default Swedish).
"""

from __future__ import annotations

import argparse
import getpass
import json
import subprocess
import sys
from pathlib import Path

from foresight import access
from foresight.data import export, synthetic
from foresight.data.loading import import_file
from foresight.data.tables import LOAD_ORDER
from foresight.errors import ForesightError, ValidationError
from foresight.i18n import DEFAULT_LANGUAGE, LANGUAGES, error_text, t
from foresight.map import geo
from foresight.overview import workspace_stats
from foresight.store import PROJECT_ROOT, describe, workspace_path
from foresight.workshops import report, workshops
from foresight.workspace import open_workspace
from foresight.workspace_copy import copy_workspace


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m foresight", description="Framsyn workspace tools.")
    parser.add_argument(
        "--db", help="workspace file or postgresql:// URL (default: $FRAMSYN_DB or data/workspace.duckdb)"
    )
    parser.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help="message language")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser("init", help="create or migrate the workspace; load seed data if it is empty")
    init.add_argument(
        "--owner-passphrase",
        action="store_true",
        help="then set the owner's passphrase (asked without echo, or one line from standard input)",
    )

    passphrase = commands.add_parser("passphrase", help="set or remove the owner's or the viewers' passphrase")
    passphrase.add_argument("role", choices=access.SIGN_IN_ROLES, help="whose passphrase")
    passphrase.add_argument("--clear", action="store_true", help="remove it (and end its sign-ins) instead")

    members = commands.add_parser("members", help="organisation accounts (e-mail or group) that may sign in")
    members.add_argument("action", choices=("list", "add", "remove"), help="what to do")
    members.add_argument("identity", nargs="?", help="an e-mail address, or a group id with --group")
    members.add_argument("--role", choices=access.SIGN_IN_ROLES, default=access.VIEWER, help="the role (add)")
    members.add_argument("--group", action="store_true", help="the identity is a group claim, not an e-mail")

    importer = commands.add_parser("import", help="validate a CSV/.xlsx file and upsert it into a table")
    importer.add_argument("table", choices=LOAD_ORDER, help="which table the file holds")
    importer.add_argument("file", type=Path, help="CSV (comma or semicolon) or .xlsx file")

    exporter = commands.add_parser("export", help="write tables as CSV files, or all tables as one .xlsx")
    exporter.add_argument("target", type=Path, help="a folder for CSV files, or a file ending in .xlsx")
    exporter.add_argument("--table", choices=LOAD_ORDER, help="only this table")

    commands.add_parser("stats", help="row counts per table as JSON")

    synth = commands.add_parser("synth", help="add clearly labelled synthetic rows (for scale tests)")
    synth.add_argument("--activities", type=int, default=0, help="how many synthetic activities to add")
    synth.add_argument("--trends", type=int, default=0, help="how many synthetic trends to add")
    synth.add_argument("--seed", type=int, default=2050, help="random seed (same seed, same rows)")
    synth.add_argument("--remove", action="store_true", help="remove all synthetic rows instead")

    boundaries = commands.add_parser(
        "boundaries",
        help="download, verify and store the county boundaries for the map (once; the map works offline after)",
    )
    boundaries.add_argument("--url", help=f"GeoJSON of the 21 regions (default: ${geo.URL_ENV} or the pinned file)")
    boundaries.add_argument(
        "--sha256", help=f"expected checksum of the file (default: ${geo.SHA256_ENV} or the pinned one)"
    )
    boundaries.add_argument("--forget", action="store_true", help="remove the stored boundaries instead")

    reporter = commands.add_parser(
        "report", help="write one workshop's take-home report as a self-contained HTML file (prints on A4)"
    )
    reporter.add_argument("workshop", help="the workshop's number (see the Workshops page)")
    reporter.add_argument("--out", type=Path, required=True, help="the HTML file to write")

    copier = commands.add_parser(
        "copy", help="copy a whole workspace between a DuckDB file and a PostgreSQL database (either way)"
    )
    copier.add_argument("source", help="the workspace to copy: a .duckdb file or a postgresql:// URL")
    copier.add_argument("target", help="where to copy it: a new file, or an empty database (postgresql:// URL)")
    copier.add_argument("--replace", action="store_true", help="empty the target first if it holds a workspace")

    # The harness is a tool beside the product (bench/): this command hands over to `python -m bench`
    # in a process of its own, so the product never imports it.
    commands.add_parser("bench", help="measure costs as ratios to a baseline (runs python -m bench)", add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    if _command_at(given) is not None:
        return _bench(given[_command_at(given) + 1 :])
    args = build_parser().parse_args(given)
    lang = args.lang
    try:
        return _run(args, lang)
    except ValidationError as error:
        print(t(error.key, lang, **error.params), file=sys.stderr)
        for problem in error.problems:
            reason = t(problem.key, lang, **problem.params)
            prefix = f"{problem.params['file']}: " if "file" in problem.params else ""
            print(
                prefix + t("cli.problem", lang, row=problem.row or "-", column=problem.column or "-", reason=reason),
                file=sys.stderr,
            )
        return 1
    except ForesightError as error:
        print(error_text(error.key, error.params, lang), file=sys.stderr)
        return 1
    except OSError as error:  # a missing or unreadable file named on the command line
        print(
            t("error.file_unreadable", lang, path=error.filename or "", detail=error.strerror or error), file=sys.stderr
        )
        return 1


def _run(args: argparse.Namespace, lang: str) -> int:
    if args.command == "copy":
        result = copy_workspace(args.source, args.target, replace=args.replace)
        print(t("cli.copied", lang, source=result.source, target=result.target, rows=result.total))
        print(json.dumps(result.rows, ensure_ascii=False))
        return 0
    with open_workspace(args.db) as store:
        if args.command == "init":
            print(t("cli.initialised", lang, path=describe(workspace_path(args.db))))
            print(json.dumps(store.row_counts(), ensure_ascii=False))
            if args.owner_passphrase:
                return _passphrase(store, access.OWNER, lang)
        elif args.command == "passphrase":
            if args.clear:
                access.clear_passphrase(store, args.role)
                print(t("cli.passphrase_removed", lang, role=t(f"role.{args.role}", lang)))
                return 0
            return _passphrase(store, args.role, lang)
        elif args.command == "members":
            return _members(store, args, lang)
        elif args.command == "stats":
            print(json.dumps(workspace_stats(store), ensure_ascii=False, indent=2))
        elif args.command == "import":
            result = import_file(store, args.table, args.file.read_bytes(), args.file.name)
            print(
                t(
                    "cli.imported",
                    lang,
                    table=result.table,
                    added=result.added,
                    changed=result.changed,
                    unchanged=result.unchanged,
                )
            )
        elif args.command == "export":
            _export(store, args, lang)
        elif args.command == "synth":
            _synth(store, args, lang)
        elif args.command == "boundaries":
            _boundaries(store, args, lang)
        elif args.command == "report":
            workshop = workshops.get_workshop(store, args.workshop)
            args.out.write_text(report.workshop_report(store, workshop.id, lang), encoding="utf-8")
            print(t("cli.exported", lang, path=str(args.out)))
    return 0


def _command_at(given: list[str]) -> int | None:
    """Where `bench` stands as the command (after the global options), or None."""
    index = 0
    while index < len(given) and given[index].startswith("-"):
        index += 1 if "=" in given[index] or given[index] in ("-h", "--help") else 2
    return index if index < len(given) and given[index] == "bench" else None


def _bench(rest: list[str]) -> int:
    """`python -m foresight bench ARGS`: the harness (`python -m bench ARGS`) in a process of its own."""
    return subprocess.run([sys.executable, "-m", "bench", *rest], cwd=PROJECT_ROOT, check=False).returncode


def _boundaries(store, args: argparse.Namespace, lang: str) -> None:
    if args.forget:
        geo.forget_boundaries(store)
        return
    configured = geo.configured_source()
    source = geo.BoundarySource(args.url or configured.url, (args.sha256 or configured.sha256).strip().lower())
    geo.download_boundaries(store, source)  # a BoundaryError is printed in the chosen language
    print(t("map.boundaries_ok", lang))


def _read_secret(prompt: str) -> str:
    """A passphrase without echo from a terminal, or one line from standard input (scripts, tests)."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def _passphrase(store, role: str, lang: str) -> int:
    role_name = t(f"role.{role}", lang)
    first = _read_secret(t("cli.passphrase_prompt", lang, role=role_name))
    if sys.stdin.isatty() and _read_secret(t("cli.passphrase_repeat", lang)) != first:
        print(t("cli.passphrase_mismatch", lang), file=sys.stderr)
        return 1
    access.set_passphrase(store, role, first)
    print(t("cli.passphrase_saved", lang, role=role_name))
    return 0


def _members(store, args: argparse.Namespace, lang: str) -> int:
    if args.action == "list":
        listed = access.members(store)
        listed["added_at"] = listed["added_at"].astype(str)
        print(json.dumps(listed.to_dict(orient="records"), ensure_ascii=False, indent=2))
        return 0
    if not args.identity:
        print(t("access.error_email", lang, value=""), file=sys.stderr)
        return 2
    if args.action == "add":
        identity = access.add_member(store, args.identity, args.role, "group" if args.group else "email")
        print(t("cli.member_added", lang, identity=identity, role=t(f"role.{args.role}", lang)))
        return 0
    if access.remove_member(store, args.identity):
        print(t("cli.member_removed", lang, identity=args.identity))
        return 0
    print(t("cli.member_missing", lang, identity=args.identity), file=sys.stderr)
    return 1


def _synth(store, args: argparse.Namespace, lang: str) -> None:
    if args.remove:
        synthetic.remove_synthetic(store)
    else:
        if args.activities:
            synthetic.add_synthetic_activities(store, args.activities, seed=args.seed)
        if args.trends:
            synthetic.add_synthetic_trends(store, args.trends, seed=args.seed)
    print(json.dumps(store.row_counts(), ensure_ascii=False))


def _export(store, args: argparse.Namespace, lang: str) -> None:
    tables = [args.table] if args.table else list(LOAD_ORDER)
    if args.target.suffix.lower() == ".xlsx":
        args.target.write_bytes(export.tables_xlsx(store, tables, lang))
        print(t("cli.exported", lang, path=str(args.target)))
        return
    args.target.mkdir(parents=True, exist_ok=True)
    for table in tables:
        path = args.target / f"{table}.csv"
        path.write_bytes(export.table_csv(store, table, lang))
        print(t("cli.exported", lang, path=str(path)))
