"""Writes the quirky input files in this folder, one per quirk (run: python tests/data/make_quirks.py).

The files are committed; this script says how each was made, so a new quirk is one more entry.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
VI = ["Ngày báo cáo", "Đơn vị", "Triển khai văn bản chỉ đạo", "Chỉ đạo tổ chức Đại hội", "Dự thảo Văn kiện",
      "Dự thảo Chương trình", "Dự thảo Kịch bản", "Ngày Đại hội", "Số đại biểu chính thức",
      "Nhiệm vụ thời gian tới", "Khó khăn, vướng mắc", "Đề xuất, kiến nghị"]  # fmt: skip
KEYS = ["report_date", "unit", "directives", "organization", "documents", "programme", "script",
        "congress_date", "delegates", "next_tasks", "difficulties", "proposals"]  # fmt: skip
ROWS = [
    ["30/05/2024", "Cao Phong", "Hoàn thành", "Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "", "14/06/2024", "110", "Hoàn thiện dự thảo", "Thiếu kinh phí", "Đề nghị hỗ trợ"],
    ["30/05/2024", "Lạc Thủy", "Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Chưa thực hiện", "Chưa thực hiện", "12/06/2024", "", "", "", ""],
    ["31/05/2024", "Thành phố Hòa Bình", "Hoàn thành", "Hoàn thành", "Hoàn thành", "Đang thực hiện", "Đang thực hiện", "20/06/2024", "120", "", "- thiếu kinh phí", ""],
]  # fmt: skip


def csv_text(header, rows, sep=",", title=None) -> str:
    def cell(v: str) -> str:
        return f'"{v}"' if any(ch in v for ch in (sep, '"', "\n")) else v

    lines = [title] if title else []
    lines += [sep.join(cell(h) for h in header)] + [sep.join(cell(v) for v in r) for r in rows]
    return "\r\n".join(lines) + "\r\n"


_CP1258_TONES = {"\u0300": b"\xcc", "\u0301": b"\xec", "\u0303": b"\xde", "\u0309": b"\xd2", "\u0323": b"\xf2"}


def cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: a precomposed letter where it exists, else base + tone mark."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = [c for c in decomposed if c in _CP1258_TONES]
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _CP1258_TONES))
        out += base.encode("cp1258") + b"".join(_CP1258_TONES[t] for t in tones)
    return bytes(out)


def write(name: str, data: bytes | str, encoding="utf-8") -> None:
    (HERE / name).write_bytes(data if isinstance(data, bytes) else data.encode(encoding))


def xlsx(sheet_rows, merged=(), date_cols=(), title_rows=0) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in sheet_rows:
        sheet.append(row)
    for ref in merged:
        sheet.merge_cells(ref)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def main() -> None:
    # --- files that must be read ---
    write("utf8_bom_comma.csv", csv_text(VI, ROWS), "utf-8-sig")
    write("utf8_semicolon.csv", csv_text(VI, ROWS, ";"))
    write("utf16_tab_excel_unicode_text.csv", csv_text(VI, ROWS, "\t"), "utf-16")
    write("utf16le_no_bom_tab.csv", csv_text(VI, ROWS, "\t"), "utf-16-le")
    write("cp1258_semicolon.csv", cp1258(csv_text(VI, ROWS, ";")))
    write("keys_as_headers.csv", csv_text(KEYS, ROWS))
    no_marks = [
        unicodedata.normalize("NFD", h.replace("Đ", "D").replace("đ", "d")).encode("ascii", "ignore").decode().upper()
        for h in VI
    ]
    write("headers_without_diacritics_upper.csv", csv_text(["NGAY BAO CAO", "DON VI", *no_marks[2:]], ROWS))
    nfd_old = [[unicodedata.normalize("NFD", v.replace("Hòa", "Hoà").replace("Thủy", "Thuỷ")) for v in r] for r in ROWS]
    write("nfd_old_tone_marks.csv", csv_text([unicodedata.normalize("NFD", h) for h in VI], nfd_old))
    prefixed = [r.copy() for r in ROWS] + [r.copy() for r in ROWS]
    for r, unit, date in zip(prefixed, ["H. Cao Phong", "huyện Lạc Thuỷ", "TP. Hòa Bình", "Huyện Đà Bắc", "Da Bac", "TP Hoa Binh"],
                             ["30/05/2024", "30/05/2024", "31/05/2024", "30/05/2024", "31/05/2024", "01/06/2024"]):  # fmt: skip
        r[1], r[0] = unit, date
    write("unit_prefixes_and_no_diacritics.csv", csv_text(VI, prefixed))
    dated = [r.copy() for r in ROWS] + [r.copy() for r in ROWS[:2]]
    for r, date in zip(dated, ["2024-05-30", "30-05-2024", "3/6/2024", "30.05.2024", "31/5/2024"]):
        r[0] = date
    dated[3][1] = "Yên Thủy"
    dated[4][1] = "Kim Bôi"
    write("date_formats.csv", csv_text(VI, dated))
    words = ["chưa", "đang dự thảo", "Đã có dự thảo", "x", "✓", "XONG", "0", "1", "2", "yes", "no", "Hoan thanh", " đã  hoàn   thành ", "in_progress", "Chưa triển khai"]  # fmt: skip
    units = ["Cao Phong", "Đà Bắc", "Kim Bôi"]
    status_rows = [["30/05/2024", units[i], *words[i * 5 : i * 5 + 5], "", "", "", "", ""] for i in range(3)]
    write("status_synonyms.csv", csv_text(VI, status_rows))
    write(
        "stt_and_unknown_column.csv",
        csv_text(["STT", *VI, "Ghi chú"], [[str(i + 1), *r, "ghi chú"] for i, r in enumerate(ROWS)]),
    )
    over = [r.copy() for r in ROWS]
    over[0][8] = "180"
    write("delegates_over_cap_warning.csv", csv_text(VI, over))
    title = "UBND HUYỆN CAO PHONG;;;;\r\nBÁO CÁO TIẾN ĐỘ CHUẨN BỊ ĐẠI HỘI;;;;\r\n;;;;"
    write("title_rows_semicolon.csv", csv_text(VI, ROWS, ";", title), "utf-8-sig")
    # Excel: title rows in merged cells, an STT column, real date cells, numbers as statuses.
    body = []
    for i, r in enumerate(ROWS, 1):
        cells = [i, dt.datetime.strptime(r[0], "%d/%m/%Y"), r[1], 2, 2, 1, 0, None,
                 dt.datetime.strptime(r[7], "%d/%m/%Y"), int(r[8]) if r[8] else None, r[9], r[10], r[11]]  # fmt: skip
        body.append(cells)
    write("title_rows_merged_date_cells.xlsx", xlsx(
        [["BAN CHỈ ĐẠO ĐẠI HỘI HUYỆN"], ["BÁO CÁO TIẾN ĐỘ"], [], ["STT", *VI], *body],
        merged=["A1:F1", "A2:F2"]))  # fmt: skip
    # Two header rows: columns merged down over both, a group label over the five items.
    top = ["STT", VI[0], VI[1], "Nội dung kiểm tra", "", "", "", "", *VI[7:]]
    bottom = ["", "", "", *VI[2:7], "", "", "", "", ""]
    numbered = [[str(i + 1), *r] for i, r in enumerate(ROWS)]
    write("two_header_rows.csv", csv_text(top, [bottom, *numbered], ";"), "utf-8-sig")
    write("two_header_rows_merged.xlsx", xlsx(
        [["BÁO CÁO TIẾN ĐỘ CHUẨN BỊ ĐẠI HỘI"], top, bottom, *body],
        merged=["A1:H1", "A2:A3", "B2:B3", "C2:C3", "D2:H2", "I2:I3", "J2:J3", "K2:K3", "L2:L3", "M2:M3"]))  # fmt: skip
    sched_head = ["Đơn vị", "Ngày kiểm tra", "Trưởng đoàn", "Thành viên đoàn", "Địa điểm"]
    sched = [["Cao Phong", "03/06/2024", "Trưởng Ban Dân tộc", "Các thành viên", "UBND huyện"],
             ["Huyện Đà Bắc", "11/06/2024", "Phó Trưởng Ban", "", ""]]  # fmt: skip
    write("schedule_semicolon.csv", csv_text(sched_head, sched, ";"), "utf-8-sig")
    write(
        "schedule_date_cells.xlsx", xlsx([sched_head, ["Kim Bôi", dt.datetime(2024, 5, 30), "Trưởng đoàn", None, None]])
    )

    # Inspection findings: headers without diacritics, assessment synonyms, a title row,
    # a two-line remark (Alt+Enter in Excel), and as XLSX with date cells and merged titles.
    find_head = ["Don vi", "Ngay kiem tra", *VI[2:7], "Nhan xet cua doan", "Kien nghi cua doan", "Han hoan thanh"]
    finds = [["Cao Phong", "03/06/2024", "Đạt yêu cầu", "x", "cần bổ sung", "Chưa đạt", "", "Đã triển khai đầy đủ",
              "Hoàn thiện dự thảo Chương trình", "10/06/2024"],
             ["H. Đà Bắc", "11/06/2024", "đạt", "Đạt", "Cần hoàn thiện", "không đạt", "0", "", "", ""]]  # fmt: skip
    write("findings_no_diacritics.csv", csv_text(find_head, finds, ";", title="KẾT QUẢ KIỂM TRA"), "utf-8-sig")
    write("findings_date_cells.xlsx", xlsx(
        [["KẾT QUẢ KIỂM TRA TIẾN ĐỘ CHUẨN BỊ ĐẠI HỘI"],
         ["Đơn vị", "Ngày kiểm tra", *VI[2:7], "Nhận xét của đoàn", "Kiến nghị của đoàn", "Hạn hoàn thành"],
         ["Kim Bôi", dt.datetime(2024, 5, 30), "Đạt", "Đạt", "Đạt", "Đạt", "Đạt", "Đã tổ chức Đại hội", None, None]],
        merged=["A1:J1"]))  # fmt: skip

    # --- files that must be refused ---
    bad = [r.copy() for r in finds]
    bad[1][4] = "tạm được"
    write("refused_unknown_assessment.csv", csv_text(find_head, bad, ";"), "utf-8-sig")
    write("refused_duplicate_finding.csv", csv_text(find_head, [*finds, finds[0]], ";"), "utf-8-sig")
    write("refused_empty.csv", b"")
    write("refused_image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    good = xlsx([VI, ROWS[0]])
    write("refused_truncated.xlsx", good[: len(good) // 2])
    write("refused_old_xls.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    write("refused_random_bytes.csv", bytes((i * 7919 + 13) % 256 for i in range(3000)))
    bad = [r.copy() for r in ROWS]
    bad[0][1] = "Cao Phog"
    write("refused_unknown_unit.csv", csv_text(VI, bad))
    bad = [r.copy() for r in ROWS]
    bad[1][4] = "gần xong"
    write("refused_unknown_status.csv", csv_text(VI, bad))
    bad = [r.copy() for r in ROWS]
    bad[2][0] = "31/06/2024"
    write("refused_impossible_date.csv", csv_text(VI, bad))
    bad = [r.copy() for r in ROWS]
    bad[1][1] = ""
    write("refused_empty_required_cell.csv", csv_text(VI, bad))
    write("refused_missing_unit_column.csv", csv_text([VI[0], *VI[2:]], [[r[0], *r[2:]] for r in ROWS]))
    write("refused_duplicate_report.csv", csv_text(VI, [*ROWS, ROWS[0]]))
    write("refused_no_data_rows.csv", csv_text(VI, []))
    bad = [r.copy() for r in ROWS]
    bad[0][1], bad[1][5], bad[2][7] = "Lạc Dương", "??", "45/13/2024"
    write("refused_several_problems.xlsx", xlsx([["Tiêu đề"], VI, *bad]))
    footer = [*ROWS, ["", "Tổng cộng", "3", "2", "1", "0", "0", "", "", "", "", ""],
              ["", "Người lập biểu", "", "", "", "", "", "", "", "", "", ""]]  # fmt: skip
    write("refused_total_and_signature_rows.csv", csv_text(VI, footer, ";"), "utf-8-sig")
    write("refused_not_a_table.csv", "Kính gửi Ban Dân tộc tỉnh,\r\nđơn vị xin gửi báo cáo kèm theo.\r\n")


if __name__ == "__main__":
    main()
