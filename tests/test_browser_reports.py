"""The Export page's two written reports in a real headless Chromium: the inspection results in
one click, at laptop and phone width (screenshots in tests/screenshots/ for a person to look at)."""

import io
from pathlib import Path

import pytest
from docx import Document

from dtts_dashboard.auth import add_editor
from dtts_dashboard.campaign import load_campaign
from dtts_dashboard.schema import assessment_label
from dtts_dashboard.store import Store

from .test_browser import ARGS, CHROMIUM, SHOTS, Server, no_exception, settle, shot
from .test_findings_report import FINDINGS, latest_findings, summary_table

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (./dev test installs it)"),
]


@pytest.fixture(scope="module")
def store_and_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser-reports")
    env = {"DTTS_DB": str(folder / "store.sqlite"), "DTTS_EDITORS": str(folder / "editors.json")}
    add_editor("thu-ky", "mat-khau-dai", Path(env["DTTS_EDITORS"]))
    store = Store(Path(env["DTTS_DB"]), load_campaign())
    store.load_sample_if_empty()
    store.import_file(FINDINGS.encode(), "ket-qua-minh-hoa.csv", "sample", sample=True)
    server = Server(env)
    yield store, server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.mark.parametrize("width, height, name", [(1366, 900, "export-reports"), (390, 844, "phone-export-reports")])
def test_the_inspection_results_in_one_click(store_and_server, browser, width, height, name):
    import datetime as dt

    store, server = store_and_server
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=width < 500, accept_downloads=True, locale="vi-VN"
    )
    page = context.new_page()
    page.goto(server.url + "/export?as_of=2024-06-05")
    settle(page)
    no_exception(page)
    page.get_by_text("Báo cáo kết quả kiểm tra", exact=True).wait_for(timeout=20_000)  # the line saying what it holds
    button = page.get_by_role("button", name="Tải báo cáo kết quả kiểm tra (.docx)")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width  # fits the screen
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == "bao-cao-ket-qua-kiem-tra-2024-06-05.docx"
    doc = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "DỮ LIỆU MINH HỌA" in text and "Chưa có kết quả kiểm tra" in text
    latest = latest_findings(store, dt.date(2024, 6, 5))
    rows = {r.cells[1].text: [c.text for c in r.cells[3:]] for r in summary_table(doc).rows[1:]}
    for unit, found in latest.items():
        assert rows[unit] == [assessment_label(found[k], "vi") for k in store.campaign.item_keys]
    assert page.get_by_role("button", name="Tải báo cáo tiến độ (.docx)").count() == 1
    no_exception(page)
    shot(page, name, 2600 if width < 500 else 1800)
    context.close()
