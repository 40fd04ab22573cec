"""The consolidated progress report (báo cáo tổng hợp tiến độ) as DOCX, in the layout of
Nghị định 30/2020/NĐ-CP (``report_layout``), written from the data as of a date: one function
per section, each given the same gathered data (``ReportData``). The sections both written
reports have (the units' difficulties and proposals; what was done about them) are here too,
and ``findings_report`` (the inspection results) uses them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .campaign import Campaign, Item, load_campaign
from .i18n import fmt_date, t
from .metrics import Attention, attention, default_as_of, difficulties, headline, unit_state
from .report_layout import (
    ROMAN,
    closing,
    date_line,
    grid,
    heading,
    letterhead,
    new_document,
    para,
    subheading,
    title,
    to_bytes,
)
from .schema import status_label
from .tables import attention_list

KINDS = ("progress", "findings")  # report --kind
__all__ = ["KINDS", "ReportData", "date_line", "followup_line", "gather", "report_docx", "write_report"]


@dataclass(frozen=True)
class ReportData:
    """What a report is written from, computed once: the data as of ``as_of`` for the units and
    items of the filter."""

    campaign: Campaign
    as_of: dt.date
    sample: bool
    scope: str | None  # the units and items of the filter, in words (None: no filter)
    items: list[Item]  # the items shown, in campaign order
    state: pd.DataFrame  # metrics.unit_state: each unit's latest report
    looked: Attention  # metrics.attention: reasons, follow-up items, latest inspection
    schedule: pd.DataFrame

    @property
    def info(self) -> dict:
        return self.campaign.report


def gather(
    reports: pd.DataFrame,
    schedule: pd.DataFrame,
    campaign: Campaign,
    as_of: dt.date,
    sample: bool = False,
    units: list[str] | None = None,
    items: list[str] | None = None,
    findings: pd.DataFrame | None = None,
    handling: pd.DataFrame | None = None,
) -> ReportData:
    state = unit_state(reports, campaign, as_of, units)
    shown = [i for i in campaign.items if items is None or i.key in items] or list(campaign.items)
    looked = attention(state, reports, schedule, findings, handling, campaign, as_of)
    scope = None
    if units or len(shown) < len(campaign.items):
        which = f"các đơn vị {', '.join(state['unit'])}" if units else "tất cả các đơn vị"
        scope = f"Phạm vi báo cáo: {which}; nội dung: {', '.join(i.vi for i in shown)}."
    return ReportData(campaign, as_of, sample, scope, shown, state, looked, schedule)


def write_document(data: ReportData, subject: str, opening: str, sections, ending: str) -> bytes:
    """The document: letterhead, title, the opening paragraph, the scope when filtered, the
    sections numbered I, II, ... in order, the closing sentence and block."""
    doc = new_document()
    letterhead(doc, data.info, data.as_of)
    title(doc, subject, data.sample)
    para(doc, opening)
    if data.scope:
        para(doc, data.scope, italic=True)
    for numeral, section in zip(ROMAN, sections):
        section(doc, numeral, data)
    para(doc, ending, keep_next=True)
    closing(doc, data.info)
    return to_bytes(doc)


# --- the progress report ------------------------------------------------------------------


def report_docx(
    reports: pd.DataFrame,
    schedule: pd.DataFrame,
    campaign: Campaign,
    as_of: dt.date,
    sample: bool = False,
    units: list[str] | None = None,
    items: list[str] | None = None,
    findings: pd.DataFrame | None = None,
    handling: pd.DataFrame | None = None,
) -> bytes:
    """The progress report as DOCX bytes, written from the data as of ``as_of``, for ``units``
    and ``items`` (None: every one, as the campaign lists them)."""
    data = gather(reports, schedule, campaign, as_of, sample, units, items, findings, handling)
    issuer = data.info["issuer_in_text"]
    opening = (
        f"Thực hiện {campaign.plan_vi}, {issuer} tổng hợp tiến độ, công tác chuẩn bị tổ chức {campaign.title_vi} "
        f"trên địa bàn tỉnh tính đến ngày {fmt_date(as_of)} như sau:"
    )
    ending = (
        f"Trên đây là báo cáo tiến độ, công tác chuẩn bị tổ chức {campaign.title_vi} tính đến ngày "
        f"{fmt_date(as_of)} của {issuer}./."
    )
    sections = [general, units_table, to_urge, difficulties_section, followups_section, next_tasks]
    return write_document(data, data.info["subject"], opening, sections, ending)


def general(doc, numeral: str, data: ReportData) -> None:
    """I. The numbers: units reporting, congresses held, drafts done, days to the deadline."""
    numbers = headline(data.state, data.campaign, data.as_of)
    deadline = fmt_date(data.campaign.deadline)
    if numbers.days_left >= 0:
        left = f"Còn {numbers.days_left} ngày đến thời hạn tổ chức xong Đại hội cấp huyện ({deadline})."
    else:
        left = f"Đã quá thời hạn {deadline} {-numbers.days_left} ngày."
    heading(doc, f"{numeral}. TÌNH HÌNH CHUNG")
    para(
        doc,
        f"Có {numbers.reporting}/{numbers.units} đơn vị cấp huyện đã gửi báo cáo tiến độ; "
        f"{numbers.held}/{numbers.units} đơn vị đã tổ chức Đại hội; "
        f"{numbers.all_drafts_done}/{numbers.units} đơn vị đã hoàn thành đủ các dự thảo. {left}",
    )
    for item in data.items:
        para(doc, f"- {item.vi}: {numbers.done[item.key]}/{numbers.units} đơn vị hoàn thành.")


def units_table(doc, numeral: str, data: ReportData) -> None:
    """II. A row per unit: its status of each item and its congress date."""
    heading(doc, f"{numeral}. KẾT QUẢ CỤ THỂ TỪNG ĐƠN VỊ")
    shown = data.items
    heads = ["TT", "Đơn vị", *(i.vi for i in shown), "Ngày Đại hội"]
    rows = []
    for number, r in enumerate(data.state.to_dict(orient="records"), 1):
        congress = fmt_date(r["congress_date"]) + ("\n(đã tổ chức)" if r["held"] else "") if r["congress_date"] else ""
        rows.append([str(number), r["unit"], *(status_label(r[i.key], "vi") for i in shown), congress])
    item_width = 2.15 * len(data.campaign.items) / len(shown)
    grid(doc, heads, rows, [0.9, 2.6, *([item_width] * len(shown)), 2.25])
    para(doc, "", after=0)


def to_urge(doc, numeral: str, data: ReportData) -> None:
    """III. The units needing attention, each reason in words."""
    heading(doc, f"{numeral}. CÁC ĐƠN VỊ CẦN QUAN TÂM, ĐÔN ĐỐC")
    listed = attention_list(data.looked.reasons, data.campaign, "vi")
    if not listed:
        para(doc, "Không có đơn vị nào cần đôn đốc thêm tính đến ngày báo cáo.")
    for unit, reasons in listed:
        para(doc, f"- {unit}: " + "; ".join(reasons) + ".")


def next_tasks(doc, numeral: str, data: ReportData) -> None:
    """The units' tasks ahead, as they reported them."""
    heading(doc, f"{numeral}. NHIỆM VỤ THỜI GIAN TỚI")
    tasks = data.state[data.state["next_tasks"].notna()]
    if tasks.empty:
        para(doc, "Các đơn vị chưa báo cáo nhiệm vụ thời gian tới.")
    for r in tasks.itertuples():
        para(doc, f"- {r.unit}: {r.next_tasks}")


# --- the sections both reports have ----------------------------------------------------------


def difficulties_section(doc, numeral: str, data: ReportData) -> None:
    """The difficulties and proposals in each unit's latest report."""
    heading(doc, f"{numeral}. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ CỦA CÁC ĐƠN VỊ")
    reported = difficulties(data.state)
    if reported.empty:
        para(doc, "Các đơn vị không báo cáo khó khăn, vướng mắc.")
    for r in reported.itertuples():
        subheading(doc, f"{r.unit} (báo cáo ngày {fmt_date(r.report_date)}):")
        if r.difficulties:
            para(doc, f"- Khó khăn, vướng mắc: {r.difficulties}")
        if r.proposals:
            para(doc, f"- Đề xuất, kiến nghị: {r.proposals}")


def followups_section(doc, numeral: str, data: ReportData) -> None:
    """Kết quả giải quyết khó khăn, kiến nghị: every difficulty, proposal and inspection
    recommendation raised (``followups.items``), with what was done about it."""
    heading(doc, f"{numeral}. KẾT QUẢ GIẢI QUYẾT KHÓ KHĂN, KIẾN NGHỊ")
    raised = data.looked.items
    if raised.empty:
        para(doc, "Không có khó khăn, đề xuất, kiến nghị nào cần giải quyết.")
    for unit, part in raised.groupby("unit", sort=False):
        subheading(doc, f"{unit}:")
        for r in part.to_dict(orient="records"):
            para(doc, followup_line(r))


def followup_line(item: dict) -> str:
    """One follow-up item as the report states it: what was raised, since when, its handling."""
    source = t(f"source_{item['source']}", "vi")
    line = f"- {item['text']} ({source}, nêu từ ngày {fmt_date(item['first_raised'])}): "
    line += t(f"fstatus_{item['status']}", "vi").lower()
    if item["owner"]:
        line += f", {item['owner']}"
    if item["response"]:
        answered = ", ".join(x for x in (item["response_ref"], fmt_date(item["response_date"])) if x)
        line += f"; trả lời: {item['response']}" + (f" ({answered})" if answered else "")
    if item["came_back"]:
        line += "; đơn vị nêu lại sau khi đã trả lời"
    return line + "."


# --- the command ----------------------------------------------------------------------------


def write_report(path: Path, as_of: str | None = None, kind: str = "progress") -> Path:
    """The ``report`` command: the same file the Export page gives, of ``kind`` (``KINDS``)."""
    from .findings_report import findings_docx
    from .store import open_store

    if path.suffix.lower() != ".docx":
        raise ValueError("--out phải kết thúc bằng .docx / --out must end in .docx")
    if kind not in KINDS:
        raise ValueError(f"--kind phải là progress hoặc findings / --kind must be progress or findings, not {kind!r}")
    campaign = load_campaign()
    store = open_store(campaign)
    reports, findings = store.reports(), store.findings()
    day = dt.date.fromisoformat(as_of) if as_of else default_as_of(reports, campaign, findings)  # as on the pages
    write = findings_docx if kind == "findings" else report_docx
    data = write(
        reports, store.schedule(), campaign, day, store.sample_in_view(), findings=findings, handling=store.handling()
    )
    path.write_bytes(data)
    return path
