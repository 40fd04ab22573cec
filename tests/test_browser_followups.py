"""Follow-ups in a real headless Chromium: an editor answers a unit's proposal on the
"Theo dõi kiến nghị" page and the overview's count of what that unit still waits for drops."""

import datetime as dt
import re

from .conftest import ROOT
from .test_browser import CHROMIUM, Server, browser, choose, env, login, no_exception, pytestmark, settle, shot

__all__ = ["browser", "env", "pytestmark"]  # fixtures and marks shared with test_browser

WAITING = re.compile(r"(\d+) khó khăn, đề xuất, kiến nghị chưa được trả lời")


def waiting_for(page, unit: str) -> int:
    """What the overview's needs-attention line of ``unit`` says is waiting (0 when it says nothing)."""
    page.get_by_role("heading", name="Đơn vị cần chú ý").wait_for(timeout=20_000)
    page.get_by_role("heading", name="Khó khăn, kiến nghị chờ trả lời").wait_for(timeout=20_000)
    settle(page)
    line = page.locator('[data-testid="stMarkdownContainer"] p').filter(has_text=re.compile(rf"^{unit}:"))
    if line.count() == 0:
        return 0
    found = WAITING.search(line.first.inner_text())
    return int(found.group(1)) if found else 0


def test_answering_a_proposal_lowers_the_overviews_open_count(env, browser, tmp_path, campaign):
    from dtts_dashboard.followups import items
    from dtts_dashboard.store import Store

    assert CHROMIUM
    path = tmp_path / "followups.sqlite"
    store = Store(path, campaign)
    store.import_file((ROOT / "data" / "sample" / "progress.csv").read_bytes(), "tien-do.csv", "thu-ky")
    reports = store.reports()
    as_of = dt.date.fromisoformat(max(reports["report_date"]))
    open_items = items(reports, store.findings(), store.handling(), campaign, as_of)
    unit = open_items["unit"].iloc[0]
    proposal = open_items[(open_items["unit"] == unit) & (open_items["source"] == "proposal")].iloc[0]

    server = Server({**env, "DTTS_DB": str(path)})
    try:
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
        page = context.new_page()
        page.goto(server.url + "/")
        settle(page)
        before = waiting_for(page, unit)
        assert before == int((open_items["unit"] == unit).sum()) >= 1

        page.goto(server.url + "/followups")
        settle(page)
        page.get_by_role("heading", name="Theo dõi khó khăn, đề xuất, kiến nghị").first.wait_for(timeout=20_000)
        login(page)
        settle(page)
        choose(page, "Chọn một mục để xem lịch sử xử lý", unit, typed=proposal["text"][:20])
        form = page.locator('[data-testid="stForm"]')
        form.get_by_role("combobox", name="Trạng thái").click()
        page.get_by_role("option", name="Đã trả lời").click()
        form.get_by_role("textbox", name="Cơ quan, người xử lý").fill("Sở Tài chính")
        form.get_by_role("textbox", name="Nội dung trả lời").fill("Đã bố trí bổ sung kinh phí theo đề nghị.")
        form.get_by_role("textbox", name="Số công văn trả lời").fill("123/STC-NS")
        form.get_by_role("button", name="Lưu thành phiên bản mới").click()
        page.get_by_text(re.compile(r"Đã lưu xử lý \(phiên bản \d+\)")).first.wait_for(timeout=20_000)
        settle(page)
        no_exception(page)
        shot(page, "followups-answered", 2400)
        # the answered item leaves the list of open ones; the next item's form starts empty
        assert form.get_by_role("textbox", name="Cơ quan, người xử lý").input_value() == ""

        page.goto(server.url + "/")
        settle(page)
        no_exception(page)
        assert waiting_for(page, unit) == before - 1
        context.close()
    finally:
        server.stop()
