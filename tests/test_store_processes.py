"""Reliability with real processes: concurrent importers, and importers killed mid-write."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from dtts_dashboard.store import Store
from dtts_dashboard.synth import campaign_toml, progress_frame, synthetic_campaign, to_csv_bytes

ROOT = Path(__file__).resolve().parent.parent

IMPORTER = """
import sys
from pathlib import Path
from dtts_dashboard.store import open_store
store = open_store()
for path in sys.argv[2:]:
    store.import_file(Path(path).read_bytes(), Path(path).name, author=sys.argv[1])
    store.settle()  # a large file's rows, written after its version commits (as the import command does)
print("ok", flush=True)
"""


def env_for(db, campaign_file):
    return {**os.environ, "DTTS_DB": str(db), "DTTS_CAMPAIGN": str(campaign_file), "PYTHONPATH": str(ROOT)}


@pytest.fixture
def big_campaign(tmp_path):
    campaign = synthetic_campaign(400)
    path = tmp_path / "campaign.toml"
    path.write_text(campaign_toml(campaign), encoding="utf-8")
    return campaign, path


@pytest.fixture(params=["sqlite", "postgresql"])
def new_store(request, tmp_path):
    """Makes new, empty store locations on one back end (each test using it runs on both)."""
    if request.param == "sqlite":
        yield lambda name: tmp_path / f"{name}.sqlite"
        return
    server = request.getfixturevalue("pg_server")
    made = []

    def make(name):
        made.append(server.new_database())
        return server.url(made[-1])

    yield make
    for name in made:
        server.drop_database(name)


def by_sql(store):
    with store._read() as con:
        return store._sql_frame(con, "reports", None)


def snapshot(db):
    if str(db).startswith("postgresql://"):
        import psycopg

        con = psycopg.connect(str(db))
    else:
        con = sqlite3.connect(db)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    try:
        versions = [tuple(r) for r in con.execute("SELECT number, rows FROM versions ORDER BY number").fetchall()]
        reports = tuple(con.execute("SELECT count(*), coalesce(sum(valid_from), 0) FROM reports").fetchone())
        per_version = dict(con.execute("SELECT valid_from, count(*) FROM reports GROUP BY valid_from").fetchall())
        return versions, reports, per_version
    finally:
        con.close()


def test_two_processes_importing_20_files_each_all_land(tmp_path, big_campaign, new_store):
    campaign, campaign_file = big_campaign
    frame = progress_frame(campaign, 40)
    files = {who: [] for who in ("a", "b")}
    for i in range(40):
        who = "a" if i % 2 == 0 else "b"
        date = frame["Ngày báo cáo"].unique()[i]
        path = tmp_path / f"{who}{i:02d}.csv"
        path.write_bytes(to_csv_bytes(frame[frame["Ngày báo cáo"] == date].head(50)))
        files[who].append(str(path))
    db = new_store("store")
    procs = [subprocess.Popen([sys.executable, "-c", IMPORTER, who, *paths], env=env_for(db, campaign_file),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for who, paths in files.items()]  # fmt: skip
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    versions, (count, _), per_version = snapshot(db)
    assert len(versions) == 40
    assert [n for n, _ in versions] == list(range(1, 41))
    assert count == 40 * 50
    assert all(per_version[n] == rows == 50 for n, rows in versions)


def test_killed_import_leaves_the_store_as_before(tmp_path, big_campaign, new_store):
    campaign, campaign_file = big_campaign
    db = new_store("store")
    env = env_for(db, campaign_file)
    frame = progress_frame(campaign, 60)
    dates = list(frame["Ngày báo cáo"].unique())
    first = tmp_path / "first.csv"
    first.write_bytes(to_csv_bytes(frame[frame["Ngày báo cáo"] == dates[0]]))
    subprocess.run([sys.executable, "-c", IMPORTER, "setup", str(first)], env=env, check=True, capture_output=True)
    big = tmp_path / "big.csv"
    big.write_bytes(to_csv_bytes(frame[frame["Ngày báo cáo"] != dates[0]]))  # 23,600 rows

    # How long one full import takes here, to spread the kills over it.
    start = time.monotonic()
    subprocess.run([sys.executable, "-c", IMPORTER, "timing", str(big)], env={**env, "DTTS_DB": str(new_store("t"))},
                   check=True, capture_output=True)  # fmt: skip
    duration = time.monotonic() - start

    outcomes = set()
    for step in range(10):
        before = snapshot(db)
        proc = subprocess.Popen([sys.executable, "-c", IMPORTER, "killed", str(big)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(duration * (0.25 + 0.08 * step))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = snapshot(db)
        if after == before:
            outcomes.add("rolled back")
        else:  # the kill came after the commit: the whole version is there, its rows written or owed
            versions, _, per_version = after
            assert versions[:-1] == before[0]
            number, rows = versions[-1]
            assert rows == len(frame) - len(campaign.units) and per_version.get(number, 0) in (0, rows)
            reader = Store(db, campaign)  # the next process to read them from SQL writes any owed
            pd.testing.assert_frame_equal(reader.reports(), by_sql(reader))
            assert len(reader.reports()) == len(frame)
            assert snapshot(db)[2][number] == rows
            outcomes.add("committed, rows written" if per_version.get(number) else "committed, rows owed")
            break
    assert "rolled back" in outcomes


def _kill_during_copy(db: str, env: dict, big: Path) -> bool:
    """Start an importer and kill it once PostgreSQL shows its COPY running; False when the
    import ended before the COPY was seen."""
    import psycopg

    with psycopg.connect(db, autocommit=True) as watcher:
        proc = subprocess.Popen([sys.executable, "-c", IMPORTER, "killed", str(big)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            copying = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY reports%' AND state = 'active'"
            ).fetchone()[0]
            if copying:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                return True
            time.sleep(0.002)
        proc.kill()
        proc.wait()
        return False


def test_an_importer_killed_during_postgresql_copy_leaves_nothing(tmp_path, big_campaign, pg_server):
    """Killed while PostgreSQL receives the rows (its COPY seen running, as it writes the rows
    its version owes, after the version committed): the server rolls that transaction back,
    the rows stay owed, and the next importer, not blocked by a lock left behind, writes them
    before its own file (the same again: no row more)."""
    campaign, campaign_file = big_campaign
    big = tmp_path / "big.csv"
    big.write_bytes(to_csv_bytes(progress_frame(campaign, 60)))  # 24,000 rows
    for _ in range(5):  # the polling may miss a short COPY: then again, on a new database
        db = pg_server.url(pg_server.new_database())
        env = env_for(db, campaign_file)
        Store(db, campaign)  # its tables made
        before = snapshot(db)
        if _kill_during_copy(db, env, big):
            break
    else:
        pytest.fail("the COPY was never seen running")
    versions, (count, _), _ = snapshot(db)
    assert before[0] == [] and versions == [(1, 24_000)] and count == 0  # none of its rows half written
    done = subprocess.run([sys.executable, "-c", IMPORTER, "next", str(big)], env=env, capture_output=True,
                          text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    versions, (count, _), per_version = snapshot(db)
    assert len(versions) == 2 and count == 24_000 and per_version == {1: 24_000}
