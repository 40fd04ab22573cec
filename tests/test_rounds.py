"""Reporting rounds: the campaign's rounds, the rule at its edges, the table over the
sample, the overview card's words and the reminder."""

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from dtts_dashboard import metrics, rounds, tables
from dtts_dashboard.campaign import CampaignError, Round, parse_campaign
from dtts_dashboard.rounds import LATE, MISSING, NOT_EXPECTED, ON_TIME, Window, round_status
from dtts_dashboard.store import Store

# A weekly round as the rule sees it: opened by the previous due date (28/5), due 4/6, the
# next round due 11/6.
WEEK = Window("2024-05-28", "2024-06-04", "2024-06-11")
FIRST = Window(None, "2024-05-28", "2024-06-04")
LAST = Window("2024-06-25", "2024-06-30", None)
LATER = "2024-07-15"  # a date viewed after everything


@pytest.mark.parametrize(
    "dates, window, congress, as_of, expected",
    [
        (["2024-06-04"], WEEK, None, LATER, ON_TIME),  # exactly on the due date
        (["2024-05-29"], WEEK, None, LATER, ON_TIME),  # the day after the round opened
        (["2024-05-28"], WEEK, None, LATER, MISSING),  # on the previous due date: the previous round's
        (["2024-06-05"], WEEK, None, LATER, LATE),  # the day after the due date
        (["2024-06-10"], WEEK, None, LATER, LATE),  # the day before the next round's due date
        (["2024-06-11"], WEEK, None, LATER, MISSING),  # on the next round's due date: that round's, not late
        ([], WEEK, None, LATER, MISSING),  # none
        (["2024-05-20", "2024-06-12"], WEEK, None, LATER, MISSING),  # before and long after
        (["2024-06-03"], WEEK, None, "2024-06-02", MISSING),  # dated after the date viewed: not sent yet
        (["2024-06-05"], WEEK, None, "2024-06-04", MISSING),  # the due date viewed: not late yet
        (["2024-01-02"], FIRST, None, LATER, ON_TIME),  # the first round has no start
        (["2024-05-29"], FIRST, None, LATER, LATE),
        (["2024-07-10"], LAST, None, LATER, LATE),  # the last round: any time after its due date
        ([], WEEK, "2024-05-16", LATER, NOT_EXPECTED),  # congress held before the round
        ([], WEEK, "2024-06-04", LATER, NOT_EXPECTED),  # held on the due date
        (["2024-06-06"], WEEK, "2024-06-02", LATER, NOT_EXPECTED),  # held within the round, then a report: no chase
        (["2024-06-01"], WEEK, "2024-05-16", LATER, ON_TIME),  # held, and reported all the same: a report is a report
        ([], WEEK, "2024-06-05", LATER, MISSING),  # held after the due date: it owed this round
        (["2024-06-06"], WEEK, "2024-06-08", LATER, LATE),
        ([], WEEK, "2024-06-03", "2024-06-01", MISSING),  # planned before the due date, not held by the date viewed
    ],
)
def test_round_rule_at_its_edges(dates, window, congress, as_of, expected):
    assert round_status(dates, window, congress, as_of) == expected


def test_rounds_are_campaign_data_in_due_order(campaign):
    assert [r.due for r in campaign.rounds] == sorted(r.due for r in campaign.rounds)
    first = campaign.rounds[0]
    assert (first.name, first.due, first.illustrative) == ("Báo cáo phục vụ kiểm tra", dt.date(2024, 5, 28), True)
    assert campaign.rounds[-1].due == campaign.deadline
    assert all(b.due - a.due <= dt.timedelta(days=7) for a, b in zip(campaign.rounds, campaign.rounds[1:]))
    assert rounds.windows(campaign)[0] == Window(None, "2024-05-28", "2024-06-04")
    assert rounds.windows(campaign)[-1].closes is None


def _raw(campaign, rounds_):
    return {
        "province": "P",
        "title_vi": "T",
        "inspection_start": "2024-05-30",
        "inspection_end": "2024-06-11",
        "deadline": "2024-06-30",
        "units": [{"name": u} for u in campaign.unit_names],
        "items": [{"key": "script", "vi": "Kịch bản"}],
        "rounds": rounds_,
    }


def test_rounds_optional_sorted_and_checked(campaign):
    raw = _raw(campaign, [{"name": "B", "due": "2024-06-11"}, {"name": "A", "due": dt.date(2024, 6, 4)}])
    parsed = parse_campaign(raw)
    assert [(r.name, r.due.isoformat(), r.illustrative) for r in parsed.rounds] == [
        ("A", "2024-06-04", False),
        ("B", "2024-06-11", False),
    ]
    assert parse_campaign({k: v for k, v in raw.items() if k != "rounds"}).rounds == ()
    with pytest.raises(CampaignError, match="share a due date"):
        parse_campaign(_raw(campaign, [{"name": "A", "due": "2024-06-04"}, {"name": "B", "due": "2024-06-04"}]))
    with pytest.raises(CampaignError, match="round 1"):
        parse_campaign(_raw(campaign, [{"name": "A"}]))
    with pytest.raises(CampaignError, match="round 2 due"):
        parse_campaign(_raw(campaign, [{"name": "A", "due": "2024-06-04"}, {"name": "B", "due": "4/6/2024"}]))


@pytest.fixture
def sample(db, campaign):
    store = Store(db, campaign)
    store.load_sample_if_empty()
    return store.reports()


def table_on(reports, campaign, day, units=None):
    state = metrics.unit_state(reports, campaign, day, units)
    return state, rounds.round_table(reports, state, campaign, day)


def status_of(table, index, unit):
    return table.set_index(["round", "unit"]).loc[(index, unit), "status"]


def test_current_round_and_rounds_in_view(campaign):
    assert rounds.current_round(campaign, dt.date(2024, 5, 1)) == 0
    assert rounds.current_round(campaign, dt.date(2024, 6, 4)) == 1  # due that day
    assert rounds.current_round(campaign, dt.date(2024, 6, 5)) == 2
    assert rounds.current_round(campaign, dt.date(2024, 8, 1)) == len(campaign.rounds) - 1  # all past: the last
    assert rounds.rounds_in_view(campaign, dt.date(2024, 5, 28)) == [0]
    assert rounds.rounds_in_view(campaign, dt.date(2024, 5, 29)) == [0, 1]
    assert rounds.last_due_round(campaign, dt.date(2024, 5, 27)) is None
    assert rounds.last_due_round(campaign, dt.date(2024, 6, 12)) == 2
    assert rounds.current_round(dataclasses.replace(campaign, rounds=()), dt.date(2024, 6, 1)) is None


def test_round_table_on_the_sample(sample, campaign):
    # Mai Châu reported on 20/5, 3/6 and 14/6: nothing within the round due 11/6
    _, before = table_on(sample, campaign, dt.date(2024, 6, 12))
    assert sorted(set(before["round"])) == [0, 1, 2, 3]
    assert status_of(before, 2, "Mai Châu") == MISSING
    assert status_of(before, 2, "Cao Phong") == ON_TIME
    assert status_of(before, 3, "Kim Bôi") == NOT_EXPECTED  # congress held 16/5
    assert status_of(before, 3, "Cao Phong") == MISSING  # not sent yet: due 18/6
    _, after = table_on(sample, campaign, dt.date(2024, 6, 14))
    assert status_of(after, 2, "Mai Châu") == LATE
    counts = rounds.round_counts(after).set_index("round")
    assert counts.loc[2, [ON_TIME, LATE, MISSING, NOT_EXPECTED, "expected"]].tolist() == [9, 1, 0, 0, 10]
    assert (counts[[ON_TIME, LATE, MISSING, NOT_EXPECTED]].sum(axis=1) == 10).all()
    _, two = table_on(sample, campaign, dt.date(2024, 6, 14), ["Đà Bắc", "Mai Châu"])
    assert list(two.loc[two["round"] == 0, "unit"]) == ["Đà Bắc", "Mai Châu"]


def test_a_campaign_without_rounds_has_no_table(sample, campaign):
    bare = dataclasses.replace(campaign, rounds=())
    state, table = table_on(sample, bare, dt.date(2024, 6, 14))
    assert table.empty and rounds.round_counts(table).empty
    assert rounds.overdue(table, bare, dt.date(2024, 6, 14)) == {}


def test_missing_the_round_last_due_needs_attention(sample, campaign):
    state, table = table_on(sample, campaign, dt.date(2024, 6, 12))
    attention = metrics.needs_attention(
        state, pd.DataFrame(columns=["unit", "inspection_date"]), campaign, dt.date(2024, 6, 12), rounds=table
    )
    flagged = attention[attention["code"] == "missing_round"]
    assert list(flagged["unit"]) == ["Mai Châu"]  # the round due 18/6 is not due yet: nobody else
    words = dict(tables.attention_list(attention, campaign, "vi"))["Mai Châu"]
    assert "chưa gửi báo cáo đợt “Báo cáo tuần 2 (minh họa)” (hạn 11/06/2024)" in words
    english = dict(tables.attention_list(attention, campaign, "en"))["Mai Châu"]
    assert "round “Weekly report 2 (illustrative)” (due 11/06/2024)" in "; ".join(english)
    # once it has sent, late, it is no longer chased for that round
    state, table = table_on(sample, campaign, dt.date(2024, 6, 14))
    later = metrics.needs_attention(
        state, pd.DataFrame(columns=["unit", "inspection_date"]), campaign, dt.date(2024, 6, 14), rounds=table
    )
    assert "missing_round" not in set(later["code"])


def test_round_card_in_both_languages(sample, campaign):
    day = dt.date(2024, 6, 12)
    _, table = table_on(sample, campaign, day)
    card = tables.round_card(table, campaign, 3, day, "vi")
    assert card.title == "Đợt báo cáo: Báo cáo tuần 3 (minh họa)"
    assert card.due == "Hạn gửi 18/06/2024, còn 6 ngày."
    assert [(label, value) for label, value, _ in card.metrics] == [
        ("Đúng hạn", "0/8"),
        ("Gửi muộn", "0"),
        ("Chưa gửi", "8"),
        ("Không phải gửi", "2"),
    ]
    assert "Không phải gửi: Kim Bôi, Lạc Thủy" in card.lines
    english = tables.round_card(table, campaign, 2, day, "en")
    assert english.title == "Reporting round: Weekly report 2 (illustrative)"
    assert english.due == "Was due 11/06/2024, 1 days ago."
    assert "Not sent: Mai Châu" in english.lines
    done = tables.round_card(table, campaign, 1, day, "vi")
    assert done.reminder is None and done.metrics[0][1] == "10/10"


def test_reminder_names_the_round_its_due_date_and_the_units(campaign):
    week = campaign.rounds[3]
    text = tables.reminder_text(week, ["Mai Châu", "Đà Bắc"], campaign, dt.date(2024, 6, 14), "vi")
    assert text.startswith("Kính gửi: Mai Châu, Đà Bắc.\n")
    assert "đề nghị quý đơn vị gửi báo cáo đợt “Báo cáo tuần 3 (minh họa)” trước hoặc trong ngày 18/06/2024" in text
    assert text.endswith("Trân trọng cảm ơn!")
    late = tables.reminder_text(week, ["Mai Châu"], campaign, dt.date(2024, 6, 19), "vi")
    assert "chưa nhận được báo cáo đợt “Báo cáo tuần 3 (minh họa)” (hạn 18/06/2024)" in late
    assert "gửi báo cáo sớm" in late and "trước hoặc trong ngày" not in late
    on_the_day = tables.reminder_text(week, ["Mai Châu"], campaign, week.due, "vi")
    assert "trước hoặc trong ngày 18/06/2024" in on_the_day
    english = tables.reminder_text(week, ["Mai Châu"], campaign, dt.date(2024, 6, 14), "en")
    assert english.startswith("To: Mai Châu.\n")
    assert "report for the round “Weekly report 3 (illustrative)” by 18/06/2024" in english
    real = tables.reminder_text(
        Round("Đợt 7", dt.date(2024, 6, 18)), ["Mai Châu"], campaign, dt.date(2024, 6, 14), "vi"
    )
    assert "“Đợt 7”" in real and "minh họa" not in real
