"""Quick edit's package functions, without Streamlit: the form's default date, what it is
filled with, the one-row file it becomes, and what that file changes."""

import csv
import datetime as dt
import io

import pandas as pd
import pytest

from dtts_dashboard import quickedit, tables
from dtts_dashboard.links import as_of_bounds
from dtts_dashboard.schema import columns
from dtts_dashboard.store import Store
from dtts_dashboard.validate import check_file

from .conftest import ROOT

SAMPLE_PROGRESS = ROOT / "data" / "sample" / "progress.csv"


@pytest.fixture
def store(tmp_path, campaign):
    """The sample's reports stored as real data (saving beside sample data is another matter)."""
    store = Store(tmp_path / "store.sqlite", campaign)
    store.import_file(SAMPLE_PROGRESS.read_bytes(), "tien-do.csv", "lan")
    return store


def form(campaign, **changes):
    """An empty form with ``changes`` filled in."""
    values = {name: quickedit.NOT_REPORTED if name in campaign.item_keys else "" for name in quickedit.fields(campaign)}
    values["congress_date"] = None
    return {**values, **changes}


def test_today_is_the_date_in_vietnam():
    late_evening_utc = dt.datetime(2024, 6, 14, 20, 30, tzinfo=dt.UTC)
    assert quickedit.today_in_vietnam(late_evening_utc) == dt.date(2024, 6, 15)
    assert quickedit.today_in_vietnam(dt.datetime(2024, 6, 14, 16, 59, tzinfo=dt.UTC)) == dt.date(2024, 6, 14)


def test_the_form_opens_on_today_clamped_like_the_sidebar(store, campaign):
    reports = store.reports()
    low, high = as_of_bounds(campaign)
    latest = dt.date(2024, 6, 14)  # the sample's latest report date: the sidebar's default
    during = dt.date(2024, 6, 20)
    assert quickedit.default_report_date(reports, campaign, latest, None, during) == during
    # long after the campaign: its latest report date, not a date months after the deadline
    assert quickedit.default_report_date(reports, campaign, latest, None, dt.date(2026, 11, 28)) == latest
    assert quickedit.default_report_date(reports, campaign, latest, None, dt.date(2023, 1, 1)) == low


def test_viewing_past_data_opens_the_form_on_the_latest_report_date_viewed(store, campaign):
    reports = store.reports()
    today = dt.date(2024, 6, 20)
    # an as-of date picked in the sidebar: the latest report on or before it
    assert quickedit.default_report_date(reports, campaign, dt.date(2024, 6, 5), None, today) == dt.date(2024, 6, 3)
    # ?version=N: that version's latest report date (the sidebar's default for it)
    assert quickedit.default_report_date(reports, campaign, dt.date(2024, 6, 14), 1, today) == dt.date(2024, 6, 14)
    # before any report: the date viewed
    early = dt.date(2024, 5, 1)
    assert quickedit.default_report_date(reports, campaign, early, None, today) == early
    empty = reports.iloc[0:0]
    assert quickedit.default_report_date(empty, campaign, campaign.inspection_start, None, today) == today


def test_prefill_takes_the_units_latest_report_on_or_before_the_date(store, campaign):
    reports = store.reports()
    on_the_day = quickedit.prefill(reports, campaign, "Mai Châu", dt.date(2024, 6, 14))
    assert on_the_day.source_date == "2024-06-14"
    assert on_the_day.values["script"] == "not_started" and on_the_day.values["documents"] == "in_progress"
    assert on_the_day.values["congress_date"] == dt.date(2024, 6, 27)
    assert isinstance(on_the_day.values["delegates"], str)
    between = quickedit.prefill(reports, campaign, "Mai Châu", dt.date(2024, 6, 12))
    assert between.source_date == "2024-06-03"  # Mai Châu reported on 20/5, 3/6 and 14/6
    later = quickedit.prefill(reports, campaign, "Cao Phong", dt.date(2024, 10, 1))
    assert later.source_date == "2024-06-14" and later.values["script"] == "done"


def test_prefill_before_any_report_is_an_empty_form(store, campaign):
    nothing = quickedit.prefill(store.reports(), campaign, "Mai Châu", dt.date(2024, 5, 1))
    assert nothing.source_date is None
    assert nothing.values == form(campaign)
    assert quickedit.prefill(store.reports().iloc[0:0], campaign, "Mai Châu", dt.date(2024, 6, 1)).values == form(
        campaign
    )


def test_a_status_left_unreported_prefills_as_not_reported(campaign, tmp_path):
    store = Store(tmp_path / "s.sqlite", campaign)
    store.import_file("Ngày báo cáo,Đơn vị,Dự thảo Kịch bản\r\n01/06/2024,Kim Bôi,x\r\n".encode(), "a.csv", "lan")
    filled = quickedit.prefill(store.reports(), campaign, "Kim Bôi", dt.date(2024, 6, 1))
    assert filled.values["script"] == "done" and filled.values["documents"] == quickedit.NOT_REPORTED


def test_the_form_becomes_a_one_row_file_that_reads_back_as_typed(campaign):
    typed = form(
        campaign,
        script="done",
        documents="in_progress",
        congress_date=dt.date(2024, 6, 27),
        delegates="120",
        difficulties='Thiếu xe, thiếu "kinh phí"; chưa đủ cán bộ',
        proposals="=cấp thêm kinh phí",
    )
    data = quickedit.one_row_csv(campaign, "Thành phố Hòa Bình", dt.date(2024, 6, 20), typed)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [c.vi for c in columns(campaign, "progress")]
    assert len(rows) == 2 and rows[1][:2] == ["20/06/2024", "Thành phố Hòa Bình"]
    checked = check_file(data, quickedit.file_name("Thành phố Hòa Bình", dt.date(2024, 6, 20)), campaign, "progress")
    record = checked.plain().iloc[0]
    assert record["report_date"] == "2024-06-20" and record["unit"] == "Thành phố Hòa Bình"
    assert (record["script"], record["documents"], record["directives"]) == ("done", "in_progress", None)
    assert (record["congress_date"], record["delegates"]) == ("2024-06-27", 120)
    assert record["difficulties"] == 'Thiếu xe, thiếu "kinh phí"; chưa đủ cán bộ'
    assert record["proposals"] == "=cấp thêm kinh phí"  # kept as typed: the file is what is stored
    assert record["next_tasks"] is None
    assert set(checked.present) == {c.key for c in columns(campaign, "progress")}  # an empty cell clears


def test_a_text_on_several_lines_reads_as_the_same_cell_typed_in_a_file(campaign):
    """Whatever the validator makes of a cell typed on several lines (Alt+Enter in Excel),
    it makes of the form's text: the form adds no rule of its own."""
    text = "Một: thiếu xe\nHai: thiếu kinh phí"
    data = quickedit.one_row_csv(campaign, "Kim Bôi", dt.date(2024, 6, 20), form(campaign, next_tasks=text))
    typed = ('Ngày báo cáo,Đơn vị,Nhiệm vụ thời gian tới\r\n20/06/2024,Kim Bôi,"' + text + '"\r\n').encode()
    ours = check_file(data, "a.csv", campaign, "progress").plain().iloc[0]["next_tasks"]
    assert ours == check_file(typed, "b.csv", campaign, "progress").plain().iloc[0]["next_tasks"]
    assert "thiếu xe" in ours and "Hai: thiếu kinh phí" in ours


def test_a_delegate_count_that_is_not_a_number_is_refused_by_the_validator(campaign):
    from dtts_dashboard.problems import FileRefused

    data = quickedit.one_row_csv(campaign, "Kim Bôi", dt.date(2024, 6, 20), form(campaign, delegates="khoảng 120"))
    with pytest.raises(FileRefused) as refused:
        check_file(data, "a.csv", campaign, "progress")
    assert [(p.code, p.column, p.value) for p in refused.value.problems] == [("bad_int", "delegates", "khoảng 120")]


def test_an_unknown_status_is_a_bug_not_a_cell(campaign):
    with pytest.raises(ValueError):
        quickedit.one_row_csv(campaign, "Kim Bôi", dt.date(2024, 6, 20), form(campaign, script="almost"))


def test_the_file_is_named_after_the_unit_and_date():
    assert (
        quickedit.file_name("Thành phố Hòa Bình", dt.date(2024, 6, 20)) == "sua-nhanh-thanh-pho-hoa-binh-2024-06-20.csv"
    )
    assert quickedit.file_name("Đà Bắc", dt.date(2024, 6, 3)) == "sua-nhanh-da-bac-2024-06-03.csv"


def test_form_date_bounds_hold_the_stored_date(campaign):
    low, high = quickedit.date_bounds(campaign, None)
    assert low < campaign.inspection_start and high > campaign.deadline
    far = dt.date(2030, 1, 1)
    assert quickedit.date_bounds(campaign, far)[1] == far


def edit(store, campaign, unit, date, **changes):
    filled = quickedit.prefill(store.reports(), campaign, unit, date)
    data = quickedit.one_row_csv(campaign, unit, date, {**filled.values, **changes})
    return check_file(data, quickedit.file_name(unit, date), campaign, "progress")


def test_correcting_a_report_changes_only_the_edited_cells(store, campaign):
    checked = edit(store, campaign, "Mai Châu", dt.date(2024, 6, 14), script="done", delegates="120")
    change = store.preview(checked)
    assert change.new.empty and sorted(change.changed["column"]) == ["delegates", "script"]
    cells = quickedit.edited_cells(store.reports(), checked.records, campaign)
    assert cells[["column", "old", "new"]].values.tolist() == [
        ["script", "not_started", "done"],
        ["delegates", 140, 120],
    ]


def test_a_new_date_is_a_new_report_compared_with_the_one_before(store, campaign):
    checked = edit(store, campaign, "Mai Châu", dt.date(2024, 6, 20), script="in_progress")
    change = store.preview(checked)
    assert len(change.new) == 1 and change.changed.empty
    cells = quickedit.edited_cells(store.reports(), checked.records, campaign)
    assert cells[["column", "old", "new"]].values.tolist() == [["script", "not_started", "in_progress"]]
    same = edit(store, campaign, "Mai Châu", dt.date(2024, 6, 20))
    assert quickedit.edited_cells(store.reports(), same.records, campaign).empty


def test_a_units_first_report_lists_every_filled_field(store, campaign):
    checked = edit(store, campaign, "Kim Bôi", dt.date(2024, 5, 1), script="done", delegates="99")
    cells = quickedit.edited_cells(store.reports(), checked.records, campaign)
    assert cells[["column", "old", "new"]].values.tolist() == [["script", None, "done"], ["delegates", None, 99]]


def test_emptying_a_status_clears_it(store, campaign):
    checked = edit(store, campaign, "Mai Châu", dt.date(2024, 6, 14), directives=quickedit.NOT_REPORTED)
    assert store.preview(checked).changed[["column", "old", "new"]].values.tolist() == [["directives", "done", None]]
    version = store.import_checked(checked, b"x", "a.csv", "lan")
    assert version.changed == 1
    saved = store.reports().set_index(["unit", "report_date"]).loc[("Mai Châu", "2024-06-14")]
    assert pd.isna(saved["directives"]) and saved["script"] == "not_started"


def test_cells_in_words_and_in_one_escaped_line(campaign):
    cells = pd.DataFrame(
        {
            "unit": ["Mai Châu"] * 3,
            "report_date": ["2024-06-14"] * 3,
            "column": ["script", "difficulties", "congress_date"],
            "old": ["not_started", None, "2024-06-27"],
            "new": ["done", "[xem](http://x) *gấp*\n" + "x" * 80, None],
        }
    )
    table = tables.cells_table(cells, campaign, "vi")
    assert table.values.tolist()[0] == ["Dự thảo Kịch bản", "Chưa thực hiện", "Hoàn thành"]
    assert table.values.tolist()[2] == ["Ngày Đại hội", "27/06/2024", ""]
    line = tables.cells_summary(cells, campaign, "en")
    assert line.startswith("Draft script: Not started → Done; Difficulties: (none) → \\[xem\\]\\(http")
    assert "*gấp*" not in line and "\\*gấp\\*" in line and line.count("x") < 80 and "\n" not in line
    assert line.endswith("Congress date: 27/06/2024 → (none)")
    assert tables.cells_summary(cells.iloc[0:0], campaign, "vi") == ""


def test_a_new_report_turned_on_its_side(campaign):
    frame = pd.DataFrame({"Đơn vị": ["Kim Bôi"], "Dự thảo Kịch bản": ["Hoàn thành"]})
    assert tables.record_table(frame, "vi").values.tolist() == [
        ["Đơn vị", "Kim Bôi"],
        ["Dự thảo Kịch bản", "Hoàn thành"],
    ]


def test_the_page_is_in_the_navigation():
    from dtts_dashboard.ui_address import PAGES

    assert ("pages/6_edit.py", "nav_edit") in [(path, key) for path, key, _ in PAGES]
    assert (ROOT / "pages" / "6_edit.py").exists()
