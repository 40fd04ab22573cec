"""The two databases the store can stand on, behind one small interface.

``SQLite`` (a file, embedded, the default) and ``PostgreSQL`` (``DTTS_DB=postgresql://...``,
for several app servers sharing one database). The store writes its SQL once, in the common
dialect of both, with ``?`` for parameters; an engine supplies what differs: connecting,
starting a write transaction that queues writers one behind another, the schema's version
number, the columns of a table, a null-safe comparison, bulk inserts (PostgreSQL's COPY),
the few words of DDL that differ, and which of its errors are faults of the store itself
(a full disk, a refused password) rather than bugs of ours.
"""

from __future__ import annotations

import errno
import os
import queue
import re
import sqlite3
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

URL_SCHEMES = ("postgresql://", "postgres://")
# One number for PostgreSQL's transaction-level advisory lock: writers (and migrations) of
# every app server take it, so that they queue as SQLite's BEGIN IMMEDIATE makes them.
WRITE_LOCK = 0x64747473  # "dtts"
LOGIN_LOCK = 0x6C6F6769  # "logi": the logins' and the throttle's short transactions

# For tests: each function is called with every new SQLite connection (to make the disk
# "full" with ``PRAGMA max_page_count``, say).
CONNECT_HOOKS: list = []


def database_errors() -> tuple[type[BaseException], ...]:
    """The error classes of the database drivers in use (psycopg's once it is loaded)."""
    import sys

    psycopg = sys.modules.get("psycopg")
    return (sqlite3.Error, psycopg.Error) if psycopg else (sqlite3.Error,)


def is_url(location: Path | str) -> bool:
    return isinstance(location, str) and location.startswith(URL_SCHEMES)


def shown_location(location: Path | str) -> str:
    """The store's location as messages and logs may show it: a URL without its password."""
    if not is_url(location):
        return str(location)
    parts = urlsplit(str(location))
    if parts.password is None:
        return str(location)
    netloc = parts.netloc.rsplit("@", 1)
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{netloc[-1]}"))


def writable(path: Path) -> bool:
    """Whether this process may write the SQLite store at ``path``: the file when it exists,
    and its folder (SQLite keeps its -wal and -shm files beside it)."""
    if path.exists() and not os.access(path, os.W_OK):
        return False
    folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), None)
    return folder is None or os.access(folder, os.W_OK)


_SQLITE_FAULTS = {
    sqlite3.SQLITE_FULL: "full",
    sqlite3.SQLITE_READONLY: "read_only",
    sqlite3.SQLITE_PERM: "read_only",
    sqlite3.SQLITE_CORRUPT: "corrupt",
    sqlite3.SQLITE_NOTADB: "corrupt",
    sqlite3.SQLITE_CANTOPEN: "missing",
    sqlite3.SQLITE_BUSY: "busy",
    sqlite3.SQLITE_LOCKED: "busy",
    sqlite3.SQLITE_IOERR: "io",
}
_OS_FAULTS = {
    errno.ENOSPC: "full",
    errno.EDQUOT: "full",
    errno.EROFS: "read_only",
    errno.EACCES: "read_only",
    errno.EPERM: "read_only",
    errno.EIO: "io",
}


POSTGRESQL_ONLY = "-- PostgreSQL only\n"  # begins a migration's statement that SQLite skips


class SQLite:
    """A store in one SQLite file, in WAL mode (readers never wait for the writer)."""

    name = "sqlite"
    null_safe_equal = "IS"
    in_code_order = ""  # what follows a column in ORDER BY for characters' code order (SQLite's own)

    def __init__(self, path: Path | str, read_only: bool | None = None):
        self.path = Path(path)
        self.shown = str(self.path)
        self.read_only = not writable(self.path) if read_only is None else read_only

    @property
    def faults(self) -> tuple[type[BaseException], ...]:
        return (sqlite3.Error, OSError)

    def fault_code(self, exc: BaseException) -> str | None:
        if isinstance(exc, sqlite3.Error):
            code = getattr(exc, "sqlite_errorcode", None)
            return _SQLITE_FAULTS.get(code & 0xFF) if isinstance(code, int) else None
        if isinstance(exc, OSError):
            return _OS_FAULTS.get(exc.errno, "missing")
        return None

    def create(self) -> None:
        """Make the store's folder and file, the file readable by its owner only (it holds
        every uploaded file; SQLite gives its -wal and -shm files the same permissions)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with suppress(FileExistsError):
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))

    def _uri(self) -> str:
        """The store as an SQLite URI: read-write (never creating: a store removed while in
        use is a fault, not a new empty store), or read-only."""
        uri = f"file:{quote(self.path.absolute().as_posix())}?mode={'ro' if self.read_only else 'rw'}"
        if self.read_only and not Path(f"{self.path}-shm").exists() and not os.access(self.path.parent, os.W_OK):
            uri += "&immutable=1"  # nobody writes here: SQLite can do without its -shm file
        return uri

    def connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self._uri(), uri=True, timeout=60, isolation_level=None)
        if not self.read_only:
            con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("PRAGMA foreign_keys=ON")
        for hook in CONNECT_HOOKS:
            hook(con)
        return con

    def release(self, con: sqlite3.Connection) -> None:
        con.close()

    def begin_write(self, con: sqlite3.Connection) -> None:
        con.execute("BEGIN IMMEDIATE")

    def begin_small(self, con: sqlite3.Connection, wait: float | None = None) -> None:
        if wait is not None:  # this connection only: it is closed after its transaction
            con.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
        con.execute("BEGIN IMMEDIATE")

    def end_write(self, con: sqlite3.Connection) -> None:
        """After the write transaction's COMMIT or ROLLBACK: nothing more to release."""

    def rollback(self, con: sqlite3.Connection) -> None:
        """Undo the open transaction, if SQLite has not undone it already (it does on a full
        disk, for one): the error that led here is the one to report, not the rollback's."""
        if con.in_transaction:
            with suppress(sqlite3.Error):
                con.execute("ROLLBACK")

    def schema_version(self, con: sqlite3.Connection) -> int:
        return con.execute("PRAGMA user_version").fetchone()[0]

    def set_schema_version(self, con: sqlite3.Connection, number: int) -> None:
        con.execute(f"PRAGMA user_version = {int(number)}")

    def columns(self, con: sqlite3.Connection, table: str) -> set[str]:
        return {row[1] for row in con.execute(f"PRAGMA table_info({table})")}

    def ddl(self, statement: str) -> str | None:
        """A migration's statement in SQLite's words; None for one PostgreSQL alone runs."""
        return None if statement.startswith(POSTGRESQL_ONLY) else statement

    def named(self, con: sqlite3.Connection, sql: str, params: tuple = ()):
        """Run ``sql``; its rows are read by column name (bulk reads into frames keep plain
        tuples, named by their SELECT list: they are several times faster)."""
        cursor = con.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql, params)

    def insert_rows(self, con: sqlite3.Connection, table: str, columns: list[str], rows: Iterable[tuple]) -> None:
        marks = ", ".join("?" * len(columns))
        con.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def insert_columns(self, con: sqlite3.Connection, table: str, names: list[str], columns: list[list]) -> None:
        """Rows given column by column (lists of plain values, None for NULL)."""
        self.insert_rows(con, table, names, zip(*columns))

    def ids_set(self, con: sqlite3.Connection, table: str, column: str) -> None:
        """After rows were inserted with their ids given (copying a store): nothing to do
        (SQLite's AUTOINCREMENT follows the largest id it has seen)."""


# --- PostgreSQL ------------------------------------------------------------------------

# The words of the schema's DDL that PostgreSQL spells otherwise (the migrations are written
# once, in SQLite's words; numbers given by the database are identities here).
_PG_DDL = (
    (re.compile(r"\bINTEGER PRIMARY KEY( AUTOINCREMENT)?\b"), "INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
)
_PG_FAULTS = {  # SQLSTATE (or its class, two characters) -> fault code
    "28P01": "denied",  # invalid_password
    "28000": "denied",  # invalid_authorization_specification
    "3D000": "missing",  # invalid_catalog_name: no such database
    "53100": "full",  # disk_full
    "53": "busy",  # insufficient resources: out of memory, too many connections
    "25006": "read_only",  # read_only_sql_transaction (a standby)
    "42501": "read_only",  # insufficient_privilege
    "XX001": "corrupt",  # data_corrupted
    "XX002": "corrupt",  # index_corrupted
    "40001": "busy",  # serialization_failure
    "40P01": "busy",  # deadlock_detected
    "55P03": "busy",  # lock_not_available
    "57P01": "unreachable",  # admin_shutdown
    "57P02": "unreachable",  # crash_shutdown
    "57P03": "unreachable",  # cannot_connect_now (starting up)
    "08": "unreachable",  # connection exceptions
    "58": "io",  # system errors (I/O)
}
_PG_DENIED = ("password authentication failed", "no password supplied", "authentication failed for user")
POOL_IDLE = 4  # connections kept open per app server between uses


def _pg_sql(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


class _PgConnection:
    """A psycopg connection with the sqlite3 calls the store makes (``?`` parameters)."""

    def __init__(self, raw):
        self.raw = raw

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, params: tuple = ()):
        cursor = self.raw.cursor()
        cursor.execute(_pg_sql(sql), tuple(params))
        return cursor

    def executemany(self, sql: str, rows: Iterable[tuple]):
        cursor = self.raw.cursor()
        cursor.executemany(_pg_sql(sql), list(rows))
        return cursor


class PostgreSQL:
    """A store in a PostgreSQL database, shared by any number of app servers and commands."""

    name = "postgresql"
    null_safe_equal = "IS NOT DISTINCT FROM"
    in_code_order = ' COLLATE "C"'  # not the database's collation: Python's order, the snapshots'
    read_only = False  # what the database lets this user do is found on writing

    def __init__(self, url: str, connect_timeout: int = 10):
        import psycopg

        self._psycopg = psycopg
        self.url = url
        self.shown = shown_location(url)
        self.connect_timeout = connect_timeout
        self._idle: queue.LifoQueue = queue.LifoQueue(maxsize=POOL_IDLE)

    @property
    def faults(self) -> tuple[type[BaseException], ...]:
        return (self._psycopg.Error, OSError)

    def fault_code(self, exc: BaseException) -> str | None:
        psycopg = self._psycopg
        if isinstance(exc, psycopg.Error):
            state = exc.sqlstate or ""
            code = _PG_FAULTS.get(state) or _PG_FAULTS.get(state[:2])
            if code:
                return code
            if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
                # No SQLSTATE: the connection was refused (libpq gives the server's words
                # only; a server set to another language gives them in that language, and
                # is then told as out of reach), the server was not reached, or the link lost.
                words = str(exc)
                if any(w in words for w in _PG_DENIED):
                    return "denied"
                if re.search(r'database ".*" does not exist', words):
                    return "missing"
                return "unreachable"
            return None
        if isinstance(exc, OSError):
            return "unreachable"
        return None

    def create(self) -> None:
        """Nothing to create: the database is made by its administrator (see the README)."""

    def connect(self) -> _PgConnection:
        while True:
            try:
                raw = self._idle.get_nowait()
            except queue.Empty:
                break
            if not raw.closed and not raw.broken:
                return _PgConnection(raw)
        raw = self._psycopg.connect(
            self.url, autocommit=True, connect_timeout=self.connect_timeout, application_name="dtts-dashboard"
        )
        return _PgConnection(raw)

    def release(self, con: _PgConnection) -> None:
        """Keep a healthy, idle connection for the next use; close any other."""
        raw = con.raw
        idle = raw.info.transaction_status == self._psycopg.pq.TransactionStatus.IDLE
        if raw.closed or raw.broken or not idle:
            with suppress(Exception):
                raw.close()
            return
        try:
            self._idle.put_nowait(raw)
        except queue.Full:
            raw.close()

    def begin_write(self, con: _PgConnection) -> None:
        """Queue behind other writers, then begin. The lock is the session's, taken before the
        transaction begins: a transaction begun first would not see tables another writer
        created meanwhile (PostgreSQL reads its catalogue's changes when a transaction starts,
        not when an advisory lock is granted). ``end_write`` releases it."""
        con.execute("SELECT pg_advisory_lock(?)", (WRITE_LOCK,))
        try:
            con.execute("BEGIN")
        except BaseException:
            self.end_write(con)
            raise

    def begin_small(self, con: _PgConnection, wait: float | None = None) -> None:
        """A short transaction of the logins': one at a time among themselves only (never
        behind a save: ``wait`` is not needed)."""
        con.execute("BEGIN")
        con.execute("SELECT pg_advisory_xact_lock(?)", (LOGIN_LOCK,))

    def end_write(self, con: _PgConnection) -> None:
        """Release the writers' lock (a lost connection releases it on the server by itself)."""
        if not con.raw.closed and not con.raw.broken:
            with suppress(self._psycopg.Error):
                con.execute("SELECT pg_advisory_unlock(?)", (WRITE_LOCK,))

    def rollback(self, con: _PgConnection) -> None:
        raw = con.raw
        if not raw.closed and raw.info.transaction_status != self._psycopg.pq.TransactionStatus.IDLE:
            with suppress(self._psycopg.Error):
                raw.execute("ROLLBACK")

    def schema_version(self, con: _PgConnection) -> int:
        if con.execute("SELECT to_regclass('dtts_schema')").fetchone()[0] is None:
            return 0
        row = con.execute("SELECT version FROM dtts_schema").fetchone()
        return row[0] if row else 0

    def set_schema_version(self, con: _PgConnection, number: int) -> None:
        con.execute("CREATE TABLE IF NOT EXISTS dtts_schema (version INTEGER NOT NULL)")
        if con.execute("UPDATE dtts_schema SET version = ?", (number,)).rowcount == 0:
            con.execute("INSERT INTO dtts_schema (version) VALUES (?)", (number,))

    def columns(self, con: _PgConnection, table: str) -> set[str]:
        rows = con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND table_name = ?",
            (table,),
        ).fetchall()
        return {row[0] for row in rows}

    def ddl(self, statement: str) -> str:
        for pattern, words in _PG_DDL:
            statement = pattern.sub(words, statement)
        return statement

    def named(self, con: _PgConnection, sql: str, params: tuple = ()):
        from psycopg.rows import dict_row

        cursor = con.raw.cursor(row_factory=dict_row)
        cursor.execute(_pg_sql(sql), tuple(params))
        return cursor

    def insert_rows(self, con: _PgConnection, table: str, columns: list[str], rows: Iterable[tuple]) -> None:
        """Many rows at once through COPY (several times faster than INSERTs)."""
        with con.raw.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def insert_columns(self, con: _PgConnection, table: str, names: list[str], columns: list[list]) -> None:
        """Rows given column by column, through COPY in CSV made by Arrow (no Python work per
        row): Arrow quotes every text, so an empty text stays one and only a missing value
        (written unquoted) is NULL."""
        import pyarrow as pa
        import pyarrow.csv as pa_csv

        if not columns or not len(columns[0]):
            return
        try:
            arrow = pa.table({name: pa.array(values) for name, values in zip(names, columns, strict=True)})
        except (pa.ArrowException, TypeError, ValueError):  # a column of mixed kinds: row by row
            self.insert_rows(con, table, names, zip(*columns))
            return
        sink = pa.BufferOutputStream()
        pa_csv.write_csv(arrow, sink, pa_csv.WriteOptions(include_header=False))
        data = sink.getvalue()
        sql = f"COPY {table} ({', '.join(names)}) FROM STDIN WITH (FORMAT csv)"
        with con.raw.cursor().copy(sql) as copy:
            for start in range(0, data.size, 1 << 20):
                copy.write(data.slice(start, min(1 << 20, data.size - start)).to_pybytes())

    def ids_set(self, con: _PgConnection, table: str, column: str) -> None:
        """After rows were inserted with their ids given (copying a store): the identity
        continues after the largest."""
        con.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), coalesce(max({column}), 0) + 1, false)"
            f" FROM {table}"
        )


def engine_for(location: Path | str, read_only: bool | None = None) -> SQLite | PostgreSQL:
    """The engine for ``DTTS_DB``'s value: a PostgreSQL URL, else an SQLite file."""
    if is_url(location):
        return PostgreSQL(str(location))
    return SQLite(location, read_only)
