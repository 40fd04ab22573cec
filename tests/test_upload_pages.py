"""Upload and History through AppTest: refusal, preview, save, duplicates, login, restore."""

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dtts_dashboard.auth import add_editor
from dtts_dashboard.store import Store

from .conftest import ROOT
from .test_store import dump

DATA = Path(__file__).resolve().parent / "data"
GOOD = "Ngày báo cáo;Đơn vị;Dự thảo Kịch bản;Khó khăn, vướng mắc\r\n15/06/2024;Mai Châu;Hoàn thành;Thiếu xe\r\n"


@pytest.fixture
def editors(tmp_path, monkeypatch):
    path = tmp_path / "editors.json"
    monkeypatch.setenv("DTTS_EDITORS", str(path))
    return path


@pytest.fixture
def upload_page(db, editors):
    st.cache_data.clear()
    st.cache_resource.clear()

    def make(login: str | None = None, password: str = "mat-khau-dai") -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        at.switch_page("pages/3_upload.py").run()
        if login:
            at.text_input(key="login_name").input(login)
            at.text_input(key="login_password").input(password)
            at.button(key="FormSubmitter:login-Đăng nhập").click().run()
        return at

    return make


def upload(at: AppTest, name: str, data: bytes, mime="text/csv") -> AppTest:
    at.file_uploader[0].set_value((name, data, mime))
    return at.run()


def test_without_editors_the_page_shows_the_command(upload_page):
    at = upload_page()
    assert not at.exception
    assert "Chưa có tài khoản biên tập" in at.warning[0].value
    assert "add-editor" in at.code[0].value


def test_refused_file_lists_every_problem_and_stores_nothing(upload_page, editors, db):
    add_editor("lan", "mat-khau-dai")
    at = upload_page(login="lan")
    before = dump(db)
    at = upload(at, "xau.xlsx", (DATA / "refused_several_problems.xlsx").read_bytes())
    assert not at.exception
    assert "có 3 lỗi" in at.error[0].value
    problems = at.table[0].value
    assert problems["Dòng"].tolist() == ["3", "4", "5"]
    assert problems["Cột"].tolist() == ["Đơn vị", "Dự thảo Chương trình", "Ngày Đại hội"]
    assert "Lạc Dương" in problems["Giá trị"].tolist()
    assert not [b for b in at.button if b.key == "save"]
    assert dump(db) == before


def test_good_file_preview_save_and_overview_shows_it(upload_page, editors, db, campaign):
    add_editor("lan", "mat-khau-dai")
    at = upload_page(login="lan")
    assert "lan" in at.markdown[-1].value or any("lan" in m.value for m in at.markdown)
    at = upload(at, "mai-chau.csv", GOOD.encode("utf-8"))
    assert not at.exception
    counts = {m.label: m.value for m in at.metric}
    assert counts["Báo cáo mới"] == "1" and counts["Ô thay đổi"] == "0"
    assert at.dataframe[0].value["Đơn vị"].tolist() == ["Mai Châu"]
    sample = Store(db, campaign).latest()  # the sample's versions
    at.button(key="save").click().run()
    assert not at.exception
    assert f"Đã lưu phiên bản {sample + 1}" in at.success[0].value
    version = Store(db, campaign).history()[-1]
    assert (version.number, version.author, version.filename) == (sample + 1, "lan", "mai-chau.csv")
    at.switch_page("app.py").run()
    matrix = at.dataframe[0].value.set_index("Đơn vị")
    assert matrix.loc["Mai Châu", "Báo cáo ngày"] == "15/06/2024"
    assert matrix.loc["Mai Châu", "Kịch bản"] == "✓ Hoàn thành"


def test_changed_cells_are_previewed_old_to_new(upload_page, editors, db, campaign):
    add_editor("lan", "mat-khau-dai")
    base = "Ngày báo cáo,Đơn vị,Dự thảo Kịch bản\r\n14/06/2024,Mai Châu,Chưa thực hiện\r\n"
    Store(db, campaign).import_file(base.encode(), "base.csv", "lan")
    at = upload_page(login="lan")
    changed = "Ngày báo cáo,Đơn vị,Dự thảo Kịch bản\r\n14/06/2024,Mai Châu,Hoàn thành\r\n"
    at = upload(at, "sua.csv", changed.encode())
    cells = at.dataframe[-1].value
    assert cells[["Đơn vị", "Cột", "Cũ", "Mới"]].values.tolist() == [
        ["Mai Châu", "Dự thảo Kịch bản", "Chưa thực hiện", "Hoàn thành"]]  # fmt: skip


def test_same_file_twice_needs_a_confirmation(upload_page, editors, db, campaign):
    add_editor("lan", "mat-khau-dai")
    Store(db, campaign).load_sample_if_empty()
    at = upload_page(login="lan")
    at = upload(at, "progress.csv", (ROOT / "data" / "sample" / "progress.csv").read_bytes())
    assert "đã được lưu ở phiên bản 1" in at.warning[-1].value
    assert at.button(key="save").disabled
    at.checkbox(key="dup_confirm").check().run()
    assert not at.button(key="save").disabled


def test_without_login_nothing_can_be_saved(upload_page, editors):
    add_editor("lan", "mat-khau-dai")
    at = upload(upload_page(), "mai-chau.csv", GOOD.encode())
    assert not [b for b in at.button if b.key == "save"]
    assert any("Cần đăng nhập" in i.value for i in at.info)


def test_wrong_password_then_right_one(upload_page, editors):
    add_editor("lan", "mat-khau-dai")
    at = upload_page(login="lan", password="sai-mat-khau")
    assert "Sai tên tài khoản hoặc mật khẩu" in at.error[0].value
    assert "editor" not in at.session_state
    at.text_input(key="login_password").input("mat-khau-dai")
    at.button(key="FormSubmitter:login-Đăng nhập").click().run()
    # a failed try makes the next one wait a moment
    assert "editor" not in at.session_state and "Thử lại sau" in at.error[0].value
    import time

    time.sleep(1.1)
    at.button(key="FormSubmitter:login-Đăng nhập").click().run()
    assert at.session_state["editor"] == "lan"
    at.button(key="logout").click().run()
    assert "editor" not in at.session_state


def test_a_name_typed_otherwise_logs_in_as_the_account(upload_page, editors):
    import unicodedata

    add_editor("Nguyễn Văn A", "mat-khau-dai")
    at = upload_page(login=unicodedata.normalize("NFD", "  NGUYỄN  văn a"))
    assert at.session_state["editor"] == "Nguyễn Văn A"  # what versions record as their author


def test_remove_sample_data(upload_page, editors, db, campaign):
    add_editor("lan", "mat-khau-dai")
    at = upload_page(login="lan")
    at.checkbox(key="remove_sample_ok").check().run()
    at.button(key="remove_sample").click().run()
    assert "Đã xóa dữ liệu minh họa" in at.success[0].value
    assert not Store(db, campaign).sample_in_view()
    assert not any("Dữ liệu minh họa" in i.value for i in at.info)


def test_history_download_view_and_restore(upload_page, editors, db, campaign):
    add_editor("lan", "mat-khau-dai")
    store = Store(db, campaign)
    store.load_sample_if_empty()
    sample = store.latest()  # the sample's last version: its reports, visits and findings
    rows = len(store.reports()) + len(store.schedule()) + len(store.findings())
    visits = next(v.number for v in store.history() if v.kind == "schedule")
    real = store.import_file(GOOD.encode(), "mai-chau.csv", "lan").number
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/4_history.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert table["Phiên bản"].tolist() == list(range(real, 0, -1))
    assert table["Người lưu"].tolist() == ["lan", *["(minh họa)"] * sample]
    at.selectbox(key="history_version").set_value(sample).run()
    assert not at.exception
    at.text_input(key="login_name").input("lan")
    at.text_input(key="login_password").input("mat-khau-dai")
    at.button(key="FormSubmitter:login-Đăng nhập").click().run()
    at.checkbox(key="restore_ok").check().run()
    at.button(key="restore").click().run()
    assert f"phiên bản mới {real + 1}" in at.success[0].value
    restored = store.history()[-1]
    assert (restored.kind, restored.restored_from, restored.author) == ("restore", sample, "lan")
    assert len(store.reports()) == 48 and len(store.findings())
    changes = at.dataframe[0].value.set_index("Phiên bản")["Thay đổi"]
    assert changes[real] == "1 báo cáo mới, 0 báo cáo sửa; dữ liệu minh họa gỡ ra"
    assert changes[visits] == "10 buổi kiểm tra mới hoặc sửa, 0 buổi bỏ khỏi lịch"
    # the sample's reports, visits and findings come back; the real report goes
    assert changes[real + 1] == f"{rows} dòng đưa trở lại, 1 dòng thay ra"


def test_a_file_over_the_configured_cap_gets_a_clear_message(upload_page, editors, db, monkeypatch):
    monkeypatch.setenv("DTTS_MAX_UPLOAD_MB", "1")
    add_editor("lan", "mat-khau-dai")
    at = upload_page(login="lan")
    before = dump(db)
    big = (GOOD + "15/06/2024;Mai Châu;;" + "x" * 100 + "\r\n").encode() * 12_000
    at = upload(at, "to.csv", big)
    assert (
        "lớn hơn giới hạn 1 MB" in at.error[0].value and "to\\.csv" in at.error[0].value
    )  # the name as typed, escaped for Markdown
    assert dump(db) == before


def test_a_fault_of_ours_is_a_plain_message(upload_page, editors, monkeypatch):
    import dtts_dashboard.validate as validate

    def broken(*args, **kwargs):
        raise KeyError("bug")

    at = upload_page()  # the store and its sample data are made first
    monkeypatch.setattr(validate, "check_table", broken)
    at = upload(at, "a.csv", GOOD.encode())
    assert not at.exception
    assert "lỗi của phần mềm" in at.error[0].value
    assert "KeyError" not in at.error[0].value  # the cause goes to the server's log, not to visitors


def test_a_real_file_saved_over_the_sample_is_what_the_overview_shows(upload_page, editors):
    """The sample's reports of 14/06 must not outrank a real report of 22/05: saving the
    first real file sets the sample aside, and the preview says so before saving."""
    add_editor("lan", "mat-khau-dai")
    at = upload_page(login="lan")
    real = "Ngày báo cáo,Đơn vị,Dự thảo Văn kiện,Dự thảo Kịch bản\r\n22/05/2024,Mai Châu,Hoàn thành,Đang thực hiện\r\n"
    at = upload(at, "mai-chau.csv", real.encode())
    assert any("minh họa" in i.value and "gỡ" in i.value for i in at.info), [i.value for i in at.info]
    at.button(key="save").click().run()
    assert not at.exception
    at.switch_page("app.py").run()
    assert not at.exception
    assert not any("Dữ liệu minh họa" in i.value for i in at.info)
    matrix = at.dataframe[0].value.set_index("Đơn vị")
    assert matrix.loc["Mai Châu", "Văn kiện"] == "✓ Hoàn thành"
    assert matrix.loc["Mai Châu", "Báo cáo ngày"] == "22/05/2024"
    assert matrix.loc["Cao Phong", "Báo cáo ngày"] == ""  # no sample report fills the other units


@pytest.mark.parametrize("served", [True, False])
def test_a_save_on_a_server_has_that_server_open_the_new_versions_pages(upload_page, editors, monkeypatch, served):
    """``ui.data_changed`` asks this server's ``load.Warmer`` to open the pages whose results
    are kept (``tests/test_load.py`` runs it against a real server); a page run by no server
    (AppTest here, whose pages have no browser's address) asks nothing."""
    from dtts_dashboard import ui

    asked = []
    monkeypatch.setattr(ui._WARMER, "request", lambda *target: asked.append(target))
    if served:
        monkeypatch.setattr(type(ui.st.context), "url", property(lambda self: "http://dtts.example/upload"))
    add_editor("lan", "mat-khau-dai")
    at = upload(upload_page(login="lan"), "mai-chau.csv", GOOD.encode("utf-8"))
    assert not asked  # a preview saves nothing
    at.button(key="save").click().run()
    assert not at.exception and at.success
    assert asked == ([(8501, "127.0.0.1", "")] if served else [])


def test_a_large_files_rows_are_shown_while_owed_and_written_before_the_next_preview(upload_page, editors, db, campaign,
                                                                              monkeypatch):  # fmt: skip
    """A file of ``OWED_ROWS`` rows or more is saved before its rows are in their table: the
    pages show them at once (from the version's snapshot), and the next preview, which reads
    the current rows from SQL, writes them first."""
    from dtts_dashboard import snapshot
    from dtts_dashboard import store as store_module

    monkeypatch.setattr(store_module, "OWED_ROWS", 2)
    monkeypatch.setattr(snapshot, "MIN_ROWS", 0)
    monkeypatch.setattr(Store, "_settle_later", lambda self: None)  # as if its thread had not run yet

    def owed() -> list:
        with Store(db, campaign)._read() as con:
            return con.execute("SELECT tbl, row_count FROM owed").fetchall()

    add_editor("lan", "mat-khau-dai")
    at = upload_page(login="lan")
    two = GOOD + "16/06/2024;Cao Phong;Đang thực hiện;\r\n"
    at = upload(at, "hai-don-vi.csv", two.encode("utf-8"))
    at.button(key="save").click().run()
    assert not at.exception and "Đã lưu phiên bản" in at.success[0].value
    assert owed() == [("reports", 2)]
    at.switch_page("app.py").run()
    assert not at.exception
    matrix = at.dataframe[0].value.set_index("Đơn vị")
    assert matrix.loc["Mai Châu", "Báo cáo ngày"] == "15/06/2024"
    assert matrix.loc["Cao Phong", "Báo cáo ngày"] == "16/06/2024"
    assert owed() == [("reports", 2)]  # the overview did not wait for them
    at.switch_page("pages/3_upload.py").run()
    at = upload(at, "mai-chau.csv", GOOD.replace("Thiếu xe", "Đủ xe").encode("utf-8"))
    assert owed() == []  # the preview read the current rows from SQL: it wrote them first
    at.button(key="save").click().run()
    assert not at.exception and "Đã lưu phiên bản" in at.success[0].value
    big = Store(db, campaign).history()[-2].number
    history = Store(db, campaign).unit_history("Cao Phong")
    assert history[history["valid_from"] == big]["report_date"].tolist() == ["2024-06-16"]
