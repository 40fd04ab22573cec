"""The store: every accepted file is a version, and nothing is ever deleted.

SQLite (embedded, no server) behind the narrow ``Store`` interface: pages and commands call
its methods and never write SQL, so another back end can stand behind the same methods.

Rows are kept as a temporal table: each report row and each inspection visit carries the
version that brought it in (``valid_from``) and the version that replaced it
(``valid_to``, NULL while current). "The data after version N" is then one WHERE clause,
and a version is one transaction: all of it or nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from . import settings, snapshot
from .campaign import DATA_DIR, Campaign, load_campaign
from .engines import POSTGRESQL_ONLY, SQLite, engine_for, is_url
from .problems import FileRefused, InputError
from .schema import FINDINGS, PROGRESS, SCHEDULE, plain
from .validate import Checked, check_file

SAMPLE_DIR = DATA_DIR / "sample"
SAMPLE_FILES = (("progress.csv", PROGRESS), ("schedule.csv", SCHEDULE), ("findings.csv", FINDINGS))
RESTORE, REMOVE_SAMPLE, ANSWER = "restore", "remove_sample", "answer"
# A version's note when saving real data set the sample data aside in the same version.
SAMPLE_SET_ASIDE = "sample_set_aside"
# A real file that adds or replaces at least this many rows of a keyed table has them written
# after its version commits (``Store.settle``): putting 600,000 rows in a table with its
# indexes takes 6-8 s, the rest of the save under 2 s.
OWED_ROWS = 20_000
_REPLACES = "_replaces"  # in an owed change: the row replaces the current row of its key
_SETTLING: list = []  # threads writing owed rows after a save (``settling_done`` waits for them)
_SETTLING_LOCK = threading.Lock()
_LOG = logging.getLogger(__name__)
TEXT_COLUMNS = ("congress_date", "delegates", "next_tasks", "difficulties", "proposals")
SCHEDULE_COLUMNS = ("unit", "inspection_date", "lead", "members", "venue")
FINDINGS_TEXT = ("remarks", "recommendations", "fix_by")
FOLLOWUP_COLUMNS = ("item_id", "unit", "status", "owner", "response", "response_date", "response_ref")
TABLES = ("reports", "schedule", "findings", "followups")
KEY_COLUMNS = {  # what identifies a row of each table among the current rows (never NULL)
    "reports": ("unit", "report_date"),
    "schedule": ("unit", "inspection_date"),
    "findings": ("unit", "inspection_date"),
    "followups": ("item_id",),
}
# Tables whose rows are keyed by unit and a date, with one column per checklist item
# (a prefix before the item's key): a file adds rows or replaces them by that key.
KEYED = {
    PROGRESS: ("reports", "report_date", "s_", TEXT_COLUMNS),
    FINDINGS: ("findings", "inspection_date", "a_", FINDINGS_TEXT),
}

# The schema's history: a new store runs every step, an older one the steps it lacks. Each
# step is a list of statements, each run on its own (never split on ";": a trigger or a
# string may hold one); a new step is one more entry at the end.
MIGRATIONS: list[list[str]] = [
    # 1: versions, reports (item statuses as s_<key> columns, added per campaign), schedule
    [
        """CREATE TABLE versions (
            number INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,
            author TEXT NOT NULL,
            filename TEXT,
            sha256 TEXT,
            kind TEXT NOT NULL,
            rows INTEGER NOT NULL DEFAULT 0,
            added INTEGER NOT NULL DEFAULT 0,
            changed INTEGER NOT NULL DEFAULT 0,
            sample INTEGER NOT NULL DEFAULT 0,
            restored_from INTEGER,
            file BLOB
        )""",
        """CREATE TABLE reports (
            id INTEGER PRIMARY KEY,
            unit TEXT NOT NULL,
            report_date TEXT NOT NULL,
            congress_date TEXT,
            delegates INTEGER,
            next_tasks TEXT,
            difficulties TEXT,
            proposals TEXT,
            sample INTEGER NOT NULL DEFAULT 0,
            valid_from INTEGER NOT NULL REFERENCES versions(number),
            valid_to INTEGER REFERENCES versions(number)
        )""",
        """CREATE TABLE schedule (
            id INTEGER PRIMARY KEY,
            unit TEXT NOT NULL,
            inspection_date TEXT NOT NULL,
            lead TEXT,
            members TEXT,
            venue TEXT,
            sample INTEGER NOT NULL DEFAULT 0,
            valid_from INTEGER NOT NULL REFERENCES versions(number),
            valid_to INTEGER REFERENCES versions(number)
        )""",
        "CREATE INDEX reports_valid ON reports(valid_from, valid_to)",
        "CREATE INDEX schedule_valid ON schedule(valid_from, valid_to)",
    ],
    # 2: one current report per (unit, report date), enforced, and the as-of query's index;
    #    a note on each version (for example why sample data was removed)
    [
        "CREATE UNIQUE INDEX reports_current ON reports(unit, report_date) WHERE valid_to IS NULL",
        "ALTER TABLE versions ADD COLUMN note TEXT",
    ],
    # 3: rows found by unit and date in any version (a restore or a schedule file changes
    #    only the rows that differ)
    [
        "CREATE INDEX reports_unit_date ON reports(unit, report_date)",
        "CREATE INDEX schedule_unit_date ON schedule(unit, inspection_date)",
    ],
    # 4: what each inspection found (item assessments as a_<key> columns, added per campaign)
    [
        """CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            unit TEXT NOT NULL,
            inspection_date TEXT NOT NULL,
            remarks TEXT,
            recommendations TEXT,
            fix_by TEXT,
            sample INTEGER NOT NULL DEFAULT 0,
            valid_from INTEGER NOT NULL REFERENCES versions(number),
            valid_to INTEGER REFERENCES versions(number)
        )""",
        "CREATE INDEX findings_valid ON findings(valid_from, valid_to)",
        "CREATE INDEX findings_unit_date ON findings(unit, inspection_date)",
        "CREATE UNIQUE INDEX findings_current ON findings(unit, inspection_date) WHERE valid_to IS NULL",
    ],
    # 5: the committee's handling of each follow-up item (difficulty, proposal, recommendation)
    [
        """CREATE TABLE followups (
            id INTEGER PRIMARY KEY,
            item_id TEXT NOT NULL,
            unit TEXT NOT NULL,
            status TEXT NOT NULL,
            owner TEXT,
            response TEXT,
            response_date TEXT,
            response_ref TEXT,
            sample INTEGER NOT NULL DEFAULT 0,
            valid_from INTEGER NOT NULL REFERENCES versions(number),
            valid_to INTEGER REFERENCES versions(number)
        )""",
        "CREATE INDEX followups_valid ON followups(valid_from, valid_to)",
        "CREATE UNIQUE INDEX followups_current ON followups(item_id) WHERE valid_to IS NULL",
    ],
    # 6 (unit accounts): where each version came from. NULL: the province (every version before
    #   unit accounts existed, restores, sample removals, answers, the command line); a unit's
    #   name: saved by an account of that unit's office (``permissions``).
    ["ALTER TABLE versions ADD COLUMN origin_unit TEXT"],
    # 7 (logins shared by every app server, ``logins``): each login's token (its SHA-256 only),
    #   and the login throttle's entries (wrong tries per name and per client). Times in
    #   seconds since 1970.
    [
        """CREATE TABLE login_sessions (
            token_hash TEXT PRIMARY KEY,
            editor TEXT NOT NULL,
            editor_key TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL,
            ended_at DOUBLE PRECISION
        )""",
        "CREATE INDEX login_sessions_editor ON login_sessions(editor_key)",
        """CREATE TABLE login_throttle (
            id TEXT PRIMARY KEY,
            failures INTEGER NOT NULL,
            last_failure DOUBLE PRECISION NOT NULL,
            busy_until DOUBLE PRECISION NOT NULL
        )""",
    ],
    # 8 (snapshots): a table's rows in view after a version as Arrow bytes, read back in a
    #   tenth of the time SQL takes (``snapshot``; a cache: deleting its rows loses nothing)
    [
        """CREATE TABLE snapshots (
            version INTEGER NOT NULL,
            tbl TEXT NOT NULL,
            column_list TEXT NOT NULL,
            created_at TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            row_count INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (version, tbl, column_list)
        )"""
    ],
    # 9 (import speed, PostgreSQL only): the content tables' foreign keys valid_from/valid_to ->
    #   versions dropped. PostgreSQL checks each copied row's by a query of its own: at 600,000
    #   rows that cost more than the copy itself. The store writes only version numbers it has
    #   just made in the same transaction, and never deletes a version. SQLite's check is a
    #   rowid look-up that costs nothing measurable, and it cannot drop a constraint.
    [
        f"{POSTGRESQL_ONLY}ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_{column}_fkey"
        for table in TABLES
        for column in ("valid_from", "valid_to")
    ],
    # 10 (snapshots): the rows a version closed, found by that number (a version that left a
    #   table as it was reads its earlier snapshot, ``snapshot``); only closed rows are in it,
    #   so a file's new rows cost it nothing. On PostgreSQL the snapshots so far go: they hold
    #   rows in the database's collation, SQL now reads them in characters' code order (a cache:
    #   the next read writes them again)
    [
        *(f"CREATE INDEX {table}_closed ON {table}(valid_to) WHERE valid_to IS NOT NULL" for table in TABLES),
        f"{POSTGRESQL_ONLY}DELETE FROM snapshots",
    ],
    # 11 (results): what a page computed from a version's data (the overview), kept for every
    #   app server's next new session (``results``; a cache: deleting its rows loses nothing)
    [
        """CREATE TABLE results (
            version INTEGER NOT NULL,
            rkey TEXT NOT NULL,
            created_at TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            stored_at DOUBLE PRECISION NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (version, rkey)
        )"""
    ],
    # 12 (import speed): a large file's rows owed to their table, written after the version
    #   commits (``Store.settle``): the change as Arrow bytes, in the version's own transaction,
    #   so that a crash before the rows are written loses nothing. On PostgreSQL a file's bytes
    #   are compressed with LZ4 where the server can (its own method took 1.4 s for 90 MB), else
    #   stored as they are; the owed bytes are compressed already
    [
        """CREATE TABLE owed (
            version INTEGER NOT NULL,
            tbl TEXT NOT NULL,
            row_count INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (version, tbl)
        )""",
        f"""{POSTGRESQL_ONLY}DO $$ BEGIN
            EXECUTE 'ALTER TABLE versions ALTER COLUMN file SET COMPRESSION lz4';
        EXCEPTION WHEN OTHERS THEN
            ALTER TABLE versions ALTER COLUMN file SET STORAGE EXTERNAL;
        END $$""",
        f"{POSTGRESQL_ONLY}ALTER TABLE owed ALTER COLUMN data SET STORAGE EXTERNAL",
    ],
]
SCHEMA_VERSION = len(MIGRATIONS)
OWED_SCHEMA = 12  # the step that made the ``owed`` table


class StoreError(Exception):
    """A request the store cannot carry out (an unknown version, a store from the future...)."""


class StoreFault(Exception):
    """The store itself failed: ``code`` says how, in a word a page turns into a message
    (``FAULT_CODES``); ``str()`` is the real cause, with the store's location (a file's path,
    or a database URL without its password) and the database's or the system's message, for
    the server's log and the command line (never for visitors)."""

    def __init__(self, code: str, path: Path | str, cause: BaseException):
        super().__init__(f"{path}: {cause}")
        self.code = code
        self.path = path
        self.cause = cause


# full, read_only, corrupt, missing, busy, io: either database; PostgreSQL's own: unreachable (no
# server at that address, or the link lost: nothing saved), denied (a wrong user name or
# password), unsure (the link lost while saving, and whether it was saved cannot be told yet)
FAULT_CODES = ("full", "read_only", "corrupt", "missing", "busy", "io", "unreachable", "denied", "unsure")


class _LostCommit(Exception):
    """COMMIT was sent and the link to the database lost before its answer came back."""

    def __init__(self, number: int, cause: BaseException):
        super().__init__(str(cause))
        self.number = number  # the newest version the transaction saw (its own, if it made one)
        self.cause = cause


@dataclass(frozen=True)
class Version:
    number: int
    created_at: str
    author: str
    filename: str | None
    sha256: str | None
    kind: str
    rows: int
    added: int = 0
    changed: int = 0
    sample: bool = False
    restored_from: int | None = None
    note: str | None = None
    origin_unit: str | None = None  # saved by an account of this unit's office; None: the province

    @property
    def origin(self) -> str:
        """Where the version came from: "unit" (``origin_unit``'s office) or "province"."""
        return "unit" if self.origin_unit else "province"

    def to_json(self) -> dict:
        return asdict(self) | {"origin": self.origin}


@dataclass
class Change:
    """What a valid file would change against the current data (the upload preview)."""

    kind: str
    new: pd.DataFrame  # rows that are not in the data yet
    changed: pd.DataFrame  # unit, report_date (or visit), column, old, new
    unchanged: int
    untouched_units: list[str]
    removed: pd.DataFrame = field(default_factory=pd.DataFrame)  # schedule visits dropped
    sample_set_aside: bool = False  # saving sets the sample data aside (never mixed with real data)
    warnings: list = field(default_factory=list)  # Problems found against the stored data

    @property
    def is_empty(self) -> bool:
        return self.new.empty and self.changed.empty and self.removed.empty


def db_path() -> Path | str:
    """Where the store is: an SQLite file's path, or a PostgreSQL URL (a string, which may
    hold a password: show it through ``engines.shown_location``)."""
    return settings.get("DTTS_DB")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


_KEY = re.compile(r"^[a-z_][a-z0-9_]*$")


def _when(version: int | None) -> tuple[str, tuple]:
    """The rows in view after ``version`` (None: now), as a WHERE clause and its parameters."""
    if version is None:
        return "valid_to IS NULL", ()
    return "valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)", (version, version)


class Store:
    """The store at ``location``: an SQLite file (a path), or a PostgreSQL database (a
    ``postgresql://`` URL; ``engines``). ``read_only`` None: an SQLite store is read-only when
    this process may not write the file or its folder (viewers still view; every write
    raises a ``read_only`` fault)."""

    def __init__(self, location: Path | str, campaign: Campaign | None = None, read_only: bool | None = None):
        self.campaign = campaign or load_campaign()
        for key in self.campaign.item_keys:
            if not _KEY.match(key):
                raise StoreError(f"item key {key!r} must be lower-case letters, digits and _")
        self.items = self.campaign.item_keys
        self.engine = engine_for(location, read_only)
        self.path = self.engine.path if isinstance(self.engine, SQLite) else self.engine.shown
        self.read_only = self.engine.read_only
        with self._faults():
            if not self.read_only:
                self.engine.create()
            with self._read() as con:
                self._migrate(con)
                # a store of an older schema (read-only, or a test's) has no rows owed
                self._owed_table = self.engine.schema_version(con) >= OWED_SCHEMA

    # --- connection and schema ------------------------------------------------------

    @contextmanager
    def _faults(self) -> Iterator[None]:
        """Turn a failure of the store itself (disk full, read-only, damaged, missing, a
        database server out of reach) into a ``StoreFault``; anything else passes through."""
        try:
            yield
        except self.engine.faults as exc:
            code = self.engine.fault_code(exc)
            if code is None:
                raise
            raise StoreFault(code, self.path, exc) from exc

    @contextmanager
    def _write(self, settle: bool = True) -> Iterator:
        """One write transaction: all of it or nothing; writers queue one behind another
        (on PostgreSQL, writers of every app server). Rows owed by a version saved before are
        written first (``settle``), in the same transaction, looked up behind the writers' lock
        (a version saved while this writer queued may owe them): every write starts from the
        rows as they stand (a snapshot's or a kept result's write, which touches no content
        table, need not). A write that fails leaves them owed."""
        try:
            with self._read() as con:
                self.engine.begin_write(con)
                try:
                    if settle:
                        self._put_owed(con)
                    yield con
                    newest = con.execute("SELECT coalesce(max(number), 0) FROM versions").fetchone()[0]
                    try:
                        con.execute("COMMIT")
                    except self.engine.faults as exc:
                        if self.engine.fault_code(exc) == "unreachable":
                            raise _LostCommit(newest, exc) from exc
                        raise
                except BaseException:
                    self.engine.rollback(con)
                    raise
                finally:
                    self.engine.end_write(con)
        except _LostCommit as lost:
            self._after_lost_commit(lost)

    @contextmanager
    def small_write(self, wait: float | None = None) -> Iterator:
        """A short transaction of the logins' (``logins``) or a warm-up's claim (``results``):
        all of it or nothing, one at a time, but on PostgreSQL not queued behind a version being
        saved. On SQLite it queues behind it; ``wait``: for at most that many seconds, then
        a ``busy`` fault."""
        with self._read() as con:
            self.engine.begin_small(con, wait)
            try:
                yield con
                con.execute("COMMIT")
            except BaseException:
                self.engine.rollback(con)
                raise

    @contextmanager
    def writing(self, settle: bool = True) -> Iterator:
        """One write transaction for another module's writes (``copying``): all of it or
        nothing, queued behind other writers, as the store's own writes are (``settle``
        False: one that only checks the store is empty first, which owes nothing then)."""
        with self._write(settle) as con:
            yield con

    @contextmanager
    def reading(self) -> Iterator:
        """A connection for the logins' reads (``logins``)."""
        with self._read() as con:
            yield con

    def _after_lost_commit(self, lost: _LostCommit) -> None:
        """The link to the database was lost while it committed: the version is there or not.
        Returns when it is (the save went through); raises ``unreachable`` when it is not
        (nothing was saved), ``unsure`` when the database cannot be asked."""
        try:
            with self._read() as con:
                there = con.execute("SELECT 1 FROM versions WHERE number = ?", (lost.number,)).fetchone()
        except StoreFault as fault:
            raise StoreFault("unsure", self.path, lost.cause) from fault
        if not there:
            raise StoreFault("unreachable", self.path, lost.cause) from lost.cause

    @contextmanager
    def _read(self) -> Iterator:
        with self._faults():
            con = self.engine.connect()
            try:
                yield con
            finally:
                self.engine.release(con)

    def _migrate(self, con) -> None:
        engine = self.engine
        current = engine.schema_version(con)
        if current > SCHEMA_VERSION:
            raise StoreError(f"store {self.path} has schema {current}, newer than this program ({SCHEMA_VERSION})")
        if current == SCHEMA_VERSION and not self._missing_item_columns(con):
            return
        engine.begin_write(con)
        try:
            current = engine.schema_version(con)  # another process may have won
            for step in range(current, SCHEMA_VERSION):
                for statement in MIGRATIONS[step]:
                    if (sql := engine.ddl(statement)) is not None:
                        con.execute(sql)
                engine.set_schema_version(con, step + 1)
            for table, column in self._missing_item_columns(con):
                con.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
            con.execute("COMMIT")
        except BaseException:
            engine.rollback(con)
            raise
        finally:
            engine.end_write(con)

    def _missing_item_columns(self, con) -> list[tuple[str, str]]:
        """(table, column) for each checklist item the keyed tables lack a column for."""
        missing = []
        for table, _, prefix, _ in KEYED.values():
            columns = self.engine.columns(con, table)
            if columns:
                missing += [(table, f"{prefix}{k}") for k in self.items if f"{prefix}{k}" not in columns]
        return missing

    def _content_columns(self, table: str) -> list[str]:
        """The columns that hold a row's content (what a version reads and compares)."""
        if table == "schedule":
            return list(SCHEDULE_COLUMNS)
        if table == "followups":
            return list(FOLLOWUP_COLUMNS)
        kind = PROGRESS if table == "reports" else FINDINGS
        _, date_key, prefix, texts = KEYED[kind]
        return ["unit", date_key, *texts, *(f"{prefix}{k}" for k in self.items)]

    # --- versions ---------------------------------------------------------------------

    @staticmethod
    def _version_row(row) -> Version:
        return Version(**dict(row) | {"sample": bool(row["sample"])})

    _VERSION_COLUMNS = (
        "number, created_at, author, filename, sha256, kind, rows, added, changed, sample, restored_from, note,"
        " origin_unit"
    )

    def history(self) -> list[Version]:
        with self._read() as con:
            rows = self.engine.named(con, f"SELECT {self._VERSION_COLUMNS} FROM versions ORDER BY number").fetchall()
        return [self._version_row(r) for r in rows]

    def version(self, number: int) -> Version:
        with self._read() as con:
            row = self.engine.named(
                con, f"SELECT {self._VERSION_COLUMNS} FROM versions WHERE number = ?", (number,)
            ).fetchone()
        if row is None:
            raise StoreError(f"không có phiên bản {number} / there is no version {number}")
        return self._version_row(row)

    def latest(self) -> int:
        """The newest version number (0 for an empty store): a cheap key for caches."""
        with self._read() as con:
            return con.execute("SELECT coalesce(max(number), 0) FROM versions").fetchone()[0]

    def find_sha(self, digest: str) -> Version | None:
        with self._read() as con:
            row = self.engine.named(
                con,
                f"SELECT {self._VERSION_COLUMNS} FROM versions WHERE sha256 = ? ORDER BY number DESC LIMIT 1",
                (digest,),
            ).fetchone()
        return self._version_row(row) if row else None

    def original_file(self, number: int) -> tuple[str, bytes] | None:
        """The file of a version exactly as it was uploaded (None for a restore or removal)."""
        with self._read() as con:
            row = self.engine.named(con, "SELECT filename, file FROM versions WHERE number = ?", (number,)).fetchone()
        if row is None:
            raise StoreError(f"there is no version {number}")
        return (row["filename"], bytes(row["file"])) if row["file"] is not None else None

    def _new_version(
        self,
        con,
        kind,
        author,
        filename=None,
        data=None,
        rows=0,
        sample=False,
        restored_from=None,
        note=None,
        origin_unit=None,
        counts=(0, 0),
    ) -> int:
        """A new version's row (``counts``: rows added and changed, and ``note``, given here when
        known before writing: updating the row afterwards would write its file once more)."""
        cur = con.execute(
            "INSERT INTO versions (created_at, author, filename, sha256, kind, rows, sample, restored_from, file, note,"
            " origin_unit, added, changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING number",
            (
                _now(),
                author,
                filename,
                sha256(data) if data is not None else None,
                kind,
                rows,
                int(sample),
                restored_from,
                data,
                note,
                origin_unit,
                *counts,
            ),
        )
        return cur.fetchone()[0]

    # --- writing ----------------------------------------------------------------------

    def import_file(
        self,
        data: bytes,
        filename: str,
        author: str,
        kind: str | None = None,
        sample: bool = False,
        origin_unit: str | None = None,
    ) -> Version:
        """Validate and store a file as a new version. Raises ``InputError``; stores nothing then."""
        checked = check_file(data, filename, self.campaign, kind)
        return self.import_checked(checked, data, filename, author, sample=sample, origin_unit=origin_unit)

    def import_checked(
        self,
        checked: Checked,
        data: bytes,
        filename: str,
        author: str,
        sample: bool = False,
        origin_unit: str | None = None,
    ) -> Version:
        """Store a valid file as a new version. With ``origin_unit``, an account of that unit's
        office saves it: a file it may not send (``permissions.refusals``: another unit's row,
        a schedule or findings) raises ``FileRefused`` and nothing is stored."""
        if origin_unit is not None:
            from .permissions import Account, refusals

            problems = refusals(Account(author, origin_unit), checked.kind, checked.records)
            if problems:
                raise FileRefused(problems, checked.warnings)
        after: list = []  # what runs once the version is committed: its snapshot, its rows owed
        with self._write() as con:
            number = self._store_checked(con, checked, data, filename, author, sample, origin_unit, after)
        for job in after:
            job()
        return self.version(number)

    def _store_checked(
        self,
        con,
        checked: Checked,
        data: bytes,
        filename: str,
        author: str,
        sample: bool,
        origin_unit=None,
        after: list | None = None,
    ) -> int:
        """Within a write transaction: one valid file as a new version. Returns its number.
        Given ``after``, what is to run once the version is committed goes in it: what writes
        the version's snapshot of a large keyed table (``snapshot.save_later``: made from the
        rows before and the change, not read back from SQL), and what writes the rows it owes."""
        safe_name = Path(filename.replace("\\", "/")).name[:200] or "upload"
        # Real data never mix with the sample: the first real file sets it aside, in the same
        # version (restoring the version before brings it back).
        set_aside = not sample and self._sample_current(con)
        diff = None
        if checked.kind in KEYED:  # compared before anything is written: the counts go in the version's row
            current, diff = self._keyed_diff(con, checked.kind, checked.records, checked.present, set_aside)
        counts = (len(diff.new_rows), len(diff.changed_rows)) if diff is not None else (0, 0)
        number = self._new_version(
            con,
            checked.kind,
            author,
            safe_name,
            data,
            checked.rows,
            sample,
            note=SAMPLE_SET_ASIDE if set_aside else None,
            origin_unit=origin_unit,
            counts=counts,
        )
        if set_aside:
            for table in TABLES:
                con.execute(f"UPDATE {table} SET valid_to = ? WHERE valid_to IS NULL AND sample = 1", (number,))
        if diff is not None:
            owes = self._write_keyed(con, checked.kind, number, diff, sample)
            if after is not None and len(current) + len(diff.new_rows) >= snapshot.MIN_ROWS:
                table = KEYED[checked.kind][0]
                build = partial(self._rows_after, checked.kind, current, diff, number, sample)
                columns = ",".join(self._content_columns(table))
                stamp = snapshot.version_stamp(con, number)
                after.append(partial(snapshot.save_later, self, table, number, columns, stamp, build))
            if owes and after is not None:
                after.append(self._settle_later)
        else:  # a schedule is compared in SQL, as it is written (a few hundred rows)
            counts = self._write_schedule(con, number, checked.records, sample)
            con.execute("UPDATE versions SET added = ?, changed = ? WHERE number = ?", (*counts, number))
        return number

    def _keyed_diff(
        self, con, kind: str, records: pd.DataFrame, present: list[str] | None, set_aside: bool
    ) -> tuple[pd.DataFrame, ProgressDiff]:
        """The current rows of a keyed kind's table at the start of a write (the sample's left
        out when this file sets them aside), and the file's reports or findings against them."""
        table, date_key, _, _ = KEYED[kind]
        current = self._current_rows(con, table)
        if set_aside:
            current = current[~current["sample"].astype(bool).to_numpy()]
        return current, diff_rows(current, records, ["unit", date_key], self._fields(kind), present)

    def _rows_after(
        self, kind: str, current: pd.DataFrame, diff: ProgressDiff, number: int, sample: bool
    ) -> pd.DataFrame:
        """The rows of a keyed kind's table in view after version ``number``, as ``_sql_frame``
        reads them, made from the rows before it (the sample's left out when it is set aside)
        and its change (what ``_write_keyed`` wrote): a changed row's key leaves, the new and
        changed rows come in with ``number``."""
        table, date_key, _, texts = KEYED[kind]
        keys = ["unit", date_key]
        todo = pd.concat([diff.new_rows, diff.changed_rows])
        content = [*keys, *texts, *self.items]
        added = pd.DataFrame({c: _values(todo[c]) if c in todo.columns else None for c in content})
        added["sample"], added["valid_from"] = bool(sample), number
        replaced = pd.MultiIndex.from_frame(diff.changed_rows[keys].astype(object))
        kept = current[~pd.MultiIndex.from_frame(current[keys].astype(object)).isin(replaced)]
        rows = pd.concat([kept, self._typed(added, table)], ignore_index=True)
        return rows.sort_values(keys, kind="stable", ignore_index=True)

    def _current_rows(self, con, table: str) -> pd.DataFrame:
        """The current rows of ``table`` within a write that has changed nothing yet: those of the
        newest version, from its snapshot when one fits (600,000 rows: SQL takes seconds)."""
        number = snapshot.latest(con)
        found = None
        if number:
            con.execute("SAVEPOINT current_rows")
            try:
                found = snapshot.stored(self, con, table, number)  # a failure costs only speed...
            finally:  # ...and is undone (PostgreSQL refuses the rest of a transaction after one)
                con.execute("ROLLBACK TO SAVEPOINT current_rows")
                con.execute("RELEASE SAVEPOINT current_rows")
        return found if found is not None else self._sql_frame(con, table, None)

    def _write_keyed(self, con, kind: str, number: int, diff: ProgressDiff, sample: bool) -> bool:
        """Progress reports or findings: rows added, or replaced by (unit, date). A real file
        with ``OWED_ROWS`` of them or more owes them instead (returns True): its change is
        stored with the version, and written to the table once the version is committed
        (``settle``), by whoever comes first."""
        table, date_key, prefix, _ = KEYED[kind]
        todo = pd.concat([diff.new_rows, diff.changed_rows])
        cols = self._content_columns(table)
        frame = todo.rename(columns={k: f"{prefix}{k}" for k in self.items}).reindex(columns=cols)
        frame[_REPLACES] = [False] * len(diff.new_rows) + [True] * len(diff.changed_rows)
        frame = frame.sort_values(["unit", date_key], kind="stable", ignore_index=True)  # the indexes fill in order
        big = not sample and len(frame) >= OWED_ROWS and self._owed_table
        owed = _encoded(frame) if big else None
        if owed is not None:
            con.execute(
                "INSERT INTO owed (version, tbl, row_count, data) VALUES (?, ?, ?, ?)",
                (number, table, len(frame), owed),
            )
            return True
        self._put_keyed(con, table, number, frame, sample)
        return False

    def _put_keyed(self, con, table: str, number: int, frame: pd.DataFrame, sample: bool) -> None:
        """Write a keyed table's change as version ``number``: the rows marked ``_REPLACES``
        close the current row of their (unit, date), and every row comes in, with the columns
        it has (a change owed by a process whose campaign had other items than this one's:
        the table has a column for each of both; an item it lacks stays empty)."""
        date_key = KEY_COLUMNS[table][1]
        replaced = frame[frame[_REPLACES].to_numpy(dtype=bool)]
        con.executemany(
            f"UPDATE {table} SET valid_to = ? WHERE valid_to IS NULL AND unit = ? AND {date_key} = ?",
            [(number, u, d) for u, d in zip(_values(replaced["unit"]), _values(replaced[date_key]))],
        )
        cols = [c for c in frame.columns if c != _REPLACES]
        flags = [int(sample)] * len(frame), [number] * len(frame)
        self.engine.insert_columns(
            con, table, [*cols, "sample", "valid_from"], [*(_values(frame[c]) for c in cols), *flags]
        )

    # --- rows owed ------------------------------------------------------------------

    def owes(self, con, table: str | None = None, upto: int | None = None) -> bool:
        """Whether rows of ``table`` (None: any) saved by a version up to ``upto`` (None: any)
        are still owed to it. False for a store of a schema before owed rows (read-only)."""
        if not self._owed_table:
            return False
        sql, params = "SELECT 1 FROM owed WHERE 1 = 1", ()
        if table is not None:
            sql, params = sql + " AND tbl = ?", (*params, table)
        if upto is not None:
            sql, params = sql + " AND version <= ?", (*params, upto)
        return con.execute(sql + " LIMIT 1", params).fetchone() is not None

    def settle(self) -> int:
        """Write the rows owed to their tables, oldest version first, each version's in full
        or not at all; returns how many versions' rows were written. Any process may: the
        saving one does it right after the save, any write and any read of those tables from
        SQL does it first (a crash before it loses nothing: the change is stored)."""
        with self._read() as con:
            if not self.owes(con):
                return 0
        with self._write(settle=False) as con:  # looked up again, behind the writers' lock
            return self._put_owed(con)

    def _put_owed(self, con) -> int:
        """Within a write transaction: the rows owed, oldest version first, written to their
        tables. Returns how many versions' rows were written."""
        if not self._owed_table:
            return 0
        owed = con.execute("SELECT version, tbl, row_count, data FROM owed ORDER BY version, tbl").fetchall()
        for number, table, count, data in owed:
            try:
                frame = snapshot.decode(bytes(data), int(count), categories=True)
            except (ValueError, pa.ArrowException) as exc:  # damaged bytes: said as a damaged store
                raise StoreFault("corrupt", self.path, exc) from exc
            sample = con.execute("SELECT sample FROM versions WHERE number = ?", (number,)).fetchone()[0]
            self._put_keyed(con, table, number, frame, bool(sample))
            con.execute("DELETE FROM owed WHERE version = ? AND tbl = ?", (number, table))
        if owed:
            _LOG.info("rows owed by %s version(s) written to %s", len(owed), self.path)
        return len(owed)

    def _settled(self, con, table: str) -> None:
        """Before ``table`` is read from SQL outside a write: its owed rows written."""
        if not con.in_transaction and self.owes(con, table):
            self.settle()

    def _settle_later(self) -> None:
        """Write the rows owed in a thread of this process, once the snapshots being made are
        stored (readers find those first); a failure leaves them to the next reader. Not a
        daemon: a process that saved waits for it before it ends (a daemon thread still in
        the database's driver when Python finalizes can crash the process)."""

        def run():
            snapshot.flush(str(self.path))
            try:
                self.settle()
            except Exception as exc:  # noqa: BLE001 (the next writer or SQL reader settles them)
                _LOG.warning("rows owed to %s not written yet: %s", self.path, exc)

        with _SETTLING_LOCK:
            thread = threading.Thread(target=run, name="dtts-settle")
            _SETTLING[:] = [t for t in _SETTLING if t.is_alive()]  # those ended are let go
            try:
                thread.start()
            except RuntimeError as exc:  # no thread to be had: the next writer or SQL reader
                _LOG.warning("rows owed to %s left to the next reader: %s", self.path, exc)
            else:
                _SETTLING.append(thread)

    def _fields(self, kind: str) -> list[str]:
        """The compared fields of a keyed kind: its texts and the items."""
        return [*KEYED[kind][3], *self.items]

    def _write_schedule(self, con, number: int, records: pd.DataFrame, sample: bool) -> tuple[int, int]:
        """A schedule file replaces the schedule: visits it does not have leave, visits it
        adds or changes come in, identical visits stay as they are. Returns (in, out)."""
        frame = plain(records.reindex(columns=list(SCHEDULE_COLUMNS)))
        con.execute("CREATE TEMP TABLE IF NOT EXISTS incoming_schedule AS SELECT * FROM schedule WHERE 1 = 0")
        con.execute("DELETE FROM incoming_schedule")
        flags = [int(sample)] * len(frame), [number] * len(frame)
        self.engine.insert_columns(
            con,
            "incoming_schedule",
            [*SCHEDULE_COLUMNS, "sample", "valid_from"],
            [*(frame[c].tolist() for c in SCHEDULE_COLUMNS), *flags],
        )
        counts = self._replace_content(
            con, "schedule", [*SCHEDULE_COLUMNS, "sample"], "incoming_schedule", "1 = 1", (), number
        )
        con.execute("DELETE FROM incoming_schedule")
        return counts

    def _replace_content(
        self, con, table: str, columns: list[str], source: str, where: str, params: tuple, number: int
    ) -> tuple[int, int]:
        """Make the current rows of ``table`` equal the rows of ``source`` matching ``where``,
        as version ``number``: a current row with no identical source row is closed, a source
        row with no identical current row is added. Returns (added, closed)."""
        keys = KEY_COLUMNS[table]  # never NULL: compared with "=", which every index serves
        same = " AND ".join(
            f"o.{c} = x.{c}" if c in keys else f"o.{c} {self.engine.null_safe_equal} x.{c}" for c in columns
        )
        closed = con.execute(
            f"UPDATE {table} AS x SET valid_to = ? WHERE valid_to IS NULL AND valid_from < ?"
            f" AND NOT EXISTS (SELECT 1 FROM {source} AS o WHERE {where} AND {same})",
            (number, number, *params),
        ).rowcount
        listed = ", ".join(columns)
        added = con.execute(
            f"INSERT INTO {table} ({listed}, valid_from) SELECT {', '.join('o.' + c for c in columns)}, ? "
            f"FROM {source} AS o WHERE {where} AND NOT EXISTS (SELECT 1 FROM {table} AS x"
            f" WHERE x.valid_to IS NULL AND x.valid_from < ? AND {same})",
            (number, *params, number),
        ).rowcount
        return added, closed

    def restore(self, number: int, author: str) -> Version:
        """A new version whose content equals the content after version ``number``: rows that
        differ are replaced, identical rows stay, so that its counts say what it changed."""
        self.version(number)  # raises for an unknown version
        with self._write() as con:
            new = self._new_version(con, RESTORE, author, restored_from=number)
            added = closed = 0
            in_view = "o.valid_from <= ? AND (o.valid_to IS NULL OR o.valid_to > ?) AND o.valid_from < ?"
            for table in TABLES:
                columns = [*self._content_columns(table), "sample"]
                a, c = self._replace_content(con, table, columns, table, in_view, (number, number, new), new)
                added, closed = added + a, closed + c
            con.execute(
                "UPDATE versions SET added = ?, changed = ?, rows = ? WHERE number = ?", (added, closed, added, new)
            )
        return self.version(new)

    def answer(
        self,
        item_id: str,
        unit: str,
        status: str,
        author: str,
        owner: str | None = None,
        response: str | None = None,
        response_date: str | None = None,
        ref: str | None = None,
    ) -> Version:
        """The committee's handling of one follow-up item, as a new version (the handling it
        replaces stays in the earlier versions). Handling recorded while the sample data are
        in view belongs to the sample and is set aside with it."""
        from .followups import STATUSES

        if status not in STATUSES:
            raise StoreError(f"trạng thái không hợp lệ / unknown status {status!r}: {', '.join(STATUSES)}")
        with self._write() as con:
            sample = self._sample_current(con) and not self._real_in_view(con, None)
            number = self._new_version(con, ANSWER, author, rows=1, sample=sample, note=item_id)
            closed = con.execute(
                "UPDATE followups SET valid_to = ? WHERE valid_to IS NULL AND item_id = ?", (number, item_id)
            ).rowcount
            con.execute(
                "INSERT INTO followups (item_id, unit, status, owner, response, response_date, response_ref, sample,"
                " valid_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    item_id,
                    unit,
                    status,
                    owner or None,
                    response or None,
                    response_date,
                    ref or None,
                    int(sample),
                    number,
                ),
            )
            con.execute("UPDATE versions SET added = ?, changed = ? WHERE number = ?", (1 - closed, closed, number))
        return self.version(number)

    def handling(self, version: int | None = None) -> pd.DataFrame:
        """The current handling of follow-up items (one row per item that has any)."""
        with self._read() as con:
            return self._frame(con, "followups", version)

    def handling_history(self, item_id: str) -> pd.DataFrame:
        """Every handling an item has had, oldest first, with who recorded it and when."""
        with self._read() as con:
            rows = con.execute(
                "SELECT f.status, f.owner, f.response, f.response_date, f.response_ref, v.number, v.author, v.created_at"
                " FROM followups f JOIN versions v ON v.number = f.valid_from WHERE f.item_id = ? ORDER BY v.number",
                (item_id,),
            ).fetchall()
        cols = ["status", "owner", "response", "response_date", "response_ref", "version", "author", "created_at"]
        return pd.DataFrame(rows, columns=cols)

    def remove_sample(self, author: str) -> Version | None:
        """A version without the illustrative rows (None when there are none in view)."""
        if not self.sample_in_view():
            return None
        with self._write() as con:
            new = self._new_version(con, REMOVE_SAMPLE, author, note="sample data removed")
            removed = 0
            for table in TABLES:
                removed += con.execute(
                    f"UPDATE {table} SET valid_to = ? WHERE valid_to IS NULL AND sample = 1", (new,)
                ).rowcount
            con.execute("UPDATE versions SET changed = ? WHERE number = ?", (removed, new))
        return self.version(new)

    def load_sample_if_empty(self) -> bool:
        """On a store with no version at all, load the bundled illustrative data. True if loaded.
        Not for a campaign the sample does not fit (other units or items): the store stays
        empty, and the pages say what to do."""
        if self.read_only or self.latest():
            return False
        files = [(name, (SAMPLE_DIR / name).read_bytes(), kind) for name, kind in SAMPLE_FILES]
        try:
            checked = [check_file(data, name, self.campaign, kind) for name, data, kind in files]
        except InputError as exc:
            _LOG.warning("the bundled sample does not fit this campaign, not loaded: %s", str(exc)[:200])
            return False
        with self._write() as con:  # both files or neither, and only into an empty store
            if con.execute("SELECT count(*) FROM versions").fetchone()[0]:
                return False  # another session loaded it meanwhile
            for (name, data, _), valid in zip(files, checked):
                self._store_checked(con, valid, data, name, "sample", sample=True)
        return True

    # --- reading ----------------------------------------------------------------------

    def _real_in_view(self, con, version: int | None) -> bool:
        """Whether real (not illustrative) rows are in view after ``version``: rows owed to a
        table are a real file's (``_write_keyed``), in view from their version on (a later
        version writes them first), so no page waits for them to be written to know."""
        where, params = _when(version)
        return self.owes(con, upto=version) or any(
            con.execute(f"SELECT 1 FROM {t} WHERE sample = 0 AND {where} LIMIT 1", params).fetchone() for t in TABLES
        )

    def _sample_current(self, con) -> bool:
        return any(
            con.execute(f"SELECT 1 FROM {t} WHERE sample = 1 AND valid_to IS NULL LIMIT 1").fetchone() for t in TABLES
        )

    def _frame(self, con, table: str, version: int | None, real_only: bool | None = None) -> pd.DataFrame:
        """The rows of ``table`` in view after ``version``: from its snapshot when there is one
        (``snapshot``; never within a write, which reads what it is changing)."""
        if real_only is None and not con.in_transaction:
            return snapshot.frame(self, con, table, version, lambda v: self._sql_frame(con, table, v))
        return self._sql_frame(con, table, version, real_only)

    def _sql_frame(self, con, table: str, version: int | None, real_only: bool | None = None) -> pd.DataFrame:
        """The rows of ``table`` in view after ``version``. Sample and real rows never mix:
        where real rows are in view (``real_only`` None: looked up), sample rows are left out
        (a store written before saving real data set the sample aside may hold both)."""
        self._settled(con, table)
        wanted = [*self._content_columns(table), "sample", "valid_from"]
        where, params = _when(version)
        if real_only if real_only is not None else self._real_in_view(con, version):
            where += " AND sample = 0"
        order = {
            "reports": ("unit", "report_date"),
            "schedule": ("inspection_date", "unit"),
            "findings": ("unit", "inspection_date"),
            "followups": ("unit", "item_id"),
        }[table]
        # in characters' code order, whatever the database's collation: a snapshot made from a
        # save's change is sorted so (on PostgreSQL, a database made in vi_VN sorts "Đà Bắc" first)
        by = ", ".join(c + self.engine.in_code_order for c in order)
        cursor = con.execute(f"SELECT {', '.join(wanted)} FROM {table} WHERE {where} ORDER BY {by}", params)
        # In chunks, into compact (Arrow-backed) columns: 600,000 reports as Python tuples
        # would need several times the memory.
        chunks = []
        while rows := cursor.fetchmany(50_000):
            chunks.append(self._typed(pd.DataFrame(rows, columns=wanted), table))
        frame = pd.concat(chunks, ignore_index=True) if chunks else self._typed(pd.DataFrame(columns=wanted), table)
        prefix = {t: p for t, _, p, _ in KEYED.values()}.get(table)
        return frame.rename(columns={f"{prefix}{k}": k for k in self.items}) if prefix else frame

    @staticmethod
    def _typed(frame: pd.DataFrame, table: str) -> pd.DataFrame:
        for name in frame.columns:
            if name == "sample":
                frame[name] = frame[name].astype(bool)
            elif name == "valid_from":
                frame[name] = frame[name].astype("int64")
            elif name == "delegates":
                frame[name] = frame[name].astype("Int64")
            else:
                frame[name] = frame[name].astype("str")
        return frame

    def reports(self, version: int | None = None) -> pd.DataFrame:
        """Every report as the data stood after ``version`` (default: now), by unit and date."""
        with self._read() as con:
            return self._frame(con, "reports", version)

    def schedule(self, version: int | None = None) -> pd.DataFrame:
        with self._read() as con:
            return self._frame(con, "schedule", version)

    def findings(self, version: int | None = None) -> pd.DataFrame:
        """What the inspections found, one row per unit and visit, by unit and date."""
        with self._read() as con:
            return self._frame(con, "findings", version)

    def as_of(self, date: str, version: int | None = None) -> pd.DataFrame:
        """Each unit's latest report on or before ``date`` (yyyy-mm-dd)."""
        return latest_reports(self.reports(version), date)

    def as_of_sql(self, date: str) -> pd.DataFrame:
        """The same as ``as_of`` on the current data, answered by SQLite through its index."""
        cols = ["unit", "report_date", *TEXT_COLUMNS, *(f"s_{k}" for k in self.items), "sample"]
        with self._read() as con:
            self._settled(con, "reports")
            sample = 0 if self._real_in_view(con, None) else 1  # the highest sample flag in view
            rows = con.execute(
                f"SELECT {', '.join('r.' + c for c in cols)} FROM reports r JOIN ("
                " SELECT unit, max(report_date) AS d FROM reports"
                " WHERE valid_to IS NULL AND report_date <= ? AND sample <= ? GROUP BY unit) m"
                " ON r.unit = m.unit AND r.report_date = m.d WHERE r.valid_to IS NULL AND r.sample <= ? ORDER BY r.unit",
                (date, sample, sample),
            ).fetchall()
        return pd.DataFrame(rows, columns=cols).rename(columns={f"s_{k}": k for k in self.items})

    def unit_history(self, unit: str) -> pd.DataFrame:
        """Every report of one unit ever stored, with the versions that added and replaced it."""
        cols = ["report_date", *TEXT_COLUMNS, *(f"s_{k}" for k in self.items), "valid_from", "valid_to"]
        with self._read() as con:
            self._settled(con, "reports")
            rows = con.execute(
                f"SELECT {', '.join(cols)} FROM reports WHERE unit = ? ORDER BY report_date, valid_from", (unit,)
            ).fetchall()
        return pd.DataFrame(rows, columns=cols).rename(columns={f"s_{k}": k for k in self.items})

    def sample_in_view(self, version: int | None = None) -> bool:
        """Whether the data in view after ``version`` are the illustrative sample."""
        where, params = _when(version)
        with self._read() as con:
            return not self._real_in_view(con, version) and any(
                con.execute(f"SELECT 1 FROM {t} WHERE sample = 1 AND {where} LIMIT 1", params).fetchone()
                for t in TABLES
            )

    def schedule_to_compare(self) -> pd.DataFrame:
        """The schedule a new real file is compared with: the real one (saving real data sets
        the sample aside)."""
        with self._read() as con:
            return self._frame(con, "schedule", None, real_only=True)

    def preview(self, checked: Checked) -> Change:
        """The change ``checked`` would make if it were saved now (against the real data:
        saving a real file sets the sample data aside)."""
        table = KEYED[checked.kind][0] if checked.kind in KEYED else "schedule"
        with self._read() as con:
            aside = self._sample_current(con)
            current = self._frame(con, table, None, real_only=True)
        if checked.kind in KEYED:
            keys = ["unit", KEYED[checked.kind][1]]
            diff = diff_rows(current, checked.records, keys, self._fields(checked.kind), checked.present)
            touched = set(checked.records["unit"])
            warnings = unplanned_visits(checked.records, self.schedule_to_compare()) if checked.kind == FINDINGS else []
            return Change(
                checked.kind,
                diff.new_rows,
                diff.cells,
                diff.unchanged,
                [u for u in self.campaign.unit_names if u not in touched],
                sample_set_aside=aside,
                warnings=warnings,
            )
        keys = ["unit", "inspection_date"]
        merged = current[keys].merge(checked.records[keys], how="outer", indicator=True)
        new = checked.records.merge(merged[merged["_merge"] == "right_only"][keys], on=keys)
        removed = current.merge(merged[merged["_merge"] == "left_only"][keys], on=keys)
        touched = set(checked.records["unit"])
        return Change(
            SCHEDULE,
            new,
            pd.DataFrame(columns=["unit", "column", "old", "new"]),
            int((merged["_merge"] == "both").sum()),
            [u for u in self.campaign.unit_names if u not in touched],
            removed,
            aside,
        )


def _encoded(frame: pd.DataFrame) -> bytes | None:
    """A change's rows as Arrow bytes, to be owed; None when Arrow cannot hold them (a column
    of mixed kinds): then they are written at once."""
    try:
        return snapshot.encode(frame)
    except (ValueError, TypeError, pa.ArrowException) as exc:
        _LOG.info("change written at once, not owed: %s", exc)
        return None


def _values(column: pd.Series) -> list:
    """A column as plain Python values, None where one is missing (what ``plain`` gives),
    for binding: a Categorical's distinct values are converted once."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        values = [*plain(pd.Series(column.cat.categories)).tolist(), None]  # code -1: missing
        return [values[code] for code in column.cat.codes.tolist()]
    return plain(column).tolist()


@dataclass
class ProgressDiff:
    new_rows: pd.DataFrame
    changed_rows: pd.DataFrame
    cells: pd.DataFrame  # unit, report_date, column, old, new
    unchanged: int


def diff_progress(
    current: pd.DataFrame, records: pd.DataFrame, items: list[str], present: list[str] | None = None
) -> ProgressDiff:
    """Split incoming report rows into new, changed (with each changed cell) and unchanged."""
    return diff_rows(current, records, ["unit", "report_date"], [*TEXT_COLUMNS, *items], present)


def diff_rows(
    current: pd.DataFrame, records: pd.DataFrame, keys: list[str], fields: list[str], present: list[str] | None = None
) -> ProgressDiff:
    """Split incoming rows (reports, or a visit's findings) into new, changed (with each
    changed cell) and unchanged, matching them on ``keys``.

    A column the file does not have keeps the stored value of a row it replaces; a column
    it has replaces it, an empty cell included."""
    incoming = records.drop(columns=["row"], errors="ignore")
    old = current[[*keys, *fields]] if not current.empty else pd.DataFrame(columns=[*keys, *fields])
    merged = incoming.merge(old, on=keys, how="left", suffixes=("", "__old"), indicator=True)
    is_new = merged["_merge"] == "left_only"
    for name in fields:
        if present is not None and name not in present:
            merged[name] = merged[name].astype(object).where(is_new, merged[f"{name}__old"].astype(object))
    incoming = merged[incoming.columns]
    differs = pd.Series(False, index=merged.index)
    cells = []
    for name in fields if not is_new.all() else ():  # a file of new reports only changes nothing
        mask = ~is_new & (_comparable(merged[name]) != _comparable(merged[f"{name}__old"]))
        if mask.any():
            differs |= mask
            part = merged.loc[mask, keys].copy()
            part["column"] = name
            part["old"] = plain(merged.loc[mask, f"{name}__old"])
            part["new"] = plain(merged.loc[mask, name])
            cells.append(part)
    cell_frame = pd.concat(cells, ignore_index=True) if cells else pd.DataFrame(columns=[*keys, "column", "old", "new"])
    return ProgressDiff(
        new_rows=incoming[is_new.to_numpy()],
        changed_rows=incoming[differs.to_numpy()],
        cells=cell_frame.sort_values(keys, kind="stable", ignore_index=True),
        unchanged=int((~is_new & ~differs).sum()),
    )


_MISSING = "\x00(missing)\x00"  # what an empty cell compares as: no typed text is this


def _comparable(column: pd.Series) -> pd.Series:
    """A column's values as text, to compare a file's value (parsed: str, int) with the
    stored one (text, Int64) whatever their types; vectorised (a Categorical's distinct
    values are converted once, and expanded by Arrow: through Python objects, 600,000 rows
    of ten columns took a second)."""
    if isinstance(column.dtype, pd.CategoricalDtype) and len(column.cat.categories):
        import pyarrow as pa

        words = pa.array(pd.Series(column.cat.categories).astype("string").array, type=pa.string())
        codes = column.cat.codes.to_numpy()
        expanded = pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), words).cast(pa.string())
        text = pd.Series(pd.array(expanded, dtype="string"), index=column.index)
        return text.fillna(_MISSING)
    return column.astype("string").fillna(_MISSING)


def unplanned_visits(records: pd.DataFrame, schedule: pd.DataFrame) -> list:
    """A warning for each findings row whose unit has no visit planned on that date (the
    findings are kept all the same)."""
    from .problems import Problem

    planned = set(zip(schedule["unit"], schedule["inspection_date"])) if not schedule.empty else set()
    out = []
    for row, unit, date in zip(records["row"], records["unit"], records["inspection_date"]):
        if (unit, date) not in planned:
            day = dt.date.fromisoformat(date).strftime("%d/%m/%Y")
            out.append(
                Problem(
                    "unplanned_visit",
                    int(row),
                    "inspection_date",
                    day,
                    "Ngày kiểm tra",
                    params=(("unit", unit), ("date", day)),
                )
            )
    return out


def latest_reports(reports: pd.DataFrame, date: str) -> pd.DataFrame:
    """Each unit's latest report on or before ``date`` from a frame sorted by unit and date:
    its last row on or before ``date``, units in the frame's order.

    Where units are text (as the store gives them), the rows are found where a run of such
    rows ends, comparing each unit with the next row's, not by hashing every row's unit (0.1 s
    over 600,000 reports). A unit found twice (rows not in that order) falls back to hashing
    them, so any frame gets the same rows. Other units are hashed (values that are equal yet
    hash apart, a date and a numpy date, would otherwise be told apart differently)."""
    upto = (reports["report_date"] <= date).to_numpy(dtype=bool, na_value=False)
    if isinstance(reports["unit"].dtype, pd.StringDtype):
        ends = upto.copy()
        if len(reports) > 1:
            unit = reports["unit"].array
            same = unit[1:] == unit[:-1]  # numpy's booleans, or pandas' with NA (a "string" column)
            same = same if isinstance(same, np.ndarray) else same.to_numpy(dtype=bool, na_value=False)
            ends[:-1] &= ~(same & upto[1:])
        latest = reports.take(np.flatnonzero(ends))
        if latest["unit"].is_unique:  # else a unit's rows not together, or not in date order
            return latest.reset_index(drop=True)
    return reports[upto].drop_duplicates("unit", keep="last").reset_index(drop=True)


def settling_done() -> None:
    """Wait for the threads writing owed rows after a save (tests, the benchmark)."""
    while True:
        with _SETTLING_LOCK:
            if not _SETTLING:
                return
            thread = _SETTLING.pop()
        thread.join()


def open_store(campaign: Campaign | None = None) -> Store:
    return Store(db_path(), campaign)


def store_exists() -> bool:
    """Whether ``DTTS_DB`` names a store that may hold data (a database server always may)."""
    location = db_path()
    return is_url(location) or Path(location).exists()


__all__ = ["Store", "Version", "Change", "StoreError", "StoreFault", "open_store", "db_path", "latest_reports"]
