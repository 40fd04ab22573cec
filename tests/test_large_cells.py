"""A CSV cell over 128 KB (the csv module's default limit), near the top of the file or in a
ragged row further down, is refused for what it is (a cell longer than a cell may be, with
its row and column): never "no header row", never "a fault of the software"."""

from __future__ import annotations

import streamlit as st
from streamlit.testing.v1 import AppTest

from dtts_dashboard.i18n import t
from dtts_dashboard.problems import InputError
from dtts_dashboard.validate import check_file

from .conftest import ROOT

BIG = "Thiếu kinh phí tổ chức. " * 9000  # about 220 KB of UTF-8
HEADER = 'Ngày báo cáo,Đơn vị,Dự thảo Kịch bản,"Khó khăn, vướng mắc"\r\n'
NEAR_THE_TOP = (HEADER + f'21/06/2024,Mai Châu,Hoàn thành,"{BIG}"\r\n').encode()
# The header is found in the first 256 KB; the big cell comes after, in a row with a cell
# too many (which sends the body to the slower reader that copes with ragged rows).
RAGGED = (
    HEADER
    + "".join(f"{day:02d}/06/2024,Mai Châu,Đang thực hiện,{'Chờ ý kiến. ' * 1000}\r\n" for day in range(1, 26))
    + f'26/06/2024,Mai Châu,Hoàn thành,"{BIG}",ghi chú thừa\r\n'
).encode()


def read(data: bytes, campaign):
    try:
        return check_file(data, "tien-do.csv", campaign)
    except InputError as refused:
        return refused


def test_a_cell_over_128_kb_near_the_top_is_read(campaign):
    outcome = read(NEAR_THE_TOP, campaign)
    if isinstance(outcome, InputError):  # refused, then for the cell and where it is, not for the header
        assert [(p.code, p.row, p.header) for p in outcome.problems] == [("cell_too_long", 2, "Khó khăn, vướng mắc")], (
            outcome.problems
        )
    else:
        assert outcome.records["difficulties"].iat[0] == BIG.strip()
        assert outcome.records["script"].iat[0] == "done"


def test_a_ragged_row_with_a_large_quoted_cell_is_read(campaign):
    outcome = read(RAGGED, campaign)
    if isinstance(outcome, InputError):
        assert {p.row for p in outcome.problems} == {27}, outcome.problems
    else:
        assert outcome.rows == 26
        assert outcome.records["difficulties"].iat[-1] == BIG.strip()
        assert [p.code for p in outcome.warnings] == ["unknown_column"]


def test_the_upload_page_does_not_call_it_a_fault_of_the_software(db):
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/3_upload.py").run()
    at.file_uploader[0].set_value(("tien-do.csv", RAGGED, "text/csv"))
    at.run()
    assert not at.exception
    fault = t("unexpected", "vi", name="tien-do.csv").split(",")[0]
    assert not [e.value for e in at.error if e.value.startswith(fault)]
    assert at.success or at.error  # checked: valid, or refused for what is in the file
