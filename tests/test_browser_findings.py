"""Findings entered on a phone, in a real headless Chromium (Debian's, driven by Playwright):
the secretariat logs in at 390 x 844, enters a visit's findings that disagree with the unit's
own latest report, saves, and the overview marks the disagreement. Screenshots go to
tests/screenshots/ for a person to look at."""

import re
from pathlib import Path

import pytest

from dtts_dashboard.schema import SCHEDULE
from dtts_dashboard.store import Store

from .conftest import ROOT
from .test_browser import (
    CHROMIUM,
    Server,
    browser,
    choose,
    env,
    login,
    no_exception,
    no_horizontal_scroll,
    settle,
    shot,
)

__all__ = ["browser", "env"]  # the browser tests' fixtures, used here

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (./dev test installs it)"),
]

SAMPLE = ROOT / "data" / "sample"


def assess(page, item: str, word: str) -> None:
    """Tap an assessment: the radio of ``word`` in the item's group."""
    page.get_by_role("radiogroup", name=item).get_by_text(word, exact=True).click()
    settle(page)


def test_findings_entered_on_a_phone_show_as_a_disagreement_on_the_overview(env, browser, tmp_path, campaign):
    """Mai Châu reports the directives done (14/06); the team visiting on 10/06 found them
    short (Chưa đạt). On the sample's reports and schedule stored as real data."""
    db = tmp_path / "findings.sqlite"
    store = Store(db, campaign)
    store.import_file((SAMPLE / "progress.csv").read_bytes(), "tien-do.csv", "thu-ky")
    store.import_file((SAMPLE / "schedule.csv").read_bytes(), "lich.csv", "thu-ky", SCHEDULE)
    fresh = Server({**env, "DTTS_DB": str(db)})
    try:
        context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
        page = context.new_page()
        page.goto(fresh.url + "/findings")
        settle(page)
        page.get_by_role("heading", name="Nhập kết quả kiểm tra").wait_for(timeout=20_000)
        login(page)
        choose(page, "Đơn vị", "Mai Châu", typed="Mai")
        planned = page.get_by_role("radio", name="10/06/2024 · theo lịch")
        assert planned.is_checked()  # the planned visit comes first, picked
        assess(page, "Triển khai văn bản chỉ đạo", "Chưa đạt")
        assess(page, "Dự thảo Kịch bản", "Cần hoàn thiện")
        recommendations = page.get_by_role("textbox", name="Kiến nghị của đoàn")
        recommendations.fill("Ban hành kế hoạch triển khai trước ngày 20/6.")
        recommendations.press("Control+Enter")  # how a text area hands its text over
        page.get_by_text("Ban hành kế hoạch triển khai trước ngày 20/6.").last.wait_for(timeout=20_000)
        settle(page)
        page.get_by_text("Kết quả kiểm tra mới").first.wait_for(timeout=20_000)
        no_exception(page)
        assert no_horizontal_scroll(page)
        shot(page, "phone-findings-preview", 3000)
        page.get_by_role("button", name="Lưu kết quả kiểm tra").click()
        saved = page.get_by_text(re.compile(r"Đã lưu phiên bản \d+: kết quả kiểm tra Mai Châu ngày 10/06/2024"))
        saved.wait_for(timeout=20_000)
        assert "Triển khai văn bản chỉ đạo: (không có) → Chưa đạt" in saved.inner_text()
        settle(page)
        assert no_horizontal_scroll(page)
        shot(page, "phone-findings-saved", 3000)
        page.get_by_role("link", name="Xem trên trang Tổng quan").click()
        page.get_by_role("heading", name="Tổng quan tiến độ chuẩn bị Đại hội").wait_for(timeout=20_000)
        settle(page)
        reason = page.get_by_text(
            "đoàn kiểm tra ngày 10/06/2024 đánh giá khác báo cáo của đơn vị: Triển khai văn bản chỉ đạo"
        )
        reason.first.wait_for(timeout=20_000)
        no_exception(page)
        shot(page, "phone-findings-overview", 3000)
        context.close()
        # the saved visit again at a laptop's width, in English: it opens for correction
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.goto(fresh.url + "/findings?lang=English")
        settle(page)
        page.get_by_role("heading", name="Enter inspection findings").wait_for(timeout=20_000)
        page.get_by_label("Account name").fill("thu-ky")
        page.get_by_label("Password", exact=True).fill("mat-khau-dai")
        page.keyboard.press("Enter")
        page.get_by_text("Logged in").wait_for(timeout=20_000)
        settle(page)
        choose(page, "Unit", "Mai Châu", typed="Mai")
        assert page.get_by_role("radio", name="10/06/2024 · planned · findings saved").is_checked()
        page.get_by_text("Correcting the findings of the visit of 10/06/2024.").wait_for(timeout=20_000)
        group = page.get_by_role("radiogroup", name="Carrying out directives")
        assert group.get_by_role("radio", name="Fails").is_checked()
        no_exception(page)
        assert no_horizontal_scroll(page)
        shot(page, "findings-laptop", 2200)
        context.close()
    finally:
        fresh.stop()
