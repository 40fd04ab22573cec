"""The findings form's package functions, without Streamlit: the visits offered, what the form
is filled with, the one-row findings file it becomes, what that file changes, and refusals
(the same functions as quick edit's, for the findings kind)."""

import csv
import datetime as dt
import io

import pandas as pd
import pytest

from dtts_dashboard import quickedit, tables
from dtts_dashboard.problems import FileRefused
from dtts_dashboard.schema import FINDINGS, columns
from dtts_dashboard.store import Store
from dtts_dashboard.validate import check_file

from .conftest import ROOT

SAMPLE = ROOT / "data" / "sample"
MAI_CHAU_VISIT = dt.date(2024, 6, 10)  # the sample schedule's visit to Mai Châu


@pytest.fixture
def store(tmp_path, campaign):
    """The sample's reports and schedule stored as real data, and one visit's findings."""
    store = Store(tmp_path / "store.sqlite", campaign)
    store.import_file((SAMPLE / "progress.csv").read_bytes(), "tien-do.csv", "lan")
    store.import_file((SAMPLE / "schedule.csv").read_bytes(), "lich.csv", "lan")
    store.import_file(
        "Đơn vị,Ngày kiểm tra,Dự thảo Văn kiện,Dự thảo Kịch bản,Kiến nghị của đoàn,Hạn hoàn thành\r\n"
        "Mai Châu,10/06/2024,Cần hoàn thiện,Chưa đạt,Bổ sung kịch bản,20/06/2024\r\n".encode(),
        "ket-qua.csv",
        "lan",
        FINDINGS,
    )
    return store


def form(campaign, **changes):
    """An empty findings form with ``changes`` filled in."""
    values = {name: "" for name in quickedit.fields(campaign, FINDINGS)}
    values["fix_by"] = None
    return {**values, **changes}


def test_the_fields_are_the_findings_columns_but_unit_and_date(campaign):
    assert quickedit.fields(campaign, FINDINGS) == [
        *campaign.item_keys,
        "remarks",
        "recommendations",
        "fix_by",
    ]


def test_planned_visits_come_first_then_visits_with_findings(store, campaign):
    store.import_file(
        "Đơn vị,Ngày kiểm tra,Dự thảo Kịch bản\r\nMai Châu,01/06/2024,Đạt\r\nKim Bôi,12/06/2024,Đạt\r\n".encode(),
        "b.csv",
        "lan",
        FINDINGS,
    )
    offered = quickedit.visits(store.schedule(), store.findings(), "Mai Châu")
    assert [(v.date, v.planned, v.recorded) for v in offered] == [
        (dt.date(2024, 6, 10), True, True),  # planned, and its findings are saved
        (dt.date(2024, 6, 1), False, True),  # not planned: after the planned ones
    ]
    kim_boi = quickedit.visits(store.schedule(), store.findings(), "Kim Bôi")
    assert [(v.date, v.planned, v.recorded) for v in kim_boi] == [
        (dt.date(2024, 5, 30), True, False),
        (dt.date(2024, 6, 12), False, True),
    ]
    assert quickedit.visits(store.schedule().iloc[0:0], store.findings().iloc[0:0], "Mai Châu") == []
    assert tables.visit_choice(offered[0], "vi") == "10/06/2024 · theo lịch · đã có kết quả"
    assert tables.visit_choice(offered[1], "en") == "01/06/2024 · findings saved"
    assert tables.visit_choice(kim_boi[0], "en") == "30/05/2024 · planned"


def test_prefill_takes_the_visits_saved_findings(store, campaign):
    saved = quickedit.prefill(store.findings(), campaign, "Mai Châu", MAI_CHAU_VISIT, FINDINGS)
    assert saved.source_date == "2024-06-10"
    assert saved.values == form(
        campaign,
        documents="needs_work",
        script="fails",
        recommendations="Bổ sung kịch bản",
        fix_by=dt.date(2024, 6, 20),
    )


def test_a_new_visit_starts_empty_not_from_an_earlier_visit(store, campaign):
    """A visit's assessment is the team's judgement on that day: an earlier visit's findings
    are not carried into a new one (as a report's values are)."""
    later = quickedit.prefill(store.findings(), campaign, "Mai Châu", dt.date(2024, 6, 20), FINDINGS)
    assert later.source_date is None and later.values == form(campaign)
    none = quickedit.prefill(store.findings().iloc[0:0], campaign, "Mai Châu", MAI_CHAU_VISIT, FINDINGS)
    assert none.values == form(campaign)


def test_the_form_becomes_a_one_row_findings_file_that_reads_back_as_typed(campaign):
    typed = form(
        campaign,
        directives="meets",
        script="fails",
        documents="needs_work",
        remarks="Chuẩn bị chu đáo.\nCòn thiếu kịch bản.",
        recommendations='Hoàn thiện "kịch bản"; gửi Ban Dân tộc',
        fix_by=dt.date(2024, 6, 20),
    )
    data = quickedit.one_row_csv(campaign, "Mai Châu", MAI_CHAU_VISIT, typed, FINDINGS)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [c.vi for c in columns(campaign, FINDINGS)]
    assert rows[1][:2] == ["Mai Châu", "10/06/2024"] and "Chưa đạt" in rows[1]
    name = quickedit.file_name("Mai Châu", MAI_CHAU_VISIT, FINDINGS)
    assert name == "ket-qua-kiem-tra-mai-chau-2024-06-10.csv"
    checked = check_file(data, name, campaign, FINDINGS)
    assert checked.kind == FINDINGS
    record = checked.plain().iloc[0]
    assert (record["unit"], record["inspection_date"], record["fix_by"]) == ("Mai Châu", "2024-06-10", "2024-06-20")
    assert [record[k] for k in campaign.item_keys] == ["meets", None, "needs_work", None, "fails"]
    assert record["remarks"] == "Chuẩn bị chu đáo.\nCòn thiếu kịch bản."
    assert record["recommendations"] == 'Hoàn thiện "kịch bản"; gửi Ban Dân tộc'
    assert set(checked.present) == {c.key for c in columns(campaign, FINDINGS)}  # an empty cell clears


def test_an_unknown_assessment_is_a_bug_not_a_cell(campaign):
    with pytest.raises(ValueError):
        quickedit.one_row_csv(campaign, "Mai Châu", MAI_CHAU_VISIT, form(campaign, script="done"), FINDINGS)


def test_a_unit_not_in_the_campaign_is_refused_with_its_row_and_column(campaign):
    data = quickedit.one_row_csv(campaign, "Hà Nội", MAI_CHAU_VISIT, form(campaign, script="fails"), FINDINGS)
    with pytest.raises(FileRefused) as refused:
        check_file(data, "a.csv", campaign, FINDINGS)
    [problem] = refused.value.problems
    assert (problem.code, problem.row, problem.column, problem.value) == ("unknown_unit", 2, "unit", "Hà Nội")


def test_a_bad_assessment_typed_in_a_findings_file_names_the_accepted_values(campaign):
    """What the form cannot produce, a file can: the same validator refuses it, with the row,
    the column and the accepted words."""
    data = "Đơn vị,Ngày kiểm tra,Dự thảo Kịch bản\r\nMai Châu,10/06/2024,gần đạt\r\n".encode()
    with pytest.raises(FileRefused) as refused:
        check_file(data, "a.csv", campaign, FINDINGS)
    [problem] = refused.value.problems
    assert (problem.code, problem.row, problem.column) == ("unknown_assessment", 2, "script")
    assert "Đạt, Cần hoàn thiện, Chưa đạt" in problem.message("vi")


def test_correcting_a_visit_changes_only_the_edited_cells(store, campaign):
    filled = quickedit.prefill(store.findings(), campaign, "Mai Châu", MAI_CHAU_VISIT, FINDINGS)
    values = {**filled.values, "script": "needs_work", "fix_by": None}
    data = quickedit.one_row_csv(campaign, "Mai Châu", MAI_CHAU_VISIT, values, FINDINGS)
    checked = check_file(data, "a.csv", campaign, FINDINGS)
    change = store.preview(checked)
    assert change.new.empty and sorted(change.changed["column"]) == ["fix_by", "script"]
    cells = quickedit.edited_cells(store.findings(), checked.records, campaign, FINDINGS)
    assert cells[["column", "old", "new"]].values.tolist() == [
        ["script", "fails", "needs_work"],
        ["fix_by", "2024-06-20", None],
    ]
    assert tables.cells_table(cells, campaign, "vi", FINDINGS).values.tolist() == [
        ["Dự thảo Kịch bản", "Chưa đạt", "Cần hoàn thiện"],
        ["Hạn hoàn thành", "20/06/2024", ""],
    ]
    line = tables.cells_summary(cells, campaign, "en", kind=FINDINGS)
    assert line == "Draft script: Fails → Needs work; Act by: 20/06/2024 → (none)"
    version = store.import_checked(checked, data, "a.csv", "lan")
    assert (version.kind, version.added, version.changed, version.author) == (FINDINGS, 0, 1, "lan")
    saved = store.findings().set_index(["unit", "inspection_date"]).loc[("Mai Châu", "2024-06-10")]
    assert saved["script"] == "needs_work" and pd.isna(saved["fix_by"]) and saved["documents"] == "needs_work"


def test_a_new_visit_lists_every_filled_field(store, campaign):
    values = form(campaign, directives="fails", remarks="Chưa triển khai")
    data = quickedit.one_row_csv(campaign, "Kim Bôi", dt.date(2024, 5, 30), values, FINDINGS)
    checked = check_file(data, "a.csv", campaign, FINDINGS)
    cells = quickedit.edited_cells(store.findings(), checked.records, campaign, FINDINGS)
    assert cells[["column", "old", "new"]].values.tolist() == [
        ["directives", None, "fails"],
        ["remarks", None, "Chưa triển khai"],
    ]
    assert len(store.preview(checked).new) == 1


def test_an_unplanned_visit_is_kept_with_a_warning(store, campaign):
    data = quickedit.one_row_csv(campaign, "Mai Châu", dt.date(2024, 6, 12), form(campaign, script="meets"), FINDINGS)
    change = store.preview(check_file(data, "a.csv", campaign, FINDINGS))
    assert [(p.code, p.column) for p in change.warnings] == [("unplanned_visit", "inspection_date")]


def test_held_congress_is_said_and_not_refused(store, campaign):
    # Kim Bôi held its congress on 16-17/5/2024, before its visit of 30/5
    assert quickedit.held_congress(store.reports(), campaign, "Kim Bôi", dt.date(2024, 5, 30)) == dt.date(2024, 5, 16)
    assert quickedit.held_congress(store.reports(), campaign, "Mai Châu", MAI_CHAU_VISIT) is None
    data = quickedit.one_row_csv(campaign, "Kim Bôi", dt.date(2024, 5, 30), form(campaign, script="meets"), FINDINGS)
    assert check_file(data, "a.csv", campaign, FINDINGS).rows == 1


def test_the_page_is_in_the_navigation():
    from dtts_dashboard.ui_address import PAGES

    assert ("pages/8_findings.py", "nav_findings") in [(path, key) for path, key, _ in PAGES]
    assert (ROOT / "pages" / "8_findings.py").exists()


def test_findings_later_than_any_report_move_the_default_date_viewed(store, campaign):
    from dtts_dashboard.metrics import default_as_of

    reports, findings = store.reports(), store.findings()
    assert default_as_of(reports, campaign, findings) == dt.date(2024, 6, 14)  # the latest report is later
    store.import_file("Đơn vị,Ngày kiểm tra,Dự thảo Kịch bản\r\nMai Châu,20/06/2024,Đạt\r\n".encode(), "b.csv", "lan")
    assert default_as_of(reports, campaign, store.findings()) == dt.date(2024, 6, 20)
    assert default_as_of(reports.iloc[0:0], campaign, store.findings()) == dt.date(2024, 6, 20)
    assert default_as_of(reports.iloc[0:0], campaign, findings.iloc[0:0]) == campaign.inspection_start
