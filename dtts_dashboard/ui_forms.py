"""Streamlit glue for forms saved as one-row files (quick edit, inspection findings): the
form's widget keys, its check and preview, and the save."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from . import quickedit, tables
from .i18n import fmt_date
from .problems import InputError
from .store import KEYED, sha256
from .text import md_escape
from .ui import Context, data_changed, flash
from .ui_address import _link_params
from .ui_look import show_problems
from .validate import check_file

FORM_WIDTH = 760  # px: one column to read down, on a laptop too (a phone's narrower screen takes it whole)


def form_keys(prefix: str, loaded: tuple, values: dict) -> dict[str, str]:
    """The form's widget keys (``prefix`` + field), given ``values`` whenever ``loaded`` (the
    unit, the date, the data) changes: after a save the form shows what was saved."""
    keys = {name: f"{prefix}{name}" for name in values}
    marker = f"_{prefix}loaded"
    if st.session_state.get(marker) != loaded or any(key not in st.session_state for key in keys.values()):
        for name, key in keys.items():
            st.session_state[key] = values[name]
        st.session_state[marker] = loaded
    return keys


def form_preview_and_save(
    ctx: Context,
    kind: str,
    prefix: str,
    words: str,
    editor: str,
    unit: str,
    date: dt.date,
    values: dict,
    origin_unit: str | None = None,
) -> None:
    """A form (``quickedit``) as the one-row file of ``kind`` it amounts to: checked exactly as
    an upload, its change previewed (the edited cells), saved as a version by ``editor``.
    ``prefix`` keys the form's widgets and state; ``words`` names its texts (``{words}_save``…)."""

    def w(name: str, **params) -> str:
        return ctx.t(f"{words}_{name}", **params)

    campaign = ctx.campaign
    data = quickedit.one_row_csv(campaign, unit, date, values, kind)
    filename = quickedit.file_name(unit, date, kind)
    try:
        checked = check_file(data, filename, campaign, kind)
    except InputError as refused:
        st.error(w("refused", count=len(refused.problems)), icon=":material/block:")
        show_problems(ctx, refused.problems, rows=False)  # a form has no rows to number
        return
    change = ctx.store.preview(checked)
    warnings = [*checked.warnings, *change.warnings]
    if warnings:
        st.warning(ctx.t("warnings_summary", count=len(warnings)))
        show_problems(ctx, warnings, rows=False)

    st.header(ctx.t("preview_title"))
    shown = tables.change_tables(change, campaign, ctx.lang)
    table = KEYED[kind][0]  # "reports" or "findings": the context's frame and the store's method alike
    current = getattr(ctx, table) if ctx.version is None else getattr(ctx.store, table)()
    cells = quickedit.edited_cells(current, checked.records, campaign, kind)
    previous = quickedit.prefill(current, campaign, unit, date, kind).source_date
    same = w("saved_same") if previous else w("empty_form")  # when no cell differs
    if change.sample_set_aside:  # saving sets the sample aside: never mixed with real data
        st.info(ctx.t("preview_sample_aside"), icon=":material/science:")
    if change.is_empty:
        st.info(w("nothing"))
    elif not change.new.empty:
        st.markdown(f"**{w('new')}**: {md_escape(unit)}, {fmt_date(date)}")
        st.markdown(f"**{w('compare', date=fmt_date(previous)) if previous else w('compare_none')}**")
        if cells.empty:
            st.caption(same)
        else:
            shown_cells = tables.cells_table(cells, campaign, ctx.lang, kind)
            if not previous:  # nothing to compare with: no empty "old" column on a phone's narrow screen
                shown_cells = shown_cells.drop(columns=ctx.t("col_old"))
            st.table(shown_cells, hide_index=True)
        with st.expander(w("whole_report")):
            st.table(tables.record_table(shown["new"], ctx.lang), hide_index=True)
    else:
        st.markdown(f"**{ctx.t('preview_changed')}**: {md_escape(unit)}, {fmt_date(date)}")
        narrow = [ctx.t("col_column"), ctx.t("col_old"), ctx.t("col_new")]  # the unit and date are said above
        st.table(shown["changed"][narrow], hide_index=True)

    if "_flash" in st.session_state:  # after a save: said here, beside the button pressed (a phone's top is far)
        flash()
        st.page_link(
            "app.py",
            label=ctx.t("form_to_overview"),
            icon=":material/dashboard:",
            query_params=_link_params(ctx.campaign) or None,
        )
    # What is saved is what the preview showed: a click that comes with a change to the form
    # (a text typed and the button pressed at once) shows the new preview and saves nothing.
    digest, previewed = sha256(data), st.session_state.get(f"_{prefix}previewed")
    st.session_state[f"_{prefix}previewed"] = digest
    if not st.button(w("save"), type="primary", disabled=change.is_empty, key=f"{prefix}save", width="stretch"):
        return
    if previewed != digest:
        st.warning(w("stale"))
        return
    with st.spinner(ctx.t("saving")):
        version = ctx.store.import_checked(checked, data, filename, author=editor, origin_unit=origin_unit)
    data_changed()
    summary = tables.cells_summary(cells, campaign, ctx.lang, kind=kind) or same
    saved = "saved_new" if not change.new.empty else "saved_changed"
    aside = ctx.t("saved_sample_aside") if change.sample_set_aside else ""
    flash(w(saved, number=version.number, unit=md_escape(unit), date=fmt_date(date), cells=summary) + aside)
    st.rerun()
