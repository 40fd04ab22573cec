"""Figures are pure functions: test their traces, order, ranges and texts without Streamlit."""

import datetime as dt
import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dtts_dashboard import charts, metrics
from dtts_dashboard.store import Store
from dtts_dashboard.synth import progress_frame, schedule_frame, synthetic_campaign

from .conftest import ROOT

AS_OF = dt.date(2024, 6, 5)


@pytest.fixture
def data(db, campaign):
    store = Store(db, campaign)
    store.load_sample_if_empty()
    reports, schedule = store.reports(), store.schedule()
    return reports, schedule, metrics.unit_state(reports, campaign, AS_OF)


def test_timeline_rows_in_campaign_order_with_milestones(data, campaign):
    reports, schedule, state = data
    fig = charts.timeline_figure(state, schedule, campaign, AS_OF, "vi")
    assert list(fig.layout.yaxis.categoryarray) == campaign.unit_names[::-1]
    names = [trace.name for trace in fig.data]
    # no findings stored: the visits up to 05/06 have none recorded, the later ones are planned
    assert names == ["Kiểm tra: chưa có kết quả", "Kiểm tra (dự kiến)", "Đại hội (đã tổ chức)", "Đại hội (dự kiến)"]
    held = fig.data[2]
    assert list(held.y) == ["Kim Bôi"] and list(held.x) == ["2024-05-16"]
    assert max(fig.data[0].x) <= "2024-06-05" < min(fig.data[1].x)
    assert len(fig.data[0].x) + len(fig.data[1].x) == 10
    shapes = {(s.type, s.x0) for s in fig.layout.shapes}
    assert ("rect", "2024-05-30") in shapes and ("line", "2024-06-30") in shapes and ("line", "2024-06-05") in shapes
    texts = [a.text for a in fig.layout.annotations]
    assert "Hạn chót 30/06/2024" in texts and "Ngày xem 05/06/2024" in texts


def test_timeline_speaks_english(data, campaign):
    _, schedule, state = data
    fig = charts.timeline_figure(state, schedule, campaign, AS_OF, "en")
    assert [trace.name for trace in fig.data] == [
        "Visit: no findings yet",
        "Visit (planned)",
        "Congress (held)",
        "Congress (planned)",
    ]
    assert "Deadline 30/06/2024" in [a.text for a in fig.layout.annotations]


FINDINGS = (
    "Đơn vị,Ngày kiểm tra,Triển khai văn bản chỉ đạo,Chỉ đạo tổ chức Đại hội,Dự thảo Văn kiện,"
    "Dự thảo Chương trình,Dự thảo Kịch bản\n"
    "Kim Bôi,30/05/2024,Đạt,Đạt,Đạt,Đạt,Đạt\n"
    "Lạc Thủy,31/05/2024,Đạt,Đạt,Cần hoàn thiện,Đạt,Đạt\n"
    "Yên Thủy,31/05/2024,Đạt,Chưa đạt,Cần hoàn thiện,Đạt,\n"
    "Cao Phong,03/06/2024,,,,,\n"
    "Mai Châu,01/06/2024,Đạt,Cần hoàn thiện,,,\n"  # not in the schedule (Mai Châu's visit is 10/06)
    "Đà Bắc,11/06/2024,Chưa đạt,,,,\n"  # after the date viewed
)


@pytest.fixture
def found(db, campaign):
    """The sample's reports and schedule stored as real data, with findings of six visits."""
    store = Store(db, campaign)
    sample = ROOT / "data" / "sample"
    store.import_file((sample / "progress.csv").read_bytes(), "tien-do.csv", "test")
    store.import_file((sample / "schedule.csv").read_bytes(), "lich.csv", "test")
    store.import_file(FINDINGS.encode(), "ket-qua.csv", "test")
    return store


def test_visit_outcome_is_the_worst_assessment():
    assert metrics.visit_outcome(["meets", "meets"], "2024-05-30", "2024-06-05") == "meets"
    assert metrics.visit_outcome(["meets", "needs_work", None], "2024-05-30", "2024-06-05") == "needs_work"
    assert metrics.visit_outcome(["needs_work", "fails", "meets"], "2024-05-30", "2024-06-05") == "fails"
    assert metrics.visit_outcome([None, None], "2024-05-30", "2024-06-05") == "no_findings"
    assert metrics.visit_outcome([], "2024-06-05", "2024-06-05") == "no_findings"  # its day has come
    assert metrics.visit_outcome(["meets"], "2024-06-06", "2024-06-05") == "planned"


def test_visit_outcomes_of_the_schedule_and_the_findings(found, campaign):
    visits = metrics.visit_outcomes(found.schedule(), found.findings(), campaign, AS_OF)
    outcome = {(r["unit"], r["inspection_date"]): r["outcome"] for r in visits.to_dict(orient="records")}
    assert outcome[("Kim Bôi", "2024-05-30")] == "meets"
    assert outcome[("Lạc Thủy", "2024-05-31")] == "needs_work"
    assert outcome[("Yên Thủy", "2024-05-31")] == "fails"
    assert outcome[("Cao Phong", "2024-06-03")] == "no_findings"  # a row with nothing assessed
    assert outcome[("Thành phố Hòa Bình", "2024-06-04")] == "no_findings"  # no row at all
    assert outcome[("Mai Châu", "2024-06-01")] == "needs_work"  # findings of an unplanned visit are shown
    assert outcome[("Mai Châu", "2024-06-10")] == "planned"
    assert outcome[("Đà Bắc", "2024-06-11")] == "planned"  # its findings come after the date viewed
    assert len(visits) == 11 and list(visits["unit"]).index("Mai Châu") > list(visits["unit"]).index("Lạc Thủy")
    assert visits.set_index(["unit", "inspection_date"]).loc[("Kim Bôi", "2024-05-30"), "lead"]  # the schedule's
    later = metrics.visit_outcomes(found.schedule(), found.findings(), campaign, "2024-06-12")
    assert later[later["unit"] == "Đà Bắc"]["outcome"].tolist() == ["fails"]
    mine = metrics.visit_outcomes(found.schedule(), found.findings(), campaign, AS_OF, ["Mai Châu"])
    assert mine["outcome"].tolist() == ["needs_work", "planned"]


def test_timeline_marks_each_outcome_by_shape_and_colour(found, campaign):
    state = metrics.unit_state(found.reports(), campaign, AS_OF)
    for lang, words in (
        (
            "vi",
            [
                "Kiểm tra: có nội dung chưa đạt",
                "Kiểm tra: cần hoàn thiện",
                "Kiểm tra: đạt tất cả",
                "Kiểm tra: chưa có kết quả",
                "Kiểm tra (dự kiến)",
            ],
        ),
        (
            "en",
            [
                "Visit: something fails",
                "Visit: needs work",
                "Visit: all met",
                "Visit: no findings yet",
                "Visit (planned)",
            ],
        ),
    ):
        fig = charts.timeline_figure(state, found.schedule(), campaign, AS_OF, lang, found.findings())
        visits = fig.data[:5]
        assert [trace.name for trace in visits] == words
        symbols = [trace.marker.symbol for trace in visits]
        colours = [trace.marker.color for trace in visits]
        assert len(set(symbols)) == 5 and len(set(colours)) >= 4  # told by shape, not colour alone
        assert symbols[:3] == ["x", "triangle-up", "circle"] and colours[:3] == ["#D55E00", "#E69F00", "#0072B2"]
        assert list(visits[0].y) == ["Yên Thủy"] and list(visits[2].y) == ["Kim Bôi"]
        assert sorted(visits[1].y) == ["Lạc Thủy", "Mai Châu"]
        assert "Cao Phong" in visits[3].y and "Đà Bắc" in visits[4].y
        assert visits[4].marker.symbol.endswith("-open") and visits[3].marker.symbol != visits[4].marker.symbol


def test_timeline_labels_sit_in_rows_above_the_plot_and_never_past_an_edge(found, campaign):
    state = metrics.unit_state(found.reports(), campaign, "2024-06-14")
    fig = charts.timeline_figure(state, found.schedule(), campaign, dt.date(2024, 6, 14), "vi", found.findings())
    labels = fig.layout.annotations
    assert len(labels) == 3
    assert all(a.yref == "paper" and a.y == 1 and a.yanchor == "bottom" for a in labels)  # above the plot
    assert len({a.yshift for a in labels}) == 3  # each on a row of its own
    top = max(a.yshift for a in labels) + charts.LABEL_ROW
    assert fig.layout.margin.t >= top + charts.MODEBAR_STRIP  # the rows and the mode bar's strip fit
    anchors = {a.text: a.xanchor for a in labels}
    # the deadline and the date viewed are in the right half: their labels reach to the left
    assert anchors == {"Thời gian kiểm tra": "left", "Ngày xem 14/06/2024": "right", "Hạn chót 30/06/2024": "right"}
    low, high = fig.layout.xaxis.range
    assert low <= "2024-05-14" and high >= "2024-07-02"  # days of room beside Kim Bôi's congress (16/05) and 30/06
    assert all(trace.cliponaxis is False for trace in fig.data)
    assert fig.layout.legend.yref == "container" and fig.layout.legend.y == 0  # the legend below the plot


def test_a_date_viewed_outside_the_campaign_stays_on_the_chart(data, campaign):
    _, schedule, state = data
    late = dt.date(2024, 8, 20)
    fig = charts.timeline_figure(state, schedule, campaign, late, "en")
    assert fig.layout.xaxis.range[1] > late.isoformat()
    assert {a.text: a.xanchor for a in fig.layout.annotations}["Viewing 20/08/2024"] == "right"


def test_timeline_aggregates_many_units():
    campaign = synthetic_campaign(500)
    from dtts_dashboard.validate import check_table

    records = check_table(progress_frame(campaign, 2), campaign).plain()
    schedule = check_table(schedule_frame(campaign), campaign).plain()
    state = metrics.unit_state(records.drop(columns=["row"]).assign(sample=False), campaign, AS_OF)
    fig = charts.timeline_figure(state, schedule, campaign, AS_OF, "vi")
    assert all(trace.type == "bar" for trace in fig.data)
    assert sum(fig.data[0].y) == 500
    assert len(fig.to_json()) < 1_000_000


def test_progress_figure_one_line_per_item(data, campaign):
    reports, _, _ = data
    progress = metrics.progress_over_time(reports, campaign, dt.date(2024, 5, 20), AS_OF)
    fig = charts.progress_figure(progress, campaign, AS_OF, 10, "vi")
    assert [t.name for t in fig.data] == [i.vi for i in campaign.items]
    assert fig.layout.yaxis.range[1] >= 10
    only = charts.progress_figure(progress, campaign, AS_OF, 10, "en", ["script"])
    assert [t.name for t in only.data] == ["Draft script"]


def test_lanes_symbols_and_words(data, campaign):
    reports, _, _ = data
    fig = charts.lanes_figure(metrics.lanes(reports, campaign, AS_OF, ["Mai Châu"]), campaign, "vi")
    heat = fig.data[0]
    assert list(heat.y) == [i.vi for i in campaign.items][::-1]
    script_row = list(heat.text[0])  # the last item is drawn first (bottom row)
    assert script_row[0] == "?"  # Mai Châu left the script empty on 20/5: not reported
    assert any("Chưa báo cáo" in h for h in heat.hovertext[0])


def test_rounds_figure_stacks_each_status_with_its_word_and_count(data, campaign):
    from dtts_dashboard import rounds

    reports, _, _ = data
    day = dt.date(2024, 6, 12)
    state = metrics.unit_state(reports, campaign, day)
    counts = rounds.round_counts(rounds.round_table(reports, state, campaign, day))
    fig = charts.rounds_figure(counts, campaign, "vi")
    assert [trace.name for trace in fig.data] == ["Đúng hạn", "Gửi muộn", "Chưa gửi", "Không phải gửi"]
    assert fig.layout.barmode == "stack" and all(trace.orientation == "h" for trace in fig.data)
    assert fig.layout.legend.traceorder == "normal"  # words in the order of the parts, left to right
    ticks = ["Hạn 28/05", "Hạn 04/06", "Hạn 11/06", "Hạn 18/06"]  # the rounds opened by 12/6
    assert list(fig.data[0].y) == ticks
    assert list(fig.layout.yaxis.categoryarray) == ticks[::-1]  # the first round on top
    on_time, late, missing, not_expected = (list(trace.x) for trace in fig.data)
    assert on_time == [10, 10, 9, 0] and missing == [0, 0, 1, 8] and not_expected == [0, 0, 0, 2]
    assert [sum(parts) for parts in zip(on_time, late, missing, not_expected)] == [10] * 4
    assert list(fig.data[2].text) == ["", "", "1", "8"]  # a count on each part, none on an empty one
    assert "Báo cáo tuần 2 (minh họa) · 11/06/2024" in fig.data[0].customdata
    assert len({trace.marker.color for trace in fig.data}) == 4
    english = charts.rounds_figure(counts, campaign, "en")
    assert [trace.name for trace in english.data] == ["On time", "Late", "Not sent", "Not expected"]
    assert list(english.data[0].y)[0] == "Due 28/05" and english.layout.xaxis.title.text == "Units"


def test_no_advice_needs_a_mouse():
    """A text that tells the reader to point with a mouse also says what to do by touch."""
    from dtts_dashboard.i18n import TEXTS

    for key, (vi, en) in TEXTS.items():
        if "rê chuột" in vi.lower():
            assert "chạm" in vi.lower(), key
        if re.search(r"\b(hover|mouse|point at)\b", en.lower()):
            assert "tap" in en.lower(), key


def test_timeline_page_draws_the_outcomes_it_explains(found, db):
    """Through AppTest: the Timeline page hands the stored findings to the chart, and its caption
    explains each marker in the page's language."""
    import json

    from .test_pages import text_of

    st.cache_data.clear()
    for lang, caption, legend in (
        ("Tiếng Việt", "tam giác cam: có nội dung cần hoàn thiện", "Kiểm tra: có nội dung chưa đạt"),
        ("English", "orange triangle: something needs work", "Visit: something fails"),
    ):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params["as_of"] = "2024-06-05"
        at.query_params["lang"] = lang
        at.run()
        at.switch_page("pages/1_timeline.py").run()
        assert not at.exception
        assert caption in text_of(at)
        figure = json.loads(at.get("plotly_chart")[0].proto.spec)
        names = [trace.get("name") for trace in figure["data"]]
        assert legend in names and len(names) == 7  # five outcomes, congress held and planned
