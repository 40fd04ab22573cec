"""Every page through AppTest: renders, filters, as-of date, language, empty and sample states."""

import datetime as dt

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dtts_dashboard.store import Store

from .conftest import ROOT

PAGES = ["pages/1_timeline.py", "pages/2_unit.py", "pages/3_upload.py", "pages/4_history.py", "pages/5_export.py"]


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
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "success", "title", "header", "subheader")
             for e in getattr(at, kind)]  # fmt: skip
    return "\n".join(str(p) for p in parts)


def metrics_of(at) -> dict:
    return {m.label: m.value for m in at.metric}


def test_overview_on_sample_data(app):
    at = app().run()
    assert not at.exception
    assert "Dữ liệu minh họa" in at.info[0].value
    assert metrics_of(at)["Đơn vị đã báo cáo"] == "10/10"
    matrix = at.dataframe[0].value
    assert list(matrix["Đơn vị"])[:3] == ["Thành phố Hòa Bình", "Cao Phong", "Đà Bắc"]
    assert matrix.set_index("Đơn vị").loc["Kim Bôi", "Đại hội"] == "✓ Đã tổ chức"
    assert "Đơn vị cần chú ý" in text_of(at)


def test_overview_as_of_and_unit_filter_from_the_url(app):
    at = app(as_of="2024-05-27", units=["Mai Châu", "Đà Bắc"]).run()
    assert not at.exception
    matrix = at.dataframe[0].value
    assert list(matrix["Đơn vị"]) == ["Đà Bắc", "Mai Châu"]
    # Mai Châu sent no report on 27/5: its latest is 20/5, with the script not reported
    mai = matrix.set_index("Đơn vị").loc["Mai Châu"]
    assert mai["Báo cáo ngày"] == "20/05/2024" and mai["Kịch bản"] == "? Chưa báo cáo"
    assert metrics_of(at)["Ngày đến hạn 30/06/2024"] == "34"


def test_changing_the_filters_changes_the_view(app):
    at = app().run()
    at.multiselect(key="units").set_value(["Kim Bôi"]).run()
    assert list(at.dataframe[0].value["Đơn vị"]) == ["Kim Bôi"]
    at.multiselect(key="items").set_value(["script"]).run()
    assert "Văn kiện" not in at.dataframe[0].value.columns
    assert "Kịch bản" in at.dataframe[0].value.columns
    import datetime as dt

    at.date_input(key="as_of").set_value(dt.date(2024, 5, 15)).run()
    assert metrics_of(at)["Đơn vị đã báo cáo"] == "0/1"


def test_english_switch(app):
    at = app().run()
    at.segmented_control(key="lang").set_value("en").run()
    assert not at.exception
    assert "Illustrative data" in at.info[0].value
    assert "Units reporting" in metrics_of(at)
    assert "✓ Held" in set(at.dataframe[0].value["Congress"])


def test_every_page_renders_in_both_languages(app):
    at = app().run()
    for page in PAGES:
        for lang in ("vi", "en"):
            at.segmented_control(key="lang").set_value(lang).run()
            at.switch_page(page).run()
            assert not at.exception, (page, lang, at.exception)
            assert at.title, page
            banner = "Dữ liệu minh họa" if lang == "vi" else "Illustrative data"
            assert banner in at.info[0].value, (page, lang)


def test_timeline_page(app):
    at = app(units=["Mai Châu"]).run()
    at.switch_page("pages/1_timeline.py").run()
    assert not at.exception
    assert [s.value for s in at.header] == ["Lịch kiểm tra và ngày Đại hội", "Số đơn vị hoàn thành theo ngày",
                                               "Trạng thái từng nội dung qua các lần báo cáo"]  # fmt: skip
    at = app().run()
    at.switch_page("pages/1_timeline.py").run()
    assert "Chọn tối đa 8 đơn vị" in text_of(at)


def test_unit_page_follows_the_url(app):
    at = app(unit="Đà Bắc").run()
    at.switch_page("pages/2_unit.py").run()
    assert not at.exception
    assert at.selectbox(key="unit").value == "Đà Bắc"
    body = text_of(at)
    assert "Kiểm tra ngày 11/06/2024" in body and "18/06/2024" in body
    assert "Địa bàn rộng" in "\n".join(t.value for t in at.text)
    reports = at.dataframe[0].value
    assert reports.iloc[0]["Báo cáo ngày"] == "14/06/2024"


def test_unit_page_after_a_report_without_a_congress_date(app, db, campaign):
    """Issue 18, finding 3: an ordinary upload on a fresh store, then /unit?unit=Mai Châu."""
    Store(db, campaign).import_file(
        "Ngày báo cáo,Đơn vị,Dự thảo Kịch bản\r\n21/06/2024,Mai Châu,Hoàn thành\r\n".encode(), "p.csv", "t"
    )
    at = app(unit="Mai Châu").run()
    at.switch_page("pages/2_unit.py").run()
    assert not at.exception
    assert "Chưa báo ngày Đại hội" in text_of(at)
    row = at.dataframe[0].value.iloc[0]
    assert (row["Báo cáo ngày"], row["Dự thảo Kịch bản"], row["Ngày Đại hội"]) == ("21/06/2024", "✓ Hoàn thành", "")


def test_empty_store_says_what_to_do(app, db, campaign):
    store = Store(db, campaign)
    store.load_sample_if_empty()
    store.remove_sample("test")
    at = app().run()
    assert not at.exception
    assert "Chưa có báo cáo tiến độ nào" in text_of(at)
    assert "Dữ liệu minh họa" not in text_of(at)
    at.switch_page("pages/1_timeline.py").run()
    assert not at.exception and "Chưa có báo cáo" in text_of(at)


def test_viewing_an_earlier_version(app, db, campaign):
    store = Store(db, campaign)
    store.load_sample_if_empty()
    store.import_file("Ngày báo cáo,Đơn vị,Dự thảo Kịch bản\r\n20/06/2024,Mai Châu,x\r\n".encode(), "a.csv", "t")
    at = app(version="2").run()
    assert "phiên bản 2" in text_of(at)
    assert metrics_of(at)["Ngày đến hạn 30/06/2024"] == "16"  # latest date of version 2 is 14/6
    now = app().run()
    assert metrics_of(now)["Ngày đến hạn 30/06/2024"] == "10"


def test_a_store_that_cannot_be_opened_is_a_message(app, monkeypatch, tmp_path):
    monkeypatch.setenv("DTTS_DB", str(tmp_path / "no-such-folder" / "x" / "store.sqlite"))
    (tmp_path / "no-such-folder").write_text("a file where a folder should be")
    at = app().run()
    assert not at.exception
    assert "Không mở được kho dữ liệu" in at.error[0].value


def test_language_from_the_url(app):
    at = app(lang="English").run()
    assert not at.exception and not at.warning
    assert "Illustrative data" in at.info[0].value


def test_a_shortened_link_opens_the_view_it_names(app):
    at = app(lang="en", units="Da Bac", items="script", as_of="5/6/2024").run()
    assert not at.exception and not at.warning
    assert "Illustrative data" in at.info[0].value
    assert dict(at.query_params) == {
        "lang": "English",
        "units": "Đà Bắc",
        "items": "Draft script",
        "as_of": "2024-06-05",
    }
    units, items = at.multiselect
    assert (units.value, items.value, at.date_input[0].value) == (["Đà Bắc"], ["script"], dt.date(2024, 6, 5))


def test_a_link_with_values_that_name_nothing_says_so_once(app):
    at = app(units=["Da Bak", "Cao Phong"]).run()
    assert not at.exception
    assert "“Da Bak”" in at.warning[0].value
    assert at.multiselect[0].value == ["Cao Phong"]
    at.run()
    assert not at.warning and at.multiselect[0].value == ["Cao Phong"]


def test_an_earlier_version_stays_in_view_from_page_to_page(app, db, campaign):
    store = Store(db, campaign)
    store.load_sample_if_empty()
    store.import_file("Ngày báo cáo,Đơn vị,Dự thảo Kịch bản\r\n20/06/2024,Mai Châu,x\r\n".encode(), "a.csv", "t")
    at = app(version="2").run()
    assert "phiên bản 2" in text_of(at)
    for page in ("pages/1_timeline.py", "pages/5_export.py", "app.py"):
        at.switch_page(page).run()
        assert not at.exception
        assert "phiên bản 2" in text_of(at), page
        assert at.query_params.get("version") in ("2", ["2"]), page
    assert metrics_of(at)["Ngày đến hạn 30/06/2024"] == "16"
    # the banner's link reopens the page without the version; then the current data follow
    assert any(link.label == "Trở về dữ liệu hiện tại" for link in at.get("page_link"))
    at.query_params.clear()
    at.run()
    assert "phiên bản 2" not in text_of(at)
    at.switch_page("pages/1_timeline.py").run()
    assert "phiên bản 2" not in text_of(at)
    at.switch_page("app.py").run()
    assert "phiên bản 2" not in text_of(at)
    assert metrics_of(at)["Ngày đến hạn 30/06/2024"] == "10"


def test_an_edited_campaign_reaches_an_open_session(app, tmp_path, monkeypatch):
    campaign_file = tmp_path / "campaign.toml"
    campaign_file.write_text((ROOT / "data" / "campaign.toml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("DTTS_CAMPAIGN", str(campaign_file))
    at = app().run()
    assert len(at.dataframe[0].value) == 10
    with campaign_file.open("a", encoding="utf-8") as fh:
        fh.write('\n[[units]]\nname = "Đơn vị Mới"\nkind = "huyện"\n')
    at.run()  # the same session's next rerun
    assert not at.exception
    assert list(at.dataframe[0].value["Đơn vị"])[-1] == "Đơn vị Mới"
    fresh = app().run()  # and a new session
    assert len(fresh.dataframe[0].value) == 11


def test_the_overview_marks_where_the_inspection_disagrees(app, db, campaign):
    store = Store(db, campaign)
    store.import_file(
        "Ngày báo cáo,Đơn vị,Dự thảo Văn kiện,Dự thảo Kịch bản,Ngày Đại hội\r\n"
        "01/06/2024,Cao Phong,Hoàn thành,Hoàn thành,25/06/2024\r\n".encode(),
        "tien-do.csv",
        "lan",
    )
    store.import_file(
        "Đơn vị,Ngày kiểm tra,Dự thảo Văn kiện,Dự thảo Kịch bản,Kiến nghị của đoàn\r\n"
        "Cao Phong,03/06/2024,Đạt,Chưa đạt,Hoàn thiện Kịch bản\r\n".encode(),
        "ket-qua.csv",
        "lan",
    )
    at = app(as_of="2024-06-05").run()
    assert not at.exception
    cao = at.dataframe[0].value.set_index("Đơn vị").loc["Cao Phong"]
    assert cao["Kịch bản"] == "✓ Hoàn thành ⚠ KT: Chưa đạt"
    assert cao["Văn kiện"] == "✓ Hoàn thành"  # agrees: not marked
    assert "đoàn kiểm tra ngày 03/06/2024 đánh giá khác báo cáo của đơn vị: Dự thảo Kịch bản" in text_of(at)
    at.segmented_control(key="lang").set_value("en").run()
    cao = at.dataframe[0].value.set_index("Unit").loc["Cao Phong"]
    assert cao["Script"].endswith("⚠ found: Fails")


def test_overview_round_card_and_reminder(app):
    at = app(as_of="2024-06-12").run()
    assert not at.exception
    assert "Đợt báo cáo: Báo cáo tuần 3 (minh họa)" in [s.value for s in at.header]
    assert "Hạn gửi 18/06/2024, còn 6 ngày." in text_of(at)
    shown = metrics_of(at)
    assert (shown["Đúng hạn"], shown["Gửi muộn"], shown["Chưa gửi"], shown["Không phải gửi"]) == ("0/8", "0", "8", "2")
    missing = "Thành phố Hòa Bình, Cao Phong, Đà Bắc, Lạc Sơn, Lương Sơn, Mai Châu, Tân Lạc, Yên Thủy"
    assert f"Chưa gửi: {missing}" in text_of(at)
    assert "Không phải gửi: Kim Bôi, Lạc Thủy" in text_of(at)
    assert "bấm nút sao chép" in text_of(at)
    reminder = at.code[0].value
    assert reminder.startswith(f"Kính gửi: {missing}.") and "“Báo cáo tuần 3 (minh họa)”" in reminder
    assert "Tỷ lệ báo cáo qua các đợt" in text_of(at) and len(at.get("plotly_chart")) == 1
    # Mai Châu sent nothing for the round due 11/6: a reason for attention, until it sends
    mai = next(m.value for m in at.markdown if m.value.startswith("**Mai Châu**: "))
    assert "; chưa gửi báo cáo đợt “Báo cáo tuần 2 (minh họa)” (hạn 11/06/2024);" in mai
    at.segmented_control(key="lang").set_value("en").run()
    assert not at.exception
    assert "Reporting round: Weekly report 3 (illustrative)" in [s.value for s in at.header]
    shown = metrics_of(at)
    assert (shown["On time"], shown["Not sent"], shown["Not expected"]) == ("0/8", "8", "2")
    assert f"Not sent: {missing}" in text_of(at)
    assert at.code[0].value.startswith(f"To: {missing}.\nThe steering committee kindly asks")
    assert "round “Weekly report 2 (illustrative)” (due 11/06/2024)" in text_of(at)


def test_a_campaign_the_sample_does_not_fit_starts_empty_and_says_what_to_do(app, db, tmp_path, monkeypatch):
    """Another province's (or the nation's) campaign file on a new store: the bundled sample,
    Hòa Bình's, is refused by it; the pages open on the empty state instead of an error."""
    from dtts_dashboard.campaign import load_campaign
    from dtts_dashboard.synth import campaign_toml, synthetic_campaign

    campaign_file = tmp_path / "campaign.toml"
    campaign_file.write_text(campaign_toml(synthetic_campaign(12, load_campaign())), encoding="utf-8")
    monkeypatch.setenv("DTTS_CAMPAIGN", str(campaign_file))
    at = app().run()
    assert not at.exception
    assert "Chưa có báo cáo tiến độ nào" in text_of(at) and "Dữ liệu minh họa" not in text_of(at)
    assert Store(db, load_campaign(campaign_file)).history() == []


def test_overview_when_every_unit_has_sent_and_without_rounds(app, tmp_path, monkeypatch):
    at = app(as_of="2024-06-14").run()
    assert metrics_of(at)["Đúng hạn"] == "10/10" and not at.code
    assert "Mọi đơn vị phải gửi đã gửi báo cáo đợt này." in text_of(at)
    assert "chưa gửi báo cáo đợt" not in text_of(at)  # Mai Châu sent on 14/6, late for the round due 11/6
    import re

    campaign_file = tmp_path / "campaign.toml"
    text = (ROOT / "data" / "campaign.toml").read_text(encoding="utf-8")
    campaign_file.write_text(re.sub(r"\[\[rounds\]\]\n(?:\w.*\n)+", "", text), encoding="utf-8")
    monkeypatch.setenv("DTTS_CAMPAIGN", str(campaign_file))
    bare = app(as_of="2024-06-12").run()
    assert not bare.exception
    assert "Đúng hạn" not in metrics_of(bare) and not bare.get("plotly_chart")
    assert not any(s.value.startswith("Đợt báo cáo") for s in bare.header)
    assert metrics_of(bare)["Đơn vị đã báo cáo"] == "10/10"


def test_illustrative_rounds_leave_with_the_sample(app, db, campaign):
    """A reminder about a round invented for the sample must never reach a real unit."""
    assert campaign.rounds and all(r.illustrative for r in campaign.rounds)
    assert campaign.for_real_data().rounds == () and campaign.for_real_data() is campaign.for_real_data()
    at = app(as_of="2024-06-12").run()
    assert any("(minh họa)" in s.value for s in at.header)
    Store(db, campaign).import_file(
        "Ngày báo cáo,Đơn vị,Dự thảo Kịch bản\r\n10/06/2024,Mai Châu,Hoàn thành\r\n".encode(), "a.csv", "lan"
    )
    at = app(as_of="2024-06-12").run()
    assert not at.exception
    assert not any("minh họa" in s.value for s in at.header)
    assert not any("minh họa" in c.value for c in at.code)  # no reminder naming an invented round
