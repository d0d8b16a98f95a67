"""A whole workspace moves between a DuckDB file and a PostgreSQL database, in either direction.

`python -m foresight copy SOURCE TARGET`: a facilitator takes the region's workspace from the
server to a laptop for an offline hall, and brings the day's votes, crosses and plans back.
Every table is copied row for row, unchanged, with the sequences that number crosses, moves,
workshops and ballot batches carried along, so what is made after the copy never reuses an id.

- The source is read in one snapshot (a read-only transaction), so a copy taken while the
  server is in use is of one moment: no ballot without its vote.
- The target is written in one transaction: all of it, or nothing. It must hold no workspace
  data yet (a new file, or a new database made with `createdb`), unless `replace` is given,
  which empties it first (the day is brought back over the server's older copy). A source with
  no rows at all (a mistyped database name) is refused, so it can never empty a target.
- Both sides are migrated to this version's schema when opened, so a file from an older
  version copies into a current database.
"""

from __future__ import annotations

from dataclasses import dataclass

from foresight.errors import ForesightError
from foresight.store import Location, Store, describe, workspace_path

_NOT_COPIED = ("schema_migrations",)  # each side keeps its own record of what it applied


class CopyError(ForesightError):
    """The copy was refused before anything was written."""


@dataclass(frozen=True)
class CopyResult:
    source: str
    target: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def copy_workspace(source: Location | str, target: Location | str, *, replace: bool = False) -> CopyResult:
    """Copy every table (and sequence) of the workspace at `source` into the one at `target`."""
    source_at, target_at = workspace_path(str(source)), workspace_path(str(target))
    if str(source_at) == str(target_at):
        raise CopyError("copy.error_same", path=describe(source_at))
    if not isinstance(source_at, str) and not source_at.exists():
        raise CopyError("copy.error_no_source", path=describe(source_at))
    with Store(source_at) as origin, Store(target_at) as destination:
        tables = [name for name in origin.table_names() if name not in _NOT_COPIED]
        if not any(count for name, count in origin.row_counts().items() if name in tables):
            # A mistyped database name is an empty database: copying it with --replace would wipe the target.
            raise CopyError("copy.error_empty_source", path=describe(source_at))
        missing = sorted(set(tables) - set(destination.table_names()))
        if missing:
            raise CopyError("copy.error_schema", tables=", ".join(missing))
        if not replace:
            filled = sorted(name for name, count in destination.row_counts().items() if count and name in tables)
            if filled:
                raise CopyError("copy.error_not_empty", path=describe(target_at), tables=", ".join(filled[:5]))
        columns = {name: origin.table_columns(name) for name in tables}
        for name in tables:
            if destination.table_columns(name) != columns[name]:
                raise CopyError("copy.error_schema", tables=name)
        copied: dict[str, int] = {}
        with origin.snapshot() as reader, destination.transaction() as writer:
            for name in tables:
                writer.execute(f"DELETE FROM {name}")
            for name in tables:
                listed = ", ".join(columns[name])
                rows = reader.execute(f"SELECT {listed} FROM {name}").fetchall()
                writer.insert_rows(name, columns[name], rows)
                copied[name] = len(rows)
            sequences = origin.sequence_values()
            for name in destination.sequence_names():
                if sequences.get(name) is not None:
                    writer.advance_sequence(name, int(sequences[name]))
        destination.checkpoint()
    return CopyResult(describe(source_at), describe(target_at), copied)
