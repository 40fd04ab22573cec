"""Files the app writes: Excel and CSV exports, and the templates district offices fill in.

Every text cell is neutralised against formula injection (OWASP "CSV injection"):
- in XLSX a text cell is stored as text with Excel's quote prefix, so it shows as typed
  and never runs, even after someone edits it;
- in CSV a cell that begins with ``=``, ``+``, ``@``, a tab or a carriage return gets a
  leading apostrophe; a list bullet "- thiếu kinh phí" becomes "– thiếu kinh phí" (an en
  dash), which Excel reads as text and a reader as the same bullet.

Every text cell is also cleaned (``text.clean``) on its way out: a control character, a
text-direction override or a code point XML cannot hold, which an older store may still
have, never makes a file fail or read differently. Line breaks in a cell are kept: wrapped
XLSX cells, quoted CSV fields.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd

from . import metrics
from .campaign import Campaign, load_campaign
from .i18n import both, fmt_date, t
from .schema import ASSESSMENTS, FINDINGS, PROGRESS, SCHEDULE, STATUSES, columns, plain, status_label
from .text import clean

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_BULLET = re.compile(r"^[-+](\s)")
FONT = "Times New Roman"


def neutralise_csv(value):
    """A cell value made safe for a CSV that Excel opens (dates written dd/mm/yyyy)."""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if not isinstance(value, str):
        return value
    if not value.startswith(DANGEROUS):
        return clean(value)
    if _BULLET.match(value):
        return clean("–" + value[1:])
    return clean("'" + value)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (so Excel shows Vietnamese correctly), every text cell neutralised."""
    safe = frame.copy()
    for name in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[name]):
            safe[name] = safe[name].map(neutralise_csv)
    safe.columns = [neutralise_csv(c) for c in safe.columns]
    return safe.to_csv(index=False, date_format="%d/%m/%Y").encode("utf-8-sig")


def _write_sheet(sheet, frame: pd.DataFrame, date_columns: set[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_font = Font(name=FONT, size=12, bold=True)
    body_font = Font(name=FONT, size=12)
    fill = PatternFill("solid", fgColor="DDEBF7")
    sheet.append([_xlsx_value(name) for name in frame.columns])
    for cell in sheet[1]:
        cell.font, cell.fill = header_font, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in frame.itertuples(index=False, name=None):
        sheet.append([_xlsx_value(v) for v in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.font = body_font
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if cell.value.startswith(DANGEROUS):
                    cell.quotePrefix = True
                if "\n" in cell.value:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            if frame.columns[cell.column - 1] in date_columns:
                cell.number_format = "dd/mm/yyyy"
    for index, name in enumerate(frame.columns, 1):
        values = [str(name), *("" if v is None else str(v) for v in frame.iloc[:200, index - 1])]
        width = min(60, max(10, *(len(line) for v in values for line in v.split("\n"))) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    if len(frame.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{max(1, len(frame) + 1)}"


def _xlsx_value(value):
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, str):
        return clean(value)
    return value


def to_xlsx_bytes(sheets: list[tuple[str, pd.DataFrame, set[str]]]) -> bytes:
    """Sheets of (title, frame, names of date columns) as one workbook."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, frame, date_columns in sheets:
        _write_sheet(book.create_sheet(title[:31]), frame, date_columns)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


# --- what is exported ------------------------------------------------------------------


def _date(value):
    return None if value is None or value != value else dt.date.fromisoformat(value)


def unit_states(
    reports: pd.DataFrame, campaign: Campaign, as_of: dt.date, units: list[str] | None, items: list[str], lang: str
) -> tuple[pd.DataFrame, set[str]]:
    """``state_table`` of each unit's state as of ``as_of`` (``metrics.unit_state``) in one
    call: the Export page shares it per data version and view (``ui.Context.shared``)."""
    return state_table(metrics.unit_state(reports, campaign, as_of, units), campaign, lang, items=items)


def state_table(
    state: pd.DataFrame, campaign: Campaign, lang: str = "vi", with_held: bool = True, items: list[str] | None = None
) -> tuple[pd.DataFrame, set[str]]:
    """Each unit's state as of a date, Vietnamese headers, statuses in words, real dates;
    only ``items`` (default: all) among the checklist columns."""
    vi = {c.key: c.label(lang) for c in columns(campaign, PROGRESS)}
    frame = pd.DataFrame({vi["unit"]: state["unit"], vi["report_date"]: state["report_date"].map(_date)})
    for key in items or campaign.item_keys:
        frame[vi[key]] = state[key].map(lambda s: status_label(s, lang))
    frame[vi["congress_date"]] = state["congress_date"].map(_date)
    if with_held:
        yes = t("export_yes", lang)
        frame[t("export_held", lang)] = state["held"].map(lambda h: yes if h else "")
    for key in ("delegates", "next_tasks", "difficulties", "proposals"):
        frame[vi[key]] = state[key].map(lambda v: None if v is None or v != v else v)
    return _mark_sample(frame, state, lang), {vi["report_date"], vi["congress_date"]}


def _mark_sample(frame: pd.DataFrame, source: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A column that says which rows are illustrative, when any is (real rows stay unmarked)."""
    if "sample" in source.columns and source["sample"].fillna(False).astype(bool).any():
        yes = t("export_sample_yes", lang)
        frame[t("export_sample", lang)] = [yes if flag else "" for flag in source["sample"].fillna(False).astype(bool)]
    return frame


def history_table(
    reports: pd.DataFrame,
    campaign: Campaign,
    units: list[str] | None = None,
    lang: str = "vi",
    items: list[str] | None = None,
) -> tuple[pd.DataFrame, set[str]]:
    """Every current report (unit by unit, date by date) in the same shape as the state table."""
    if units:
        reports = reports[reports["unit"].isin(units)]
    order = {u: i for i, u in enumerate(campaign.unit_names)}
    reports = reports.sort_values(["unit", "report_date"], key=lambda s: s.map(order) if s.name == "unit" else s)
    state = plain(reports)
    return state_table(state.reset_index(drop=True), campaign, lang, with_held=False, items=items)


def schedule_table(schedule: pd.DataFrame, campaign: Campaign, lang: str = "vi") -> tuple[pd.DataFrame, set[str]]:
    cols = columns(campaign, SCHEDULE)
    frame = pd.DataFrame({c.label(lang): schedule[c.key] for c in cols})
    date_col = next(c.label(lang) for c in cols if c.key == "inspection_date")
    frame[date_col] = frame[date_col].map(_date)
    return _mark_sample(frame, schedule.reset_index(drop=True), lang), {date_col}


def rounds_table(
    reports: pd.DataFrame, campaign: Campaign, as_of: dt.date, units: list[str] | None = None, lang: str = "vi"
) -> pd.DataFrame:
    """Each unit's reporting status per round opened by ``as_of``, in words: a row per unit,
    a column per round (its name and due date)."""
    from .metrics import unit_state
    from .rounds import round_table
    from .tables import round_label

    state = unit_state(reports, campaign, as_of, units)
    table = round_table(reports, state, campaign, as_of)
    frame = pd.DataFrame({t("col_unit", lang): state["unit"]})
    for index, part in table.groupby("round", sort=True):
        round_ = campaign.rounds[int(index)]
        header = t("col_round_due", lang, round=round_label(round_, lang), date=fmt_date(round_.due))
        words = part["status"].map(lambda code: t(f"round_{code}", lang))
        frame[header] = state["unit"].map(dict(zip(part["unit"], words)))
    return _mark_sample(frame, state, lang)


def history_sheets(
    reports: pd.DataFrame,
    schedule: pd.DataFrame,
    campaign: Campaign,
    units: list[str] | None,
    items: list[str] | None,
    lang: str = "vi",
    followup_items: pd.DataFrame | None = None,
    as_of: dt.date | None = None,
) -> list[tuple[str, pd.DataFrame, set[str]]]:
    """The workbook of every report and the inspection schedule, for the chosen units and
    items; (when the campaign has reporting rounds) each unit's status per round as of
    ``as_of`` (default: the latest report date); and (given ``followup_items``,
    ``followups.items``) the follow-up items with their handling."""
    visits = schedule[schedule["unit"].isin(units)] if units and not schedule.empty else schedule
    sheets = [
        (t("sheet_reports", lang), *history_table(reports, campaign, units, lang, items)),
        (t("sheet_schedule", lang), *schedule_table(visits, campaign, lang)),
    ]
    if campaign.rounds:
        from .metrics import default_as_of

        day = as_of or default_as_of(reports, campaign)
        title = t("sheet_rounds", lang, date=fmt_date(day).replace("/", "-"))
        sheets.append((title, rounds_table(reports, campaign, day, units, lang), set()))
    if followup_items is not None:
        from .tables import followups_table

        mine = followup_items[followup_items["unit"].isin(units)] if units else followup_items
        sheets.append((t("nav_followups", lang), followups_table(mine, lang), set()))
    return sheets


def state_sheet_title(day: dt.date | str, lang: str = "vi") -> str:
    """The state sheet's name: 'Tình hình 05-06-2024' (no slash: Excel refuses it in a name)."""
    return t("sheet_state", lang, date=fmt_date(day).replace("/", "-"))


def export_to_path(path: Path, as_of: str | None = None, units: list[str] | None = None) -> Path:
    """The ``export`` command: the data as the dashboard shows it, to .xlsx or .csv."""
    from . import followups
    from .metrics import default_as_of, unit_state
    from .store import open_store

    campaign = load_campaign()
    store = open_store(campaign)
    reports, schedule = store.reports(), store.schedule()
    if units:
        unknown = [u for u in units if campaign.match_unit(u).unit is None]
        if unknown:
            raise ValueError(f"{both('export_unknown_units')}: {', '.join(unknown)}")
        units = [campaign.match_unit(u).unit for u in units]
    day = as_of or default_as_of(reports, campaign).isoformat()
    followup_items = followups.items(reports, store.findings(), store.handling(), campaign, dt.date.fromisoformat(day))
    state, state_dates = state_table(unit_state(reports, campaign, day, units or None), campaign)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        path.write_bytes(to_csv_bytes(state))
    elif suffix == ".xlsx":
        sheets = [
            (state_sheet_title(day), state, state_dates),
            *history_sheets(
                reports,
                schedule,
                campaign,
                units,
                None,
                followup_items=followup_items,
                as_of=dt.date.fromisoformat(day),
            ),
        ]
        path.write_bytes(to_xlsx_bytes(sheets))
    else:
        raise ValueError(both("export_out_suffix"))
    return path


# --- templates -------------------------------------------------------------------------


def _example(campaign: Campaign, kind: str) -> list:
    unit = campaign.unit_names[min(1, len(campaign.unit_names) - 1)]
    start = campaign.inspection_start
    if kind == PROGRESS:
        statuses = [STATUSES[2].vi, STATUSES[2].vi, STATUSES[1].vi] + [STATUSES[0].vi] * (len(campaign.items) - 3)
        return [
            start,
            unit,
            *statuses[: len(campaign.items)],
            campaign.deadline - dt.timedelta(days=10),
            120,
            "Hoàn thiện dự thảo Văn kiện",
            "",
            "",
        ]
    if kind == FINDINGS:
        assessments = [ASSESSMENTS[0].vi, ASSESSMENTS[0].vi, ASSESSMENTS[1].vi, ASSESSMENTS[0].vi, ASSESSMENTS[2].vi]
        return [
            unit,
            start,
            *(assessments * len(campaign.items))[: len(campaign.items)],
            "Đơn vị đã triển khai đầy đủ văn bản chỉ đạo.",
            "Hoàn thiện dự thảo Kịch bản, gửi Ban Dân tộc.",
            start + dt.timedelta(days=7),
        ]
    return [unit, start, "Trưởng Ban Dân tộc tỉnh", "", ""]


def template_csv(campaign: Campaign, kind: str) -> bytes:
    """Header row and one example row, Vietnamese headers, UTF-8 with BOM."""
    cols = columns(campaign, kind)
    row = [fmt_date(v) if isinstance(v, dt.date) else v for v in _example(campaign, kind)]
    return to_csv_bytes(pd.DataFrame([row], columns=[c.vi for c in cols]))


def template_xlsx(campaign: Campaign, kind: str) -> bytes:
    """Header row, one example row, drop-down lists on the status cells, date formatting."""
    import openpyxl
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    cols = columns(campaign, kind)
    frame = pd.DataFrame([_example(campaign, kind)], columns=[c.vi for c in cols])
    dates = {c.vi for c in cols if c.type == "date"}
    data = to_xlsx_bytes([(t(f"template_sheet_{kind}", "vi"), frame, dates)])
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    last = 500
    unit_sheet = t("template_sheet_units", "vi")
    lists = {
        "status": (t("template_check_status", "vi"), ",".join(s.vi for s in STATUSES)),
        "assessment": (t("template_check_assessment", "vi"), ",".join(a.vi for a in ASSESSMENTS)),
    }
    for index, col in enumerate(cols, 1):
        letter = get_column_letter(index)
        if col.type in lists:
            title, words = lists[col.type]
            rule = DataValidation(
                type="list",
                formula1=f'"{words}"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=title,
                error=t("template_check_choose", "vi", words=words),
            )
            rule.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(rule)
        elif col.type == "date":
            rule = DataValidation(
                type="date",
                operator="between",
                formula1="DATE(2020,1,1)",
                formula2="DATE(2035,12,31)",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=t("template_check_date", "vi"),
                error=t("template_check_date_error", "vi"),
            )
            rule.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(rule)
            for row in range(2, last + 1):
                sheet[f"{letter}{row}"].number_format = "dd/mm/yyyy"
        elif col.type == "unit":
            rule = DataValidation(
                type="list", formula1=f"'{unit_sheet}'!$A$1:$A${len(campaign.units)}", allow_blank=False
            )
            rule.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(rule)
    units = book.create_sheet(unit_sheet)
    for unit in campaign.unit_names:
        units.append([unit])
    units.column_dimensions["A"].width = 30
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
