"""Every text a user reads, in Vietnamese (first) and English. Nothing else holds UI strings."""

from __future__ import annotations

import datetime as dt

LANGS = ("vi", "en")

# Problems with an input file. {value}, {column} and the named params are filled in.
PROBLEMS: dict[str, tuple[str, str]] = {
    "where_row_col": ("Dòng {row}, cột “{column}”: ", "Row {row}, column “{column}”: "),
    "where_row": ("Dòng {row}: ", "Row {row}: "),
    "where_col": ("Cột “{column}”: ", "Column “{column}”: "),
    "empty": ("Tệp rỗng, không có dữ liệu.", "The file is empty."),
    "xls": (
        "Tệp Excel định dạng cũ (.xls). Hãy mở trong Excel và lưu lại dạng .xlsx hoặc .csv.",
        "This is an old-format Excel file (.xls). Open it in Excel and save it as .xlsx or .csv.",
    ),
    "binary": (
        "Tệp không phải bảng dữ liệu (có vẻ là ảnh, PDF hoặc tệp nhị phân). Hãy tải lên tệp .xlsx hoặc .csv.",
        "The file is not a table (it looks like an image, a PDF or a binary file). Upload an .xlsx or .csv file.",
    ),
    "broken_xlsx": (
        "Tệp Excel bị hỏng hoặc không đọc được. Hãy mở lại trong Excel và lưu lại.",
        "The Excel file is damaged or cannot be read. Open it in Excel and save it again.",
    ),
    "not_xlsx": (
        "Tệp nén này không phải tệp Excel .xlsx.",
        "This archive is not an Excel .xlsx file.",
    ),
    "zip_bomb": (
        "Tệp Excel quá lớn khi giải nén ({detail}); không mở.",
        "The Excel file is too large once uncompressed ({detail}); not opened.",
    ),
    "encoding": (
        "Không nhận được bảng mã của tệp. Hãy lưu lại dạng CSV UTF-8.",
        "The file's text encoding is not recognised. Save it as CSV UTF-8.",
    ),
    "no_header": (
        "Không tìm thấy dòng tiêu đề cột (ví dụ “Ngày báo cáo”, “Đơn vị”). Hãy dùng tệp mẫu.",
        "No header row found (such as “Ngày báo cáo”, “Đơn vị”). Use the template.",
    ),
    "unknown_kind": (
        "Không xác định được loại tệp: cần cột “Ngày báo cáo” (tiến độ) hoặc “Ngày kiểm tra” (lịch kiểm tra).",
        "Cannot tell the kind of file: it needs a “Ngày báo cáo” column (progress) or “Ngày kiểm tra” (schedule).",
    ),
    "missing_column": (
        "cột bắt buộc này không có trong tệp (kiểm tra dòng tiêu đề).",
        "this required column is not in the file (check the header row).",
    ),
    "no_rows": ("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.", "The file has no data rows under its header."),
    "empty_required": ("ô bắt buộc đang để trống.", "this required cell is empty."),
    "bad_date": (
        "“{value}” không phải ngày hợp lệ. Ghi ngày dạng ngày/tháng/năm, ví dụ 30/5/2024.",
        "“{value}” is not a valid date. Write dates as day/month/year, e.g. 30/5/2024.",
    ),
    "unknown_unit": (
        "không có đơn vị “{value}” trong danh sách.{hint}",
        "there is no unit “{value}” in the list.{hint}",
    ),
    "ambiguous_unit": (
        "“{value}” có thể là nhiều đơn vị ({names}); hãy ghi đủ dấu.",
        "“{value}” could be several units ({names}); write it with its diacritics.",
    ),
    "unit_hint": (" Có phải “{name}”?", " Did you mean “{name}”?"),
    "unknown_status": (
        "“{value}” không phải trạng thái hợp lệ. Giá trị được chấp nhận: {accepted}.",
        "“{value}” is not a valid status. Accepted values: {accepted}.",
    ),
    "bad_int": ("“{value}” không phải số nguyên không âm.", "“{value}” is not a whole number of zero or more."),
    "duplicate_report": (
        "đơn vị “{unit}” đã có báo cáo ngày {date} ở dòng {first}.",
        "unit “{unit}” already has a report dated {date} on row {first}.",
    ),
    "unknown_column": (
        "cột không thuộc mẫu, đã bỏ qua.",
        "this column is not in the template and was left out.",
    ),
    "duplicate_column": (
        "cột này trùng với cột “{first}”, đã bỏ qua.",
        "this column repeats “{first}” and was left out.",
    ),
    "over_cap": (
        "{value} đại biểu, vượt mức tối đa {cap}.",
        "{value} delegates, over the cap of {cap}.",
    ),
    "far_date": (
        "ngày {value} cách xa thời gian của đợt (có gõ nhầm năm?).",
        "the date {value} is far from the campaign's dates (a mistyped year?).",
    ),
    "too_large": (
        "Tệp lớn hơn giới hạn {limit} MB.",
        "The file is larger than the {limit} MB limit.",
    ),
}


def problem_text(code: str, lang: str, **params) -> str:
    vi, en = PROBLEMS.get(code, ("Lỗi: {code}", "Error: {code}"))
    template = vi if lang == "vi" else en
    params.setdefault("code", code)
    params.setdefault("detail", "")
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def fmt_date(value: dt.date | str | None) -> str:
    """A date as dd/mm/yyyy (the way the committee writes it); empty for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return value.strftime("%d/%m/%Y")
