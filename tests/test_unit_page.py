"""The Unit page's inspection results beside the unit's own reports, the steering-committee
members following a unit, and the sidebar's "units followed by" filter (AppTest)."""

from urllib.parse import unquote_plus

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dtts_dashboard import tables, visits
from dtts_dashboard.campaign import load_campaign
from dtts_dashboard.store import Store
from dtts_dashboard.ui_address import PAGES

from .conftest import ROOT


@pytest.fixture
def app(db):
    st.cache_data.clear()
    st.cache_resource.clear()

    def make(**params) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        return at

    return make


def text_of(at) -> str:
    kinds = ("markdown", "caption", "info", "warning", "success", "title", "header", "subheader", "text")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def unit_page(at, unit: str) -> AppTest:
    """Move to the Unit page and pick ``unit`` there (the page's own choice, not a shared filter)."""
    at.switch_page("pages/2_unit.py").run()
    assert not at.exception
    at.selectbox(key="unit").set_value(unit).run()
    assert not at.exception
    return at


def visit_tables(at) -> list:
    return [t.value for t in at.table]


# --- the "units followed by" filter ------------------------------------------------------


def link_queries(at) -> list[str]:
    """The query strings of the sidebar's navigation links (what a click on them opens)."""
    return [unquote_plus(link.proto.query_string) for link in at.get("page_link")]


def test_the_member_filter_narrows_the_units_and_its_links_carry_it(app, campaign):
    at = app().run()
    at.selectbox(key="member").set_value("Hoàng Văn E").run()
    assert not at.exception
    assert list(at.dataframe[0].value["Đơn vị"]) == list(campaign.member("Hoàng Văn E").units)
    captions = " ".join(c.value for c in at.caption)
    assert "theo dõi" in captions and "minh họa" in captions
    # every page's link in the sidebar opens the same view
    assert len([q for q in link_queries(at) if "member=Hoàng Văn E" in q]) == len(PAGES)


def test_the_member_from_the_address_survives_page_switches_and_combines_with_units(app, campaign):
    at = app(member="hoang van e", units=["Kim Bôi", "Đà Bắc"]).run()  # typed without diacritics
    assert not at.exception
    assert at.selectbox(key="member").value == "Hoàng Văn E"
    assert at.query_params.get("member") in ("Hoàng Văn E", ["Hoàng Văn E"])  # the address corrected
    assert list(at.dataframe[0].value["Đơn vị"]) == ["Kim Bôi"]  # both filters: the intersection
    at.switch_page("pages/1_timeline.py").run()
    assert not at.exception
    assert at.selectbox(key="member").value == "Hoàng Văn E"
    assert at.query_params.get("member") in ("Hoàng Văn E", ["Hoàng Văn E"])
    at.switch_page("pages/2_unit.py").run()
    assert not at.exception
    assert at.selectbox(key="member").value == "Hoàng Văn E"
    assert at.selectbox(key="unit").options == ["Kim Bôi"]


def test_the_member_filter_in_english_and_cleared(app, campaign):
    at = app(member="Trần Thị B", lang="en").run()
    assert not at.exception
    assert at.selectbox(key="member").label == "Units followed by"
    assert "follows: Đà Bắc, Mai Châu" in " ".join(c.value for c in at.caption).replace("\\", "")
    assert "illustrative" in " ".join(c.value for c in at.caption)
    assert list(at.dataframe[0].value["Unit"]) == ["Đà Bắc", "Mai Châu"]
    at.selectbox(key="member").set_value(None).run()
    assert len(at.dataframe[0].value) == len(campaign.unit_names)
    assert not any("member=" in query for query in link_queries(at))


def test_a_member_and_units_with_nothing_in_common_say_what_to_do(app):
    at = app(member="Trần Thị B", units=["Kim Bôi"]).run()
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    assert "Trần Thị B" in warning and "bỏ bớt đơn vị" in warning
    assert not at.dataframe  # the page stops: no empty table that looks like "every unit"


def test_a_link_naming_no_member_says_so(app, campaign):
    at = app(member="Ai Đó").run()
    assert not at.exception
    assert any("Ai Đó" in w.value for w in at.warning)
    assert len(at.dataframe[0].value) == len(campaign.unit_names)


# --- the Unit page: each visit's findings beside the unit's own report ------------------------


def test_unit_page_shows_each_visit_beside_the_units_own_report(app):
    at = unit_page(app().run(), "Tân Lạc")
    body = text_of(at)
    assert "Kết quả kiểm tra" in body and "Kiểm tra ngày 06/06/2024" in body
    assert "Trưởng đoàn: Trưởng Ban Dân tộc tỉnh" in body
    assert "báo cáo ngày 03/06/2024" in body  # the latest report on or before the visit
    [found] = visit_tables(at)
    rows = found.set_index("Nội dung")
    # the unit reported its documents done; the team found them short: said in words and a symbol
    assert rows.loc["Dự thảo Văn kiện", "Đoàn đánh giá"] == "Cần hoàn thiện"
    assert rows.loc["Dự thảo Văn kiện", "Đơn vị báo cáo"] == "✓ Hoàn thành"
    assert "⚠ Khác" in rows.loc["Dự thảo Văn kiện", "Đối chiếu"]
    assert "Khớp" in rows.loc["Triển khai văn bản chỉ đạo", "Đối chiếu"]
    texts = "\n".join(t.value for t in at.text)
    assert "Bổ sung dự thảo Văn kiện" in texts and "12/06/2024" in texts
    assert "Lê Văn C" in body and "minh họa" in body  # the member following it, marked invented


def test_unit_page_in_english(app):
    at = app(lang="en").run()
    at = unit_page(at, "Tân Lạc")
    body = text_of(at)
    assert "Inspection results" in body and "Visit of 06/06/2024" in body
    assert "Steering-committee members following it" in body and "Lê Văn C" in body
    rows = visit_tables(at)[0].set_index("Item")
    assert "⚠ Differs" in rows.loc["Draft documents", "Compared"] and rows.loc["Draft documents", "Team found"] == (
        "Needs work"
    )


def test_unit_page_before_the_visit_says_it_is_planned(app):
    at = unit_page(app(as_of="2024-06-05").run(), "Đà Bắc")
    body = text_of(at)
    assert "Kiểm tra ngày 11/06/2024" in body and "Dự kiến kiểm tra" in body
    assert not visit_tables(at)  # no findings shown before the visit
    assert "Chưa có kết quả kiểm tra nào" in body  # and what to do


def test_a_visit_past_without_findings_says_so_and_what_to_do(app, db, campaign):
    store = Store(db, campaign)
    store.import_file(
        "Đơn vị,Ngày kiểm tra,Trưởng đoàn\r\nMai Châu,10/06/2024,Trưởng Ban\r\nĐà Bắc,11/06/2024,\r\n".encode(),
        "lich.csv",
        "t",
    )
    store.import_file("Ngày báo cáo,Đơn vị,Dự thảo Kịch bản\r\n12/06/2024,Mai Châu,Đang\r\n".encode(), "p.csv", "t")
    at = unit_page(app().run(), "Mai Châu")
    body = text_of(at)
    assert "Đã qua ngày kiểm tra nhưng chưa có kết quả" in body and "Cập nhật dữ liệu" in body
    assert "Chưa có kết quả kiểm tra nào" in body
    # real data: the invented members are not shown beside them, nor is the filter
    assert "Thành viên Ban Chỉ đạo" not in body and not [s for s in at.selectbox if s.key == "member"]


def test_real_findings_replace_the_sample_ones(app, db, campaign):
    store = Store(db, campaign)
    store.load_sample_if_empty()
    store.import_file(
        "Đơn vị,Ngày kiểm tra,Dự thảo Văn kiện,Nhận xét của đoàn\r\nCao Phong,03/06/2024,Đạt,Nhận xét thật\r\n".encode(),
        "kq.csv",
        "t",
    )
    at = unit_page(app().run(), "Tân Lạc")
    body = text_of(at)
    assert "Bổ sung dự thảo Văn kiện" not in body and "Chưa có lịch kiểm tra" in body
    at.selectbox(key="unit").set_value("Cao Phong").run()
    [found] = visit_tables(at)
    assert found.set_index("Nội dung").loc["Dự thảo Văn kiện", "Đoàn đánh giá"] == "Đạt"
    assert "không có trong lịch kiểm tra" in text_of(at)  # the sample's schedule left with the sample


# --- the rule and its words, without Streamlit --------------------------------------------------


def test_unit_visits_states_and_the_self_report_compared(db, campaign):
    store = Store(db, campaign)
    store.load_sample_if_empty()
    schedule, findings, reports = store.schedule(), store.findings(), store.reports()
    seen = visits.unit_visits(schedule, findings, reports, campaign, "Lạc Thủy", "2024-06-14")
    [visit] = seen
    assert visit.state == visits.RECORDED and visit.scheduled and visit.date == "2024-05-31"
    # the unit's report of 27/5 said its script was in progress; the team found it met
    assert visit.report_date == "2024-05-27" and visit.differing == ["script"]
    before = visits.unit_visits(schedule, findings, reports, campaign, "Lạc Thủy", "2024-05-30")
    assert [(v.state, v.items) for v in before] == [(visits.PLANNED, ())]
    none = visits.unit_visits(schedule, findings.iloc[0:0], reports, campaign, "Lạc Thủy", "2024-06-14")
    assert [v.state for v in none] == [visits.NO_FINDINGS]
    assert visits.unit_visits(schedule.iloc[0:0], findings.iloc[0:0], reports, campaign, "Lạc Thủy", "2024-06-14") == []


def test_every_visit_state_has_words_in_both_languages():
    for state in visits.VISIT_STATES:
        visit = visits.Visit("2024-06-01", state, False, report_date="2024-05-27")
        vi, en = tables.visit_state_line(visit, "vi"), tables.visit_state_line(visit, "en")
        assert vi and en and vi != en


def test_a_member_line_is_escaped_and_marks_invented_members(tmp_path):
    text = (ROOT / "data" / "campaign.toml").read_text(encoding="utf-8")
    text = text.replace('name = "Trần Thị B"', 'name = "Trần *Thị* [B](http://x.example)"')
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    line = tables.unit_members_line(load_campaign(path), "Đà Bắc", "vi")
    assert "\\*Thị\\*" in line and "\\[B\\]" in line and "minh họa" in line


def test_a_link_names_a_member_however_typed(campaign):
    from dtts_dashboard.links import canonical_params, link_params, widget_values

    wanted, unread = canonical_params({"member": ["  tran THI b "]}, campaign)
    assert wanted == {"member": ["Trần Thị B"]} and unread == []
    assert widget_values(wanted, campaign) == {"member": "Trần Thị B"}
    assert link_params({"member": "Trần Thị B"}, campaign) == {"member": ["Trần Thị B"]}
    assert canonical_params({"member": ["Nobody"]}, campaign) == ({}, ["Nobody"])


def test_a_campaign_naming_an_unknown_unit_for_a_member_is_refused_at_start_up(app, tmp_path, monkeypatch, caplog):
    text = (ROOT / "data" / "campaign.toml").read_text(encoding="utf-8")
    bad = tmp_path / "campaign.toml"
    bad.write_text(text.replace('units = ["Đà Bắc", "Mai Châu"]', 'units = ["Đà Bắc", "Atlantis"]'), encoding="utf-8")
    monkeypatch.setenv("DTTS_CAMPAIGN", str(bad))
    at = app().run()
    assert not at.exception  # no traceback: a message, and the cause in the server's log
    assert "Tệp cấu hình đợt có lỗi" in at.error[0].value
    line = next(n for n, row in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if "Atlantis" in row)
    assert any(f"line {line}: " in r.getMessage() and "Atlantis" in r.getMessage() for r in caplog.records)
