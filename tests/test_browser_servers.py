"""Two app servers on one PostgreSQL database, in a real headless Chromium: what is saved on one
is seen on the other; a login survives a reload and holds on both servers; logging out in one
tab logs the other tab out on its next action; wrong guesses on one server slow the other."""

from __future__ import annotations

from pathlib import Path

import pytest

from dtts_dashboard.auth import add_editor

from .data.make_quirks import cp1258
from .test_browser import ARGS, CHROMIUM, SHOTS, Server, login, no_exception, settle

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (./dev test installs it)"),
]
LOGGED_IN = "Đang đăng nhập"


@pytest.fixture
def two_servers(pg_url, tmp_path):
    values = {"DTTS_DB": pg_url, "DTTS_EDITORS": str(tmp_path / "editors.json")}
    add_editor("thu-ky", "mat-khau-dai", Path(values["DTTS_EDITORS"]))  # one accounts file, seen by both
    first = Server(values)
    try:
        second = Server(values)
    except BaseException:
        first.stop()
        raise
    yield first, second
    first.stop()
    second.stop()


@pytest.fixture
def context(tmp_path):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
        yield context
        browser.close()


def open_page(context, url: str):
    page = context.new_page()
    page.goto(url)
    settle(page)
    return page


def test_saved_on_one_server_seen_on_the_other_and_the_login_holds_on_both(two_servers, context, tmp_path):
    first, second = two_servers
    tab = open_page(context, first.url + "/upload")
    login(tab)
    tab.reload()  # a reload: a new Streamlit session, logged in by the login cookie
    settle(tab)
    tab.get_by_text(LOGGED_IN).wait_for(timeout=20_000)

    report = tmp_path / "mai-chau-22-5.csv"
    report.write_bytes(
        cp1258("Ngày báo cáo;Đơn vị;Dự thảo Văn kiện\r\n22/05/2024;H. Mai Châu;Hoàn thành\r\n")
    )  # fmt: skip
    tab.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(report))
    tab.get_by_text("Xem trước thay đổi").wait_for(timeout=20_000)
    settle(tab)
    tab.get_by_role("button", name="Lưu thành phiên bản mới").click()
    tab.get_by_text("Đã lưu phiên bản").wait_for(timeout=20_000)

    other = open_page(context, second.url + "/history")  # the other server, the same browser
    other.get_by_text("mai-chau-22-5.csv").first.wait_for(state="attached", timeout=20_000)  # a grid cell
    other.get_by_text(LOGGED_IN).wait_for(timeout=20_000)  # its login cookie holds here too
    no_exception(other)
    other.screenshot(path=str(SHOTS / "second-server-history.png"))

    # Log out on the first server's tab: the second server's tab is logged out on its next action.
    tab.get_by_role("button", name="Đăng xuất").click()
    tab.get_by_label("Mật khẩu").wait_for(timeout=20_000)
    other.get_by_role("link", name="Cập nhật dữ liệu").click()
    settle(other)
    other.get_by_label("Mật khẩu").wait_for(timeout=20_000)
    assert other.get_by_text(LOGGED_IN).count() == 0
    other.reload()  # and a reload does not bring the ended login back
    settle(other)
    other.get_by_label("Mật khẩu").wait_for(timeout=20_000)
    assert other.get_by_text(LOGGED_IN).count() == 0


def _try(tab, password: str) -> str:
    """Submit a login and say what came of it: "wrong", "wait" (or "in" when logged in)."""
    tab.get_by_label("Tên tài khoản").fill("thu-ky")
    tab.get_by_label("Mật khẩu").fill(password)
    tab.keyboard.press("Enter")
    settle(tab)
    for outcome, words in (("wrong", "Sai tên tài khoản hoặc mật khẩu"), ("wait", "Thử lại sau"), ("in", LOGGED_IN)):
        if tab.get_by_text(words).count():
            return outcome
    raise AssertionError("no outcome shown")


def test_wrong_guesses_on_one_server_slow_the_other(two_servers, context):
    first, second = two_servers
    tab = open_page(context, first.url + "/upload")
    wrong = 0
    while wrong < 4:  # four wrong passwords for the name on the first server: the next waits 8 s
        outcome = _try(tab, f"sai-mat-khau-{wrong}")
        wrong += outcome == "wrong"
        if outcome == "wait":
            tab.wait_for_timeout(1000)
    other = open_page(context, second.url + "/upload")
    assert _try(other, "mat-khau-dai") == "wait"  # even the right password waits, on the other server
