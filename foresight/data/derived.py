"""Columns the workspace derives from others, written in the same transaction as their source.

`activities.method_mask` is the activity's method list as a bitmask (bit i is `METHODS[i]`): the
map filters and counts methods with one AND on it instead of a list search per row. Whatever
writes `activities` (an import, the seed, the activity form, synthetic rows) calls
`sync_derived(cursor, "activities")` inside its own transaction, so a mask is never out of step
with its list, not even for a moment; opening a workspace syncs once more for files written by
older versions.
"""

from __future__ import annotations

from foresight.data.tables import METHODS

# Each method's bit, as a table both engines can join a method list against.
_METHOD_BITS = ", ".join(f"('{method}', CAST({1 << index} AS BIGINT))" for index, method in enumerate(METHODS))
_MASKS = (
    "SELECT a.id, CAST(coalesce(sum(DISTINCT m.bit), 0) AS BIGINT) AS mask FROM activities a"
    f" LEFT JOIN (VALUES {_METHOD_BITS}) AS m(name, bit) ON m.name = ANY(a.methods) GROUP BY a.id"
)


def method_bits(methods: tuple[str, ...] | list[str]) -> int:
    """The bitmask of `methods` (unknown names ignored)."""
    return sum(1 << METHODS.index(method) for method in set(methods) if method in METHODS)


def mask_methods(mask: int) -> list[str]:
    """The methods a bitmask stands for, in `METHODS` order."""
    return [method for index, method in enumerate(METHODS) if mask >> index & 1]


def sync_method_masks(cursor) -> None:
    """Recompute `method_mask` where it is missing or out of step with `methods` (one scan)."""
    cursor.execute(
        f"UPDATE activities SET method_mask = masks.mask FROM ({_MASKS}) AS masks"
        " WHERE masks.id = activities.id AND activities.method_mask IS DISTINCT FROM masks.mask"
    )


_DERIVED = {"activities": sync_method_masks}


def sync_derived(cursor, table: str) -> None:
    """Bring the columns derived from `table` in step, inside the caller's transaction."""
    sync = _DERIVED.get(table)
    if sync is not None:
        sync(cursor)
