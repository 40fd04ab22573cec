"""Copying a store into another: every version, with its number, time, author and file, and
every row of the temporal tables with its ``valid_from`` and ``valid_to`` (``copy-store``).

Moving from one server with SQLite to several with PostgreSQL (or back) is this copy: the
target's ``history`` and every view as of every version are the source's. Only into a store
that has no version (never merged into, never overwritten), all of it or nothing (one write
transaction in the target), after the target is migrated to the current schema (opening a
``Store`` does that). Numbers given by the target afterwards continue after the copied ones
(``engine.ids_set``).

The source is read as it stood at its newest version when the copy began, without stopping
its writers: versions are only ever added, and a row's content never changes, only its
``valid_to`` is set once, by a later version. So the rows with ``valid_from`` up to that
version, with a ``valid_to`` beyond it read as NULL, are the source as of that version,
whatever is saved meanwhile.

Logins and the login throttle (schema 7) are not copied: editors log in again on the new
servers. The editor accounts are a file (``DTTS_EDITORS``), not in the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .store import TABLES, Store

# In this order: every row refers to the versions that brought it in and replaced it.
COPIED = ("versions", *TABLES)
IDS = {"versions": "number", **{table: "id" for table in TABLES}}
ITEM_PREFIXES = ("s_", "a_")  # the checklist items' columns, added per campaign
CHUNK = 20_000


class TargetNotEmpty(Exception):
    """The target store has versions: nothing was copied (a copy never merges or overwrites)."""

    def __init__(self, versions: int):
        super().__init__(f"the target store has {versions} version(s)")
        self.versions = versions


@dataclass
class Copied:
    """What a copy brought across: the newest version copied and the rows of each table."""

    newest: int = 0
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def versions(self) -> int:
        return self.rows.get("versions", 0)


def copy_store(source: Store, target: Store) -> Copied:
    """Copy every version of ``source`` into ``target``, which must have none (else
    ``TargetNotEmpty``, nothing written). All of it or nothing; ``StoreFault`` as any write."""
    copied = Copied()
    with source.reading() as src:
        copied.newest = src.execute("SELECT coalesce(max(number), 0) FROM versions").fetchone()[0]
        source.settle()  # rows owed by those versions written first (any owed later is newer)
        with target.writing(settle=False) as dst:  # checked inside it: no other copy or save can slip in
            versions = dst.execute("SELECT count(*) FROM versions").fetchone()[0]
            if versions:
                raise TargetNotEmpty(versions)
            for table in COPIED:
                columns = sorted(source.engine.columns(src, table))
                _add_item_columns(target, dst, table, columns)
                counted = _Counted(_rows(src, table, columns, copied.newest))
                target.engine.insert_rows(dst, table, columns, counted)
                target.engine.ids_set(dst, table, IDS[table])
                copied.rows[table] = counted.count
    return copied


def _add_item_columns(target: Store, dst, table: str, columns: list[str]) -> None:
    """Give the target the item columns the source has and it lacks (the source's campaign
    had an item the current one has not): the rows keep every value they hold."""
    have = target.engine.columns(dst, table)
    for column in columns:
        if column not in have:
            if not column.startswith(ITEM_PREFIXES):
                raise ValueError(f"{table}.{column} is not a column of this program's schema")
            dst.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")


def _rows(src, table: str, columns: list[str], newest: int) -> Iterator[tuple]:
    """The source's rows of ``table`` as they stood after version ``newest``."""
    if table == "versions":
        listed, where, params = ", ".join(columns), "number <= ?", (newest,)
    else:
        listed = ", ".join("CASE WHEN valid_to <= ? THEN valid_to END" if c == "valid_to" else c for c in columns)
        where, params = "valid_from <= ?", ((newest,) if "valid_to" in columns else ()) + (newest,)
    cursor = src.execute(f"SELECT {listed} FROM {table} WHERE {where} ORDER BY {IDS[table]}", params)
    while chunk := cursor.fetchmany(CHUNK):
        yield from (tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in chunk)


class _Counted:
    """An iterator of rows that counts them as they go by."""

    def __init__(self, rows: Iterator[tuple]):
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[tuple]:
        for row in self.rows:
            self.count += 1
            yield row
