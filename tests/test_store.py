"""The store: versions, as-of views, restore, sample data, refusals, and the schema's migration."""

import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from dtts_dashboard.problems import InputError
from dtts_dashboard.store import MIGRATIONS, SAMPLE_FILES, SCHEMA_VERSION, Store, StoreError

DATA = Path(__file__).resolve().parent / "data"
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


def dump(location) -> str:
    """Everything a store holds, as text (to show that something changed nothing)."""
    if str(location).startswith("postgresql://"):
        import psycopg

        with psycopg.connect(str(location)) as con:
            tables = con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1"
            ).fetchall()
            return "\n".join(f"{t}: {con.execute(f'SELECT * FROM {t} ORDER BY 1').fetchall()}" for (t,) in tables)
    con = sqlite3.connect(location)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


@pytest.fixture
def store(any_db, campaign):
    """A new store, on SQLite and on PostgreSQL (each test using it runs on both)."""
    return Store(any_db, campaign)


def csv(rows, header="Ngày báo cáo,Đơn vị,Dự thảo Văn kiện,Dự thảo Kịch bản,Khó khăn, vướng mắc"):
    head = header.split(",")
    head = head[:4] + ['"Khó khăn, vướng mắc"']
    return ("\r\n".join([",".join(head), *rows]) + "\r\n").encode("utf-8")


def test_sample_loads_once_as_marked_versions(store):
    assert store.load_sample_if_empty() is True
    assert store.load_sample_if_empty() is False
    history = store.history()
    assert [(v.number, v.kind, v.sample, v.author) for v in history] == [
        (n, kind, True, "sample") for n, (_, kind) in enumerate(SAMPLE_FILES, 1)]  # fmt: skip
    assert [v.kind for v in history] == ["progress", "schedule", "findings"]
    assert store.sample_in_view()
    assert len(store.reports()) == 48 and len(store.schedule()) == 10
    # illustrative findings for the sample's visits, each on a planned visit, marked as sample
    findings, schedule = store.findings(), store.schedule()
    assert len(findings) and findings["sample"].all()
    assert set(zip(findings["unit"], findings["inspection_date"])) <= set(
        zip(schedule["unit"], schedule["inspection_date"])
    )


def test_import_adds_and_replaces_by_unit_and_date(store):
    v1 = store.import_file(csv(["30/5/2024,Cao Phong,Đang thực hiện,,", "30/5/2024,Đà Bắc,Chưa,,"]), "a.csv", "lan")
    assert (v1.number, v1.rows, v1.added, v1.changed, v1.author) == (1, 2, 2, 0, "lan")
    v2 = store.import_file(
        csv(["30/5/2024,Cao Phong,Hoàn thành,,", "3/6/2024,Cao Phong,Hoàn thành,x,"]), "b.csv", "mai"
    )
    assert (v2.added, v2.changed) == (1, 1)
    now = store.reports()
    assert len(now) == 3
    cao = now[now["unit"] == "Cao Phong"].set_index("report_date")
    assert cao.loc["2024-05-30", "documents"] == "done"
    # the data exactly as it stood after version 1
    before = store.reports(version=1)
    assert before.set_index("unit").loc["Cao Phong", "documents"] == "in_progress"
    # one unit's full history keeps the replaced report
    history = store.unit_history("Cao Phong")
    assert list(history["documents"]) == ["in_progress", "done", "done"]
    assert list(history["valid_to"].isna()) == [False, True, True]


def test_as_of_gives_each_units_latest_report_on_or_before(store):
    store.import_file(csv(["30/5/2024,Cao Phong,Chưa,,", "3/6/2024,Cao Phong,Đang,,", "1/6/2024,Đà Bắc,xong,,"]),
                      "a.csv", "lan")  # fmt: skip
    view = store.as_of("2024-06-01").set_index("unit")
    assert view.loc["Cao Phong", "report_date"] == "2024-05-30"
    assert view.loc["Đà Bắc", "documents"] == "done"
    assert list(store.as_of("2024-05-29")["unit"]) == []
    assert store.as_of_sql("2024-06-03").set_index("unit")["documents"].to_dict() == {
        "Cao Phong": "in_progress", "Đà Bắc": "done"}  # fmt: skip


@pytest.mark.parametrize("seed", range(4))
def test_latest_reports_are_each_units_last_row_by_then_however_the_rows_lie(seed):
    """``latest_reports`` finds the rows where a unit's run ends; on any frame (sorted or not,
    units or dates missing, text or object columns) it gives what hashing every row gives."""
    import random

    from dtts_dashboard.store import latest_reports

    rng, fast = random.Random(seed), 0
    for _ in range(500):
        n = rng.randint(0, 12)
        rows = [
            (rng.choice(["a", "b", "c", None]), rng.choice(["2024-01-01", "2024-02-01", "2024-03-01", None]), i)
            for i in range(n)
        ]
        if rng.random() < 0.6:  # as the store gives them: by unit, then date
            rows.sort(key=lambda r: (r[0] or "", r[1] or ""))
        kind = rng.choice(["str", "string", "string[pyarrow]", object])
        frame = pd.DataFrame(rows, columns=["unit", "report_date", "row"]).astype({"unit": kind, "report_date": kind})
        date = rng.choice(["2024-01-15", "2024-02-01", "2025-01-01", "2000-01-01"])
        upto = frame[frame["report_date"] <= date]
        expected = upto.drop_duplicates("unit", keep="last").reset_index(drop=True)
        pd.testing.assert_frame_equal(latest_reports(frame, date), expected)
        ordered = rows == sorted(rows, key=lambda r: (r[0] or "", r[1] or ""))
        fast += len(expected) > 1 and ordered and kind is not object
    assert fast > 25  # many frames of text took the runs' way with several units


def test_same_bytes_are_recognised(store):
    data = csv(["30/5/2024,Cao Phong,Chưa,,"])
    v = store.import_file(data, "a.csv", "lan")
    assert store.find_sha(v.sha256).number == v.number
    assert store.original_file(v.number) == ("a.csv", data)


def test_uploaded_name_is_never_a_path(store):
    v = store.import_file(csv(["30/5/2024,Cao Phong,Chưa,,"]), "..\\..\\etc/passwd.csv", "lan")
    assert v.filename == "passwd.csv"


def test_schedule_file_replaces_the_schedule(store):
    store.load_sample_if_empty()
    sample = store.latest()
    store.import_file((DATA / "schedule_semicolon.csv").read_bytes(), "lich.csv", "lan")
    assert sorted(store.schedule()["unit"]) == ["Cao Phong", "Đà Bắc"]
    assert len(store.schedule(version=sample)) == 10


def test_restore_makes_a_new_version_equal_to_the_old_one(store):
    store.load_sample_if_empty()
    sample = store.latest()  # the sample's last version
    after_sample = store.reports(version=sample).drop(columns=["valid_from"])
    findings = store.findings(version=sample).drop(columns=["valid_from"])
    real = store.import_file(csv(["30/5/2024,Cao Phong,Chưa,,", "30/6/2024,Kim Bôi,x,x,"]), "a.csv", "lan")
    store.import_file((DATA / "schedule_semicolon.csv").read_bytes(), "lich.csv", "lan")
    v = store.restore(sample, "mai")
    assert (v.kind, v.restored_from, v.author, v.number) == ("restore", sample, "mai", sample + 3)
    pd.testing.assert_frame_equal(store.reports().drop(columns=["valid_from"]), after_sample)
    pd.testing.assert_frame_equal(store.findings().drop(columns=["valid_from"]), findings)
    assert len(store.schedule()) == 10
    # nothing was deleted: the state after the real reports (sample set aside) is still there
    assert len(store.reports(version=real.number)) == 2 and store.findings(version=real.number).empty
    with pytest.raises(StoreError):
        store.restore(99, "mai")


def test_removing_sample_data_is_a_version(store):
    store.load_sample_if_empty()
    rows = len(store.reports()) + len(store.schedule()) + len(store.findings())
    v = store.remove_sample("lan")
    assert v.kind == "remove_sample" and v.changed == rows
    assert not store.sample_in_view()
    assert store.reports().empty and store.schedule().empty and store.findings().empty
    assert store.sample_in_view(version=v.number - 1)
    assert store.remove_sample("lan") is None


def test_the_first_real_file_sets_the_sample_aside_in_the_same_version(store):
    from dtts_dashboard.store import SAMPLE_SET_ASIDE
    from dtts_dashboard.validate import check_file

    store.load_sample_if_empty()
    sample = store.latest()
    data = csv(["22/5/2024,Cao Phong,Chưa,,"])  # older than the sample's reports of 14/6
    checked = check_file(data, "real.csv", store.campaign)
    change = store.preview(checked)
    assert change.sample_set_aside and len(change.new) == 1 and change.changed.empty
    v = store.import_checked(checked, data, "real.csv", "lan")
    assert (v.number, v.note, v.added, v.changed) == (sample + 1, SAMPLE_SET_ASIDE, 1, 0)
    # the real report is what is in view, alone: no sample report, visit or finding outranks or joins it
    assert list(store.reports()["unit"]) == ["Cao Phong"] and store.schedule().empty and store.findings().empty
    assert not store.sample_in_view()
    assert list(store.as_of_sql("2024-06-30")["unit"]) == ["Cao Phong"]
    assert store.sample_in_view(version=sample) and len(store.reports(version=sample)) == 48
    assert len(store.findings(version=sample))
    # nothing to remove any more; the next real file sets nothing aside
    assert store.remove_sample("lan") is None
    later = store.import_file(csv(["23/5/2024,Cao Phong,Đang,,"]), "real2.csv", "lan")
    assert later.note is None and not store.preview(checked).sample_set_aside


def test_a_store_holding_both_shows_the_real_data_only(store):
    """A store written before sample data were set aside may hold real and sample rows at
    once: what is read never combines them."""
    store.load_sample_if_empty()
    sample = store.latest()
    con = store.engine.connect()  # outside the store's methods, as an older program wrote it
    real = con.execute(
        "INSERT INTO versions (created_at, author, kind, rows) VALUES ('2024-06-01T00:00:00Z', 'lan', 'progress', 1)"
        " RETURNING number"
    ).fetchone()[0]
    con.execute(
        "INSERT INTO reports (unit, report_date, s_documents, valid_from) VALUES ('Cao Phong', '2024-05-22', 'done', ?)",
        (real,),
    )
    store.engine.release(con)
    assert list(store.reports()["unit"]) == ["Cao Phong"] and store.schedule().empty
    assert list(store.as_of_sql("2024-06-30")["unit"]) == ["Cao Phong"]
    assert not store.sample_in_view() and store.findings().empty
    assert store.sample_in_view(version=sample)


def test_restore_changes_only_the_rows_that_differ(store):
    store.load_sample_if_empty()
    schedule = store.import_file((DATA / "schedule_semicolon.csv").read_bytes(), "lich.csv", "lan")  # sample aside
    report = store.import_file(csv(["30/5/2024,Cao Phong,Chưa,,"]), "a.csv", "lan")
    same = store.import_file((DATA / "schedule_semicolon.csv").read_bytes(), "lich.csv", "lan")  # same visits
    assert (same.added, same.changed) == (0, 0)
    v = store.restore(report.number, "mai")  # the content after it is the content now: nothing changes
    assert (v.added, v.changed) == (0, 0)
    v = store.restore(schedule.number, "mai")  # drops the one report; the visits stay
    assert (v.added, v.changed) == (0, 1)
    assert store.reports().empty and len(store.schedule()) == 2


@pytest.mark.parametrize("name", ["refused_several_problems.xlsx", "refused_image.png", "refused_duplicate_report.csv"])
def test_refused_file_changes_nothing(store, any_db, name):
    store.load_sample_if_empty()
    before = dump(any_db)
    with pytest.raises(InputError):
        store.import_file((DATA / name).read_bytes(), name, "lan")
    assert dump(any_db) == before


def test_preview_lists_new_changed_and_untouched(store):
    from dtts_dashboard.validate import check_file

    store.import_file(csv(["30/5/2024,Cao Phong,Chưa,,"]), "a.csv", "lan")
    checked = check_file(csv(["30/5/2024,Cao Phong,Hoàn thành,,", "3/6/2024,Đà Bắc,x,,Thiếu xe"]), "b.csv",
                         store.campaign)  # fmt: skip
    change = store.preview(checked)
    assert list(change.new["unit"]) == ["Đà Bắc"]
    assert change.changed[["unit", "column", "old", "new"]].values.tolist() == [
        ["Cao Phong", "documents", "not_started", "done"]]  # fmt: skip
    assert change.unchanged == 0
    assert "Kim Bôi" in change.untouched_units and "Cao Phong" not in change.untouched_units
    # the preview stored nothing
    assert len(store.history()) == 1
    # its numbers as the Upload page shows them: in the words of reports
    from dtts_dashboard.tables import preview_counts, preview_heading

    assert preview_counts(change) == [
        ("preview_new", 1),
        ("preview_changed", 1),
        ("preview_unchanged", 0),
        ("preview_untouched", len(change.untouched_units)),
    ]
    assert [preview_heading("progress", part) for part in ("new", "changed")] == ["preview_new", "preview_changed"]


def test_a_schedules_preview_speaks_of_visits_and_findings_of_findings(store):
    from dtts_dashboard.tables import preview_counts, preview_heading
    from dtts_dashboard.validate import check_file

    store.import_file((SAMPLE / "schedule.csv").read_bytes(), "schedule.csv", "lan")
    lines = (SAMPLE / "schedule.csv").read_bytes().rstrip(b"\r\n").splitlines()
    visits = store.preview(check_file(b"\r\n".join(lines[:-1]) + b"\r\n", "schedule.csv", store.campaign))
    assert preview_counts(visits) == [  # the last visit left out of the file: it would leave
        ("preview_new_visits", 0),
        ("preview_removed_visits", 1),
        ("preview_unchanged", len(lines) - 3),  # a title row, the header, the visits
    ]
    assert preview_heading("schedule", "removed") == "preview_removed_visits"
    assert preview_heading("findings", "new") == "preview_new_findings"


def test_store_from_schema_1_is_migrated(db, campaign):
    con = sqlite3.connect(db)
    for statement in MIGRATIONS[0]:
        con.execute(statement)
    for key in campaign.item_keys:
        con.execute(f"ALTER TABLE reports ADD COLUMN s_{key} TEXT")
    con.execute("PRAGMA user_version = 1")
    con.execute(
        "INSERT INTO versions (created_at, author, filename, kind, rows) VALUES ('2024-06-01T00:00:00Z', 'old', 'x.csv', 'progress', 1)"
    )
    con.execute(
        "INSERT INTO reports (unit, report_date, s_documents, valid_from) VALUES ('Cao Phong', '2024-05-30', 'done', 1)"
    )
    con.commit()
    con.close()
    store = Store(db, campaign)
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.history()[0].note is None and store.history()[0].author == "old"
    assert store.reports()["documents"].tolist() == ["done"]
    store.import_file(csv(["30/5/2024,Cao Phong,Đang,,"]), "a.csv", "lan")
    assert store.reports()["documents"].tolist() == ["in_progress"]


def test_store_from_the_future_is_refused(db, campaign):
    Store(db, campaign)
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    with pytest.raises(StoreError):
        Store(db, campaign)


def test_a_column_the_file_lacks_keeps_the_stored_value(store):
    full = "Ngày báo cáo,Đơn vị,Dự thảo Văn kiện,Ngày Đại hội,Số đại biểu chính thức\r\n30/5/2024,Cao Phong,Chưa,14/6/2024,110\r\n"
    store.import_file(full.encode(), "a.csv", "lan")
    partial = "Ngày báo cáo,Đơn vị,Dự thảo Văn kiện,Số đại biểu chính thức\r\n30/5/2024,Cao Phong,xong,\r\n"
    v = store.import_file(partial.encode(), "b.csv", "lan")
    row = store.reports().iloc[0]
    assert (v.added, v.changed) == (0, 1)
    assert row["documents"] == "done"
    assert row["congress_date"] == "2024-06-14"  # no such column in b.csv: kept
    assert row["delegates"] is pd.NA  # the column was there, the cell empty: cleared


def test_the_same_reports_again_change_nothing(store):
    """Numbers, empty cells and texts compare equal to what was stored from them."""
    text = ("Ngày báo cáo,Đơn vị,Dự thảo Văn kiện,Ngày Đại hội,Số đại biểu chính thức,Khó khăn\r\n"
            "30/5/2024,Cao Phong,Chưa,14/6/2024,110,\r\n30/5/2024,Đà Bắc,,,,Thiếu xe\r\n")  # fmt: skip
    store.import_file(text.encode(), "a.csv", "lan")
    again = text.replace("110", "110.0").replace("Chưa", "chưa thực hiện").encode()  # typed differently, same values
    v = store.import_file(again, "b.csv", "lan")
    assert (v.added, v.changed) == (0, 0)
    changed = text.replace(",110,", ",111,").replace("Thiếu xe", "").encode()
    from dtts_dashboard.validate import check_file

    change = store.preview(check_file(changed, "c.csv", store.campaign))
    assert sorted(map(tuple, change.changed[["unit", "column", "old", "new"]].values.tolist())) == [
        ("Cao Phong", "delegates", 110, 111), ("Đà Bắc", "difficulties", "Thiếu xe", None)]  # fmt: skip


FINDINGS_CSV = (
    "Đơn vị;Ngày kiểm tra;Dự thảo Văn kiện;Dự thảo Kịch bản;Kiến nghị của đoàn;Hạn hoàn thành\r\n"
    "Cao Phong;03/06/2024;Đạt;Chưa đạt;Hoàn thiện Kịch bản;10/06/2024\r\n"
    "Kim Bôi;01/06/2024;Đạt;Đạt;;\r\n"
)


def test_findings_are_versions_replaced_by_unit_and_visit(store):
    from dtts_dashboard.validate import check_file

    store.import_file((DATA / "schedule_semicolon.csv").read_bytes(), "lich.csv", "lan")  # Cao Phong 3/6, Đà Bắc 11/6
    checked = check_file(FINDINGS_CSV.encode(), "kq.csv", store.campaign)
    assert checked.kind == "findings"
    change = store.preview(checked)
    assert len(change.new) == 2 and change.changed.empty
    # Kim Bôi has no visit on 1/6: kept, with a warning naming the row
    assert [(w.code, w.row, w.params) for w in change.warnings] == [
        ("unplanned_visit", 3, (("unit", "Kim Bôi"), ("date", "01/06/2024")))
    ]
    v = store.import_checked(checked, FINDINGS_CSV.encode(), "kq.csv", "lan")
    assert (v.kind, v.added, v.changed) == ("findings", 2, 0)
    found = store.findings().set_index("unit")
    assert found.loc["Cao Phong", "script"] == "fails" and found.loc["Cao Phong", "fix_by"] == "2024-06-10"
    assert found.loc["Cao Phong", "recommendations"] == "Hoàn thiện Kịch bản"
    corrected = "Đơn vị;Ngày kiểm tra;Dự thảo Kịch bản\r\nCao Phong;03/06/2024;Cần hoàn thiện\r\n".encode()
    change = store.preview(check_file(corrected, "sua.csv", store.campaign))
    assert change.changed[["unit", "column", "old", "new"]].values.tolist() == [
        ["Cao Phong", "script", "fails", "needs_work"]
    ]
    v2 = store.import_file(corrected, "sua.csv", "mai")
    assert (v2.added, v2.changed) == (0, 1)
    now = store.findings().set_index("unit")
    assert now.loc["Cao Phong", "script"] == "needs_work"
    assert now.loc["Cao Phong", "documents"] == "meets"  # a column the file lacks keeps its value
    assert store.findings(version=v.number).set_index("unit").loc["Cao Phong", "script"] == "fails"
    back = store.restore(v.number, "lan")
    assert (back.added, back.changed) == (1, 1)
    assert store.findings().set_index("unit").loc["Cao Phong", "script"] == "fails"


def test_findings_set_the_sample_aside_like_any_real_file(store):
    store.load_sample_if_empty()
    v = store.import_file(FINDINGS_CSV.encode(), "kq.csv", "lan")
    assert v.note == "sample_set_aside"
    assert store.reports().empty and store.schedule().empty and len(store.findings()) == 2
    assert not store.sample_in_view()


def test_a_store_of_schema_3_gains_the_findings_table(db, campaign):
    from dtts_dashboard.store import MIGRATIONS

    con = sqlite3.connect(db)
    for step in MIGRATIONS[:3]:
        for statement in step:
            con.execute(statement)
    con.execute("ALTER TABLE reports ADD COLUMN s_documents TEXT")
    con.execute("PRAGMA user_version = 3")
    con.commit()
    con.close()
    store = Store(db, campaign)
    assert store.findings().empty
    assert {f"a_{k}" for k in campaign.item_keys} <= {
        r[1] for r in sqlite3.connect(db).execute("PRAGMA table_info(findings)")
    }


def test_a_categorical_compares_as_the_text_of_its_values():
    """A file's columns come as Categoricals of parsed values; they are compared as text with
    the stored ones: the same text, element by element, as converting each value."""
    from dtts_dashboard.store import _comparable

    cases = [
        pd.Categorical(["Thiếu xe", None, "Đà Bắc", "Thiếu xe"], categories=["Thiếu xe", "Đà Bắc", "unused"]),
        pd.Categorical([110, None, 120, 110]),
        pd.Categorical([None, None, None, None], categories=["a"]),
        pd.Categorical([None, None, None, None]),
    ]
    for values in cases:
        column = pd.Series(values, index=[4, 5, 6, 7])
        expected = (
            pd.Series(list(values), index=column.index, dtype=object).astype("string").fillna("\x00(missing)\x00")
        )
        got = _comparable(column)
        pd.testing.assert_series_equal(got, expected, check_dtype=False)
        assert str(got.dtype) == "string"
    stored = pd.Series([110, pd.NA, 120], dtype="Int64")  # as the store reads them
    assert (_comparable(pd.Series(pd.Categorical([110, None, 120]))) == _comparable(stored)).all()
