"""One test walks every quirky file in tests/data: what must be read is read, what must be
refused is refused with the right problem at the right row and column."""

from pathlib import Path

import pytest

from dtts_dashboard.problems import InputError
from dtts_dashboard.validate import check_file

DATA = Path(__file__).resolve().parent / "data"

# The three rows every progress quirk file holds (see make_quirks.py), as records.
BASE = [
    {"report_date": "2024-05-30", "unit": "Cao Phong", "directives": "done", "organization": "done",
     "documents": "in_progress", "programme": "not_started", "script": None, "congress_date": "2024-06-14",
     "delegates": 110, "next_tasks": "Hoàn thiện dự thảo", "difficulties": "Thiếu kinh phí",
     "proposals": "Đề nghị hỗ trợ"},
    {"report_date": "2024-05-30", "unit": "Lạc Thủy", "directives": "done", "organization": "in_progress",
     "documents": "not_started", "programme": "not_started", "script": "not_started",
     "congress_date": "2024-06-12", "delegates": None, "next_tasks": None, "difficulties": None, "proposals": None},
    {"report_date": "2024-05-31", "unit": "Thành phố Hòa Bình", "directives": "done", "organization": "done",
     "documents": "done", "programme": "in_progress", "script": "in_progress", "congress_date": "2024-06-20",
     "delegates": 120, "next_tasks": None, "difficulties": "- thiếu kinh phí", "proposals": None},
]  # fmt: skip

# The two rows of the findings quirk file, as records.
FINDINGS = [
    {"unit": "Cao Phong", "inspection_date": "2024-06-03", "directives": "meets", "organization": "meets",
     "documents": "needs_work", "programme": "fails", "script": None, "remarks": "Đã triển khai đầy đủ",
     "recommendations": "Hoàn thiện dự thảo Chương trình", "fix_by": "2024-06-10"},
    {"unit": "Đà Bắc", "inspection_date": "2024-06-11", "directives": "meets", "organization": "meets",
     "documents": "needs_work", "programme": "fails", "script": "fails", "remarks": None, "recommendations": None,
     "fix_by": None},
]  # fmt: skip

# file -> (kind, rows, warning codes)
READ = {
    "utf8_bom_comma.csv": ("progress", BASE, []),
    "utf8_semicolon.csv": ("progress", BASE, []),
    "utf16_tab_excel_unicode_text.csv": ("progress", BASE, []),
    "utf16le_no_bom_tab.csv": ("progress", BASE, []),
    "cp1258_semicolon.csv": ("progress", BASE, []),
    "keys_as_headers.csv": ("progress", BASE, []),
    "headers_without_diacritics_upper.csv": ("progress", BASE, []),
    "nfd_old_tone_marks.csv": ("progress", BASE, []),
    "title_rows_semicolon.csv": ("progress", BASE, []),
    "two_header_rows.csv": ("progress", BASE, []),
    "two_header_rows_merged.xlsx": ("progress", None, []),
    "stt_and_unknown_column.csv": ("progress", BASE, ["unknown_column"]),
    "delegates_over_cap_warning.csv": ("progress", None, ["over_cap"]),
    "unit_prefixes_and_no_diacritics.csv": ("progress", None, []),
    "date_formats.csv": ("progress", None, []),
    "status_synonyms.csv": ("progress", None, []),
    "title_rows_merged_date_cells.xlsx": ("progress", None, []),
    "schedule_semicolon.csv": ("schedule", None, []),
    "schedule_date_cells.xlsx": ("schedule", None, []),
    "findings_no_diacritics.csv": ("findings", FINDINGS, []),
    "findings_date_cells.xlsx": ("findings", None, []),
}

# file -> list of (code, row, column)
REFUSED = {
    "refused_empty.csv": [("empty", None, None)],
    "refused_image.png": [("binary", None, None)],
    "refused_random_bytes.csv": [("binary", None, None)],
    "refused_truncated.xlsx": [("broken_xlsx", None, None)],
    "refused_old_xls.xls": [("xls", None, None)],
    "refused_not_a_table.csv": [("no_header", None, None)],
    "refused_unknown_unit.csv": [("unknown_unit", 2, "unit")],
    "refused_unknown_status.csv": [("unknown_status", 3, "documents")],
    "refused_impossible_date.csv": [("bad_date", 4, "report_date")],
    "refused_empty_required_cell.csv": [("empty_required", 3, "unit")],
    "refused_missing_unit_column.csv": [("missing_column", None, "unit")],
    "refused_duplicate_report.csv": [("duplicate_report", 5, "report_date")],
    "refused_no_data_rows.csv": [("no_rows", None, None)],
    "refused_unknown_assessment.csv": [("unknown_assessment", 3, "documents")],
    "refused_duplicate_finding.csv": [("duplicate_finding", 4, "inspection_date")],
    "refused_total_and_signature_rows.csv": [("footer_row", 5, "unit"), ("footer_row", 6, "unit")],
    "refused_several_problems.xlsx": [
        ("unknown_unit", 3, "unit"),
        ("unknown_status", 4, "programme"),
        ("bad_date", 5, "congress_date"),
    ],
}


def test_every_file_in_tests_data_is_covered():
    files = {p.name for p in DATA.iterdir() if p.is_file() and p.suffix != ".py"}
    assert files == set(READ) | set(REFUSED)


@pytest.mark.parametrize("name", sorted(READ))
def test_file_is_read(name, campaign):
    kind, expected, warning_codes = READ[name]
    checked = check_file((DATA / name).read_bytes(), name, campaign)
    assert checked.kind == kind
    assert [w.code for w in checked.warnings] == warning_codes
    if expected is not None:
        assert checked.plain().drop(columns=["row"]).to_dict(orient="records") == expected


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_file_is_refused_with_every_problem(name, campaign):
    with pytest.raises(InputError) as refused:
        check_file((DATA / name).read_bytes(), name, campaign)
    got = [(p.code, p.row, p.column) for p in refused.value.problems]
    assert got == REFUSED[name]
    for problem in refused.value.problems:
        assert problem.message("vi") and problem.message("en")
        assert "{" not in problem.message("vi")


def test_prefixes_and_missing_diacritics_give_canonical_units(campaign):
    name = "unit_prefixes_and_no_diacritics.csv"
    records = check_file((DATA / name).read_bytes(), name, campaign).records
    assert list(records["unit"]) == ["Cao Phong", "Lạc Thủy", "Thành phố Hòa Bình", "Đà Bắc", "Đà Bắc",
                                     "Thành phố Hòa Bình"]  # fmt: skip


def test_date_formats_are_day_first(campaign):
    name = "date_formats.csv"
    records = check_file((DATA / name).read_bytes(), name, campaign).records
    assert list(records["report_date"]) == ["2024-05-30", "2024-05-30", "2024-06-03", "2024-05-30", "2024-05-31"]


def test_status_synonyms(campaign):
    name = "status_synonyms.csv"
    records = check_file((DATA / name).read_bytes(), name, campaign).records
    items = ["directives", "organization", "documents", "programme", "script"]
    got = [list(r) for r in records[items].itertuples(index=False)]
    assert got == [
        ["not_started", "in_progress", "done", "done", "done"],
        ["done", "not_started", "in_progress", "done", "done"],
        ["not_started", "done", "done", "in_progress", "not_started"],
    ]


def test_xlsx_date_cells_and_numeric_statuses(campaign):
    name = "title_rows_merged_date_cells.xlsx"
    checked = check_file((DATA / name).read_bytes(), name, campaign)
    first = checked.plain().iloc[0]
    assert first["report_date"] == "2024-05-30"
    assert first["congress_date"] == "2024-06-14"
    assert [first[k] for k in ("directives", "organization", "documents", "programme", "script")] == [
        "done", "done", "in_progress", "not_started", None]  # fmt: skip
    assert list(checked.records["row"]) == [5, 6, 7]
    assert checked.detected.header_row == 4


def test_unknown_unit_suggests_but_never_corrects(campaign):
    name = "refused_unknown_unit.csv"
    with pytest.raises(InputError) as refused:
        check_file((DATA / name).read_bytes(), name, campaign)
    message = refused.value.problems[0].message("vi")
    assert "Cao Phog" in message and "Có phải “Cao Phong”?" in message


def test_kind_can_be_forced(campaign):
    name = "schedule_semicolon.csv"
    with pytest.raises(InputError) as refused:
        check_file((DATA / name).read_bytes(), name, campaign, kind="progress")
    assert {p.code for p in refused.value.problems} == {"missing_column"}


def test_sample_data_is_valid(campaign):
    root = DATA.parent.parent / "data" / "sample"
    progress = check_file((root / "progress.csv").read_bytes(), "progress.csv", campaign)
    schedule = check_file((root / "schedule.csv").read_bytes(), "schedule.csv", campaign)
    assert set(progress.records["unit"]) == set(campaign.unit_names)
    assert set(schedule.records["unit"]) == set(campaign.unit_names)
    kim_boi = progress.records[progress.records["unit"] == "Kim Bôi"]
    assert set(kim_boi["congress_date"]) == {"2024-05-16"}


def test_a_date_far_from_the_campaign_is_a_warning(campaign):
    data = "Ngày báo cáo,Đơn vị,Ngày Đại hội\r\n30/5/2024,Cao Phong,14/6/2042\r\n".encode()
    checked = check_file(data, "nam-sai.csv", campaign)
    assert [(w.code, w.row, w.column, w.value) for w in checked.warnings] == [
        ("far_date", 2, "congress_date", "14/06/2042")]  # fmt: skip


def test_a_name_that_fits_two_units_is_refused_as_ambiguous(campaign):
    from dataclasses import replace

    from dtts_dashboard.campaign import Unit

    two = replace(campaign, units=(*campaign.units, Unit("Lác Sơn", "huyện")))
    data = "Ngày báo cáo,Đơn vị\r\n30/5/2024,Lac Son\r\n30/5/2024,Lạc Sơn\r\n".encode()
    with pytest.raises(InputError) as refused:
        check_file(data, "a.csv", two)
    assert [(p.code, p.row) for p in refused.value.problems] == [("ambiguous_unit", 2)]
    assert "Lác Sơn, Lạc Sơn" in refused.value.problems[0].message("vi")


def test_blank_lines_keep_row_numbers(campaign):
    data = "Ngày báo cáo;Đơn vị\r\n30/5/2024;Cao Phong\r\n\r\n;;\r\n30/5/2024;Cao Phog\r\n".encode()
    with pytest.raises(InputError) as refused:
        check_file(data, "a.csv", campaign)
    assert [(p.code, p.row) for p in refused.value.problems] == [("unknown_unit", 5)]


def test_two_header_rows_with_merged_cells(campaign):
    name = "two_header_rows_merged.xlsx"
    checked = check_file((DATA / name).read_bytes(), name, campaign)
    assert checked.detected.header_row == 3
    assert list(checked.records["row"]) == [4, 5, 6]
    first = checked.plain().iloc[0]
    assert (first["unit"], first["report_date"], first["documents"], first["congress_date"]) == (
        "Cao Phong", "2024-05-30", "in_progress", "2024-06-14")  # fmt: skip


@pytest.mark.parametrize("typed, iso", [
    ("ngày 30 tháng 5 năm 2024", "2024-05-30"), ("30 tháng 05 năm 2024", "2024-05-30"),
    ("Ngày 3 tháng 6, năm 2024", "2024-06-03"), ("30/5/24", "2024-05-30"), (" 2024-05-30 ", "2024-05-30"),
])  # fmt: skip
def test_dates_as_clerks_type_them(typed, iso):
    from dtts_dashboard.validate import parse_date

    assert parse_date(typed).isoformat() == iso


@pytest.mark.parametrize("typed", ["ngày 31 tháng 6 năm 2024", "30 tháng 5", "tháng 5 năm 2024", "5/2024"])
def test_impossible_or_partial_dates(typed):
    from dtts_dashboard.validate import parse_date

    assert parse_date(typed) is None


@pytest.mark.parametrize(
    "typed, key", [("Hoàn thành.", "done"), ("đang thực hiện;", "in_progress"), ("Chưa.", "not_started")]
)
def test_status_with_a_trailing_full_stop(typed, key):
    from dtts_dashboard.schema import parse_status

    assert parse_status(typed) == key


def test_windows_1258_past_the_part_looked_at_first(campaign):
    """The header and the first ~300 KB are plain ASCII (so look like UTF-8); the first
    Vietnamese letter comes later, in Windows-1258: the whole file is read as Windows-1258."""
    import datetime as dt

    from dtts_dashboard.reader import HEAD_BYTES

    from .data.make_quirks import cp1258

    header = cp1258("Ngay bao cao;Don vi;Kho khan, vuong mac\r\n")
    count = HEAD_BYTES // 5000 + 10
    days = [dt.date(2024, 4, 1) + dt.timedelta(days=i) for i in range(count)]
    filler = b"".join(cp1258(f"{d:%d/%m/%Y};Cao Phong;{'x' * 5000}\r\n") for d in days)
    late = cp1258("31/5/2024;Lạc Thủy;Thiếu kinh phí\r\n")
    checked = check_file(header + filler + late, "cp1258.csv", campaign)
    assert checked.detected.encoding == "cp1258"
    last = checked.plain().iloc[-1]
    assert (last["row"], last["unit"], last["difficulties"]) == (count + 2, "Lạc Thủy", "Thiếu kinh phí")


def test_a_quoted_delimiter_in_the_first_row(campaign):
    data = ('Ngày báo cáo,Đơn vị,"Khó khăn, vướng mắc"\r\n'
            '30/5/2024,Cao Phong,"Thiếu kinh phí, thiếu người"\r\n31/5/2024,Lạc Thủy,\r\n').encode()  # fmt: skip
    checked = check_file(data, "a.csv", campaign)
    assert checked.plain()["difficulties"].tolist() == ["Thiếu kinh phí, thiếu người", None]


def test_records_hold_each_parsed_value_once(campaign):
    """Three spellings of one unit are one unit in the records, stored once."""
    data = "Ngày báo cáo;Đơn vị\r\n30/5/2024;Da Bac\r\n31/5/2024;Đà Bắc\r\n1/6/2024;huyện Đà Bắc\r\n".encode()
    records = check_file(data, "a.csv", campaign).records
    assert list(records["unit"].cat.categories) == ["Đà Bắc"]
    assert list(records["unit"]) == ["Đà Bắc"] * 3
    assert list(records["report_date"]) == ["2024-05-30", "2024-05-31", "2024-06-01"]
