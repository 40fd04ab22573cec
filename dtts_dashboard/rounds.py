"""Reporting rounds: who reported on time for each round, who late, who not at all.

A round is a name and a due date (campaign data). The rule, per unit and round, as of the
date viewed (reports dated after it do not exist yet):
- on time: a report dated within the round, after the previous round's due date and up to
  this one's (the first round has no start: any report up to its due date);
- not expected: none within the round, and the unit has held its congress by the due date
  (and by the date viewed): there is nothing left to prepare, so it is left out of the
  round's counts;
- late: none within the round, but one after the due date and before the next round's due
  date (the last round: any time after its due date);
- missing: none of these. For a round not yet due, "missing" means "not sent yet".

Only rounds that have opened by the date viewed are looked at (the first round, and every
round whose previous round's due date is before that date). Plain functions; words are
``tables``' business.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .campaign import Campaign

ON_TIME, LATE, MISSING, NOT_EXPECTED = "on_time", "late", "missing", "not_expected"
ROUND_CODES = (ON_TIME, LATE, MISSING, NOT_EXPECTED)


@dataclass(frozen=True)
class Window:
    """A round as the rule sees it: ISO dates, ``opens`` and ``closes`` exclusive."""

    opens: str | None  # the previous round's due date; None for the first round
    due: str
    closes: str | None  # the next round's due date; None for the last round


def round_status(report_dates: Sequence[str], window: Window, congress_date: str | None, as_of: str) -> str:
    """One unit's status for one round. ``report_dates``: the unit's report dates (ISO);
    ``congress_date``: its congress date as of ``as_of``, if it has reported one."""
    days = np.array(report_dates, dtype="datetime64[D]")
    return str(_statuses(np.zeros(len(days), dtype="int64"), days, [congress_date], window, as_of)[0])


def _statuses(unit_codes: np.ndarray, days: np.ndarray, congress: list, window: Window, as_of: str) -> np.ndarray:
    """The rule for every unit at once: ``unit_codes[k]`` is the unit (an index into
    ``congress``) of the report dated ``days[k]`` (``datetime64[D]``)."""
    day = np.datetime64
    seen = days <= day(as_of)
    opened = days > day(window.opens) if window.opens else True
    within = _units_with(unit_codes, seen & opened & (days <= day(window.due)), len(congress))
    closed = days < day(window.closes) if window.closes else True
    after = _units_with(unit_codes, seen & (days > day(window.due)) & closed, len(congress))
    until = min(window.due, as_of)
    held = np.array([c is not None and c <= until for c in congress], dtype=bool)
    return np.select([within, held, after], [ON_TIME, NOT_EXPECTED, LATE], MISSING)


def _units_with(unit_codes: np.ndarray, mask: np.ndarray, count: int) -> np.ndarray:
    """For each of ``count`` units: whether any of its reports is in ``mask``."""
    found = np.zeros(count, dtype=bool)
    found[unit_codes[mask]] = True
    return found


def windows(campaign: Campaign) -> list[Window]:
    dues = [r.due.isoformat() for r in campaign.rounds]
    return [
        Window(dues[i - 1] if i else None, due, dues[i + 1] if i + 1 < len(dues) else None)
        for i, due in enumerate(dues)
    ]


def rounds_in_view(campaign: Campaign, as_of: dt.date) -> list[int]:
    """The indexes of the rounds opened by ``as_of``: the first, and those whose previous
    round was due before it."""
    day = as_of.isoformat()
    return [i for i, w in enumerate(windows(campaign)) if w.opens is None or w.opens < day]


def current_round(campaign: Campaign, as_of: dt.date) -> int | None:
    """The first round due on or after ``as_of`` (once every round is past, the last one);
    None when the campaign has no rounds."""
    if not campaign.rounds:
        return None
    return next((i for i, r in enumerate(campaign.rounds) if r.due >= as_of), len(campaign.rounds) - 1)


def last_due_round(campaign: Campaign, as_of: dt.date) -> int | None:
    """The round most recently due on or before ``as_of``, if any."""
    due = [i for i, r in enumerate(campaign.rounds) if r.due <= as_of]
    return due[-1] if due else None


def round_table(reports: pd.DataFrame, state: pd.DataFrame, campaign: Campaign, as_of: dt.date) -> pd.DataFrame:
    """(round, unit, status) for every round in view and every unit of ``state`` (its
    congress date as of ``as_of``, from ``metrics.unit_state``), rounds in order, units in
    the state's order."""
    shown = rounds_in_view(campaign, as_of)
    if not shown:
        return pd.DataFrame(columns=["round", "unit", "status"])
    day = as_of.isoformat()
    units = pd.Index(state["unit"])
    named, names = pd.factorize(reports["unit"])  # each unit's name looked up once, not per report
    codes = np.append(units.get_indexer(names), -1)[named]  # -1: a unit filtered out (or none named)
    mine = codes >= 0
    dates, distinct = pd.factorize(reports["report_date"])  # a few distinct dates: parse each once
    days = np.array(distinct, dtype="datetime64[D]")[dates[mine]]
    codes = codes[mine]
    congress = list(state["congress_date"])
    all_windows = windows(campaign)
    parts = [
        pd.DataFrame({"round": i, "unit": units, "status": _statuses(codes, days, congress, all_windows[i], day)})
        for i in shown
    ]
    return pd.concat(parts, ignore_index=True)


def round_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Per round in the table: how many units are on time, late, missing and not expected,
    and how many were expected (the first three)."""
    if table.empty:
        return pd.DataFrame(columns=["round", *ROUND_CODES, "expected"], dtype="int64")
    counts = pd.crosstab(table["round"], table["status"]).reindex(columns=list(ROUND_CODES), fill_value=0)
    counts["expected"] = counts[[ON_TIME, LATE, MISSING]].sum(axis=1)
    counts.index.name = "round"
    return counts.astype("int64").reset_index()


def units_by_status(table: pd.DataFrame, index: int) -> dict[str, list[str]]:
    """status -> the units with it in round ``index``, in the table's order."""
    part = table[table["round"] == index]
    return {code: list(part.loc[part["status"] == code, "unit"]) for code in ROUND_CODES}


def overdue(table: pd.DataFrame, campaign: Campaign, as_of: dt.date) -> dict[str, dict]:
    """unit -> detail, for the units that have sent nothing for the round most recently due
    (on or before ``as_of``): the needs-attention reason ``missing_round``."""
    index = last_due_round(campaign, as_of)
    if index is None or table.empty:
        return {}
    due = campaign.rounds[index].due.isoformat()
    part = table[(table["round"] == index) & (table["status"] == MISSING)]
    return {unit: {"round": index, "date": due} for unit in part["unit"]}
