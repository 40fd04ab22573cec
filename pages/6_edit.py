"""Quick edit (Sửa nhanh): one unit's report in a form, saved as a one-row upload (logic: quickedit)."""

import datetime as dt

import streamlit as st

from dtts_dashboard import quickedit, tables
from dtts_dashboard.i18n import fmt_date
from dtts_dashboard.links import as_of_bounds
from dtts_dashboard.permissions import QUICK_EDIT, Account, may
from dtts_dashboard.schema import PROGRESS, STATUS_BY_KEY, columns
from dtts_dashboard.ui import setup
from dtts_dashboard.ui_address import picked_as_of
from dtts_dashboard.ui_forms import FORM_WIDTH, form_keys, form_preview_and_save
from dtts_dashboard.ui_login import account_gate
from dtts_dashboard.ui_look import footer

ctx = setup("nav_edit", filters=False)  # the form has its own date: no "data as of" beside it
campaign = ctx.campaign
labels = {c.key: c.label(ctx.lang) for c in columns(campaign, PROGRESS)}


def report_picked(account: Account) -> tuple[str, dt.date] | None:
    units = campaign.unit_names
    if account.is_unit:  # a unit's office edits its own unit's reports: the unit is fixed
        st.caption(ctx.t("edit_unit_note", unit=account.unit))
        units = [account.unit] if account.unit in units else []
        st.session_state["qe_unit"] = units[0] if units else None
    unit = st.selectbox(
        ctx.t("col_unit"),
        units,
        index=None,
        placeholder=ctx.t("edit_unit_placeholder"),
        key="qe_unit",
        disabled=account.is_unit,
    )
    as_of = picked_as_of(campaign) or ctx.as_of  # the date viewed elsewhere; by default the latest report date
    default = quickedit.default_report_date(
        ctx.reports, campaign, as_of, ctx.version, quickedit.today_in_vietnam(), ctx.findings
    )
    low, high = as_of_bounds(campaign)
    date = st.date_input(
        ctx.t("edit_date"), default, low, high, key="qe_date", format="DD/MM/YYYY", help=ctx.t("edit_date_help")
    )
    if unit is None or not isinstance(date, dt.date):
        st.info(ctx.t("edit_pick_unit"))
        return None
    return unit, date


def form(unit: str, date: dt.date) -> dict:
    """The form, opened with the unit's values as of the date, again whenever the unit, the
    date or the data change (after a save, it shows what was saved). Returns its values."""
    filled = quickedit.prefill(ctx.reports, campaign, unit, date)
    keys = form_keys("qe_", (unit, date.isoformat(), ctx.data_key), filled.values)
    if filled.source_date == date.isoformat():
        st.caption(ctx.t("edit_source_same", date=fmt_date(date)))
    elif filled.source_date:
        st.caption(ctx.t("edit_source_earlier", date=fmt_date(date), source=fmt_date(filled.source_date)))
    else:
        st.caption(ctx.t("edit_source_none", date=fmt_date(date)))
    if ctx.version is not None:
        st.caption(ctx.t("edit_version_note", number=ctx.version))
    values = {}
    st.header(ctx.t("edit_statuses"))
    for item in campaign.items:
        values[item.key] = st.selectbox(
            labels[item.key],
            [quickedit.NOT_REPORTED, *STATUS_BY_KEY],
            key=keys[item.key],
            format_func=lambda s: tables.status_cell(s or None, ctx.lang),
            filter_mode=None,  # four choices: a plain list, no typing (and no phone keyboard)
        )
    st.header(ctx.t("edit_details"))
    first, last = quickedit.date_bounds(campaign, st.session_state[keys["congress_date"]])
    values["congress_date"] = st.date_input(
        labels["congress_date"], None, first, last, key=keys["congress_date"], format="DD/MM/YYYY"
    )
    values["delegates"] = st.text_input(labels["delegates"], key=keys["delegates"], help=ctx.t("edit_delegates_help"))
    for name in quickedit.TEXT_FIELDS:
        values[name] = st.text_area(labels[name], key=keys[name])
    return values


st.title(ctx.t("edit_title"))
st.markdown(ctx.t("edit_intro"))
with st.container(width=FORM_WIDTH):
    account = account_gate(ctx)
    picked = report_picked(account) if may(account, QUICK_EDIT) else None
    if picked:
        form_preview_and_save(
            ctx, PROGRESS, "qe_", "edit", account.name, *picked, form(*picked), origin_unit=account.unit
        )
footer(ctx)
