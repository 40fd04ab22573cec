"""Every text a user reads, in Vietnamese (first) and English. Nothing else holds UI strings."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import pandas as pd

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
    "too_many_rows": (
        "Tệp có hơn {limit} dòng, quá lớn để đọc. Báo cáo của một huyện chỉ có vài chục dòng: hãy kiểm tra "
        "lại tệp (có thể có dữ liệu thừa ở cuối trang tính) hoặc chia thành nhiều tệp.",
        "The file has more than {limit} rows, too many to read. A district's report has a few dozen rows: "
        "check the file (there may be stray data far down the sheet) or split it into several files.",
    ),
    "too_many_columns": (
        "Bảng có {found} cột, vượt giới hạn {limit} cột; không đọc. Hãy xóa dữ liệu thừa ở các cột bên phải "
        "bảng hoặc dùng tệp mẫu.",
        "The table has {found} columns, over the limit of {limit}; not read. Delete stray data in the columns "
        "right of the table, or use the template.",
    ),
    "too_many_cells": (
        "Bảng có hơn {limit} ô, quá lớn để đọc. Hãy bỏ dữ liệu không cần thiết hoặc chia thành nhiều tệp.",
        "The table has more than {limit} cells, too many to read. Remove what is not needed or split it "
        "into several files.",
    ),
    "cell_too_long": (
        "ô dài {length} ký tự, vượt giới hạn {limit} ký tự của một ô.",
        "this cell holds {length} characters, over the limit of {limit} for one cell.",
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
        "Không xác định được loại tệp: cần cột “Ngày báo cáo” (tiến độ), hoặc “Ngày kiểm tra” (lịch kiểm tra; "
        "kèm các cột nội dung kiểm tra là kết quả kiểm tra).",
        "Cannot tell the kind of file: it needs a “Ngày báo cáo” column (progress), or “Ngày kiểm tra” (schedule; "
        "with checklist item columns, inspection findings).",
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
    "footer_row": (
        "dòng này không có ngày và không có đơn vị hợp lệ (“{value}”); nếu đây là dòng tổng cộng hoặc chữ ký "
        "dưới bảng, hãy xóa dòng này khỏi tệp.",
        "this row has no date and no known unit (“{value}”); if it is a total or a signature line under the "
        "table, delete it from the file.",
    ),
    "unknown_status": (
        "“{value}” không phải trạng thái hợp lệ. Giá trị được chấp nhận: {accepted} (hoặc 0, 1, 2, x, ✓; để trống "
        "nếu chưa báo cáo).",
        "“{value}” is not a valid status. Accepted values: {accepted} (or 0, 1, 2, x, ✓; left empty when not "
        "reported).",
    ),
    "unknown_assessment": (
        "“{value}” không phải kết quả đánh giá hợp lệ. Giá trị được chấp nhận: {accepted} (hoặc 0, 1, 2, x, ✓; để "
        "trống nếu chưa đánh giá).",
        "“{value}” is not a valid assessment. Accepted values: {accepted} (or 0, 1, 2, x, ✓; left empty when not "
        "assessed).",
    ),
    "bad_int": ("“{value}” không phải số nguyên không âm.", "“{value}” is not a whole number of zero or more."),
    "duplicate_report": (
        "đơn vị “{unit}” đã có báo cáo ngày {date} ở dòng {first}.",
        "unit “{unit}” already has a report dated {date} on row {first}.",
    ),
    "duplicate_finding": (
        "đơn vị “{unit}” đã có kết quả kiểm tra ngày {date} ở dòng {first}.",
        "unit “{unit}” already has findings for the visit of {date} on row {first}.",
    ),
    "unplanned_visit": (
        "đơn vị “{unit}” không có buổi kiểm tra ngày {date} trong lịch; kết quả vẫn được lưu.",
        "unit “{unit}” has no visit planned on {date}; the findings are kept all the same.",
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
    "unsafe_chars": (
        "ô có ký tự điều khiển hoặc ký tự đảo chiều văn bản không nhìn thấy ({chars}), đã xóa; phần chữ còn lại "
        "được giữ nguyên.",
        "the cell held invisible control or text-direction characters ({chars}), which were removed; the rest of "
        "its text is kept.",
    ),
    "far_date": (
        "ngày {value} cách xa thời gian của đợt (có gõ nhầm năm?).",
        "the date {value} is far from the campaign's dates (a mistyped year?).",
    ),
    "too_large": (
        "Tệp lớn hơn giới hạn {limit} MB.",
        "The file is larger than the {limit} MB limit.",
    ),
    # unit accounts (permissions.refusals)
    "other_unit": (
        "“{value}” không phải đơn vị của tài khoản này ({unit}): tài khoản của đơn vị chỉ gửi được báo cáo của "
        "chính đơn vị mình. Bỏ dòng này khỏi tệp, hoặc gửi cho Tỉnh cập nhật.",
        "“{value}” is not this account's unit ({unit}): a unit's account sends its own unit's reports only. "
        "Remove this row from the file, or send it to the province to upload.",
    ),
    "unit_account_schedule": (
        "Đây là tệp lịch kiểm tra: tài khoản của đơn vị {unit} không thay được lịch kiểm tra, việc này do Tỉnh "
        "cập nhật. Đơn vị chỉ gửi báo cáo tiến độ.",
        "This is a schedule file: the account of {unit} cannot replace the inspection schedule, which the "
        "province keeps. A unit sends progress reports only.",
    ),
    "unit_account_findings": (
        "Đây là tệp kết quả kiểm tra: tài khoản của đơn vị {unit} không nhập được kết quả kiểm tra, việc này do "
        "đoàn kiểm tra của Tỉnh thực hiện. Đơn vị chỉ gửi báo cáo tiến độ.",
        "This is a findings file: the account of {unit} cannot record inspection findings, which the province's "
        "inspection team does. A unit sends progress reports only.",
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
    """A date as dd/mm/yyyy (the way the committee writes it); empty for none, and for a
    missing value as pandas gives it (NaN in a text column, NA, NaT)."""
    if isinstance(value, str):
        return _fmt_iso(value)
    if value is None or pd.isna(value):
        return ""
    return value.strftime("%d/%m/%Y")


@lru_cache(maxsize=4096)
def _fmt_iso(value: str) -> str:
    """``fmt_date`` of a yyyy-mm-dd text, each text once (a page writes a date per unit)."""
    return dt.date.fromisoformat(value[:10]).strftime("%d/%m/%Y") if value else ""


# Everything else the interface says. Keys are grouped by page; {name} fields are filled in.
TEXTS: dict[str, tuple[str, str]] = {
    # shared
    "app_title": ("Theo dõi chuẩn bị Đại hội DTTS cấp huyện", "District congress preparation tracker"),
    "nav_overview": ("Tổng quan", "Overview"),
    "nav_timeline": ("Tiến độ theo thời gian", "Timeline"),
    "nav_unit": ("Từng đơn vị", "Unit"),
    "nav_upload": ("Cập nhật dữ liệu", "Upload"),
    "nav_edit": ("Sửa nhanh", "Quick edit"),
    "nav_history": ("Lịch sử phiên bản", "History"),
    "nav_export": ("Xuất báo cáo", "Export"),
    "nav_followups": ("Theo dõi kiến nghị", "Follow-ups"),
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
    "empty_state_findings": (
        "Đã có kết quả kiểm tra của {count} đơn vị: xem ở trang “Từng đơn vị” và “Tiến độ theo thời gian”; "
        "bảng tình trạng và danh sách đơn vị cần chú ý cần có báo cáo tiến độ của các đơn vị.",
        "Inspection findings for {count} units are in: see them on the “Unit” and “Timeline” pages; the status "
        "matrix and the units needing attention need the units' progress reports.",
    ),
    "empty_state": (
        "Chưa có báo cáo tiến độ nào. Biên tập viên tải tệp tiến độ lên ở trang “Cập nhật dữ liệu” "
        "(có tệp mẫu để tải về), hoặc dùng lệnh `python -m dtts_dashboard import TỆP`.",
        "No progress report yet. An editor uploads a progress file on the “Upload” page "
        "(a template is there to download), or runs `python -m dtts_dashboard import FILE`.",
    ),
    "no_units_match": ("Không có đơn vị nào khớp bộ lọc.", "No unit matches the filter."),
    # The store's faults: what happened in plain words and the setting to check, never a
    # path or an error's class (the server's log has those).
    "store_error": (
        "Không mở được kho dữ liệu. Người quản trị xem nhật ký của máy chủ và kiểm tra biến môi trường DTTS_DB.",
        "Cannot open the data store. The administrator should read the server's log and check the DTTS_DB setting.",
    ),
    "store_missing": (
        "Không mở được kho dữ liệu: không tìm thấy tệp kho hoặc không đọc được tệp. Người quản trị kiểm tra biến "
        "môi trường DTTS_DB (tệp mà nó chỉ tới phải có và đọc được) hoặc chép lại tệp từ bản sao lưu.",
        "Cannot open the data store: its file is missing or cannot be read. The administrator should check the "
        "DTTS_DB setting (the file it names must exist and be readable) or copy the file back from a backup.",
    ),
    "store_full": (
        "Không ghi được vào kho dữ liệu: ổ đĩa chứa kho đã đầy. Chưa có gì thay đổi. Người quản trị giải phóng "
        "dung lượng trên ổ đĩa chứa tệp kho (biến môi trường DTTS_DB), rồi thử lại.",
        "Could not write to the data store: the disk that holds it is full. Nothing was changed. The administrator "
        "should free space on the disk of the store file (the DTTS_DB setting); then try again.",
    ),
    "store_read_only": (
        "Kho dữ liệu đang ở chế độ chỉ đọc: vẫn xem được số liệu, nhưng không lưu được gì. Người quản trị kiểm tra "
        "quyền ghi vào tệp kho và thư mục chứa nó (biến môi trường DTTS_DB).",
        "The data store is read-only: the data can be viewed, but saving is off. The administrator should check "
        "write access to the store file and its folder (the DTTS_DB setting).",
    ),
    "store_corrupt": (
        "Kho dữ liệu bị hỏng, không đọc được. Người quản trị thay tệp kho (biến môi trường DTTS_DB) bằng bản sao "
        "lưu gần nhất.",
        "The data store is damaged and cannot be read. The administrator should replace the store file (the "
        "DTTS_DB setting) with the latest backup.",
    ),
    "store_busy": (
        "Kho dữ liệu đang bận quá lâu (một việc ghi khác chưa xong). Hãy thử lại sau ít phút; nếu vẫn vậy, người "
        "quản trị kiểm tra biến môi trường DTTS_DB và các chương trình đang dùng tệp kho.",
        "The data store has been busy for too long (another write has not finished). Try again in a few minutes; "
        "if it persists, the administrator should check the DTTS_DB setting and what else uses the store file.",
    ),
    "store_io": (
        "Lỗi đọc ghi ổ đĩa khi dùng kho dữ liệu. Người quản trị kiểm tra ổ đĩa chứa tệp kho (biến môi trường "
        "DTTS_DB) và nhật ký của máy chủ.",
        "A disk error while using the data store. The administrator should check the disk of the store file (the "
        "DTTS_DB setting) and the server's log.",
    ),
    "store_unreachable": (
        "Không kết nối được tới máy chủ cơ sở dữ liệu (PostgreSQL) của kho, hoặc kết nối bị ngắt giữa chừng. Nếu "
        "đang lưu, bản lưu chưa được ghi: không có thay đổi nào. Người quản trị kiểm tra máy chủ cơ sở dữ liệu và "
        "địa chỉ trong biến môi trường DTTS_DB, rồi thử lại.",
        "The store's database server (PostgreSQL) cannot be reached, or the connection to it was lost. If something "
        "was being saved, it was not saved: nothing changed. The administrator should check the database server and "
        "the address in the DTTS_DB setting, then try again.",
    ),
    "store_unsure": (
        "Kết nối tới máy chủ cơ sở dữ liệu bị ngắt đúng lúc đang lưu, nên chưa biết bản lưu đã được ghi hay chưa. "
        "Khi máy chủ (biến môi trường DTTS_DB) kết nối lại được, xem trang “Lịch sử” trước khi lưu lại (để không "
        "lưu hai lần).",
        "The connection to the database server was lost just as the data were being saved, so whether they were "
        "saved cannot be told yet. When the server (the DTTS_DB setting) can be reached again, look at the “History” "
        "page before saving again (so as not to save twice).",
    ),
    "store_denied": (
        "Máy chủ cơ sở dữ liệu từ chối đăng nhập của ứng dụng (sai tên người dùng hoặc mật khẩu). Người quản trị "
        "kiểm tra tên và mật khẩu trong biến môi trường DTTS_DB.",
        "The database server refused the application's login (a wrong user name or password). The administrator "
        "should check the user name and password in the DTTS_DB setting.",
    ),
    # The command line (cli.py) says both languages, "vi / en" (i18n.both); a label's data follow it
    "cli_store_full": (
        "Ổ đĩa đầy, chưa lưu gì: giải phóng dung lượng trên ổ đĩa.",
        "the disk is full, nothing was stored: free space on it.",
    ),
    "cli_store_read_only": (
        "Người dùng này không có quyền ghi vào tệp kho hoặc thư mục của nó: kiểm tra quyền của chúng và DTTS_DB.",
        "the store or its folder is not writable by this user: check their permissions and DTTS_DB.",
    ),
    "cli_store_corrupt": (
        "Tệp kho bị hỏng: thay bằng bản sao lưu gần nhất (DTTS_DB chỉ tới tệp này).",
        "the store file is damaged: replace it with the latest backup (DTTS_DB names it).",
    ),
    "cli_store_missing": (
        "Không có hoặc không đọc được tệp kho: kiểm tra DTTS_DB và tệp mà nó chỉ tới.",
        "the store file is missing or unreadable: check DTTS_DB and the file it names.",
    ),
    "cli_store_busy": (
        "Một tiến trình khác giữ kho quá lâu: thử lại, hoặc tìm xem chương trình nào khác đang dùng kho.",
        "another process holds the store for too long: try again, or look for what else uses it.",
    ),
    "cli_store_io": (
        "Lỗi đọc ghi ổ đĩa: kiểm tra ổ đĩa chứa kho (DTTS_DB) và nhật ký của hệ thống.",
        "a disk error: check the disk that holds the store (DTTS_DB) and the system's log.",
    ),
    "cli_store_unreachable": (
        "Không kết nối được máy chủ PostgreSQL (hoặc kết nối bị mất, chưa lưu gì): kiểm tra máy chủ có đang chạy "
        "không và địa chỉ trong DTTS_DB.",
        "the database server cannot be reached (or the link was lost; nothing was stored): check that it runs and "
        "the address in DTTS_DB.",
    ),
    "cli_store_unsure": (
        "Mất kết nối đúng lúc đang lưu: khi kết nối lại được, chạy lệnh 'history' để xem phiên bản đã được lưu "
        "chưa rồi mới thử lại.",
        "the link was lost as the data were being saved: run 'history' once the database can be reached to see "
        "whether the version is there before trying again.",
    ),
    "cli_store_denied": (
        "Máy chủ PostgreSQL từ chối đăng nhập: kiểm tra tên người dùng và mật khẩu trong DTTS_DB.",
        "the database server refused the login: check the user name and password in DTTS_DB.",
    ),
    "cli_store_fault": ("Lỗi kho dữ liệu", "store fault"),
    "cli_store_error": ("Lỗi kho dữ liệu", "store error"),
    "cli_campaign_error": ("Lỗi tệp cấu hình đợt", "campaign file error"),
    "cli_unexpected": ("Lỗi không mong đợi", "unexpected error"),
    "cli_refused": ("Tệp bị từ chối: {count} lỗi", "File refused: {count} error(s)"),
    "cli_valid": ("Tệp hợp lệ: {kind}, {rows} dòng", "valid: {kind}, {rows} rows"),
    "cli_cannot_read": ("Không đọc được tệp {path}: {error}", "cannot read {path}: {error}"),
    "cli_copy_no_source": (
        "Không có kho nguồn {store} (DTTS_DB): không có gì để chép",
        "there is no store at {store} (DTTS_DB): nothing to copy",
    ),
    "cli_copy_target_not_empty": (
        "Kho đích {store} đã có {count} phiên bản, không chép gì (không bao giờ chép gộp hay chép đè lên một kho)",
        "the target store {store} already has {count} version(s): nothing copied (a copy never merges into or "
        "overwrites a store)",
    ),
    "cli_copy_done": (
        "Đã chép {count} phiên bản vào {store} ({tables})",
        "copied {count} version(s) to {store} ({tables})",
    ),
    "cli_cannot_write": ("Không ghi được {path}: {error}", "cannot write {path}: {error}"),
    "cli_as_of": ("Tính đến", "as of"),
    "cli_sample": ("dữ liệu minh họa", "sample data"),
    "cli_round": ("Đợt", "round"),
    "cli_raised_again": ("nêu lại", "raised again"),
    "cli_no_item": ("không có mục theo dõi {id} (xem lệnh followups)", "no follow-up item {id} (see: followups)"),
    "cli_password_stdin": ("Mật khẩu phải được đưa qua --password-stdin", "give the password with --password-stdin"),
    "cli_no_unit": (
        "Không có đơn vị “{unit}” trong đợt này, chưa tạo tài khoản",
        "there is no unit “{unit}” in the campaign, no account was made.",
    ),
    "cli_did_you_mean": ("Có phải", "did you mean"),
    "cli_editor_saved_unit": (
        "Đã lưu tài khoản biên tập “{name}” của đơn vị {unit} vào {path}",
        "editor “{name}” saved for the office of {unit} in {path}",
    ),
    "cli_editor_saved": (
        "Đã lưu tài khoản biên tập “{name}” của Tỉnh vào {path}",
        "editor “{name}” saved for the province in {path}",
    ),
    "cli_logins_ended": (
        "Đã kết thúc {count} phiên đăng nhập của tài khoản này",
        "{count} login(s) of this editor ended",
    ),
    "campaign_error": (
        "Tệp cấu hình đợt có lỗi nên chưa mở được bảng điều khiển. Người quản trị xem nhật ký của máy chủ và kiểm "
        "tra tệp mà biến môi trường DTTS_CAMPAIGN chỉ tới.",
        "The campaign file has an error, so the dashboard cannot open. The administrator should read the server's "
        "log and check the file the DTTS_CAMPAIGN setting names.",
    ),
    "link_unread": (
        "Đường dẫn có giá trị không đọc được nên đã bỏ qua: {values}. Hãy chọn lại trong bộ lọc.",
        "The link has values that could not be read and were left out: {values}. Pick them again in the filters.",
    ),
    "viewing_version": (
        "Đang xem dữ liệu như sau phiên bản {number}, trên mọi trang, cho đến khi trở về dữ liệu hiện tại.",
        "Viewing the data as they stood after version {number}, on every page, until you return to the current data.",
    ),
    "back_to_current": ("Trở về dữ liệu hiện tại", "Back to the current data"),
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
        "Mỗi ô ghi trạng thái bằng ký hiệu và chữ: {legend}. “Chưa báo cáo” (ô để trống) khác với “Chưa làm”. "
        "Tiêu đề cột là tên rút gọn của nội dung; tên đầy đủ có trong bộ lọc “Nội dung kiểm tra”.",
        "Each cell gives the status as a symbol and a word: {legend}. “Not reported” (an empty cell) is not "
        "“Not started”. The column headers are the items' short names; their full names are in the “Checklist "
        "items” filter.",
    ),
    "col_unit": ("Đơn vị", "Unit"),
    "found": ("KT", "found"),
    "matrix_findings_caption": (
        "⚠ KT: đoàn kiểm tra đánh giá khác với báo cáo của đơn vị (ví dụ đơn vị báo Hoàn thành, đoàn đánh giá "
        "Chưa đạt); ô ghi kết quả đánh giá của lần kiểm tra gần nhất.",
        "⚠ found: the inspection team assessed the item otherwise than the unit reports (the unit says Done, the "
        "team found Fails, say); the cell gives the latest inspection's assessment.",
    ),
    "col_report_date": ("Báo cáo ngày", "Report of"),
    "col_congress_date": ("Ngày Đại hội", "Congress date"),
    "col_held": ("Đại hội", "Congress"),
    "status_not_reported": ("Chưa báo cáo", "Not reported"),
    "assessment_not_assessed": ("Chưa đánh giá", "Not assessed"),
    "export_held": ("Đã tổ chức Đại hội", "Congress held"),
    "export_yes": ("Có", "Yes"),
    "export_sample": ("Dữ liệu minh họa", "Sample data"),
    "export_sample_yes": ("Minh họa", "Illustrative"),
    "sheet_state": ("Tình hình {date}", "State {date}"),
    "sheet_reports": ("Các lần báo cáo", "Reports"),
    "sheet_schedule": ("Lịch kiểm tra", "Inspection schedule"),
    "sheet_rounds": ("Đợt báo cáo đến {date}", "Rounds as of {date}"),
    "export_unknown_units": ("không có đơn vị", "unknown unit(s)"),
    "export_out_suffix": ("--out phải kết thúc bằng .xlsx hoặc .csv", "--out must end in .xlsx or .csv"),
    "col_round_due": ("{round}, hạn {date}", "{round}, due {date}"),
    "col_delegates": ("Số đại biểu", "Delegates"),
    "held_yes": ("✓ Đã tổ chức", "✓ Held"),
    "held_no": ("Chưa tổ chức", "Not yet held"),
    "attention_title": ("Đơn vị cần chú ý", "Units needing attention"),
    "col_reasons": ("Lý do", "Why"),
    "long_list_caption": (
        "{count} đơn vị, tất cả trong một bảng: bấm hoặc chạm vào tiêu đề cột để sắp xếp; "
        "tìm kiếm và tải về ở góc trên bên phải của bảng.",
        "{count} units, all in one table: click or tap a column's header to sort; "
        "search and download are at the table's top right.",
    ),
    "attention_none": ("Không có đơn vị nào cần chú ý tính đến ngày này.", "No unit needs attention as of this date."),
    "reason_never_reported": ("chưa gửi báo cáo nào", "has sent no report"),
    "reason_drafts_due": (
        "Đại hội ngày {date}, còn {days} ngày, chưa xong: {items}",
        "congress on {date}, {days} days away, not done: {items}",
    ),
    "reason_drafts_due_deadline": (
        "chưa có ngày Đại hội, còn {days} ngày đến hạn chót {date}, chưa xong: {items}",
        "no congress date, {days} days to the {date} deadline, not done: {items}",
    ),
    "reason_no_congress_date": (
        "chưa báo ngày Đại hội, còn {days} ngày đến hạn chót {date}",
        "has not reported its congress date, {days} days to the {date} deadline",
    ),
    "reason_deadline_passed": (
        "đã quá hạn chót {date} mà chưa tổ chức Đại hội",
        "the {date} deadline has passed and the congress is not held",
    ),
    "reason_after_deadline": ("ngày Đại hội {date} sau hạn chót", "congress date {date} is after the deadline"),
    "reason_no_recent_report": (
        "{days} ngày chưa có báo cáo mới (gần nhất {date})",
        "no report for {days} days (last on {date})",
    ),
    "reason_missing_round": (
        "chưa gửi báo cáo đợt “{round}” (hạn {date})",
        "has not sent its report for the round “{round}” (due {date})",
    ),
    "reason_inspected_not_done": (
        "đã được kiểm tra ngày {date}, vẫn chưa xong: {items}",
        "inspected on {date}, still not done: {items}",
    ),
    "reason_inspection_disagrees": (
        "đoàn kiểm tra ngày {date} đánh giá khác báo cáo của đơn vị: {items}",
        "the inspection of {date} found otherwise than the unit reports: {items}",
    ),
    "reason_fix_overdue": (
        "quá hạn {date} đoàn kiểm tra yêu cầu hoàn thiện, chưa có báo cáo hoàn thành: {items}",
        "the {date} date the inspection set has passed without a report of these done: {items}",
    ),
    "reason_followup_open": (
        "{count} khó khăn, đề xuất, kiến nghị chưa được trả lời, lâu nhất {days} ngày",
        "{count} difficulties, proposals or recommendations without an answer, the oldest for {days} days",
    ),
    "reason_over_cap": ("{delegates} đại biểu, vượt mức {cap}", "{delegates} delegates, over the cap of {cap}"),
    "difficulties_title": ("Khó khăn, vướng mắc và đề xuất mới nhất", "Latest difficulties and proposals"),
    "difficulties_none": ("Chưa đơn vị nào báo cáo khó khăn.", "No unit has reported difficulties."),
    "col_difficulties": ("Khó khăn, vướng mắc", "Difficulties"),
    "col_proposals": ("Đề xuất, kiến nghị", "Proposals"),
    "col_next_tasks": ("Nhiệm vụ thời gian tới", "Next tasks"),
    # reporting rounds (overview card, chart, reminder, export sheet)
    "round_illustrative": (" (minh họa)", " (illustrative)"),
    "round_title": ("Đợt báo cáo: {round}", "Reporting round: {round}"),
    "round_due_ahead": ("Hạn gửi {date}, còn {days} ngày.", "Due {date}, {days} days from the date viewed."),
    "round_due_today": ("Hạn gửi hôm nay, {date}.", "Due today, {date}."),
    "round_due_past": ("Hạn gửi {date}, đã qua {days} ngày.", "Was due {date}, {days} days ago."),
    "round_on_time": ("Đúng hạn", "On time"),
    "round_late": ("Gửi muộn", "Late"),
    "round_missing": ("Chưa gửi", "Not sent"),
    "round_not_expected": ("Không phải gửi", "Not expected"),
    "round_not_expected_help": (
        "Đơn vị đã tổ chức Đại hội trước hạn gửi thì không phải gửi, và không tính vào tỷ lệ báo cáo.",
        "A unit that held its congress by the due date is not expected to report, and is left out of the rate.",
    ),
    "round_units_list": ("{status}: {units}", "{status}: {units}"),
    "round_all_sent": (
        "Mọi đơn vị phải gửi đã gửi báo cáo đợt này.",
        "Every unit expected has sent its report for this round.",
    ),
    "rounds_chart_title": ("Tỷ lệ báo cáo qua các đợt", "Reporting rate, round by round"),
    "rounds_chart_caption": (
        "Mỗi thanh là một đợt báo cáo, ghi theo hạn gửi; các đoạn là số đơn vị đúng hạn, gửi muộn, chưa gửi, "
        "không phải gửi. Với đợt chưa đến hạn, “chưa gửi” là chưa gửi đến ngày đang xem.",
        "One bar per reporting round, named by its due date; its parts are the units on time, late, not sent and "
        "not expected. For a round not yet due, “not sent” means not sent by the date viewed.",
    ),
    "chart_round_due": ("Hạn {date}", "Due {date}"),
    "reminder_caption": (
        "Lời nhắc các đơn vị chưa gửi: bấm nút sao chép ở góc trên bên phải khung dưới đây (nút hiện ra khi rê chuột "
        "hoặc chạm vào khung), rồi dán vào nhóm Zalo hoặc thư điện tử.",
        "A reminder to the units that have not sent: press the copy button at the top right of the box below (it "
        "shows when you point at or tap the box), then paste it into the Zalo group or an e-mail.",
    ),
    "reminder_before": (
        "Kính gửi: {units}.\nĐể kịp tổng hợp tiến độ chuẩn bị {title}, Ban Chỉ đạo trân trọng đề nghị quý đơn vị "
        "gửi báo cáo đợt “{round}” trước hoặc trong ngày {date}.\nTrân trọng cảm ơn!",
        "To: {units}.\nThe steering committee kindly asks you to send your report for the round “{round}” by "
        "{date}, so that it can compile the progress in preparing the {title} in time.\nThank you!",
    ),
    "reminder_overdue": (
        "Kính gửi: {units}.\nĐến nay Ban Chỉ đạo chưa nhận được báo cáo đợt “{round}” (hạn {date}) về tiến độ "
        "chuẩn bị {title} của quý đơn vị. Trân trọng đề nghị quý đơn vị gửi báo cáo sớm.\nTrân trọng cảm ơn!",
        "To: {units}.\nThe steering committee has not yet received your report for the round “{round}” (due "
        "{date}) on the preparation of the {title}. We kindly ask you to send it soon.\nThank you!",
    ),
    # timeline
    "timeline_title": ("Tiến độ theo thời gian", "Timeline"),
    "timeline_schedule": ("Lịch kiểm tra và ngày Đại hội", "Inspection visits and congress dates"),
    "timeline_schedule_caption": (
        "Mỗi buổi kiểm tra ghi kết quả bằng hình và màu: hình tròn xanh: đạt tất cả; tam giác cam: có nội dung "
        "cần hoàn thiện; dấu ✗ đỏ: có nội dung chưa đạt; ô vuông xám gạch chéo: đã qua ngày kiểm tra mà chưa có "
        "kết quả; ô vuông rỗng: buổi kiểm tra dự kiến. Hình thoi đặc: Đại hội đã tổ chức; hình thoi rỗng: ngày "
        "dự kiến. Vùng xanh: thời gian kiểm tra; nét đứt đỏ: hạn chót; nét chấm: ngày đang xem.",
        "Each inspection visit shows its outcome in shape and colour: blue circle: all met; orange triangle: "
        "something needs work; red ✗: something fails; grey crossed square: the visit's date has passed and no "
        "findings are recorded; open square: a planned visit. Filled diamond: congress held; open diamond: planned "
        "date. Blue band: inspection period; red dashes: deadline; dots: the date viewed.",
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
    "unit_no_visit": ("Chưa có lịch kiểm tra.", "No inspection visit scheduled."),
    "unit_congress": ("Ngày Đại hội: {date} ({state})", "Congress date: {date} ({state})"),
    "unit_no_congress": ("Chưa báo ngày Đại hội.", "No congress date reported."),
    "unit_reports": ("Các lần báo cáo", "Reports"),
    "none_reported": ("(không có)", "(none)"),
    # upload
    "upload_title": ("Cập nhật dữ liệu", "Upload data"),
    "upload_intro": (
        "Tải lên tệp tiến độ (mỗi dòng là một báo cáo của một đơn vị tại một ngày) hoặc tệp lịch kiểm tra, "
        "dạng .xlsx hoặc .csv. Tệp được kiểm tra trước; bạn xem trước thay đổi rồi mới lưu. "
        "Mỗi lần lưu là một phiên bản mới, các phiên bản cũ vẫn được giữ.",
        "Upload a progress file (one row per unit per report date) or an inspection schedule, as .xlsx or .csv. "
        "The file is checked first; you preview the change before saving. Every save is a new version; "
        "earlier versions are kept.",
    ),
    "templates_title": ("Tệp mẫu", "Templates"),
    "template_progress_xlsx": ("Mẫu tiến độ (.xlsx)", "Progress template (.xlsx)"),
    "template_progress_csv": ("Mẫu tiến độ (.csv)", "Progress template (.csv)"),
    "template_schedule_xlsx": ("Mẫu lịch kiểm tra (.xlsx)", "Schedule template (.xlsx)"),
    "template_schedule_csv": ("Mẫu lịch kiểm tra (.csv)", "Schedule template (.csv)"),
    "template_findings_xlsx": ("Mẫu kết quả kiểm tra (.xlsx)", "Findings template (.xlsx)"),
    "template_findings_csv": ("Mẫu kết quả kiểm tra (.csv)", "Findings template (.csv)"),
    # Inside the templates (Vietnamese files: their sheets and the cells' input checks)
    "template_sheet_progress": ("Tiến độ", "Progress"),
    "template_sheet_schedule": ("Lịch kiểm tra", "Inspection schedule"),
    "template_sheet_findings": ("Kết quả kiểm tra", "Inspection findings"),
    "template_sheet_units": ("Đơn vị", "Units"),
    "template_check_status": ("Trạng thái", "Status"),
    "template_check_assessment": ("Kết quả đánh giá", "Assessment"),
    "template_check_choose": ("Chọn một trong: {words}", "Choose one of: {words}"),
    "template_check_date": ("Ngày", "Date"),
    "template_check_date_error": (
        "Nhập ngày dạng ngày/tháng/năm, ví dụ 30/05/2024",
        "Type a date as day/month/year, for example 30/05/2024",
    ),
    "kind_label": ("Loại tệp", "Kind of file"),
    "kind_auto": ("Tự nhận biết", "Detect"),
    "kind_progress": ("Tiến độ", "Progress"),
    "kind_schedule": ("Lịch kiểm tra", "Schedule"),
    "kind_findings": ("Kết quả kiểm tra", "Inspection findings"),
    "kind_restore": ("Khôi phục", "Restore"),
    "kind_remove_sample": ("Xóa dữ liệu minh họa", "Sample data removed"),
    "uploader_label": ("Chọn tệp .xlsx hoặc .csv", "Choose an .xlsx or .csv file"),
    "too_large": (
        "Tệp “{name}” nặng {size} MB, lớn hơn giới hạn {limit} MB. Hãy bỏ các trang tính, ảnh không cần thiết "
        "hoặc chia thành nhiều tệp.",
        "“{name}” is {size} MB, over the {limit} MB limit. Remove sheets and pictures it does not need, "
        "or split it into several files.",
    ),
    "uploader_button": ("Chọn tệp", "Choose a file"),
    "uploader_limit": (
        "hoặc kéo thả tệp vào đây · tối đa {limit} MB · XLSX, CSV",
        "or drop it here · up to {limit} MB · XLSX, CSV",
    ),
    "uploader_help": ("Tệp .xlsx hoặc .csv, tối đa {limit} MB.", "An .xlsx or .csv file of at most {limit} MB."),
    "checking": ("Đang kiểm tra tệp…", "Checking the file…"),
    "previewing": ("Đang so sánh với dữ liệu đã lưu…", "Comparing with the stored data…"),
    "unexpected": (
        "Không đọc được “{name}” vì một lỗi của phần mềm, không phải của tệp. Chưa có gì được lưu. "
        "Hãy gửi tệp này cho quản trị viên.",
        "“{name}” could not be read because of a fault in the software, not in the file. Nothing was "
        "saved. Please send the file to the administrator.",
    ),
    "refused_summary": (
        "Tệp “{name}” chưa được lưu: có {count} lỗi cần sửa. Sửa trong tệp rồi tải lên lại.",
        "“{name}” was not saved: {count} problem(s) to fix. Fix them in the file and upload it again.",
    ),
    "warnings_summary": ("{count} lưu ý (tệp vẫn lưu được):", "{count} warning(s) (the file can still be saved):"),
    "col_row": ("Dòng", "Row"),
    "col_column": ("Cột", "Column"),
    "col_value": ("Giá trị", "Value"),
    "col_message": ("Lỗi", "Problem"),
    "valid_summary": (
        "Tệp hợp lệ: {kind}, {rows} dòng (dòng tiêu đề là dòng {header}).",
        "Valid file: {kind}, {rows} rows (the header is row {header}).",
    ),
    "preview_title": ("Xem trước thay đổi", "Preview of the change"),
    "preview_new": ("Báo cáo mới", "New reports"),
    "preview_changed": ("Ô thay đổi", "Changed cells"),
    "preview_unchanged": ("Dòng không đổi", "Unchanged rows"),
    "preview_untouched": ("Đơn vị không có trong tệp", "Units not in the file"),
    "preview_new_visits": ("Buổi kiểm tra mới", "New visits"),
    "preview_new_findings": ("Kết quả kiểm tra mới", "New findings"),
    "preview_removed_visits": ("Buổi kiểm tra bị bỏ", "Visits dropped"),
    "preview_schedule_note": (
        "Tệp lịch kiểm tra thay thế toàn bộ lịch hiện tại.",
        "A schedule file replaces the whole current schedule.",
    ),
    "preview_sample_aside": (
        "Dữ liệu minh họa đang hiển thị sẽ được gỡ ra trong cùng phiên bản này: số liệu thật không bao giờ trộn với "
        "dữ liệu minh họa. Có thể xem lại dữ liệu minh họa ở trang Lịch sử.",
        "The sample data now shown will be set aside in this same version: real data are never mixed with sample "
        "data. The sample data stay viewable from History.",
    ),
    "preview_nothing": (
        "Tệp này không thay đổi gì so với dữ liệu hiện tại.",
        "This file changes nothing in the current data.",
    ),
    "col_old": ("Cũ", "Old"),
    "col_new": ("Mới", "New"),
    "duplicate_file": (
        "Tệp này (cùng nội dung) đã được lưu ở phiên bản {number} lúc {time}.",
        "This file (same content) was already saved as version {number} at {time}.",
    ),
    "duplicate_confirm": ("Vẫn lưu thành phiên bản mới", "Save it as a new version anyway"),
    "save_button": ("Lưu thành phiên bản mới", "Save as a new version"),
    "saving": ("Đang lưu…", "Saving…"),
    "saved": (
        "Đã lưu phiên bản {number}: {added} báo cáo mới, {changed} báo cáo thay đổi.",
        "Saved version {number}: {added} new reports, {changed} changed.",
    ),
    "saved_schedule": (
        "Đã lưu phiên bản {number}: lịch kiểm tra có {added} buổi kiểm tra mới hoặc sửa, {changed} buổi bỏ khỏi lịch.",
        "Saved version {number}: the schedule has {added} new or changed visits, {changed} visits dropped.",
    ),
    "saved_findings": (
        "Đã lưu phiên bản {number}: kết quả của {added} buổi kiểm tra mới, {changed} buổi sửa.",
        "Saved version {number}: findings of {added} new visits, {changed} corrected.",
    ),
    "saved_sample_aside": (
        " Dữ liệu minh họa đã được gỡ ra.",
        " The sample data were set aside.",
    ),
    "login_needed": ("Cần đăng nhập tài khoản biên tập để lưu.", "Log in as an editor to save."),
    "login_title": ("Đăng nhập biên tập viên", "Editor login"),
    "login_name": ("Tên tài khoản", "Account name"),
    "login_password": ("Mật khẩu", "Password"),
    "login_button": ("Đăng nhập", "Log in"),
    "login_ended": (
        "Phiên đăng nhập đã kết thúc (đăng xuất ở thẻ hoặc máy khác, hết hạn, hoặc mật khẩu đã được đặt lại). "
        "Đăng nhập lại để tiếp tục.",
        "The login has ended (logged out in another tab or on another device, expired, or the password was reset). "
        "Log in again to go on.",
    ),
    "login_wrong": ("Sai tên tài khoản hoặc mật khẩu.", "Wrong account name or password."),
    # An account refused (auth.AuthError: the command line says both languages)
    "account_bad_name": ("Tên tài khoản phải có 1–64 ký tự in được", "the name must be 1-64 printable characters"),
    "account_short_password": (
        "Mật khẩu cần ít nhất {count} ký tự",
        "the password needs at least {count} characters",
    ),
    "account_file_unreadable": ("Không đọc được tệp tài khoản", "cannot read the accounts file"),
    "login_wait": (
        "Đã nhập sai nhiều lần. Thử lại sau {seconds} giây.",
        "Too many wrong tries. Try again in {seconds} s.",
    ),
    "login_busy": (
        "Máy chủ đang kiểm tra nhiều lượt đăng nhập. Hãy thử lại sau vài giây.",
        "The server is checking many logins. Try again in a few seconds.",
    ),
    "logged_in_as": ("Đang đăng nhập: **{name}**", "Logged in as **{name}**"),
    "logout": ("Đăng xuất", "Log out"),
    "no_editors": (
        "Chưa có tài khoản biên tập nào, nên chưa ai lưu được dữ liệu. Người quản trị tạo tài khoản bằng lệnh:",
        "No editor account exists yet, so nobody can save data. An administrator creates one with:",
    ),
    "remove_sample_title": ("Xóa dữ liệu minh họa", "Remove the sample data"),
    "remove_sample_text": (
        "Khi đã có số liệu thật, xóa dữ liệu minh họa khỏi bảng điều khiển. Việc xóa cũng là một phiên bản: "
        "có thể khôi phục ở trang Lịch sử.",
        "Once real data arrive, remove the sample data from the dashboard. Removing it is a version too: "
        "it can be restored from History.",
    ),
    "remove_sample_confirm": ("Tôi muốn xóa dữ liệu minh họa", "I want to remove the sample data"),
    "remove_sample_button": ("Xóa dữ liệu minh họa", "Remove sample data"),
    "removed_sample": ("Đã xóa dữ liệu minh họa (phiên bản {number}).", "Sample data removed (version {number})."),
    # follow-ups
    "followups_title": ("Theo dõi khó khăn, đề xuất, kiến nghị", "Following difficulties and proposals"),
    "followups_intro": (
        "Mỗi khó khăn, đề xuất của đơn vị và kiến nghị của đoàn kiểm tra là một mục cần theo dõi đến khi có câu trả "
        "lời. Cùng một nội dung nêu lại ở báo cáo sau vẫn là một mục; “Không”, “Không có” không phải mục.",
        "Each difficulty and proposal a unit raises, and each recommendation of an inspection, is an item to follow "
        "until it is answered. The same text raised again is the same item; “Không” (none) is not an item.",
    ),
    "followups_none": (
        "Chưa có khó khăn, đề xuất hay kiến nghị nào tính đến ngày này.",
        "No difficulty, proposal or recommendation as of this date.",
    ),
    "followups_filter_status": ("Trạng thái xử lý", "Handling status"),
    "followups_filter_source": ("Nguồn", "Source"),
    "followups_sort": ("Sắp xếp", "Sort"),
    "followups_sort_oldest": ("Chờ lâu nhất trước", "Waiting longest first"),
    "followups_sort_unit": ("Theo đơn vị", "By unit"),
    "followups_count": ("{shown} / {total} mục", "{shown} of {total} items"),
    "followups_pick": ("Chọn một mục để xem lịch sử xử lý", "Pick an item to see how it was handled"),
    "followups_history": ("Lịch sử xử lý", "Handling history"),
    "followups_history_none": ("Mục này chưa được xử lý lần nào.", "Nobody has handled this item yet."),
    "followups_answer_title": ("Cập nhật xử lý", "Record the handling"),
    "followups_owner": ("Cơ quan, người xử lý", "Handled by"),
    "followups_response": ("Nội dung trả lời", "Answer"),
    "followups_response_date": ("Ngày trả lời", "Date of the answer"),
    "followups_ref": ("Số công văn trả lời", "Answering document's number"),
    "followups_save": ("Lưu thành phiên bản mới", "Save as a new version"),
    "followups_saved": ("Đã lưu xử lý (phiên bản {number}).", "Handling saved (version {number})."),
    "followups_overview": ("Khó khăn, kiến nghị chờ trả lời", "Difficulties and proposals waiting for an answer"),
    "followups_overview_none": ("Không có mục nào đang chờ trả lời.", "Nothing is waiting for an answer."),
    "followups_open_col": ("Đang chờ", "Waiting"),
    "followups_oldest_col": ("Lâu nhất (ngày)", "Oldest (days)"),
    "col_source": ("Nguồn", "Source"),
    "col_text": ("Nội dung", "Text"),
    "col_first_raised": ("Nêu lần đầu", "First raised"),
    "col_last_raised": ("Nêu gần nhất", "Last raised"),
    "col_age": ("Số ngày", "Days"),
    "col_status": ("Trạng thái", "Status"),
    "col_came_back": ("Nêu lại sau trả lời", "Raised again"),
    "source_difficulty": ("Khó khăn, vướng mắc", "Difficulty"),
    "source_proposal": ("Đề xuất, kiến nghị của đơn vị", "Unit's proposal"),
    "source_recommendation": ("Kiến nghị của đoàn kiểm tra", "Inspection's recommendation"),
    "fstatus_open": ("Mới", "New"),
    "fstatus_in_hand": ("Đang xử lý", "In hand"),
    "fstatus_answered": ("Đã trả lời", "Answered"),
    "fstatus_no_action": ("Không cần xử lý", "No action needed"),
    "kind_answer": ("Xử lý kiến nghị", "Follow-up handled"),
    "change_answer": ("xử lý một mục theo dõi", "handling of one follow-up item"),
    # quick edit
    "edit_title": ("Sửa nhanh báo cáo", "Quick edit"),
    "edit_intro": (
        "Sửa báo cáo của một đơn vị mà không cần lập tệp: biểu mẫu điền sẵn báo cáo mới nhất tính đến ngày "
        "báo cáo đã chọn. Thay đổi được kiểm tra, xem trước và lưu thành phiên bản mới như một tệp tải lên.",
        "Correct a unit's report without making a file: the form holds its latest report as of the chosen "
        "report date. The change is checked, previewed and saved as a new version, as an uploaded file is.",
    ),
    "edit_unit_placeholder": ("Chọn đơn vị", "Pick a unit"),
    "edit_pick_unit": ("Chọn đơn vị để mở biểu mẫu.", "Pick a unit to open the form."),
    "edit_date": ("Ngày báo cáo", "Report date"),
    "edit_date_help": (
        "Đã có báo cáo ngày này thì báo cáo đó được sửa; chưa có thì lưu thành báo cáo mới.",
        "A report already on this date is corrected; otherwise a new report is saved.",
    ),
    "edit_source_same": ("Đang sửa báo cáo ngày {date}.", "Correcting the report of {date}."),
    "edit_source_earlier": (
        "Chưa có báo cáo ngày {date}: biểu mẫu điền sẵn báo cáo ngày {source}, lưu sẽ thành báo cáo mới.",
        "No report on {date} yet: the form holds the report of {source}; saving makes a new report.",
    ),
    "edit_source_none": (
        "Đơn vị chưa có báo cáo nào đến ngày {date}: biểu mẫu để trống, lưu sẽ thành báo cáo mới.",
        "The unit has no report by {date}: the form starts empty; saving makes a new report.",
    ),
    "edit_version_note": (
        "Giá trị điền sẵn lấy từ dữ liệu sau phiên bản {number}; phần xem trước so với dữ liệu hiện tại.",
        "The values come from the data after version {number}; the preview compares with the current data.",
    ),
    "edit_statuses": ("Trạng thái các nội dung", "Checklist items"),
    "edit_details": ("Đại hội và nội dung báo cáo", "Congress and report texts"),
    "edit_delegates_help": (
        "Số nguyên, ví dụ 120. Để trống nếu chưa có.",
        "A whole number such as 120. Leave it empty if not known.",
    ),
    "edit_refused": (
        "Chưa lưu được: có {count} lỗi cần sửa trong biểu mẫu.",
        "Not saved: {count} problem(s) to fix in the form.",
    ),
    "edit_compare": ("So với báo cáo ngày {date}", "Against the report of {date}"),
    "edit_compare_none": ("Báo cáo đầu tiên của đơn vị", "The unit's first report"),
    "edit_whole_report": ("Toàn bộ báo cáo sẽ lưu", "The whole report to be saved"),
    "edit_nothing": (
        "Biểu mẫu chưa thay đổi gì so với báo cáo đã lưu.",
        "The form changes nothing in the stored report.",
    ),
    "edit_save": ("Lưu thay đổi", "Save the change"),
    "edit_stale": (
        "Biểu mẫu vừa thay đổi sau lần xem trước nên chưa lưu. Xem lại phần xem trước rồi bấm lưu lần nữa.",
        "The form changed after the preview, so nothing was saved. Check the preview and save again.",
    ),
    "edit_saved_new": (
        "Đã lưu phiên bản {number}: báo cáo mới của {unit} ngày {date}. {cells}",
        "Saved version {number}: a new report of {unit} for {date}. {cells}",
    ),
    "edit_saved_changed": (
        "Đã lưu phiên bản {number}: đã sửa báo cáo của {unit} ngày {date}. {cells}",
        "Saved version {number}: the report of {unit} for {date} corrected. {cells}",
    ),
    "edit_saved_same": ("Giống báo cáo trước.", "The same as the previous report."),
    "edit_empty_form": ("Biểu mẫu để trống.", "The form is empty."),
    # history
    "history_title": ("Lịch sử phiên bản", "Version history"),
    "history_intro": (
        "Mỗi lần lưu tệp, khôi phục hoặc xóa dữ liệu minh họa là một phiên bản. Không phiên bản nào bị xóa.",
        "Every saved file, restore or sample removal is a version. No version is ever deleted.",
    ),
    "history_empty": ("Chưa có phiên bản nào.", "No version yet."),
    "col_version": ("Phiên bản", "Version"),
    "col_time": ("Thời gian", "Time"),
    "col_author": ("Người lưu", "Saved by"),
    "col_file": ("Tệp", "File"),
    "col_kind": ("Loại", "Kind"),
    "col_rows": ("Số dòng", "Rows"),
    "col_change": ("Thay đổi", "What changed"),
    "change_progress": ("{added} báo cáo mới, {changed} báo cáo sửa", "{added} new reports, {changed} changed"),
    "change_schedule": (
        "{added} buổi kiểm tra mới hoặc sửa, {changed} buổi bỏ khỏi lịch",
        "{added} visits new or changed, {changed} dropped from the schedule",
    ),
    "change_findings": (
        "kết quả {added} buổi kiểm tra mới, {changed} buổi sửa",
        "findings of {added} new visits, {changed} corrected",
    ),
    "change_restore": (
        "{added} dòng đưa trở lại, {changed} dòng thay ra",
        "{added} rows brought back, {changed} replaced",
    ),
    "change_remove_sample": ("{changed} dòng minh họa gỡ ra", "{changed} sample rows set aside"),
    "change_sample_aside": ("; dữ liệu minh họa gỡ ra", "; sample data set aside"),
    "col_sample": ("Minh họa", "Sample"),
    "pick_version": ("Chọn phiên bản", "Pick a version"),
    "download_original": ("Tải tệp gốc đã tải lên", "Download the original file"),
    "no_original": (
        "Phiên bản này không có tệp gốc (khôi phục hoặc xóa minh họa).",
        "This version has no uploaded file (a restore or a sample removal).",
    ),
    "view_version": ("Xem bảng điều khiển như sau phiên bản {number}", "View the dashboard as after version {number}"),
    "restore_title": ("Khôi phục", "Restore"),
    "restore_text": (
        "Tạo một phiên bản mới có nội dung giống hệt sau phiên bản {number}. Các phiên bản sau đó vẫn được giữ.",
        "Make a new version whose content equals the data after version {number}. Later versions are kept.",
    ),
    "restore_confirm": ("Tôi muốn khôi phục phiên bản {number}", "I want to restore version {number}"),
    "restore_button": ("Khôi phục", "Restore"),
    "restored": ("Đã khôi phục: phiên bản mới {number}.", "Restored as the new version {number}."),
    "restored_from": ("khôi phục từ phiên bản {number}", "restored from version {number}"),
    "time_zone": ("giờ Việt Nam", "Vietnam time"),
    # export
    "export_title": ("Xuất báo cáo", "Export"),
    "export_intro": (
        "Tải về đúng những gì đang xem: các đơn vị và nội dung theo bộ lọc, số liệu tính đến ngày {date}.",
        "Download what you see: the units and items of the filter, data as of {date}.",
    ),
    "export_state": ("Tình hình các đơn vị", "The units' state"),
    "export_state_caption": (
        "Mỗi đơn vị một dòng: báo cáo mới nhất tính đến ngày đã chọn.",
        "One row per unit: its latest report as of the chosen date.",
    ),
    "export_history": ("Toàn bộ các lần báo cáo", "Every report"),
    "export_history_caption": (
        "Mỗi báo cáo một dòng, mọi ngày báo cáo (không chỉ đến ngày đã chọn), của các đơn vị và nội dung theo bộ "
        "lọc, kèm lịch kiểm tra và tình hình gửi báo cáo theo từng đợt tính đến ngày đã chọn (tệp Excel).",
        "One row per report, every report date (not only up to the chosen date), for the units and items of the "
        "filter, with the inspection schedule and who reported for each round as of the chosen date (Excel file).",
    ),
    "export_report": ("Báo cáo bằng văn bản (.docx)", "Written reports (.docx)"),
    "export_report_caption": (
        "Dự thảo báo cáo theo thể thức Nghị định 30/2020/NĐ-CP, viết từ số liệu tính đến ngày {date}, cho các đơn "
        "vị và nội dung theo bộ lọc; mở bằng Word để chỉnh sửa, ký và gửi.",
        "Draft reports in the Decree 30/2020 layout, written from the data as of {date}, for the units and items "
        "of the filter; open them in Word to edit, sign and send.",
    ),
    "download_xlsx": ("Tải Excel (.xlsx)", "Download Excel (.xlsx)"),
    "download_csv": ("Tải CSV", "Download CSV"),
    "download_docx": ("Tải báo cáo tiến độ (.docx)", "Download the progress report (.docx)"),
    "download_failed": (
        "Không tạo được tệp “{name}” do một lỗi của phần mềm ({kind}); dữ liệu không bị ảnh hưởng. Hãy thử lại; "
        "nếu vẫn lỗi, báo cho quản trị viên.",
        "The file “{name}” could not be made because of a fault in the software ({kind}); the data are unaffected. "
        "Try again; if it fails again, tell the administrator.",
    ),
    "preparing": ("Đang chuẩn bị tệp…", "Preparing the file…"),
    # unit accounts (permissions: what a unit's office may do; History's origin column)
    "logged_in_as_unit": (
        "Đang đăng nhập: **{name}** (tài khoản của đơn vị {unit})",
        "Logged in as **{name}** (account of {unit})",
    ),
    "province_only": (
        "Việc này do Tỉnh thực hiện: tài khoản của đơn vị {unit} chỉ gửi báo cáo của đơn vị mình.",
        "The province does this: the account of {unit} sends its own unit's reports only.",
    ),
    "province_only_restore": (
        "Tài khoản của đơn vị {unit} không khôi phục được phiên bản: việc này do Tỉnh thực hiện.",
        "The account of {unit} cannot restore a version: the province does that.",
    ),
    "province_only_remove_sample": (
        "Dữ liệu minh họa do Tỉnh xóa; tài khoản của đơn vị {unit} không xóa được.",
        "The province removes the sample data; the account of {unit} cannot.",
    ),
    "province_only_answer": (
        "Tài khoản của đơn vị {unit} chỉ xem được việc xử lý kiến nghị; câu trả lời do Tỉnh ghi.",
        "The account of {unit} can read how items are handled; the province records the answers.",
    ),
    "province_only_findings": (
        "Tài khoản của đơn vị {unit} không nhập được kết quả kiểm tra: việc này do đoàn kiểm tra của Tỉnh thực hiện.",
        "The account of {unit} cannot enter inspection findings: the province's inspection team does that.",
    ),
    "province_only_schedule": (
        "Tài khoản của đơn vị {unit} không thay được lịch kiểm tra: lịch do Tỉnh cập nhật.",
        "The account of {unit} cannot replace the inspection schedule: the province keeps it.",
    ),
    "unit_upload_note": (
        "Tài khoản của đơn vị {unit}: gửi được báo cáo tiến độ của {unit}; tệp có dòng của đơn vị khác sẽ bị từ "
        "chối (lịch kiểm tra và kết quả kiểm tra do Tỉnh cập nhật).",
        "Account of {unit}: it sends {unit}'s progress reports; a file with a row of another unit is refused "
        "(the province uploads the schedule and the findings).",
    ),
    "edit_unit_note": (
        "Tài khoản của đơn vị {unit}: chỉ sửa được báo cáo của {unit}.",
        "Account of {unit}: it edits {unit}'s reports only.",
    ),
    "col_origin": ("Nguồn", "Origin"),
    "origin_unit": ("Đơn vị: {unit}", "Unit: {unit}"),
    "origin_province": ("Tỉnh", "Province"),
    # reports: the two written reports on the Export page
    "report_progress_caption": (
        "**Báo cáo tiến độ**, theo báo cáo của các đơn vị: tình hình chung, trạng thái từng nội dung của từng đơn "
        "vị, các đơn vị cần đôn đốc, khó khăn, kiến nghị và kết quả giải quyết, nhiệm vụ thời gian tới.",
        "**Progress report**, as the units report it: the overall picture, each unit's status of each item, the "
        "units to urge, difficulties and proposals and what was done about them, the tasks ahead.",
    ),
    "report_findings_caption": (
        "**Báo cáo kết quả kiểm tra**: đánh giá của Đoàn kiểm tra về từng nội dung tại từng đơn vị, nhận xét và "
        "kiến nghị của Đoàn, bảng tổng hợp đơn vị × nội dung, khó khăn, kiến nghị của các đơn vị và kết quả giải "
        "quyết.",
        "**Inspection results report**: the inspection team's assessment of each item at each unit, its remarks "
        "and recommendations, a table of units × items, the units' difficulties and proposals and what was done "
        "about them.",
    ),
    "report_findings_none": (
        "Chưa có kết quả kiểm tra nào tính đến ngày {date}: báo cáo ghi “Chưa có kết quả kiểm tra” cho từng đơn vị.",
        "No inspection findings as of {date} yet: the report says so for each unit.",
    ),
    "download_findings_docx": ("Tải báo cáo kết quả kiểm tra (.docx)", "Download the inspection results (.docx)"),
    # findings entered in a form (entry): pages/8_findings.py, the forms shared with quick edit
    "nav_findings": ("Nhập kết quả kiểm tra", "Enter inspection findings"),
    "form_to_overview": ("Xem trên trang Tổng quan", "See it on the overview"),
    "edit_new": ("Báo cáo mới", "New report"),
    "fe_title": ("Nhập kết quả kiểm tra", "Enter inspection findings"),
    "fe_intro": (
        "Ghi kết quả một buổi kiểm tra ngay sau khi kiểm tra: chọn đơn vị và buổi kiểm tra, đánh giá từng nội "
        "dung, ghi nhận xét và kiến nghị của đoàn. Kết quả được kiểm tra, xem trước và lưu thành phiên bản mới "
        "như một tệp kết quả kiểm tra tải lên; chọn lại buổi đã lưu để sửa.",
        "Record a visit's findings right after the visit: pick the unit and the visit, assess each item, write "
        "the team's remarks and recommendations. The findings are checked, previewed and saved as a new version, "
        "as an uploaded findings file is; pick a saved visit again to correct it.",
    ),
    "fe_unit_placeholder": ("Chọn đơn vị được kiểm tra", "Pick the unit inspected"),
    "fe_pick_unit": ("Chọn đơn vị để mở biểu mẫu.", "Pick a unit to open the form."),
    "fe_visit": ("Buổi kiểm tra", "Visit"),
    "fe_visit_help": (
        "Các buổi theo lịch kiểm tra ở trên cùng, rồi các buổi đã có kết quả; buổi ngoài lịch thì chọn “Ngày khác”.",
        "Planned visits come first, then visits with findings saved; for a visit not in the schedule pick "
        "“Another date”.",
    ),
    "fe_visit_planned": ("theo lịch", "planned"),
    "fe_visit_recorded": ("đã có kết quả", "findings saved"),
    "fe_visit_other": ("Ngày khác…", "Another date…"),
    "fe_date": ("Ngày kiểm tra", "Inspection date"),
    "fe_no_schedule": (
        "Đơn vị chưa có buổi kiểm tra nào trong lịch: chọn ngày kiểm tra.",
        "The unit has no visit in the schedule: pick the inspection date.",
    ),
    "fe_source_same": (
        "Đang sửa kết quả buổi kiểm tra ngày {date}.",
        "Correcting the findings of the visit of {date}.",
    ),
    "fe_source_none": (
        "Chưa có kết quả buổi kiểm tra ngày {date}: biểu mẫu để trống, lưu sẽ thành kết quả mới.",
        "No findings for the visit of {date} yet: the form starts empty; saving records new findings.",
    ),
    "fe_held": (
        "Đơn vị đã tổ chức Đại hội ngày {date}; kết quả kiểm tra vẫn được ghi nhận.",
        "The unit held its congress on {date}; findings are recorded all the same.",
    ),
    "fe_assessments": ("Đánh giá của đoàn", "The team's assessment"),
    "fe_assessments_help": (
        "Đạt, Cần hoàn thiện hoặc Chưa đạt; “Chưa đánh giá” nếu đoàn chưa xem nội dung này.",
        "Meets, Needs work or Fails; “Not assessed” if the team did not look at this item.",
    ),
    "fe_details": ("Nhận xét, kiến nghị", "Remarks and recommendations"),
    "fe_fix_by_help": (
        "Ngày đơn vị phải thực hiện xong các kiến nghị. Để trống nếu không đặt hạn.",
        "The date by which the unit must act on the recommendations. Leave it empty if none is set.",
    ),
    "fe_refused": (
        "Chưa lưu được: có {count} lỗi cần sửa trong biểu mẫu.",
        "Not saved: {count} problem(s) to fix in the form.",
    ),
    "fe_new": ("Kết quả kiểm tra mới", "New findings"),
    "fe_compare": ("So với kết quả ngày {date}", "Against the findings of {date}"),
    "fe_compare_none": ("Buổi kiểm tra chưa có kết quả", "The visit's first findings"),
    "fe_whole_report": ("Toàn bộ kết quả sẽ lưu", "The whole findings to be saved"),
    "fe_nothing": (
        "Biểu mẫu chưa thay đổi gì so với kết quả đã lưu.",
        "The form changes nothing in the stored findings.",
    ),
    "fe_save": ("Lưu kết quả kiểm tra", "Save the findings"),
    "fe_stale": (
        "Biểu mẫu vừa thay đổi sau lần xem trước nên chưa lưu. Xem lại phần xem trước rồi bấm lưu lần nữa.",
        "The form changed after the preview, so nothing was saved. Check the preview and save again.",
    ),
    "fe_saved_new": (
        "Đã lưu phiên bản {number}: kết quả kiểm tra {unit} ngày {date}. {cells}",
        "Saved version {number}: the findings of the visit to {unit} on {date}. {cells}",
    ),
    "fe_saved_changed": (
        "Đã lưu phiên bản {number}: đã sửa kết quả kiểm tra {unit} ngày {date}. {cells}",
        "Saved version {number}: the findings of the visit to {unit} on {date} corrected. {cells}",
    ),
    "fe_saved_same": ("Giống kết quả đã lưu.", "The same as the stored findings."),
    "fe_empty_form": ("Biểu mẫu để trống.", "The form is empty."),
    # charts: a visit's outcome on the Timeline (metrics.VISIT_OUTCOMES)
    "chart_visit_meets": ("Kiểm tra: đạt tất cả", "Visit: all met"),
    "chart_visit_needs_work": ("Kiểm tra: cần hoàn thiện", "Visit: needs work"),
    "chart_visit_fails": ("Kiểm tra: có nội dung chưa đạt", "Visit: something fails"),
    "chart_visit_no_findings": ("Kiểm tra: chưa có kết quả", "Visit: no findings yet"),
    "chart_visit_planned": ("Kiểm tra (dự kiến)", "Visit (planned)"),
    # unit page: inspection results beside self-reports; steering-committee members (unitpage)
    "filter_member": ("Đơn vị do thành viên BCĐ theo dõi", "Units followed by"),
    "filter_member_all": ("Mọi thành viên Ban Chỉ đạo", "Any steering-committee member"),
    "filter_member_none": (
        "Không có đơn vị nào vừa nằm trong các đơn vị đã chọn vừa do {member} theo dõi. Hãy bỏ bớt đơn vị đã chọn "
        "hoặc chọn thành viên khác trong bộ lọc.",
        "No unit is both among the units picked and followed by {member}. Remove units from the filter or pick "
        "another member.",
    ),
    "member_follows": ("{title}; theo dõi: {units}", "{title}; follows: {units}"),
    "member_illustrative": (
        " (phân công minh họa, không phải Quyết định 78/QĐ-BCĐ)",
        " (illustrative assignment, not Decision 78/QĐ-BCĐ)",
    ),
    "unit_members": (
        "Thành viên Ban Chỉ đạo theo dõi: {members}",
        "Steering-committee members following it: {members}",
    ),
    "unit_members_none": (
        "Chưa phân công thành viên Ban Chỉ đạo theo dõi đơn vị này.",
        "No steering-committee member is assigned to follow this unit.",
    ),
    "visits_title": ("Kết quả kiểm tra", "Inspection results"),
    "visits_caption": (
        "Mỗi buổi kiểm tra: đánh giá của đoàn từng nội dung, bên cạnh trạng thái đơn vị tự báo cáo trong báo cáo "
        "gần nhất đến ngày kiểm tra. ⚠ Khác: đánh giá của đoàn khác với báo cáo của đơn vị.",
        "Each visit: the team's assessment of each item, beside the status the unit reported itself in its latest "
        "report up to the visit. ⚠ Differs: the team's assessment differs from the unit's report.",
    ),
    "visit_heading": ("Kiểm tra ngày {date}", "Visit of {date}"),
    "visit_lead": ("Trưởng đoàn: {lead}", "Team lead: {lead}"),
    "visit_team": ("Thành viên đoàn: {members}", "Team members: {members}"),
    "visit_venue": ("Địa điểm: {venue}", "Venue: {venue}"),
    "visit_planned": (
        "Dự kiến kiểm tra (chưa đến ngày, tính đến ngày đang xem).",
        "Planned (not yet due as of the date viewed).",
    ),
    "visit_no_findings": (
        "Đã qua ngày kiểm tra nhưng chưa có kết quả kiểm tra. Người nhập liệu tải tệp kết quả kiểm tra ở trang "
        "Cập nhật dữ liệu.",
        "The visit's date has passed but no findings are recorded. An editor uploads the findings file on the "
        "Upload page.",
    ),
    "visit_unscheduled": (
        "Kết quả cho một ngày không có trong lịch kiểm tra.",
        "Findings for a date that is not in the inspection schedule.",
    ),
    "visit_self_report": (
        "Đơn vị tự báo cáo: báo cáo ngày {date}.",
        "The unit's own report: the report of {date}.",
    ),
    "visit_no_self_report": (
        "Đơn vị chưa gửi báo cáo nào đến ngày kiểm tra.",
        "The unit had sent no report by the visit.",
    ),
    "visit_col_item": ("Nội dung", "Item"),
    "visit_col_team_found": ("Đoàn đánh giá", "Team found"),
    "visit_col_unit_says": ("Đơn vị báo cáo", "Unit reports"),
    "visit_col_compare": ("Đối chiếu", "Compared"),
    "visit_differs": ("⚠ Khác", "⚠ Differs"),
    "visit_agrees": ("= Khớp", "= Agrees"),
    "visits_none_recorded": (
        "Chưa có kết quả kiểm tra nào của đơn vị này. Sau mỗi buổi kiểm tra, người nhập liệu tải tệp kết quả kiểm "
        "tra (Đơn vị, Ngày kiểm tra, đánh giá từng nội dung, nhận xét, kiến nghị) ở trang Cập nhật dữ liệu.",
        "No inspection findings are recorded for this unit. After each visit, an editor uploads the findings file "
        "(unit, visit date, each item's assessment, remarks, recommendations) on the Upload page.",
    ),
    # phone, languages, accessibility (issue 15)
    "card_no_congress_date": ("Chưa có ngày Đại hội", "No congress date yet"),
    "card_no_report": ("Chưa có báo cáo", "No report yet"),
    "cards_caption": (
        "Mỗi đơn vị một thẻ: năm nội dung (ký hiệu và chữ) và lý do cần chú ý, nếu có.",
        "One card per unit: the items (symbol and word) and why it needs attention, if it does.",
    ),
    # Streamlit's own accessible names (1.67 has no parameter for them): a script puts these in
    # their place (ui_look.style); "{}" is the rest of the name (a widget's label)
    "a11y_skip": ("Chuyển đến nội dung chính", "Skip to main content"),
    "a11y_help_for": ("Trợ giúp về {}", "Help for {}"),
    "a11y_upload": ("Tải lên {}", "Upload {}"),
    "a11y_remove": ("Bỏ {}", "Remove {}"),
    "a11y_clear_value": ("Xóa giá trị", "Clear value"),
    "a11y_clear_all": ("Bỏ hết", "Clear all"),
    "a11y_choose_date": ("Chọn ngày", "Choose date"),
    "a11y_previous_month": ("Tháng trước", "Previous month"),
    "a11y_next_month": ("Tháng sau", "Next month"),
    "a11y_selected_values": ("Các giá trị đã chọn", "Selected values"),
    "a11y_sidebar": ("Thanh bên", "Sidebar"),
    "a11y_main_menu": ("Trình đơn chính", "Main menu"),
    "a11y_app_pages": ("Các trang", "App pages"),
    "a11y_file_upload": ("tải tệp lên", "file upload"),
    "a11y_running": ("Đang chạy...", "Running..."),
    "a11y_collapse_sidebar": ("Thu gọn thanh bên", "Collapse sidebar"),
    "a11y_expand_sidebar": ("Mở thanh bên", "Expand sidebar"),
    "a11y_open": ("Mở danh sách", "Open"),
    "a11y_close": ("Đóng", "Close"),
    "a11y_day": ("ngày, {}", "day, {}"),
    "a11y_month": ("tháng, {}", "month, {}"),
    "a11y_year": ("năm, {}", "year, {}"),
    "a11y_heading_link": ("Liên kết đến mục này", "Link to heading"),
    "a11y_progress": ("tiến độ", "progress"),
    "a11y_columns": ("Hiện/ẩn cột", "Show/hide columns"),
    "a11y_download_csv": ("Tải CSV", "Download as CSV"),
    "a11y_search": ("Tìm kiếm", "Search"),
    "a11y_fullscreen": ("Toàn màn hình", "Fullscreen"),
    "a11y_dismiss": ("Đóng danh sách", "Dismiss"),
    # Plotly's own texts (its mode bar's two buttons, its notices), given to Plotly.js as a
    # dictionary for its "vi" locale (ui.plotly_config); the English is Plotly's own
    "plotly_download_png": ("Tải biểu đồ về (ảnh PNG)", "Download plot as a PNG"),
    "plotly_download": ("Tải biểu đồ về", "Download plot"),
    "plotly_preparing": ("Đang chuẩn bị ảnh, xin chờ vài giây", "Preparing image - this may take a few seconds"),
    "plotly_downloaded": ("Đã tải ảnh về", "Image download succeeded"),
    "plotly_download_failed": ("Không tải được ảnh về.", "Sorry, there was a problem downloading your image!"),
    "plotly_reset_axes": ("Về khung nhìn ban đầu", "Reset axes"),
    "plotly_zoom_out": ("Nhấp đúp để về khung nhìn ban đầu", "Double-click to zoom back out"),
    "plotly_file_name": ("bieu-do-dtts", "dtts-chart"),
}


def t(key: str, lang: str, **params) -> str:
    """The text ``key`` in ``lang`` ("vi" or "en"), with ``params`` filled in."""
    vi, en = TEXTS[key]
    template = en if lang == "en" else vi
    return template.format(**params) if params else template


def both(key: str, **params) -> str:
    """The text ``key`` in both languages, "vi / en": what the command line says (it does not
    know its reader's language)."""
    return f"{t(key, 'vi', **params)} / {t(key, 'en', **params)}"


VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")  # the committee's time (the tz database's, not a fixed offset)


def fmt_time(iso_utc: str) -> str:
    """A stored UTC time as dd/mm/yyyy HH:MM in Vietnam time."""
    moment = dt.datetime.fromisoformat(iso_utc.replace("Z", "+00:00")).astimezone(VIETNAM)
    return moment.strftime("%d/%m/%Y %H:%M")
