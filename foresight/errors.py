"""Domain errors, translated into the user's language at the edge (pages, CLI).

Each error carries an i18n key and its parameters rather than a finished sentence, because the
domain layer does not know the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class ForesightError(Exception):
    """Base class: `key` names a message in `foresight.texts`, `params` fill it in."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params

    def __str__(self) -> str:
        return f"{self.key} {self.params}" if self.params else self.key


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or row, or file) of an import."""

    row: int | None  # 1-based data row as the user sees it in the spreadsheet (header is row 1)
    column: str | None
    key: str
    params: dict[str, object] = field(default_factory=dict)


class ValidationError(ForesightError):
    """Input was rejected; `problems` lists every reason found (capped), nothing was written."""

    def __init__(self, problems: list[Problem], truncated: bool = False) -> None:
        super().__init__("error.validation", count=len(problems))
        self.problems = problems
        self.truncated = truncated


class StorageError(ForesightError):
    """The workspace could not be read or written.

    `transient`: the database could not be reached (a restart, a lost connection): the same work
    may succeed in a moment. `conflict`: another writer got there first (a duplicate key): read
    again and retry.
    """

    transient = False
    conflict = False


class WorkspaceLockedError(StorageError):
    """Another process (usually the running app) holds the workspace file."""


class NotFoundError(ForesightError):
    """A referenced thing (vote code, cross, trend) does not exist."""


class PermissionDeniedError(ForesightError):
    """The caller lacks the secret needed for this change."""
