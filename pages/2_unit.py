"""Unit (Từng đơn vị): one unit's current state, its reports over time, visit and congress."""

import streamlit as st

from dtts_dashboard import charts, followups, metrics, tables
from dtts_dashboard.i18n import fmt_date
from dtts_dashboard.ui import CAMPAIGN, FINDINGS, HANDLING, REPORTS, footer, plotly, setup

ctx = setup("nav_unit")
st.title(ctx.t("unit_title"))
choices = ctx.unit_names
unit = st.selectbox(ctx.t("unit_pick"), choices, key="unit", bind="query-params")
if unit is None:
    st.stop()

state = ctx.compute(metrics.unit_state, REPORTS, CAMPAIGN, ctx.as_of, [unit]).iloc[0]
mine = ctx.reports[(ctx.reports["unit"] == unit) & (ctx.reports["report_date"] <= ctx.as_of.isoformat())]
visits = ctx.schedule[ctx.schedule["unit"] == unit] if not ctx.schedule.empty else ctx.schedule

left, right = st.columns(2)
with left:
    if visits.empty:
        st.markdown(ctx.t("unit_no_visit"))
    for visit in visits.fillna("").itertuples():  # a lead not given is NaN: shown as "—"
        st.markdown(tables.visit_line(visit, ctx.lang))
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

if not mine.empty:
    st.header(ctx.t("timeline_lanes"))
    grids = ctx.compute(metrics.lanes, REPORTS, CAMPAIGN, ctx.as_of, [unit])
    plotly(ctx.compute(charts.lanes_figure, grids, CAMPAIGN, ctx.lang))
    st.caption(charts.legend_text(ctx.lang))
    st.header(ctx.t("unit_reports"))
    st.dataframe(tables.unit_reports_table(mine, ctx.campaign, ctx.lang), hide_index=True, width="stretch")

raised = ctx.compute(followups.items, REPORTS, FINDINGS, HANDLING, CAMPAIGN, ctx.as_of)
raised = raised[raised["unit"] == unit]
st.header(ctx.t("nav_followups"))
if raised.empty:
    st.caption(ctx.t("followups_none"))
else:
    st.dataframe(tables.followups_table(raised, ctx.lang), hide_index=True, width="stretch")
footer(ctx)
