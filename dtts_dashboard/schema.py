"""The schema and vocabularies: column keys, headers, aliases, statuses. Declared once here."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from .campaign import Campaign
from .i18n import t
from .text import compact_key, loose_key

PROGRESS = "progress"
SCHEDULE = "schedule"
FINDINGS = "findings"  # what an inspection team found on a visit, per checklist item
KINDS = (PROGRESS, SCHEDULE, FINDINGS)


@dataclass(frozen=True)
class Column:
    key: str
    vi: str
    en: str
    type: str  # "date", "unit", "status", "int", "text"
    required: bool = False
    aliases: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


@dataclass(frozen=True)
class Status:
    key: str
    vi: str
    en: str
    accepted: tuple[str, ...]
    short_vi: str = ""
    short_en: str = ""

    def label(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en

    def short(self, lang: str) -> str:
        return (self.short_vi if lang == "vi" else self.short_en) or self.label(lang)


NOT_STARTED, IN_PROGRESS, DONE = "not_started", "in_progress", "done"
STATUSES = (
    Status(NOT_STARTED, "Chưa thực hiện", "Not started",
           ("chưa thực hiện", "chưa triển khai", "chưa", "0", "no"), "Chưa làm"),
    Status(IN_PROGRESS, "Đang thực hiện", "In progress",
           ("đang thực hiện", "đang dự thảo", "đang triển khai", "đang", "1"), "Đang làm"),
    Status(DONE, "Hoàn thành", "Done",
           ("hoàn thành", "đã hoàn thành", "đã có dự thảo", "đã xong", "xong", "2", "x", "✓", "yes")),
    # a table, one entry a line to read across: the formatter would take it apart
)  # fmt: skip
STATUS_BY_KEY = {s.key: s for s in STATUSES}


@lru_cache(maxsize=1)
def _status_lookup() -> dict[str, str]:
    lookup = {}
    for status in STATUSES:
        for word in (status.key, status.vi, *status.accepted):
            lookup[compact_key(word)] = status.key
    return lookup


def parse_status(value: str) -> str | None:
    """The status key for a typed value, or None when it is not an accepted word
    (case, diacritics, spacing and a trailing full stop or semicolon ignored)."""
    return _status_lookup().get(compact_key(value).strip(".;,:"))


def status_label(key: str | None, lang: str, short: bool = False) -> str:
    if not isinstance(key, str) or key not in STATUS_BY_KEY:
        return t("status_not_reported", lang)
    status = STATUS_BY_KEY[key]
    return status.short(lang) if short else status.label(lang)


def plain(values: pd.DataFrame | pd.Series):
    """The same values as plain Python objects (object dtype), None wherever one is missing
    (NaN, NA, NaT, a Categorical's missing code): what is written to SQLite, compared or shown."""
    values = values.astype(object)
    return values.where(values.notna(), None)


def records(frame: pd.DataFrame) -> list[dict]:
    """The rows as dicts, without ``frame.to_dict(orient="records")``'s boxing of every cell
    on its own (several times faster over 10,000 units' rows). The same values for a frame made
    ``plain`` (and numpy columns); a missing value of an extension dtype (Int64, boolean) stays
    ``pd.NA`` here where ``to_dict`` gives None, and a numpy scalar in an object column stays one."""
    names = list(frame.columns)
    return [dict(zip(names, row)) for row in zip(*(frame.iloc[:, i].tolist() for i in range(len(names))))]


# The inspection team's assessment of a checklist item (a findings file's item cells).
MEETS, NEEDS_WORK, FAILS = "meets", "needs_work", "fails"
ASSESSMENTS = (
    Status(MEETS, "Đạt", "Meets", ("đạt", "đạt yêu cầu", "tốt", "2", "x", "✓")),
    Status(NEEDS_WORK, "Cần hoàn thiện", "Needs work", ("cần hoàn thiện", "cần bổ sung", "cần chỉnh sửa", "1")),
    Status(FAILS, "Chưa đạt", "Fails", ("chưa đạt", "không đạt", "0")),
)
ASSESSMENT_BY_KEY = {a.key: a for a in ASSESSMENTS}


@lru_cache(maxsize=1)
def _assessment_lookup() -> dict[str, str]:
    return {compact_key(word): a.key for a in ASSESSMENTS for word in (a.key, a.vi, *a.accepted)}


def parse_assessment(value: str) -> str | None:
    """The assessment key for a typed value, or None when it is not an accepted word."""
    return _assessment_lookup().get(compact_key(value).strip(".;,:"))


def assessment_label(key: str | None, lang: str) -> str:
    if not isinstance(key, str) or key not in ASSESSMENT_BY_KEY:
        return t("assessment_not_assessed", lang)
    return ASSESSMENT_BY_KEY[key].label(lang)


def accepted_assessment_words() -> str:
    """The accepted assessments, for error messages (which say the numbers and symbols too)."""
    return ", ".join(a.vi for a in ASSESSMENTS)


def accepted_status_words() -> str:
    """The accepted values, for error messages (which say the numbers and symbols too)."""
    return ", ".join(s.vi for s in STATUSES)


def columns(campaign: Campaign, kind: str) -> tuple[Column, ...]:
    """The columns of a kind of file, in order (the items come from the campaign)."""
    return campaign.memoized(("columns", kind), lambda: _columns(campaign, kind))


def _columns(campaign: Campaign, kind: str) -> tuple[Column, ...]:
    if kind == PROGRESS:
        return (
            Column("report_date", "Ngày báo cáo", "Report date", "date", True, ("ngày bc", "ngay bao cao", "date")),
            Column("unit", "Đơn vị", "Unit", "unit", True, ("huyện", "huyện, thành phố", "đơn vị hành chính", "tên đơn vị")),
            *(Column(i.key, i.vi, i.en, "status") for i in campaign.items),
            Column("congress_date", "Ngày Đại hội", "Congress date", "date", False, ("ngày tổ chức đại hội", "thời gian đại hội")),
            Column("delegates", "Số đại biểu chính thức", "Official delegates", "int", False, ("số đại biểu", "đại biểu chính thức")),
            Column("next_tasks", "Nhiệm vụ thời gian tới", "Next tasks", "text", False, ("nhiệm vụ", "nhiệm vụ trong thời gian tới")),
            Column("difficulties", "Khó khăn, vướng mắc", "Difficulties", "text", False, ("khó khăn", "khó khăn vướng mắc")),
            Column("proposals", "Đề xuất, kiến nghị", "Proposals", "text", False, ("đề xuất", "kiến nghị", "đề xuất kiến nghị")),
            # a table, one entry a line to read across: the formatter would take it apart
        )  # fmt: skip
    if kind == SCHEDULE:
        return (
            Column("unit", "Đơn vị", "Unit", "unit", True, ("huyện", "huyện, thành phố", "đơn vị được kiểm tra")),
            Column("inspection_date", "Ngày kiểm tra", "Inspection date", "date", True, ("thời gian kiểm tra", "ngày")),
            Column("lead", "Trưởng đoàn", "Team lead", "text"),
            Column("members", "Thành viên đoàn", "Team members", "text", False, ("thành viên",)),
            Column("venue", "Địa điểm", "Venue", "text"),
            # a table, one entry a line to read across: the formatter would take it apart
        )  # fmt: skip
    if kind == FINDINGS:
        return (
            Column("unit", "Đơn vị", "Unit", "unit", True, ("huyện", "huyện, thành phố", "đơn vị được kiểm tra")),
            Column("inspection_date", "Ngày kiểm tra", "Inspection date", "date", True, ("thời gian kiểm tra", "ngày")),
            *(Column(i.key, i.vi, i.en, "assessment") for i in campaign.items),
            Column("remarks", "Nhận xét của đoàn", "Team's remarks", "text", False, ("nhận xét", "nhận xét, đánh giá")),
            Column("recommendations", "Kiến nghị của đoàn", "Team's recommendations", "text", False,
                   ("kiến nghị", "đề nghị của đoàn", "yêu cầu")),
            Column("fix_by", "Hạn hoàn thành", "Act by", "date", False, ("thời hạn", "hạn khắc phục", "hạn")),
            # a table, one entry a line to read across: the formatter would take it apart
        )  # fmt: skip
    raise ValueError(f"unknown kind {kind!r}")


# Headers that are not data: an STT (row number) column is dropped without a warning.
IGNORED_HEADERS = {"stt", "tt", "so tt", "so thu tu", "no", "no.", "#"}


@lru_cache(maxsize=4096)
def _header_key(text: str) -> str:
    return " ".join(loose_key(text).replace(",", " ").replace("_", " ").split())


def header_lookup(campaign: Campaign, kind: str) -> dict[str, str]:
    """Folded header text -> column key (the key, the Vietnamese header, English, aliases)."""
    return campaign.memoized(("headers", kind), lambda: _header_lookup(campaign, kind))


def _header_lookup(campaign: Campaign, kind: str) -> dict[str, str]:
    lookup = {}
    for col in columns(campaign, kind):
        for text in (col.key, col.vi, col.en, *col.aliases):
            lookup.setdefault(_header_key(text), col.key)
    return lookup


def is_known_header(campaign: Campaign, text: str) -> bool:
    """Whether ``text`` heads a column of any kind of file (to find the header row)."""
    known = campaign.memoized("known_headers", lambda: {h for kind in KINDS for h in header_lookup(campaign, kind)})
    return _header_key(text) in known


def match_header(campaign: Campaign, kind: str, text: str) -> str | None:
    return header_lookup(campaign, kind).get(_header_key(text))


def is_ignored_header(text: str) -> bool:
    return _header_key(text) in IGNORED_HEADERS
