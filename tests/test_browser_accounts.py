"""A district office sends its own report, in a real headless Chromium: its account's file
with another unit's row is refused naming that row; its own file is saved, and the
overview's reporting round turns the unit on time. At a laptop's width and a phone's."""

from pathlib import Path

import pytest

from dtts_dashboard.auth import add_editor
from dtts_dashboard.campaign import load_campaign
from dtts_dashboard.store import Store

from .conftest import ROOT
from .test_browser import ARGS, CHROMIUM, SHOTS, Server, no_exception, settle, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (./dev test installs it)"),
]

ROUND = "Báo cáo tuần 2"  # due 11/06/2024: Mai Châu's reports are of 03/06 and 14/06, none within it
OTHER_ROW = "Ngày báo cáo;Đơn vị;Dự thảo Kịch bản\r\n11/06/2024;Mai Châu;Hoàn thành\r\n11/06/2024;Đà Bắc;Hoàn thành\r\n"
OWN = (
    "Ngày báo cáo;Đơn vị;Triển khai văn bản chỉ đạo;Chỉ đạo tổ chức Đại hội;Dự thảo Văn kiện;Dự thảo Chương trình;"
    "Dự thảo Kịch bản;Ngày Đại hội;Số đại biểu chính thức\r\n"
    "11/06/2024;Mai Châu;Hoàn thành;Hoàn thành;Hoàn thành;Đang thực hiện;Đang thực hiện;27/06/2024;140\r\n"
)


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def district(tmp_path):
    """A server whose campaign has real reporting rounds (the bundled ones, not marked
    illustrative), on the sample's reports stored as real data, with an account of Mai
    Châu's office."""
    text = (ROOT / "data" / "campaign.toml").read_text(encoding="utf-8")
    campaign_file = tmp_path / "campaign.toml"
    campaign_file.write_text(text.replace("illustrative = true\n", ""), encoding="utf-8")
    campaign = load_campaign(campaign_file)
    assert campaign.rounds and not any(r.illustrative for r in campaign.rounds)
    db = tmp_path / "store.sqlite"
    progress = (ROOT / "data" / "sample" / "progress.csv").read_bytes()
    Store(db, campaign).import_file(progress, "tien-do.csv", "thu-ky")
    editors = tmp_path / "editors.json"
    add_editor("vp-mai-chau", "mat-khau-dai", editors, unit="Mai Châu")
    server = Server({"DTTS_DB": str(db), "DTTS_EDITORS": str(editors), "DTTS_CAMPAIGN": str(campaign_file)})
    yield server
    server.stop()


def round_line(page, status: str) -> str:
    """The round card's line listing the units of ``status`` ("" when there is none)."""
    lines = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text=f"{status}: ")
    return lines.first.inner_text() if lines.count() else ""


def open_round(page, url: str) -> None:
    page.goto(url + "/?as_of=2024-06-11")
    settle(page)
    page.get_by_role("heading", name=f"Đợt báo cáo: {ROUND}").wait_for(timeout=20_000)


def login(page) -> None:
    settle(page)
    page.get_by_label("Tên tài khoản").fill("vp-mai-chau")
    page.get_by_label("Mật khẩu").fill("mat-khau-dai")
    page.keyboard.press("Enter")
    page.get_by_text("tài khoản của đơn vị Mai Châu").first.wait_for(timeout=20_000)
    settle(page)


def send(page, path: Path, wait_for: str) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.get_by_text(wait_for).first.wait_for(timeout=20_000)
    settle(page)


@pytest.mark.parametrize("width, height, name", [(1366, 900, "unit-account"), (390, 844, "phone-unit-account")])
def test_a_unit_account_sends_its_own_report_and_its_round_turns_on_time(
    district, chromium, tmp_path, width, height, name
):
    phone = width < 500
    context = chromium.new_context(viewport={"width": width, "height": height}, is_mobile=phone, locale="vi-VN")
    page = context.new_page()
    open_round(page, district.url)
    assert "Mai Châu" in round_line(page, "Chưa gửi") and "Mai Châu" not in round_line(page, "Đúng hạn")

    page.goto(district.url + "/upload")
    login(page)
    assert page.get_by_text("Xóa dữ liệu minh họa").count() == 0

    other = tmp_path / "bao-cao-hai-don-vi.csv"
    other.write_text(OTHER_ROW, encoding="utf-8")
    send(page, other, "chưa được lưu")
    no_exception(page)
    problems = page.locator('[data-testid="stTable"]').first.inner_text()
    assert "3" in problems and "Đà Bắc" in problems and "không phải đơn vị của tài khoản này (Mai Châu)" in problems
    assert page.get_by_role("button", name="Lưu thành phiên bản mới").count() == 0
    shot(page, f"{name}-refused", 1800 if phone else 1200)

    own = tmp_path / "bao-cao-mai-chau.csv"
    own.write_text(OWN, encoding="utf-8")
    send(page, own, "Xem trước thay đổi")
    no_exception(page)
    page.get_by_role("button", name="Lưu thành phiên bản mới").click()
    page.get_by_text("Đã lưu phiên bản 2").wait_for(timeout=20_000)
    settle(page)
    shot(page, f"{name}-saved", 1800 if phone else 1200)

    open_round(page, district.url)
    no_exception(page)
    assert "Mai Châu" in round_line(page, "Đúng hạn") and "Mai Châu" not in round_line(page, "Chưa gửi")
    page.get_by_role("heading", name=f"Đợt báo cáo: {ROUND}").scroll_into_view_if_needed()
    shot(page, f"{name}-overview", 3200 if phone else 2000)

    page.goto(district.url + "/edit")  # a new session: still logged in (the login cookie)
    settle(page)
    page.get_by_text("tài khoản của đơn vị Mai Châu").first.wait_for(timeout=20_000)
    assert page.get_by_label("Mật khẩu").count() == 0
    unit = page.get_by_role("combobox", name="Đơn vị")
    assert unit.is_disabled() and unit.input_value() == "Mai Châu"
    no_exception(page)
    shot(page, f"{name}-edit", 2600 if phone else 1600)

    page.goto(district.url + "/history")  # still logged in
    settle(page)
    page.get_by_text("không khôi phục được phiên bản").wait_for(timeout=20_000)  # logged in: the province restores
    assert page.get_by_role("button", name="Khôi phục").count() == 0
    no_exception(page)
    shot(page, f"{name}-history", 1800 if phone else 1200)
    context.close()
