"""Rows owed: a large real file's rows are written to their table after its version commits
(``Store.settle``). Whatever reads or writes meanwhile, in this process or another, sees the
same as if they had been written at once; a crash before they are written loses nothing."""

import dataclasses
import threading
import time

import pandas as pd
import pytest

from dtts_dashboard import copying, snapshot
from dtts_dashboard import store as store_module
from dtts_dashboard.store import Store

from .test_store import csv, dump

FIRST = [
    "20/5/2024,Cao Phong,Đang thực hiện,Chưa thực hiện,",
    "20/5/2024,Đà Bắc,Chưa thực hiện,,Đường xa",
    "27/5/2024,Kim Bôi,Hoàn thành,Đang thực hiện,",
]
SECOND = [
    "20/5/2024,Cao Phong,Hoàn thành,Chưa thực hiện,",
    "3/6/2024,Đà Bắc,Đang thực hiện,,",
    "3/6/2024,Lạc Sơn,Hoàn thành,Hoàn thành,Kinh phí",
]


def content(location) -> dict[str, list]:
    """Each content table's rows, in full but for their ids (the order they were written in
    may differ), sorted."""
    if str(location).startswith("postgresql://"):
        import psycopg

        con = psycopg.connect(str(location))
    else:
        import sqlite3

        con = sqlite3.connect(location)
    try:
        found = {}
        for table in store_module.TABLES:
            cursor = con.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            rows = [tuple(v for n, v in zip(names, row) if n != "id") for row in cursor.fetchall()]
            found[table] = sorted(rows, key=repr)
        return found
    finally:
        con.close()


def owed_rows(store) -> list:
    with store._read() as con:
        return con.execute("SELECT version, tbl, row_count FROM owed ORDER BY version").fetchall()


@pytest.fixture
def pair(any_db, tmp_path, campaign, request, monkeypatch):
    """Two stores on one back end: ``owing`` owes the rows of every real file of two rows or
    more, and writes them only when something needs them (no thread right after the save);
    ``at_once`` writes every file's rows in its transaction, as before rows were owed."""
    monkeypatch.setattr(store_module, "OWED_ROWS", 2)
    monkeypatch.setattr(snapshot, "MIN_ROWS", 0)  # snapshots of every version: their paths too
    monkeypatch.setattr(Store, "_settle_later", lambda self: None)
    if str(any_db).startswith("postgresql://"):
        server = request.getfixturevalue("pg_server")
        name = server.new_database()
        other = server.url(name)
        request.addfinalizer(lambda: server.drop_database(name))
    else:
        other = tmp_path / "at-once.sqlite"
    stores = Store(any_db, campaign), Store(other, campaign)
    for store, location in zip(stores, (any_db, other)):
        store.location = location  # with its password (``path`` shows a URL without it)
    yield stores
    snapshot.flush()


def both(pair, action):
    owing, at_once = pair
    with pytest.MonkeyPatch.context() as m:
        m.setattr(store_module, "OWED_ROWS", 10**9)
        theirs = action(at_once)
    mine = action(owing)
    snapshot.flush()
    return mine, theirs


def history_of(pair):
    """The same saves on both: the sample, a first real file (which sets it aside), a second
    that changes and adds rows. The second's rows are owed by ``owing``."""
    both(pair, lambda s: s.load_sample_if_empty())
    both(pair, lambda s: s.import_file(csv(FIRST), "a.csv", "lan").number)
    owing, _ = pair
    owing.settle()
    return both(pair, lambda s: s.import_file(csv(SECOND), "b.csv", "lan").number)


READS = {
    "reports now": lambda s: s.reports(),
    "reports of the version before": lambda s: s.reports(s.latest() - 1),
    "as of a date, by SQL": lambda s: s.as_of_sql("2024-06-03"),
    "a unit's history": lambda s: s.unit_history("Cao Phong"),
    "sample in view": lambda s: s.sample_in_view(),
    "sample in view before": lambda s: s.sample_in_view(s.latest() - 1),
    "a preview": lambda s: s.preview(store_module.check_file(csv(FIRST), "c.csv", s.campaign)).changed,
}


@pytest.mark.parametrize("read", READS, ids=list(READS))
def test_every_read_while_rows_are_owed_sees_them(pair, read):
    owing, at_once = pair
    number, _ = history_of(pair)
    assert owed_rows(owing) == [(number, "reports", 3)]  # owed: not in the table yet
    mine, theirs = READS[read](owing), READS[read](at_once)
    if isinstance(mine, pd.DataFrame):
        pd.testing.assert_frame_equal(mine, theirs)
    else:
        assert mine == theirs


def test_a_new_versions_snapshot_lost_never_answers_for_it_with_an_older_one(pair):
    owing, at_once = pair
    history_of(pair)
    with owing.writing() as con:  # before the rows are written: the writing settles them first
        pass
    assert owed_rows(owing) == []
    number, _ = both(
        pair,
        lambda s: (
            s.import_file(
                csv([*SECOND, "10/6/2024,Mai Châu,Hoàn thành,,", "10/6/2024,Tân Lạc,,,"]), "d.csv", "lan"
            ).number
        ),
    )
    with owing._write(settle=False) as con:
        con.execute("DELETE FROM snapshots WHERE version = ?", (number,))
    assert owed_rows(owing) == [(number, "reports", 2)]
    pd.testing.assert_frame_equal(Store(owing.location, owing.campaign).reports(), at_once.reports())


def test_knowing_real_data_are_in_view_writes_nothing(pair):
    """Every page asks whether the sample or real data are in view: answered while the first
    real file's rows are owed (the sample set aside by its version), without writing them."""
    owing, at_once = pair
    both(pair, lambda s: s.load_sample_if_empty())
    number, _ = both(pair, lambda s: s.import_file(csv(FIRST), "a.csv", "lan").number)
    assert owing.sample_in_view() is at_once.sample_in_view() is False
    assert owing.sample_in_view(number - 1) is at_once.sample_in_view(number - 1) is True
    with owing._read() as con:
        assert owing._real_in_view(con, None) and owing._real_in_view(con, number)
        assert not owing._real_in_view(con, number - 1)
    assert owed_rows(owing) == [(number, "reports", 3)]


def test_once_written_the_tables_hold_what_writing_at_once_would(pair):
    owing, at_once = pair
    history_of(pair)
    both(pair, lambda s: s.restore(2, "lan"))  # a write: the rows owed are written first
    assert owed_rows(owing) == []
    both(pair, lambda s: s.import_file(csv(SECOND), "e.csv", "lan"))
    assert Store(owing.location, owing.campaign).settle() == 1
    assert content(owing.location) == content(at_once.location)


def test_a_process_that_ends_before_writing_them_leaves_them_to_the_next(pair, campaign):
    """As if the saving process had died after the commit: another process's store reads them
    (written then, once), and the versions say what they said."""
    owing, at_once = pair
    history_of(pair)
    other = Store(owing.location, campaign)
    pd.testing.assert_frame_equal(other.as_of_sql("2024-06-10"), at_once.as_of_sql("2024-06-10"))
    assert owed_rows(owing) == [] and other.settle() == 0
    assert content(owing.location) == content(at_once.location)


def test_several_writing_them_at_once_write_them_once(pair, campaign):
    owing, at_once = pair
    history_of(pair)
    stores = [Store(owing.location, campaign) for _ in range(4)]
    written, errors = [], []

    def settle(s):
        try:
            written.append(s.settle())
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=settle, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and sorted(written) == [0, 0, 0, 1]
    assert content(owing.location) == content(at_once.location)


def test_a_copy_of_a_store_owing_rows_holds_them(pair, tmp_path, campaign):
    owing, at_once = pair
    history_of(pair)
    target = Store(tmp_path / "copy.sqlite", campaign)
    copying.copy_store(owing, target)
    assert content(tmp_path / "copy.sqlite") == content(at_once.location)


def test_the_saving_process_writes_them_right_after_the_save(any_db, campaign, monkeypatch):
    monkeypatch.setattr(store_module, "OWED_ROWS", 2)
    store = Store(any_db, campaign)
    number = store.import_file(csv(FIRST), "a.csv", "lan").number
    store_module.settling_done()
    assert owed_rows(store) == []
    with store._read() as con:
        assert con.execute("SELECT count(*) FROM reports WHERE valid_from = ?", (number,)).fetchone()[0] == 3


def test_a_change_arrow_cannot_hold_is_written_at_once():
    mixed = pd.DataFrame({"unit": ["Cao Phong", 3]}, dtype=object)
    assert store_module._encoded(mixed) is None
    assert store_module._encoded(pd.DataFrame({"unit": ["Cao Phong"]})) is not None


def test_the_sample_and_small_files_owe_nothing(any_db, campaign):
    store = Store(any_db, campaign)
    store.load_sample_if_empty()
    store.import_file(csv(FIRST), "a.csv", "lan")
    assert owed_rows(store) == [] and "owed" in dump(any_db)


def test_a_save_queued_behind_one_that_owes_rows_writes_them_first(any_db, campaign, monkeypatch):
    """A save that waits for the writers' lock while a large file is being saved finds the
    rows that file owes once it has the lock, and writes them before its own: else its row
    would be closed later by the file's, older, change (found by a reviewer)."""
    monkeypatch.setattr(store_module, "OWED_ROWS", 2)
    monkeypatch.setattr(Store, "_settle_later", lambda self: None)
    a, b = Store(any_db, campaign), Store(any_db, campaign)
    a.import_file(csv(FIRST[:2]), "first.csv", "lan")
    inside, go = threading.Event(), threading.Event()
    real = Store._write_keyed

    def held(self, *args, **kwargs):  # the large file's save holds the lock until told to go
        owes = real(self, *args, **kwargs)
        if threading.current_thread().name == "large":
            inside.set()
            go.wait(30)
        return owes

    monkeypatch.setattr(Store, "_write_keyed", held)
    both_changed = ["20/5/2024,Cao Phong,Hoàn thành,Hoàn thành,B", "20/5/2024,Đà Bắc,Hoàn thành,,B"]
    large = threading.Thread(target=b.import_file, args=(csv(both_changed), "b.csv", "lan"), name="large")
    large.start()
    assert inside.wait(30)
    small = threading.Thread(target=a.import_file, args=(csv(["20/5/2024,Cao Phong,,,A"]), "a.csv", "lan"))
    small.start()
    time.sleep(0.5)  # it queues behind the large file's save
    go.set()
    large.join(30)
    small.join(30)
    assert owed_rows(a) == [] and a.settle() == 0
    current = a.as_of_sql("2024-12-31").set_index("unit")["difficulties"].to_dict()
    assert current == {"Cao Phong": "A", "Đà Bắc": "B"}
    with a._read() as con:
        assert not con.execute("SELECT 1 FROM reports WHERE valid_to < valid_from").fetchall()


def test_rows_owed_by_a_process_with_fewer_items_are_written_by_one_with_more(any_db, campaign, monkeypatch):
    """The campaign file edited (an item added) and the server restarted before the rows of
    its last save were written: the new server writes them, the new item's cells empty."""
    monkeypatch.setattr(store_module, "OWED_ROWS", 2)
    monkeypatch.setattr(Store, "_settle_later", lambda self: None)
    fewer = dataclasses.replace(campaign, items=[i for i in campaign.items if i.key != "programme"])
    saver = Store(any_db, fewer)
    number = saver.import_file(csv(FIRST), "a.csv", "lan").number
    assert owed_rows(saver) == [(number, "reports", 3)]
    later = Store(any_db, campaign)
    assert later.settle() == 1
    rows = later.reports()
    assert len(rows) == 3 and rows["programme"].isna().all()
    assert rows.set_index("unit").loc["Kim Bôi", "documents"] == "done"
    later.import_file(csv(["27/5/2024,Kim Bôi,Đang thực hiện,,"]), "b.csv", "lan")
    assert later.reports().set_index("unit").loc["Kim Bôi", "documents"] == "in_progress"


def test_counts_kept_from_the_stored_rows_are_written_as_they_were(pair):
    """A file without the delegates column keeps each row's stored count (a column of whole
    numbers with gaps, not a categorical): owed and written later, the counts stay whole."""
    first = "Ngày báo cáo,Đơn vị,Dự thảo Văn kiện,Số đại biểu chính thức\r\n" + "\r\n".join(
        ["20/5/2024,Cao Phong,Đang thực hiện,120", "20/5/2024,Đà Bắc,Chưa thực hiện,", "20/5/2024,Kim Bôi,,95"]
    )
    both(pair, lambda s: s.import_file(first.encode("utf-8"), "a.csv", "lan"))
    owing, at_once = pair
    owing.settle()
    again = "Ngày báo cáo,Đơn vị,Dự thảo Văn kiện\r\n" + "\r\n".join(
        ["20/5/2024,Cao Phong,Hoàn thành", "20/5/2024,Đà Bắc,Hoàn thành", "20/5/2024,Kim Bôi,Hoàn thành"]
    )
    number, _ = both(pair, lambda s: s.import_file(again.encode("utf-8"), "b.csv", "lan").number)
    assert owed_rows(owing) == [(number, "reports", 3)]
    assert owing.settle() == 1
    assert content(owing.location) == content(at_once.location)
    with owing._read() as con:
        counts = con.execute("SELECT unit, delegates FROM reports WHERE valid_from = ? ORDER BY unit", (number,))
        assert [(u, d) for u, d in counts.fetchall()] == [("Cao Phong", 120), ("Kim Bôi", 95), ("Đà Bắc", None)]


def test_damaged_owed_bytes_are_a_damaged_store_and_pages_go_on(pair):
    owing, at_once = pair
    history_of(pair)
    with owing._write(settle=False) as con:
        con.execute("UPDATE owed SET data = ?", (b"not arrow",))
    with pytest.raises(store_module.StoreFault) as caught:
        owing.settle()
    assert caught.value.code == "corrupt"
    pd.testing.assert_frame_equal(owing.reports(), at_once.reports())  # from the version's snapshot


def test_a_store_owing_rows_is_not_empty_for_a_copy_and_is_left_as_it_is(pair):
    owing, at_once = pair
    number, _ = history_of(pair)
    with pytest.raises(copying.TargetNotEmpty):
        copying.copy_store(at_once, owing)
    assert owed_rows(owing) == [(number, "reports", 3)]
