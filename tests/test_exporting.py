"""Exports and the report: open every generated file and check content and formatting."""

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest
from docx import Document

from dtts_dashboard import exporting, metrics, report
from dtts_dashboard.store import Store
from dtts_dashboard.validate import check_file

AS_OF = dt.date(2024, 6, 5)


@pytest.fixture
def store(db, campaign):
    store = Store(db, campaign)
    store.load_sample_if_empty()
    return store


@pytest.mark.parametrize("text", ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", '=HYPERLINK("http://x")'])
def test_csv_cells_beginning_with_a_formula_character_are_inert(text):
    data = exporting.to_csv_bytes(pd.DataFrame({"Khó khăn": [text]}))
    cell = data.decode("utf-8-sig").splitlines()[1].strip('"')
    assert cell[0] not in "=+-@\t\r"


def test_a_bullet_still_reads_naturally_in_csv():
    data = exporting.to_csv_bytes(pd.DataFrame({"Khó khăn": ["- thiếu kinh phí", "+ thiếu xe"]}))
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[1] == "– thiếu kinh phí" and lines[2] == "– thiếu xe"
    assert data.startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("text", ["=1+2", "- thiếu kinh phí", "@x", "+1"])
def test_xlsx_text_cells_are_text_with_a_quote_prefix(text):
    data = exporting.to_xlsx_bytes([("S", pd.DataFrame({"A": [text]}), set())])
    cell = openpyxl.load_workbook(io.BytesIO(data)).active["A2"]
    assert cell.data_type == "s" and cell.value == text and cell.quotePrefix


def test_state_xlsx_formatting_and_numbers(store, campaign):
    state = metrics.unit_state(store.reports(), campaign, AS_OF)
    frame, dates = exporting.state_table(state, campaign)
    book = openpyxl.load_workbook(io.BytesIO(exporting.to_xlsx_bytes([("Tình hình", frame, dates)])))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Đơn vị", "Ngày báo cáo", "Triển khai văn bản chỉ đạo"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet["A2"].font.name == "Times New Roman" and sheet["A1"].font.bold
    assert isinstance(sheet["B2"].value, dt.datetime) and sheet["B2"].number_format == "dd/mm/yyyy"
    assert sheet.column_dimensions["A"].width >= len("Thành phố Hòa Bình")
    scripts = [sheet.cell(row=r, column=header.index("Dự thảo Kịch bản") + 1).value for r in range(2, 12)]
    assert scripts.count("Hoàn thành") == int((state["script"] == "done").sum())
    assert [sheet.cell(row=r, column=1).value for r in range(2, 12)] == campaign.unit_names


def test_templates_are_readable_and_guide_the_clerk(campaign):
    for kind in ("progress", "schedule"):
        data = exporting.template_xlsx(campaign, kind)
        assert check_file(data, "mau.xlsx", campaign).kind == kind
        assert check_file(exporting.template_csv(campaign, kind), "mau.csv", campaign).kind == kind
    sheet = openpyxl.load_workbook(io.BytesIO(exporting.template_xlsx(campaign, "progress"))).worksheets[0]
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert any("Hoàn thành" in (v.formula1 or "") for v in lists)
    assert sheet["A3"].number_format == "dd/mm/yyyy"


def test_export_command_writes_xlsx_and_csv(store, campaign, tmp_path):
    xlsx = exporting.export_to_path(tmp_path / "x.xlsx", as_of="2024-06-05", units=["Da Bac", "Mai Châu"])
    book = openpyxl.load_workbook(xlsx)
    assert [s.title for s in book.worksheets] == [
        "Tình hình 05-06-2024",
        "Các lần báo cáo",
        "Lịch kiểm tra",
        "Đợt báo cáo đến 05-06-2024",
        "Theo dõi kiến nghị",
    ]
    assert book.worksheets[4].max_row > 1  # the sample's difficulties and proposals, each an item
    assert [c.value for c in book.worksheets[0]["A"]][1:] == ["Đà Bắc", "Mai Châu"]
    rounds = [[c.value for c in row] for row in book.worksheets[3].iter_rows()]
    assert rounds[0][3] == "Báo cáo tuần 2 (minh họa), hạn 11/06/2024"  # opened on 4/6, due after the 5/6 viewed
    assert [row[:4] for row in rounds[1:]] == [
        ["Đà Bắc", "Đúng hạn", "Đúng hạn", "Chưa gửi"],
        ["Mai Châu", "Đúng hạn", "Đúng hạn", "Chưa gửi"],
    ]
    csv = exporting.export_to_path(tmp_path / "x.csv")
    assert len(csv.read_bytes().decode("utf-8-sig").splitlines()) == 11
    with pytest.raises(ValueError):
        exporting.export_to_path(tmp_path / "x.pdf")


def test_report_docx_layout_and_numbers(store, campaign):
    data = report.report_docx(store.reports(), store.schedule(), campaign, AS_OF, sample=True)
    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    mm = {k: round(getattr(section, f"{k}_margin").mm, 1) for k in ("top", "bottom", "left", "right")}
    assert 20 <= mm["top"] <= 25 and 20 <= mm["bottom"] <= 25
    assert 30 <= mm["left"] <= 35 and 15 <= mm["right"] <= 20
    header_text = "\n".join(c.text for c in doc.tables[0].rows[0].cells)
    for expected in ("UBND TỈNH HÒA BÌNH", "BAN DÂN TỘC", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Hòa Bình, ngày 05 tháng 6 năm 2024"):  # fmt: skip
        assert expected in header_text
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in body and "DỮ LIỆU MINH HỌA" in body
    state = metrics.unit_state(store.reports(), campaign, AS_OF)
    done = int((state["script"] == "done").sum())
    assert f"Dự thảo Kịch bản: {done}/10 đơn vị hoàn thành." in body
    assert "Đà Bắc (báo cáo ngày 03/06/2024):" in body
    units_table = doc.tables[1]
    assert [r.cells[1].text for r in units_table.rows[1:]] == campaign.unit_names
    fonts = {r.font.name for p in doc.paragraphs for r in p.runs if r.text.strip()}
    assert fonts == {"Times New Roman"}
    sizes = {r.font.size.pt for p in doc.paragraphs for r in p.runs if r.text.strip()}
    assert sizes <= {12, 13, 14}
    assert "Nơi nhận:" in "\n".join(c.text for c in doc.tables[2].rows[0].cells)


def test_date_line_follows_decree_30():
    assert report.date_line("Hòa Bình", dt.date(2024, 6, 5)) == "Hòa Bình, ngày 05 tháng 6 năm 2024"
    assert report.date_line("Hòa Bình", dt.date(2024, 2, 15)) == "Hòa Bình, ngày 15 tháng 02 năm 2024"


def test_the_report_follows_the_filters(store, campaign):
    data = report.report_docx(
        store.reports(), store.schedule(), campaign, AS_OF, sample=True, units=["Đà Bắc", "Mai Châu"], items=["script"]
    )
    doc = Document(io.BytesIO(data))
    table = doc.tables[1]
    assert [r.cells[1].text for r in table.rows[1:]] == ["Đà Bắc", "Mai Châu"]
    assert [c.text for c in table.rows[0].cells] == ["TT", "Đơn vị", "Dự thảo Kịch bản", "Ngày Đại hội"]
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Có 2/2 đơn vị" in body and "Phạm vi báo cáo: các đơn vị Đà Bắc, Mai Châu" in body
    assert "Dự thảo Văn kiện:" not in body and "Cao Phong" not in body


def test_sample_rows_are_marked_and_english_sheets_are_named_in_english(store, campaign, tmp_path):
    state = metrics.unit_state(store.reports(), campaign, AS_OF)
    frame, _ = exporting.state_table(state, campaign)
    assert set(frame["Dữ liệu minh họa"]) == {"Minh họa"}
    sheets = exporting.history_sheets(store.reports(), store.schedule(), campaign, None, None, "en")
    assert [title for title, _, _ in sheets] == ["Reports", "Inspection schedule", "Rounds as of 14-06-2024"]
    assert all(set(sheet["Sample data"]) == {"Illustrative"} for _, sheet, _ in sheets)
    assert exporting.state_sheet_title(AS_OF, "en") == "State 05-06-2024"
    store.remove_sample("lan")
    store.import_file("Ngày báo cáo,Đơn vị,Dự thảo Kịch bản\r\n05/06/2024,Mai Châu,x\r\n".encode(), "a.csv", "lan")
    real, _ = exporting.state_table(metrics.unit_state(store.reports(), campaign, AS_OF), campaign)
    assert "Dữ liệu minh họa" not in real.columns


def test_the_workbook_has_each_units_status_per_round_in_words(store, campaign, tmp_path):
    day = dt.date(2024, 6, 12)
    units = ["Mai Châu", "Kim Bôi"]
    sheets = exporting.history_sheets(store.reports(), store.schedule(), campaign, units, None, "vi", as_of=day)
    title, frame, _ = sheets[-1]
    assert title == "Đợt báo cáo đến 12-06-2024"
    assert list(frame["Đơn vị"]) == ["Kim Bôi", "Mai Châu"]
    assert list(frame.columns[1:5]) == [
        "Báo cáo phục vụ kiểm tra (minh họa), hạn 28/05/2024",
        "Báo cáo tuần 1 (minh họa), hạn 04/06/2024",
        "Báo cáo tuần 2 (minh họa), hạn 11/06/2024",
        "Báo cáo tuần 3 (minh họa), hạn 18/06/2024",
    ]  # the rounds opened by 12/6; week 4 opens on 18/6
    rows = frame.set_index("Đơn vị")
    assert rows.loc["Mai Châu"].tolist()[:4] == ["Đúng hạn", "Đúng hạn", "Chưa gửi", "Chưa gửi"]
    assert rows.loc["Kim Bôi"].tolist()[2:4] == ["Đúng hạn", "Không phải gửi"]
    english = exporting.rounds_table(store.reports(), campaign, dt.date(2024, 6, 14), ["Mai Châu"], "en")
    assert english.loc[0, "Weekly report 2 (illustrative), due 11/06/2024"] == "Late"
    # the written workbook has the sheet, and the export command writes it too
    book = openpyxl.load_workbook(io.BytesIO(exporting.to_xlsx_bytes(sheets)))
    assert book.sheetnames[-1] == title and book[title]["D3"].value == "Chưa gửi"
    import dataclasses

    bare = dataclasses.replace(campaign, rounds=())
    assert len(exporting.history_sheets(store.reports(), store.schedule(), bare, None, None)) == 2


def test_the_written_report_chases_a_unit_that_missed_the_last_round(store, campaign):
    data = report.report_docx(store.reports(), store.schedule(), campaign, dt.date(2024, 6, 12), sample=True)
    lines = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    mai = next(line for line in lines if line.startswith("- Mai Châu:"))
    assert "chưa gửi báo cáo đợt “Báo cáo tuần 2 (minh họa)” (hạn 11/06/2024)" in mai
    assert not any("chưa gửi báo cáo đợt" in line for line in lines if not line.startswith("- Mai Châu:"))
