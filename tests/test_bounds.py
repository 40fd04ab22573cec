"""Bounded work for any input: files beyond the limits of ``dtts_dashboard.limits`` are
refused with their own problem, and checking a hostile file keeps the memory it takes low.

Each hostile file is checked in a child process (``python -m dtts_dashboard.hostile``),
whose peak resident memory is measured; memory is asserted, never time."""

import os
import tomllib

import pytest

from dtts_dashboard import hostile, limits, settings
from dtts_dashboard.problems import InputError
from dtts_dashboard.validate import check_file

from .conftest import ROOT

BOUND_MB = 300  # above the child's idle memory; the old reader took 0.8-4.2 GB for these


def child(tmp_path, name: str, data: bytes, **env) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    return hostile.check_in_child(path, env={**os.environ, **env} if env else None)


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        ("xfd_cells.xlsx", lambda: hostile.xfd_xlsx(), "too_many_columns"),
        ("xfd_cells_undeclared.xlsx", lambda: hostile.xfd_xlsx(declared=False), "too_many_columns"),
        ("rows_1048576.xlsx", lambda: hostile.tall_xlsx(), "too_many_rows"),
        ("columns_100000.csv", lambda: hostile.wide_csv(), "too_many_columns"),
    ],
)
def test_hostile_file_is_refused_in_bounded_memory(tmp_path, name, make, code):
    measured = child(tmp_path, name, make())
    assert measured["code"] == code
    assert measured["above_idle_mb"] < BOUND_MB


def test_a_tall_sheet_that_does_not_declare_its_size_stops_at_the_limit(tmp_path):
    measured = child(tmp_path, "tall.xlsx", hostile.tall_xlsx(rows=5000, declared=False), DTTS_MAX_ROWS="1000")
    assert measured["code"] == "too_many_rows"


def test_a_file_within_the_limits_is_still_read(tmp_path):
    measured = child(tmp_path, "tall.xlsx", hostile.tall_xlsx(rows=5000, declared=False), DTTS_MAX_ROWS="10000")
    assert measured["code"] not in ("too_many_rows", "too_many_columns", "too_many_cells")


def refused(data: bytes, name: str, campaign) -> list[tuple]:
    with pytest.raises(InputError) as caught:
        check_file(data, name, campaign)
    problem = caught.value.problems[0]
    assert problem.message("vi") and problem.message("en") and "{" not in problem.message("en")
    return [(p.code, p.row) for p in caught.value.problems]


HEADER = "Ngày báo cáo,Đơn vị,Dự thảo Kịch bản\n"
LINE = "30/5/2024,Cao Phong,Hoàn thành\n"


def test_csv_rows_beyond_the_limit(campaign, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 100)
    data = (HEADER + LINE * 120).encode()
    assert refused(data, "x.csv", campaign) == [("too_many_rows", None)]
    monkeypatch.setattr(limits, "MAX_ROWS", 200)
    with pytest.raises(InputError) as caught:  # read, then refused for the repeated report only
        check_file(data, "x.csv", campaign)
    assert {p.code for p in caught.value.problems} == {"duplicate_report"}


def test_csv_cells_beyond_the_limit(campaign, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS", 100)
    assert refused((HEADER + LINE * 40).encode(), "x.csv", campaign) == [("too_many_cells", None)]


def test_a_ragged_csv_row_wider_than_the_limit(campaign):
    wide = "30/5/2024,Lạc Sơn," + ",".join(["1"] * (limits.MAX_COLUMNS + 10)) + "\n"
    assert refused((HEADER + LINE + wide).encode(), "x.csv", campaign) == [("too_many_columns", 3)]


def test_a_ragged_csv_counts_its_rows_padded_to_the_widest(campaign, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS", 100)
    wide = "30/5/2024,Lạc Sơn," + ",".join(["1"] * 18) + "\n"  # 20 cells under a header of 3
    assert refused((HEADER + LINE * 10 + wide).encode(), "x.csv", campaign) == [("too_many_cells", None)]


@pytest.mark.parametrize("name", ["x.csv", "x.xlsx"])
def test_a_cell_longer_than_excel_allows(campaign, name):
    long = "thiếu kinh phí " * 3000  # 45,000 characters
    if name.endswith(".csv"):
        data = ("Ngày báo cáo,Đơn vị,Khó khăn\n" + LINE + f"31/5/2024,Đà Bắc,{long}\n").encode()
    else:
        rows = "".join(
            f'<row r="{row}">'
            + "".join(f'<c r="{col}{row}" t="inlineStr"><is><t>{text}</t></is></c>' for col, text in zip("ABC", texts))
            + "</row>"
            for row, texts in ((1, ("Ngày báo cáo", "Đơn vị", "Khó khăn")), (2, ("30/5/2024", "Đà Bắc", long)))
        )
        data = hostile.xlsx_of_sheet(rows)
    assert refused(data, name, campaign) == [("cell_too_long", 3 if name.endswith(".csv") else 2)]


def test_the_server_refuses_what_the_app_refuses():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == settings.BY_NAME["DTTS_MAX_UPLOAD_MB"].default


def header_row() -> str:
    return '<row r="1"><c r="A1" t="inlineStr"><is><t>Ngày báo cáo</t></is></c><c r="B1" t="inlineStr"><is><t>Đơn vị</t></is></c></row>'


def test_stray_data_far_down_a_sheet_counts_every_row_above_it(campaign, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS", 1000)
    data = hostile.xlsx_of_sheet(header_row() + '<row r="900"><c r="B900"><v>1</v></c></row>')
    assert refused(data, "x.xlsx", campaign) == [("too_many_cells", None)]


def test_a_row_number_repeated_counts_as_another_row(campaign, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 20)
    data = hostile.xlsx_of_sheet(header_row() + '<row r="2"><c r="A2"><v>1</v></c></row>' * 50)
    assert refused(data, "x.xlsx", campaign) == [("too_many_rows", None)]


def test_shared_strings_beyond_their_cap_are_not_loaded(campaign, monkeypatch):
    import io
    import zipfile

    from dtts_dashboard import reader

    monkeypatch.setattr(reader, "MAX_XLSX_SHARED_STRINGS", 10_000)
    out = io.BytesIO(hostile.xlsx_of_sheet(header_row()))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        strings = "".join(f"<si><t>{i:x}</t></si>" for i in range(2000))
        archive.writestr(
            "xl/sharedStrings.xml",
            f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{strings}</sst>',
        )
    assert refused(out.getvalue(), "x.xlsx", campaign) == [("zip_bomb", None)]
