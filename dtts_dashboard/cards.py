"""A table in words read down, one card per row, for a phone's width (issue 15).

A wide table (a unit's reports, the follow-up items, an item's handling) keeps its columns on a
laptop; below 640 px the page shows these cards instead (``ui.table_or_cards`` and the style
sheet's ``wide-only``/``phone-only``), so that nothing is read by scrolling sideways. A card
says what the row says, in the table's order, with its own headers and words: a heading, a line
per short cell, each long text (typed by someone) under its header. Empty cells are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .i18n import t
from .text import md_escape

MAX_CARDS = 60  # more rows than this: the phone shows the table (a card each would be too long)


@dataclass(frozen=True)
class RowCard:
    """One row of a table as Markdown (everything escaped: cells may hold typed text)."""

    heading: str
    blocks: list[str]  # paragraphs in the table's order: short cells a line each, a long text its own

    def markdown(self) -> str:
        return "\n\n".join([f"**{self.heading}**", *self.blocks])


def _words(value) -> str:
    """A cell as text: "" for a missing one."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return ""
    return str(value).strip()


def row_cards(frame: pd.DataFrame, heading: str, long: tuple[str, ...] = (), named: bool = False) -> list[RowCard]:
    """``frame`` (a table in words, as the page shows it wide) as cards, read in the table's
    order: ``heading`` is the column whose value heads each card (with its header when
    ``named``: "Báo cáo ngày: 14/06/2024"), a ``long`` column's text is a paragraph under its
    header, the other cells are lines "Header: value". Empty past ``MAX_CARDS`` rows."""
    if len(frame) > MAX_CARDS:
        return []
    cards = []
    for row in frame.to_dict("records"):
        title = md_escape(_words(row[heading]))
        if named:
            title = f"{md_escape(heading)}: {title}"
        blocks: list[str] = []
        lines: list[str] = []  # short cells since the last long text
        for column, value in row.items():
            words = _words(value)
            if column == heading or not words:
                continue
            if column in long:
                blocks += ["  \n".join(lines)] if lines else []
                blocks.append(f"**{md_escape(column)}**  \n{md_escape(words)}")
                lines = []
            else:
                lines.append(f"{md_escape(column)}: {md_escape(words)}")
        blocks += ["  \n".join(lines)] if lines else []
        cards.append(RowCard(title, blocks))
    return cards


def report_cards(table: pd.DataFrame, lang: str) -> list[RowCard]:
    """A unit's reports (``tables.unit_reports_table``), each headed by its date."""
    texts = tuple(t(f"col_{key}", lang) for key in ("next_tasks", "difficulties", "proposals"))
    return row_cards(table, t("col_report_date", lang), texts, named=True)


def followup_cards(table: pd.DataFrame, lang: str) -> list[RowCard]:
    """Follow-up items (``tables.followups_table``), each headed by its unit."""
    return row_cards(table, t("col_unit", lang), (t("col_text", lang), t("followups_response", lang)))


def handling_cards(table: pd.DataFrame, lang: str) -> list[RowCard]:
    """An item's handling, version by version (the Follow-ups page's history)."""
    return row_cards(table, t("col_version", lang), (t("followups_response", lang),), named=True)


def history_cards(table: pd.DataFrame, lang: str) -> list[RowCard]:
    """The History page's versions, each headed by its number, what changed read in full."""
    return row_cards(table, t("col_version", lang), (t("col_change", lang),), named=True)
