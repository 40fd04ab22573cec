"""validate.map_headers: which header of a file holds each column, on its own."""

import pandas as pd

from dtts_dashboard.schema import PROGRESS
from dtts_dashboard.validate import map_headers


def codes(problems) -> list[tuple[str, str | None]]:
    return [(p.code, p.header) for p in problems]


def test_headers_map_to_columns_whatever_their_spelling(campaign):
    frame = pd.DataFrame(columns=["STT", "ngay bao cao", "Đơn vị", "Ngày Đại hội"])
    mapping, errors, warnings = map_headers(frame, campaign, PROGRESS)
    assert mapping == {"report_date": "ngay bao cao", "unit": "Đơn vị", "congress_date": "Ngày Đại hội"}
    assert errors == [] and warnings == []  # "STT" is a row number: ignored


def test_an_unknown_header_and_a_second_header_of_a_column_are_warnings(campaign):
    frame = pd.DataFrame(columns=["Ngày báo cáo", "Đơn vị", "Ghi chú", "huyện"])
    mapping, errors, warnings = map_headers(frame, campaign, PROGRESS)
    assert mapping["unit"] == "Đơn vị"  # the first header holds the column
    assert codes(warnings) == [("unknown_column", "Ghi chú"), ("duplicate_column", "huyện")]
    assert errors == []


def test_a_required_column_missing_is_an_error_and_an_empty_hash_column_is_ignored(campaign):
    frame = pd.DataFrame({"Đơn vị": ["Mai Châu"], "# ghi chú": [""], "# khác": ["x"]})
    mapping, errors, warnings = map_headers(frame, campaign, PROGRESS)
    assert mapping == {"unit": "Đơn vị"}
    assert [(p.code, p.column) for p in errors] == [("missing_column", "report_date")]
    assert codes(warnings) == [("unknown_column", "# khác")]
