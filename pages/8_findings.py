"""Enter inspection findings (Nhập kết quả kiểm tra): one visit's findings in a form, saved as a one-row findings file (logic: quickedit)."""

import datetime as dt

import streamlit as st

from dtts_dashboard import quickedit, tables
from dtts_dashboard.i18n import fmt_date
from dtts_dashboard.links import as_of_bounds
from dtts_dashboard.permissions import FINDINGS_ENTRY
from dtts_dashboard.schema import ASSESSMENT_BY_KEY, FINDINGS, assessment_label, columns
from dtts_dashboard.ui import setup
from dtts_dashboard.ui_forms import FORM_WIDTH, form_keys, form_preview_and_save
from dtts_dashboard.ui_login import editor_gate
from dtts_dashboard.ui_look import footer

OTHER = "other"  # the visit picker's "another date"

ctx = setup("nav_findings", filters=False)  # the form has its own date: no "data as of" beside it
campaign = ctx.campaign
labels = {c.key: c.label(ctx.lang) for c in columns(campaign, FINDINGS)}


def forget_visit() -> None:
    st.session_state.pop("fe_visit", None)  # another unit has other visits


def visit_picked() -> tuple[str, dt.date] | None:
    unit = st.selectbox(
        ctx.t("col_unit"),
        campaign.unit_names,
        index=None,
        key="fe_unit",
        placeholder=ctx.t("fe_unit_placeholder"),
        on_change=forget_visit,
    )
    if unit is None:
        st.info(ctx.t("fe_pick_unit"))
        return None
    offered = {v.date.isoformat(): v for v in quickedit.visits(ctx.schedule, ctx.findings, unit)}
    if offered:
        picked = st.radio(
            ctx.t("fe_visit"),
            [*offered, OTHER],
            key="fe_visit",
            help=ctx.t("fe_visit_help"),
            format_func=lambda d: (
                tables.visit_choice(offered[d], ctx.lang) if d in offered else ctx.t("fe_visit_other")
            ),
        )
        if picked in offered:
            return unit, offered[picked].date
    else:
        st.caption(ctx.t("fe_no_schedule"))
    low, high = as_of_bounds(campaign)
    default = quickedit.other_visit_date(campaign, quickedit.today_in_vietnam())
    date = st.date_input(ctx.t("fe_date"), default, low, high, key="fe_date", format="DD/MM/YYYY")
    return (unit, date) if isinstance(date, dt.date) else None


def form(unit: str, date: dt.date) -> dict:
    """The form, opened with the visit's saved findings (a correction) or empty, again
    whenever the unit, the visit or the data change. Returns its values."""
    filled = quickedit.prefill(ctx.findings, campaign, unit, date, FINDINGS)
    keys = form_keys("fe_", (unit, date.isoformat(), ctx.data_key), filled.values)
    source = "fe_source_same" if filled.source_date else "fe_source_none"
    st.caption(ctx.t(source, date=fmt_date(date)))
    if held := quickedit.held_congress(ctx.reports, campaign, unit, date):
        st.caption(ctx.t("fe_held", date=fmt_date(held)))
    if ctx.version is not None:
        st.caption(ctx.t("edit_version_note", number=ctx.version))
    values = {}
    st.header(ctx.t("fe_assessments"), help=ctx.t("fe_assessments_help"))
    for item in campaign.items:
        values[item.key] = st.radio(
            labels[item.key],
            [*ASSESSMENT_BY_KEY, quickedit.NOT_REPORTED],
            key=keys[item.key],
            format_func=lambda a: assessment_label(a or None, ctx.lang),
            horizontal=True,
        )
    st.header(ctx.t("fe_details"))
    for name in ("remarks", "recommendations"):
        values[name] = st.text_area(labels[name], key=keys[name])
    first, last = quickedit.date_bounds(campaign, st.session_state[keys["fix_by"]])
    values["fix_by"] = st.date_input(
        labels["fix_by"], None, first, last, key=keys["fix_by"], format="DD/MM/YYYY", help=ctx.t("fe_fix_by_help")
    )
    return values


st.title(ctx.t("fe_title"))
st.markdown(ctx.t("fe_intro"))
with st.container(width=FORM_WIDTH):
    editor = editor_gate(ctx, FINDINGS_ENTRY)  # the page's one gate: province editors only
    picked = visit_picked() if editor else None
    if picked:
        form_preview_and_save(ctx, FINDINGS, "fe_", "fe", editor, *picked, form(*picked))
footer(ctx)
