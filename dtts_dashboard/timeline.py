"""The Timeline page's content, made in one call from a version's data and the view's
filters: its three charts and what their captions need. Like the overview (``overview``),
the page shares it per data version and view (``ui.Context.shared``), and it is kept in the
store when slow to make (``results``): a new session reads it without the data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from . import charts, metrics
from .campaign import Campaign

MAX_LANE_UNITS = 8  # status lanes for at most this many units (one lane each per item)


@dataclass(frozen=True)
class Timeline:
    """What the Timeline shows (read only: shared by every session)."""

    units: int  # units in view
    schedule_figure: object  # a Plotly figure: visits and congress dates
    progress_figure: object | None  # progress over time; None without reports
    lanes_figure: object | None  # status lanes; None without reports or for too many units


def timeline(
    reports: pd.DataFrame,
    schedule: pd.DataFrame,
    findings: pd.DataFrame,
    campaign: Campaign,
    as_of: dt.date,
    units: list[str] | None,
    items: list[str],
    lang: str,
) -> Timeline:
    state = metrics.unit_state(reports, campaign, as_of, units)
    schedule_figure = charts.timeline_figure(state, schedule, campaign, as_of, lang, findings)
    progress_figure, lanes_figure = None, None
    if not reports.empty:
        start = min(metrics.first_report_date(reports), campaign.inspection_start)
        progress = metrics.progress_over_time(reports, campaign, start, max(as_of, start), units, items)
        progress_figure = charts.progress_figure(progress, campaign, as_of, len(state), lang, items)
        names = units if units else campaign.unit_names
        if len(names) <= MAX_LANE_UNITS:
            lanes_figure = charts.status_lanes(reports, campaign, as_of, names, lang, items)
    return Timeline(len(state), schedule_figure, progress_figure, lanes_figure)
