"""Overview (Tổng quan): the entry page. Lays out widgets; the logic lives in dtts_dashboard."""

import streamlit as st

from dtts_dashboard import charts, tables
from dtts_dashboard.i18n import fmt_date
from dtts_dashboard.overview import overview
from dtts_dashboard.ui import CAMPAIGN, FINDINGS, HANDLING, REPORTS, SCHEDULE, setup
from dtts_dashboard.ui_look import footer, plotly

ctx = setup("nav_overview")
st.title(ctx.t("overview_title"))
st.caption(f"{ctx.campaign.title(ctx.lang)} · {ctx.t('filter_as_of')} {fmt_date(ctx.as_of)}")

if not ctx.has_reports:
    st.info(ctx.t("empty_state"), icon=":material/upload_file:")
    inspected = ctx.findings[ctx.findings["inspection_date"] <= ctx.as_of.isoformat()]["unit"].nunique()
    if inspected:  # findings entered before any progress report: say where they are shown
        st.markdown(ctx.t("empty_state_findings", count=inspected))
        st.page_link("pages/2_unit.py", label=ctx.t("nav_unit"), icon=":material/location_city:")
        st.page_link("pages/1_timeline.py", label=ctx.t("nav_timeline"), icon=":material/timeline:")
else:
    # Made once per data version and view, shared by every session: a new session only lays it out.
    view = ctx.shared(
        overview, REPORTS, SCHEDULE, FINDINGS, HANDLING, CAMPAIGN, ctx.as_of, ctx.units, ctx.items, ctx.lang
    )
    for column, (label, value) in zip(st.columns(4), view.cards):
        column.metric(label, value, border=True)
    for pair in (view.bars[i : i + 2] for i in range(0, len(view.bars), 2)):  # row by row: stacks in order on a phone
        for column, (text, fraction) in zip(st.columns(2), pair):
            column.progress(fraction, text=text)

    card = view.round_card
    if card is not None:  # the campaign has reporting rounds
        st.header(card.title)
        st.caption(card.due)
        for column, (label, value, note) in zip(st.columns(4), card.metrics):
            column.metric(label, value, help=note, border=True)
        for line in card.lines:
            st.markdown(line)
        if card.reminder:
            st.caption(ctx.t("reminder_caption"))
            st.code(card.reminder, language=None, wrap_lines=True)
        else:
            st.markdown(ctx.t("round_all_sent"))
        st.markdown(f"**{ctx.t('rounds_chart_title')}**")
        st.caption(ctx.t("rounds_chart_caption"))
        plotly(view.rounds_figure, ctx.lang)

    st.header(ctx.t("matrix_title"))
    st.caption(ctx.t("matrix_caption", legend=charts.legend_text(ctx.lang, short=True)))
    if view.matrix_findings:
        st.caption(ctx.t("matrix_findings_caption"))
    cards = view.unit_cards
    # On a phone the cards show and the matrix hides (the style sheet's ``wide-only``/``phone-only``).
    with st.container(key="wide-only-matrix" if cards else "matrix"):
        st.dataframe(
            tables.matrix_styler(view.matrix, ctx.campaign, ctx.items, ctx.lang),
            hide_index=True,
            width="stretch",
            column_config={
                short: st.column_config.TextColumn(short, help=label) for short, label in view.matrix_columns.items()
            }
            | {ctx.t("col_unit"): st.column_config.TextColumn(pinned=True)},
        )
    with st.container(key="phone-only-cards"):
        if cards:
            st.caption(ctx.t("cards_caption"))
        for card in cards:
            with st.container(border=True):
                reasons = "\n\n" + "  \n".join(f"⚠ {reason}" for reason in card.reasons) if card.reasons else ""
                st.markdown(f"**{card.unit}**  \n{card.facts}\n\n" + "  \n".join(card.statuses) + reasons)

    st.header(ctx.t("attention_title"))
    if not view.attention:
        st.success(ctx.t("attention_none"))
    elif view.attention_table is not None:  # thousands of units: one table, not a paragraph each
        st.caption(ctx.t("long_list_caption", count=len(view.attention)))
        st.dataframe(view.attention_table, hide_index=True)
    else:
        for unit, reasons in view.attention:
            st.markdown(f"**{unit}**: " + "; ".join(reasons))

    st.header(ctx.t("difficulties_title"))
    if view.difficulties_table is not None:  # many units: one table, not a paragraph each
        st.caption(ctx.t("long_list_caption", count=len(view.difficulties_table)))
        st.dataframe(view.difficulties_table, hide_index=True)
    elif not view.difficulties:
        st.caption(ctx.t("difficulties_none"))
    else:
        for block in view.difficulties:
            st.markdown(block)

    st.header(ctx.t("followups_overview"))
    if view.waiting is None:
        st.caption(ctx.t("followups_overview_none"))
    else:
        st.dataframe(view.waiting, hide_index=True)
    st.page_link("pages/7_followups.py", label=ctx.t("nav_followups"), icon=":material/fact_check:")
footer(ctx)
