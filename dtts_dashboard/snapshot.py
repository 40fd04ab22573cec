"""Columnar snapshots: a table's rows in view after a version, kept as Arrow bytes.

Loading 600,000 reports from SQL into pandas takes seconds; reading them back from one Arrow
IPC blob (strings dictionary-encoded, zstd-compressed: about 1.3 MB) takes a tenth of that.
A version's rows never change once it is saved (versions are append-only: a later version
closes rows with its own number, so "the rows after version N" stay what they were), so a
snapshot of version N can never go stale. Three things keep a snapshot from answering for
other rows than its own:

- it lives in the store's own database (the ``snapshots`` table), so a store restored from a
  backup, or another store file at the same path, brings its own snapshots or none;
- it names the version's creation time and file digest, and is used only while the
  ``versions`` row still says the same (a snapshot copied from another store is ignored);
- it names the columns it holds (an edited campaign with other items reads SQL again).

A snapshot is written after a read that found none, in a thread of its own and in its own
short transaction: a failure to write one (a locked, full or read-only store) costs only
speed, never a page or a save. One that cannot be read falls back to SQL. Small tables are
not worth it: below ``MIN_ROWS`` rows nothing is written.

Plain SQL with ``?`` parameters through the store's connections: any back end of ``Store``
may hold the table.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa

MIN_ROWS = 20_000  # below this, SQL is fast enough and the snapshot not worth its bytes
KEEP = 4  # snapshots kept per table (the newest versions); older ones are dropped
BUILT_WAIT = 60.0  # seconds a read waits for rows a save is making, before it reads SQL
_LOG = logging.getLogger(__name__)


@dataclass(eq=False)
class _Job:
    """A snapshot being written by a thread of this process: a read of the same rows takes
    them as soon as they are made (``built``), without waiting for the write and its lock."""

    key: tuple  # store, table, version, columns
    thread: threading.Thread | None = None
    rows: pd.DataFrame | None = None  # once made; None when making them failed
    built: threading.Event = field(default_factory=threading.Event)


_jobs: list[_Job] = []
_jobs_lock = threading.Lock()  # sessions' threads save and read at once


def frame(store, con, table: str, version: int | None, from_sql) -> pd.DataFrame:
    """The rows of ``table`` in view after ``version`` (None: now): from the snapshot of that
    version when one fits, else ``from_sql(version)``, and a snapshot is written for next time."""
    number = version if version is not None else latest(con)
    columns = ",".join(store._content_columns(table))
    stamp = version_stamp(con, number)
    if stamp is None:  # an empty store, or an unknown version: SQL says what it says
        return from_sql(version)
    found = _found(store, con, table, number, columns, stamp)
    if found is not None:
        return found
    result = from_sql(version)
    # For "now", the rows are version ``number``'s only if no version was saved meanwhile.
    if len(result) >= MIN_ROWS and not store.read_only and (version is not None or latest(con) == number):
        save_later(store, table, number, columns, stamp, result)
    return result


def stored(store, con, table: str, number: int) -> pd.DataFrame | None:
    """The rows of ``table`` in view after version ``number`` from its snapshot, or None when
    it has none that fits (nothing read from SQL, nothing written)."""
    stamp = version_stamp(con, number)
    if stamp is None:
        return None
    return _found(store, con, table, number, ",".join(store._content_columns(table)), stamp)


def _found(store, con, table: str, number: int, columns: str, stamp: tuple) -> pd.DataFrame | None:
    """The rows after version ``number`` without SQL: its snapshot; else the rows a thread of
    this process is making it from (right after a save: sooner than SQL); else an earlier
    version's snapshot, when no version since changed them. None when there is none."""
    found = _load(con, table, number, columns, stamp)
    if found is None:
        found = _being_made(store, table, number, columns)
    return found if found is not None else _unchanged_since(store, con, table, number, columns)


def latest(con) -> int:
    return con.execute("SELECT coalesce(max(number), 0) FROM versions").fetchone()[0]


def version_stamp(con, number: int) -> tuple | None:
    """What identifies version ``number`` in this store: its creation time and file digest."""
    row = con.execute("SELECT created_at, sha256 FROM versions WHERE number = ?", (number,)).fetchone()
    return (row[0], row[1] or "") if row else None


def _unchanged_since(store, con, table: str, number: int, columns: str) -> pd.DataFrame | None:
    """The rows of ``table`` after version ``number`` from the snapshot of an earlier version,
    when no version since changed them (a schedule, findings or an answer saved after a
    large file of reports leaves the reports as they were): no row of the table came or went
    in between, and real data were in view then as now, or not. None when there is none."""
    try:
        earlier = con.execute(
            "SELECT max(version) FROM snapshots WHERE tbl = ? AND column_list = ? AND version < ?",
            (table, columns, number),
        ).fetchone()[0]
    except Exception as exc:  # noqa: BLE001 (no snapshots table: a store of an older schema, read-only)
        _LOG.debug("snapshots of %s not read: %s", table, exc)
        return None
    if earlier is None or store.owes(con, table):  # rows owed: the table changed, or may have
        return None
    for column in ("valid_from", "valid_to"):  # each on its own, each served by an index
        sql = f"SELECT 1 FROM {table} WHERE {column} > ? AND {column} <= ? LIMIT 1"
        if con.execute(sql, (earlier, number)).fetchone():
            return None
    if store._real_in_view(con, earlier) != store._real_in_view(con, number):
        return None
    stamp = version_stamp(con, earlier)
    return None if stamp is None else _load(con, table, earlier, columns, stamp)


def _load(con, table: str, number: int, columns: str, stamp: tuple) -> pd.DataFrame | None:
    try:
        row = con.execute(
            "SELECT created_at, sha256, row_count, data FROM snapshots WHERE version = ? AND tbl = ? AND column_list = ?",
            (number, table, columns),
        ).fetchone()
    except Exception as exc:  # noqa: BLE001 (no snapshots table: a store of an older schema, read-only)
        _LOG.debug("snapshot of %s v%s not read: %s", table, number, exc)
        return None
    if row is None or (row[0], row[1] or "") != stamp:
        return None
    try:
        return decode(bytes(row[3]), int(row[2]))
    except Exception as exc:  # noqa: BLE001 (damaged bytes: SQL answers instead)
        _LOG.warning("snapshot of %s after version %s unreadable, reading SQL: %s", table, number, exc)
        return None


def encode(frame: pd.DataFrame) -> bytes:
    """A frame as Arrow IPC bytes: text columns dictionary-encoded, zstd-compressed."""
    arrow = pa.Table.from_pandas(frame, preserve_index=False)
    columns = [
        c.dictionary_encode() if pa.types.is_string(c.type) or pa.types.is_large_string(c.type) else c
        for c in arrow.columns
    ]
    arrow = pa.Table.from_arrays(columns, names=arrow.column_names).replace_schema_metadata(arrow.schema.metadata)
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, arrow.schema, options=pa.ipc.IpcWriteOptions(compression="zstd")) as writer:
        writer.write_table(arrow)
    return sink.getvalue()


def decode(data: bytes, rows: int, categories: bool = False) -> pd.DataFrame:
    """The frame ``encode`` made, with its dtypes (``categories``: its text columns, and a
    categorical's, as categoricals, whose values are the very ones encoded: cast to a plain
    column, integers with a gap would come back as floats); ValueError unless it has ``rows``
    rows. The bytes are checked in full first (text that is not UTF-8, offsets or indexes
    outside their buffers: pyarrow reads them as given), as anything read from the database is."""
    arrow = pa.ipc.open_stream(data).read_all()
    arrow.validate()  # the table's shape; each column is checked in full below

    def column(name: str, values: pa.ChunkedArray) -> pa.ChunkedArray:
        try:
            values.validate(full=True)
        except pa.ArrowException as exc:  # said with the column's name, as the table's check said it
            raise type(exc)(f"column {name}: {exc}") from exc
        return values.cast(values.type.value_type) if pa.types.is_dictionary(values.type) and not categories else values

    # Arrow works without the GIL: the columns side by side
    columns = list(_pool().map(column, arrow.column_names, arrow.columns))
    arrow = pa.Table.from_arrays(columns, names=arrow.column_names).replace_schema_metadata(arrow.schema.metadata)
    result = arrow.to_pandas()
    if len(result) != rows:
        raise ValueError(f"snapshot holds {len(result)} rows, not {rows}")
    return result


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1), thread_name_prefix="snapshot-decode")


def save_later(store, table: str, number: int, columns: str, stamp: tuple, result) -> None:
    """Write the snapshot of ``table`` after version ``number`` in a thread of its own:
    ``result`` is the rows, or what makes them (a save makes them from its change)."""
    job = _Job((str(store.path), table, number, columns))
    job.thread = threading.Thread(target=_save, args=(store, job, stamp, result), daemon=True)
    with _jobs_lock:
        _jobs.append(job)
    try:
        job.thread.start()
    except RuntimeError as exc:  # no thread to be had: no snapshot, never a failure
        _LOG.warning("snapshot of %s after version %s not written: %s", table, number, exc)
        with _jobs_lock:
            _jobs.remove(job)


def _being_made(store, table: str, number: int, columns: str) -> pd.DataFrame | None:
    """The rows a thread of this process is making that snapshot from, once made (it may
    still be waiting for the write lock to store them: that is not waited for); None when
    none is, or making them failed or took longer than ``BUILT_WAIT``."""
    key = (str(store.path), table, number, columns)
    with _jobs_lock:
        mine = [j for j in _jobs if j.key == key]
    for job in mine:
        if job.built.wait(BUILT_WAIT) and job.rows is not None:
            return job.rows
    return None


def _save(store, job: _Job, stamp: tuple, result) -> None:
    _, table, number, columns = job.key
    try:
        try:
            if callable(result):
                result = result()
            job.rows = result  # read only from here on: shared with the reads that take it
        finally:
            job.built.set()
        data = encode(result)
        with store._write(settle=False) as con:  # touches no content table: rows owed can wait
            con.execute(
                "DELETE FROM snapshots WHERE version = ? AND tbl = ? AND column_list = ?", (number, table, columns)
            )
            con.execute(
                "INSERT INTO snapshots (version, tbl, column_list, created_at, sha256, row_count, data)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (number, table, columns, stamp[0], stamp[1], len(result), data),
            )
            con.execute(
                "DELETE FROM snapshots WHERE tbl = ? AND version NOT IN"
                " (SELECT version FROM snapshots WHERE tbl = ? ORDER BY version DESC LIMIT ?)",
                (table, table, KEEP),
            )
    except Exception as exc:  # noqa: BLE001 (a snapshot only saves time: never a failure)
        _LOG.warning("snapshot of %s after version %s not written: %s", table, number, exc)
    finally:  # written (a read finds it stored) or not (SQL answers): the rows are let go
        with _jobs_lock:
            if job in _jobs:
                _jobs.remove(job)


def flush(path: str | None = None) -> None:
    """Wait for the snapshots being written (tests, the benchmark, the import command): of
    the store at ``path`` (as ``Store.path`` gives it), or of every store."""
    while True:
        with _jobs_lock:
            mine = [j for j in _jobs if path is None or j.key[0] == path]
            if not mine:
                return
            job = mine[-1]
        job.thread.join()  # the job leaves the list as its thread ends
