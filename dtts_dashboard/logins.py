"""Logins that survive a reload and hold on every app server, and a login throttle that every
app server shares: both kept in the store's database (``store`` schema 7).

A login is a random token (256 bits): the browser keeps it in a cookie, the database only its
SHA-256, with the editor, when it ends (``DTTS_LOGIN_HOURS`` after login) and whether it was
ended before that. Every page run of a logged-in tab checks its token again, so that logging
out (which ends the token everywhere) or resetting the editor's password (which ends all of
that editor's tokens) logs out the other tabs and servers on their next action. The cookie is
the only thing a visitor holds: it cannot be forged (an unknown token is nobody), and a stolen
one ends with the login. The limits, for the README: Streamlit 1.67 lets an app set no HttpOnly
cookie, so the cookie is set by a script of the page and page scripts could read it (the
dashboard shows no markup from outside: ``text``); send it over TLS only (``deploy/``).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager

from . import settings
from .auth import Throttle, login_key

IN_FLIGHT_SECONDS = 15  # a try reserved by a server that then died holds its name this long at most
FORGET_AFTER_SECONDS = 24 * 3600  # wrong tries older than this are forgotten
COOKIE = "dtts_login"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def login_seconds() -> int:
    return settings.get("DTTS_LOGIN_HOURS") * 3600


def start(store, editor: str, clock=time.time) -> str:
    """A new login of ``editor`` (the account's stored name): its token, for the cookie."""
    token = secrets.token_urlsafe(32)
    now = clock()
    with store.small_write() as con:
        con.execute(
            "INSERT INTO login_sessions (token_hash, editor, editor_key, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            (_digest(token), editor, login_key(editor), now, now + login_seconds()),
        )
        # the ended and expired logins of a day ago go (nothing refers to them)
        con.execute("DELETE FROM login_sessions WHERE expires_at < ?", (now - FORGET_AFTER_SECONDS,))
    return token


def editor(store, token: str | None, clock=time.time) -> str | None:
    """The editor whose login ``token`` is, while it lasts and was not ended; else None."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    with store.reading() as con:
        row = con.execute(
            "SELECT editor FROM login_sessions WHERE token_hash = ? AND ended_at IS NULL AND expires_at > ?",
            (_digest(token), clock()),
        ).fetchone()
    return row[0] if row else None


def end(store, token: str | None, clock=time.time) -> None:
    """Log out: the login ends on every tab and server."""
    if token:
        with store.small_write() as con:
            con.execute(
                "UPDATE login_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL",
                (clock(), _digest(token)),
            )


def end_all(store, name: str, clock=time.time) -> int:
    """End every login of the editor ``name`` (spelt in any way ``login_key`` equates), as a
    password reset does. Returns how many were ended."""
    with store.small_write() as con:
        return con.execute(
            "UPDATE login_sessions SET ended_at = ? WHERE editor_key = ? AND ended_at IS NULL",
            (clock(), login_key(name)),
        ).rowcount


class SharedThrottle(Throttle):
    """``auth.Throttle``'s rules with its entries in the store's database: a wrong guess on
    one app server makes the next one wait on every server. A try in flight is a time
    (``busy_until``), so that a server that died while checking holds nobody up for long."""

    def __init__(self, store, clock=time.time):
        super().__init__(clock)
        self._store = store

    @contextmanager
    def _entries(self, key: str, client: str, write: bool) -> Iterator[tuple[list, list, float]]:
        now = self._clock()
        ids = (f"n:{key}", f"c:{client[:200]}")
        with self._store.small_write() if write else self._store.reading() as con:
            rows = {
                r[0]: [r[1], r[2], r[3] > now]
                for r in con.execute(
                    "SELECT id, failures, last_failure, busy_until FROM login_throttle WHERE id IN (?, ?)", ids
                ).fetchall()
            }
            if not write:
                yield rows.get(ids[0]), rows.get(ids[1]), now
                return
            lists = [rows.get(i, [0, 0.0, False]) for i in ids]
            before = [list(e) for e in lists]
            yield lists[0], lists[1], now
            for id_, entry, old in zip(ids, lists, before, strict=True):
                if entry == old:
                    continue
                if entry == [0, 0.0, False]:
                    con.execute("DELETE FROM login_throttle WHERE id = ?", (id_,))
                    continue
                con.execute(
                    "INSERT INTO login_throttle (id, failures, last_failure, busy_until) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (id) DO UPDATE SET failures = excluded.failures,"
                    " last_failure = excluded.last_failure, busy_until = excluded.busy_until",
                    (id_, entry[0], entry[1], now + IN_FLIGHT_SECONDS if entry[2] else 0.0),
                )
            con.execute(
                "DELETE FROM login_throttle WHERE last_failure < ? AND busy_until < ?",
                (now - FORGET_AFTER_SECONDS, now),
            )
