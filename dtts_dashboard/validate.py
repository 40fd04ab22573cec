"""Turn a table of cells into records of the contract, or every reason why not.

Only distinct values are parsed (a unit name, a status word or a date string is folded once,
however many cells hold it), so a 100,000-row file costs little more than reading it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd

from .campaign import Campaign
from .problems import FileRefused, InputError, NotATable, Problem
from .reader import Detected, code_dtype, read_table
from .schema import (
    FINDINGS,
    KINDS,
    PROGRESS,
    SCHEDULE,
    accepted_assessment_words,
    accepted_status_words,
    columns,
    is_ignored_header,
    is_known_header,
    match_header,
    parse_assessment,
    parse_status,
    plain,
)
from .text import clean, loose_key, nfc, text_cell, unsafe_chars

_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_DATE_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})$")
# "ngày 30 tháng 5 năm 2024", as a date is written in an administrative text (on loose keys)
_DATE_WORDS = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:nam\s*)?(\d{4})$")
EXCEL_EPOCH = dt.date(1899, 12, 30)
FAR_DAYS = 366
# Problems a parser may return for a cell it still reads (the cell is kept, the file saved).
CELL_WARNINGS = {"unsafe_chars"}


@dataclass
class Checked:
    """A valid file: its kind, its records (one row per data row) and its warnings.

    ``records`` has the column ``row`` (the spreadsheet's row number) and one column per
    schema key, each a Categorical of parsed values (missing where the cell was blank or the
    file lacked the column): compact, and built from distinct values only. ``plain()`` gives
    the same records as plain Python values."""

    kind: str
    records: pd.DataFrame
    warnings: list[Problem] = field(default_factory=list)
    detected: Detected | None = None
    present: list[str] | None = None  # the column keys the file had (None: all)

    @property
    def rows(self) -> int:
        return len(self.records)

    def plain(self) -> pd.DataFrame:
        """The records as one object column per key, None where missing."""
        return plain(self.records)


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
        if m := _DATE_WORDS.match(loose_key(text).replace(",", " ").strip()):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
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
    """Progress has "Ngày báo cáo"; findings have "Ngày kiểm tra" and an item column; a
    schedule has "Ngày kiểm tra" and no item column."""
    found = {kind: {match_header(campaign, kind, h) for h in headers} for kind in KINDS}
    if "report_date" in found[PROGRESS]:
        return PROGRESS
    if "inspection_date" in found[FINDINGS] and found[FINDINGS] & set(campaign.item_keys):
        return FINDINGS
    if "inspection_date" in found[SCHEDULE]:
        return SCHEDULE
    return None


class _Column:
    """Parses one column through its distinct values and collects the problems."""

    def __init__(self, campaign: Campaign, key: str, header: str, cells: pd.Series, required: bool):
        self.campaign, self.key, self.header, self.cells, self.required = campaign, key, header, cells, required
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def problem(self, code: str, row, value=None, **params) -> Problem:
        shown = None if value is None else clean(_cell_text(value))  # a message never carries a control
        return Problem(code, int(row), self.key, shown, self.header, tuple(params.items()))

    def parse(self, kind: str) -> pd.Categorical:
        """The parsed value of every cell, parsing each distinct value once: a Categorical
        whose categories are the distinct parsed values (missing: a blank or invalid cell).

        Its codes (``self.ids``) name each cell's parsed value, so that rows can be compared
        on parsed values without comparing strings."""
        parser = getattr(self, f"_parse_{kind}")
        if isinstance(self.cells.dtype, pd.CategoricalDtype):  # distinct values known already
            codes, distinct = self.cells.cat.codes.to_numpy(), self.cells.cat.categories.to_numpy(dtype=object)
        else:
            codes, distinct = pd.factorize(self.cells.to_numpy(dtype=object), use_na_sentinel=True)
        parsed = np.empty(len(distinct) + 1, dtype=object)  # the last slot is code -1 (a missing cell)
        ident = np.full(len(distinct) + 1, -1, dtype=code_dtype(len(distinct)))
        seen: dict = {}
        blank_codes, bad, noted = [-1], {}, {}
        canonical = (
            self.campaign.memoized("unit_names", lambda: set(self.campaign.unit_names)) if kind == "unit" else ()
        )
        for code, value in enumerate(distinct):
            if value in canonical:  # a unit typed as the campaign spells it: the common case
                parsed[code] = value
                ident[code] = seen.setdefault(value, len(seen))
                continue
            if _is_blank(value):
                blank_codes.append(code)
                continue
            result, problem = parser(value)
            parsed[code] = result
            if problem and problem[0] in CELL_WARNINGS:
                noted[code] = (value, problem)
            elif problem:
                bad[code] = (value, problem)
            if result is not None and code not in bad:
                ident[code] = seen.setdefault(result, len(seen))
        rows = self.cells.index
        if bad:
            for position in np.flatnonzero(np.isin(codes, list(bad))):
                value, (code, params) = bad[codes[position]]
                self.errors.append(self.problem(code, rows[position], value, **params))
        if noted:
            for position in np.flatnonzero(np.isin(codes, list(noted))):
                value, (code, params) = noted[codes[position]]
                self.warnings.append(self.problem(code, rows[position], value, **params))
        if self.required:
            for position in np.flatnonzero(np.isin(codes, blank_codes)):
                self.errors.append(self.problem("empty_required", rows[position]))
        self.codes, self.distinct = codes, parsed[:-1]
        self.ids = ident[codes]  # code -1 takes the last slot, -1
        return _categorical(self.ids, list(seen))

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

    def _parse_assessment(self, value):
        assessment = parse_assessment(_cell_text(value))
        if assessment is None:
            return None, ("unknown_assessment", {"accepted": accepted_assessment_words()})
        return assessment, None

    def _parse_int(self, value):
        text = _cell_text(value).strip().replace(" ", "")
        if re.fullmatch(r"\d+(\.0+)?", text):
            return int(float(text)), None
        return None, ("bad_int", {})

    def _parse_text(self, value):
        typed = _cell_text(value)
        text = text_cell(typed) or None
        removed = unsafe_chars(typed)
        return text, (("unsafe_chars", {"chars": ", ".join(removed)}) if removed else None)


def _categorical(codes: np.ndarray, values: list) -> pd.Categorical:
    """Values (plain Python objects, kept as they are) at ``codes`` (-1: missing)."""
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(pd.Index(values, dtype=object)), validate=False)


def map_headers(
    frame: pd.DataFrame, campaign: Campaign, kind: str
) -> tuple[dict[str, str], list[Problem], list[Problem]]:
    """Which header of the file holds each column of ``kind``: (column key -> header, errors,
    warnings). A header matched by no column is a warning (unless ignored, or a "#" column
    left empty), a column's second header a warning, a required column missing an error."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    schema = columns(campaign, kind)
    mapping: dict[str, str] = {}  # key -> header in the file
    for header in list(frame.columns):
        key = match_header(campaign, kind, header)
        if key is None:
            if (
                not is_ignored_header(header)
                and not header.startswith("#")
                or header.startswith("#")
                and not all(_is_blank(v) for v in frame[header].to_numpy(dtype=object))
            ):
                warnings.append(Problem("unknown_column", header=header))
        elif key in mapping:
            warnings.append(Problem("duplicate_column", column=key, header=header, params=(("first", mapping[key]),)))
        else:
            mapping[key] = header
    for col in schema:
        if col.required and col.key not in mapping:
            errors.append(Problem("missing_column", column=col.key, header=col.vi, params=(("label", col.vi),)))
    return mapping, errors, warnings


def check_table(frame: pd.DataFrame, campaign: Campaign, kind: str | None = None) -> Checked:
    """Validate a table of cells (as ``read_table`` returns it). Raises ``FileRefused``."""
    headers = list(frame.columns)
    kind = kind or detect_kind(campaign, headers)
    if kind is None:
        raise FileRefused([Problem("unknown_kind")])
    schema = columns(campaign, kind)
    by_key = {c.key: c for c in schema}
    mapping, errors, warnings = map_headers(frame, campaign, kind)
    if frame.empty:
        errors.append(Problem("no_rows"))
    if errors:
        raise FileRefused(errors, warnings)

    # The records keep each column as a Categorical of parsed values: built from the
    # distinct values alone, and a tenth of the memory of one object per cell.
    parsers: dict[str, _Column] = {}
    values: dict[str, pd.Categorical] = {}
    for key, header in mapping.items():
        col = by_key[key]
        parser = parsers[key] = _Column(campaign, key, header, frame[header], col.required)
        values[key] = parser.parse(col.type)
        errors += parser.errors
        warnings += parser.warnings
    none = _categorical(np.full(len(frame), -1, dtype=np.int8), [])
    records = pd.DataFrame(
        {"row": frame.index.to_numpy(dtype="int64"), **{c.key: values.get(c.key, none) for c in schema}}, copy=False
    )
    date_key = "report_date" if kind == PROGRESS else "inspection_date"
    ids = {key: parsers[key].ids for key in ("unit", date_key) if key in parsers}

    errors = _footer_rows(errors, date_key)
    if kind == PROGRESS:
        warnings += _delegate_warnings(records, campaign, parsers.get("delegates"))
    if kind in (PROGRESS, FINDINGS):  # one report, or one visit's findings, per unit and date
        errors += _duplicate_rows(
            records, mapping, ids, date_key, f"duplicate_{'report' if kind == PROGRESS else 'finding'}"
        )
    warnings += _far_dates(records, campaign, schema, mapping, parsers)
    if errors:
        errors.sort(key=lambda p: (p.row or 0, list(by_key).index(p.column) if p.column in by_key else -1))
        raise FileRefused(errors, warnings)
    return Checked(kind, records, warnings, present=list(mapping))


def _footer_rows(errors: list[Problem], date_key: str) -> list[Problem]:
    """A row with no date and no known unit is most often a total or a signature line typed
    under the table ("Tổng cộng", "Người lập biểu"): say so, once for the row."""
    no_date = {p.row for p in errors if p.code == "empty_required" and p.column == date_key}
    footers = {
        p.row: p
        for p in errors
        if p.code in ("unknown_unit", "empty_required") and p.column == "unit" and p.row in no_date
    }
    if not footers:
        return errors
    kept = [p for p in errors if p.row not in footers]
    for row, p in footers.items():
        kept.append(Problem("footer_row", row, "unit", p.value or "—", p.header))
    return kept


def _delegate_warnings(records: pd.DataFrame, campaign: Campaign, parser: _Column | None) -> list[Problem]:
    """Delegates over the cap, looked for among distinct values only."""
    if parser is None:
        return []
    cap = campaign.delegate_cap
    over = [code for code, v in enumerate(parser.distinct) if v is not None and v > cap]
    rows = records["row"].to_numpy()
    return [
        Problem(
            "over_cap", int(rows[p]), "delegates", str(parser.distinct[parser.codes[p]]), parser.header, (("cap", cap),)
        )
        for p in (np.flatnonzero(np.isin(parser.codes, over)) if over else [])
    ]


def _duplicate_rows(
    records: pd.DataFrame, mapping: dict[str, str], ids: dict[str, np.ndarray], date_key: str, code: str
) -> list[Problem]:
    """The rows that repeat an earlier row's unit and date (``date_key``), each as ``code``."""
    unit, date = ids["unit"].astype(np.int64), ids[date_key].astype(np.int64)
    valid = (unit >= 0) & (date >= 0)
    key = np.where(valid, unit * (int(date.max(initial=0)) + 1) + date, -1)
    space = int(key.max(initial=-1)) + 1
    if space <= 8 * len(key) and np.bincount(key[valid], minlength=space).max(initial=0) <= 1:
        return []  # every (unit, date) once: known without hashing when the key space is small
    key = pd.Series(key)
    dup = key.duplicated(keep="first").to_numpy() & valid
    if not dup.any():
        return []
    first_rows = dict(zip(key[~key.duplicated(keep="first")], records["row"][~key.duplicated(keep="first")]))
    problems = []
    for position in np.flatnonzero(dup):
        r = records.iloc[position]
        day = dt.date.fromisoformat(r[date_key]).strftime("%d/%m/%Y")
        problems.append(
            Problem(
                code,
                int(r["row"]),
                date_key,
                None,
                mapping[date_key],
                (("unit", r["unit"]), ("date", day), ("first", int(first_rows[key[position]]))),
            )
        )
    return problems


def _far_dates(records, campaign: Campaign, schema, mapping, parsers) -> list[Problem]:
    """Dates more than a year from the campaign's: looked for among distinct values only."""
    low = (campaign.inspection_start - dt.timedelta(days=FAR_DAYS)).isoformat()
    high = (campaign.deadline + dt.timedelta(days=FAR_DAYS)).isoformat()
    problems = []
    for col in schema:
        if col.type != "date" or col.key not in mapping:
            continue
        parser = parsers[col.key]
        far = [code for code, v in enumerate(parser.distinct) if v is not None and (v < low or v > high)]
        for position in np.flatnonzero(np.isin(parser.codes, far)) if far else []:
            value = parser.distinct[parser.codes[position]]
            problems.append(
                Problem(
                    "far_date",
                    int(records["row"].iat[position]),
                    col.key,
                    dt.date.fromisoformat(value).strftime("%d/%m/%Y"),
                    mapping[col.key],
                )
            )
    return problems


def check_file(data: bytes, filename: str, campaign: Campaign, kind: str | None = None) -> Checked:
    """Read and validate an uploaded file. Raises ``InputError`` (``NotATable`` or ``FileRefused``)."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    frame, detected = read_table(data, filename, partial(is_known_header, campaign))
    checked = check_table(frame, campaign, kind)
    checked.detected = detected
    return checked


__all__ = ["Checked", "check_file", "check_table", "parse_date", "InputError", "NotATable", "FileRefused"]
