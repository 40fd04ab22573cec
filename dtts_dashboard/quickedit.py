"""Quick edit: one unit's report corrected in a form instead of a file.

The form is a one-row upload in disguise. ``prefill`` fills it from the unit's latest
report on or before the chosen date; ``one_row_csv`` turns what the editor leaves in it
into the bytes of a one-row progress file, which then goes through ``validate.check_file``,
``Store.preview`` and ``Store.import_checked`` exactly as an uploaded file does, and is kept
as the version's file (History shows and downloads it).

The form holds values as its widgets do: a status is its key or ``NOT_REPORTED`` (""), the
congress date a ``date`` or None, delegates and texts as typed ("" for none).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

import pandas as pd

from .campaign import Campaign
from .i18n import VIETNAM
from .links import as_of_bounds
from .metrics import default_as_of
from .schema import PROGRESS, STATUS_BY_KEY, columns, plain
from .store import diff_progress, latest_reports
from .text import loose_key
from .validate import FAR_DAYS

NOT_REPORTED = ""  # the status select's "Chưa báo cáo": an empty cell in the file
TEXT_FIELDS = ("next_tasks", "difficulties", "proposals")


def fields(campaign: Campaign) -> list[str]:
    """The form's fields in the file's column order: the items, congress date, delegates, texts."""
    return [c.key for c in columns(campaign, PROGRESS) if c.key not in ("report_date", "unit")]


def today_in_vietnam(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Vietnam, whatever the server's time zone."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(VIETNAM).date()


def _clamp(date: dt.date, campaign: Campaign) -> dt.date:
    low, high = as_of_bounds(campaign)
    return min(max(date, low), high)


def default_report_date(
    reports: pd.DataFrame, campaign: Campaign, as_of: dt.date, version: int | None, today: dt.date
) -> dt.date:
    """The report date the form opens on: today (in Vietnam) while the dashboard shows the
    current data; the latest report date on or before the date viewed when it shows past data
    (``?version=N``, or an as-of date picked in the sidebar). Kept within the dates the
    sidebar's as-of date offers (``links.as_of_bounds``)."""
    past = version is not None or as_of != _clamp(default_as_of(reports, campaign), campaign)
    if not past and today <= campaign.deadline:
        return _clamp(today, campaign)
    # Past data, or the campaign is over (a date months after its deadline would be a
    # surprise): the latest report date on or before the date viewed.
    dates = reports["report_date"][reports["report_date"] <= as_of.isoformat()] if not reports.empty else []
    return _clamp(dt.date.fromisoformat(max(dates)) if len(dates) else as_of, campaign)


def congress_date_bounds(campaign: Campaign, current: dt.date | None) -> tuple[dt.date, dt.date]:
    """The congress dates the form's picker offers: within a year of the campaign (beyond
    it a file's date is warned about), widened to hold the stored date."""
    low = campaign.inspection_start - dt.timedelta(days=FAR_DAYS)
    high = campaign.deadline + dt.timedelta(days=FAR_DAYS)
    if current is not None:
        low, high = min(low, current), max(high, current)
    return low, high


@dataclass(frozen=True)
class Prefill:
    """What the form opens with for a (unit, date), and the report it comes from."""

    values: dict  # field -> value as the form holds it
    source_date: str | None  # yyyy-mm-dd of the report the values come from; None: the unit had none by then


def _form_value(key: str, value, campaign: Campaign):
    if key in campaign.item_keys:
        return value if isinstance(value, str) and value in STATUS_BY_KEY else NOT_REPORTED
    if key == "congress_date":
        return dt.date.fromisoformat(value) if value else None
    return "" if value is None else str(value)


def prefill(reports: pd.DataFrame, campaign: Campaign, unit: str, date: dt.date) -> Prefill:
    """The unit's latest values on or before ``date`` (empty where it has no report by then)."""
    mine = reports[reports["unit"] == unit] if not reports.empty else reports
    latest = latest_reports(mine, date.isoformat()) if not mine.empty else mine
    if latest.empty:
        return Prefill({key: _form_value(key, None, campaign) for key in fields(campaign)}, None)
    row = plain(latest.iloc[[0]]).iloc[0]
    return Prefill({key: _form_value(key, row[key], campaign) for key in fields(campaign)}, row["report_date"])


def _cell(key: str, value, campaign: Campaign) -> str:
    if value is None or value == "":
        return ""
    if key in campaign.item_keys:
        if value not in STATUS_BY_KEY:
            raise ValueError(f"unknown status {value!r} for {key}")
        return STATUS_BY_KEY[value].vi  # the word a clerk would type in the file
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def one_row_csv(campaign: Campaign, unit: str, report_date: dt.date, values: dict) -> bytes:
    """The form as a one-row progress file: every column under its Vietnamese header (a
    column the file has replaces the stored value, an empty cell included), UTF-8 with BOM
    as the templates are. Texts are written as typed: reading the file back gives them."""
    cols = columns(campaign, PROGRESS)
    row = {"report_date": report_date, "unit": unit, **values}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.vi for c in cols])
    writer.writerow([_cell(c.key, row.get(c.key), campaign) for c in cols])
    return out.getvalue().encode("utf-8-sig")


def file_name(unit: str, report_date: dt.date) -> str:
    """``sua-nhanh-mai-chau-2024-06-20.csv``: the name the version's file is kept under."""
    slug = re.sub(r"[^a-z0-9]+", "-", loose_key(unit)).strip("-") or "don-vi"
    return f"sua-nhanh-{slug}-{report_date.isoformat()}.csv"


def edited_cells(reports: pd.DataFrame, records: pd.DataFrame, campaign: Campaign) -> pd.DataFrame:
    """What the one-row ``records`` change against the unit's latest report on or before its
    date in ``reports``: the report it replaces, or else the one it follows (every filled-in
    field when there is none). Rows: unit, report_date, column, old, new (as the store's
    preview gives changed cells), compared as the store compares them."""
    record = plain(records.iloc[[0]]).iloc[0]
    unit, date = record["unit"], record["report_date"]
    mine = reports[reports["unit"] == unit] if not reports.empty else reports
    before = latest_reports(mine, date) if not mine.empty else mine
    names = ["unit", "report_date", *fields(campaign)]
    if before.empty:
        before = pd.DataFrame([{**dict.fromkeys(names), "unit": unit}])
    before = before[names].assign(report_date=date)
    cells = diff_progress(before, records, campaign.item_keys).cells
    order = {key: n for n, key in enumerate(fields(campaign))}  # the form's order
    return cells.sort_values("column", key=lambda c: c.map(order), kind="stable", ignore_index=True)


__all__ = [
    "NOT_REPORTED",
    "Prefill",
    "congress_date_bounds",
    "default_report_date",
    "edited_cells",
    "fields",
    "file_name",
    "one_row_csv",
    "prefill",
    "today_in_vietnam",
]
