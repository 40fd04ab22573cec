"""Turn a table of cells into records of the contract, or every reason why not.

Only distinct values are parsed (a unit name, a status word or a date string is folded once,
however many cells hold it), so a 100,000-row file costs little more than reading it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from .campaign import Campaign
from .problems import FileRefused, InputError, NotATable, Problem
from .reader import Detected, read_table
from .schema import (
    KINDS,
    PROGRESS,
    SCHEDULE,
    accepted_status_words,
    columns,
    is_ignored_header,
    match_header,
    parse_status,
)
from .text import nfc

_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_DATE_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})$")
EXCEL_EPOCH = dt.date(1899, 12, 30)
FAR_DAYS = 366


@dataclass
class Checked:
    """A valid file: its kind, its records (one row per data row) and its warnings."""

    kind: str
    records: pd.DataFrame
    warnings: list[Problem] = field(default_factory=list)
    detected: Detected | None = None
    present: list[str] | None = None  # the column keys the file had (None: all)

    @property
    def rows(self) -> int:
        return len(self.records)


def parse_date(value) -> dt.date | None:
    """A date from a cell: ISO, day-first with / - or ., or an Excel date cell. None if invalid."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 <= value <= 80000 and float(value).is_integer():  # an Excel serial day
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        return None
    text = nfc(str(value))
    try:
        if m := _DATE_ISO.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DATE_DMY.match(text):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return dt.date(year, int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    return str(value)


def detect_kind(campaign: Campaign, headers: list[str]) -> str | None:
    found = {kind: {match_header(campaign, kind, h) for h in headers} for kind in KINDS}
    if "report_date" in found[PROGRESS]:
        return PROGRESS
    if "inspection_date" in found[SCHEDULE]:
        return SCHEDULE
    return None


def _is_known_header(campaign: Campaign):
    def is_header(text: str) -> bool:
        return any(match_header(campaign, kind, text) for kind in KINDS)

    return is_header


class _Column:
    """Parses one column through its distinct values and collects the problems."""

    def __init__(self, campaign: Campaign, key: str, header: str, cells: pd.Series, required: bool):
        self.campaign, self.key, self.header, self.cells, self.required = campaign, key, header, cells, required
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def problem(self, code: str, row, value=None, **params) -> Problem:
        return Problem(code, int(row), self.key, None if value is None else _cell_text(value), self.header,
                       tuple(params.items()))  # fmt: skip

    def parse(self, kind: str) -> pd.Series:
        parser = getattr(self, f"_parse_{kind}")
        try:
            distinct = pd.unique(self.cells.to_numpy(dtype=object))
        except TypeError:
            distinct = list(dict.fromkeys(self.cells.map(repr)))  # unhashable: never in practice
        parsed, bad = {}, {}
        for value in distinct:
            if _is_blank(value):
                parsed[value] = None
                continue
            result, problem = parser(value)
            parsed[value] = result
            if problem:
                bad[value] = problem
        values = pd.Series([parsed.get(v) for v in self.cells.to_numpy(dtype=object)],
                           index=self.cells.index, dtype=object)  # fmt: skip
        if bad:
            for row, value in self.cells[self.cells.isin(list(bad))].items():
                code, params = bad[value]
                self.errors.append(self.problem(code, row, value, **params))
        if self.required:
            blank = [v for v in distinct if _is_blank(v)]
            for row in self.cells.index[self.cells.isin(blank)] if blank else []:
                self.errors.append(self.problem("empty_required", row))
        return values

    def _parse_date(self, value):
        date = parse_date(value)
        if date is None:
            return None, ("bad_date", {})
        return date.isoformat(), None

    def _parse_unit(self, value):
        match = self.campaign.match_unit(_cell_text(value))
        if match.unit:
            return match.unit, None
        if match.ambiguous:
            return None, ("ambiguous_unit", {"names": ", ".join(match.ambiguous)})
        return None, ("unknown_unit", {"suggestion": match.suggestion or ""})

    def _parse_status(self, value):
        status = parse_status(_cell_text(value))
        if status is None:
            return None, ("unknown_status", {"accepted": accepted_status_words()})
        return status, None

    def _parse_int(self, value):
        text = _cell_text(value).strip().replace(" ", "")
        if re.fullmatch(r"\d+(\.0+)?", text):
            return int(float(text)), None
        return None, ("bad_int", {})

    def _parse_text(self, value):
        text = nfc(_cell_text(value))
        return (text or None), None


def check_table(frame: pd.DataFrame, campaign: Campaign, kind: str | None = None) -> Checked:
    """Validate a table of cells (as ``read_table`` returns it). Raises ``FileRefused``."""
    headers = list(frame.columns)
    kind = kind or detect_kind(campaign, headers)
    if kind is None:
        raise FileRefused([Problem("unknown_kind")])
    errors: list[Problem] = []
    warnings: list[Problem] = []
    schema = columns(campaign, kind)
    by_key = {c.key: c for c in schema}
    mapping: dict[str, str] = {}  # key -> header in the file
    for header in headers:
        key = match_header(campaign, kind, header)
        if key is None:
            if (
                not is_ignored_header(header)
                and not header.startswith("#")
                or header.startswith("#")
                and frame[header].map(lambda v: not _is_blank(v)).any()
            ):
                warnings.append(Problem("unknown_column", header=header))
        elif key in mapping:
            warnings.append(Problem("duplicate_column", column=key, header=header,
                                    params=(("first", mapping[key]),)))  # fmt: skip
        else:
            mapping[key] = header
    for col in schema:
        if col.required and col.key not in mapping:
            errors.append(Problem("missing_column", column=col.key, header=col.vi, params=(("label", col.vi),)))
    if frame.empty:
        errors.append(Problem("no_rows"))
    if errors:
        raise FileRefused(errors, warnings)

    records = pd.DataFrame({"row": frame.index.astype("int64")}, index=frame.index)
    for key, header in mapping.items():
        col = by_key[key]
        parser = _Column(campaign, key, header, frame[header], col.required)
        records[key] = parser.parse(col.type)
        errors += parser.errors
        warnings += parser.warnings
    for col in schema:
        if col.key not in records:
            records[col.key] = None

    if kind == PROGRESS:
        warnings += _delegate_warnings(records, campaign, mapping.get("delegates"))
        errors += _duplicate_reports(records, mapping)
    warnings += _far_dates(records, campaign, schema, mapping)
    if errors:
        errors.sort(key=lambda p: (p.row or 0, list(by_key).index(p.column) if p.column in by_key else -1))
        raise FileRefused(errors, warnings)
    records = records[["row", *by_key]].reset_index(drop=True)
    return Checked(kind, records, warnings, present=list(mapping))


def _delegate_warnings(records: pd.DataFrame, campaign: Campaign, header: str | None) -> list[Problem]:
    over = records[records["delegates"].map(lambda v: v is not None and v > campaign.delegate_cap)]
    return [Problem("over_cap", int(r.row), "delegates", str(r.delegates), header,
                    (("cap", campaign.delegate_cap),)) for r in over.itertuples()]  # fmt: skip


def _duplicate_reports(records: pd.DataFrame, mapping: dict[str, str]) -> list[Problem]:
    keyed = records.dropna(subset=["unit", "report_date"])
    dup = keyed.duplicated(["unit", "report_date"], keep="first")
    if not dup.any():
        return []
    first = keyed[~dup].set_index(["unit", "report_date"])["row"].to_dict()
    problems = []
    for r in keyed[dup].itertuples():
        date = dt.date.fromisoformat(r.report_date).strftime("%d/%m/%Y")
        problems.append(Problem("duplicate_report", int(r.row), "report_date", None, mapping["report_date"],
                                (("unit", r.unit), ("date", date), ("first", first[(r.unit, r.report_date)]))))  # fmt: skip
    return problems


def _far_dates(records, campaign: Campaign, schema, mapping) -> list[Problem]:
    low = (campaign.inspection_start - dt.timedelta(days=FAR_DAYS)).isoformat()
    high = (campaign.deadline + dt.timedelta(days=FAR_DAYS)).isoformat()
    problems = []
    for col in schema:
        if col.type != "date" or col.key not in mapping:
            continue
        values = records[col.key]
        far = values.map(lambda v: v is not None and (v < low or v > high))
        for row, value in values[far].items():
            problems.append(Problem("far_date", int(records.at[row, "row"]), col.key,
                                    dt.date.fromisoformat(value).strftime("%d/%m/%Y"), mapping[col.key]))  # fmt: skip
    return problems


def check_file(data: bytes, filename: str, campaign: Campaign, kind: str | None = None) -> Checked:
    """Read and validate an uploaded file. Raises ``InputError`` (``NotATable`` or ``FileRefused``)."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    frame, detected = read_table(data, filename, _is_known_header(campaign))
    checked = check_table(frame, campaign, kind)
    checked.detected = detected
    return checked


__all__ = ["Checked", "check_file", "check_table", "parse_date", "InputError", "NotATable", "FileRefused"]
