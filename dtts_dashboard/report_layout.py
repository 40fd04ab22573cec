"""The layout every written report shares, after Nghị định 30/2020/NĐ-CP: A4 portrait,
Times New Roman, the two-column letterhead (issuing body, number; national motto, place and
date), BÁO CÁO and its subject, numbered headings, grid tables whose rows never split across
pages and whose header row repeats on every page, and the closing block ("Nơi nhận" beside
the signer's title, room for the signature, the signer's name).

The words of a report are its own module's (``report``, ``findings_report``); this one only
lays them out. python-docx is imported inside the functions: the dashboard starts without it."""

from __future__ import annotations

import datetime as dt
import io

from .text import clean

FONT = "Times New Roman"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_WIDTH_CM = 16.5  # A4 (21 cm) less the 3 cm left and 1.5 cm right margins
SIGNATURE_ROOM = 4  # empty lines of 14 pt between the signer's title and name (about 2.5 cm)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
SAMPLE_MARK = "DỮ LIỆU MINH HỌA: bản nháp dựng từ số liệu ví dụ, không phải báo cáo thật."


def date_line(place: str, day: dt.date) -> str:
    """'Hòa Bình, ngày 05 tháng 6 năm 2024': days under 10 and months 1 and 2 take a leading 0."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def new_document():
    """An empty A4 document: Times New Roman 14, margins 20/20/30/15 mm."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _no_stretch_before_breaks(doc)
    return doc


def _no_stretch_before_breaks(doc) -> None:
    """A justified line that ends in a line break (a list typed in one cell) keeps its spaces
    as they are, in Word and in LibreOffice, instead of spreading its words over the line."""
    from docx.oxml import OxmlElement

    compat = doc.settings.element.find(f"{W}compat")
    if compat is None:
        compat = OxmlElement("w:compat")
        doc.settings.element.append(compat)
    if compat.find(f"{W}doNotExpandShiftReturn") is None:
        compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))


def to_bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def run(paragraph, text: str, size: float = 14, bold=False, italic=False, underline=False):
    """A run of ``text``: cleaned of what XML cannot hold (an older store may have it), each
    line break a break in the paragraph."""
    from docx.shared import Pt

    added = paragraph.add_run(clean(text))
    added.font.name = FONT
    added.font.size = Pt(size)
    added.bold, added.italic, added.underline = bold, italic, underline
    added._element.rPr.rFonts.set(f"{W}eastAsia", FONT)
    return added


def para(
    container,
    text: str = "",
    size: float = 14,
    bold=False,
    italic=False,
    align="justify",
    indent=True,
    after=6,
    keep_next=False,
):
    """A paragraph of ``text`` added to a document or a table cell (justified, first line
    indented 1 cm, unless said otherwise); ``keep_next`` keeps it on the page of the next one."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    aligns = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }
    paragraph = container.add_paragraph()
    paragraph.alignment = aligns[align]
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.keep_with_next = keep_next or None
    if indent and align == "justify":
        paragraph.paragraph_format.first_line_indent = Cm(1.0)
    if text:
        run(paragraph, text, size, bold, italic)
    return paragraph


def heading(doc, text: str):
    """A section's heading ("II. KẾT QUẢ ..."): bold, kept on the page of what follows it."""
    return para(doc, text, bold=True, indent=False, keep_next=True)


def subheading(doc, text: str):
    """A unit's or a part's heading inside a section: bold italic, kept with what follows."""
    return para(doc, text, bold=True, italic=True, keep_next=True)


def labelled(doc, label: str, text: str, keep_next=False):
    """A paragraph that opens with ``label`` in bold italic ("3. Đà Bắc: "), then ``text``: a
    heading that is never left alone at the foot of a page (LibreOffice does not always keep a
    heading paragraph with the next one)."""
    paragraph = para(doc, keep_next=keep_next)
    run(paragraph, label, bold=True, italic=True)
    run(paragraph, text)
    return paragraph


def no_borders(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def widths(table, widths_cm: list[float]) -> None:
    from docx.shared import Cm

    table.autofit = False
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def keep_rows(table, header_rows: int = 0) -> None:
    """Every row of ``table`` whole on one page (``w:cantSplit``); the first ``header_rows``
    repeated at the top of every page the table runs onto (``w:tblHeader``)."""
    from docx.oxml import OxmlElement

    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        for tag in ("cantSplit", "tblHeader") if index < header_rows else ("cantSplit",):
            if properties.find(f"{W}{tag}") is None:
                properties.append(OxmlElement(f"w:{tag}"))


def grid(doc, heads: list[str], rows: list[list[str]], widths_cm: list[float], size: float = 10.5):
    """A bordered table: the bold, centred header row repeated on every page, then ``rows``
    (each cell's text may hold line breaks; a row shorter than ``heads`` has its last cell
    span the remaining columns); no row split across pages."""
    table = doc.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, heads):
        cell.paragraphs[0].alignment = 1
        run(cell.paragraphs[0], text, size, bold=True)
    for values in rows:
        cells = table.add_row().cells
        if len(values) < len(cells):
            cells = [*cells[: len(values) - 1], cells[len(values) - 1].merge(cells[-1])]
        for cell, text in zip(cells, values):
            run(cell.paragraphs[0], text, size)
    widths(table, widths_cm)
    keep_rows(table, header_rows=1)
    return table


def letterhead(doc, info: dict, day: dt.date) -> None:
    """The two columns at the top: issuing body and number; national name, motto, place and date."""
    header = doc.add_table(rows=1, cols=2)
    no_borders(header)
    widths(header, [7.0, 9.5])
    keep_rows(header)
    left, right = header.rows[0].cells
    left.paragraphs[0].alignment = 1
    run(left.paragraphs[0], info["parent_body"].upper(), 13)
    para(left, info["issuing_body"].upper(), 13, bold=True, align="center", after=0)
    para(left, "¯¯¯¯¯¯¯¯", 10, align="center", after=2)
    para(left, info["number_line"], 13, align="center")
    right.paragraphs[0].alignment = 1
    run(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    motto = para(right, "", align="center", after=0)
    run(motto, "Độc lập - Tự do - Hạnh phúc", 14, bold=True, underline=True)
    para(right, "", 6, align="center", after=0)
    para(right, date_line(info["place"], day), 14, italic=True, align="center")


def title(doc, subject: str, sample: bool) -> None:
    """BÁO CÁO and its subject, under the mark that the data are illustrative when they are."""
    if sample:
        para(doc, SAMPLE_MARK, 12, bold=True, italic=True, align="center")
    para(doc, "", after=0)
    para(doc, "BÁO CÁO", 14, bold=True, align="center", after=0)
    para(doc, subject, 14, bold=True, align="center", after=12)


def closing(doc, info: dict) -> None:
    """The "Nơi nhận" list beside the signer's title, room to sign, the signer's name: one row that
    never splits, so the signature never lands on a page apart from its title."""
    sign = doc.add_table(rows=1, cols=2)
    no_borders(sign)
    widths(sign, [8.0, 8.5])
    keep_rows(sign)
    receivers, signer = sign.rows[0].cells
    run(receivers.paragraphs[0], "Nơi nhận:", 12, bold=True, italic=True)
    recipients = info["recipients"]
    for index, recipient in enumerate(recipients, 1):
        end = "." if index == len(recipients) else ";"
        para(receivers, f"- {recipient}{end}", 11, align="left", indent=False, after=0)
    signer.paragraphs[0].alignment = 1
    run(signer.paragraphs[0], info["signer_title"].upper(), 14, bold=True)
    for _ in range(SIGNATURE_ROOM):
        para(signer, "", 14, align="center", after=0)
    para(signer, info["signer_name"], 14, bold=True, align="center", after=0)
