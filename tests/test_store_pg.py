"""PostgreSQL's own ways to fail: a server out of reach, a refused password, a database that is
not there, one of a newer schema, and a link lost while saving. Each is a plain message on the
page and from the commands (never a traceback, never the password), and nothing is written.
(The store and command-line suites run on PostgreSQL too: ``any_db`` in conftest.)"""

from __future__ import annotations

import json

import psycopg
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dtts_dashboard.engines import shown_location
from dtts_dashboard.i18n import t
from dtts_dashboard.pgserver import PASSWORD
from dtts_dashboard.store import SCHEMA_VERSION, Store, StoreError, StoreFault

from .conftest import DATA, ROOT
from .test_cli_check import run

LEAKS = ("Traceback", "psycopg", "OperationalError", PASSWORD)


def closed_port_url() -> str:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"postgresql://dtts:{PASSWORD}@127.0.0.1:{port}/x?connect_timeout=3"


def bad_urls(pg_server) -> dict[str, str]:
    return {
        "unreachable": closed_port_url(),
        "denied": pg_server.url("postgres", password="wrong-password"),
        "missing": pg_server.url("no_such_database"),
    }


@pytest.mark.parametrize("code", ["unreachable", "denied", "missing"])
def test_a_database_that_cannot_be_used_is_named_by_its_fault(pg_server, campaign, code):
    url = bad_urls(pg_server)[code]
    with pytest.raises(StoreFault) as caught:
        Store(url, campaign)
    assert caught.value.code == code
    assert "wrong-password" not in str(caught.value) and PASSWORD not in str(caught.value)


@pytest.mark.parametrize("code", ["unreachable", "denied", "missing"])
def test_the_commands_say_what_is_wrong_without_a_traceback_or_the_password(pg_server, tmp_path, code):
    env = {"DTTS_DB": bad_urls(pg_server)[code], "DTTS_EDITORS": str(tmp_path / "e.json")}
    for args in (("history", "--json"), ("import", str(DATA / "utf8_bom_comma.csv"))):
        done = run(*args, env=env)
        assert done.returncode == 2, done.stderr
        assert f"({code})" in done.stderr and "DTTS_DB" in done.stderr
        assert not [leak for leak in (*LEAKS, "wrong-password") if leak in done.stderr + done.stdout], done.stderr


@pytest.mark.parametrize("code", ["unreachable", "denied"])
def test_the_page_says_what_is_wrong_in_words(pg_server, monkeypatch, tmp_path, code):
    url = bad_urls(pg_server)[code]
    monkeypatch.setenv("DTTS_DB", url)
    monkeypatch.setenv("DTTS_EDITORS", str(tmp_path / "e.json"))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [t(f"store_{code}", "vi")]
    text = "\n".join(str(e.value) for kind in ("error", "markdown", "caption", "info") for e in getattr(at, kind))
    assert not [leak for leak in (*LEAKS, "wrong-password", "127.0.0.1") if leak in text]


def test_a_database_of_a_newer_schema_is_refused_and_left_alone(pg_url, campaign):
    Store(pg_url, campaign)
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("UPDATE dtts_schema SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer"):
        Store(pg_url, campaign)
    done = run("history", "--json", env={"DTTS_DB": pg_url})
    assert done.returncode == 2 and "Traceback" not in done.stderr and "newer" in done.stderr
    with psycopg.connect(pg_url) as con:
        assert con.execute("SELECT version FROM dtts_schema").fetchone()[0] == SCHEMA_VERSION + 1


def test_the_password_never_shows_in_the_store_s_location(pg_server):
    shown = shown_location(pg_server.url("db"))
    assert PASSWORD not in shown and shown.startswith("postgresql://dtts:***@127.0.0.1:")
    assert shown_location("postgresql://u@h/d") == "postgresql://u@h/d"


class _LosesLinkOnCommit:
    """A connection that loses its link as COMMIT is sent, after it reached the server or before."""

    def __init__(self, con, after: bool):
        self._con, self._after = con, after

    def __getattr__(self, name):
        return getattr(self._con, name)

    def execute(self, sql, params=()):
        if sql == "COMMIT":
            if self._after:
                self._con.execute(sql, params)
            self._con.raw.close()
            raise psycopg.OperationalError("the connection was lost")
        return self._con.execute(sql, params)


@pytest.mark.parametrize("after", [True, False], ids=["committed", "not committed"])
def test_a_link_lost_while_committing_saves_all_or_nothing_and_says_which(pg_url, campaign, monkeypatch, after):
    store = Store(pg_url, campaign)
    engine = store.engine
    real_connect = engine.connect
    data = (DATA / "utf8_bom_comma.csv").read_bytes()
    monkeypatch.setattr(engine, "connect", lambda: _LosesLinkOnCommit(real_connect(), after))
    if after:  # the version is there: the save is reported as done
        version = store.import_file(data, "a.csv", "lan")
    else:
        with pytest.raises(StoreFault) as caught:
            store.import_file(data, "a.csv", "lan")
        assert caught.value.code == "unreachable"
    monkeypatch.setattr(engine, "connect", real_connect)
    history = store.history()
    assert len(history) == (1 if after else 0)
    assert len(store.reports()) == (3 if after else 0)
    if after:
        assert version.number == history[0].number


def test_a_link_lost_while_committing_that_cannot_be_checked_is_unsure(pg_url, campaign, monkeypatch):
    store = Store(pg_url, campaign)
    engine = store.engine
    real_connect = engine.connect
    calls = []

    def connect():
        calls.append(1)
        if len(calls) > 1:  # the server is gone for the check as well
            raise psycopg.OperationalError("connection refused")
        return _LosesLinkOnCommit(real_connect(), after=True)

    monkeypatch.setattr(engine, "connect", connect)
    with pytest.raises(StoreFault) as caught:
        store.import_file((DATA / "utf8_bom_comma.csv").read_bytes(), "a.csv", "lan")
    assert caught.value.code == "unsure"


def test_two_stores_on_one_database_see_each_other_s_versions(pg_url, campaign):
    """Two app servers: what one saves, the other reads on its next look (the cache key is
    the newest version number, read from the database each time)."""
    first, second = Store(pg_url, campaign), Store(pg_url, campaign)
    assert second.latest() == 0
    first.import_file((DATA / "utf8_bom_comma.csv").read_bytes(), "a.csv", "lan")
    assert second.latest() == 1 and len(second.reports()) == 3
    assert json.loads(run("history", "--json", env={"DTTS_DB": pg_url}).stdout)["versions"][0]["author"] == "lan"


def test_a_cluster_left_by_a_killed_run_is_stopped_by_the_next(pg_server):
    """A test run killed before its teardown leaves its PostgreSQL running; the next
    ``Server()`` stops it and removes its folder (and leaves every other run's alone)."""
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from dtts_dashboard import pgserver

    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from dtts_dashboard.pgserver import Server; print(Server().folder, flush=True); input()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    folder = Path(child.stdout.readline().strip())
    postmaster = int((folder / "data" / "postmaster.pid").read_text().split()[0])
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    time.sleep(0.5)
    assert pgserver._alive(postmaster), "the killed run's PostgreSQL is still running"
    assert folder in pgserver.reap()
    assert not pgserver._alive(postmaster) and not folder.exists()
    assert pg_server.folder.exists() and pg_server.folder not in pgserver.reap()  # a live run's: left alone


def test_reaping_signals_only_a_postmaster_running_in_its_cluster(tmp_path, monkeypatch):
    """A left folder whose postmaster.pid names a process that is not that cluster's (a pid
    reused, or a file written to harm) is removed without signalling anything."""
    import signal
    import subprocess
    import tempfile

    from dtts_dashboard import pgserver

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    bystander = subprocess.Popen(["sleep", "60"])
    try:
        folder = tmp_path / f"{pgserver.PREFIX}left"
        (folder / "data").mkdir(parents=True)
        (folder / "data" / "postmaster.pid").write_text(f"{bystander.pid}\n{folder / 'data'}\n")
        gone = subprocess.Popen(["true"])
        gone.wait()
        (folder / "owner").write_text(str(gone.pid))
        assert pgserver.reap() == [folder]
        assert bystander.poll() is None  # never signalled
        assert not folder.exists()
    finally:
        bystander.send_signal(signal.SIGKILL)
        bystander.wait()


def test_a_store_of_schema_8_loses_its_foreign_keys_and_keeps_its_data(pg_url, campaign, monkeypatch):
    """PostgreSQL checked each copied row's foreign keys by a query of its own (a 600,000-row
    file's import spent more on them than on the copy): step 9 drops them, on PostgreSQL only."""
    from dtts_dashboard import store as store_module

    def foreign_keys() -> set[str]:
        with psycopg.connect(pg_url) as con:
            rows = con.execute("SELECT conname FROM pg_constraint WHERE contype = 'f'").fetchall()
        return {row[0] for row in rows}

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 8)
    old = Store(pg_url, campaign)
    old.import_file((DATA / "utf8_bom_comma.csv").read_bytes(), "a.csv", "lan")
    assert "reports_valid_from_fkey" in foreign_keys()
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", len(store_module.MIGRATIONS))
    new = Store(pg_url, campaign)
    assert foreign_keys() == set()
    with psycopg.connect(pg_url) as con:
        assert con.execute("SELECT version FROM dtts_schema").fetchone()[0] == SCHEMA_VERSION >= 9
    assert len(new.reports()) == 3 and new.history()[0].author == "lan"
    new.import_file((DATA / "utf8_bom_comma.csv").read_bytes(), "b.csv", "lan")
    assert len(new.history()) == 2


def test_a_statement_for_postgresql_alone_is_skipped_by_sqlite(db, campaign):
    import sqlite3

    Store(db, campaign)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("PRAGMA foreign_key_list(reports)").fetchall()  # still there: SQLite cannot drop one
