"""Timeline (Tiến độ theo thời gian): visits and congress dates, progress over time, status lanes."""

import streamlit as st

from dtts_dashboard import charts
from dtts_dashboard.timeline import MAX_LANE_UNITS, timeline
from dtts_dashboard.ui import CAMPAIGN, FINDINGS, REPORTS, SCHEDULE, setup
from dtts_dashboard.ui_look import footer, plotly

ctx = setup("nav_timeline")
st.title(ctx.t("timeline_title"))
if not ctx.has_reports and ctx.schedule.empty:
    st.info(ctx.t("empty_state"), icon=":material/upload_file:")
    footer(ctx)
    st.stop()

# Made once per data version and view, shared by every session: a new session only lays it out.
view = ctx.shared(timeline, REPORTS, SCHEDULE, FINDINGS, CAMPAIGN, ctx.as_of, ctx.units, ctx.items, ctx.lang)
st.header(ctx.t("timeline_schedule"))
if view.units > charts.MAX_UNIT_ROWS:
    st.caption(ctx.t("timeline_aggregated", n=view.units))
else:
    st.caption(ctx.t("timeline_schedule_caption"))
plotly(view.schedule_figure, ctx.lang)

if view.progress_figure is not None:
    st.header(ctx.t("timeline_progress"))
    plotly(view.progress_figure, ctx.lang)

    st.header(ctx.t("timeline_lanes"))
    if view.lanes_figure is None:
        st.info(ctx.t("timeline_lanes_pick", n=MAX_LANE_UNITS, count=len(ctx.unit_names)))
    else:
        plotly(view.lanes_figure, ctx.lang)
        st.caption(charts.legend_text(ctx.lang))
footer(ctx)
