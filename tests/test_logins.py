"""Logins kept in the store's database (they survive a reload and hold on every app server)
and the login throttle shared by every app server: on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from dtts_dashboard import logins
from dtts_dashboard.auth import CLIENT_FREE_FAILURES
from dtts_dashboard.store import Store

from .test_cli_check import run


@pytest.fixture
def stores(any_db, campaign):
    """Two app servers' stores on one database."""
    return Store(any_db, campaign), Store(any_db, campaign)


def test_a_login_holds_on_every_server_until_it_ends(stores):
    first, second = stores
    token = logins.start(first, "Lan")
    assert logins.editor(second, token) == "Lan"
    assert logins.editor(second, token + "x") is None and logins.editor(second, None) is None
    logins.end(second, token)  # logged out on the second server
    assert logins.editor(first, token) is None


def test_a_login_expires(stores, monkeypatch):
    first, second = stores
    monkeypatch.setenv("DTTS_LOGIN_HOURS", "2")
    token = logins.start(first, "Lan", clock=lambda: 1000.0)
    assert logins.editor(second, token, clock=lambda: 1000.0 + 2 * 3600 - 1) == "Lan"
    assert logins.editor(second, token, clock=lambda: 1000.0 + 2 * 3600 + 1) is None


def test_ending_an_editor_s_logins_ends_them_all_and_no_other(stores):
    first, second = stores
    tokens = [logins.start(first, "Lê Văn Lan"), logins.start(second, "Lê Văn Lan")]
    other = logins.start(first, "Mai")
    assert logins.end_all(second, "lê văn  LAN") == 2  # the name as login_key equates it
    assert [logins.editor(first, t) for t in tokens] == [None, None]
    assert logins.editor(first, other) == "Mai"


def test_the_database_keeps_no_token_only_its_digest(stores, any_db):
    from .test_store import dump

    token = logins.start(stores[0], "Lan")
    assert token not in dump(any_db) and logins._digest(token) in dump(any_db)


def test_wrong_guesses_on_one_server_make_the_other_wait(stores):
    now = [1000.0]
    a, b = (logins.SharedThrottle(s, clock=lambda: now[0]) for s in stores)
    assert a.begin("Lan", "10.0.0.1") == 0
    assert b.begin("lan", "10.0.0.2") == 1  # a try for the name is in flight on the first server
    a.end("Lan", "10.0.0.1", ok=False)
    assert b.wait("LAN", "10.0.0.2") == 1
    now[0] += 1
    assert b.begin("Lan", "10.0.0.2") == 0
    b.end("Lan", "10.0.0.2", ok=False)
    assert a.wait("Lan", "10.0.0.3") == 2  # doubled, on the other server
    now[0] += 2
    assert a.begin("Lan", "10.0.0.3") == 0
    a.end("Lan", "10.0.0.3", ok=True)
    assert b.wait("Lan", "10.0.0.9") == 0  # forgiven everywhere


def test_a_client_s_guesses_over_many_names_are_counted_on_every_server(stores):
    now = [1000.0]
    a, b = (logins.SharedThrottle(s, clock=lambda: now[0]) for s in stores)
    for i in range(CLIENT_FREE_FAILURES):
        now[0] += 100  # no wait yet: the client has its free tries
        server = (a, b)[i % 2]
        assert server.begin(f"name{i}", "10.9.9.9") == 0
        server.end(f"name{i}", "10.9.9.9", ok=False)
    assert a.wait("someone", "10.9.9.9") == 1 and b.wait("someone", "10.9.9.9") == 1


def test_a_try_left_in_flight_by_a_dead_server_holds_nobody_up_for_long(stores):
    now = [1000.0]
    a, b = (logins.SharedThrottle(s, clock=lambda: now[0]) for s in stores)
    assert a.begin("Lan", "10.0.0.1") == 0  # and the server dies before ``end``
    assert b.begin("Lan", "10.0.0.2") == 1
    now[0] += logins.IN_FLIGHT_SECONDS + 1
    assert b.begin("Lan", "10.0.0.2") == 0


def test_resetting_a_password_ends_the_editor_s_logins(any_db, tmp_path, campaign):
    store = Store(any_db, campaign)
    token = logins.start(store, "Lan")
    env = {"DTTS_DB": str(any_db), "DTTS_EDITORS": str(tmp_path / "editors.json")}
    done = run("add-editor", "Lan", "--password-stdin", env=env, stdin="mat-khau-moi-123\n")
    assert done.returncode == 0, done.stderr
    assert logins.editor(store, token) is None and "1 login(s)" in done.stdout
