"""The inspection-results report (báo cáo kết quả kiểm tra) as DOCX, in the same official
layout as the progress report: how the inspections went, each unit's latest inspection (the
team's assessment of each content, its remarks and recommendations, the date to act by), a
summary table of units × contents, then the units' own difficulties and proposals and what
was done about them (the sections ``report`` shares with the progress report).

One function per section, each given the same gathered data (``report.ReportData``)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .campaign import Campaign
from .i18n import fmt_date
from .report import ReportData, difficulties_section, followups_section, gather, write_document
from .report_layout import TEXT_WIDTH_CM, grid, heading, labelled, para
from .schema import ASSESSMENTS, assessment_label
from .text import is_nothing

NOT_INSPECTED = "Chưa có kết quả kiểm tra"


def findings_docx(
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
    """The inspection-results report as DOCX bytes: each unit's latest inspection on or before
    ``as_of``, for ``units`` and ``items`` (None: every one, as the campaign lists them)."""
    data = gather(reports, schedule, campaign, as_of, sample, units, items, findings, handling)
    info = data.info
    period = f"từ ngày {fmt_date(campaign.inspection_start)} đến ngày {fmt_date(campaign.inspection_end)}"
    opening = (
        f"Thực hiện {campaign.plan_vi} về kiểm tra tiến độ, công tác chuẩn bị tổ chức {campaign.title_vi}, "
        f"{period}, {info['inspection_team']} đã kiểm tra tại các huyện, thành phố. {info['issuer_in_text']} "
        f"báo cáo kết quả kiểm tra tính đến ngày {fmt_date(as_of)} như sau:"
    )
    ending = (
        f"Trên đây là báo cáo kết quả kiểm tra tiến độ, công tác chuẩn bị tổ chức {campaign.title_vi} "
        f"của {info['issuer_in_text']}./."
    )
    sections = [overview, per_unit, summary_table, difficulties_section, followups_section]
    return write_document(data, info["findings_subject"], opening, sections, ending)


def any_findings(findings: pd.DataFrame | None, as_of: dt.date) -> bool:
    """Whether any inspection findings are dated on or before ``as_of`` (the report has some to give)."""
    if findings is None or findings.empty:
        return False
    return bool((findings["inspection_date"] <= as_of.isoformat()).any())


def _inspected(data: ReportData) -> pd.DataFrame:
    """Each unit's latest inspection (``metrics.inspection_state``); no visit date: none yet."""
    return data.looked.inspection


def _planned(data: ReportData, unit: str) -> list[str]:
    """The unit's scheduled visits after the date viewed, as dd/mm/yyyy."""
    schedule = data.schedule
    if schedule is None or schedule.empty:
        return []
    later = schedule[(schedule["unit"] == unit) & (schedule["inspection_date"] > data.as_of.isoformat())]
    return [fmt_date(d) for d in sorted(later["inspection_date"])]


def _visit(data: ReportData, unit: str, date: str) -> dict:
    """The scheduled visit of ``unit`` on ``date`` (lead, venue), or nothing."""
    schedule = data.schedule
    if schedule is None or schedule.empty:
        return {}
    rows = schedule[(schedule["unit"] == unit) & (schedule["inspection_date"] == date)]
    return rows.iloc[0].to_dict() if len(rows) else {}


def _said(text: str | None) -> str:
    """A remark or recommendation as written; "không có." where there is none ("Không", "-", empty)."""
    return "không có." if text is None or is_nothing(text) else text


def overview(doc, numeral: str, data: ReportData) -> None:
    """I. How many units have been inspected, which not yet, and the assessments counted per content."""
    inspection = _inspected(data)
    done = inspection[inspection["inspection_date"].notna()]
    waiting = [u for u in inspection["unit"] if u not in set(done["unit"])]
    total = len(inspection)
    heading(doc, f"{numeral}. KHÁI QUÁT CHUNG")
    line = f"Tính đến ngày {fmt_date(data.as_of)}, đã có kết quả kiểm tra của {len(done)}/{total} đơn vị"
    if not done.empty:
        line += " (" + ", ".join(f"{u} ngày {fmt_date(d)}" for u, d in zip(done["unit"], done["inspection_date"])) + ")"
    line += f"; {len(waiting)} đơn vị chưa có kết quả kiểm tra ({', '.join(waiting)})." if waiting else "."
    para(doc, line)
    if done.empty:
        return
    para(doc, "Đánh giá của Đoàn kiểm tra theo từng nội dung (số đơn vị):", keep_next=True)
    for item in data.items:
        counts = [f"{int((done[item.key] == a.key).sum())} {a.vi}" for a in ASSESSMENTS]
        unassessed = int(done[item.key].isna().sum())
        if unassessed:
            counts.append(f"{unassessed} {assessment_label(None, 'vi').lower()}")
        para(doc, f"- {item.vi}: {', '.join(counts)}.")


def per_unit(doc, numeral: str, data: ReportData) -> None:
    """II. Each unit's latest inspection: the date and team, the team's assessment of each
    content, its remarks and recommendations, the date to act by; or that there is none yet."""
    heading(doc, f"{numeral}. KẾT QUẢ KIỂM TRA TẠI TỪNG ĐƠN VỊ")
    for number, r in enumerate(_inspected(data).to_dict(orient="records"), 1):
        label = f"{number}. {r['unit']}: "
        if r["inspection_date"] is None:
            planned = _planned(data, r["unit"])
            later = f" (theo lịch, kiểm tra ngày {', '.join(planned)})" if planned else ""
            labelled(doc, label, f"{NOT_INSPECTED}{later}.")
            continue
        visit = _visit(data, r["unit"], r["inspection_date"])
        line = f"kiểm tra ngày {fmt_date(r['inspection_date'])}"
        if visit.get("lead"):
            line += f"; Trưởng đoàn: {visit['lead']}"
        if visit.get("venue"):
            line += f"; địa điểm: {visit['venue']}"
        labelled(doc, label, line + ".", keep_next=True)
        para(doc, "a) Đánh giá của Đoàn kiểm tra:", keep_next=True)
        for item in data.items:
            para(doc, f"- {item.vi}: {assessment_label(r[item.key], 'vi')}.")
        para(doc, f"b) Nhận xét của Đoàn: {_said(r['remarks'])}")
        recommendation = f"c) Kiến nghị của Đoàn: {_said(r['recommendations'])}"
        if r["fix_by"]:
            recommendation += f"\nThời hạn hoàn thành: {fmt_date(r['fix_by'])}."
        para(doc, recommendation)


def summary_table(doc, numeral: str, data: ReportData) -> None:
    """III. Units × contents: the latest inspection's assessment of each."""
    heading(doc, f"{numeral}. BẢNG TỔNG HỢP KẾT QUẢ KIỂM TRA")
    shown = data.items
    heads = ["TT", "Đơn vị", "Ngày kiểm tra", *(i.vi for i in shown)]
    rows = []
    for number, r in enumerate(_inspected(data).to_dict(orient="records"), 1):
        if r["inspection_date"] is None:
            rows.append([str(number), r["unit"], NOT_INSPECTED])  # one cell across the contents
        else:
            assessed = [assessment_label(r[i.key], "vi") for i in shown]
            rows.append([str(number), r["unit"], fmt_date(r["inspection_date"]), *assessed])
    fixed = [0.9, 2.6, 2.2]
    item_width = (TEXT_WIDTH_CM - sum(fixed)) / len(shown)
    grid(doc, heads, rows, [*fixed, *([item_width] * len(shown))])
    para(doc, "", after=0)
