"""The inspection-results report (report --kind findings) and what both written reports share:
content checked against the stored data, the table properties that keep rows whole and
repeat header rows, the signer's block, the command, the Export page, and the PDF."""

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess

import pandas as pd
import pytest
from docx import Document

from dtts_dashboard import followups, report, report_layout
from dtts_dashboard.findings_report import NOT_INSPECTED, any_findings, findings_docx
from dtts_dashboard.i18n import fmt_date
from dtts_dashboard.schema import ASSESSMENTS, assessment_label
from dtts_dashboard.store import Store
from dtts_dashboard.synth import synthetic_campaign

from .conftest import ROOT
from .test_cli_check import run

AS_OF = dt.date(2024, 6, 5)
W = report_layout.W
SHOTS = ROOT / "tests" / "screenshots"
ASSESSED = ("meets", "needs_work", "fails", None)

PROGRESS = (
    'Ngày báo cáo,Đơn vị,Dự thảo Văn kiện,Dự thảo Kịch bản,Ngày Đại hội,"Khó khăn, vướng mắc","Đề xuất, kiến nghị"\r\n'
    '27/05/2024,Lạc Thủy,Đang,Chưa,20/06/2024,"Thiếu kinh phí in tài liệu\nHội trường nhỏ",Đề nghị tỉnh hỗ trợ kinh phí\r\n'
    "03/06/2024,Lạc Thủy,Hoàn thành,Đang,20/06/2024,Thiếu kinh phí in tài liệu,Không\r\n"
    "03/06/2024,Yên Thủy,Hoàn thành,Hoàn thành,14/06/2024,Không,Đề nghị hướng dẫn cơ cấu đại biểu\r\n"
    "03/06/2024,Mai Châu,Đang,Đang,25/06/2024,-,-\r\n"
)
SCHEDULE = (
    "Đơn vị,Ngày kiểm tra,Trưởng đoàn,Địa điểm\r\n"
    "Lạc Thủy,31/05/2024,Phó Trưởng Ban Dân tộc tỉnh,Trụ sở UBND huyện Lạc Thủy\r\n"
    "Yên Thủy,04/06/2024,Trưởng Ban Dân tộc tỉnh,Hội trường huyện Yên Thủy\r\n"
    "Mai Châu,10/06/2024,Trưởng Ban Dân tộc tỉnh,\r\n"
)
FINDINGS = (
    "Đơn vị,Ngày kiểm tra,Triển khai văn bản chỉ đạo,Chỉ đạo tổ chức Đại hội,Dự thảo Văn kiện,Dự thảo Chương trình,"
    "Dự thảo Kịch bản,Nhận xét của đoàn,Kiến nghị của đoàn,Hạn hoàn thành\r\n"
    "Lạc Thủy,28/05/2024,Đạt,Chưa đạt,Chưa đạt,Chưa đạt,Chưa đạt,Lần đầu: chưa có dự thảo.,Khẩn trương dự thảo,\r\n"
    'Lạc Thủy,31/05/2024,Đạt,Đạt,Cần hoàn thiện,Đạt,Chưa đạt,"Văn kiện thiếu số liệu.\nKịch bản chưa có phần '
    'biểu dương.","Bổ sung số liệu vào Văn kiện.\nXây dựng lại Kịch bản.",07/06/2024\r\n'
    "Yên Thủy,04/06/2024,Đạt,Cần hoàn thiện,Đạt,,Đạt,Chỉ đạo chưa sát ở một số xã.,Không,\r\n"
    "Kim Bôi,08/06/2024,Đạt,Đạt,Đạt,Đạt,Đạt,Sau ngày xem: không có trong báo cáo.,Không,\r\n"
)


@pytest.fixture
def store(db, campaign):
    """Real data (no sample): three units report, three visits are planned, two units have
    findings by 5/6 (Lạc Thủy twice), one only after it."""
    store = Store(db, campaign)
    store.import_file(PROGRESS.encode(), "tien-do.csv", "lan")
    store.import_file(SCHEDULE.encode(), "lich.csv", "lan", kind="schedule")
    store.import_file(FINDINGS.encode(), "ket-qua.csv", "lan")
    return store


def make(store, campaign, kind="findings", day=AS_OF, **kwargs):
    write = findings_docx if kind == "findings" else report.report_docx
    data = write(
        store.reports(),
        store.schedule(),
        campaign,
        day,
        store.sample_in_view(),
        findings=store.findings(),
        handling=store.handling(),
        **kwargs,
    )
    return Document(io.BytesIO(data))


def body(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def latest_findings(store, day=AS_OF) -> dict:
    """unit -> its latest stored findings row on or before ``day``, read straight from the store."""
    rows = store.findings()
    rows = rows[rows["inspection_date"] <= day.isoformat()].sort_values("inspection_date")
    return {r["unit"]: r for r in rows.to_dict(orient="records")}


def summary_table(doc):
    return next(t for t in doc.tables if [c.text for c in t.rows[0].cells[:3]] == ["TT", "Đơn vị", "Ngày kiểm tra"])


def test_the_summary_table_holds_the_stored_assessments(store, campaign):
    doc = make(store, campaign)
    table = summary_table(doc)
    assert [c.text for c in table.rows[0].cells[3:]] == [i.vi for i in campaign.items]
    latest = latest_findings(store)
    assert set(latest) == {"Lạc Thủy", "Yên Thủy"}  # Kim Bôi's visit is after the date viewed
    rows = table.rows[1:]
    assert [r.cells[1].text for r in rows] == campaign.unit_names
    for row in rows:
        unit = row.cells[1].text
        cells = [c.text for c in row.cells[2:]]
        if unit in latest:
            found = latest[unit]
            assert cells[0] == fmt_date(found["inspection_date"])
            assert cells[1:] == [assessment_label(found[k], "vi") for k in campaign.item_keys]
        else:  # one cell across the contents
            assert set(cells) == {NOT_INSPECTED}
    lac = next(r for r in rows if r.cells[1].text == "Lạc Thủy")
    assert [c.text for c in lac.cells[2:]] == ["31/05/2024", "Đạt", "Đạt", "Cần hoàn thiện", "Đạt", "Chưa đạt"]
    yen = next(r for r in rows if r.cells[1].text == "Yên Thủy")
    assert yen.cells[6].text == "Chưa đánh giá"  # an empty cell in the file: not assessed


def test_each_unit_has_its_assessments_remarks_and_recommendations(store, campaign):
    text = body(make(store, campaign))
    latest = latest_findings(store)
    for unit, found in latest.items():
        part = re.split(r"\n\d+\. ", text.split(f". {unit}: ", 1)[1])[0]  # up to the next unit
        assert part.startswith(f"kiểm tra ngày {fmt_date(found['inspection_date'])}")
        for item in campaign.items:
            assert f"- {item.vi}: {assessment_label(found[item.key], 'vi')}." in part
        assert f"b) Nhận xét của Đoàn: {found['remarks']}" in part
    assert "c) Kiến nghị của Đoàn: Bổ sung số liệu vào Văn kiện.\nXây dựng lại Kịch bản." in text
    assert "Thời hạn hoàn thành: 07/06/2024." in text
    assert "Lạc Thủy: kiểm tra ngày 31/05/2024; Trưởng đoàn: Phó Trưởng Ban Dân tộc tỉnh; địa điểm: Trụ sở" in text
    assert "c) Kiến nghị của Đoàn: không có." in text  # Yên Thủy's "Không"
    assert "Lần đầu: chưa có dự thảo." not in text  # Lạc Thủy's earlier visit: the latest is reported
    assert "Sau ngày xem" not in text  # Kim Bôi's findings are dated after the date viewed


def test_a_unit_without_findings_says_so_in_words(store, campaign):
    text = body(make(store, campaign))
    inspected = set(latest_findings(store))
    for number, unit in enumerate(campaign.unit_names, 1):
        following = text.split(f"\n{number}. {unit}: ", 1)[1].split("\n", 1)[0]
        if unit in inspected:
            assert following.startswith("kiểm tra ngày")
        elif unit == "Mai Châu":  # a visit planned after the date viewed
            assert following == f"{NOT_INSPECTED} (theo lịch, kiểm tra ngày 10/06/2024)."
        else:
            assert following == f"{NOT_INSPECTED}."
    waiting = [u for u in campaign.unit_names if u not in inspected]
    visits = ", ".join(f"{u} ngày {fmt_date(f['inspection_date'])}" for u, f in latest_findings(store).items())
    overview = (
        f"đã có kết quả kiểm tra của {len(inspected)}/10 đơn vị ({visits}); {len(waiting)} đơn vị chưa có kết quả"
    )
    assert overview in text and f"chưa có kết quả kiểm tra ({', '.join(waiting)})." in text
    assert "Lạc Thủy ngày 31/05/2024, Yên Thủy ngày 04/06/2024" in visits


def test_the_overview_counts_each_assessment_per_content(store, campaign):
    text = body(make(store, campaign))
    latest = latest_findings(store).values()
    for item in campaign.items:
        counts = [f"{sum(1 for f in latest if f[item.key] == a.key)} {a.vi}" for a in ASSESSMENTS]
        line = f"- {item.vi}: {', '.join(counts)}"
        assert line in text
    assert "- Dự thảo Chương trình: 1 Đạt, 0 Cần hoàn thiện, 0 Chưa đạt, 1 chưa đánh giá." in text


def test_both_reports_give_the_difficulties_and_what_was_done_about_them(store, campaign):
    items = followups.items(store.reports(), store.findings(), store.handling(), campaign, AS_OF)
    first = items.iloc[0]
    store.answer(
        first["id"],
        first["unit"],
        "answered",
        "lan",
        owner="Sở Tài chính",
        response="Đã cấp bổ sung",
        response_date="2024-06-01",
        ref="12/STC",
    )
    items = followups.items(store.reports(), store.findings(), store.handling(), campaign, AS_OF)
    assert len(items) >= 4 and "answered" in set(items["status"])
    for kind in ("findings", "progress"):
        text = body(make(store, campaign, kind))
        section = text.split("KẾT QUẢ GIẢI QUYẾT KHÓ KHĂN, KIẾN NGHỊ", 1)[1]
        for item in items.to_dict(orient="records"):
            assert report.followup_line(item) in section, (kind, item["text"])
        assert "trả lời: Đã cấp bổ sung (12/STC, 01/06/2024)." in section
        assert "Bổ sung số liệu vào Văn kiện.\nXây dựng lại Kịch bản. (Kiến nghị của đoàn kiểm tra" in section
        difficulties = text.split("KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ CỦA CÁC ĐƠN VỊ", 1)[1]
        assert "Lạc Thủy (báo cáo ngày 03/06/2024):\n- Khó khăn, vướng mắc: Thiếu kinh phí in tài liệu" in difficulties
        assert "Yên Thủy (báo cáo ngày 03/06/2024):\n- Đề xuất, kiến nghị: Đề nghị hướng dẫn cơ cấu" in difficulties
        assert "Mai Châu (báo cáo" not in difficulties  # "-" is nothing to report


def test_the_findings_report_follows_the_filters(store, campaign):
    doc = make(store, campaign, units=["Lạc Thủy", "Cao Phong"], items=["documents", "script"])
    table = summary_table(doc)
    heads = ["TT", "Đơn vị", "Ngày kiểm tra", "Dự thảo Văn kiện", "Dự thảo Kịch bản"]
    assert [c.text for c in table.rows[0].cells] == heads
    assert [r.cells[1].text for r in table.rows[1:]] == ["Cao Phong", "Lạc Thủy"]
    text = body(doc)
    assert "Phạm vi báo cáo: các đơn vị Cao Phong, Lạc Thủy; nội dung: Dự thảo Văn kiện, Dự thảo Kịch bản." in text
    assert "đã có kết quả kiểm tra của 1/2 đơn vị (Lạc Thủy ngày 31/05/2024)" in text and "Yên Thủy" not in text
    assert "- Dự thảo Chương trình:" not in text


def test_the_findings_report_has_its_own_subject_and_the_official_layout(store, campaign):
    doc = make(store, campaign)
    text = body(doc)
    assert "BÁO CÁO\n" + campaign.report["findings_subject"] in text
    assert campaign.report["findings_subject"].startswith("Kết quả kiểm tra")
    assert "DỮ LIỆU MINH HỌA" not in text  # real data
    numerals = [p.text.split(". ", 1)[0] for p in doc.paragraphs if p.runs and p.runs[0].bold and p.text.isupper()]
    assert [n for n in numerals if n in report_layout.ROMAN] == ["I", "II", "III", "IV", "V"]
    assert {r.font.name for p in doc.paragraphs for r in p.runs if r.text.strip()} == {"Times New Roman"}
    header = "\n".join(c.text for c in doc.tables[0].rows[0].cells)
    assert "Hòa Bình, ngày 05 tháng 6 năm 2024" in header and "BAN DÂN TỘC" in header
    progress = body(make(store, campaign, "progress"))
    assert "BÁO CÁO\n" + campaign.report["subject"] in progress


def test_sample_data_are_marked_illustrative(db, campaign):
    store = Store(db, campaign)
    store.load_sample_if_empty()
    store.import_file(FINDINGS.encode(), "ket-qua.csv", "sample", sample=True)
    assert store.sample_in_view()
    text = body(make(store, campaign))
    assert report_layout.SAMPLE_MARK in text


@pytest.mark.parametrize("kind", ["findings", "progress"])
def test_rows_never_split_and_header_rows_repeat(store, campaign, kind):
    doc = make(store, campaign, kind)
    assert len(doc.tables) >= 3
    for table in doc.tables:
        for row in table.rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(f"{W}cantSplit") is not None
    grids = [t for t in doc.tables if t.rows[0].cells[0].text == "TT"]
    assert len(grids) == 1
    for table in grids:
        flags = [row._tr.trPr.find(f"{W}tblHeader") is not None for row in table.rows]
        assert flags == [True] + [False] * (len(table.rows) - 1)
    settings = doc.settings.element.find(f"{W}compat")
    assert settings.find(f"{W}doNotExpandShiftReturn") is not None


@pytest.mark.parametrize("kind", ["findings", "progress"])
def test_the_signer_has_room_to_sign_and_a_name(store, campaign, kind):
    campaign = dataclasses.replace(campaign, report={**campaign.report, "signer_name": "Hoàng Văn B"})
    closing = make(store, campaign, kind).tables[-1]
    signer = [p.text for p in closing.rows[0].cells[1].paragraphs]
    assert signer[0] == campaign.report["signer_title"].upper()
    assert signer[-1] == campaign.report["signer_name"] and signer[-1]
    assert signer[1:-1] == [""] * report_layout.SIGNATURE_ROOM
    assert "Nơi nhận:" in closing.rows[0].cells[0].text


def test_any_findings_looks_at_the_date_viewed(store):
    assert any_findings(store.findings(), AS_OF)
    assert not any_findings(store.findings(), dt.date(2024, 5, 27))
    assert not any_findings(None, AS_OF)


def test_the_report_command_writes_either_kind(tmp_path):
    env = {"DTTS_DB": str(tmp_path / "cli.sqlite"), "DTTS_EDITORS": str(tmp_path / "editors.json")}
    for name, text in (("tien-do.csv", PROGRESS), ("lich.csv", SCHEDULE), ("ket-qua.csv", FINDINGS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert run("import", str(tmp_path / name), env=env).returncode == 0
    out = tmp_path / "kq.docx"
    done = run("report", "--out", str(out), "--kind", "findings", "--as-of", "2024-06-05", env=env)
    assert done.returncode == 0, done.stderr
    doc = Document(out)
    assert "Chưa có kết quả kiểm tra" in body(doc)
    assert [c.text for c in summary_table(doc).rows[3].cells[2:4]] == [NOT_INSPECTED, NOT_INSPECTED]  # Đà Bắc
    progress = tmp_path / "td.docx"
    assert run("report", "--out", str(progress), "--as-of", "2024-06-05", env=env).returncode == 0
    assert "I. TÌNH HÌNH CHUNG" in body(Document(progress))  # the default is the progress report
    bad = run("report", "--out", str(tmp_path / "x.docx"), "--kind", "ketqua", env=env)
    assert bad.returncode == 2 and "--kind" in bad.stderr and "Traceback" not in bad.stderr
    assert not (tmp_path / "x.docx").exists()
    helped = run("report", "--help", env=env)
    assert "findings: the inspection results" in helped.stdout


def test_the_export_page_offers_both_reports(store, db):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["as_of"] = "2024-06-05"
    at.run()
    at.switch_page("pages/5_export.py").run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Tải báo cáo tiến độ (.docx)" in labels and "Tải báo cáo kết quả kiểm tra (.docx)" in labels
    texts = [m.value for m in at.markdown]
    assert any(t.startswith("**Báo cáo kết quả kiểm tra**: đánh giá của Đoàn kiểm tra") for t in texts)
    assert any(t.startswith("**Báo cáo tiến độ**") for t in texts)
    assert not any("Chưa có kết quả kiểm tra nào" in c.value for c in at.caption)
    assert set(at.session_state["_downloads"]) >= {"report_docx", "findings_docx"}
    before = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    before.query_params["as_of"] = "2024-05-27"
    before.run()
    before.switch_page("pages/5_export.py").run()
    assert not before.exception
    assert any("Chưa có kết quả kiểm tra nào tính đến ngày 27/05/2024" in c.value for c in before.caption)
    english = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    english.query_params["lang"] = "English"
    english.run()
    english.switch_page("pages/5_export.py").run()
    assert not english.exception
    labels = [b.proto.label for b in english.get("download_button")]
    assert "Download the progress report (.docx)" in labels and "Download the inspection results (.docx)" in labels
    assert any(m.value.startswith("**Inspection results report**") for m in english.markdown)


def _pdf(docx_bytes: bytes, tmp_path, name: str):
    docx = tmp_path / f"{name}.docx"
    docx.write_bytes(docx_bytes)
    command = [shutil.which("soffice"), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    return tmp_path / f"{name}.pdf"


def _words(pdf, page: int) -> list[tuple[str, float, float]]:
    """The words of one page with their top and left, in points, in reading order (pdftotext
    -bbox; a letter with a stacked diacritic may come out as a word of its own)."""
    command = ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"]
    html = subprocess.run(command, check=True, capture_output=True, text=True, timeout=60).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', html)
    return [(word, float(top), float(left)) for left, top, word in found]


def _pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True, timeout=60).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="LibreOffice and poppler are not installed (./dev test installs them as root)",
)
def test_the_reports_as_pdf_repeat_the_header_keep_rows_whole_and_leave_room_to_sign(campaign, tmp_path):
    """40 units, every one inspected with remarks over several lines: the summary table runs over
    pages. On every page it reaches, its header row is on top; each row's number and its unit's
    name are on one page; the signer's name stands below the title with room to sign."""
    many = synthetic_campaign(40, campaign)
    many = dataclasses.replace(many, report={**many.report, "signer_name": "Hoàng Văn B"})
    units = many.unit_names
    findings = pd.DataFrame(
        {
            "unit": units,
            "inspection_date": [f"2024-06-{1 + i % 10:02d}" for i in range(40)],
            **{key: [ASSESSED[(i + j) % 4] for i in range(40)] for j, key in enumerate(many.item_keys)},
            "remarks": ["Nhận xét dòng một.\nNhận xét dòng hai."] * 40,
            "recommendations": [f"Kiến nghị số {i}" for i in range(40)],
            "fix_by": [None] * 40,
        }
    )
    empty = pd.DataFrame(columns=["unit", "report_date"])
    schedule = pd.DataFrame(columns=["unit", "inspection_date", "lead", "members", "venue"])
    data = findings_docx(empty, schedule, many, dt.date(2024, 6, 12), findings=findings)
    pdf = _pdf(data, tmp_path, "ket-qua-kiem-tra")
    pages = _pages(pdf)
    words = [(page, word, top) for page in range(1, pages + 1) for word, top, _ in _words(pdf, page)]
    # the summary table: from its header row (the report's only "TT") to section IV
    first = next(i for i, (_, word, _) in enumerate(words) if word == "TT")
    end = next(i for i in range(first, len(words)) if words[i][1] == "IV.")
    table = words[first:end]
    spanned = sorted({page for page, _, _ in table})
    assert len(spanned) >= 2, "the table should run over at least two pages"
    for page in spanned:  # the header row on top of every page the table reaches
        tops = [top for p, _, top in table if p == page]
        heads = [top for p, w, top in table if p == page and w == "TT"]
        assert heads and min(heads) <= min(tops) + 2, f"page {page}: no header row on top"
    for number, unit in enumerate(units, 1):  # each row whole: its number and its unit's name on one page
        number_page = next(p for p, w, _ in table if w == str(number))
        name_page = next(p for p, w, _ in table if w == unit.split()[-1])
        assert number_page == name_page, f"row {number} ({unit}) split across pages {number_page}, {name_page}"
    right = [(word, top) for word, top, left in _words(pdf, pages) if left > 300]  # the signer's column
    title_top = next(top for word, top in right if word == many.report["signer_title"].split()[-1])
    name_top = [top for word, top in right if word == many.report["signer_name"].split()[-1]][-1]
    assert name_top - title_top >= 60, "room to sign: at least four empty lines (about 2 cm)"
    SHOTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(SHOTS / "report-findings-page")], check=True)


def test_a_campaign_without_a_report_table_gets_the_defaults(store, campaign):
    import dataclasses
    import tomllib

    from dtts_dashboard.campaign import REPORT_DEFAULTS, parse_campaign

    raw = tomllib.loads((ROOT / "data" / "campaign.toml").read_text(encoding="utf-8"))
    raw.pop("report")
    bare = parse_campaign(raw)
    assert bare.report["place"] == "Hòa Bình" and bare.report["findings_subject"] == bare.title_vi
    assert bare.report["signer_name"] == "" and bare.report["recipients"] == []
    assert {k: bare.report[k] for k in REPORT_DEFAULTS} == REPORT_DEFAULTS
    one = parse_campaign({**raw, "report": {"recipients": "Lưu: VT", "signer_name": "Hoa\u0300ng Văn B"}})
    assert one.report["recipients"] == ["Lưu: VT"] and one.report["signer_name"] == "Hoàng Văn B"  # NFC
    doc = make(store, dataclasses.replace(bare, rounds=campaign.rounds))
    assert "BÁO CÁO\n" + bare.title_vi in body(doc)
    signer = [p.text for p in doc.tables[-1].rows[0].cells[1].paragraphs]
    assert signer[0] == "TRƯỞNG BAN" and signer[-1] == ""  # room to sign and to write the name by hand
