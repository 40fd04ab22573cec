"""Figures are pure functions: test their traces, order, ranges and texts without Streamlit."""

import datetime as dt

import pytest

from dtts_dashboard import charts, metrics
from dtts_dashboard.store import Store
from dtts_dashboard.synth import progress_frame, schedule_frame, synthetic_campaign

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
    assert names == ["Kiểm tra", "Đại hội (đã tổ chức)", "Đại hội (dự kiến)"]
    held = fig.data[1]
    assert list(held.y) == ["Kim Bôi"] and list(held.x) == ["2024-05-16"]
    assert len(fig.data[0].x) == 10
    shapes = {(s.type, s.x0) for s in fig.layout.shapes}
    assert ("rect", "2024-05-30") in shapes and ("line", "2024-06-30") in shapes and ("line", "2024-06-05") in shapes
    texts = [a.text for a in fig.layout.annotations]
    assert "Hạn chót 30/06/2024" in texts and "Ngày xem 05/06/2024" in texts


def test_timeline_speaks_english(data, campaign):
    _, schedule, state = data
    fig = charts.timeline_figure(state, schedule, campaign, AS_OF, "en")
    assert [trace.name for trace in fig.data] == ["Inspection", "Congress (held)", "Congress (planned)"]
    assert "Deadline 30/06/2024" in [a.text for a in fig.layout.annotations]


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
