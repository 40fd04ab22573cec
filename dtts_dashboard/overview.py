"""The overview page's content, made in one call from a version's data and the view's
filters: every figure, table and text the page lays out. A new session opening the overview
(fifty at once after a group message) then costs the laying out only: the page caches this
per data version and view (``ui.Context.shared``), and every session reads the same copy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from . import charts, metrics, rounds, tables
from .campaign import Campaign


@dataclass(frozen=True)
class Overview:
    """What the overview shows (read only: shared by every session)."""

    cards: list[tuple[str, str]]  # the headline metrics: label, value
    bars: list[tuple[str, float]]  # progress per item: text, fraction
    round_card: tables.RoundCard | None  # None: the campaign has no reporting rounds
    rounds_figure: object | None  # a Plotly figure, with the round card
    matrix: pd.DataFrame
    matrix_findings: bool  # the matrix marks inspections' findings
    matrix_columns: dict[str, str]  # short header -> full item label
    attention: list[tuple[str, list[str]]]
    attention_table: pd.DataFrame | None  # the same as one table, for a long list (shown instead)
    unit_cards: list[tables.UnitCard]
    difficulties: list[str]  # Markdown blocks; empty when none reported, or when they are the table
    difficulties_table: pd.DataFrame | None  # for many units: one table instead of the blocks
    waiting: pd.DataFrame | None  # follow-up items waiting per unit; None: none waiting


def overview(
    reports: pd.DataFrame,
    schedule: pd.DataFrame,
    findings: pd.DataFrame,
    handling: pd.DataFrame,
    campaign: Campaign,
    as_of: dt.date,
    units: list[str] | None,
    items: list[str],
    lang: str,
) -> Overview:
    state = metrics.unit_state(reports, campaign, as_of, units)
    numbers = metrics.headline(state, campaign, as_of)
    found = metrics.attention(state, reports, schedule, findings, handling, campaign, as_of)
    current = rounds.current_round(campaign, as_of)
    card, figure = None, None
    if current is not None:
        card = tables.round_card(found.rounds, campaign, current, as_of, lang)
        figure = charts.rounds_figure(rounds.round_counts(found.rounds), campaign, lang)
    matrix = tables.status_matrix(state, campaign, items, lang, found.inspection)
    attention = tables.attention_list(found.reasons, campaign, lang)
    reported = metrics.difficulties(state)
    table = tables.difficulties_table(reported, lang)  # many units: one table, no paragraph each
    return Overview(
        cards=tables.headline_cards(numbers, campaign, lang),
        bars=tables.item_progress(numbers, campaign, items, lang),
        round_card=card,
        rounds_figure=figure,
        matrix=matrix,
        matrix_findings=bool(found.inspection["inspection_date"].notna().any()),
        matrix_columns=tables.matrix_columns(campaign, items, lang),
        attention=attention,
        attention_table=tables.attention_table(attention, lang),
        unit_cards=tables.unit_cards(matrix, attention, lang),
        difficulties=[] if reported.empty or table is not None else tables.difficulties_markdown(reported, lang),
        difficulties_table=table,
        waiting=None if found.waiting.empty else tables.waiting_table(found.waiting, lang),
    )
