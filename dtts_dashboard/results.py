"""Results kept per version: what a page computes from a version's data (the overview),
stored in the store's own ``results`` table so that a new session on any app server, or
after a restart, reads it instead of computing it again.

Like a snapshot (``snapshot``), a result can never go stale: a version's data never change
once it is saved, and a result is used only while everything else it was made from is the
same. Its key names the function and its small arguments, the campaign file's content and
whether sample data were in view, and this program's code (every module of the package and
the versions of the libraries whose objects it holds): an upgrade, an edited campaign or
other filters make another key. It also names its version's creation time and file digest,
and is used only while the ``versions`` row still says the same.

A kept result is signed (HMAC-SHA256, with its version's stamp and key) by a secret that
lives outside the database, in a file of each app server (``DTTS_RESULTS_KEY``, made when
missing; app servers on several machines are given the same file): a row that anyone able to
write the database made or changed is refused before a byte of it is unpickled. Without a key
that can be read or made, results are neither kept nor read.

A result is written in a thread of its own and its own short transaction, only when making
it took at least ``MIN_SECONDS`` (a province's overview is not worth the row; what every page
asks first is kept however fast, ``ui.Context.shared``); a failure to
write one costs only speed. Results are pickled, and read back by an unpickler that makes
only the classes a result is made of (``_ALLOWED``, ``_RECORDS``): a row of the table can make nothing else,
so the database is never a way to run code on an app server. One that cannot be read is
computed again.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import io
import logging
import os
import pickle
import secrets
import sys
import threading
import time
import zlib
from importlib import metadata
from pathlib import Path

MIN_SECONDS = 0.2  # results made faster than this are not kept
KEEP_VERSIONS = 4  # results are kept for the store's newest versions only
# and no more rows than this in all (each filter and language is a row): a newer version's
# before an older one's, and within a version the first made (the views a server's warm-up and
# the first visitors open, the defaults) before those of filters chosen later
KEEP_ROWS = 64
MAX_BYTES = 256 * 1024 * 1024  # a result read back inflates to no more than this
_LOG = logging.getLogger(__name__)
_LIBRARIES = ("numpy", "pandas", "pyarrow", "plotly")

# What a result may be made of: the classes and functions its pickle names. Anything else
# refuses the row (and the result is computed again). Arrow arrays are rebuilt by
# ``_checked_array``, which checks them.
_ALLOWED = {
    ("builtins", "slice"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("datetime", "date"),
    ("numpy", "dtype"),
    ("numpy", "ndarray"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "scalar"),
    ("numpy._core.numeric", "_frombuffer"),
    ("pandas", "DataFrame"),
    ("pandas", "Series"),
    ("pandas", "Index"),
    ("pandas", "RangeIndex"),
    ("pandas", "StringDtype"),
    ("pandas._libs.internals", "_unpickle_block"),
    ("pandas.arrays", "ArrowStringArray"),
    ("pandas.core.indexes.base", "_new_Index"),
    ("pandas.core.internals.managers", "BlockManager"),
    ("pandas.core.internals.managers", "SingleBlockManager"),
    ("pyarrow.lib", "py_buffer"),
    ("pyarrow.lib", "type_for_alias"),
    ("plotly.graph_objs._figure", "Figure"),
}
# The package's own records a page's shared result is made of (``ui.Context.shared``), and
# nothing else of it: a page that shares a new kind of record adds it here (else its result
# is never read back, which the test of a new process's pages sees).
_RECORDS = {
    ("dtts_dashboard.overview", "Overview"),
    ("dtts_dashboard.tables", "RoundCard"),
    ("dtts_dashboard.tables", "UnitCard"),
    ("dtts_dashboard.timeline", "Timeline"),
}


class _Refused(pickle.UnpicklingError):
    pass


def _checked_array(data):
    """An Arrow array rebuilt from its pickled buffers, checked in full before anything reads
    it: pyarrow rebuilds it as it is given, and offsets pointing outside its buffers would
    read (or crash) outside them."""
    from pyarrow import lib

    try:  # (type, length, null count, offset, buffers, children, dictionary): rebuilt as given, so
        kind, _, _, _, buffers, children, dictionary = data  # a wrong number of buffers crashes
        plain = isinstance(kind, lib.DataType) and len(buffers) == kind.num_buffers
    except (TypeError, ValueError):
        plain = False
    if not plain or children or dictionary is not None:
        raise _Refused("an Arrow array of another shape than a result's")
    array = lib._restore_array(data)
    try:
        array.validate(full=True)
    except Exception as exc:  # noqa: BLE001 (pyarrow's ArrowInvalid, or anything its checks raise)
        raise _Refused(f"an Arrow array that does not hold together: {exc}") from None
    return array


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) == ("pyarrow.lib", "_restore_array"):
            return _checked_array
        if (module, name) in _ALLOWED or (module, name) in _RECORDS:
            return super().find_class(module, name)
        raise _Refused(f"{module}.{name} is not what a result is made of")


_MAC = 32  # bytes of the signature before the compressed pickle


def secret() -> bytes | None:
    """The signing key: the ``DTTS_RESULTS_KEY`` file's bytes, the file made (readable by this
    user alone) when it is missing; None when it can be neither read nor made."""
    from . import settings

    path = Path(settings.get("DTTS_RESULTS_KEY")).expanduser()
    for _ in range(2):
        try:
            key = path.read_bytes()
            if len(key) >= 16:
                return key
            _LOG.warning("results key %s is too short: results are not kept", path)
            return None
        except FileNotFoundError:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                continue  # another server made it meanwhile: read it
            except OSError as exc:
                _LOG.warning("results key %s cannot be made: results are not kept: %s", path, exc)
                return None
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_bytes(32))
        except OSError as exc:
            _LOG.warning("results key %s cannot be read: results are not kept: %s", path, exc)
            return None
    return None


def _signature(key: bytes, number: int, rkey: str, stamp: tuple, payload: bytes) -> bytes:
    head = repr((int(number), rkey, str(stamp[0]), str(stamp[1] or ""))).encode()
    return hmac.new(key, head + b"\0" + payload, hashlib.sha256).digest()


def loads(data: bytes):
    """A result from its stored bytes; ``pickle.UnpicklingError`` when they name anything
    a result is not made of."""
    inflate = zlib.decompressobj()
    raw = inflate.decompress(data, MAX_BYTES)
    if inflate.unconsumed_tail:  # a small row that would inflate without bound
        raise _Refused(f"a result above {MAX_BYTES:,} bytes")
    return _Unpickler(io.BytesIO(raw)).load()


def dumps(result) -> bytes:
    return zlib.compress(pickle.dumps(result, protocol=5), 1)


@functools.cache
def code_digest() -> str:
    """This program's code: every module of the package, and the libraries' versions."""
    digest = hashlib.sha256(sys.version.encode())
    for library in _LIBRARIES:
        digest.update(f"{library} {metadata.version(library)}".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


code_digest()  # the code as it is when the program starts: files changed under a running server
# (an upgrade in place) are not the code it runs


def key(name: str, args: tuple, campaign: str, sample: bool) -> str:
    """A result's key: the function ``name``, its small arguments (their ``repr``), the
    campaign file's content digest ``campaign``, whether sample data are in view, the code."""
    text = repr((name, args, campaign, bool(sample), code_digest()))
    return hashlib.sha256(text.encode()).hexdigest()


def load(store, number: int, rkey: str):
    """The result ``rkey`` kept for version ``number``, or None (none kept, made for another
    version of that number, or unreadable)."""
    try:
        with store._read() as con:
            row = con.execute(
                "SELECT r.data, r.created_at, r.sha256 FROM results r JOIN versions v ON v.number = r.version"
                " WHERE r.version = ? AND r.rkey = ? AND r.created_at = v.created_at"
                " AND r.sha256 = coalesce(v.sha256, '')",
                (number, rkey),
            ).fetchone()
    except Exception as exc:  # noqa: BLE001 (no results table: an older read-only store; SQL failing: compute)
        _LOG.debug("result %s of version %s not read: %s", rkey[:12], number, exc)
        return None
    if row is None:
        return None
    data, key = bytes(row[0]), secret()
    if key is None:
        return None
    if not hmac.compare_digest(data[:_MAC], _signature(key, number, rkey, (row[1], row[2]), data[_MAC:])):
        _LOG.warning("result %s of version %s is not signed by this key: computing it", rkey[:12], number)
        return None
    try:
        return loads(data[_MAC:])
    except Exception as exc:  # noqa: BLE001 (damaged or refused bytes: computed again)
        _LOG.warning("result %s of version %s unreadable, computing it: %s", rkey[:12], number, exc)
        return None


_threads: list[threading.Thread] = []
_threads_lock = threading.Lock()


def kept(store, number: int, rkey: str, make, still=lambda: True, least: float | None = None):
    """``make()``, or the result kept for version ``number`` under ``rkey``; a new result that
    took at least ``least`` seconds (``MIN_SECONDS`` by default) is kept (written in a thread:
    the caller does not wait), unless ``still()`` says, once it is made, that it was not made
    from version ``number``."""
    if number <= 0:
        return make()
    found = load(store, number, rkey)
    if found is not None:
        return found
    start = time.perf_counter()
    result = make()
    least = MIN_SECONDS if least is None else least
    if time.perf_counter() - start < least or store.read_only or not still():
        return result
    key = secret()
    if key is not None:
        thread = threading.Thread(target=_save, args=(store, number, rkey, result, key), daemon=True)
        with _threads_lock:
            _threads.append(thread)
        try:
            thread.start()
        except RuntimeError as exc:  # no thread to be had: not kept, never a failure
            _LOG.warning("result of version %s not kept: %s", number, exc)
            with _threads_lock:
                _threads.remove(thread)
    return result


_INSERT = "INSERT INTO results (version, rkey, created_at, sha256, stored_at, data) VALUES (?, ?, ?, ?, ?, ?)"


def _stamp(con, number: int) -> tuple | None:
    """Version ``number``'s creation time and file digest, which a row of it names."""
    return con.execute("SELECT created_at, sha256 FROM versions WHERE number = ?", (number,)).fetchone()


def _row(number: int, rkey: str, stamp: tuple, data: bytes) -> tuple:
    return (number, rkey, stamp[0], stamp[1] or "", time.time(), data)


def _save(store, number: int, rkey: str, result, key: bytes) -> None:
    try:
        data = dumps(result)
        with store._write(settle=False) as con:  # touches no content table: rows owed can wait
            stamp = _stamp(con, number)
            newest = con.execute("SELECT max(number) FROM versions").fetchone()[0] or 0
            if stamp is None or number <= newest - KEEP_VERSIONS:  # an old version's view: not kept
                return
            con.execute("DELETE FROM results WHERE version <= ?", (newest - KEEP_VERSIONS,))
            con.execute("DELETE FROM results WHERE version = ? AND rkey = ?", (number, rkey))
            rows = con.execute("SELECT version, rkey FROM results ORDER BY version DESC, stored_at").fetchall()
            ahead = sum(1 for v, _ in rows if v >= number)  # this version's rows and newer ones
            if ahead >= KEEP_ROWS:  # first made, first kept (below)
                return
            con.execute(_INSERT, _row(number, rkey, stamp, _signature(key, number, rkey, stamp, data) + data))
            rows.insert(ahead, (number, rkey))
            con.executemany("DELETE FROM results WHERE version = ? AND rkey = ?", rows[KEEP_ROWS:])
    except Exception as exc:  # noqa: BLE001 (a kept result only saves time: never a failure)
        _LOG.warning("result of version %s not kept: %s", number, exc)
    finally:
        with _threads_lock:
            if threading.current_thread() in _threads:
                _threads.remove(threading.current_thread())


WARMING = "warming"  # the key of the row by which an app server claims a version's warm-up
CLAIM_WAIT = 1.0  # seconds a claim waits for SQLite's writer before warming anyway


def claim(store, number: int) -> bool:
    """Whether this app server is the first to warm version ``number`` up (``load.Warmer``):
    the first to ask writes a row saying so (no result: never read), a later one is told no,
    so that several servers do not compute the same pages at once. A store that takes no
    writes, or cannot be written just now, lets every server warm (True): on SQLite, one
    still writing a large file's rows after its save (``Store.settle``) for ``CLAIM_WAIT``."""
    if store.read_only:
        return True
    try:
        with store.small_write(wait=CLAIM_WAIT) as con:
            stamp = _stamp(con, number)
            if stamp is None:
                return True
            inserted = con.execute(
                _INSERT + " ON CONFLICT (version, rkey) DO NOTHING", _row(number, WARMING, stamp, b"")
            )
            return inserted.rowcount == 1
    except Exception as exc:  # noqa: BLE001 (the store's trouble: warming is only for speed)
        busy = getattr(exc, "code", None) == "busy"  # a save's rows being written: no trouble
        _LOG.log(logging.INFO if busy else logging.WARNING, "claiming the warm-up of version %s: %s", number, exc)
        return True


def flush() -> None:
    """Wait for the results being written (tests, the benchmark)."""
    while True:
        with _threads_lock:
            if not _threads:
                return
            thread = _threads[-1]
        thread.join()
