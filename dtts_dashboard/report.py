"""The consolidated written report (báo cáo tổng hợp) as DOCX, in the layout of
Nghị định 30/2020/NĐ-CP: A4, Times New Roman, the two-column header, BÁO CÁO and its
subject, the body written from the data as of a date, the signature and "Nơi nhận"."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd

from .campaign import Campaign, load_campaign
from .i18n import fmt_date, t
from .metrics import attention as looked
from .metrics import default_as_of, difficulties, headline, unit_state
from .schema import status_label
from .tables import attention_list
from .text import clean

FONT = "Times New Roman"


def date_line(place: str, day: dt.date) -> str:
    """'Hòa Bình, ngày 05 tháng 6 năm 2024': days under 10 and months 1 and 2 take a leading 0."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _run(paragraph, text: str, size: float = 14, bold=False, italic=False, underline=False):
    """A run of ``text``: cleaned of what XML cannot hold (an older store may have it), each
    line break a break in the paragraph."""
    from docx.shared import Pt

    run = paragraph.add_run(clean(text))
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    run._element.rPr.rFonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FONT)
    return run


def _para(doc_or_cell, text: str = "", size: float = 14, bold=False, italic=False, align="justify",
          indent=True, after=6):  # fmt: skip
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    paragraph = doc_or_cell.add_paragraph()
    paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                           "justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]  # fmt: skip
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    if indent and align == "justify":
        paragraph.paragraph_format.first_line_indent = Cm(1.0)
    if text:
        _run(paragraph, text, size, bold, italic)
    return paragraph


def _no_borders(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _widths(table, widths_cm: list[float]) -> None:
    from docx.shared import Cm

    table.autofit = False
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def report_docx(
    reports: pd.DataFrame,
    schedule: pd.DataFrame,
    campaign: Campaign,
    as_of: dt.date,
    sample: bool = False,
    units: list[str] | None = None,
    items: list[str] | None = None,
    findings: pd.DataFrame | None = None,
    handling: pd.DataFrame | None = None,
) -> bytes:
    """The report as DOCX bytes, written from the data as of ``as_of``, for ``units`` and
    ``items`` (None: every one, as the campaign lists them)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    info = campaign.report
    state = unit_state(reports, campaign, as_of, units)
    numbers = headline(state, campaign, as_of)
    shown = [i for i in campaign.items if items is None or i.key in items] or list(campaign.items)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)

    header = doc.add_table(rows=1, cols=2)
    _no_borders(header)
    _widths(header, [7.0, 9.5])
    left, right = header.rows[0].cells
    left.paragraphs[0].text = ""
    _run(left.paragraphs[0], info.get("parent_body", "").upper(), 13)
    left.paragraphs[0].alignment = 1
    _para(left, info.get("issuing_body", "").upper(), 13, bold=True, align="center", after=0)
    _para(left, "¯¯¯¯¯¯¯¯", 10, align="center", after=2)
    _para(left, info.get("number_line", "Số:      /BC"), 13, align="center")
    right.paragraphs[0].alignment = 1
    _run(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    motto = _para(right, "", align="center", after=0)
    _run(motto, "Độc lập - Tự do - Hạnh phúc", 14, bold=True, underline=True)
    _para(right, "", 6, align="center", after=0)
    _para(right, date_line(info.get("place", campaign.province), as_of), 14, italic=True, align="center")

    if sample:
        _para(doc, "DỮ LIỆU MINH HỌA: bản nháp dựng từ số liệu ví dụ, không phải báo cáo thật.", 12, bold=True,
              italic=True, align="center")  # fmt: skip
    _para(doc, "", after=0)
    _para(doc, "BÁO CÁO", 14, bold=True, align="center", after=0)
    _para(doc, info.get("subject", campaign.title_vi), 14, bold=True, align="center", after=12)
    _para(doc, f"Thực hiện {campaign.plan_vi}, {info.get('issuer_in_text', 'cơ quan thường trực')} tổng hợp "
               f"tiến độ, công tác chuẩn bị tổ chức {campaign.title_vi} trên địa bàn tỉnh tính đến ngày "
               f"{fmt_date(as_of)} như sau:")  # fmt: skip
    if units or len(shown) < len(campaign.items):
        scope = f"các đơn vị {', '.join(state['unit'])}" if units else "tất cả các đơn vị"
        _para(doc, f"Phạm vi báo cáo: {scope}; nội dung: {', '.join(i.vi for i in shown)}.", italic=True)

    _para(doc, "I. TÌNH HÌNH CHUNG", bold=True, indent=False)
    _para(doc, f"Có {numbers.reporting}/{numbers.units} đơn vị cấp huyện đã gửi báo cáo tiến độ; "
               f"{numbers.held}/{numbers.units} đơn vị đã tổ chức Đại hội; "
               f"{numbers.all_drafts_done}/{numbers.units} đơn vị đã hoàn thành đủ các dự thảo. "
               + (f"Còn {numbers.days_left} ngày đến thời hạn tổ chức xong Đại hội cấp huyện "
                  f"({fmt_date(campaign.deadline)})." if numbers.days_left >= 0 else
                  f"Đã quá thời hạn {fmt_date(campaign.deadline)} {-numbers.days_left} ngày."))  # fmt: skip
    for item in shown:
        _para(doc, f"- {item.vi}: {numbers.done[item.key]}/{numbers.units} đơn vị hoàn thành.")

    _para(doc, "II. KẾT QUẢ CỤ THỂ TỪNG ĐƠN VỊ", bold=True, indent=False)
    heads = ["TT", "Đơn vị", *(i.vi for i in shown), "Ngày Đại hội"]
    table = doc.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, heads):
        cell.paragraphs[0].alignment = 1
        _run(cell.paragraphs[0], text, 10.5, bold=True)
    for number, r in enumerate(state.to_dict(orient="records"), 1):
        congress = fmt_date(r["congress_date"]) + ("\n(đã tổ chức)" if r["held"] else "") if r["congress_date"] else ""
        values = [str(number), r["unit"], *(status_label(r[i.key], "vi") for i in shown), congress]
        for cell, text in zip(table.add_row().cells, values):
            _run(cell.paragraphs[0], text, 10.5)
    _widths(table, [0.9, 2.6, *([2.15 * len(campaign.items) / len(shown)] * len(shown)), 2.25][: len(heads)])
    _para(doc, "", after=0)

    _para(doc, "III. CÁC ĐƠN VỊ CẦN QUAN TÂM, ĐÔN ĐỐC", bold=True, indent=False)
    looked_at = looked(state, reports, schedule, findings, handling, campaign, as_of)  # items computed once
    raised = looked_at.items
    attention = attention_list(looked_at.reasons, campaign, "vi")
    if not attention:
        _para(doc, "Không có đơn vị nào cần đôn đốc thêm tính đến ngày báo cáo.")
    for unit, reasons in attention:
        _para(doc, f"- {unit}: " + "; ".join(reasons) + ".")

    _para(doc, "IV. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ CỦA CÁC ĐƠN VỊ", bold=True, indent=False)
    reported = difficulties(state)
    if reported.empty:
        _para(doc, "Các đơn vị không báo cáo khó khăn, vướng mắc.")
    for r in reported.itertuples():
        _para(doc, f"{r.unit} (báo cáo ngày {fmt_date(r.report_date)}):", italic=True, bold=True)
        if r.difficulties:
            _para(doc, f"- Khó khăn, vướng mắc: {r.difficulties}")
        if r.proposals:
            _para(doc, f"- Đề xuất, kiến nghị: {r.proposals}")

    _para(doc, "V. KẾT QUẢ GIẢI QUYẾT KHÓ KHĂN, KIẾN NGHỊ", bold=True, indent=False)
    if raised.empty:
        _para(doc, "Không có khó khăn, đề xuất, kiến nghị nào cần giải quyết.")
    for unit, part in raised.groupby("unit", sort=False):
        _para(doc, f"{unit}:", italic=True, bold=True)
        for r in part.to_dict(orient="records"):
            _para(doc, followup_line(r))

    _para(doc, "VI. NHIỆM VỤ THỜI GIAN TỚI", bold=True, indent=False)
    tasks = state[state["next_tasks"].notna()]
    if tasks.empty:
        _para(doc, "Các đơn vị chưa báo cáo nhiệm vụ thời gian tới.")
    for r in tasks.itertuples():
        _para(doc, f"- {r.unit}: {r.next_tasks}")
    _para(doc, f"Trên đây là báo cáo kết quả kiểm tra tiến độ, công tác chuẩn bị tổ chức Đại hội đại biểu các "
               f"dân tộc thiểu số cấp huyện tính đến ngày {fmt_date(as_of)}./.")  # fmt: skip

    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    _widths(sign, [8.0, 8.5])
    receivers, signer = sign.rows[0].cells
    _run(receivers.paragraphs[0], "Nơi nhận:", 12, bold=True, italic=True)
    recipients = info.get("recipients", [])
    for index, recipient in enumerate(recipients, 1):
        end = "." if index == len(recipients) else ";"
        _para(receivers, f"- {recipient}{end}", 11, align="left", indent=False, after=0)
    signer.paragraphs[0].alignment = 1
    _run(signer.paragraphs[0], info.get("signer_title", "TRƯỞNG BAN").upper(), 14, bold=True)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def followup_line(item: dict) -> str:
    """One follow-up item as the report states it: what was raised, since when, its handling."""
    source = t(f"source_{item['source']}", "vi")
    line = f"- {item['text']} ({source}, nêu từ ngày {fmt_date(item['first_raised'])}): "
    line += t(f"fstatus_{item['status']}", "vi").lower()
    if item["owner"]:
        line += f", {item['owner']}"
    if item["response"]:
        answered = ", ".join(x for x in (item["response_ref"], fmt_date(item["response_date"])) if x)
        line += f"; trả lời: {item['response']}" + (f" ({answered})" if answered else "")
    if item["came_back"]:
        line += "; đơn vị nêu lại sau khi đã trả lời"
    return line + "."


def write_report(path: Path, as_of: str | None = None) -> Path:
    """The ``report`` command: the same file the Export page gives."""
    from .store import open_store

    if path.suffix.lower() != ".docx":
        raise ValueError("--out phải kết thúc bằng .docx / --out must end in .docx")
    campaign = load_campaign()
    store = open_store(campaign)
    reports = store.reports()
    day = dt.date.fromisoformat(as_of) if as_of else default_as_of(reports, campaign)
    path.write_bytes(
        report_docx(
            reports,
            store.schedule(),
            campaign,
            day,
            store.sample_in_view(),
            findings=store.findings(),
            handling=store.handling(),
        )
    )
    return path
