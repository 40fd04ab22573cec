"""In a real headless Chromium: the "units followed by" filter picked in the sidebar, carried
to the Unit page by its link, and the Unit page's inspection results at laptop and phone
widths (screenshots kept in tests/screenshots/ for a person to look at)."""

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .test_browser import CHROMIUM, SHOTS, browser, env, no_exception, server, settle, shot  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]


def sidebar_member(page):
    return page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first


def pick_member(page, name: str) -> None:
    """Open the sidebar's member list and take ``name``. A click while the page is still being
    redrawn can be lost (seen once in CI, on a busy machine): the list is opened again until
    it shows, never clicked shut while it is open."""
    wanted = page.get_by_role("option", name=name)
    for _ in range(5):
        if not page.get_by_role("listbox").first.is_visible():
            sidebar_member(page).click()
        try:
            wanted.wait_for(timeout=4000)
            break
        except PlaywrightTimeout:
            settle(page)
    wanted.click()


def test_pick_a_member_then_open_the_unit_page_from_the_sidebar(server, browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.goto(server.url + "/")
    settle(page)
    pick_member(page, "Lê Văn C")
    page.wait_for_function("() => location.search.includes('member=')", timeout=20_000)
    settle(page)
    assert parse_qs(urlparse(page.url).query)["member"] == ["Lê Văn C"]
    assert "Cao Phong, Tân Lạc" in page.locator('[data-testid="stSidebar"]').inner_text()
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Từng đơn vị").click()
    page.wait_for_url("**/unit**", timeout=20_000)
    settle(page)
    no_exception(page)
    assert parse_qs(urlparse(page.url).query)["member"] == ["Lê Văn C"]
    assert "Cao Phong, Tân Lạc" in page.locator('[data-testid="stSidebar"]').inner_text()  # the member's caption
    # the page opens on the member's first unit, Cao Phong (not the campaign's first), with its visit
    page.get_by_text("Kiểm tra ngày 03/06/2024").wait_for(timeout=20_000)
    assert "Lê Văn C" in page.locator('[data-testid="stMain"]').inner_text()
    shot(page, "unit-member-filter", 1400)
    context.close()


@pytest.mark.parametrize("width, height, name", [(1366, 900, "unit-findings"), (390, 844, "phone-unit-findings")])
def test_unit_page_findings_at_laptop_and_phone_width(server, browser, width, height, name):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500, locale="vi-VN")
    page = context.new_page()
    page.goto(server.url + "/unit?unit=T%C3%A2n+L%E1%BA%A1c")
    settle(page)
    page.get_by_role("heading", name="Kết quả kiểm tra").wait_for(timeout=20_000)
    no_exception(page)
    table = page.locator('[data-testid="stTable"]').first
    table.scroll_into_view_if_needed()
    text = table.inner_text()
    assert "⚠ Khác" in text and "Cần hoàn thiện" in text and "Hoàn thành" in text
    assert "\\" not in text  # the escaping of typed text never shows
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width  # the table fits: no sideways scrolling
    assert "Lê Văn C" in page.locator('[data-testid="stMain"]').inner_text()
    shot(page, name, 4200 if width < 500 else 2600)
    context.close()
