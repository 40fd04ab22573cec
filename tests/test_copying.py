"""``copy-store``: every version of one store copied into another (SQLite to PostgreSQL and
back) keeps its number, time, author, file and rows, so that ``history`` and every view as of
every version are the same; never into a store that has versions; all of it or nothing."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import pandas as pd
import pytest

from dtts_dashboard import followups
from dtts_dashboard.copying import COPIED, IDS, TargetNotEmpty, copy_store
from dtts_dashboard.pgserver import PASSWORD
from dtts_dashboard.store import Store

from .conftest import DATA
from .test_cli_check import run

OWN = "Ngày báo cáo;Đơn vị;Dự thảo Kịch bản\r\n11/06/2024;huyện Mai Chau;Hoàn thành\r\n"


@pytest.fixture
def sqlite_location(tmp_path):
    return str(tmp_path / "copy" / "store.sqlite")


@pytest.fixture
def postgresql_location(pg_server):
    name = pg_server.new_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


def location(request, kind: str) -> str:
    return request.getfixturevalue(f"{kind}_location")


def filled(store: Store, campaign) -> Store:
    """A store with every kind of version: the sample, an answer, real files (progress,
    schedule), a restore, a sample removal and an upload by a unit's office."""
    store.load_sample_if_empty()
    items = followups.items(store.reports(), store.findings(), store.handling(), campaign, dt.date(2024, 6, 5))
    first = items.iloc[0]
    store.answer(first["id"], first["unit"], "answered", "lan", owner="Sở Tài chính", response="Đã cấp", ref="1/STC")
    store.import_file((DATA / "utf8_bom_comma.csv").read_bytes(), "utf8_bom_comma.csv", "thu-ky")
    store.import_file((DATA / "schedule_semicolon.csv").read_bytes(), "lich.csv", "thu-ky")
    store.restore(2, "mai")  # the sample back, with its answer
    store.remove_sample("mai")
    store.import_file(OWN.encode(), "mai-chau.csv", "Văn phòng Mai Châu", origin_unit="Mai Châu")
    return store


def table_rows(store: Store) -> dict[str, list[tuple]]:
    """Every row of every copied table, by id, with every column (by name)."""
    out = {}
    with store.reading() as con:
        for table in COPIED:
            columns = sorted(store.engine.columns(con, table))
            rows = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {IDS[table]}").fetchall()
            out[table] = [dict(zip(columns, (bytes(v) if isinstance(v, memoryview) else v for v in r))) for r in rows]
    return out


def views(store: Store) -> dict[int, list[pd.DataFrame]]:
    return {
        v.number: [
            store.reports(v.number),
            store.schedule(v.number),
            store.findings(v.number),
            store.handling(v.number),
        ]
        for v in store.history()
    }


def assert_same_views(source: Store, target: Store) -> None:
    theirs, ours = views(source), views(target)
    assert list(theirs) == list(ours)
    for number, frames in theirs.items():
        for a, b in zip(frames, ours[number]):
            pd.testing.assert_frame_equal(a, b, obj=f"version {number}")


@pytest.mark.parametrize("kinds", [("sqlite", "postgresql"), ("postgresql", "sqlite")], ids=lambda k: "-to-".join(k))
def test_a_round_trip_keeps_every_version_and_row(request, kinds, campaign, tmp_path):
    source = filled(Store(location(request, kinds[0]), campaign), campaign)
    target = Store(location(request, kinds[1]), campaign)
    copied = copy_store(source, target)
    history = source.history()
    kinds_saved = ["progress", "schedule", "findings", "answer", "progress", "schedule", "restore"]
    assert [v.kind for v in history] == [*kinds_saved, "remove_sample", "progress"]
    assert [v.sample for v in history][:5] == [True, True, True, True, False]
    assert copied.versions == 9 and copied.newest == 9 and copied.rows["reports"] > 0
    assert target.history() == history
    assert history[-1].origin_unit == "Mai Châu" and history[3].note is not None
    assert table_rows(target) == table_rows(source)
    assert_same_views(source, target)
    assert (
        target.original_file(5)
        == source.original_file(5)
        == ("utf8_bom_comma.csv", (DATA / "utf8_bom_comma.csv").read_bytes())
    )
    # and on again, into a new SQLite file: the same still
    onward = Store(str(tmp_path / "onward.sqlite"), campaign)
    copy_store(target, onward)
    assert table_rows(onward) == table_rows(source)
    # new versions continue after the copied ones, and so do the rows' ids
    newest_ids = {t: max((r[IDS[t]] for r in rows), default=0) for t, rows in table_rows(target).items()}
    added = target.import_file((DATA / "utf8_semicolon.csv").read_bytes(), "them.csv", "lan")
    assert added.number == 10
    after = table_rows(target)
    assert min(r["id"] for r in after["reports"] if r["valid_from"] == 10) > newest_ids["reports"]
    assert target.restore(9, "lan").number == 11


def test_a_store_that_has_versions_is_never_copied_into(sqlite_location, postgresql_location, campaign):
    source = filled(Store(sqlite_location, campaign), campaign)
    target = Store(postgresql_location, campaign)
    target.import_file((DATA / "utf8_semicolon.csv").read_bytes(), "rieng.csv", "lan")
    before = table_rows(target)
    with pytest.raises(TargetNotEmpty) as refused:
        copy_store(source, target)
    assert refused.value.versions == 1
    assert table_rows(target) == before
    with pytest.raises(TargetNotEmpty):  # nor into itself
        copy_store(source, source)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_failure_midway_leaves_the_target_empty(request, kind, tmp_path, campaign, monkeypatch):
    source = filled(Store(str(tmp_path / "source.sqlite"), campaign), campaign)
    target = Store(location(request, kind), campaign)
    real = target.engine.insert_rows
    done = []

    def failing(con, table, columns, rows):
        if table == "findings":  # versions, reports and schedule are in by now
            raise RuntimeError("the machine fell over")
        done.append(table)
        return real(con, table, columns, rows)

    monkeypatch.setattr(target.engine, "insert_rows", failing)
    with pytest.raises(RuntimeError, match="fell over"):
        copy_store(source, target)
    assert done == ["versions", "reports", "schedule"]
    assert target.history() == [] and all(rows == [] for rows in table_rows(target).values())
    monkeypatch.setattr(target.engine, "insert_rows", real)
    assert copy_store(source, target).versions == 9  # nothing was left behind to refuse it
    assert table_rows(target) == table_rows(source)


def test_a_version_saved_while_copying_is_left_out_whole(sqlite_location, postgresql_location, campaign, monkeypatch):
    """The copy is the source as of its newest version when it began: a restore saved meanwhile
    (which closes rows of earlier versions) changes nothing in it."""
    source = filled(Store(postgresql_location, campaign), campaign)
    before = views(source)
    target = Store(sqlite_location, campaign)
    real = source.engine.columns
    saved = []

    def save_meanwhile(con, table):
        if not saved:
            saved.append(source.restore(1, "mai").number)  # closes most of the current rows
        return real(con, table)

    monkeypatch.setattr(source.engine, "columns", save_meanwhile)
    assert copy_store(source, target).newest == 9 and saved == [10]
    monkeypatch.setattr(source.engine, "columns", real)
    assert target.history() == source.history()[:-1]
    ours = views(target)
    for number, frames in before.items():
        for a, b in zip(frames, ours[number]):
            pd.testing.assert_frame_equal(a, b, obj=f"version {number}")
    assert all(r["valid_to"] is None or r["valid_to"] <= 9 for r in table_rows(target)["reports"])


def test_the_command_copies_refuses_and_says_why(sqlite_location, postgresql_location, tmp_path):
    env = {"DTTS_DB": sqlite_location, "DTTS_EDITORS": str(tmp_path / "editors.json")}
    missing = run("copy-store", "--to", postgresql_location, env=env)
    assert missing.returncode == 2 and "there is no store" in missing.stderr  # never an empty store made
    assert run("import", str(DATA / "utf8_bom_comma.csv"), "--by", "Lan", env=env).returncode == 0
    assert run("import", str(DATA / "schedule_semicolon.csv"), env=env).returncode == 0
    assert run("restore", "1", "--by", "Mai", env=env).returncode == 0
    copied = run("copy-store", "--to", postgresql_location, env=env)
    assert copied.returncode == 0, copied.stderr
    assert "copied 3 version(s)" in copied.stdout and PASSWORD not in copied.stdout + copied.stderr
    history = run("history", "--json", env=env)
    assert json.loads(history.stdout)["versions"]
    assert run("history", "--json", env={**env, "DTTS_DB": postgresql_location}).stdout == history.stdout
    again = run("copy-store", "--to", postgresql_location, env=env)
    assert again.returncode == 1 and "3 version(s)" in again.stderr and "Traceback" not in again.stderr
    back = run("copy-store", "--to", str(tmp_path / "new" / "back.sqlite"), env={**env, "DTTS_DB": postgresql_location})
    assert back.returncode == 0, back.stderr
    assert (
        run("history", "--json", env={**env, "DTTS_DB": str(tmp_path / "new" / "back.sqlite")}).stdout == history.stdout
    )
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    unreachable = run("copy-store", "--to", f"postgresql://dtts:secret@127.0.0.1:{port}/x?connect_timeout=3", env=env)
    assert unreachable.returncode == 2 and "unreachable" in unreachable.stderr
    assert "Traceback" not in unreachable.stderr and "secret" not in unreachable.stderr


@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed (Debian package postgresql-client)")
def test_a_pg_dump_backup_restores_every_version(postgresql_location, pg_server, campaign, tmp_path):
    """The README's backup of a PostgreSQL store: pg_dump, and pg_restore into an empty database."""
    source = filled(Store(postgresql_location, campaign), campaign)
    backup = tmp_path / "dtts.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={backup}", postgresql_location], check=True, timeout=120)
    name = pg_server.new_database()
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--dbname", pg_server.url(name), str(backup)], check=True, timeout=120
        )
        restored = Store(pg_server.url(name), campaign)
        assert restored.history() == source.history() and table_rows(restored) == table_rows(source)
        assert restored.restore(1, "lan").number == 10  # numbering goes on after the restored versions
    finally:
        pg_server.drop_database(name)
