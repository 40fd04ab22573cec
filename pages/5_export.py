"""Export (Xuất báo cáo): what the committee sees, as Excel and CSV, and the two written reports."""

import streamlit as st

from dtts_dashboard import exporting, findings_report, followups, report
from dtts_dashboard.i18n import fmt_date
from dtts_dashboard.ui import CAMPAIGN, FINDINGS, HANDLING, REPORTS, setup
from dtts_dashboard.ui_downloads import download_button
from dtts_dashboard.ui_look import footer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

ctx = setup("nav_export")
st.title(ctx.t("export_title"))
if not ctx.has_reports:
    st.info(ctx.t("empty_state"), icon=":material/upload_file:")
    footer(ctx)
    st.stop()
day = fmt_date(ctx.as_of)
stamp = ctx.as_of.strftime("%Y-%m-%d")
st.markdown(ctx.t("export_intro", date=day))

# Made once per data version and view, shared by every session (the data are read on a click).
state_frame, state_dates = ctx.shared(
    exporting.unit_states, REPORTS, CAMPAIGN, ctx.as_of, ctx.units, ctx.items, ctx.lang
)


def history():
    followup_items = ctx.compute(followups.items, REPORTS, FINDINGS, HANDLING, CAMPAIGN, ctx.as_of)
    return exporting.history_sheets(
        ctx.reports, ctx.schedule, ctx.campaign, ctx.units, ctx.items, ctx.lang, followup_items, as_of=ctx.as_of
    )


st.header(ctx.t("export_state"))
st.caption(ctx.t("export_state_caption"))
row = st.container(horizontal=True)  # the buttons side by side, wrapping on a phone
state_sheet = exporting.state_sheet_title(ctx.as_of, ctx.lang)
download_button(
    ctx,
    row,
    ctx.t("download_xlsx"),
    lambda: exporting.to_xlsx_bytes([(state_sheet, state_frame, state_dates)]),
    f"tinh-hinh-{stamp}.xlsx",
    XLSX,
    key="state_xlsx",
    icon=":material/table:",
)
download_button(
    ctx,
    row,
    ctx.t("download_csv"),
    lambda: exporting.to_csv_bytes(state_frame),
    f"tinh-hinh-{stamp}.csv",
    "text/csv",
    key="state_csv",
)

st.header(ctx.t("export_history"))
st.caption(ctx.t("export_history_caption"))
row = st.container(horizontal=True)  # the buttons side by side, wrapping on a phone
download_button(
    ctx,
    row,
    ctx.t("download_xlsx"),
    lambda: exporting.to_xlsx_bytes(history()),
    "cac-lan-bao-cao.xlsx",
    XLSX,
    key="history_xlsx",
    icon=":material/table:",
)
download_button(
    ctx,
    row,
    ctx.t("download_csv"),
    lambda: exporting.to_csv_bytes(history()[0][1]),
    "cac-lan-bao-cao.csv",
    "text/csv",
    key="history_csv",
)

st.header(ctx.t("export_report"))
st.caption(ctx.t("export_report_caption", date=day))
st.markdown(ctx.t("report_progress_caption"))
download_button(
    ctx,
    st.container(),
    ctx.t("download_docx"),
    lambda: report.report_docx(
        ctx.reports, ctx.schedule, ctx.campaign, ctx.as_of, ctx.sample, ctx.units, ctx.items, ctx.findings, ctx.handling
    ),
    f"bao-cao-tong-hop-{stamp}.docx",
    DOCX,
    key="report_docx",
    type="primary",
    icon=":material/description:",
)
st.markdown(ctx.t("report_findings_caption"))
if not findings_report.any_findings(ctx.findings, ctx.as_of):
    st.caption(ctx.t("report_findings_none", date=day))
download_button(
    ctx,
    st.container(),
    ctx.t("download_findings_docx"),
    lambda: findings_report.findings_docx(
        ctx.reports, ctx.schedule, ctx.campaign, ctx.as_of, ctx.sample, ctx.units, ctx.items, ctx.findings, ctx.handling
    ),
    f"bao-cao-ket-qua-kiem-tra-{stamp}.docx",
    DOCX,
    key="findings_docx",
    type="primary",
    icon=":material/fact_check:",
)
footer(ctx)
