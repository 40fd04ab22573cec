"""The Enter inspection findings page through AppTest: editors only, the visit picker, the form
prefilled for a correction, the preview of the changed cells, saving a version as a one-row
findings file, refusals that save nothing, both languages."""

import datetime as dt

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dtts_dashboard import limits
from dtts_dashboard.auth import add_editor
from dtts_dashboard.schema import FINDINGS
from dtts_dashboard.store import Store

from .conftest import ROOT
from .test_store import dump

SAMPLE = ROOT / "data" / "sample"


@pytest.fixture
def editors(tmp_path, monkeypatch):
    path = tmp_path / "editors.json"
    monkeypatch.setenv("DTTS_EDITORS", str(path))
    add_editor("lan", "mat-khau-dai")
    return path


@pytest.fixture
def findings_page(db, editors, campaign):
    """The page on a store holding the sample's reports and schedule as real data."""
    st.cache_data.clear()
    st.cache_resource.clear()
    store = Store(db, campaign)
    store.import_file((SAMPLE / "progress.csv").read_bytes(), "tien-do.csv", "lan")
    store.import_file((SAMPLE / "schedule.csv").read_bytes(), "lich.csv", "lan")

    def make(login: bool = True, query: dict | None = None) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.run()
        at.switch_page("pages/8_findings.py").run()
        if login:
            at.text_input(key="login_name").input("lan")
            at.text_input(key="login_password").input("mat-khau-dai")
            next(b for b in at.button if b.key.startswith("FormSubmitter:login-")).click().run()
        return at

    return make


def pick_unit(at: AppTest, unit: str) -> AppTest:
    return at.selectbox(key="fe_unit").set_value(unit).run()


def test_viewers_see_the_login_form_and_no_form(findings_page):
    at = findings_page(login=False)
    assert not at.exception
    assert at.title[0].value == "Nhập kết quả kiểm tra"
    assert at.text_input(key="login_name") is not None
    assert not [w for w in at.selectbox if w.key == "fe_unit"]


def test_entering_a_planned_visits_findings_saves_a_version_the_overview_marks(findings_page, db, campaign):
    at = findings_page()
    assert not at.exception
    assert "Chọn đơn vị để mở biểu mẫu" in at.info[-1].value
    at = pick_unit(at, "Mai Châu")
    visit = at.radio(key="fe_visit")
    assert visit.value == "2024-06-10"  # the planned visit comes first and is picked
    assert visit.options[:2] == ["10/06/2024 · theo lịch", "Ngày khác…"]
    assert any("Chưa có kết quả buổi kiểm tra ngày 10/06/2024" in c.value for c in at.caption)
    assert at.radio(key="fe_directives").value == ""  # not assessed
    assert at.radio(key="fe_directives").options == ["Đạt", "Cần hoàn thiện", "Chưa đạt", "Chưa đánh giá"]
    # Mai Châu reports the directives done (14/06); the team found them short
    at.radio(key="fe_directives").set_value("fails").run()
    at.radio(key="fe_script").set_value("needs_work").run()
    at.text_area(key="fe_recommendations").input("Ban hành kế hoạch tổ chức Đại hội.").run()
    at.date_input(key="fe_fix_by").set_value(dt.date(2024, 6, 20)).run()
    assert not at.exception and not at.warning
    # the changed cells, no "old" column for a new visit (the whole row is in an expander below)
    assert at.table[0].value.values.tolist() == [
        ["Triển khai văn bản chỉ đạo", "Chưa đạt"],
        ["Dự thảo Kịch bản", "Cần hoàn thiện"],
        ["Kiến nghị của đoàn", "Ban hành kế hoạch tổ chức Đại hội."],
        ["Hạn hoàn thành", "20/06/2024"],
    ]
    before = Store(db, campaign).latest()
    at.button(key="fe_save").click().run()
    assert not at.exception
    message = at.success[0].value
    assert f"Đã lưu phiên bản {before + 1}: kết quả kiểm tra Mai Châu ngày 10/06/2024" in message
    assert "Triển khai văn bản chỉ đạo: (không có) → Chưa đạt" in message
    links = {link.label: link.proto.page_script_hash for link in at.get("page_link")}
    assert links["Xem trên trang Tổng quan"] == links["Tổng quan"]  # beside the message: the overview
    store = Store(db, campaign)
    version = store.history()[-1]
    assert (version.author, version.kind, version.filename, version.added) == (
        "lan",
        FINDINGS,
        "ket-qua-kiem-tra-mai-chau-2024-06-10.csv",
        1,
    )
    saved = store.findings().set_index(["unit", "inspection_date"]).loc[("Mai Châu", "2024-06-10")]
    assert (saved["directives"], saved["script"], saved["fix_by"]) == ("fails", "needs_work", "2024-06-20")
    # the form shows what was saved; the visit is now labelled as having findings
    assert at.radio(key="fe_directives").value == "fails" and at.button(key="fe_save").disabled
    assert at.radio(key="fe_visit").options[0] == "10/06/2024 · theo lịch · đã có kết quả"
    at.switch_page("app.py").run()
    matrix = at.dataframe[0].value.set_index("Đơn vị")
    assert matrix.loc["Mai Châu", "Văn bản chỉ đạo"] == "✓ Hoàn thành ⚠ KT: Chưa đạt"


def test_correcting_a_saved_visit(findings_page, db, campaign):
    Store(db, campaign).import_file(
        "Đơn vị,Ngày kiểm tra,Dự thảo Kịch bản,Nhận xét của đoàn\r\nMai Châu,10/06/2024,Chưa đạt,Chưa có kịch bản\r\n".encode(),
        "ket-qua.csv",
        "lan",
        FINDINGS,
    )
    at = pick_unit(findings_page(), "Mai Châu")
    assert at.radio(key="fe_visit").options[0] == "10/06/2024 · theo lịch · đã có kết quả"
    assert any("Đang sửa kết quả buổi kiểm tra ngày 10/06/2024" in c.value for c in at.caption)
    assert at.radio(key="fe_script").value == "fails"
    assert at.text_area(key="fe_remarks").value == "Chưa có kịch bản"
    assert "chưa thay đổi gì" in at.info[-1].value and at.button(key="fe_save").disabled
    at.radio(key="fe_script").set_value("meets").run()
    assert at.table[-1].value.values.tolist() == [["Dự thảo Kịch bản", "Chưa đạt", "Đạt"]]
    at.button(key="fe_save").click().run()
    assert "đã sửa kết quả kiểm tra Mai Châu ngày 10/06/2024" in at.success[0].value
    store = Store(db, campaign)
    version = store.history()[-1]
    assert (version.author, version.added, version.changed) == ("lan", 0, 1)
    saved = store.findings().set_index(["unit", "inspection_date"]).loc[("Mai Châu", "2024-06-10")]
    assert saved["script"] == "meets" and saved["remarks"] == "Chưa có kịch bản"


def test_a_text_too_long_for_a_cell_is_refused_and_nothing_is_stored(findings_page, db):
    at = pick_unit(findings_page(), "Mai Châu")
    before = dump(db)
    at.text_area(key="fe_remarks").input("x" * (limits.MAX_CELL_CHARS + 1)).run()
    assert not at.exception
    assert "Chưa lưu được: có 1 lỗi" in at.error[0].value
    problem = at.table[0].value.values.tolist()[0]
    assert problem[0] == "Nhận xét của đoàn" and f"giới hạn {limits.MAX_CELL_CHARS} ký tự" in problem[2]
    assert not [b for b in at.button if b.key == "fe_save"]
    assert dump(db) == before


def test_a_visit_not_in_the_schedule_is_kept_with_a_warning(findings_page, db, campaign):
    at = pick_unit(findings_page(), "Mai Châu")
    at.radio(key="fe_visit").set_value("other").run()
    at.date_input(key="fe_date").set_value(dt.date(2024, 6, 12)).run()
    at.radio(key="fe_script").set_value("meets").run()
    assert "1 lưu ý" in at.warning[0].value
    assert "không có buổi kiểm tra ngày 12/06/2024 trong lịch" in at.table[0].value.values.tolist()[0][2]
    at.button(key="fe_save").click().run()
    assert "kết quả kiểm tra Mai Châu ngày 12/06/2024" in at.success[0].value
    assert ("Mai Châu", "2024-06-12") in set(zip(*Store(db, campaign).findings()[["unit", "inspection_date"]].T.values))


def test_findings_for_a_unit_that_held_its_congress_are_allowed(findings_page, db, campaign):
    at = pick_unit(findings_page(), "Kim Bôi")
    assert any("đã tổ chức Đại hội ngày 16/05/2024" in c.value for c in at.caption)
    at.radio(key="fe_documents").set_value("meets").run()
    at.button(key="fe_save").click().run()
    assert "Đã lưu phiên bản" in at.success[0].value
    assert "Kim Bôi" in set(Store(db, campaign).findings()["unit"])


def test_another_unit_offers_its_own_visits(findings_page):
    at = pick_unit(findings_page(), "Mai Châu")
    at.radio(key="fe_visit").set_value("other").run()
    at = pick_unit(at, "Đà Bắc")
    assert not at.exception
    assert at.radio(key="fe_visit").value == "2024-06-11"


def test_the_page_speaks_english(findings_page):
    at = pick_unit(findings_page(query={"lang": "English"}), "Mai Châu")
    assert not at.exception
    assert at.title[0].value == "Enter inspection findings"
    assert at.radio(key="fe_visit").options[0] == "10/06/2024 · planned"
    assert at.radio(key="fe_script").label == "Draft script"
    assert at.radio(key="fe_script").options == ["Meets", "Needs work", "Fails", "Not assessed"]
    assert at.button(key="fe_save").label == "Save the findings"


def test_findings_entered_after_the_latest_report_are_in_view_on_the_overview(findings_page):
    """Right after a visit, the unit's latest report is often older than the visit: the
    overview's date viewed moves to the visit, so that what the team found shows at once."""
    at = pick_unit(findings_page(), "Mai Châu")
    at.radio(key="fe_visit").set_value("other").run()
    at.date_input(key="fe_date").set_value(dt.date(2024, 6, 20)).run()  # the latest report is of 14/06
    at.radio(key="fe_organization").set_value("needs_work").run()  # Mai Châu reports it done
    at.button(key="fe_save").click().run()
    assert "Đã lưu phiên bản" in at.success[0].value
    at.switch_page("app.py").run()
    assert not at.exception
    assert at.date_input(key="as_of").value == dt.date(2024, 6, 20)
    matrix = at.dataframe[0].value.set_index("Đơn vị")
    assert matrix.loc["Mai Châu", "Tổ chức Đại hội"] == "✓ Hoàn thành ⚠ KT: Cần hoàn thiện"


def test_a_store_this_server_may_not_write_says_so_and_offers_no_form(findings_page, db, monkeypatch):
    from dtts_dashboard import engines
    from dtts_dashboard.i18n import t

    monkeypatch.setattr(engines, "writable", lambda path: False)  # as for a read-only file or disk
    at = findings_page(login=False)
    assert not at.exception
    assert t("store_read_only", "vi") in [w.value for w in at.warning]
    assert not at.text_input and not [w for w in at.selectbox if w.key == "fe_unit"]


def test_an_overview_with_findings_and_no_report_says_where_the_findings_are(db, campaign):
    """Findings entered before any progress report: the overview's empty state says how many
    units have findings and links to the pages that show them."""
    st.cache_data.clear()
    st.cache_resource.clear()
    store = Store(db, campaign)
    store.import_file((SAMPLE / "schedule.csv").read_bytes(), "lich.csv", "lan")
    store.import_file((SAMPLE / "findings.csv").read_bytes(), "ket-qua.csv", "lan", kind=FINDINGS)
    inspected = store.findings()["unit"].nunique()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    said = " ".join(m.value for m in at.markdown)
    assert f"Đã có kết quả kiểm tra của {inspected} đơn vị" in said
