"""Upload (Cập nhật dữ liệu): templates, check a file, preview the change, save a version."""

import logging

import streamlit as st

from dtts_dashboard import exporting, limits, permissions, tables
from dtts_dashboard.i18n import fmt_time
from dtts_dashboard.problems import InputError
from dtts_dashboard.store import SAMPLE_SET_ASIDE, sha256
from dtts_dashboard.text import md_escape
from dtts_dashboard.ui import data_changed, flash, setup
from dtts_dashboard.ui_login import account_gate
from dtts_dashboard.ui_look import footer, show_problems, uploader_texts
from dtts_dashboard.validate import check_file

# One cap: ours (DTTS_MAX_UPLOAD_MB), never above the server's (server.maxUploadSize, equal to it
# in .streamlit/config.toml), so that the server does not take in more than the page accepts.
MAX_MB = min(limits.value("DTTS_MAX_UPLOAD_MB"), st.get_option("server.maxUploadSize"))

ctx = setup("nav_upload", filters=False)


st.title(ctx.t("upload_title"))
st.markdown(ctx.t("upload_intro"))
flash()

with st.expander(ctx.t("templates_title")):
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    for column, kind in zip(st.columns(3), ("progress", "schedule", "findings")):
        column.download_button(
            ctx.t(f"template_{kind}_xlsx"),
            lambda kind=kind: exporting.template_xlsx(ctx.campaign, kind),
            f"mau-{kind}.xlsx",
            xlsx,
            key=f"tpl_{kind}_xlsx",
            on_click="ignore",
        )
        column.download_button(
            ctx.t(f"template_{kind}_csv"),
            lambda kind=kind: exporting.template_csv(ctx.campaign, kind),
            f"mau-{kind}.csv",
            "text/csv",
            key=f"tpl_{kind}_csv",
            on_click="ignore",
        )

account = account_gate(ctx)
if account and account.is_unit:
    st.caption(ctx.t("unit_upload_note", unit=account.unit))
if account and ctx.sample and not permissions.may(account, permissions.REMOVE_SAMPLE):
    st.caption(ctx.t("province_only_remove_sample", unit=account.unit))
elif account and ctx.sample:
    with st.expander(ctx.t("remove_sample_title")):
        st.markdown(ctx.t("remove_sample_text"))
        sure = st.checkbox(ctx.t("remove_sample_confirm"), key="remove_sample_ok")
        if st.button(ctx.t("remove_sample_button"), disabled=not sure, key="remove_sample"):
            removed = ctx.store.remove_sample(account.name)
            data_changed()
            flash(ctx.t("removed_sample", number=removed.number))
            st.rerun()
kinds = {None: ctx.t("kind_auto")} | {kind: ctx.t(f"kind_{kind}") for kind in ("progress", "schedule", "findings")}
kind = None  # a unit's account sends progress files only: its file's kind is recognised, never picked
if not (account and account.is_unit):
    kind = st.radio(ctx.t("kind_label"), list(kinds), format_func=kinds.get, horizontal=True, key="upload_kind")
round_ = st.session_state.setdefault("upload_round", 0)
uploader_texts(ctx, MAX_MB)
uploaded = st.file_uploader(
    ctx.t("uploader_label"),
    type=["xlsx", "csv", "txt"],
    key=f"upload_{round_}",
    max_upload_size=MAX_MB,
    help=ctx.t("uploader_help", limit=MAX_MB),
)
if uploaded is None:
    st.stop()

data = uploaded.getvalue()
if len(data) > MAX_MB * 1024 * 1024:
    st.error(ctx.t("too_large", name=md_escape(uploaded.name), size=round(len(data) / 1024 / 1024, 1), limit=MAX_MB))
    st.stop()
try:
    with st.spinner(ctx.t("checking")):
        checked = check_file(data, uploaded.name, ctx.campaign, kind)
except InputError as refused:
    st.error(
        ctx.t("refused_summary", name=md_escape(uploaded.name), count=len(refused.problems)), icon=":material/block:"
    )
    show_problems(ctx, refused.problems)
    if refused.warnings:
        st.warning(ctx.t("warnings_summary", count=len(refused.warnings)))
        show_problems(ctx, refused.warnings)
    st.stop()
except Exception:  # a fault of ours, not of the file: said plainly (the cause goes to the server's log), nothing stored
    logging.getLogger("dtts_dashboard").exception("reading %r", uploaded.name)
    st.error(ctx.t("unexpected", name=md_escape(uploaded.name)), icon=":material/error:")
    st.stop()

refusals = permissions.refusals(account, checked.kind, checked.records)  # a unit's account: its own rows only
if refusals:
    st.error(ctx.t("refused_summary", name=md_escape(uploaded.name), count=len(refusals)), icon=":material/block:")
    show_problems(ctx, refusals)
    st.stop()

st.success(ctx.t("valid_summary", kind=kinds[checked.kind], rows=checked.rows, header=checked.detected.header_row))
if checked.warnings:
    st.warning(ctx.t("warnings_summary", count=len(checked.warnings)))
    show_problems(ctx, checked.warnings)

st.header(ctx.t("preview_title"))
with st.spinner(ctx.t("previewing")):
    change = ctx.store.preview(checked)
shown = tables.change_tables(change, ctx.campaign, ctx.lang)
if checked.kind == "schedule":
    st.caption(ctx.t("preview_schedule_note"))
counts = tables.preview_counts(change)
for column, (key, count) in zip(st.columns(len(counts)), counts):
    column.metric(ctx.t(key), count)
if change.warnings:
    st.warning(ctx.t("warnings_summary", count=len(change.warnings)))
    show_problems(ctx, change.warnings)
if change.sample_set_aside:
    st.info(ctx.t("preview_sample_aside"), icon=":material/science:")
if change.is_empty:
    st.info(ctx.t("preview_nothing"))
for part, frame in shown.items():
    if not frame.empty:
        st.markdown(f"**{ctx.t(tables.preview_heading(checked.kind, part))}**")
        st.dataframe(frame, hide_index=True, width="stretch")
if checked.kind == "progress" and change.untouched_units:
    st.caption(f"{ctx.t('preview_untouched')}: {', '.join(change.untouched_units)}")

earlier = ctx.store.find_sha(sha256(data))
allowed = True
if earlier is not None:
    st.warning(ctx.t("duplicate_file", number=earlier.number, time=fmt_time(earlier.created_at)))
    allowed = st.checkbox(ctx.t("duplicate_confirm"), key="dup_confirm")
if account is None:
    if not ctx.store.read_only:  # when it is, the page says saving is off
        st.info(ctx.t("login_needed"), icon=":material/lock:")
elif st.button(ctx.t("save_button"), type="primary", disabled=not allowed, key="save"):
    with st.spinner(ctx.t("saving")):
        version = ctx.store.import_checked(checked, data, uploaded.name, author=account.name, origin_unit=account.unit)
    data_changed()
    saved = {"progress": "saved", "findings": "saved_findings"}.get(version.kind, "saved_schedule")
    aside = ctx.t("saved_sample_aside") if version.note == SAMPLE_SET_ASIDE else ""
    flash(ctx.t(saved, number=version.number, added=version.added, changed=version.changed) + aside)
    st.session_state["upload_round"] = round_ + 1
    st.rerun()
footer(ctx)
