"""The pages as a unit's office sees them (AppTest): Upload and Quick edit for its own unit
only, History with each version's origin and no restore, Follow-ups read-only."""

import datetime as dt

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dtts_dashboard.auth import add_editor
from dtts_dashboard.store import Store

from .conftest import ROOT
from .test_store import dump

UNIT_ACCOUNT = "Văn phòng Mai Châu"
TWO_UNITS = "Ngày báo cáo;Đơn vị;Dự thảo Kịch bản\r\n11/06/2024;Mai Châu;Hoàn thành\r\n11/06/2024;Đà Bắc;Hoàn thành\r\n"
OWN = "Ngày báo cáo;Đơn vị;Dự thảo Kịch bản\r\n11/06/2024;Mai Châu;Hoàn thành\r\n"


@pytest.fixture
def store(db, tmp_path, monkeypatch, campaign):
    """The sample's reports stored as real data (version 1, by the province), a unit account
    of Mai Châu and a province account."""
    monkeypatch.setenv("DTTS_EDITORS", str(tmp_path / "editors.json"))
    add_editor(UNIT_ACCOUNT, "mat-khau-dai", unit="Mai Châu")
    add_editor("thu-ky", "mat-khau-dai")
    st.cache_data.clear()
    st.cache_resource.clear()
    store = Store(db, campaign)
    store.import_file((ROOT / "data" / "sample" / "progress.csv").read_bytes(), "tien-do.csv", "thu-ky")
    return store


def open_page(page: str, login: str | None = UNIT_ACCOUNT, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    if login:
        at.text_input(key="login_name").input(login)
        at.text_input(key="login_password").input("mat-khau-dai")
        next(b for b in at.button if b.key.startswith("FormSubmitter:login-")).click().run()
    assert not at.exception
    return at


def upload(at: AppTest, name: str, text: str) -> AppTest:
    at.file_uploader[0].set_value((name, text.encode("utf-8"), "text/csv"))
    return at.run()


def test_upload_refuses_another_units_row_then_saves_its_own(store, db):
    at = open_page("pages/3_upload.py")
    assert any("tài khoản của đơn vị Mai Châu" in m.value for m in at.markdown)
    before = dump(db)
    at = upload(at, "hai-don-vi.csv", TWO_UNITS)
    assert not at.exception
    assert "có 1 lỗi" in at.error[0].value
    problems = at.table[0].value
    assert problems["Dòng"].tolist() == ["3"] and problems["Giá trị"].tolist() == ["Đà Bắc"]
    assert "không phải đơn vị của tài khoản này (Mai Châu)" in problems["Lỗi"].iloc[0].replace("\\", "")
    assert not [b for b in at.button if b.key == "save"]
    assert dump(db) == before
    at = upload(at, "mai-chau.csv", OWN)
    assert not at.exception and not at.error
    at.button(key="save").click().run()
    assert not at.exception
    saved = store.history()[-1]
    assert (saved.author, saved.origin, saved.origin_unit) == (UNIT_ACCOUNT, "unit", "Mai Châu")


def test_a_unit_account_cannot_upload_a_schedule(store, db):
    at = open_page("pages/3_upload.py")
    before = dump(db)
    at = upload(at, "lich.csv", "Đơn vị;Ngày kiểm tra;Trưởng đoàn\r\nMai Châu;05/06/2024;Ông A\r\n")
    assert not at.exception
    assert "không thay được lịch kiểm tra" in at.table[0].value["Lỗi"].iloc[0]
    assert not [b for b in at.button if b.key == "save"]
    assert dump(db) == before


def test_the_sample_data_are_the_provinces_to_remove(db, tmp_path, monkeypatch, campaign):
    monkeypatch.setenv("DTTS_EDITORS", str(tmp_path / "editors.json"))
    add_editor(UNIT_ACCOUNT, "mat-khau-dai", unit="Mai Châu")
    add_editor("thu-ky", "mat-khau-dai")
    st.cache_data.clear()
    st.cache_resource.clear()
    Store(db, campaign).load_sample_if_empty()
    at = open_page("pages/3_upload.py")
    assert not [b for b in at.button if b.key == "remove_sample"]
    assert any("Dữ liệu minh họa do Tỉnh xóa" in c.value for c in at.caption)
    at = open_page("pages/3_upload.py", login="thu-ky")
    assert [b for b in at.button if b.key == "remove_sample"]


def test_quick_edit_is_fixed_to_the_accounts_unit(store, monkeypatch):
    from dtts_dashboard import quickedit

    monkeypatch.setattr(quickedit, "today_in_vietnam", lambda: dt.date(2024, 6, 20))
    at = open_page("pages/6_edit.py")
    unit = at.selectbox(key="qe_unit")
    assert unit.value == "Mai Châu" and unit.disabled and unit.options == ["Mai Châu"]
    at.date_input(key="qe_date").set_value(dt.date(2024, 6, 11)).run()
    at.selectbox(key="qe_script").set_value("done").run()
    assert not at.exception
    at.button(key="qe_save").click().run()
    assert not at.exception
    saved = store.history()[-1]
    assert (saved.origin_unit, saved.author, saved.filename) == (
        "Mai Châu",
        UNIT_ACCOUNT,
        "sua-nhanh-mai-chau-2024-06-11.csv",
    )
    # the province's account picks any unit
    at = open_page("pages/6_edit.py", login="thu-ky")
    assert not at.selectbox(key="qe_unit").disabled and len(at.selectbox(key="qe_unit").options) == 10


def test_history_shows_the_origin_and_restores_for_the_province_only(store):
    store.import_file(OWN.encode(), "mai-chau.csv", UNIT_ACCOUNT, origin_unit="Mai Châu")
    at = open_page("pages/4_history.py")
    table = at.dataframe[0].value
    assert table["Nguồn"].tolist() == ["Đơn vị: Mai Châu", "Tỉnh"]
    assert not [b for b in at.button if b.key == "restore"] and not [c for c in at.checkbox if c.key == "restore_ok"]
    assert "không khôi phục được phiên bản" in at.info[-1].value
    assert len(store.history()) == 2  # nothing changed
    at = open_page("pages/4_history.py", login="thu-ky", query={"lang": "English"})
    assert at.dataframe[0].value["Origin"].tolist() == ["Unit: Mai Châu", "Province"]
    assert [b for b in at.button if b.key == "restore"]


def test_follow_ups_are_read_only_for_a_unit_account(store):
    at = open_page("pages/7_followups.py", query={"as_of": "2024-06-14"})
    assert len(at.dataframe[0].value) > 0  # the items are listed to read
    assert "câu trả lời do Tỉnh ghi" in at.info[-1].value
    assert not [b for b in at.button if b.key and b.key.startswith("FormSubmitter:answer")]
    at = open_page("pages/7_followups.py", login="thu-ky", query={"as_of": "2024-06-14"})
    assert [b for b in at.button if b.key and b.key.startswith("FormSubmitter:answer")]


def test_findings_are_entered_by_the_province_only(store):
    at = open_page("pages/8_findings.py")
    assert "Tỉnh" in at.info[-1].value
    assert not [s for s in at.selectbox if s.key == "fe_unit"] and not at.radio  # no form to fill
    at = open_page("pages/8_findings.py", login="thu-ky")
    assert [s for s in at.selectbox if s.key == "fe_unit"]


def test_an_account_reset_to_the_province_has_its_rights_on_the_next_run(store):
    at = open_page("pages/4_history.py")
    assert not [b for b in at.button if b.key == "restore"]
    add_editor(UNIT_ACCOUNT, "mat-khau-moi-1")  # reset without a unit: the province's account now
    at.run()
    assert not at.exception
    assert [c for c in at.checkbox if c.key == "restore_ok"]
    assert any(f"Đang đăng nhập: **{UNIT_ACCOUNT}**" == m.value for m in at.markdown)
