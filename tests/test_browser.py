"""End to end in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright):
open every page, filter, share a link, log in, upload, save, download. Screenshots go to
tests/screenshots/ for a person to look at."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dtts_dashboard.auth import add_editor

from .conftest import ROOT
from .data.make_quirks import cp1258

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "tests" / "screenshots"
DATA = Path(__file__).resolve().parent / "data"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (./dev test installs it)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, env: dict, port: int | None = None, log: Path | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log  # the server's output (its log), when a test reads it
        output = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 (the child's until it ends)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env={**os.environ, **env}, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
        if log:
            output.close()  # the child has its own copy
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("streamlit did not start")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    values = {"DTTS_DB": str(folder / "store.sqlite"), "DTTS_EDITORS": str(folder / "editors.json")}
    add_editor("thu-ky", "mat-khau-dai", Path(values["DTTS_EDITORS"]))
    return values


@pytest.fixture(scope="module")
def server(env):
    server = Server(env)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


def settle(page, timeout=20_000):
    """Wait until Streamlit has finished running the script."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_timeout(400)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
    page.wait_for_timeout(300)


def shot(page, name, height=2000):
    """A screenshot of the whole page: Streamlit scrolls inside its own container, so the
    viewport is made tall for the picture."""
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": height})
    page.wait_for_timeout(700)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size(size)


def no_exception(page):
    assert page.locator('[data-testid="stException"]').count() == 0


@pytest.mark.parametrize("path, name, expected", [
    ("/", "overview", "Tổng quan tiến độ chuẩn bị Đại hội"),
    ("/timeline", "timeline", "Tiến độ theo thời gian"),
    ("/unit", "unit", "Tình hình của đơn vị"),
    ("/upload", "upload", "Cập nhật dữ liệu"),
    ("/history", "history", "Lịch sử phiên bản"),
    ("/export", "export", "Xuất báo cáo"),
    ("/edit", "edit", "Sửa nhanh báo cáo"),
])  # fmt: skip
def test_each_page_renders(server, page, path, name, expected):
    page.goto(server.url + path)
    settle(page)
    page.get_by_role("heading", name=expected).wait_for(timeout=20_000)
    no_exception(page)
    assert page.get_by_text("Dữ liệu minh họa").count() >= 1
    if name in ("overview", "timeline", "unit"):
        page.wait_for_selector('[data-testid="stPlotlyChart"], [data-testid="stDataFrame"]', timeout=20_000)
    if name in ("timeline", "unit"):  # Plotly draws a moment after its box appears: the picture waits for it
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=20_000)
    shot(page, name, 2200)


def test_phone_view(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(server.url + "/timeline?units=Mai+Ch%C3%A2u&units=T%C3%A2n+L%E1%BA%A1c")
    settle(page)
    page.wait_for_selector('[data-testid="stPlotlyChart"]', timeout=20_000)
    no_exception(page)
    shot(page, "phone-timeline", 2400)
    context.close()


def test_unit_filter_goes_to_the_url_and_a_copied_link_restores_it(server, page):
    page.goto(server.url + "/")
    settle(page)
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    box.click()
    page.keyboard.type("Kim Bôi")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('units=')", timeout=20_000)
    settle(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["units"] == ["Kim Bôi"]
    cells = page.locator('[data-testid="stDataFrame"]').first
    link = page.url
    # the same link in a fresh browser context (a colleague) shows the same view
    other = page.context.browser.new_context(viewport={"width": 1366, "height": 900})
    colleague = other.new_page()
    colleague.goto(link)
    settle(colleague)
    chips = colleague.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.inner_text()
    assert "Kim Bôi" in chips and "Cao Phong" not in chips
    assert cells.count() == 1
    other.close()
    # switching pages keeps the filter
    page.get_by_role("link", name="Tiến độ theo thời gian").click()
    page.wait_for_url("**/timeline**", timeout=20_000)
    settle(page)
    assert "Kim Bôi" in page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.inner_text()
    # a reload keeps it too
    page.reload()
    settle(page)
    assert "Kim Bôi" in page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.inner_text()


def test_deep_link_on_a_freshly_started_server(env, browser, tmp_path):
    fresh = Server({**env, "DTTS_DB": str(tmp_path / "fresh.sqlite")})
    try:
        context = browser.new_context(viewport={"width": 1366, "height": 1400})
        page = context.new_page()
        page.goto(fresh.url + "/timeline?units=%C4%90%C3%A0+B%E1%BA%AFc&as_of=2024-06-05&lang=English")
        settle(page)
        page.get_by_role("heading", name="Timeline").wait_for(timeout=20_000)
        no_exception(page)
        assert "Đà Bắc" in page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.inner_text()
        # the navigation is filled in once the filters are made: wait for it rather than race it
        page.get_by_role("link", name="Overview").wait_for(timeout=20_000)
        assert page.get_by_role("link", name="Overview").count() == 1
        shot(page, "deep-link-english")
        context.close()
    finally:
        fresh.stop()


def test_a_shared_link_keeps_its_view_from_page_to_page(server, page):
    """Filters that came from a link (not from clicks) survive a page switch, and the new
    page's address carries them again."""
    page.goto(server.url + "/?units=Kim+B%C3%B4i&lang=English&as_of=2024-06-01&items=Draft+script")
    settle(page)
    page.get_by_role("link", name="Timeline").click()
    page.wait_for_url("**/timeline**", timeout=20_000)
    settle(page)
    page.get_by_role("heading", name="Timeline").wait_for(timeout=20_000)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Kim Bôi" in sidebar and "Draft script" in sidebar
    query = parse_qs(urlparse(page.url).query)
    assert query == {"lang": ["English"], "units": ["Kim Bôi"], "items": ["Draft script"], "as_of": ["2024-06-01"]}


def test_a_typed_link_is_read_and_its_address_corrected(server, page):
    """A link shortened or typed by hand (language code, unit without diacritics, item key,
    day-first date) opens the view it names, with the address a copy would share."""
    page.goto(server.url + "/timeline?lang=en&units=Da+Bac&items=script&as_of=5/6/2024")
    settle(page)
    page.get_by_role("heading", name="Timeline").wait_for(timeout=20_000)
    filters = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
    filters.first.get_by_text("Đà Bắc").wait_for(timeout=20_000)
    settle(page)
    no_exception(page)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Đà Bắc" in sidebar and "Draft script" in sidebar and "Selected Date: June 05, 2024" in page.content()
    query = parse_qs(urlparse(page.url).query)
    assert query == {"lang": ["English"], "units": ["Đà Bắc"], "items": ["Draft script"], "as_of": ["2024-06-05"]}
    shot(page, "typed-link")
    # switching the language turns the item's label, in the sidebar and in the address
    page.locator('[data-testid="stSidebar"]').get_by_text("Tiếng Việt", exact=True).click()
    page.get_by_role("heading", name="Tiến độ theo thời gian").wait_for(timeout=20_000)
    settle(page)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Dự thảo Kịch bản" in sidebar and "Draft script" not in sidebar
    query = parse_qs(urlparse(page.url).query)
    assert query.get("items") == ["Dự thảo Kịch bản"] and "lang" not in query
    shot(page, "typed-link-vi")


def login(page):
    page.get_by_label("Tên tài khoản").fill("thu-ky")
    page.get_by_label("Mật khẩu").fill("mat-khau-dai")
    page.keyboard.press("Enter")
    page.get_by_text("Đang đăng nhập").wait_for(timeout=20_000)


def uploader_texts(page) -> list[str]:
    """What the file uploader shows in place of Streamlit's own English texts."""
    page.wait_for_selector('[data-testid="stFileUploaderDropzoneInstructions"]', timeout=20_000)
    return page.evaluate("""() => [
        '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p',
        '[data-testid="stFileUploaderDropzoneInstructions"] span',
    ].map(s => getComputedStyle(document.querySelector(s), '::after').content)""")


@pytest.fixture
def own_server(tmp_path):
    """A server on a store of its own (the sample alone), for a test that saves data."""
    values = {"DTTS_DB": str(tmp_path / "store.sqlite"), "DTTS_EDITORS": str(tmp_path / "editors.json")}
    add_editor("thu-ky", "mat-khau-dai", Path(values["DTTS_EDITORS"]))
    server = Server(values, log=tmp_path / "server.log")
    yield server
    server.stop()


def test_login_upload_save_and_see_it_on_the_overview(own_server, page, tmp_path):
    """The first real file replaces the sample on the overview at once, although its report
    (22/05) is older than the sample's (14/06)."""
    page.goto(own_server.url + "/upload")
    settle(page)
    assert uploader_texts(page) == ['"Chọn tệp"', '"hoặc kéo thả tệp vào đây · tối đa 20 MB · XLSX, CSV"']
    login(page)
    report = tmp_path / "mai-chau-22-5.csv"
    report.write_bytes(
        cp1258(
            "Ngày báo cáo;Đơn vị;Dự thảo Văn kiện;Dự thảo Chương trình;Dự thảo Kịch bản\r\n"
            "22/05/2024;H. Mai Châu;Hoàn thành;Đang thực hiện;Chưa thực hiện\r\n"
        )
    )
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(report))
    page.get_by_text("Xem trước thay đổi").wait_for(timeout=20_000)
    settle(page)
    page.get_by_text("Dữ liệu minh họa đang hiển thị sẽ được gỡ ra").wait_for(timeout=20_000)
    shot(page, "upload-preview")
    page.get_by_role("button", name="Lưu thành phiên bản mới").click()
    page.get_by_text("Đã lưu phiên bản").wait_for(timeout=20_000)
    # the server opens the new version's kept pages itself, before anyone follows the link
    deadline = time.monotonic() + 60
    while "warmed after a save: /, /timeline, /export" not in own_server.log.read_text(errors="replace"):
        assert time.monotonic() < deadline, own_server.log.read_text(errors="replace")[-3000:]
        time.sleep(0.5)
    assert "warming /" not in own_server.log.read_text(errors="replace")  # no page failed to open
    page.get_by_role("link", name="Tổng quan").click()
    settle(page)
    page.get_by_text("22/05/2024").first.wait_for(timeout=20_000)
    no_exception(page)
    shot(page, "overview-after-first-real-file")
    assert page.get_by_text("Dữ liệu minh họa.").count() == 0  # the sample banner is gone
    # one unit reporting: no sample report outranks or joins the real one
    assert page.locator('[data-testid="stMetricValue"]').first.inner_text().strip() == "1/10"


def test_refused_file_shows_row_and_column(server, page):
    page.goto(server.url + "/upload")
    settle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        str(DATA / "refused_unknown_status.csv")
    )
    page.get_by_text("chưa được lưu").wait_for(timeout=20_000)
    settle(page)
    problems = page.locator('[data-testid="stTable"]').first
    problems.wait_for()
    shot(page, "upload-refused")
    text = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("1 lỗi" in t for t in text)
    table = problems.inner_text()
    assert "3" in table and "Dự thảo Văn kiện" in table and "gần xong" in table
    assert "Giá trị được chấp nhận" in table  # the whole message is on screen


def test_the_uploader_speaks_english_when_asked(server, page):
    page.goto(server.url + "/upload?lang=English")
    settle(page)
    page.get_by_role("heading", name="Upload data").wait_for(timeout=20_000)
    assert uploader_texts(page) == ['"Choose a file"', '"or drop it here · up to 20 MB · XLSX, CSV"']


def done_count(page, item: str) -> int:
    """How many units the overview's progress bar says are done with ``item``."""
    text = page.locator('[data-testid="stProgress"]').filter(has_text=item).first.inner_text()
    return int(re.search(r": (\d+)/", text).group(1))


def choose(page, label: str, option: str, typed: str | None = None) -> None:
    """Pick an option in a select from the keyboard: focus it, open the list (or type to
    filter it), then take the option. A key pressed while the page is still being redrawn
    can be lost: the list is asked for again until it opens."""
    wanted = page.get_by_role("option").filter(has_text=option).first
    for _ in range(5):
        page.get_by_role("combobox", name=label).focus()
        if typed:
            page.keyboard.type(typed)
        else:
            page.keyboard.press("ArrowDown")
        try:
            wanted.wait_for(timeout=3000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    wanted.click()
    settle(page)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "() => [document.documentElement, document.querySelector('[data-testid=\"stMain\"]')]"
        ".every(e => e.scrollWidth <= window.innerWidth)"
    )


def test_quick_edit_on_a_phone(env, browser, tmp_path, campaign):
    """At 390 px: log in, pick a unit, change one status, save, and see it on the overview
    (on the sample's reports stored as real data: saving beside sample data is Upload's matter)."""
    from dtts_dashboard.store import Store

    store = tmp_path / "edit.sqlite"
    Store(store, campaign).import_file(
        (ROOT / "data" / "sample" / "progress.csv").read_bytes(), "tien-do.csv", "thu-ky"
    )
    fresh = Server({**env, "DTTS_DB": str(store)})
    try:
        context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
        page = context.new_page()
        page.goto(fresh.url + "/")
        settle(page)
        before = done_count(page, "Dự thảo Kịch bản")
        page.goto(fresh.url + "/edit")
        settle(page)
        page.get_by_role("heading", name="Sửa nhanh báo cáo").wait_for(timeout=20_000)
        login(page)
        choose(page, "Đơn vị", "Mai Châu", typed="Mai")
        assert "Chưa thực hiện" in page.get_by_role("combobox", name="Dự thảo Kịch bản").input_value()
        choose(page, "Dự thảo Kịch bản", "Hoàn thành")
        # the form opens on today while a campaign runs (a new report, compared with 14/06), or
        # on the latest report date once it is over (the 14/06 report itself, corrected)
        page.get_by_text(re.compile(r"So với báo cáo ngày 14/06/2024|Ô thay đổi")).first.wait_for(timeout=20_000)
        no_exception(page)
        assert no_horizontal_scroll(page)
        shot(page, "phone-edit-preview", 3000)
        page.get_by_role("button", name="Lưu thay đổi").click()
        saved = page.get_by_text("Đã lưu phiên bản 2")
        saved.wait_for(timeout=20_000)
        assert "Dự thảo Kịch bản: Chưa thực hiện → Hoàn thành" in saved.inner_text()
        settle(page)
        shot(page, "phone-edit-saved", 3000)
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        page.get_by_role("link", name="Tổng quan", exact=True).click()
        page.get_by_role("heading", name="Tổng quan tiến độ chuẩn bị Đại hội").wait_for(timeout=20_000)
        settle(page)
        assert done_count(page, "Dự thảo Kịch bản") == before + 1
        no_exception(page)
        context.close()
        # the same form at a laptop's width
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.goto(fresh.url + "/edit")
        settle(page)
        login(page)
        choose(page, "Đơn vị", "Tân Lạc", typed="Tân")
        choose(page, "Dự thảo Kịch bản", "Hoàn thành")
        difficulties = page.get_by_role("textbox", name="Khó khăn, vướng mắc")
        difficulties.fill("Thiếu xe đưa đón đại biểu vùng cao.")
        difficulties.press("Control+Enter")  # how a text area hands its text over
        page.get_by_text("Thiếu xe đưa đón đại biểu vùng cao.").last.wait_for(timeout=20_000)
        settle(page)
        no_exception(page)
        shot(page, "edit-preview", 2600)
        context.close()
    finally:
        fresh.stop()


def _download(page, button: str, tmp_path, name: str) -> Path:
    with page.expect_download() as download:
        page.get_by_role("button", name=button).first.click()
    path = tmp_path / name
    download.value.save_as(path)
    return path


def test_export_downloads(server, page, tmp_path):
    page.goto(server.url + "/export?as_of=2024-06-05")
    settle(page)
    from docx import Document

    docx = _download(page, "Tải báo cáo tiến độ (.docx)", tmp_path, "bao-cao.docx")
    assert "BÁO CÁO" in "\n".join(p.text for p in Document(docx).paragraphs)
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải Excel (.xlsx)").first.click()
    assert download.value.suggested_filename == "tinh-hinh-2024-06-05.xlsx"


def test_text_cells_render_as_lines_and_never_as_markup(env, page, tmp_path):
    """A difficulty typed as three lines with a link, an image and a formula in it: the
    Overview and the Unit page show three lines and the characters as typed, no link, no image."""
    from dtts_dashboard.campaign import load_campaign
    from dtts_dashboard.store import Store

    db = tmp_path / "store.sqlite"
    store = Store(db, load_campaign())
    store.load_sample_if_empty()
    typed = "Thiếu xe\n[Đăng nhập lại](http://evil.example) ![ảnh](http://evil.example/p.png)\nGiá $x^2$ <b>đậm</b>"
    data = f'Ngày báo cáo;Đơn vị;Khó khăn, vướng mắc\r\n15/06/2024;Mai Châu;"{typed}"\r\n'.encode()
    store.import_file(data, "a.csv", "test")
    own = Server({**env, "DTTS_DB": str(db)})
    try:
        page.goto(own.url + "/?as_of=2024-06-15")
        settle(page)
        block = page.locator('[data-testid="stMarkdownContainer"]', has_text="Thiếu xe").last
        shown = block.inner_text().replace("\u2060", "")  # the word joiner that keeps an address text
        assert "Thiếu xe\n[Đăng nhập lại](http://evil.example) ![ảnh](http://evil.example/p.png)\nGiá $x^2$" in shown
        assert block.locator("a, img, .katex, b").count() == 0
        page.goto(own.url + "/unit?as_of=2024-06-15&unit=Mai+Ch%C3%A2u")
        settle(page)
        text = page.locator('[data-testid="stText"]', has_text="Thiếu xe").first
        assert text.inner_text().splitlines() == typed.splitlines()
        no_exception(page)
    finally:
        own.stop()


BROKEN_REPORT = """
import dtts_dashboard.report


def report_docx(*args, **kwargs):
    raise ValueError("All strings must be XML compatible")


dtts_dashboard.report.report_docx = report_docx
"""


def test_a_failed_export_is_said_in_words(env, page, tmp_path):
    """A server whose report cannot be made (a fault put in through sitecustomize): the click
    gives no file, and the page says which file failed, in words."""
    (tmp_path / "sitecustomize.py").write_text(BROKEN_REPORT)
    broken = Server({**env, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])})
    try:
        page.goto(broken.url + "/export?as_of=2024-06-05")
        settle(page)
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        page.get_by_role("button", name="Tải báo cáo tiến độ (.docx)").click()
        alert = page.locator('[data-testid="stAlertContentError"]')
        alert.wait_for(timeout=20_000)
        assert "Không tạo được tệp “bao-cao-tong-hop-2024-06-05.docx”" in alert.inner_text()
        assert "ValueError" in alert.inner_text()
        no_exception(page)
        shot(page, "export-failed", height=1200)
    finally:
        broken.stop()


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")),
                    reason="LibreOffice and poppler are not installed (./dev test installs them as root)")  # fmt: skip
def test_report_opens_in_libreoffice_as_pdf(server, page, tmp_path):
    page.goto(server.url + "/export?as_of=2024-06-05")
    settle(page)
    docx = _download(page, "Tải báo cáo tiến độ (.docx)", tmp_path, "bao-cao.docx")
    subprocess.run([shutil.which("soffice"), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    pdf = tmp_path / "bao-cao.pdf"
    assert pdf.stat().st_size > 5000
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(SHOTS / "report-page")], check=True, timeout=60)
    assert (SHOTS / "report-page-1.png").exists()


@pytest.mark.parametrize("width, height, name", [(1366, 900, "overview-rounds"), (390, 844, "phone-overview-rounds")])
def test_round_card_chart_and_reminder_copy(server, browser, width, height, name):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 500)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    page = context.new_page()
    page.goto(server.url + "/?as_of=2024-06-12")
    settle(page)
    page.get_by_role("heading", name="Đợt báo cáo: Báo cáo tuần 3 (minh họa)").wait_for(timeout=20_000)
    no_exception(page)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.scroll_into_view_if_needed()  # below the fold on a laptop: Plotly draws once it is in view
    chart.locator(".main-svg").first.wait_for(timeout=20_000)
    legend = chart.locator(".legendtext").all_text_contents()
    assert legend == ["Đúng hạn", "Gửi muộn", "Chưa gửi", "Không phải gửi"]
    box = chart.bounding_box()
    assert box["width"] <= width  # the chart fits the screen, no sideways scrolling
    code = page.locator('[data-testid="stCode"]').first
    code.scroll_into_view_if_needed()
    code.hover()
    code.get_by_role("button").first.click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("Kính gửi: Thành phố Hòa Bình, Cao Phong") and "hạn" not in copied[:10]
    assert "“Báo cáo tuần 3 (minh họa)” trước hoặc trong ngày 18/06/2024" in copied
    shot(page, name, 3200 if width < 500 else 2600)
    context.close()
