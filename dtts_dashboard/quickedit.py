"""Forms saved as files: one unit's report (quick edit) or one visit's inspection findings
entered in a form instead of a file.

A form is a one-row upload in disguise, and one set of functions serves both kinds, each
parameterised by its kind's columns (``FORMS``). ``prefill`` fills the form from what is
stored for the unit: for a report, its latest report on or before the chosen date; for
findings, the findings already saved for that visit (a correction), else nothing.
``one_row_csv`` turns what the editor leaves in the form into the bytes of a one-row file of
that kind, which then goes through ``validate.check_file``, ``Store.preview`` and
``Store.import_checked`` exactly as an uploaded file does, and is kept as the version's file
(History shows and downloads it). ``edited_cells`` is what the preview shows changed.

The form holds values as its widgets do: an item is its key (a status or an assessment) or
``NOT_REPORTED`` (""), a date a ``date`` or None, numbers and texts as typed ("" for none).
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
from .schema import ASSESSMENT_BY_KEY, FINDINGS, PROGRESS, STATUS_BY_KEY, Status, columns, plain
from .store import diff_rows
from .text import loose_key
from .validate import FAR_DAYS

NOT_REPORTED = ""  # an item left empty ("Chưa báo cáo", "Chưa đánh giá"): an empty cell in the file
TEXT_FIELDS = ("next_tasks", "difficulties", "proposals")


@dataclass(frozen=True)
class Form:
    """What differs between the kinds of form: the file's kind and date column, the words an
    item takes, the name its file is kept under, and where its prefill comes from."""

    kind: str
    date_key: str
    choices: dict[str, Status]  # an item's values (key -> its words)
    file_prefix: str
    carries_forward: bool  # True: prefilled from the latest row on or before the date; False: that date's only


FORMS = {
    PROGRESS: Form(PROGRESS, "report_date", STATUS_BY_KEY, "sua-nhanh", True),
    FINDINGS: Form(FINDINGS, "inspection_date", ASSESSMENT_BY_KEY, "ket-qua-kiem-tra", False),
}


def fields(campaign: Campaign, kind: str = PROGRESS) -> list[str]:
    """The form's fields in the file's column order (all but the unit and the date): for a
    report the items, congress date, delegates, texts; for findings the items, remarks,
    recommendations, act-by date."""
    form = FORMS[kind]
    return [c.key for c in columns(campaign, kind) if c.key not in (form.date_key, "unit")]


def today_in_vietnam(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Vietnam, whatever the server's time zone."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(VIETNAM).date()


def _clamp(date: dt.date, campaign: Campaign) -> dt.date:
    low, high = as_of_bounds(campaign)
    return min(max(date, low), high)


def default_report_date(
    reports: pd.DataFrame,
    campaign: Campaign,
    as_of: dt.date,
    version: int | None,
    today: dt.date,
    findings: pd.DataFrame | None = None,
) -> dt.date:
    """The report date the form opens on: today (in Vietnam) while the dashboard shows the
    current data; the latest report date on or before the date viewed when it shows past data
    (``?version=N``, or an as-of date picked in the sidebar; the sidebar's default takes the
    ``findings`` into account). Kept within the dates the sidebar's as-of date offers
    (``links.as_of_bounds``)."""
    past = version is not None or as_of != _clamp(default_as_of(reports, campaign, findings), campaign)
    if not past and today <= campaign.deadline:
        return _clamp(today, campaign)
    # Past data, or the campaign is over (a date months after its deadline would be a
    # surprise): the latest report date on or before the date viewed.
    dates = reports["report_date"][reports["report_date"] <= as_of.isoformat()] if not reports.empty else []
    return _clamp(dt.date.fromisoformat(max(dates)) if len(dates) else as_of, campaign)


def other_visit_date(campaign: Campaign, today: dt.date) -> dt.date:
    """The date a visit not in the schedule is first offered on: today (in Vietnam), kept
    within the dates the sidebar offers."""
    return _clamp(today, campaign)


def date_bounds(campaign: Campaign, current: dt.date | None) -> tuple[dt.date, dt.date]:
    """The dates a form's date pickers offer (congress date, act-by date): within a year of
    the campaign (beyond it a file's date is warned about), widened to hold the stored date."""
    low = campaign.inspection_start - dt.timedelta(days=FAR_DAYS)
    high = campaign.deadline + dt.timedelta(days=FAR_DAYS)
    if current is not None:
        low, high = min(low, current), max(high, current)
    return low, high


@dataclass(frozen=True)
class Visit:
    """A date the findings form offers for a unit: planned in the schedule, with findings
    saved already, or both."""

    date: dt.date
    planned: bool
    recorded: bool


def visits(schedule: pd.DataFrame, findings: pd.DataFrame, unit: str) -> list[Visit]:
    """The unit's visits to pick from: its planned inspection dates first (in date order),
    then the other dates that already have findings."""

    def dates(frame: pd.DataFrame | None) -> set[str]:
        if frame is None or frame.empty:
            return set()
        return set(frame.loc[frame["unit"] == unit, "inspection_date"])

    planned, recorded = dates(schedule), dates(findings)
    return [Visit(dt.date.fromisoformat(d), True, d in recorded) for d in sorted(planned)] + [
        Visit(dt.date.fromisoformat(d), False, True) for d in sorted(recorded - planned)
    ]


def held_congress(reports: pd.DataFrame, campaign: Campaign, unit: str, date: dt.date) -> dt.date | None:
    """The date the unit held its congress, if its latest report on or before ``date`` says
    it was held by then (its findings are recorded all the same); else None."""
    held = prefill(reports, campaign, unit, date).values["congress_date"]
    return held if held is not None and held <= date else None


@dataclass(frozen=True)
class Prefill:
    """What the form opens with for a (unit, date), and the row it comes from."""

    values: dict  # field -> value as the form holds it
    source_date: str | None  # yyyy-mm-dd of the row the values come from; None: none (an empty form)


def _types(campaign: Campaign, kind: str) -> dict[str, str]:
    return {c.key: c.type for c in columns(campaign, kind)}


def _form_value(key: str, value, campaign: Campaign, kind: str):
    if key in campaign.item_keys:
        return value if isinstance(value, str) and value in FORMS[kind].choices else NOT_REPORTED
    if _types(campaign, kind)[key] == "date":
        return dt.date.fromisoformat(value) if value else None
    return "" if value is None else str(value)


def _before(rows: pd.DataFrame, unit: str, date: str, kind: str) -> pd.DataFrame:
    """The unit's stored row the form starts from: for a report the latest on or before
    ``date``, for findings the one of that date (none for a new visit)."""
    form = FORMS[kind]
    mine = rows[rows["unit"] == unit] if not rows.empty else rows
    if mine.empty:
        return mine
    upto = mine[mine[form.date_key] <= date] if form.carries_forward else mine[mine[form.date_key] == date]
    return upto.sort_values(form.date_key, kind="stable").tail(1).reset_index(drop=True)


def prefill(rows: pd.DataFrame, campaign: Campaign, unit: str, date: dt.date, kind: str = PROGRESS) -> Prefill:
    """The form's values for the unit and date from ``rows`` (the store's reports or findings
    of ``kind``): empty where nothing is stored to start from."""
    before = _before(rows, unit, date.isoformat(), kind)
    if before.empty:
        return Prefill({key: _form_value(key, None, campaign, kind) for key in fields(campaign, kind)}, None)
    row = plain(before.iloc[[0]]).iloc[0]
    values = {key: _form_value(key, row[key], campaign, kind) for key in fields(campaign, kind)}
    return Prefill(values, row[FORMS[kind].date_key])


def _cell(key: str, value, campaign: Campaign, kind: str) -> str:
    if value is None or value == "":
        return ""
    if key in campaign.item_keys:
        choices = FORMS[kind].choices
        if value not in choices:
            raise ValueError(f"unknown value {value!r} for {key}")
        return choices[value].vi  # the word a clerk would type in the file
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def one_row_csv(campaign: Campaign, unit: str, date: dt.date, values: dict, kind: str = PROGRESS) -> bytes:
    """The form as a one-row file of ``kind``: every column under its Vietnamese header (a
    column the file has replaces the stored value, an empty cell included), UTF-8 with BOM
    as the templates are. Texts are written as typed: reading the file back gives them."""
    cols = columns(campaign, kind)
    row = {FORMS[kind].date_key: date, "unit": unit, **values}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.vi for c in cols])
    writer.writerow([_cell(c.key, row.get(c.key), campaign, kind) for c in cols])
    return out.getvalue().encode("utf-8-sig")


def file_name(unit: str, date: dt.date, kind: str = PROGRESS) -> str:
    """``sua-nhanh-mai-chau-2024-06-20.csv`` (a report), ``ket-qua-kiem-tra-mai-chau-2024-06-10.csv``
    (findings): the name the version's file is kept under."""
    slug = re.sub(r"[^a-z0-9]+", "-", loose_key(unit)).strip("-") or "don-vi"
    return f"{FORMS[kind].file_prefix}-{slug}-{date.isoformat()}.csv"


def edited_cells(rows: pd.DataFrame, records: pd.DataFrame, campaign: Campaign, kind: str = PROGRESS) -> pd.DataFrame:
    """What the one-row ``records`` change against the row the form started from in ``rows``
    (``prefill``'s source: for a report the one it replaces or else the one it follows; for
    findings the visit's saved findings), every filled-in field when there is none. Rows:
    unit, the date, column, old, new (as the store's preview gives changed cells), compared
    as the store compares them."""
    date_key = FORMS[kind].date_key
    record = plain(records.iloc[[0]]).iloc[0]
    unit, date = record["unit"], record[date_key]
    names = ["unit", date_key, *fields(campaign, kind)]
    before = _before(rows, unit, date, kind)
    if before.empty:
        before = pd.DataFrame([{**dict.fromkeys(names), "unit": unit}])
    before = before[names].assign(**{date_key: date})
    cells = diff_rows(before, records, ["unit", date_key], fields(campaign, kind)).cells
    order = {key: n for n, key in enumerate(fields(campaign, kind))}  # the form's order
    return cells.sort_values("column", key=lambda c: c.map(order), kind="stable", ignore_index=True)


__all__ = [
    "FORMS",
    "NOT_REPORTED",
    "Form",
    "Prefill",
    "Visit",
    "date_bounds",
    "default_report_date",
    "edited_cells",
    "fields",
    "file_name",
    "held_congress",
    "one_row_csv",
    "other_visit_date",
    "prefill",
    "today_in_vietnam",
    "visits",
]
