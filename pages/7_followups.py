"""Follow-ups (Theo dõi kiến nghị): every difficulty, proposal and recommendation, followed to an answer."""

import datetime as dt

import pandas as pd
import streamlit as st

from dtts_dashboard import cards, followups, tables
from dtts_dashboard.i18n import fmt_date, fmt_time
from dtts_dashboard.text import text_cell
from dtts_dashboard.ui import CAMPAIGN, FINDINGS, HANDLING, REPORTS, data_changed, flash, setup
from dtts_dashboard.ui_login import editor_gate
from dtts_dashboard.ui_look import footer, table_or_cards

ctx = setup("nav_followups")
st.title(ctx.t("followups_title"))
st.markdown(ctx.t("followups_intro"))
flash()

everything = ctx.compute(followups.items, REPORTS, FINDINGS, HANDLING, CAMPAIGN, ctx.as_of)
if ctx.units:
    everything = everything[everything["unit"].isin(ctx.units)]
if everything.empty:
    st.info(ctx.t("followups_none"))
    footer(ctx)
    st.stop()

left, middle, right = st.columns(3)
statuses = left.multiselect(
    ctx.t("followups_filter_status"),
    followups.STATUSES,
    default=["open", "in_hand"],
    format_func=lambda s: ctx.t(f"fstatus_{s}"),
    key="fu_status",
)
sources = middle.multiselect(
    ctx.t("followups_filter_source"),
    followups.SOURCES,
    default=[],
    format_func=lambda s: ctx.t(f"source_{s}"),
    key="fu_source",
    placeholder=ctx.t("filter_items_all"),
)
order = right.radio(
    ctx.t("followups_sort"),
    ("oldest", "unit"),
    key="fu_sort",
    horizontal=True,
    format_func=lambda o: ctx.t(f"followups_sort_{o}"),
)
shown = everything[everything["status"].isin(statuses or followups.STATUSES) | everything["came_back"].astype(bool)]
if sources:
    shown = shown[shown["source"].isin(sources)]
if order == "oldest":
    shown = shown.sort_values("age_days", ascending=False, kind="stable")
st.caption(ctx.t("followups_count", shown=len(shown), total=len(everything)))
listed = tables.followups_table(shown, ctx.lang)
table_or_cards(
    "followups",
    listed,
    cards.followup_cards(listed, ctx.lang),
    column_config={ctx.t("col_text"): st.column_config.TextColumn(width="large")},
)
if shown.empty:
    footer(ctx)
    st.stop()

labels = {r["id"]: f"{r['unit']} · {r['text'][:70]}" for r in shown.to_dict(orient="records")}
picked = st.selectbox(ctx.t("followups_pick"), list(labels), format_func=labels.get, key="fu_item")
item = shown[shown["id"] == picked].iloc[0]
st.header(ctx.t("followups_history"))
st.text(item["text"])
history = ctx.store.handling_history(picked)
if history.empty:
    st.caption(ctx.t("followups_history_none"))
else:
    handled = pd.DataFrame(
        {
            ctx.t("col_version"): history["version"],
            ctx.t("col_time"): history["created_at"].map(fmt_time),
            ctx.t("col_author"): history["author"],
            ctx.t("col_status"): [ctx.t(f"fstatus_{s}") for s in history["status"]],
            ctx.t("followups_owner"): history["owner"].fillna(""),
            ctx.t("followups_response"): history["response"].fillna(""),
            ctx.t("followups_response_date"): history["response_date"].map(fmt_date),
            ctx.t("followups_ref"): history["response_ref"].fillna(""),
        }
    )
    table_or_cards("handling", handled, cards.handling_cards(handled, ctx.lang))

if ctx.version is None:
    st.header(ctx.t("followups_answer_title"))
    editor = editor_gate(ctx, "answer")  # a unit's account reads the handling; the province answers
    if editor:
        with st.form("answer", enter_to_submit=False):
            status = st.selectbox(
                ctx.t("col_status"),
                followups.STATUSES,
                format_func=lambda s: ctx.t(f"fstatus_{s}"),
                index=followups.STATUSES.index(item["status"]),
                key=f"fu_answer_status_{picked}",  # keyed by item: another item's form never shows this one's values
            )
            owner = st.text_input(
                ctx.t("followups_owner"), value=item["owner"] or "", max_chars=200, key=f"fu_owner_{picked}"
            )
            response = st.text_area(
                ctx.t("followups_response"), value=item["response"] or "", max_chars=4000, key=f"fu_response_{picked}"
            )
            when = st.date_input(
                ctx.t("followups_response_date"),
                format="DD/MM/YYYY",
                value=(dt.date.fromisoformat(item["response_date"]) if item["response_date"] else ctx.as_of),
                key=f"fu_date_{picked}",
            )
            ref = st.text_input(
                ctx.t("followups_ref"), value=item["response_ref"] or "", max_chars=100, key=f"fu_ref_{picked}"
            )
            if st.form_submit_button(ctx.t("followups_save"), type="primary"):
                version = ctx.store.answer(
                    picked,
                    item["unit"],
                    status,
                    editor,
                    owner=text_cell(owner),
                    response=text_cell(response),
                    response_date=when.isoformat(),
                    ref=text_cell(ref),
                )
                data_changed()
                flash(ctx.t("followups_saved", number=version.number))
                st.rerun()
footer(ctx)
