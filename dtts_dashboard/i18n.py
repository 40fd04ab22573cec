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


# Everything else the interface says. Keys are grouped by page; {name} fields are filled in.
TEXTS: dict[str, tuple[str, str]] = {
    # shared
    "app_title": ("Theo dõi chuẩn bị Đại hội DTTS cấp huyện", "District congress preparation tracker"),
    "nav_overview": ("Tổng quan", "Overview"),
    "nav_timeline": ("Tiến độ theo thời gian", "Timeline"),
    "nav_unit": ("Từng đơn vị", "Unit"),
    "nav_upload": ("Cập nhật dữ liệu", "Upload"),
    "nav_history": ("Lịch sử phiên bản", "History"),
    "nav_export": ("Xuất báo cáo", "Export"),
    "filters": ("Bộ lọc", "Filters"),
    "filter_units": ("Đơn vị", "Units"),
    "filter_units_all": ("Tất cả đơn vị", "All units"),
    "filter_items": ("Nội dung kiểm tra", "Checklist items"),
    "filter_items_all": ("Tất cả nội dung", "All items"),
    "filter_as_of": ("Số liệu tính đến ngày", "Data as of"),
    "filter_as_of_help": (
        "Mỗi đơn vị hiển thị báo cáo mới nhất trước hoặc đúng ngày này.",
        "Each unit shows its latest report on or before this date.",
    ),
    "language": ("Ngôn ngữ", "Language"),
    "share_hint": (
        "Bộ lọc được lưu trong địa chỉ trang: sao chép đường dẫn để gửi đúng khung nhìn này.",
        "Filters are kept in the page address: copy the link to share this exact view.",
    ),
    "sample_banner": (
        "**Dữ liệu minh họa.** Số liệu đang hiển thị là ví dụ để làm quen, không phải báo cáo thật của các đơn vị. "
        "Biên tập viên xóa dữ liệu minh họa ở trang “Cập nhật dữ liệu” khi có số liệu thật.",
        "**Illustrative data.** The figures shown are examples for getting started, not the units' real reports. "
        "Editors remove the sample data on the “Upload” page once real data arrive.",
    ),
    "empty_state": (
        "Chưa có báo cáo tiến độ nào. Biên tập viên tải tệp tiến độ lên ở trang “Cập nhật dữ liệu” "
        "(có tệp mẫu để tải về), hoặc dùng lệnh `python -m dtts_dashboard import TỆP`.",
        "No progress report yet. An editor uploads a progress file on the “Upload” page "
        "(a template is there to download), or runs `python -m dtts_dashboard import FILE`.",
    ),
    "no_units_match": ("Không có đơn vị nào khớp bộ lọc.", "No unit matches the filter."),
    "store_error": ("Không mở được kho dữ liệu: {error}", "Cannot open the data store: {error}"),
    "viewing_version": (
        "Đang xem dữ liệu như sau phiên bản {number}. [Trở về dữ liệu hiện tại]({link})",
        "Viewing the data as it stood after version {number}. [Back to the current data]({link})",
    ),
    "footer": ("{plan}. Thời gian kiểm tra: {start} – {end}.", "{plan}. Inspection period: {start} – {end}."),
    # overview
    "overview_title": ("Tổng quan tiến độ chuẩn bị Đại hội", "Congress preparation at a glance"),
    "kpi_reporting": ("Đơn vị đã báo cáo", "Units reporting"),
    "kpi_held": ("Đã tổ chức Đại hội", "Congresses held"),
    "kpi_days_left": ("Ngày đến hạn {date}", "Days to the {date} deadline"),
    "kpi_days_past": ("Đã quá hạn {date}", "Past the {date} deadline"),
    "kpi_all_drafts": ("Đủ các dự thảo", "All drafts done"),
    "kpi_item_done": ("đơn vị hoàn thành", "units done"),
    "matrix_title": ("Tình hình từng đơn vị", "Each unit's state"),
    "matrix_caption": (
        "Mỗi ô ghi trạng thái bằng ký hiệu và chữ: {legend}. Ô “Chưa báo cáo” khác với “Chưa thực hiện”.",
        "Each cell gives the status as a symbol and a word: {legend}. “Not reported” is not “Not started”.",
    ),
    "col_unit": ("Đơn vị", "Unit"),
    "col_report_date": ("Báo cáo ngày", "Report of"),
    "col_congress_date": ("Ngày Đại hội", "Congress date"),
    "col_held": ("Đại hội", "Congress"),
    "col_delegates": ("Số đại biểu", "Delegates"),
    "held_yes": ("✓ Đã tổ chức", "✓ Held"),
    "held_no": ("Chưa tổ chức", "Not yet held"),
    "attention_title": ("Đơn vị cần chú ý", "Units needing attention"),
    "attention_none": ("Không có đơn vị nào cần chú ý tính đến ngày này.", "No unit needs attention as of this date."),
    "reason_never_reported": ("chưa gửi báo cáo nào", "has sent no report"),
    "reason_drafts_due": (
        "Đại hội ngày {date}, còn {days} ngày, chưa xong: {items}",
        "congress on {date}, {days} days away, not done: {items}",
    ),
    "reason_after_deadline": ("ngày Đại hội {date} sau hạn chót", "congress date {date} is after the deadline"),
    "reason_no_recent_report": (
        "{days} ngày chưa có báo cáo mới (gần nhất {date})",
        "no report for {days} days (last on {date})",
    ),
    "reason_inspected_not_done": (
        "đã được kiểm tra ngày {date}, vẫn chưa xong: {items}",
        "inspected on {date}, still not done: {items}",
    ),
    "reason_over_cap": ("{delegates} đại biểu, vượt mức {cap}", "{delegates} delegates, over the cap of {cap}"),
    "difficulties_title": ("Khó khăn, vướng mắc và đề xuất mới nhất", "Latest difficulties and proposals"),
    "difficulties_none": ("Chưa đơn vị nào báo cáo khó khăn.", "No unit has reported difficulties."),
    "col_difficulties": ("Khó khăn, vướng mắc", "Difficulties"),
    "col_proposals": ("Đề xuất, kiến nghị", "Proposals"),
    "col_next_tasks": ("Nhiệm vụ thời gian tới", "Next tasks"),
    # timeline
    "timeline_title": ("Tiến độ theo thời gian", "Timeline"),
    "timeline_schedule": ("Lịch kiểm tra và ngày Đại hội", "Inspection visits and congress dates"),
    "timeline_schedule_caption": (
        "Ô vuông: buổi kiểm tra. Hình thoi đặc: Đại hội đã tổ chức; hình thoi rỗng: ngày dự kiến. "
        "Vùng xanh: thời gian kiểm tra; nét đứt đỏ: hạn chót.",
        "Square: inspection visit. Filled diamond: congress held; open diamond: planned date. "
        "Blue band: inspection period; red dashes: deadline.",
    ),
    "timeline_aggregated": (
        "Có {n} đơn vị, quá nhiều để vẽ mỗi đơn vị một dòng: biểu đồ đếm số buổi kiểm tra và số Đại hội mỗi ngày. "
        "Lọc bớt đơn vị để xem từng dòng.",
        "{n} units are too many for a row each: the chart counts visits and congresses per day. "
        "Filter the units to see one row each.",
    ),
    "timeline_progress": ("Số đơn vị hoàn thành theo ngày", "Units done, day by day"),
    "timeline_lanes": ("Trạng thái từng nội dung qua các lần báo cáo", "Each item's status from report to report"),
    "timeline_lanes_pick": (
        "Chọn tối đa {n} đơn vị ở bộ lọc để xem trạng thái từng nội dung (đang có {count}).",
        "Pick at most {n} units in the filter to see each item's status (now {count}).",
    ),
    "chart_inspection_period": ("Thời gian kiểm tra", "Inspection period"),
    "chart_deadline": ("Hạn chót {date}", "Deadline {date}"),
    "chart_as_of": ("Ngày xem {date}", "Viewing {date}"),
    "chart_visit": ("Kiểm tra", "Inspection"),
    "chart_congress_held": ("Đại hội (đã tổ chức)", "Congress (held)"),
    "chart_congress_planned": ("Đại hội (dự kiến)", "Congress (planned)"),
    "chart_visits_per_day": ("Số buổi kiểm tra", "Inspection visits"),
    "chart_congresses_per_day": ("Số Đại hội", "Congresses"),
    "chart_units": ("Số đơn vị", "Units"),
    "chart_units_done": ("Số đơn vị hoàn thành", "Units done"),
    # unit page
    "unit_title": ("Tình hình của đơn vị", "A unit's state"),
    "unit_pick": ("Chọn đơn vị", "Pick a unit"),
    "unit_no_report": (
        "Đơn vị này chưa có báo cáo nào tính đến ngày đã chọn.",
        "This unit has no report as of the chosen date.",
    ),
    "unit_latest": ("Báo cáo mới nhất: ngày {date}", "Latest report: {date}"),
    "unit_visit": ("Kiểm tra ngày {date}, trưởng đoàn: {lead}", "Inspected on {date}, team lead: {lead}"),
    "unit_no_visit": ("Chưa có lịch kiểm tra.", "No inspection visit scheduled."),
    "unit_congress": ("Ngày Đại hội: {date} ({state})", "Congress date: {date} ({state})"),
    "unit_no_congress": ("Chưa báo ngày Đại hội.", "No congress date reported."),
    "unit_reports": ("Các lần báo cáo", "Reports"),
    "none_reported": ("(không có)", "(none)"),
}


def t(key: str, lang: str, **params) -> str:
    """The text ``key`` in ``lang`` ("vi" or "en"), with ``params`` filled in."""
    vi, en = TEXTS[key]
    template = en if lang == "en" else vi
    return template.format(**params) if params else template
