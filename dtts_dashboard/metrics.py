"""What the committee reads off the data: each unit's state as of a date, headline numbers,
who needs attention and why, progress over time. Plain functions over DataFrames."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from .campaign import Campaign
from .rounds import overdue
from .schema import DONE, FAILS, MEETS, NEEDS_WORK, plain, records
from .store import latest_reports
from .text import is_nothing

# Every reason a unit may need attention, by its stable code (README: "Needs attention").
ATTENTION_CODES = (
    "never_reported",
    "drafts_due",
    "drafts_due_deadline",
    "no_congress_date",
    "deadline_passed",
    "after_deadline",
    "no_recent_report",
    "missing_round",
    "inspected_not_done",
    "inspection_disagrees",
    "fix_overdue",
    "followup_open",
    "over_cap",
)


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


def _unit_names(campaign: Campaign, units: list[str] | None) -> list[str]:
    """The campaign's units in its order, only those of ``units`` when given."""
    wanted = None if units is None else set(units)
    return [u for u in campaign.unit_names if wanted is None or u in wanted]


def unit_state(
    reports: pd.DataFrame, campaign: Campaign, as_of: dt.date | str, units: list[str] | None = None
) -> pd.DataFrame:
    """One row per unit in campaign order: its latest report on or before ``as_of`` (item
    statuses None where not reported), and whether its congress is held by then."""
    as_of = _iso(as_of)
    names = _unit_names(campaign, units)
    latest = latest_reports(reports, as_of) if not reports.empty else pd.DataFrame(columns=["unit"])
    at = pd.Index(latest["unit"]).get_indexer(names)  # each unit's row, looked up once (-1: none)
    has = at >= 0
    fields = [
        "report_date",
        "congress_date",
        "delegates",
        "next_tasks",
        "difficulties",
        "proposals",
        *campaign.item_keys,
        "sample",
    ]
    columns = {"unit": names}
    for name in fields:
        columns[name] = np.full(len(names), None, dtype=object)
        if name in latest.columns:
            columns[name][has] = latest[name].to_numpy(object, na_value=None)[at[has]]
    # objects, None where missing, as ``plain`` makes them (not text made Arrow, then objects)
    state = pd.DataFrame(columns, dtype=object)
    state["held"] = state["congress_date"].map(lambda d: d is not None and d <= as_of)
    state["sample"] = state["sample"].map(bool)
    return state


def inspection_state(
    findings: pd.DataFrame, campaign: Campaign, as_of: dt.date | str, units: list[str] | None = None
) -> pd.DataFrame:
    """One row per unit in campaign order: what its latest inspection on or before ``as_of``
    found (visit date, each item's assessment, recommendations, act-by date; None where no
    findings are recorded)."""
    as_of = _iso(as_of)
    names = _unit_names(campaign, units)
    fields = ["inspection_date", *campaign.item_keys, "remarks", "recommendations", "fix_by"]
    out = pd.DataFrame({"unit": names})
    if findings is None or findings.empty:
        for name in fields:
            out[name] = None
        return out
    upto = findings[findings["inspection_date"] <= as_of].sort_values(["unit", "inspection_date"], kind="stable")
    latest = upto.drop_duplicates("unit", keep="last").set_index("unit")
    for name in fields:
        out[name] = out["unit"].map(latest[name]).astype(object) if name in latest.columns else None
    return plain(out)


# A visit's outcome (Timeline markers): the worst assessment of its items; a visit whose
# date has come without any item assessed has none recorded yet; a later one is planned.
VISIT_OUTCOMES = (FAILS, NEEDS_WORK, MEETS, "no_findings", "planned")


def visit_outcome(assessments: list, visit_date: str, as_of: str) -> str:
    """The code of one visit's outcome as of ``as_of`` (yyyy-mm-dd): fails > needs_work > meets;
    ``no_findings`` when its date has come and nothing is assessed, ``planned`` before its date."""
    if visit_date > as_of:
        return "planned"
    for code in (FAILS, NEEDS_WORK, MEETS):
        if code in assessments:
            return code
    return "no_findings"


def visit_outcomes(
    schedule: pd.DataFrame,
    findings: pd.DataFrame | None,
    campaign: Campaign,
    as_of: dt.date | str,
    units: list[str] | None = None,
) -> pd.DataFrame:
    """One row per inspection visit (planned in the schedule, or with findings on or before
    ``as_of`` though not planned), units in campaign order then by date: unit,
    inspection_date, lead, outcome (``VISIT_OUTCOMES``)."""
    as_of = _iso(as_of)
    columns = ["unit", "inspection_date", "lead"]
    parts = []
    if schedule is not None and not schedule.empty:
        parts.append(pd.DataFrame({c: schedule[c] if c in schedule.columns else None for c in columns}))
    seen = pd.DataFrame(columns=["unit", "inspection_date", *campaign.item_keys])
    if findings is not None and not findings.empty:
        seen = findings[findings["inspection_date"] <= as_of]
        parts.append(pd.DataFrame({"unit": seen["unit"], "inspection_date": seen["inspection_date"], "lead": None}))
    if not parts:
        return pd.DataFrame(columns=[*columns, "outcome"])
    visits = pd.concat([p.astype(object) for p in parts], ignore_index=True)
    visits = visits.drop_duplicates(["unit", "inspection_date"], keep="first")  # the schedule's row has the lead
    order = {u: i for i, u in enumerate(campaign.unit_names)}
    visits = visits[visits["unit"].isin(order if units is None else [u for u in units if u in order])]
    found = {(r["unit"], r["inspection_date"]): [r.get(k) for k in campaign.item_keys] for r in records(seen)}
    visits = visits.assign(
        outcome=[
            visit_outcome(found.get((u, d), []), d, as_of) for u, d in zip(visits["unit"], visits["inspection_date"])
        ],
        order=visits["unit"].map(order),
    )
    visits = visits.sort_values(["order", "inspection_date"], kind="stable").drop(columns="order")
    return plain(visits.reset_index(drop=True))


def _inspected(inspection: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``inspection_state`` of units inspected (the others hold None throughout)."""
    return inspection[inspection["inspection_date"].notna().to_numpy(dtype=bool)]


def disagrees(status: str | None, assessment: str | None) -> bool:
    """The unit says done and the team found it short, or the unit says not done and the
    team found it met; an item not reported or not assessed disagrees with nothing."""
    if assessment is None or status is None:
        return False
    return (status == DONE) != (assessment == MEETS)


def disagreements(state: pd.DataFrame, inspection: pd.DataFrame, campaign: Campaign) -> dict[str, list[str]]:
    """unit -> the items where the latest inspection's assessment disagrees with the unit's
    own latest report (``inspection``: ``inspection_state``, whose rows without a visit date
    hold nothing)."""
    found = {r["unit"]: r for r in records(_inspected(inspection))}  # one row per unit inspected
    if not found:
        return {}
    out = {}
    keys = campaign.item_keys
    for r in records(state[state["unit"].isin(list(found)).to_numpy(dtype=bool)]):
        seen = found[r["unit"]]
        items = [k for k in keys if disagrees(r[k], seen[k])]
        if items:
            out[r["unit"]] = items
    return out


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


def needs_attention(
    state: pd.DataFrame,
    schedule: pd.DataFrame,
    campaign: Campaign,
    as_of: dt.date,
    inspection: pd.DataFrame | None = None,
    open_followups: pd.DataFrame | None = None,
    rounds: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Units to look at, each with its reasons: (unit, code, detail) rows in campaign order.

    Every unit of ``state`` is looked at, whether or not a visit is planned for it;
    ``inspection`` (``inspection_state``) adds what the inspections found, ``open_followups``
    (``followups.per_unit``) the difficulties and proposals still waiting for an answer, and
    ``rounds`` (``rounds.round_table``) the units that sent nothing for the round last due."""
    # One row per unit, as records: looked up per unit (``.loc`` 10,000 times took a second)
    found = {r["unit"]: r for r in records(_inspected(inspection))} if inspection is not None else {}
    waiting = {}
    if open_followups is not None and not open_followups.empty:
        late = open_followups[open_followups["oldest_days"] > campaign.followup_days]
        numbers = zip(late["unit"].tolist(), late["open"].tolist(), late["oldest_days"].tolist())
        waiting = {unit: {"count": int(count), "days": int(days)} for unit, count, days in numbers}
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
    drafts = campaign.draft_keys
    # Row by row over the columns the rules read (a dict per unit took half their time); the
    # inspection rules, for the few units inspected, get the row as a dict; drafts are looked
    # at where a rule asks.
    keys = campaign.item_keys
    draft_at = [keys.index(k) for k in drafts]
    columns = ["unit", "report_date", "congress_date", "held", "delegates", *keys]
    for unit, report, congress, held, delegates, *status in zip(*(state[c].tolist() for c in columns)):
        if report is None:
            rows.append((unit, "never_reported", ""))
            continue
        if unit in waiting:
            rows.append((unit, "followup_open", waiting[unit]))
        if held:
            if delegates is not None and delegates > campaign.delegate_cap:
                rows.append((unit, "over_cap", {"delegates": delegates, "cap": campaign.delegate_cap}))
            continue  # held: nothing else to chase
        missing = [k for k, i in zip(drafts, draft_at) if status[i] != DONE]
        if congress is not None:
            days = _days_from(as_of, congress)
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
        silent = -_days_from(as_of, report)
        if silent > campaign.report_days:
            rows.append((unit, "no_recent_report", {"days": silent, "date": report}))
        if unit in missed:
            rows.append((unit, "missing_round", missed[unit]))
        if unit in inspected and missing:
            rows.append((unit, "inspected_not_done", {"date": inspected[unit], "items": missing}))
        if unit in found:
            latest = dict(zip(keys, status), report_date=report)
            rows += _inspection_reasons(unit, latest, found[unit], campaign, as_of_iso)
        if delegates is not None and delegates > campaign.delegate_cap:
            rows.append((unit, "over_cap", {"delegates": delegates, "cap": campaign.delegate_cap}))
    return pd.DataFrame(rows, columns=["unit", "code", "detail"])


@lru_cache(maxsize=4096)
def _days_from(as_of: dt.date, date: str) -> int:
    """Days from ``as_of`` to ``date`` (yyyy-mm-dd), each pair counted once (10,000 units share
    a few dates)."""
    return (dt.date.fromisoformat(date) - as_of).days


@dataclass(frozen=True)
class Attention:
    """What the overview, ``summary`` and the report say about units needing attention, all
    computed here once: the latest inspections, the follow-up items waiting per unit, the reasons."""

    inspection: pd.DataFrame  # inspection_state
    items: pd.DataFrame  # followups.items, for the units of the state
    waiting: pd.DataFrame  # followups.per_unit
    reasons: pd.DataFrame  # needs_attention
    rounds: pd.DataFrame  # rounds.round_table


def attention(
    state: pd.DataFrame,
    reports: pd.DataFrame,
    schedule: pd.DataFrame,
    findings: pd.DataFrame | None,
    handling: pd.DataFrame | None,
    campaign: Campaign,
    as_of: dt.date,
) -> Attention:
    """Needs attention for the units of ``state``, with everything its rules look at."""
    from . import followups
    from .rounds import round_table

    units = list(state["unit"])
    by_round = round_table(reports, state, campaign, as_of)
    inspection = inspection_state(findings, campaign, as_of, units)
    some = units if len(units) < len(campaign.unit_names) else None  # a filter: the items of its units only
    raised = followups.items(
        reports, findings, handling if handling is not None else pd.DataFrame(), campaign, as_of, some
    )
    raised = raised[raised["unit"].isin(units)]
    waiting = followups.per_unit(raised)
    reasons = needs_attention(state, schedule, campaign, as_of, inspection, waiting, by_round)
    return Attention(inspection, raised, waiting, reasons, by_round)


def _inspection_reasons(unit: str, report: dict, seen: dict, campaign: Campaign, as_of: str) -> list[tuple]:
    """Where the latest inspection disagrees with the unit's latest report, and an act-by date
    passed without a newer report of those items done."""
    rows = []
    visit = seen["inspection_date"]
    differ = [k for k in campaign.item_keys if disagrees(report[k], seen[k])]
    if differ:
        rows.append((unit, "inspection_disagrees", {"date": visit, "items": differ}))
    short = [k for k in campaign.item_keys if seen[k] in (NEEDS_WORK, FAILS)]
    fixed = report["report_date"] > visit and all(report[k] == DONE for k in short)
    if seen["fix_by"] is not None and seen["fix_by"] < as_of and short and not fixed:
        rows.append((unit, "fix_overdue", {"date": seen["fix_by"], "items": short}))
    return rows


def difficulties(state: pd.DataFrame) -> pd.DataFrame:
    """The latest difficulties and proposals by unit, where a unit reported any: a cell that says
    there is nothing to report ("Không", "Không có khó khăn", "-") counts as empty (None)."""
    cols = ["unit", "report_date", "difficulties", "proposals"]
    frame = state[cols].astype(object)
    for key in ("difficulties", "proposals"):
        values = frame[key].tolist()
        said = {v: not is_nothing(v) for v in set(values) if isinstance(v, str)}  # each distinct text once
        kept = [v if (said[v] if isinstance(v, str) else not is_nothing(v)) else None for v in values]
        frame[key] = pd.Series(kept, index=frame.index, dtype=object)
    has = frame["difficulties"].notna() | frame["proposals"].notna()
    return frame.loc[has].reset_index(drop=True)


def status_grid(
    reports: pd.DataFrame, campaign: Campaign, dates: list[str], item: str, units: list[str] | None = None
) -> pd.DataFrame:
    """Unit x date: each unit's status of ``item`` as of each date (carried forward from its
    latest report; None before its first report). Rows in campaign order."""
    if units is not None:
        reports = reports[reports["unit"].isin(units)]
    names = [u for u in campaign.unit_names if units is None or u in units]
    if reports.empty:
        return pd.DataFrame(index=names, columns=dates, dtype=object)
    # Each cell holds the number of the report it shows: the unit's latest on or before that
    # date, carried forward over a report of any status (a report with the item left empty is
    # "not reported" on that date, not the status before it); -1 before its first report.
    reports = reports.drop_duplicates(["unit", "report_date"], keep="last")  # one report per cell (a store's are)
    days = sorted(set(reports["report_date"]) | set(dates))
    row = reports["unit"].map({u: i for i, u in enumerate(names)}).to_numpy(dtype="float64", na_value=np.nan)
    col = reports["report_date"].map({d: j for j, d in enumerate(days)}).to_numpy(dtype="int64")
    known = ~np.isnan(row)
    held = np.full((len(names), len(days)), -1, dtype="int64")
    held[row[known].astype("int64"), col[known]] = np.flatnonzero(known)
    last = np.maximum.accumulate(np.where(held >= 0, np.arange(len(days)), -1), axis=1)
    shown = np.where(last >= 0, np.take_along_axis(held, np.maximum(last, 0), axis=1), -1)
    values = np.array([*(v if isinstance(v, str) else None for v in reports[item].astype(object)), None], dtype=object)
    wanted = [days.index(d) for d in dates]
    grid = pd.DataFrame(values[shown[:, wanted]], index=names, columns=dates, dtype=object)
    return grid.rename_axis(index="unit", columns="report_date")


def progress_over_time(
    reports: pd.DataFrame,
    campaign: Campaign,
    start: dt.date,
    end: dt.date,
    units: list[str] | None = None,
    items: list[str] | None = None,
) -> pd.DataFrame:
    """For each item and each day from ``start`` to ``end``: how many units are done.

    Linear in the reports: each report changes its unit's "done" by +1, 0 or -1 against the
    unit's previous report; the count on a day is the running sum of those changes."""
    days = pd.date_range(start, end, freq="D")
    if units is not None:
        reports = reports[reports["unit"].isin(units)]
    ordered = reports.sort_values(["unit", "report_date"], kind="stable")
    # Units and dates as numbers, once (600,000 texts made into objects per item took seconds):
    # a unit's first report has no previous one; the changes are summed per distinct date.
    units_in_order = pd.factorize(ordered["unit"])[0]
    first = np.ones(len(units_in_order), dtype=bool)
    first[1:] = units_in_order[1:] != units_in_order[:-1]
    day_codes, day_texts = pd.factorize(ordered["report_date"])
    dates = pd.to_datetime(pd.Index(day_texts, dtype=object))
    rows = []
    for item in items or campaign.item_keys:
        done = ordered[item].eq(DONE).fillna(False).astype("int64").to_numpy()
        previous = np.zeros_like(done)
        previous[1:] = done[:-1]
        previous[first] = 0
        summed = np.bincount(day_codes, weights=done - previous, minlength=len(dates)).astype("int64")
        change = pd.Series(summed, index=dates).sort_index()
        before = int(change[change.index < days[0]].sum()) if len(days) else 0
        daily = change.reindex(days, fill_value=0)
        counts = daily.cumsum() + before
        rows.append(pd.DataFrame({"date": days, "item": item, "done": counts.to_numpy(dtype="int64")}))
    if not rows:
        return pd.DataFrame(columns=["date", "item", "done"])
    return pd.concat(rows, ignore_index=True)


def default_as_of(reports: pd.DataFrame, campaign: Campaign, findings: pd.DataFrame | None = None) -> dt.date:
    """The latest date with data: the latest report date or, given ``findings``, the latest
    inspection date when later (findings entered right after a visit are in view at once);
    the inspection period's start when there is neither."""
    latest = latest_report_date(reports)
    if findings is not None and not findings.empty:
        visited = dt.date.fromisoformat(findings["inspection_date"].max())
        latest = max(latest, visited) if latest else visited
    return latest or campaign.inspection_start


def data_facts(reports: pd.DataFrame, findings: pd.DataFrame, campaign: Campaign) -> tuple[dt.date, bool]:
    """What every page needs before its filters, known without reading the data again once
    kept (``results``): the default "as of" date (``default_as_of``) and whether any progress
    report is in view."""
    return default_as_of(reports, campaign, findings), not reports.empty


def lanes(reports: pd.DataFrame, campaign: Campaign, as_of: dt.date | str, units: list[str]) -> dict[str, pd.DataFrame]:
    """For the status lanes: item -> unit x report date grid, over the units' report dates up to ``as_of``."""
    mine = reports[reports["unit"].isin(units) & (reports["report_date"] <= _iso(as_of))]
    dates = sorted(mine["report_date"].unique())
    return {item: status_grid(mine, campaign, dates, item, units) for item in campaign.item_keys}
