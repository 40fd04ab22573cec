"""State as of a date, headline numbers, needs-attention reasons, progress over time."""

import datetime as dt

import pandas as pd
import pytest

from dtts_dashboard import metrics
from dtts_dashboard.store import Store

from .conftest import ROOT


@pytest.fixture
def sample(db, campaign):
    store = Store(db, campaign)
    store.load_sample_if_empty()
    return store.reports(), store.schedule()


def reports_frame(campaign, rows):
    """rows: (unit, report_date, {item: status}, congress_date, delegates)"""
    out = []
    for unit, date, statuses, congress, delegates in rows:
        row = {"unit": unit, "report_date": date, "congress_date": congress, "delegates": delegates,
               "next_tasks": None, "difficulties": None, "proposals": None, "sample": False}  # fmt: skip
        row.update({k: statuses.get(k) for k in campaign.item_keys})
        out.append(row)
    return pd.DataFrame(out).sort_values(["unit", "report_date"], ignore_index=True)


ALL_DONE = {k: "done" for k in ("directives", "organization", "documents", "programme", "script")}


def test_unit_state_in_campaign_order_with_not_reported(campaign):
    reports = reports_frame(campaign, [
        ("Yên Thủy", "2024-06-01", {"documents": "done"}, "2024-06-13", 100),
        ("Cao Phong", "2024-05-20", {"documents": "in_progress"}, None, None),
        ("Cao Phong", "2024-06-03", {"documents": "done"}, "2024-06-14", None),
    ])  # fmt: skip
    state = metrics.unit_state(reports, campaign, dt.date(2024, 6, 1))
    assert list(state["unit"]) == campaign.unit_names
    cao = state.set_index("unit").loc["Cao Phong"]
    assert cao["report_date"] == "2024-05-20" and cao["documents"] == "in_progress"
    assert cao["script"] is None  # not reported, not "not started"
    assert state.set_index("unit").loc["Đà Bắc", "report_date"] is None
    filtered = metrics.unit_state(reports, campaign, "2024-06-01", ["Yên Thủy", "Cao Phong"])
    assert list(filtered["unit"]) == ["Cao Phong", "Yên Thủy"]


def test_a_congress_on_the_day_viewed_is_held(campaign):
    reports = reports_frame(campaign, [("Kim Bôi", "2024-05-10", ALL_DONE, "2024-05-16", 145)])
    assert not metrics.unit_state(reports, campaign, "2024-05-15").set_index("unit").loc["Kim Bôi", "held"]
    assert metrics.unit_state(reports, campaign, "2024-05-16").set_index("unit").loc["Kim Bôi", "held"]


def test_headline_on_sample(sample, campaign):
    reports, _ = sample
    state = metrics.unit_state(reports, campaign, dt.date(2024, 6, 14))
    h = metrics.headline(state, campaign, dt.date(2024, 6, 14))
    assert (h.units, h.reporting, h.days_left) == (10, 10, 16)
    assert h.held == 4  # Kim Bôi 16/5, Lạc Thủy 12/6, Yên Thủy 13/6, Cao Phong 14/6
    assert h.done["script"] == int((state["script"] == "done").sum())
    assert metrics.headline(state, campaign, dt.date(2024, 7, 2)).days_left == -2


def test_needs_attention_reasons(campaign):
    reports = reports_frame(campaign, [
        ("Cao Phong", "2024-06-05", {"documents": "done", "programme": "done", "script": "in_progress"}, "2024-06-10", 120),
        ("Đà Bắc", "2024-06-05", ALL_DONE, "2024-07-02", 151),
        ("Lạc Sơn", "2024-05-20", {"documents": "in_progress"}, "2024-06-25", None),
        ("Kim Bôi", "2024-05-10", {"documents": "in_progress"}, "2024-05-16", None),
    ])  # fmt: skip
    schedule = pd.DataFrame({"unit": ["Lạc Sơn", "Yên Thủy"], "inspection_date": ["2024-06-04", "2024-06-20"]})
    attention = metrics.needs_attention(metrics.unit_state(reports, campaign, "2024-06-06"), schedule, campaign,
                                        dt.date(2024, 6, 6))  # fmt: skip
    got = set(zip(attention["unit"], attention["code"]))
    assert ("Cao Phong", "drafts_due") in got
    assert ("Đà Bắc", "after_deadline") in got and ("Đà Bắc", "over_cap") in got
    assert ("Lạc Sơn", "no_recent_report") in got and ("Lạc Sơn", "inspected_not_done") in got
    assert ("Yên Thủy", "never_reported") in got
    assert not any(u == "Kim Bôi" for u, _ in got)  # held its congress: nothing to chase
    assert list(attention["unit"]) == sorted(attention["unit"], key=campaign.unit_names.index)


def test_every_lagging_unit_is_flagged_whether_or_not_it_is_inspected(campaign):
    """After the sample (and its schedule) is gone, units with drafts unfinished were not
    flagged unless inspected or within a few days of their congress."""
    reports = reports_frame(
        campaign,
        [
            ("Đà Bắc", "2024-06-05", {"documents": "in_progress"}, "2024-06-18", None),  # 12 days away
            ("Tân Lạc", "2024-06-05", {"documents": "in_progress"}, None, None),  # no congress date
            ("Mai Châu", "2024-06-05", ALL_DONE, "2024-06-25", None),  # all done, reported: fine
        ],
    )
    empty = pd.DataFrame(columns=["unit", "inspection_date"])
    state = metrics.unit_state(reports, campaign, "2024-06-06", ["Đà Bắc", "Tân Lạc", "Mai Châu"])
    attention = metrics.needs_attention(state, empty, campaign, dt.date(2024, 6, 6))
    got = set(zip(attention["unit"], attention["code"]))
    assert ("Đà Bắc", "drafts_due") in got
    assert not any(u == "Tân Lạc" for u, _ in got)  # the deadline is 24 days away: not yet
    assert not any(u == "Mai Châu" for u, _ in got)
    later = metrics.needs_attention(
        metrics.unit_state(reports, campaign, "2024-06-20", ["Tân Lạc", "Mai Châu"]),
        empty,
        campaign,
        dt.date(2024, 6, 20),
    )
    got = set(zip(later["unit"], later["code"]))
    assert {("Tân Lạc", "no_congress_date"), ("Tân Lạc", "drafts_due_deadline"), ("Tân Lạc", "no_recent_report")} <= got
    assert {c for u, c in got if u == "Mai Châu"} == {"no_recent_report"}  # all done, but silent for 15 days
    past = metrics.needs_attention(
        metrics.unit_state(reports, campaign, "2024-07-01", ["Tân Lạc"]), empty, campaign, dt.date(2024, 7, 1)
    )
    assert "deadline_passed" in set(past["code"])


def test_the_attention_window_is_campaign_data(campaign):
    import dataclasses

    reports = reports_frame(campaign, [("Đà Bắc", "2024-06-05", {"documents": "in_progress"}, "2024-06-18", None)])
    state = metrics.unit_state(reports, campaign, "2024-06-06", ["Đà Bắc"])
    empty = pd.DataFrame(columns=["unit", "inspection_date"])
    narrow = dataclasses.replace(campaign, attention_days=7)
    assert "drafts_due" in set(metrics.needs_attention(state, empty, campaign, dt.date(2024, 6, 6))["code"])
    assert "drafts_due" not in set(metrics.needs_attention(state, empty, narrow, dt.date(2024, 6, 6))["code"])


def test_every_attention_code_has_words_in_both_languages_and_in_the_readme(campaign):
    from dtts_dashboard.i18n import TEXTS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in metrics.ATTENTION_CODES:
        vi, en = TEXTS[f"reason_{code}"]
        assert vi.strip() and en.strip() and vi != en
        assert f"`{code}`" in readme, code


def test_status_grid_carries_forward_and_keeps_not_reported(campaign):
    reports = reports_frame(campaign, [
        ("Mai Châu", "2024-05-20", {"documents": None}, None, None),
        ("Mai Châu", "2024-06-03", {"documents": "in_progress"}, None, None),
    ])  # fmt: skip
    grid = metrics.status_grid(reports, campaign, ["2024-05-19", "2024-05-25", "2024-06-03", "2024-06-04"],
                               "documents", ["Mai Châu"])  # fmt: skip
    assert grid.loc["Mai Châu"].tolist() == [None, None, "in_progress", "in_progress"]


def test_progress_over_time_counts_units_done_each_day(sample, campaign):
    reports, _ = sample
    progress = metrics.progress_over_time(reports, campaign, dt.date(2024, 5, 20), dt.date(2024, 6, 14))
    script = progress[progress["item"] == "script"].set_index("date")["done"]
    for day in ("2024-05-20", "2024-06-03", "2024-06-14"):
        state = metrics.unit_state(reports, campaign, day)
        assert script[pd.Timestamp(day)] == int((state["script"] == "done").sum())
    assert script.is_monotonic_increasing


def test_progress_over_time_follows_a_unit_going_back(campaign):
    reports = reports_frame(campaign, [
        ("Cao Phong", "2024-05-20", {"script": "done"}, None, None),
        ("Cao Phong", "2024-05-22", {"script": "in_progress"}, None, None),
        ("Cao Phong", "2024-05-24", {"script": None}, None, None),
        ("Cao Phong", "2024-05-26", {"script": "done"}, None, None),
        ("Đà Bắc", "2024-05-10", {"script": "done"}, None, None),
    ])  # fmt: skip
    progress = metrics.progress_over_time(
        reports, campaign, dt.date(2024, 5, 19), dt.date(2024, 5, 27), items=["script"]
    )
    assert progress["done"].tolist() == [1, 2, 2, 1, 1, 1, 1, 2, 2]
    assert metrics.progress_over_time(reports, campaign, dt.date(2024, 5, 19), dt.date(2024, 5, 27),
                                      units=["Cao Phong"], items=["script"])["done"].tolist()[:2] == [0, 1]  # fmt: skip


def findings_frame(rows):
    keys = ["directives", "organization", "documents", "programme", "script"]
    return pd.DataFrame(
        [
            {
                "unit": u,
                "inspection_date": d,
                **{k: a.get(k) for k in keys},
                "remarks": None,
                "recommendations": "r",
                "fix_by": fix,
            }
            for u, d, a, fix in rows
        ]
    )


def test_an_inspection_that_disagrees_with_the_unit_is_a_reason(campaign):
    reports = reports_frame(
        campaign,
        [
            (
                "Cao Phong",
                "2024-06-01",
                {"documents": "done", "programme": "in_progress", "script": None},
                "2024-06-25",
                None,
            ),
            ("Đà Bắc", "2024-06-01", {"documents": "done"}, "2024-06-25", None),
        ],
    )
    findings = findings_frame(
        [
            # done / fails and in_progress / meets disagree; a not-reported item disagrees with nothing
            ("Cao Phong", "2024-06-03", {"documents": "fails", "programme": "meets", "script": "fails"}, "2024-06-07"),
            ("Đà Bắc", "2024-06-03", {"documents": "meets", "script": None}, None),
        ]
    )
    empty = pd.DataFrame(columns=["unit", "inspection_date"])
    state = metrics.unit_state(reports, campaign, "2024-06-05", ["Cao Phong", "Đà Bắc"])
    inspection = metrics.inspection_state(findings, campaign, "2024-06-05", ["Cao Phong", "Đà Bắc"])
    assert metrics.disagreements(state, inspection, campaign) == {"Cao Phong": ["documents", "programme"]}
    got = metrics.needs_attention(state, empty, campaign, dt.date(2024, 6, 5), inspection)
    rows = {(r.unit, r.code): r.detail for r in got.itertuples()}
    assert rows[("Cao Phong", "inspection_disagrees")] == {"date": "2024-06-03", "items": ["documents", "programme"]}
    assert ("Cao Phong", "fix_overdue") not in rows  # 7/6 has not passed yet
    assert not any(u == "Đà Bắc" for u, _ in rows)
    # after the act-by date, without a newer report of completion: overdue
    later = metrics.needs_attention(
        metrics.unit_state(reports, campaign, "2024-06-08", ["Cao Phong"]),
        empty,
        campaign,
        dt.date(2024, 6, 8),
        metrics.inspection_state(findings, campaign, "2024-06-08", ["Cao Phong"]),
    )
    assert {"date": "2024-06-07", "items": ["documents", "script"]} in list(
        later[later["code"] == "fix_overdue"]["detail"]
    )
    # a report after the visit with those items done settles it
    fixed = pd.concat(
        [
            reports,
            reports_frame(
                campaign,
                [
                    (
                        "Cao Phong",
                        "2024-06-06",
                        {"documents": "done", "programme": "done", "script": "done"},
                        "2024-06-25",
                        None,
                    )
                ],
            ),
        ]
    )
    fixed = fixed.sort_values(["unit", "report_date"])
    settled = metrics.needs_attention(
        metrics.unit_state(fixed, campaign, "2024-06-08", ["Cao Phong"]),
        empty,
        campaign,
        dt.date(2024, 6, 8),
        metrics.inspection_state(findings, campaign, "2024-06-08", ["Cao Phong"]),
    )
    assert "fix_overdue" not in set(settled["code"])
    # findings after the date viewed are not in view
    assert metrics.inspection_state(findings, campaign, "2024-06-02")["inspection_date"].isna().all()


def test_progress_over_time_is_each_days_count_of_units_done_in_any_row_order(tmp_path):
    """Against the count of each day's latest reports, over a synthetic campaign whose rows
    come shuffled (the counts are running sums of per-report changes, not a scan per day)."""
    from dtts_dashboard.synth import progress_frame, synthetic_campaign, to_csv_bytes

    scaled = synthetic_campaign(40)
    store = Store(tmp_path / "s.sqlite", scaled)
    store.import_file(to_csv_bytes(progress_frame(scaled, 12)), "p.csv", "lan")
    reports = store.reports()  # sorted by unit and date, as unit_state wants them
    shuffled = reports.sample(frac=1, random_state=3)
    first, last = reports["report_date"].min(), reports["report_date"].max()
    start = dt.date.fromisoformat(first) - dt.timedelta(days=2)
    end = dt.date.fromisoformat(last) + dt.timedelta(days=2)
    progress = metrics.progress_over_time(shuffled, scaled, start, end).set_index(["item", "date"])["done"]
    assert len(progress) == len(scaled.item_keys) * ((end - start).days + 1)
    for day in pd.date_range(start, end):
        state = metrics.unit_state(reports, scaled, day.date())
        for item in scaled.item_keys:
            assert progress[(item, day)] == int((state[item] == "done").sum()), (item, day)
    assert progress.max() > 0
    empty = metrics.progress_over_time(reports.iloc[:0], scaled, start, end)
    assert (empty["done"] == 0).all() and len(empty) == len(progress)


def test_status_grid_is_each_days_latest_report_for_every_unit(tmp_path):
    """Every cell against the unit's latest report on or before its date (``unit_state``), over
    a synthetic campaign, all units and a few; rows shuffled."""
    from dtts_dashboard.synth import progress_frame, synthetic_campaign, to_csv_bytes

    scaled = synthetic_campaign(30)
    store = Store(tmp_path / "s.sqlite", scaled)
    store.import_file(to_csv_bytes(progress_frame(scaled, 10)), "p.csv", "lan")
    reports = store.reports()
    first = dt.date.fromisoformat(reports["report_date"].min())
    days = [(first + dt.timedelta(days=n)).isoformat() for n in range(-2, 40, 3)]
    some = scaled.unit_names[3:9:2]
    for units in (None, some):
        grid = metrics.status_grid(reports.sample(frac=1, random_state=5), scaled, days, "script", units)
        assert list(grid.index) == (some if units else list(scaled.unit_names)) and list(grid.columns) == days
        for day in days:
            state = metrics.unit_state(reports, scaled, day, units).set_index("unit")["script"]
            assert grid[day].tolist() == [None if pd.isna(v) else v for v in state.tolist()], day
    assert grid.notna().any().any() and grid[days[0]].isna().all()
    assert (grid.index.name, grid.columns.name) == ("unit", "report_date")  # as the pivot named them
