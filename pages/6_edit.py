"""Quick edit (Sửa nhanh): one unit's report in a form, saved as a one-row upload (logic: quickedit)."""

import datetime as dt

import streamlit as st

from dtts_dashboard import quickedit, tables
from dtts_dashboard.i18n import fmt_date
from dtts_dashboard.links import as_of_bounds
from dtts_dashboard.problems import InputError
from dtts_dashboard.schema import PROGRESS, STATUS_BY_KEY, columns
from dtts_dashboard.store import sha256
from dtts_dashboard.text import md_escape
from dtts_dashboard.ui import data_changed, editor_gate, flash, footer, picked_as_of, setup
from dtts_dashboard.validate import check_file

FORM_WIDTH = 760  # px: one column to read down, on a laptop too (a phone's narrower screen takes it whole)

ctx = setup("nav_edit", filters=False)  # the form has its own date: no "data as of" beside it
campaign = ctx.campaign
labels = {c.key: c.label(ctx.lang) for c in columns(campaign, PROGRESS)}


def problems(found) -> None:
    """A form has no rows to number: each problem by the field it is in."""
    st.table(tables.problems_table(found, ctx.lang).drop(columns=ctx.t("col_row")), hide_index=True)


def report_picked() -> tuple[str, dt.date] | None:
    unit = st.selectbox(
        ctx.t("col_unit"), campaign.unit_names, index=None, placeholder=ctx.t("edit_unit_placeholder"), key="qe_unit"
    )
    as_of = picked_as_of(campaign) or ctx.as_of  # the date viewed elsewhere; by default the latest report date
    default = quickedit.default_report_date(ctx.reports, campaign, as_of, ctx.version, quickedit.today_in_vietnam())
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
    keys = {name: f"qe_{name}" for name in quickedit.fields(campaign)}
    loaded = (unit, date.isoformat(), ctx.data_key)
    if st.session_state.get("_qe_loaded") != loaded or any(key not in st.session_state for key in keys.values()):
        for name, key in keys.items():
            st.session_state[key] = filled.values[name]
        st.session_state["_qe_loaded"] = loaded
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
    first, last = quickedit.congress_date_bounds(campaign, st.session_state[keys["congress_date"]])
    values["congress_date"] = st.date_input(
        labels["congress_date"], None, first, last, key=keys["congress_date"], format="DD/MM/YYYY"
    )
    values["delegates"] = st.text_input(labels["delegates"], key=keys["delegates"], help=ctx.t("edit_delegates_help"))
    for name in quickedit.TEXT_FIELDS:
        values[name] = st.text_area(labels[name], key=keys[name])
    return values


def preview_and_save(editor: str, unit: str, date: dt.date, values: dict) -> None:
    """The form as a one-row file: checked, its change previewed, saved as a version."""
    data = quickedit.one_row_csv(campaign, unit, date, values)
    filename = quickedit.file_name(unit, date)
    try:
        checked = check_file(data, filename, campaign, PROGRESS)
    except InputError as refused:
        st.error(ctx.t("edit_refused", count=len(refused.problems)), icon=":material/block:")
        problems(refused.problems)
        return
    if checked.warnings:
        st.warning(ctx.t("warnings_summary", count=len(checked.warnings)))
        problems(checked.warnings)

    st.header(ctx.t("preview_title"))
    change = ctx.store.preview(checked)
    shown = tables.change_tables(change, campaign, ctx.lang)
    current = ctx.reports if ctx.version is None else ctx.store.reports()
    cells = quickedit.edited_cells(current, checked.records, campaign)
    previous = quickedit.prefill(current, campaign, unit, date).source_date
    same = ctx.t("edit_saved_same") if previous else ctx.t("edit_empty_form")  # when no cell differs
    if change.sample_set_aside:  # saving sets the sample aside: never mixed with real data
        st.info(ctx.t("preview_sample_aside"), icon=":material/science:")
    if change.is_empty:
        st.info(ctx.t("edit_nothing"))
    elif not change.new.empty:
        st.markdown(f"**{ctx.t('preview_new')}**: {md_escape(unit)}, {fmt_date(date)}")
        compare = ctx.t("edit_compare", date=fmt_date(previous)) if previous else ctx.t("edit_compare_none")
        st.markdown(f"**{compare}**")
        if cells.empty:
            st.caption(same)
        else:
            st.table(tables.cells_table(cells, campaign, ctx.lang), hide_index=True)
        with st.expander(ctx.t("edit_whole_report")):
            st.table(tables.record_table(shown["new"], ctx.lang), hide_index=True)
    else:
        st.markdown(f"**{ctx.t('preview_changed')}**: {md_escape(unit)}, {fmt_date(date)}")
        narrow = [ctx.t("col_column"), ctx.t("col_old"), ctx.t("col_new")]  # the unit and date are said above
        st.table(shown["changed"][narrow], hide_index=True)

    flash()  # after a save: said here, beside the button pressed (the top of a phone's page is far)
    # What is saved is what the preview showed: a click that comes with a change to the form
    # (a text typed and the button pressed at once) shows the new preview and saves nothing.
    digest, previewed = sha256(data), st.session_state.get("_qe_previewed")
    st.session_state["_qe_previewed"] = digest
    if not st.button(ctx.t("edit_save"), type="primary", disabled=change.is_empty, key="qe_save", width="stretch"):
        return
    if previewed != digest:
        st.warning(ctx.t("edit_stale"))
        return
    with st.spinner(ctx.t("saving")):
        version = ctx.store.import_checked(checked, data, filename, author=editor)
    data_changed()
    summary = tables.cells_summary(cells, campaign, ctx.lang) or same
    saved = "edit_saved_new" if not change.new.empty else "edit_saved_changed"
    aside = ctx.t("saved_sample_aside") if change.sample_set_aside else ""
    flash(ctx.t(saved, number=version.number, unit=md_escape(unit), date=fmt_date(date), cells=summary) + aside)
    st.rerun()


st.title(ctx.t("edit_title"))
st.markdown(ctx.t("edit_intro"))
with st.container(width=FORM_WIDTH):
    editor = editor_gate(ctx)
    picked = report_picked() if editor else None
    if picked:
        preview_and_save(editor, *picked, form(*picked))
footer(ctx)
