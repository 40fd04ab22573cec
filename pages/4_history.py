"""History (Lịch sử phiên bản): every version, its original file, a view as of it, restore."""

import pandas as pd
import streamlit as st

from dtts_dashboard import cards, tables
from dtts_dashboard.i18n import fmt_time
from dtts_dashboard.text import clean
from dtts_dashboard.ui import data_changed, flash, setup
from dtts_dashboard.ui_login import editor_gate
from dtts_dashboard.ui_look import footer, table_or_cards

ctx = setup("nav_history", filters=False)
st.title(ctx.t("history_title"))
st.markdown(ctx.t("history_intro"))
flash()
versions = ctx.store.history()
if not versions:
    st.info(ctx.t("history_empty"))
    st.stop()

kinds = {k: ctx.t(f"kind_{k}") for k in ("progress", "schedule", "findings", "restore", "remove_sample", "answer")}
table = pd.DataFrame(
    {
        ctx.t("col_version"): [v.number for v in versions],
        f"{ctx.t('col_time')} ({ctx.t('time_zone')})": [fmt_time(v.created_at) for v in versions],
        ctx.t("col_author"): [
            f"({ctx.t('col_sample').lower()})" if v.sample and v.author == "sample" else v.author for v in versions
        ],
        ctx.t("col_origin"): [
            ctx.t("origin_unit", unit=v.origin_unit) if v.origin_unit else ctx.t("origin_province") for v in versions
        ],
        ctx.t("col_kind"): [
            kinds.get(v.kind, v.kind)
            + (f" ({ctx.t('restored_from', number=v.restored_from)})" if v.restored_from else "")
            for v in versions
        ],
        ctx.t("col_file"): [clean(v.filename or "") for v in versions],  # a file's name may hold a text-direction mark
        ctx.t("col_rows"): [v.rows for v in versions],
        ctx.t("col_change"): [tables.version_change(v, ctx.lang) for v in versions],
        ctx.t("col_sample"): ["✓" if v.sample else "" for v in versions],
    }
).iloc[::-1]
wide = st.column_config.TextColumn(width="large")  # the kind and the change are read in full
columns = {ctx.t("col_kind"): wide, ctx.t("col_change"): wide}
table_or_cards("history", table, cards.history_cards(table, ctx.lang), column_config=columns)  # cards on a phone

numbers = [v.number for v in reversed(versions)]
number = st.selectbox(ctx.t("pick_version"), numbers, key="history_version")
original = ctx.store.original_file(number)
left, right = st.columns(2)
if original:
    name, data = original
    left.download_button(
        ctx.t("download_original"),
        data,
        file_name=name,
        key="download_original",
        on_click="ignore",
        icon=":material/download:",
    )
else:
    left.caption(ctx.t("no_original"))
right.page_link(
    "app.py",
    label=ctx.t("view_version", number=number),
    icon=":material/visibility:",
    query_params={"version": str(number)},
)

st.header(ctx.t("restore_title"))
st.markdown(ctx.t("restore_text", number=number))
editor = editor_gate(ctx, "restore")  # a unit's account is told the province restores
if editor:
    sure = st.checkbox(ctx.t("restore_confirm", number=number), key="restore_ok")
    if st.button(ctx.t("restore_button"), disabled=not sure, type="primary", key="restore"):
        version = ctx.store.restore(number, author=editor)
        data_changed()
        flash(ctx.t("restored", number=version.number))
        st.rerun()
footer(ctx)
