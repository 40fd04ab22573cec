"""Overview (Tổng quan): the entry page. Lays out widgets; the logic lives in dtts_dashboard."""

import streamlit as st

from dtts_dashboard import charts, metrics, rounds, tables
from dtts_dashboard.i18n import fmt_date
from dtts_dashboard.ui import CAMPAIGN, FINDINGS, HANDLING, REPORTS, SCHEDULE, setup
from dtts_dashboard.ui_look import footer, plotly

ctx = setup("nav_overview")
st.title(ctx.t("overview_title"))
st.caption(f"{ctx.campaign.title(ctx.lang)} · {ctx.t('filter_as_of')} {fmt_date(ctx.as_of)}")

if ctx.reports.empty:
    st.info(ctx.t("empty_state"), icon=":material/upload_file:")
    inspected = ctx.findings[ctx.findings["inspection_date"] <= ctx.as_of.isoformat()]["unit"].nunique()
    if inspected:  # findings entered before any progress report: say where they are shown
        st.markdown(ctx.t("empty_state_findings", count=inspected))
        st.page_link("pages/2_unit.py", label=ctx.t("nav_unit"), icon=":material/location_city:")
        st.page_link("pages/1_timeline.py", label=ctx.t("nav_timeline"), icon=":material/timeline:")
else:
    state = ctx.compute(metrics.unit_state, REPORTS, CAMPAIGN, ctx.as_of, ctx.units)
    numbers = metrics.headline(state, ctx.campaign, ctx.as_of)
    for column, (label, value) in zip(st.columns(4), tables.headline_cards(numbers, ctx.campaign, ctx.lang)):
        column.metric(label, value, border=True)
    bars = tables.item_progress(numbers, ctx.campaign, ctx.items, ctx.lang)
    for pair in (bars[i : i + 2] for i in range(0, len(bars), 2)):  # row by row: stacks in order on a phone
        for column, (text, fraction) in zip(st.columns(2), pair):
            column.progress(fraction, text=text)

    found = ctx.compute(metrics.attention, state, REPORTS, SCHEDULE, FINDINGS, HANDLING, CAMPAIGN, ctx.as_of)
    by_round = found.rounds
    current = rounds.current_round(ctx.campaign, ctx.as_of)
    if current is not None:  # the campaign has reporting rounds
        card = tables.round_card(by_round, ctx.campaign, current, ctx.as_of, ctx.lang)
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
        plotly(charts.rounds_figure(rounds.round_counts(by_round), ctx.campaign, ctx.lang), ctx.lang)

    st.header(ctx.t("matrix_title"))
    st.caption(ctx.t("matrix_caption", legend=charts.legend_text(ctx.lang, short=True)))
    matrix = ctx.compute(tables.status_matrix, state, CAMPAIGN, ctx.items, ctx.lang, found.inspection)
    if found.inspection["inspection_date"].notna().any():
        st.caption(ctx.t("matrix_findings_caption"))
    full = tables.matrix_columns(ctx.campaign, ctx.items, ctx.lang)
    attention = tables.attention_list(found.reasons, ctx.campaign, ctx.lang)
    cards = tables.unit_cards(matrix, attention, ctx.lang)
    # On a phone the cards show and the matrix hides (the style sheet's ``wide-only``/``phone-only``).
    with st.container(key="wide-only-matrix" if cards else "matrix"):
        st.dataframe(
            tables.matrix_styler(matrix, ctx.campaign, ctx.items, ctx.lang),
            hide_index=True,
            width="stretch",
            column_config={short: st.column_config.TextColumn(short, help=label) for short, label in full.items()}
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
    if not attention:
        st.success(ctx.t("attention_none"))
    for unit, reasons in attention:
        st.markdown(f"**{unit}**: " + "; ".join(reasons))

    st.header(ctx.t("difficulties_title"))
    reported = metrics.difficulties(state)
    if reported.empty:
        st.caption(ctx.t("difficulties_none"))
    else:
        for block in tables.difficulties_markdown(reported, ctx.lang):
            st.markdown(block)

    st.header(ctx.t("followups_overview"))
    if found.waiting.empty:
        st.caption(ctx.t("followups_overview_none"))
    else:
        st.dataframe(tables.waiting_table(found.waiting, ctx.lang), hide_index=True)
    st.page_link("pages/7_followups.py", label=ctx.t("nav_followups"), icon=":material/fact_check:")
footer(ctx)
