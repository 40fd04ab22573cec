"""Columnar snapshots: the same frames as SQL, for every version; never another store's or
version's rows; a damaged one, or one that cannot be written, costs only speed."""

import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from dtts_dashboard import snapshot
from dtts_dashboard.store import TABLES, Store

DATA = Path(__file__).resolve().parent / "data"
READERS = {"reports": "reports", "schedule": "schedule", "findings": "findings", "followups": "handling"}


@pytest.fixture(autouse=True)
def every_size(monkeypatch):
    """Snapshots for the small tables of these tests too (the threshold is for speed only)."""
    monkeypatch.setattr(snapshot, "MIN_ROWS", 0)
    yield
    snapshot.flush()


def csv(rows: list[str]) -> bytes:
    return ("\r\n".join(["Ngày báo cáo,Đơn vị,Dự thảo Văn kiện,Dự thảo Kịch bản", *rows]) + "\r\n").encode()


def by_sql(store: Store, table: str, version: int | None) -> pd.DataFrame:
    with store._read() as con:
        return store._sql_frame(con, table, version)


def view(store: Store, table: str, version: int | None = None) -> pd.DataFrame:
    return getattr(store, READERS[table])(version)


def snapshots(path) -> list[tuple]:
    if str(path).startswith("postgresql://"):
        import psycopg

        with psycopg.connect(str(path)) as con:
            return [tuple(r) for r in con.execute("SELECT version, tbl FROM snapshots ORDER BY version, tbl")]
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT version, tbl FROM snapshots ORDER BY version, tbl").fetchall()
    finally:
        con.close()


def written(store: Store, table: str, version: int | None = None) -> pd.DataFrame:
    """Read once (SQL, writing the snapshot), wait for it, and read again (the snapshot)."""
    first = view(store, table, version)
    snapshot.flush()
    return first


def build(store: Store) -> list[int]:
    """Sample data, then real reports over three versions, a restore and an answer."""
    store.load_sample_if_empty()
    store.import_file(csv(["30/5/2024,Cao Phong,Đang thực hiện,", "30/5/2024,Đà Bắc,Chưa,"]), "a.csv", "lan")
    store.import_file(csv(["30/5/2024,Cao Phong,Hoàn thành,", "3/6/2024,Cao Phong,Hoàn thành,x"]), "b.csv", "mai")
    store.restore(4, "lan")
    store.answer("x1", "Cao Phong", "in_hand", "lan", owner="Sở Nội vụ")
    return [v.number for v in store.history()]


def test_every_table_and_version_reads_the_same_from_its_snapshot_as_from_sql(any_db, campaign):
    store = Store(any_db, campaign)
    numbers = build(store)
    for version in [*numbers, None]:
        for table in TABLES:
            expected = by_sql(store, table, version)
            written(store, table, version)
            again = view(store, table, version)
            pd.testing.assert_frame_equal(again, expected)
    # the snapshots were written, and so were read: of each table, the newest KEEP versions
    # that changed its rows (a version that did not reads the snapshot of the one before)
    kept = snapshots(any_db)
    assert {t for _, t in kept} == set(TABLES)
    changed = [v for v in numbers if v == 1 or not by_sql(store, "reports", v).equals(by_sql(store, "reports", v - 1))]
    assert numbers[-1] not in changed  # the answer
    assert {v for v, t in kept if t == "reports"} == set(changed[-snapshot.KEEP :])
    assert (numbers[-1], "followups") in kept


def test_a_version_that_leaves_a_table_as_it_was_reads_the_earlier_snapshot(any_db, campaign, monkeypatch):
    """An answer or a schedule saved after a large file of reports leaves the reports as they
    were: the reports' snapshot of the version before answers (at 600,000 reports SQL took
    4 s after each such save). A restore changes them: SQL answers, then a snapshot of its own."""
    store = Store(any_db, campaign)
    numbers = build(store)
    written(store, "reports")  # the restore's snapshot (a restore writes none itself)
    read = []
    real = Store._sql_frame
    monkeypatch.setattr(
        Store, "_sql_frame", lambda self, con, table, *a: read.append(table) or real(self, con, table, *a)
    )
    for change in (
        lambda: store.answer("x2", "Đà Bắc", "answered", "mai", response="Đã trả lời"),
        lambda: store.import_file((DATA / "schedule_semicolon.csv").read_bytes(), "lich.csv", "lan"),
    ):
        change()
        snapshot.flush()
        read.clear()
        now = store.reports()
        assert "reports" not in read
        pd.testing.assert_frame_equal(now, real(store, store.engine.connect(), "reports", None))
    store.restore(numbers[1], "lan")  # the sample's version: the real reports leave
    read.clear()
    now = store.reports()
    assert read == ["reports"] and now["sample"].all()
    monkeypatch.setattr(Store, "_sql_frame", real)
    pd.testing.assert_frame_equal(now, by_sql(store, "reports", None))


def test_the_snapshot_is_what_is_read(db, campaign):
    """Once written, the snapshot answers: rows changed behind the store's back (which no
    version ever does) do not show; that is what makes it fast, and why it must fit."""
    store = Store(db, campaign)
    build(store)
    before = written(store, "reports")
    con = sqlite3.connect(db)
    con.execute("UPDATE reports SET s_documents = 'not_started'")
    con.commit()
    con.close()
    pd.testing.assert_frame_equal(store.reports(), before)
    assert (by_sql(store, "reports", None)["documents"] == "not_started").all()


def test_a_new_version_is_never_answered_by_the_snapshot_of_the_one_before(db, campaign):
    store = Store(db, campaign)
    build(store)
    written(store, "reports")
    store.import_file(csv(["5/6/2024,Đà Bắc,Hoàn thành,"]), "c.csv", "lan")
    now = store.reports()
    assert ("Đà Bắc", "2024-06-05") in set(zip(now["unit"], now["report_date"]))
    pd.testing.assert_frame_equal(now, by_sql(store, "reports", None))


def test_after_sample_removal_and_restore_the_views_follow(db, campaign):
    store = Store(db, campaign)
    store.load_sample_if_empty()
    sample = written(store, "reports")
    assert sample["sample"].all() and len(sample)
    removed = store.remove_sample("lan").number
    assert written(store, "reports").empty
    assert store.reports().empty
    back = store.restore(removed - 1, "lan").number
    content = sample.drop(columns="valid_from")  # the restore brought the rows in again
    pd.testing.assert_frame_equal(written(store, "reports").drop(columns="valid_from"), content)
    pd.testing.assert_frame_equal(store.reports().drop(columns="valid_from"), content)
    pd.testing.assert_frame_equal(store.reports(back), by_sql(store, "reports", back))
    assert (store.reports()["valid_from"] == back).all()
    assert store.reports(removed).empty


def test_a_store_restored_from_a_backup_or_another_store_never_gets_these_snapshots(db, campaign, tmp_path):
    store = Store(db, campaign)
    build(store)
    snapshot.flush()
    backup = tmp_path / "backup.sqlite"
    shutil.copy(db, backup)  # with the snapshots its own saves wrote, none of the later ones
    own = snapshots(backup)
    written(store, "reports")
    store.import_file(csv(["5/6/2024,Đà Bắc,Hoàn thành,"]), "c.csv", "lan")
    later = written(store, "reports")
    assert len(snapshots(db)) >= 2
    # the backup put back in place of the store: its own rows, whatever the newer file held
    shutil.copy(backup, db)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    restored = Store(db, campaign)
    assert snapshots(db) == own  # none of the newer store's
    assert len(restored.reports()) == len(later) - 1
    pd.testing.assert_frame_equal(restored.reports(), by_sql(restored, "reports", None))


def test_a_snapshot_copied_from_another_store_is_ignored(db, campaign, tmp_path):
    """Same version number, other content: the version's stamp (time, digest) differs."""
    other = Store(tmp_path / "other.sqlite", campaign)
    other.import_file(csv(["30/5/2024,Cao Phong,Hoàn thành,", "30/5/2024,Lạc Sơn,Hoàn thành,"]), "z.csv", "x")
    written(other, "reports")
    store = Store(db, campaign)
    store.import_file(csv(["30/5/2024,Đà Bắc,Chưa,"]), "a.csv", "lan")
    con = sqlite3.connect(db)
    con.execute("ATTACH DATABASE ? AS other", (str(tmp_path / "other.sqlite"),))
    # in place of the store's own (its save wrote one for the same version and table)
    assert con.execute("INSERT OR REPLACE INTO snapshots SELECT * FROM other.snapshots").rowcount == 1
    con.commit()
    con.close()
    assert list(store.reports()["unit"]) == ["Đà Bắc"]


def test_a_snapshot_of_other_columns_is_ignored(db, campaign):
    """The campaign's items make the columns: a snapshot of other ones is not this view's."""
    store = Store(db, campaign)
    store.import_file(csv(["30/5/2024,Đà Bắc,Chưa,"]), "a.csv", "lan")
    written(store, "reports")
    con = sqlite3.connect(db)
    con.execute("UPDATE snapshots SET column_list = column_list || ',s_extra'")
    con.execute("UPDATE reports SET s_documents = 'done'")
    con.commit()
    con.close()
    assert list(store.reports()["documents"]) == ["done"]


@pytest.mark.parametrize("damage", [b"", b"not arrow at all", "truncated", "other rows"])
def test_a_damaged_snapshot_falls_back_to_sql(db, campaign, damage):
    store = Store(db, campaign)
    build(store)
    expected = written(store, "reports")
    con = sqlite3.connect(db)
    data = con.execute("SELECT data FROM snapshots WHERE tbl = 'reports'").fetchone()[0]
    if damage == "truncated":
        damage = data[: len(data) // 2]
    if damage == "other rows":  # whole and readable, but not as many rows as written
        damage = snapshot.encode(by_sql(store, "reports", 5))
        assert len(by_sql(store, "reports", 5)) != len(expected)
    con.execute("UPDATE snapshots SET data = ? WHERE tbl = 'reports'", (damage,))
    con.commit()
    con.close()
    pd.testing.assert_frame_equal(store.reports(), expected)
    snapshot.flush()  # a good one is written again for next time
    pd.testing.assert_frame_equal(store.reports(), expected)


def test_a_snapshot_whose_text_is_not_text_is_refused():
    """Arrow bytes that hold together as a stream but not inside (text that is not UTF-8)
    are refused when read, not handed to a page that would fail on them later."""
    import io

    import pyarrow as pa

    frame = pd.DataFrame({"unit": pd.Series(["Mai Châu", "Đà Bắc", "Mai Châu"], dtype="str"), "n": [1, 2, 3]})
    arrow = pa.ipc.open_stream(snapshot.encode(frame)).read_all()
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, arrow.schema) as writer:  # uncompressed: the text can be edited
        writer.write_table(arrow)
    plain = sink.getvalue()
    assert snapshot.decode(plain, 3).equals(frame)
    with pytest.raises(pa.ArrowInvalid, match="UTF8|UTF-8|utf"):
        snapshot.decode(plain.replace("Mai Châu".encode(), b"Mai Ch\xff\xfeu"), 3)


def test_a_snapshot_that_cannot_be_written_fails_nothing(db, campaign, caplog):
    store = Store(db, campaign)
    build(store)
    con = sqlite3.connect(db)
    con.execute("DROP TABLE snapshots")
    con.commit()
    con.close()
    expected = by_sql(store, "reports", None)
    pd.testing.assert_frame_equal(written(store, "reports"), expected)
    assert "not written" in caplog.text
    pd.testing.assert_frame_equal(store.reports(), expected)
    # and saving goes on as before
    assert store.import_file(csv(["5/6/2024,Đà Bắc,Hoàn thành,"]), "c.csv", "lan").added == 1


def test_a_read_only_store_reads_its_snapshots_and_writes_none(db, campaign):
    store = Store(db, campaign)
    build(store)
    expected = written(store, "reports")
    viewer = Store(db, campaign, read_only=True)
    pd.testing.assert_frame_equal(viewer.reports(), expected)
    count = len(snapshots(db))
    viewer.reports(2)
    snapshot.flush()
    assert len(snapshots(db)) == count


def test_small_tables_get_no_snapshot(db, campaign, monkeypatch):
    monkeypatch.setattr(snapshot, "MIN_ROWS", 1000)
    store = Store(db, campaign)
    build(store)
    written(store, "reports")
    assert snapshots(db) == []


@pytest.mark.parametrize("first", ["real", "sample"])
def test_a_file_is_compared_with_the_newest_versions_snapshot_and_saved_as_from_sql(
    any_db, campaign, tmp_path, monkeypatch, first
):
    """Saving compares a file with the current rows, read from the newest version's snapshot
    when there is one (SQL takes seconds for 600,000 rows); what is saved, and the version's
    counts, are those of a store where SQL answers. With the sample in view, the first real
    file sets it aside and compares with nothing."""
    later = csv(["30/5/2024,Cao Phong,Hoàn thành,", "3/6/2024,Cao Phong,Đang thực hiện,x", "5/6/2024,Đà Bắc,x,"])
    reference = Store(tmp_path / "reference.sqlite", campaign)  # never a snapshot: SQL answers
    store = Store(any_db, campaign)
    for each in (reference, store):
        if first == "real":
            build(each)
        else:
            each.load_sample_if_empty()
    written(store, "reports")  # the newest version's snapshot
    assert any(t == "reports" for _, t in snapshots(any_db))
    monkeypatch.setattr(snapshot, "MIN_ROWS", 10**9)  # the reference writes none
    read = []
    real = Store._sql_frame
    monkeypatch.setattr(
        Store, "_sql_frame", lambda self, con, table, *a: read.append(table) or real(self, con, table, *a)
    )
    saved = store.import_file(later, "later.csv", "lan")
    assert "reports" not in read  # compared with the snapshot
    expected = reference.import_file(later, "later.csv", "lan")
    assert (saved.added, saved.changed) == (expected.added, expected.changed)
    assert saved.added and (saved.changed if first == "real" else not saved.changed)
    monkeypatch.setattr(Store, "_sql_frame", real)
    for version in (None, saved.number - 1):
        pd.testing.assert_frame_equal(by_sql(store, "reports", version), by_sql(reference, "reports", version))


def test_a_snapshot_that_fails_to_be_read_inside_a_save_costs_nothing_but_speed(any_db, campaign, monkeypatch):
    """A snapshot read that fails in the database while a file is being saved (PostgreSQL then
    refuses every later statement of the transaction) is undone: the file is saved from SQL."""
    store = Store(any_db, campaign)
    build(store)
    written(store, "reports")

    def failing(con, *args):
        try:
            con.execute("SELECT no_such_column FROM snapshots")
        except Exception:  # noqa: BLE001 (as snapshot._load does: a failure costs only speed)
            return None

    monkeypatch.setattr(snapshot, "_load", failing)
    saved = store.import_file(csv(["5/6/2024,Đà Bắc,Hoàn thành,"]), "c.csv", "lan")
    assert saved.added == 1
    now = by_sql(store, "reports", None)
    assert ("Đà Bắc", "2024-06-05") in set(zip(now["unit"], now["report_date"]))


FINDINGS = "Đơn vị;Ngày kiểm tra;Dự thảo Văn kiện;Dự thảo Kịch bản;Kiến nghị của đoàn;Hạn hoàn thành\r\n"


@pytest.mark.parametrize("first", ["real", "sample"])
def test_a_save_writes_its_versions_snapshot_made_from_the_change(any_db, campaign, monkeypatch, first):
    """A saved file's version gets its snapshot from the rows before it and its change (at
    600,000 reports, the first read after a save took 4 s of SQL): new rows, rows replaced,
    a column the file lacks, findings, and the sample set aside by the first real file read
    the same as from SQL, and SQL is not read for them."""
    store = Store(any_db, campaign)
    if first == "real":
        build(store)
    else:
        store.load_sample_if_empty()
    snapshot.flush()
    read = []
    real = Store._sql_frame
    monkeypatch.setattr(
        Store, "_sql_frame", lambda self, con, table, *a: read.append(table) or real(self, con, table, *a)
    )
    files = [
        (
            "reports",
            csv(["30/5/2024,Cao Phong,Hoàn thành,", "3/6/2024,Cao Phong,Đang thực hiện,x", "5/6/2024,Đà Bắc,x,"]),
        ),
        ("reports", (DATA / "utf8_bom_comma.csv").read_bytes()),
        ("reports", "Ngày báo cáo,Đơn vị,Số đại biểu chính thức\r\n30/05/2024,Cao Phong,111\r\n".encode()),
        ("findings", (FINDINGS + "Cao Phong;03/06/2024;Đạt;Chưa đạt;Hoàn thiện;10/06/2024\r\n").encode()),
        ("findings", "Đơn vị;Ngày kiểm tra;Dự thảo Kịch bản\r\nCao Phong;03/06/2024;Đạt\r\n".encode()),
    ]
    for table, data in files:
        saved = store.import_file(data, f"{table}.csv", "lan")
        snapshot.flush()
        assert (saved.number, table) in snapshots(any_db)
        read.clear()
        now = view(store, table)
        assert table not in read  # the snapshot answered
        monkeypatch.setattr(Store, "_sql_frame", real)
        pd.testing.assert_frame_equal(now, by_sql(store, table, None))
        monkeypatch.setattr(
            Store, "_sql_frame", lambda self, con, table, *a: read.append(table) or real(self, con, table, *a)
        )
    assert store.reports().loc[lambda f: f["unit"] == "Cao Phong", "delegates"].tolist()[0] == 111
    assert not store.sample_in_view()


def test_a_read_right_after_a_save_takes_the_rows_being_made_without_waiting_for_writers(any_db, campaign, monkeypatch):
    """The Upload page reruns at once after saving: it takes the rows this process's thread
    made for the version's snapshot (a second or so at 600,000 reports) instead of reading SQL
    (4 s), and never waits for the snapshot's write, which queues behind every other writer
    (another app server's import): here another store holds the writers' lock meanwhile."""
    import threading

    store = Store(any_db, campaign)
    build(store)
    written(store, "reports")
    gate = threading.Event()
    real_encode = snapshot.encode
    monkeypatch.setattr(snapshot, "encode", lambda frame: gate.wait(30) and real_encode(frame))
    read = []
    real = Store._sql_frame
    monkeypatch.setattr(
        Store, "_sql_frame", lambda self, con, table, *a: read.append(table) or real(self, con, table, *a)
    )
    saved = store.import_file(csv(["5/6/2024,Đà Bắc,Hoàn thành,"]), "c.csv", "lan")
    read.clear()
    with Store(any_db, campaign)._write():  # another writer: the snapshot cannot be stored now
        gate.set()
        now = store.reports()
        assert (saved.number, "reports") not in snapshots(any_db)
    assert "reports" not in read and ("Đà Bắc", "2024-06-05") in set(zip(now["unit"], now["report_date"]))
    snapshot.flush()
    assert (saved.number, "reports") in snapshots(any_db)
    monkeypatch.setattr(Store, "_sql_frame", real)
    pd.testing.assert_frame_equal(now, by_sql(store, "reports", None))


def test_on_a_database_of_another_collation_a_saves_snapshot_keeps_sqls_order(pg_server, campaign):
    """PostgreSQL sorts by the database's collation (a plain ``createdb`` takes the server's
    locale); the snapshot a save makes is sorted by characters' code, as SQLite sorts: SQL
    reads in that order on every database, so the two agree."""
    import os

    import psycopg

    name = f"vi{os.getpid()}"
    with psycopg.connect(pg_server.url(), autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'vi-VN'")
    with psycopg.connect(pg_server.url(name)) as con:
        ordered = con.execute("SELECT u FROM unnest(ARRAY['Mai Châu', 'Đà Bắc']) AS u ORDER BY u").fetchall()
        assert [r[0] for r in ordered] == ["Đà Bắc", "Mai Châu"]  # the database's order, not the code order
    try:
        store = Store(pg_server.url(name), campaign)
        rows = ["30/5/2024,Mai Châu,Chưa,", "30/5/2024,Đà Bắc,Chưa,", "30/5/2024,Cao Phong,Chưa,"]
        saved = store.import_file(csv(rows), "a.csv", "lan")
        snapshot.flush()
        assert (saved.number, "reports") in snapshots(pg_server.url(name))
        now = store.reports()
        assert list(now["unit"]) == ["Cao Phong", "Mai Châu", "Đà Bắc"]
        pd.testing.assert_frame_equal(now, by_sql(store, "reports", None))
    finally:
        pg_server.drop_database(name)


def test_real_rows_come_into_view_elsewhere_and_the_earlier_snapshot_is_not_used(db, campaign):
    """A store written before the first real file set the sample aside may hold sample reports
    beside real rows of another table. The version that brings real rows into view changes no
    report, yet the sample's reports leave the view then: the reports' earlier snapshot (of
    the sample in view) does not answer for it."""
    store = Store(db, campaign)
    store.load_sample_if_empty()
    before = written(store, "reports")
    assert len(before) and before["sample"].all()
    answered = store.answer("x1", "Cao Phong", "in_hand", "lan").number  # the sample's, as the store makes it
    con = sqlite3.connect(db)
    con.execute("UPDATE followups SET sample = 0 WHERE valid_from = ?", (answered,))  # as an older store held it
    con.commit()
    con.close()
    now = store.reports()
    assert now.empty
    pd.testing.assert_frame_equal(now, by_sql(store, "reports", None))


def test_whether_a_version_changed_a_table_is_asked_of_indexes(db, campaign):
    """The two look-ups that let a version read an earlier snapshot search an index each (at
    600,000 reports a scan of the table on every such read, and inside every save, costs)."""
    store = Store(db, campaign)
    build(store)
    con = sqlite3.connect(db)
    for table in TABLES:
        for column in ("valid_from", "valid_to"):
            sql = f"EXPLAIN QUERY PLAN SELECT 1 FROM {table} WHERE {column} > ? AND {column} <= ? LIMIT 1"
            plan = " ".join(str(row[-1]) for row in con.execute(sql, (1, 2)))
            assert "USING" in plan and "INDEX" in plan and column in plan, (table, column, plan)
    con.close()
