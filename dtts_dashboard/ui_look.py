"""Streamlit glue for how a page looks: the style sheet, the page's language for the
browser and Streamlit's own accessible names, the footer, charts, the uploader's texts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from . import cards, tables
from .i18n import LANGS, fmt_date, t

if TYPE_CHECKING:
    from .ui import Context

STYLE = (Path(__file__).with_name("style.css")).read_text(encoding="utf-8")
# Streamlit's own English accessible names (1.67 has no parameter for them) -> our text's key;
# a name "Help for X" is matched by its start, and keeps its X.
A11Y_NAMES = {
    "Skip to main content": "a11y_skip",
    "Help for ": "a11y_help_for",
    "Upload ": "a11y_upload",
    "Remove ": "a11y_remove",
    "Clear value": "a11y_clear_value",
    "Clear all": "a11y_clear_all",
    "Choose date": "a11y_choose_date",
    "Previous month": "a11y_previous_month",
    "Next month": "a11y_next_month",
    "Selected values": "a11y_selected_values",
    "Sidebar": "a11y_sidebar",
    "Main menu": "a11y_main_menu",
    "App pages": "a11y_app_pages",
    "file upload": "a11y_file_upload",
    "Running...": "a11y_running",
    "Collapse sidebar": "a11y_collapse_sidebar",
    "Expand sidebar": "a11y_expand_sidebar",
    "Open": "a11y_open",
    "Close": "a11y_close",
    "day, ": "a11y_day",
    "month, ": "a11y_month",
    "year, ": "a11y_year",
    "Link to heading": "a11y_heading_link",
    "progress": "a11y_progress",
    "Show/hide columns": "a11y_columns",
    "Download as CSV": "a11y_download_csv",
    "Search": "a11y_search",
    "Fullscreen": "a11y_fullscreen",
    "Dismiss": "a11y_dismiss",
}
_LANGUAGE_SCRIPT = (Path(__file__).with_name("language.js")).read_text(encoding="utf-8")


def language_texts(lang: str) -> dict:
    """What the page-language script needs: the language code for ``<html lang>``, and each of
    Streamlit's English names as [Vietnamese, English, wanted] (a switch back finds them in
    either); a name ending in a space is matched by its start."""
    names = [[t(key, other).replace("{}", "") for other in (*LANGS, lang)] for key in A11Y_NAMES.values()]
    return {"lang": lang, "names": names}


def style(lang: str) -> None:
    """The style sheet, and a small script of our own constant texts that sets the page's
    language (``<html lang>``) and puts Streamlit's English accessible names in the page's
    language (Streamlit 1.67 sets ``lang="en"`` and has no option)."""
    st.html(f"<style>{STYLE}</style>")
    data = json.dumps(language_texts(lang), ensure_ascii=True).replace("</", "<\\/")
    with st.sidebar.container(key="page-language"):  # hidden by the style sheet
        st.iframe(f"<script>{_LANGUAGE_SCRIPT.replace('__TEXTS__', data)}</script>", height=1)


def footer(ctx: Context) -> None:
    c = ctx.campaign
    plan = c.plan_vi if ctx.lang == "vi" else c.plan_en
    st.caption(t("footer", ctx.lang, plan=plan, start=fmt_date(c.inspection_start), end=fmt_date(c.inspection_end)))


# Two buttons only (save as a picture, reset the zoom): the mode bar stays in the strip the
# figures keep free for it at their top right (charts.MODEBAR_STRIP), over no text.
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtons": [["toImage", "resetScale2d"]]}


# On a touch screen the mode bar's buttons would be too small to tap (under 44 px): not shown.
TOUCH_CSS = '@media (pointer: coarse) { [data-testid="stPlotlyChart"] .modebar-container { display: none; } }'


# Plotly.js (as Streamlit 1.67 bundles it) knows English only; its texts in Vietnamese go to it as
# a locale of our own in the chart's config (Plotly looks a text up in ``locales[locale]``).
PLOTLY_TEXTS = (
    "plotly_download_png",
    "plotly_download",
    "plotly_preparing",
    "plotly_downloaded",
    "plotly_download_failed",
    "plotly_reset_axes",
    "plotly_zoom_out",
)


def plotly_config(lang: str) -> dict:
    """The charts' config in ``lang``: the mode bar's titles and notices, the picture's file name."""
    config = PLOTLY_CONFIG | {"toImageButtonOptions": {"filename": t("plotly_file_name", lang)}}
    if lang == "en":
        return config
    dictionary = {t(key, "en"): t(key, lang) for key in PLOTLY_TEXTS}
    return config | {"locale": lang, "locales": {lang: {"dictionary": dictionary}}}


def plotly(fig, lang: str) -> None:
    st.html(f"<style>{TOUCH_CSS}</style>")
    st.plotly_chart(fig, width="stretch", config=plotly_config(lang))


def table_or_cards(key: str, frame: pd.DataFrame, found: list[cards.RowCard], **dataframe) -> None:
    """``frame`` as a table on a wider screen and as ``found`` (its rows as cards, from
    ``cards.row_cards``) on a phone (the style sheet's ``wide-only``/``phone-only``); the table
    everywhere when there are no cards (too many rows)."""
    with st.container(key=f"wide-only-{key}" if found else key):
        st.dataframe(frame, hide_index=True, width="stretch", **dataframe)
    if found:
        with st.container(key=f"phone-only-{key}"):
            for card in found:
                with st.container(border=True):
                    st.markdown(card.markdown())


def show_problems(ctx: Context, problems, rows: bool = True) -> None:
    """Problems of a file (``rows``: with the row each is in) or of a form (by field only): a
    few as a table whose text wraps (every word readable; ``st.table`` reads Markdown in its
    cells, so they are escaped: a value typed in a file or a form shows as typed); many as a
    grid."""
    frame = tables.problems_table(problems, ctx.lang)
    if not rows:
        frame = frame.drop(columns=ctx.t("col_row"))
    if len(frame) <= 50:
        st.table(tables.markdown_cells(frame), hide_index=True)
    else:
        st.dataframe(frame, hide_index=True, width="stretch")


def _css_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def uploader_texts(ctx: Context, limit_mb: int) -> None:
    """Streamlit's file uploader (1.67) has no parameters for its own texts, which are
    English ("Upload", "200MB per file"). A style sheet shows the page's language and our
    size limit in their place; the uploader itself is unchanged."""
    button = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
    line = '[data-testid="stFileUploaderDropzoneInstructions"] span'
    css = (
        f"{button}, {line} {{ font-size: 0; }}"
        f"{button}::after {{ content: {_css_text(ctx.t('uploader_button'))}; font-size: 0.875rem; }}"
        f"{line}::after {{ content: {_css_text(ctx.t('uploader_limit', limit=limit_mb))}; font-size: 0.875rem; }}"
    )
    st.html(f"<style>{css}</style>")
