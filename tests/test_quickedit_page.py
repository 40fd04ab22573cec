"""The Quick edit page through AppTest: editors only, the form prefilled, the preview of the
changed cells, saving a version as a one-row upload, refusals that save nothing."""

import datetime as dt

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dtts_dashboard.auth import add_editor
from dtts_dashboard.store import Store
from dtts_dashboard.text import md_escape

from .conftest import ROOT
from .test_store import dump


@pytest.fixture
def editors(tmp_path, monkeypatch):
    path = tmp_path / "editors.json"
    monkeypatch.setenv("DTTS_EDITORS", str(path))
    add_editor("lan", "mat-khau-dai")
    return path


@pytest.fixture
def edit_page(db, editors, campaign):
    """The page on a store holding the sample's reports as real data (version 1): saving
    beside sample data is another matter (Upload's), not this page's."""
    st.cache_data.clear()
    st.cache_resource.clear()
    Store(db, campaign).import_file((ROOT / "data" / "sample" / "progress.csv").read_bytes(), "tien-do.csv", "lan")

    def make(login: bool = True, query: dict | None = None) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.run()
        at.switch_page("pages/6_edit.py").run()
        if login:
            at.text_input(key="login_name").input("lan")
            at.text_input(key="login_password").input("mat-khau-dai")
            next(b for b in at.button if b.key.startswith("FormSubmitter:login-")).click().run()
        return at

    return make


def open_report(at: AppTest, unit: str, date: dt.date) -> AppTest:
    at.selectbox(key="qe_unit").set_value(unit).run()
    return at.date_input(key="qe_date").set_value(date).run()


def test_viewers_see_the_login_form_and_no_form(edit_page):
    at = edit_page(login=False)
    assert not at.exception
    assert at.title[0].value == "Sửa nhanh báo cáo"
    assert at.text_input(key="login_name") is not None
    assert not [w for w in at.selectbox if w.key == "qe_unit"]


def test_the_form_opens_with_the_units_latest_values(edit_page, monkeypatch):
    from dtts_dashboard import quickedit

    monkeypatch.setattr(quickedit, "today_in_vietnam", lambda: dt.date(2024, 6, 20))
    at = edit_page()
    assert not at.exception
    assert "Chọn đơn vị để mở biểu mẫu" in at.info[-1].value
    assert at.date_input(key="qe_date").value == dt.date(2024, 6, 20)  # today, in Vietnam
    at = open_report(at, "Mai Châu", dt.date(2024, 6, 12))
    assert not at.exception
    assert at.selectbox(key="qe_script").value == "not_started"
    assert at.selectbox(key="qe_documents").value == "in_progress"
    assert at.date_input(key="qe_congress_date").value == dt.date(2024, 6, 27)
    assert any("báo cáo ngày 03/06/2024" in c.value for c in at.caption)
    # another unit: the form follows it
    at.selectbox(key="qe_unit").set_value("Kim Bôi").run()
    assert at.date_input(key="qe_congress_date").value == dt.date(2024, 5, 16)


def test_correcting_a_report_previews_and_saves_the_changed_cells(edit_page, db, campaign):
    at = open_report(edit_page(), "Mai Châu", dt.date(2024, 6, 14))
    assert any("Đang sửa báo cáo ngày 14/06/2024" in c.value for c in at.caption)
    assert "chưa thay đổi gì" in at.info[-1].value and at.button(key="qe_save").disabled
    at.selectbox(key="qe_script").set_value("done").run()
    at.text_input(key="qe_delegates").input("120").run()
    assert not at.exception
    cells = at.table[-1].value
    assert cells.values.tolist() == [  # in the store's order, as the Upload page shows them
        ["Số đại biểu chính thức", "140", "120"],
        ["Dự thảo Kịch bản", "Chưa thực hiện", "Hoàn thành"],
    ]
    at.button(key="qe_save").click().run()
    assert not at.exception
    message = at.success[0].value
    assert "Đã lưu phiên bản 2" in message and "đã sửa báo cáo của Mai Châu ngày 14/06/2024" in message
    assert "Dự thảo Kịch bản: Chưa thực hiện → Hoàn thành" in message and "140 → 120" in message
    store = Store(db, campaign)
    version = store.history()[-1]
    assert (version.number, version.author, version.kind) == (2, "lan", "progress")
    assert (version.filename, version.rows, version.added, version.changed) == (
        "sua-nhanh-mai-chau-2024-06-14.csv",
        1,
        0,
        1,
    )
    name, data = store.original_file(2)
    assert data.decode("utf-8-sig").splitlines()[1].startswith("14/06/2024,Mai Châu,")
    # the form now shows what was saved, and saving it again would change nothing
    assert at.selectbox(key="qe_script").value == "done" and at.text_input(key="qe_delegates").value == "120"
    assert at.button(key="qe_save").disabled
    at.switch_page("app.py").run()
    matrix = at.dataframe[0].value.set_index("Đơn vị")
    assert matrix.loc["Mai Châu", "Kịch bản"] == "✓ Hoàn thành" and matrix.loc["Mai Châu", "Số đại biểu"] == "120"


def test_a_new_date_saves_a_new_report_shown_on_the_overview(edit_page, db, campaign):
    at = open_report(edit_page(), "Mai Châu", dt.date(2024, 6, 20))
    assert any("biểu mẫu điền sẵn báo cáo ngày 14/06/2024" in c.value for c in at.caption)
    at.selectbox(key="qe_script").set_value("in_progress").run()
    assert any("So với báo cáo ngày 14/06/2024" in m.value for m in at.markdown)
    assert at.table[0].value.values.tolist() == [["Dự thảo Kịch bản", "Chưa thực hiện", "Đang thực hiện"]]
    at.button(key="qe_save").click().run()
    assert "báo cáo mới của Mai Châu ngày 20/06/2024" in at.success[0].value
    assert "Chưa thực hiện → Đang thực hiện" in at.success[0].value
    version = Store(db, campaign).history()[-1]
    assert (version.author, version.added, version.changed) == ("lan", 1, 0)
    at.switch_page("app.py").run()
    matrix = at.dataframe[0].value.set_index("Đơn vị")
    assert matrix.loc["Mai Châu", "Báo cáo ngày"] == "20/06/2024"
    assert matrix.loc["Mai Châu", "Kịch bản"] == "◐ Đang làm"
    at.switch_page("pages/4_history.py").run()
    history = at.dataframe[0].value
    assert history.iloc[0][["Người lưu", "Tệp"]].tolist() == ["lan", "sua-nhanh-mai-chau-2024-06-20.csv"]


def test_a_units_first_report_from_an_empty_form(edit_page, db, campaign):
    at = open_report(edit_page(), "Kim Bôi", dt.date(2024, 5, 1))
    assert any("chưa có báo cáo nào đến ngày 01/05/2024" in c.value for c in at.caption)
    assert at.selectbox(key="qe_script").value == "" and at.date_input(key="qe_congress_date").value is None
    assert any("Báo cáo đầu tiên của đơn vị" in m.value for m in at.markdown)
    assert "Biểu mẫu để trống." in [c.value for c in at.caption]
    at.selectbox(key="qe_directives").set_value("in_progress").run()
    assert at.table[0].value.values.tolist() == [["Triển khai văn bản chỉ đạo", "Đang thực hiện"]]  # no "old" column
    at.button(key="qe_save").click().run()
    assert "Triển khai văn bản chỉ đạo: (không có) → Đang thực hiện" in at.success[0].value
    saved = Store(db, campaign).reports().set_index(["unit", "report_date"]).loc[("Kim Bôi", "2024-05-01")]
    assert saved["directives"] == "in_progress"


def test_an_invalid_value_gives_a_message_and_saves_nothing(edit_page, db):
    at = open_report(edit_page(), "Kim Bôi", dt.date(2024, 6, 14))
    before = dump(db)
    at.text_input(key="qe_delegates").input("khoảng 120").run()
    assert not at.exception
    assert "Chưa lưu được: có 1 lỗi" in at.error[0].value
    problem = at.table[0].value
    assert problem.values.tolist()[0][:2] == ["Số đại biểu chính thức", "khoảng 120"]
    assert "không phải số nguyên" in problem.values.tolist()[0][2]
    assert not [b for b in at.button if b.key == "qe_save"]
    assert dump(db) == before


def test_over_the_cap_is_a_warning_and_can_be_saved(edit_page, db, campaign):
    at = open_report(edit_page(), "Kim Bôi", dt.date(2024, 6, 14))
    at.text_input(key="qe_delegates").input("160").run()
    assert "1 lưu ý" in at.warning[0].value
    at.button(key="qe_save").click().run()
    assert "Đã lưu phiên bản 2" in at.success[0].value


def test_a_change_that_comes_with_the_click_is_previewed_not_saved(edit_page, db):
    at = open_report(edit_page(), "Kim Bôi", dt.date(2024, 6, 14))
    at.selectbox(key="qe_script").set_value("in_progress").run()
    before = dump(db)
    at.selectbox(key="qe_script").set_value("not_started")
    at.button(key="qe_save").click().run()  # both reach the server in one rerun
    assert "chưa lưu" in at.warning[-1].value
    assert dump(db) == before
    at.button(key="qe_save").click().run()  # now the preview showed it
    assert "Đã lưu phiên bản 2" in at.success[0].value
    assert "Hoàn thành → Chưa thực hiện" in at.success[0].value


def test_viewing_an_old_version_prefills_from_it_and_compares_with_now(edit_page, db, campaign):
    store = Store(db, campaign)
    store.import_file("Ngày báo cáo,Đơn vị,Dự thảo Kịch bản\r\n14/06/2024,Mai Châu,x\r\n".encode(), "a.csv", "lan")
    at = edit_page(query={"version": "1"})
    at.selectbox(key="qe_unit").set_value("Mai Châu").run()
    assert at.date_input(key="qe_date").value == dt.date(2024, 6, 14)  # that version's latest report date
    assert at.selectbox(key="qe_script").value == "not_started"  # as it stood after version 1
    assert any("sau phiên bản 1" in c.value for c in at.caption)
    assert at.table[-1].value.values.tolist() == [["Dự thảo Kịch bản", "Hoàn thành", "Chưa thực hiện"]]


def test_an_as_of_date_picked_elsewhere_opens_the_form_on_the_latest_report_by_then(edit_page):
    at = edit_page(query={"as_of": "2024-06-05"})
    at.selectbox(key="qe_unit").set_value("Mai Châu").run()
    assert at.date_input(key="qe_date").value == dt.date(2024, 6, 3)
    assert any("Đang sửa báo cáo ngày 03/06/2024" in c.value for c in at.caption)


def test_the_page_speaks_english(edit_page):
    at = edit_page(query={"lang": "English"})
    at = open_report(at, "Mai Châu", dt.date(2024, 6, 14))
    assert at.title[0].value == "Quick edit"
    assert at.selectbox(key="qe_script").label == "Draft script"
    assert "Correcting the report of 14/06/2024." in [c.value for c in at.caption]


def test_a_value_typed_in_a_form_shows_as_typed_in_its_problem(edit_page, db):
    """The problems table reads Markdown in its cells: a link or emphasis typed in a form's
    field is escaped there, as a file's values are on the Upload page."""
    at = open_report(edit_page(), "Kim Bôi", dt.date(2024, 6, 14))
    at.text_input(key="qe_delegates").input("**120** [x](http://a.example)").run()
    assert not at.exception
    value = at.table[0].value.values.tolist()[0][1]
    assert value == md_escape("**120** [x](http://a.example)") and value != "**120** [x](http://a.example)"
