"""Unit (Từng đơn vị): one unit's state, who follows it, each visit's findings beside its own report, its reports."""

import streamlit as st

from dtts_dashboard import cards, charts, followups, metrics, tables, visits
from dtts_dashboard.i18n import fmt_date
from dtts_dashboard.ui import CAMPAIGN, FINDINGS, HANDLING, REPORTS, SCHEDULE, setup
from dtts_dashboard.ui_look import footer, plotly, table_or_cards

ctx = setup("nav_unit")
st.title(ctx.t("unit_title"))
choices = ctx.unit_names
unit = st.selectbox(ctx.t("unit_pick"), choices, key="unit", bind="query-params")
if unit is None:
    st.stop()

state = ctx.compute(metrics.unit_state, REPORTS, CAMPAIGN, ctx.as_of, [unit]).iloc[0]
mine = ctx.reports[(ctx.reports["unit"] == unit) & (ctx.reports["report_date"] <= ctx.as_of.isoformat())]
seen = ctx.compute(visits.unit_visits, SCHEDULE, FINDINGS, REPORTS, CAMPAIGN, unit, ctx.as_of)

left, right = st.columns(2)
with left:
    following = tables.unit_members_line(ctx.campaign, unit, ctx.lang)
    if following:
        st.markdown(following)
    if state["congress_date"]:
        held = ctx.t("held_yes") if state["held"] else ctx.t("held_no")
        st.markdown(ctx.t("unit_congress", date=fmt_date(state["congress_date"]), state=held))
    else:
        st.markdown(ctx.t("unit_no_congress"))
    if state["delegates"] is not None:
        st.markdown(f"{ctx.t('col_delegates')}: **{state['delegates']}** / {ctx.campaign.delegate_cap}")
with right:
    if state["report_date"] is None:
        st.info(ctx.t("unit_no_report"))
    else:
        st.markdown(ctx.t("unit_latest", date=fmt_date(state["report_date"])))
        for item in ctx.campaign.items:
            st.markdown(f"- {item.label(ctx.lang)}: **{tables.status_cell(state[item.key], ctx.lang)}**")

if state["report_date"] is not None:
    for heading, text in tables.unit_texts(state, ctx.lang):
        st.markdown(f"**{heading}**")
        st.text(text)

st.header(ctx.t("visits_title"))
if not seen:
    st.caption(ctx.t("unit_no_visit"))
if any(v.state == visits.RECORDED for v in seen):
    st.caption(ctx.t("visits_caption"))
else:
    st.info(ctx.t("visits_none_recorded"), icon=":material/assignment_late:")
for visit in reversed(seen):  # the latest first
    with st.container(border=True):
        st.markdown(tables.visit_heading(visit, ctx.lang))
        st.caption(tables.visit_state_line(visit, ctx.lang))
        if visit.state == visits.RECORDED:
            st.table(tables.markdown_cells(tables.visit_items_table(visit, ctx.campaign, ctx.lang)), hide_index=True)
            for heading, text in tables.visit_texts(visit, ctx.campaign, ctx.lang):
                st.markdown(f"**{heading}**")
                st.text(text)

if not mine.empty:
    st.header(ctx.t("timeline_lanes"))
    plotly(ctx.compute(charts.status_lanes, REPORTS, CAMPAIGN, ctx.as_of, [unit], ctx.lang), ctx.lang)
    st.caption(charts.legend_text(ctx.lang))
    st.header(ctx.t("unit_reports"))
    reports = tables.unit_reports_table(mine, ctx.campaign, ctx.lang)
    table_or_cards("unit-reports", reports, cards.report_cards(reports, ctx.lang))

raised = ctx.compute(followups.items, REPORTS, FINDINGS, HANDLING, CAMPAIGN, ctx.as_of, [unit])
st.header(ctx.t("nav_followups"))
if raised.empty:
    st.caption(ctx.t("followups_none"))
else:
    listed = tables.followups_table(raised, ctx.lang)
    table_or_cards("unit-followups", listed, cards.followup_cards(listed, ctx.lang))
footer(ctx)
