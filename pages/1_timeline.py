"""Timeline (Tiến độ theo thời gian): visits and congress dates, progress over time, status lanes."""

import streamlit as st

from dtts_dashboard import charts, metrics
from dtts_dashboard.ui import CAMPAIGN, FINDINGS, REPORTS, SCHEDULE, setup
from dtts_dashboard.ui_look import footer, plotly

MAX_LANE_UNITS = 8

ctx = setup("nav_timeline")
st.title(ctx.t("timeline_title"))
if ctx.reports.empty and ctx.schedule.empty:
    st.info(ctx.t("empty_state"), icon=":material/upload_file:")
    footer(ctx)
    st.stop()

state = ctx.compute(metrics.unit_state, REPORTS, CAMPAIGN, ctx.as_of, ctx.units)
st.header(ctx.t("timeline_schedule"))
if len(state) > charts.MAX_UNIT_ROWS:
    st.caption(ctx.t("timeline_aggregated", n=len(state)))
else:
    st.caption(ctx.t("timeline_schedule_caption"))
plotly(ctx.compute(charts.timeline_figure, state, SCHEDULE, CAMPAIGN, ctx.as_of, ctx.lang, FINDINGS), ctx.lang)

if not ctx.reports.empty:
    st.header(ctx.t("timeline_progress"))
    start = min(metrics.first_report_date(ctx.reports), ctx.campaign.inspection_start)
    end = max(ctx.as_of, start)
    progress = ctx.compute(metrics.progress_over_time, REPORTS, CAMPAIGN, start, end, ctx.units, ctx.items)
    plotly(
        ctx.compute(charts.progress_figure, progress, CAMPAIGN, ctx.as_of, len(state), ctx.lang, ctx.items), ctx.lang
    )

    st.header(ctx.t("timeline_lanes"))
    if len(ctx.unit_names) > MAX_LANE_UNITS:
        st.info(ctx.t("timeline_lanes_pick", n=MAX_LANE_UNITS, count=len(ctx.unit_names)))
    else:
        lanes = ctx.compute(charts.status_lanes, REPORTS, CAMPAIGN, ctx.as_of, ctx.unit_names, ctx.lang, ctx.items)
        plotly(lanes, ctx.lang)
        st.caption(charts.legend_text(ctx.lang))
footer(ctx)
