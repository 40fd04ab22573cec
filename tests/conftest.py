from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from dtts_dashboard.campaign import load_campaign

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# The results' signing key of this test run (and of the servers it starts), not the user's own.
os.environ.setdefault("DTTS_RESULTS_KEY", str(Path(tempfile.mkdtemp(prefix="dtts-test-key-")) / "results.key"))


@pytest.fixture(scope="session")
def campaign():
    return load_campaign(ROOT / "data" / "campaign.toml")


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A fresh store file for the test, named through DTTS_DB as users do."""
    path = tmp_path / "store.sqlite"
    monkeypatch.setenv("DTTS_DB", str(path))
    return path


@pytest.fixture(scope="session")
def pg_server():
    """A throw-away PostgreSQL server (dtts_dashboard/pgserver.py), or the test is skipped saying why."""
    from dtts_dashboard import pgserver as pg

    try:
        server = pg.Server()
    except (RuntimeError, OSError, ImportError) as exc:
        pytest.skip(f"no PostgreSQL server for the tests: {exc}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server, monkeypatch):
    """A fresh, empty PostgreSQL database for the test, named through DTTS_DB as users do."""
    name = pg_server.new_database()
    url = pg_server.url(name)
    monkeypatch.setenv("DTTS_DB", url)
    yield url
    pg_server.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, tmp_path, monkeypatch):
    """A fresh store's location on each back end (the test runs twice), set as DTTS_DB."""
    if request.param == "sqlite":
        path = tmp_path / "store.sqlite"
        monkeypatch.setenv("DTTS_DB", str(path))
        return path
    return request.getfixturevalue("pg_url")
