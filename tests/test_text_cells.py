"""Free text from file to page, export and report: line breaks kept, controls and text-direction
marks removed (with a warning at the door, silently at the exports for older stores), "nothing to
report" left out, and no Markdown, HTML or LaTeX from a file, a link or the schedule rendered."""

import csv
import datetime as dt
import io
import re
import sqlite3
import sys
import unicodedata

import openpyxl
import pandas as pd
import pytest
import streamlit as st
from docx import Document
from streamlit.testing.v1 import AppTest

from dtts_dashboard import charts, exporting, metrics, report, tables
from dtts_dashboard.store import Store
from dtts_dashboard.validate import check_file

from .conftest import ROOT

AS_OF = "2024-06-15"
THREE = "Thiếu kinh phí tổ chức\nThiếu xe đưa đón đại biểu\nHội trường đang sửa chữa"
LINK = "[Đăng nhập lại](http://evil.example/login)"
MARKUP = "[bấm vào đây](http://evil.example) ![ảnh](http://evil.example/p.png) $x^2$ <b>đậm</b>"


def progress_file(difficulties: str, proposals: str = "", unit: str = "Mai Châu", date: str = "15/06/2024") -> bytes:
    """A progress CSV as Excel writes it: CRLF between rows, LF inside a quoted cell."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Ngày báo cáo", "Đơn vị", "Dự thảo Kịch bản", "Khó khăn, vướng mắc", "Đề xuất, kiến nghị"])
    writer.writerow([date, unit, "Hoàn thành", difficulties, proposals])
    return out.getvalue().encode("utf-8")


@pytest.fixture
def store(db, campaign):
    store = Store(db, campaign)
    store.load_sample_if_empty()
    return store


@pytest.fixture
def app(db):
    st.cache_data.clear()
    st.cache_resource.clear()

    def make(page: str | None = None, **params) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page).run()
        assert not at.exception, at.exception
        return at

    return make


def state_of(store, campaign, day=AS_OF):
    return metrics.unit_state(store.reports(), campaign, dt.date.fromisoformat(day))


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


# --- at the door -------------------------------------------------------------------------


def test_a_control_character_is_removed_with_a_warning_naming_row_and_column(campaign):
    checked = check_file(progress_file("Thiếu\x07 kinh phí\u202e", "Đề nghị\x1b hỗ trợ"), "a.csv", campaign)
    record = checked.plain().iloc[0]
    assert record["difficulties"] == "Thiếu kinh phí" and record["proposals"] == "Đề nghị hỗ trợ"
    warned = [w for w in checked.warnings if w.code == "unsafe_chars"]
    assert [(w.row, w.column) for w in warned] == [(2, "difficulties"), (2, "proposals")]
    message = warned[0].message("vi")
    assert message.startswith("Dòng 2, cột “Khó khăn, vướng mắc”") and "U+0007" in message and "U+202E" in message
    assert "Row 2" in warned[1].message("en") and "U+001B" in warned[1].message("en")


def test_a_cell_keeps_its_three_lines_into_the_store(store, campaign):
    checked = check_file(progress_file(THREE.replace("\n", "\r\n") + "\r\n\r\n"), "a.csv", campaign)
    assert checked.plain().iloc[0]["difficulties"] == THREE
    assert not checked.warnings
    store.import_file(progress_file(THREE), "a.csv", "test")
    reports = store.reports()
    assert THREE in list(reports.loc[reports["unit"] == "Mai Châu", "difficulties"])


def test_schedule_cells_keep_their_lines(campaign):
    data = 'Đơn vị;Ngày kiểm tra;Thành viên đoàn\r\nMai Châu;05/06/2024;"Ông A\nBà B"\r\n'.encode()
    assert check_file(data, "lich.csv", campaign).plain().iloc[0]["members"] == "Ông A\nBà B"


# --- line breaks out: page, CSV, XLSX, DOCX ----------------------------------------------


def test_three_lines_reach_the_csv_xlsx_and_report(store, campaign):
    store.import_file(progress_file(THREE), "a.csv", "test")
    frame, dates = exporting.state_table(state_of(store, campaign), campaign)
    rows = list(csv.reader(io.StringIO(exporting.to_csv_bytes(frame).decode("utf-8-sig"))))
    assert THREE in [cell for row in rows for cell in row]

    sheet = openpyxl.load_workbook(io.BytesIO(exporting.to_xlsx_bytes([("S", frame, dates)]))).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == THREE]
    assert cells and cells[0].alignment.wrap_text

    data = report.report_docx(store.reports(), store.schedule(), campaign, dt.date.fromisoformat(AS_OF))
    assert THREE in docx_text(data)


def test_three_lines_reach_the_overview_and_the_unit_page(store, app):
    store.import_file(progress_file(THREE), "a.csv", "test")
    at = app(as_of=AS_OF)
    blocks = [m.value for m in at.markdown if "Mai Châu" in m.value and "Thiếu kinh phí" in m.value]
    assert blocks and "Thiếu kinh phí tổ chức  \nThiếu xe đưa đón đại biểu  \nHội trường đang sửa chữa" in blocks[0]
    at = app("pages/2_unit.py", as_of=AS_OF, unit="Mai Châu")
    assert THREE in [t.value for t in at.text]


# --- older stores may already hold such text: exports never fail --------------------------


def test_exports_of_a_store_already_holding_control_characters(store, campaign, db):
    con = sqlite3.connect(db)
    with con:
        con.execute(
            "UPDATE reports SET difficulties = ?, next_tasks = ? WHERE unit = 'Mai Châu' AND valid_to IS NULL",
            ("Thiếu\x07 xe\u202e", "Họp\x00 \ufffe"),
        )
        con.execute("UPDATE schedule SET lead = ? WHERE valid_to IS NULL", ("Ông\x0b A\x1f",))
    con.close()
    reports, schedule = store.reports(), store.schedule()
    frame, dates = exporting.state_table(state_of(store, campaign), campaign)
    book = openpyxl.load_workbook(io.BytesIO(exporting.to_xlsx_bytes([("S", frame, dates)])))
    values = [c.value for row in book.active.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Thiếu xe" in values and not any(re.search("[\x00-\x08\x0b-\x1f\u202e\ufffe]", v) for v in values)
    history = exporting.to_xlsx_bytes(exporting.history_sheets(reports, schedule, campaign, None, None))
    leads = [c.value for c in openpyxl.load_workbook(io.BytesIO(history))["Lịch kiểm tra"]["C"]]
    assert "Ông A" in leads
    text = exporting.to_csv_bytes(frame).decode("utf-8-sig")
    assert "Thiếu xe" in text and "\x07" not in text and "\u202e" not in text
    body = docx_text(report.report_docx(reports, schedule, campaign, dt.date.fromisoformat(AS_OF)))
    assert "Thiếu xe" in body and "\x07" not in body


def _code_points() -> dict[str, str]:
    """A few code points of every Unicode general category, and the awkward ones by name."""
    found: dict[str, list[str]] = {}
    for point in range(sys.maxunicode + 1):
        category = unicodedata.category(chr(point))
        if len(found.setdefault(category, [])) < 4:
            found[category].append(chr(point))
    found["Cs"] = ["\ud800", "\udfff"]
    extra = {
        "C0": "".join(map(chr, range(0x20))),
        "C1": "".join(map(chr, range(0x7F, 0xA0))),
        "bidi": "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
        "nonchar": "\ufffe\uffff\ufdd0\U0001fffe\U0010ffff",
        "combining": "a\u0300\u0301\u0303\u0309\u0323\u20dd",
        "emoji": "👩‍👩‍👧 🇻🇳 ✓️",
        "astral": "\U00010000\U0001d11e\U00020000\U000e0001",
    }
    return {name: "Chữ " + "".join(chars) + " cuối" for name, chars in found.items()} | {
        name: "Chữ " + chars + " cuối" for name, chars in extra.items()
    }


def test_every_class_of_code_point_goes_through_the_exports_and_the_report(store, campaign):
    texts = _code_points()
    assert {"Lu", "Mn", "Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "So"} <= set(texts)
    # object dtype: pandas' own str dtype (Arrow) cannot even hold a lone surrogate
    frame = pd.DataFrame({"Tên": list(texts), "Nội dung": list(texts.values())}, dtype=object)
    book = openpyxl.load_workbook(io.BytesIO(exporting.to_xlsx_bytes([("S", frame, set())])))
    read = {row[0].value: row[1].value for row in book.active.iter_rows(min_row=2)}
    assert set(read) == set(texts)
    assert all(v.startswith("Chữ ") and v.endswith(" cuối") for v in read.values())
    assert "\U0001d11e" in read["astral"] and "👩‍👩‍👧" in read["emoji"] and "\u0323" in read["combining"]
    assert list(csv.reader(io.StringIO(exporting.to_csv_bytes(frame).decode("utf-8-sig"))))[0] == ["Tên", "Nội dung"]

    # The report reads what a store gives, which cannot hold a lone surrogate (UTF-8): the rest.
    stored = {name: text for name, text in texts.items() if name != "Cs"}
    reports = store.reports().astype(object)
    reports.loc[:, "difficulties"] = "\n".join(stored.values())
    reports.loc[:, "proposals"] = texts["astral"]
    reports.loc[:, "next_tasks"] = texts["bidi"] + texts["C0"] + texts["C1"] + texts["nonchar"]
    schedule = store.schedule().astype(object)
    schedule.loc[:, "lead"] = texts["nonchar"]
    data = report.report_docx(reports, schedule, campaign, dt.date.fromisoformat(AS_OF))
    body = docx_text(data)
    assert "\U0001d11e" in body and "Đề xuất, kiến nghị" in body and "👩‍👩‍👧" in body and "a\u0300" in body
    assert not re.search("[\x00-\x08\x0b-\x1f\u202e\ufffe\ud800]", body)


# --- "nothing to report" -----------------------------------------------------------------


def test_nothing_to_report_is_not_listed_as_a_difficulty(store, campaign, app):
    store.import_file(progress_file("Không", "Không có kiến nghị"), "a.csv", "test")
    listed = metrics.difficulties(state_of(store, campaign))
    assert "Mai Châu" not in set(listed["unit"])
    at = app(as_of=AS_OF)
    assert not [m.value for m in at.markdown if "Mai Châu" in m.value and "Khó khăn" in m.value]
    body = docx_text(report.report_docx(store.reports(), store.schedule(), campaign, dt.date.fromisoformat(AS_OF)))
    assert "Mai Châu (báo cáo ngày" not in body
    at = app("pages/2_unit.py", as_of=AS_OF, unit="Mai Châu")
    shown = [t.value for t in at.text]
    # the file had no next tasks either: all three say "(none)"
    assert "Không" not in shown and "Không có kiến nghị" not in shown and shown.count("(không có)") == 3


def test_a_real_difficulty_next_to_a_nothing_proposal(store, campaign):
    store.import_file(progress_file("Thiếu xe", "-"), "a.csv", "test")
    listed = metrics.difficulties(state_of(store, campaign)).set_index("unit")
    assert listed.loc["Mai Châu", "difficulties"] == "Thiếu xe" and listed.loc["Mai Châu", "proposals"] is None
    blocks = [b for b in tables.difficulties_markdown(listed.reset_index(), "vi") if "Mai Châu" in b]
    assert "Thiếu xe" in blocks[0] and "Đề xuất" not in blocks[0]


# --- no markup from outside --------------------------------------------------------------


def _no_markup(text: str) -> None:
    assert "[Đăng nhập lại](http" not in text and "[bấm vào đây](http" not in text
    assert "![" not in text and not re.search(r"(?<!\\)\$[^$]+(?<!\\)\$", text) and "<b>" not in text


@pytest.mark.parametrize("key", ["units", "lang", "items"])
def test_a_crafted_link_is_said_as_typed(app, key):
    at = app(**{key: LINK + " ![x](http://evil.example/p.png) $x$"})
    warnings = [w.value for w in at.warning if "Đường dẫn" in w.value]
    assert warnings and r"\[Đăng nhập lại\]\(http\:" + "\u2060" + r"//evil\.example/login\)" in warnings[0]
    _no_markup(warnings[0])


def test_the_schedule_lead_is_said_as_typed_on_the_unit_page(store, app, db):
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE schedule SET lead = ? WHERE unit = 'Mai Châu' AND valid_to IS NULL", (MARKUP,))
    con.close()
    at = app("pages/2_unit.py", unit="Mai Châu")
    visit = [m.value for m in at.markdown if "Trưởng đoàn" in m.value]
    assert (
        visit
        and r"\[bấm vào đây\]\(http\:" + "\u2060" + r"//evil\.example\)" in visit[0]
        and r"\$x^2\$" in visit[0].replace("\\^", "^")
    )
    _no_markup(visit[0])


def test_a_refused_files_problems_are_shown_as_typed(store, app):
    at = app("pages/3_upload.py")
    bad = progress_file("x", unit=LINK).replace("Hoàn thành".encode(), b"![i](http://evil.example/p.png) $x$")
    at.file_uploader[0].set_value(("xau.csv", bad, "text/csv"))
    at.run()
    assert not at.exception and at.error
    cells = "\n".join(str(v) for v in at.table[0].value.to_numpy().ravel())
    assert r"\[Đăng nhập lại\]\(http" in cells and r"\!\[i\]" in cells
    _no_markup(cells)


def test_timeline_hover_shows_the_lead_as_text(store, campaign):
    schedule = store.schedule().astype(object)
    schedule.loc[:, "lead"] = "<a href='http://evil.example'>bấm</a> <span style='font-size:99px'>TO</span> & ok\nB"
    state = state_of(store, campaign)
    fig = charts.timeline_figure(state, schedule, campaign, dt.date.fromisoformat(AS_OF), "vi")
    leads = [row[1] for row in fig.data[0].customdata]
    assert leads and all("<a" not in v and "<span" not in v for v in leads)
    assert (
        leads[0]
        == "&lt;a href='http://evil.example'&gt;bấm&lt;/a&gt; &lt;span style='font-size:99px'&gt;TO&lt;/span&gt; &amp; ok<br>B"
    )


# --- when an export fails anyway, the Export page says so ----------------------------------


def test_a_failed_download_is_said_in_words_on_the_export_page(store, app):
    from dtts_dashboard.ui_downloads import Download

    at = app("pages/5_export.py", as_of=AS_OF)
    assert not at.error
    jobs = at.session_state["_downloads"]
    assert set(jobs) == {"state_xlsx", "state_csv", "history_xlsx", "history_csv", "report_docx", "findings_docx"}

    def broken():
        raise ValueError("All strings must be XML compatible")

    job: Download = jobs["report_docx"]
    with pytest.raises(ValueError):
        job.make(broken)()  # what Streamlit runs when the button is clicked
    job.settle()  # the click's callback: the file was asked for and is done (failed)
    at.run()
    assert len(at.error) == 1 and "bao-cao-tong-hop-2024-06-15.docx" in at.error[0].value
    assert "ValueError" in at.error[0].value and "quản trị viên" in at.error[0].value
    assert job.make(lambda: b"ok")() == b"ok" and job.failure is None
    at.run()
    assert not at.error  # said once; a later run that made the file says nothing


@pytest.mark.parametrize("through", ["frames", "guarded store"])
def test_a_download_the_store_fails_to_read_for_says_the_stores_trouble(store, app, db, through):
    """A file is made in a thread of its own when clicked, outside the page run: the data it
    reads then (``ui.Frames``) or the store's methods it calls (``GuardedStore``) failing say
    the store's own message above the button, not a fault of the software."""
    import contextlib
    import threading

    from dtts_dashboard import ui
    from dtts_dashboard.i18n import t
    from dtts_dashboard.store import StoreFault
    from dtts_dashboard.ui_downloads import Download

    at = app("pages/5_export.py", as_of=AS_OF)
    job: Download = at.session_state["_downloads"]["report_docx"]

    class Failing(Store):
        def reports(self, version=None):
            raise StoreFault("corrupt", "store.sqlite", sqlite3.DatabaseError("database disk image is malformed"))

    failing = Failing(db, store.campaign)
    if through == "frames":
        maker = lambda: ui.Frames(failing, ("a store of this test",), 99, None, "vi").get("reports")  # noqa: E731
    else:
        maker = lambda: ui.GuardedStore(failing, "vi").reports()  # noqa: E731
    made = []

    def click():  # as Streamlit runs the maker: in a thread, the failure raised on to it
        with contextlib.suppress(ui.StoreTrouble):
            made.append(job.make(maker)())

    thread = threading.Thread(target=click)
    thread.start()
    thread.join()
    job.settle()
    assert not made and job.failure == ("store_corrupt", "StoreTrouble")  # what is said, not the exception
    at.run()
    assert [e.value for e in at.error] == [t("store_corrupt", "vi")]


def test_a_text_direction_mark_in_a_file_name_does_not_reorder_the_history(store, app):
    store.import_file(progress_file("Thiếu xe"), "bao-cao\u202evsc.exe.csv", "test")
    at = app("pages/4_history.py")
    names = list(at.dataframe[0].value["Tệp"])
    assert "bao-caovsc.exe.csv" in names and not any("\u202e" in n for n in names)


def test_the_upload_preview_shows_stored_text_cleaned(store, campaign, db):
    con = sqlite3.connect(db)
    with con:
        con.execute(
            "UPDATE reports SET difficulties = ? WHERE unit = 'Mai Châu' AND report_date = '2024-06-14'",
            ("Cũ\u202e\x07",),
        )
        con.execute("UPDATE reports SET sample = 0")  # real data (a preview compares with real data only)
    con.close()
    data = progress_file("Mới", date="14/06/2024")
    change = store.preview(check_file(data, "a.csv", campaign))
    changed = tables.change_tables(change, campaign, "vi")["changed"]
    old = changed.set_index("Cột").loc["Khó khăn, vướng mắc", "Cũ"]
    assert old == "Cũ"


def test_an_xlsx_cell_typed_with_alt_enter_keeps_its_lines(campaign):
    book = openpyxl.Workbook()
    book.active.append(["Ngày báo cáo", "Đơn vị", "Khó khăn, vướng mắc"])
    book.active.append(["15/06/2024", "Mai Châu", THREE.replace("\n", "\r\n") + "\n"])
    buf = io.BytesIO()
    book.save(buf)
    assert check_file(buf.getvalue(), "a.xlsx", campaign).plain().iloc[0]["difficulties"] == THREE
