"""A unit's inspection visits, each with what the team found beside what the unit itself
reported in the same days (its latest report on or before the visit).

Codes, not words: ``tables.visit_*`` say them in the page's language. A visit is
``recorded`` (findings are in, on or before the date viewed), ``no_findings`` (its date has
passed and no findings are recorded) or ``planned`` (its date is after the date viewed).
Findings for a date with no planned visit are listed too, marked as not in the schedule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .campaign import Campaign
from .metrics import disagrees
from .schema import plain
from .store import latest_reports

RECORDED, NO_FINDINGS, PLANNED = "recorded", "no_findings", "planned"
VISIT_STATES = (RECORDED, NO_FINDINGS, PLANNED)


@dataclass(frozen=True)
class ItemResult:
    key: str
    assessment: str | None  # the team's (schema.ASSESSMENTS), None: not assessed
    status: str | None  # the unit's own, from its report of ``Visit.report_date``; None: not reported
    disagrees: bool  # metrics.disagrees: the unit says done and the team found it short, or the other way round


@dataclass(frozen=True)
class Visit:
    date: str  # yyyy-mm-dd
    state: str  # RECORDED, NO_FINDINGS or PLANNED
    scheduled: bool  # in the inspection schedule (False: findings for a date no visit was planned on)
    lead: str | None = None
    members: str | None = None
    venue: str | None = None
    report_date: str | None = None  # the unit's latest report on or before the visit (RECORDED only)
    items: tuple[ItemResult, ...] = ()
    remarks: str | None = None
    recommendations: str | None = None
    fix_by: str | None = None

    @property
    def differing(self) -> list[str]:
        return [i.key for i in self.items if i.disagrees]


def _rows(frame: pd.DataFrame | None, unit: str) -> list[dict]:
    if frame is None or frame.empty:
        return []
    return plain(frame[frame["unit"] == unit]).to_dict(orient="records")


def unit_visits(
    schedule: pd.DataFrame,
    findings: pd.DataFrame | None,
    reports: pd.DataFrame,
    campaign: Campaign,
    unit: str,
    as_of: dt.date | str,
) -> list[Visit]:
    """Every visit of ``unit`` (planned, or with findings on or before ``as_of``), oldest first."""
    as_of = as_of if isinstance(as_of, str) else as_of.isoformat()
    planned = {r["inspection_date"]: r for r in _rows(schedule, unit)}
    found = {r["inspection_date"]: r for r in _rows(findings, unit) if r["inspection_date"] <= as_of}
    mine = reports[reports["unit"] == unit] if not reports.empty else reports
    visits = []
    for date in sorted(set(planned) | set(found)):
        plan = planned.get(date, {})
        where = {k: plan.get(k) for k in ("lead", "members", "venue")}
        if date not in found:
            state = PLANNED if date > as_of else NO_FINDINGS
            visits.append(Visit(date, state, True, **where))
            continue
        seen = found[date]
        latest = latest_reports(mine, date) if not mine.empty else mine
        own = plain(latest).iloc[0].to_dict() if len(latest) else {}
        items = tuple(
            ItemResult(k, seen.get(k), own.get(k), disagrees(own.get(k), seen.get(k))) for k in campaign.item_keys
        )
        visits.append(
            Visit(
                date,
                RECORDED,
                date in planned,
                **where,
                report_date=own.get("report_date"),
                items=items,
                remarks=seen.get("remarks"),
                recommendations=seen.get("recommendations"),
                fix_by=seen.get("fix_by"),
            )
        )
    return visits
