"""Editor accounts: who may upload, restore and remove sample data (an account of a unit's
office, with its ``unit``, sends that unit's reports only: ``permissions``).

Passwords are kept only as argon2 hashes, in a JSON file outside the repository
(``DTTS_EDITORS``, default ``~/.config/dtts-dashboard/editors.json``).

A login name is matched whatever its spelling (NFC or NFD, case, spacing: ``login_key``) and
the editor is then known by the account's stored name. Guessing is bounded three ways, none of
which can keep an editor out for long:
- each wrong password for a name doubles that name's wait (1, 2, 4 … seconds), capped at
  ``MAX_WAIT_SECONDS``, so that someone else's wrong tries delay an editor at most that long;
- each client (address) has ``CLIENT_FREE_FAILURES`` wrong tries over all names, known or
  not, after which its own waits double up to the same cap;
- a try is reserved under one lock (``Throttle.begin``): while one is being checked for a
  name or from a client, or a wait is pending, others are told to wait, and at most
  ``MAX_VERIFYING`` argon2 checks (64 MiB each) run at once in the process.
"""

from __future__ import annotations

import json
import os
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from . import settings
from .i18n import both
from .permissions import Account

MIN_PASSWORD = 8
MAX_WAIT_SECONDS = 30  # the longest wait a name or a client is given
CLIENT_FREE_FAILURES = 5  # wrong tries a client has, over all names, before its waits begin
MAX_VERIFYING = 2  # argon2 checks at once
VERIFY_QUEUE_SECONDS = 5  # how long a check waits for its turn before the editor is asked to retry
MAX_THROTTLE_ENTRIES = 10_000  # names and clients remembered (then those with no wait pending go)
_hasher = PasswordHasher()
_verifying = threading.BoundedSemaphore(MAX_VERIFYING)


class AuthError(ValueError):
    """An account request that cannot be carried out (bad name, short password...)."""


def editors_path() -> Path:
    return settings.get("DTTS_EDITORS")


def _normal_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name).strip()
    if not name or len(name) > 64 or any(unicodedata.category(ch).startswith("C") for ch in name):
        raise AuthError(both("account_bad_name"))
    return name


def login_key(name: str) -> str:
    """What a login name is matched by: NFC, case-folded, inner spacing collapsed (and, being
    also what the throttle remembers, at most 200 characters of it)."""
    return " ".join(unicodedata.normalize("NFC", name[:200]).casefold().split())


def _load(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise AuthError(f"{both('account_file_unreadable')} {path}: {exc}") from exc


def add_editor(name: str, password: str, path: Path | None = None, unit: str | None = None) -> Path:
    """Create or reset an editor account: a province account, or with ``unit`` (a unit's
    canonical name, checked against the campaign by the caller) an account of that unit's
    office. A reset sets both anew. Returns the accounts file's path."""
    name = " ".join(_normal_name(name).split())
    if len(password) < MIN_PASSWORD:
        raise AuthError(both("account_short_password", count=MIN_PASSWORD))
    path = path or editors_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    accounts = _load(path)
    for other in [n for n in accounts if login_key(n) == login_key(name)]:  # the same name, spelt otherwise
        del accounts[other]
    accounts[name] = {"hash": _hasher.hash(password), "updated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    if unit is not None:
        accounts[name]["unit"] = unit
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(accounts, fh, ensure_ascii=False, indent=2)
    os.replace(tmp, path)
    return path


def account(name: str, path: Path | None = None) -> Account | None:
    """The account ``name`` (spelt in any way ``login_key`` equates) with its unit, or None
    when there is no such account (any more)."""
    try:
        key = login_key(_normal_name(name))
    except AuthError:
        return None
    accounts = _load(path or editors_path())
    stored_name = next((n for n in accounts if login_key(n) == key), None)
    if stored_name is None:
        return None
    unit = accounts[stored_name].get("unit")
    return Account(stored_name, unit if isinstance(unit, str) and unit else None)


def editors_configured(path: Path | None = None) -> bool:
    try:
        return bool(_load(path or editors_path()))
    except AuthError:
        return False


class Busy(Exception):
    """``MAX_VERIFYING`` password checks were already running for ``VERIFY_QUEUE_SECONDS``."""


def authenticate(name: str, password: str, path: Path | None = None) -> str | None:
    """The account's stored name when ``password`` is its password, else None. The name may
    be spelt in any way ``login_key`` equates. Constant work whether or not the name exists;
    raises ``Busy`` when too many checks are running."""
    try:
        key = login_key(_normal_name(name))
    except AuthError:
        return None
    accounts = _load(path or editors_path())
    stored_name = next((n for n in accounts if login_key(n) == key), None)
    stored = accounts[stored_name]["hash"] if stored_name else _DUMMY_HASH
    if not _verifying.acquire(timeout=VERIFY_QUEUE_SECONDS):
        raise Busy
    try:
        _hasher.verify(stored, password)
        ok = True
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    finally:
        _verifying.release()
    return stored_name if ok else None


def verify(name: str, password: str, path: Path | None = None) -> bool:
    """True when ``password`` is the editor ``name``'s (see ``authenticate``)."""
    return authenticate(name, password, path) is not None


_DUMMY_HASH = _hasher.hash("not a password of anyone")


class Throttle:
    """Slows down guessing, per name and per client, and lets one try at a time through.

    After n wrong passwords for a name the next try waits 2**(n-1) seconds; after n from a
    client (over all names) beyond ``CLIENT_FREE_FAILURES``, 2**(n-CLIENT_FREE_FAILURES);
    both at most ``MAX_WAIT_SECONDS``. ``begin`` checks and reserves a try under one lock.
    This one keeps its entries in the process; ``logins.SharedThrottle`` keeps them in the
    store's database, for every app server at once (the rules are these, in ``_entries``'s
    two lists: [failures, time of the last, a try in flight])."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._names: dict[str, list] = {}  # login key -> [failures, last failure, try in flight]
        self._clients: dict[str, list] = {}  # address -> the same

    @contextmanager
    def _entries(self, key: str, client: str, write: bool) -> Iterator[tuple[list, list, float]]:
        """The name's and the client's entries and the time, under the lock; changes made to
        the lists are kept (``write``)."""
        with self._lock:
            now = self._clock()
            if write:
                yield (
                    self._names.setdefault(key, [0, 0.0, False]),
                    self._clients.setdefault(client, [0, 0.0, False]),
                    now,
                )
                self._forget(now)
            else:
                yield self._names.get(key), self._clients.get(client), now

    @staticmethod
    def _remaining(entry: list | None, now: float, free: int) -> int:
        if entry is None or entry[0] < free:
            return 0
        delay = min(2 ** min(entry[0] - free, 16), MAX_WAIT_SECONDS)
        return max(0, int(entry[1] + delay - now + 0.999))

    def _wait(self, name_entry: list | None, client_entry: list | None, now: float) -> int:
        return max(self._remaining(name_entry, now, 1), self._remaining(client_entry, now, CLIENT_FREE_FAILURES))

    def wait(self, name: str, client: str | None = None) -> int:
        """Seconds to wait before ``name`` may be tried again from ``client`` (0: now)."""
        with self._entries(login_key(name), client or "-", write=False) as (named, client_entry, now):
            return self._wait(named, client_entry, now)

    def begin(self, name: str, client: str | None = None) -> int:
        """Reserve a try: 0 when it may go ahead (then ``end`` must follow), else the seconds
        to wait (1 while another try for the name or from the client is being checked)."""
        with self._entries(login_key(name), client or "-", write=True) as (named, client_entry, now):
            wait = self._wait(named, client_entry, now)
            if wait:
                return wait
            if named[2] or client_entry[2]:
                return 1
            named[2] = client_entry[2] = True
            return 0

    def end(self, name: str, client: str | None = None, ok: bool | None = False) -> None:
        """The reserved try's outcome: True (right password), False (wrong) or None (not checked)."""
        with self._entries(login_key(name), client or "-", write=True) as (named, client_entry, now):
            for entry in (named, client_entry):
                entry[2] = False
                if ok is False:
                    entry[0] += 1
                    entry[1] = now
            if ok:
                named[:] = [0, 0.0, False]  # the name's wrong tries are forgiven; the client's are not

    def failed(self, name: str, client: str | None = None) -> None:
        self.end(name, client, ok=False)

    def succeeded(self, name: str, client: str | None = None) -> None:
        self.end(name, client, ok=True)

    def _forget(self, now: float) -> None:
        """Past ``MAX_THROTTLE_ENTRIES``, forget the entries with no wait pending and no try in flight."""
        for table, free in ((self._names, 1), (self._clients, CLIENT_FREE_FAILURES)):
            if len(table) > MAX_THROTTLE_ENTRIES:
                for id_ in [i for i, e in table.items() if not e[2] and not self._remaining(e, now, free)]:
                    del table[id_]


def login(
    throttle: Throttle, name: str, password: str, client: str | None = None, path: Path | None = None
) -> tuple[str | None, int]:
    """One login try, throttled: (the editor's stored name or None, seconds to wait, 0 when the
    password was checked). Raises ``Busy`` (nothing counted) when too many checks are running."""
    wait = throttle.begin(name, client)
    if wait:
        return None, wait
    outcome = None
    try:
        editor = authenticate(name, password, path)
        outcome = editor is not None
    finally:
        throttle.end(name, client, outcome)
    return editor, 0
