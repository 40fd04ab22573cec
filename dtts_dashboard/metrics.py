"""What the committee reads off the data: each unit's state as of a date, headline numbers,
who needs attention and why, progress over time. Plain functions over DataFrames."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .campaign import Campaign
from .rounds import overdue
from .schema import DONE, plain
from .store import latest_reports

# Every reason a unit may need attention, by its stable code (README: "Needs attention").
ATTENTION_CODES = ("never_reported", "drafts_due", "drafts_due_deadline", "no_congress_date", "deadline_passed",
                   "after_deadline", "no_recent_report", "missing_round", "inspected_not_done", "over_cap")  # fmt: skip


def _iso(date: dt.date | str) -> str:
    return date if isinstance(date, str) else date.isoformat()


def first_report_date(reports: pd.DataFrame) -> dt.date | None:
    if reports.empty:
        return None
    return dt.date.fromisoformat(reports["report_date"].min())


def latest_report_date(reports: pd.DataFrame) -> dt.date | None:
    if reports.empty:
        return None
    return dt.date.fromisoformat(reports["report_date"].max())


def unit_state(reports: pd.DataFrame, campaign: Campaign, as_of: dt.date | str,
               units: list[str] | None = None) -> pd.DataFrame:  # fmt: skip
    """One row per unit in campaign order: its latest report on or before ``as_of`` (item
    statuses None where not reported), and whether its congress is held by then."""
    as_of = _iso(as_of)
    names = [u for u in campaign.unit_names if units is None or u in units]
    latest = latest_reports(reports, as_of).set_index("unit") if not reports.empty else pd.DataFrame()
    state = pd.DataFrame({"unit": names})
    fields = ["report_date", "congress_date", "delegates", "next_tasks", "difficulties", "proposals",
              *campaign.item_keys, "sample"]  # fmt: skip
    for name in fields:
        if name in latest.columns:
            state[name] = state["unit"].map(latest[name]).astype(object)
        else:
            state[name] = None
    state = plain(state)
    state["held"] = state["congress_date"].map(lambda d: d is not None and d <= as_of)
    state["sample"] = state["sample"].map(bool)
    return state


@dataclass(frozen=True)
class Headline:
    units: int
    reporting: int
    done: dict  # item key -> units done
    held: int
    days_left: int  # to the deadline, as of the date viewed (negative once past)
    all_drafts_done: int


def headline(state: pd.DataFrame, campaign: Campaign, as_of: dt.date) -> Headline:
    done = {k: int((state[k] == DONE).sum()) for k in campaign.item_keys}
    all_drafts = state[campaign.draft_keys].eq(DONE).all(axis=1) if len(state) else pd.Series(dtype=bool)
    return Headline(
        units=len(state),
        reporting=int(state["report_date"].notna().sum()),
        done=done,
        held=int(state["held"].sum()),
        days_left=(campaign.deadline - as_of).days,
        all_drafts_done=int(all_drafts.sum()),
    )


def needs_attention(state: pd.DataFrame, schedule: pd.DataFrame, campaign: Campaign,
                    as_of: dt.date, rounds: pd.DataFrame | None = None) -> pd.DataFrame:  # fmt: skip
    """Units to look at, each with its reasons: (unit, code, detail) rows in campaign order.

    Every unit of ``state`` is looked at, whether or not a visit is planned for it. Given
    ``rounds`` (``rounds.round_table``), a unit that sent nothing for the round last due is
    flagged too."""
    as_of_iso = as_of.isoformat()
    window = campaign.attention_days
    to_deadline = (campaign.deadline - as_of).days
    inspected = {}
    if not schedule.empty:
        past = schedule[schedule["inspection_date"] <= as_of_iso]
        inspected = past.groupby("unit")["inspection_date"].max().to_dict()
    deadline = campaign.deadline.isoformat()
    missed = overdue(rounds, campaign, as_of) if rounds is not None else {}
    rows = []
    for r in state.to_dict(orient="records"):
        unit = r["unit"]
        missing = [k for k in campaign.draft_keys if r[k] != DONE]
        congress = r["congress_date"]
        if r["report_date"] is None:
            rows.append((unit, "never_reported", ""))
            continue
        if r["held"]:
            if r["delegates"] is not None and r["delegates"] > campaign.delegate_cap:
                rows.append((unit, "over_cap", {"delegates": r["delegates"], "cap": campaign.delegate_cap}))
            continue  # held: nothing else to chase
        if congress is not None:
            days = (dt.date.fromisoformat(congress) - as_of).days
            if missing and days <= window:
                rows.append((unit, "drafts_due", {"days": days, "items": missing, "date": congress}))
            if congress > deadline:
                rows.append((unit, "after_deadline", {"date": congress}))
        elif 0 <= to_deadline <= window:
            rows.append((unit, "no_congress_date", {"days": to_deadline, "date": deadline}))
            if missing:
                rows.append((unit, "drafts_due_deadline", {"days": to_deadline, "items": missing, "date": deadline}))
        if to_deadline < 0:
            rows.append((unit, "deadline_passed", {"date": deadline}))
        silent = (as_of - dt.date.fromisoformat(r["report_date"])).days
        if silent > campaign.report_days:
            rows.append((unit, "no_recent_report", {"days": silent, "date": r["report_date"]}))
        if unit in missed:
            rows.append((unit, "missing_round", missed[unit]))
        if unit in inspected and missing:
            rows.append((unit, "inspected_not_done", {"date": inspected[unit], "items": missing}))
        if r["delegates"] is not None and r["delegates"] > campaign.delegate_cap:
            rows.append((unit, "over_cap", {"delegates": r["delegates"], "cap": campaign.delegate_cap}))
    return pd.DataFrame(rows, columns=["unit", "code", "detail"])


def difficulties(state: pd.DataFrame) -> pd.DataFrame:
    """The latest difficulties and proposals by unit, where a unit reported any."""
    cols = ["unit", "report_date", "difficulties", "proposals"]
    has = state["difficulties"].notna() | state["proposals"].notna()
    return state.loc[has, cols].reset_index(drop=True)


def status_grid(reports: pd.DataFrame, campaign: Campaign, dates: list[str], item: str,
                units: list[str] | None = None) -> pd.DataFrame:  # fmt: skip
    """Unit x date: each unit's status of ``item`` as of each date (carried forward from its
    latest report; None before its first report). Rows in campaign order."""
    if units is not None:
        reports = reports[reports["unit"].isin(units)]
    names = [u for u in campaign.unit_names if units is None or u in units]
    if reports.empty:
        return pd.DataFrame(index=names, columns=dates, dtype=object)
    # A report with the item left empty is "not reported" on that date, so fill forward
    # over a marker for "a report exists" rather than over the status itself.
    marked = reports[["unit", "report_date"]].assign(status=reports[item].astype(object).fillna("__empty__"))
    marker = marked.pivot(index="unit", columns="report_date", values="status")
    marker = marker.reindex(columns=sorted(set(marker.columns) | set(dates)))
    filled = marker.ffill(axis=1).reindex(columns=dates)
    filled = filled.where(filled != "__empty__", None)
    return plain(filled.reindex(index=names))


def progress_over_time(reports: pd.DataFrame, campaign: Campaign, start: dt.date, end: dt.date,
                       units: list[str] | None = None, items: list[str] | None = None) -> pd.DataFrame:  # fmt: skip
    """For each item and each day from ``start`` to ``end``: how many units are done.

    Linear in the reports: each report changes its unit's "done" by +1, 0 or -1 against the
    unit's previous report; the count on a day is the running sum of those changes."""
    days = pd.date_range(start, end, freq="D")
    if units is not None:
        reports = reports[reports["unit"].isin(units)]
    ordered = reports.sort_values(["unit", "report_date"], kind="stable")
    dates = pd.to_datetime(ordered["report_date"])
    rows = []
    for item in items or campaign.item_keys:
        done = ordered[item].eq(DONE).fillna(False).astype("int64").to_numpy()
        previous = pd.Series(done).groupby(ordered["unit"].to_numpy()).shift(1, fill_value=0).to_numpy()
        change = pd.Series(done - previous, index=dates.to_numpy()).groupby(level=0).sum()
        before = int(change[change.index < days[0]].sum()) if len(days) else 0
        daily = change.reindex(days, fill_value=0)
        counts = daily.cumsum() + before
        rows.append(pd.DataFrame({"date": days, "item": item, "done": counts.to_numpy(dtype="int64")}))
    if not rows:
        return pd.DataFrame(columns=["date", "item", "done"])
    return pd.concat(rows, ignore_index=True)


def default_as_of(reports: pd.DataFrame, campaign: Campaign) -> dt.date:
    """The latest report date, or the inspection period's start when there is none."""
    return latest_report_date(reports) or campaign.inspection_start


def lanes(reports: pd.DataFrame, campaign: Campaign, as_of: dt.date | str, units: list[str]) -> dict[str, pd.DataFrame]:
    """For the status lanes: item -> unit x report date grid, over the units' report dates up to ``as_of``."""
    mine = reports[reports["unit"].isin(units) & (reports["report_date"] <= _iso(as_of))]
    dates = sorted(mine["report_date"].unique())
    return {item: status_grid(mine, campaign, dates, item, units) for item in campaign.item_keys}
