"""Figures: pure functions of DataFrames (and the campaign, date and language) -> plotly Figure.

Colours are the Okabe-Ito palette (safe for colour-blind readers) and every status also has
a symbol and a word, so nothing is told by colour alone.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from .campaign import Campaign
from .i18n import fmt_date, t
from .schema import DONE, IN_PROGRESS, NOT_STARTED, status_label
from .text import html_escape

STATUS_COLORS = {DONE: "#0072B2", IN_PROGRESS: "#E69F00", NOT_STARTED: "#D55E00", None: "#BBBBBB"}
STATUS_FILL = {DONE: "#9dcbea", IN_PROGRESS: "#f6cf7a", NOT_STARTED: "#f2b08a", None: "#e4e4e4"}
STATUS_SYMBOLS = {DONE: "✓", IN_PROGRESS: "◐", NOT_STARTED: "✗", None: "?"}
ITEM_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
MAX_UNIT_ROWS = 60  # more units than this are aggregated: a row each would not be legible
FONT = "Arial, 'Noto Sans', sans-serif"


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        font={"family": FONT, "size": 13},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        hoverlabel={"font": {"family": FONT}},
        plot_bgcolor="white",
    )
    fig.update_xaxes(showgrid=True, gridcolor="#eeeeee", tickformat="%d/%m", automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def _markers(fig: go.Figure, campaign: Campaign, as_of: dt.date, lang: str) -> None:
    """The inspection period shaded, the deadline and the date viewed, labelled inside the plot
    (period at the top, deadline a line lower at the left of its line, so that the two never
    overlap even on a phone, date viewed at the bottom)."""
    label = {"showarrow": False, "yref": "paper", "bgcolor": "rgba(255,255,255,0.8)", "font": {"size": 11}}
    fig.add_vrect(
        x0=campaign.inspection_start.isoformat(), x1=(campaign.inspection_end + dt.timedelta(days=1)).isoformat(),
        fillcolor="#56B4E9", opacity=0.15, line_width=0, layer="below",
    )  # fmt: skip
    fig.add_annotation(x=campaign.inspection_start.isoformat(), y=1, yanchor="top", xanchor="left",
                       text=t("chart_inspection_period", lang), **label)  # fmt: skip
    fig.add_vline(x=campaign.deadline.isoformat(), line_dash="dash", line_color="#D55E00", line_width=2)
    fig.add_annotation(x=campaign.deadline.isoformat(), y=1, yanchor="top", xanchor="right", yshift=-20,
                       text=t("chart_deadline", lang, date=fmt_date(campaign.deadline)),
                       **{**label, "font": {"size": 11, "color": "#B24500"}})  # fmt: skip
    fig.add_vline(x=as_of.isoformat(), line_dash="dot", line_color="#555555", line_width=1.5)
    fig.add_annotation(x=as_of.isoformat(), y=0, yanchor="bottom", xanchor="left",
                       text=t("chart_as_of", lang, date=fmt_date(as_of)), **{**label, "font": {"size": 11, "color": "#444"}})  # fmt: skip


def _x_range(campaign: Campaign, dates: list[str]) -> list[str]:
    low = min([campaign.inspection_start - dt.timedelta(days=14), *(dt.date.fromisoformat(d) for d in dates)])
    high = max([campaign.deadline + dt.timedelta(days=4), *(dt.date.fromisoformat(d) for d in dates)])
    return [(low - dt.timedelta(days=1)).isoformat(), (high + dt.timedelta(days=1)).isoformat()]


def timeline_figure(state: pd.DataFrame, schedule: pd.DataFrame, campaign: Campaign, as_of: dt.date,
                    lang: str) -> go.Figure:  # fmt: skip
    """Inspection visits and congress dates per unit against the inspection period and deadline."""
    units = list(state["unit"])
    visits = schedule[schedule["unit"].isin(units)] if not schedule.empty else schedule
    congress = state[state["congress_date"].notna()]
    if len(units) > MAX_UNIT_ROWS:
        return _timeline_aggregate(visits, congress, campaign, as_of, lang)
    fig = go.Figure()
    if not visits.empty:
        fig.add_trace(go.Scatter(
            x=visits["inspection_date"], y=visits["unit"], mode="markers", name=t("chart_visit", lang),
            marker={"symbol": "square", "size": 13, "color": "#0072B2"},
            # the lead is typed in the schedule file: Plotly would render its HTML
            customdata=list(zip(visits["inspection_date"].map(fmt_date), visits["lead"].map(_hover_text))),
            hovertemplate="<b>%{y}</b><br>" + t("chart_visit", lang) + ": %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        ))  # fmt: skip
    for held, symbol, name in (
        (True, "diamond", "chart_congress_held"),
        (False, "diamond-open", "chart_congress_planned"),
    ):
        part = congress[congress["held"] == held]
        if part.empty:
            continue
        fig.add_trace(go.Scatter(
            x=part["congress_date"], y=part["unit"], mode="markers", name=t(name, lang),
            marker={"symbol": symbol, "size": 15, "color": "#009E73", "line": {"width": 2, "color": "#009E73"}},
            customdata=part["congress_date"].map(fmt_date).to_numpy(),
            hovertemplate="<b>%{y}</b><br>" + t(name, lang) + ": %{customdata}<extra></extra>",
        ))  # fmt: skip
    dates = [*visits.get("inspection_date", pd.Series(dtype=str)).tolist(), *congress["congress_date"].tolist()]
    _markers(fig, campaign, as_of, lang)
    fig.update_yaxes(categoryorder="array", categoryarray=units[::-1], type="category", range=[-0.7, len(units) - 0.3])
    fig.update_xaxes(type="date", range=_x_range(campaign, dates))
    return _layout(fig, height=max(260, 90 + 30 * len(units)))


def _hover_text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else html_escape(value)


def _timeline_aggregate(visits, congress, campaign, as_of, lang) -> go.Figure:
    fig = go.Figure()
    if not visits.empty:
        per_day = visits.groupby("inspection_date").size()
        fig.add_trace(go.Bar(x=per_day.index, y=per_day.values, name=t("chart_visits_per_day", lang),
                             marker_color="#0072B2"))  # fmt: skip
    if not congress.empty:
        per_day = congress.groupby("congress_date").size()
        fig.add_trace(go.Bar(x=per_day.index, y=per_day.values, name=t("chart_congresses_per_day", lang),
                             marker_color="#009E73"))  # fmt: skip
    _markers(fig, campaign, as_of, lang)
    dates = [*visits.get("inspection_date", pd.Series(dtype=str)).tolist(), *congress["congress_date"].tolist()]
    fig.update_xaxes(type="date", range=_x_range(campaign, dates))
    fig.update_yaxes(title=t("chart_units", lang))
    fig.update_layout(barmode="group")
    return _layout(fig, height=420)


def progress_figure(progress: pd.DataFrame, campaign: Campaign, as_of: dt.date, units_total: int,
                    lang: str, items: list[str] | None = None) -> go.Figure:  # fmt: skip
    """Lines: for each item, the number of units done on each day."""
    fig = go.Figure()
    for index, item in enumerate(campaign.items):
        if items is not None and item.key not in items:
            continue
        part = progress[progress["item"] == item.key]
        fig.add_trace(go.Scatter(
            x=part["date"], y=part["done"], mode="lines", name=item.label(lang), line_shape="hv",
            line={"width": 2.5, "color": ITEM_COLORS[index % len(ITEM_COLORS)],
                  "dash": ["solid", "dash", "dot", "dashdot", "longdash"][index % 5]},
            hovertemplate=item.label(lang) + " · %{x|%d/%m/%Y}: %{y}/" + str(units_total) + "<extra></extra>",
        ))  # fmt: skip
    _markers(fig, campaign, as_of, lang)
    fig.update_yaxes(title=t("chart_units_done", lang), range=[0, max(units_total, 1) * 1.05], rangemode="tozero",
                     dtick=max(1, -(-units_total // 10)), tickformat="d")  # fmt: skip
    fig.update_xaxes(type="date", range=_x_range(campaign, [d.date().isoformat() for d in progress["date"]][:1]))
    return _layout(fig, height=420)


def lanes_figure(grid_by_item: dict[str, pd.DataFrame], campaign: Campaign, lang: str,
                 items: list[str] | None = None) -> go.Figure:  # fmt: skip
    """Status lanes: one row per (unit, item), one column per report date, a symbol in each cell.

    ``grid_by_item`` maps item key -> unit x date frame of statuses (``metrics.status_grid``)."""
    codes = {None: 0, NOT_STARTED: 1, IN_PROGRESS: 2, DONE: 3}
    order = [None, NOT_STARTED, IN_PROGRESS, DONE]
    rows, z, text, hover = [], [], [], []
    first = next(iter(grid_by_item.values()))
    dates = list(first.columns)
    for unit in first.index:
        for item in campaign.items:
            if items is not None and item.key not in items:
                continue
            statuses = grid_by_item[item.key].loc[unit].tolist()
            label = f"{unit} · {item.label(lang)}" if len(first.index) > 1 else item.label(lang)
            rows.append(label)
            z.append([codes.get(s, 0) for s in statuses])
            text.append([STATUS_SYMBOLS.get(s, "?") for s in statuses])
            hover.append([f"{label}<br>{fmt_date(d)}: {status_label(s, lang)}" for d, s in zip(dates, statuses)])
    scale = []
    for i, status in enumerate(order):
        scale += [(i / 4, STATUS_FILL[status]), ((i + 1) / 4, STATUS_FILL[status])]
    fig = go.Figure(go.Heatmap(
        z=z[::-1], x=[fmt_date(d)[:5] for d in dates], y=rows[::-1], text=text[::-1], texttemplate="%{text}",
        textfont={"size": 14, "color": "#111111"}, hovertext=hover[::-1], hoverinfo="text",
        colorscale=scale, zmin=-0.5, zmax=3.5, showscale=False, xgap=2, ygap=2,
    ))  # fmt: skip
    fig.update_xaxes(type="category", side="top", tickformat=None)
    fig.update_yaxes(type="category")
    return _layout(fig, height=max(220, 70 + 26 * len(rows)))


def legend_text(lang: str, short: bool = False) -> str:
    return "   ".join(
        f"{STATUS_SYMBOLS[s]} {status_label(s, lang, short)}" for s in (DONE, IN_PROGRESS, NOT_STARTED, None)
    )


ROUND_COLORS = {"on_time": "#0072B2", "late": "#E69F00", "missing": "#D55E00", "not_expected": "#BBBBBB"}
ROUND_TEXT_COLORS = {"on_time": "white", "late": "#111111", "missing": "white", "not_expected": "#111111"}


def rounds_figure(counts: pd.DataFrame, campaign: Campaign, lang: str) -> go.Figure:
    """The reporting rate per round: one horizontal bar per round (named by its due date,
    first round on top), stacked by how many units were on time, late, missing or not
    expected, each part with its count and each colour named in the legend.

    ``counts``: ``rounds.round_counts``."""
    from .rounds import ROUND_CODES
    from .tables import round_label

    rounds = [campaign.rounds[i] for i in counts["round"]]
    ticks = [t("chart_round_due", lang, date=fmt_date(r.due)[:5]) for r in rounds]
    names = [f"{round_label(r, lang)} · {fmt_date(r.due)}" for r in rounds]
    fig = go.Figure()
    for code in ROUND_CODES:
        word = t(f"round_{code}", lang)
        values = counts[code].astype(int).tolist()
        fig.add_trace(
            go.Bar(
                y=ticks,
                x=values,
                orientation="h",
                name=word,
                marker_color=ROUND_COLORS[code],
                text=[str(v) if v else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": ROUND_TEXT_COLORS[code], "size": 13},
                customdata=names,
                hovertemplate="<b>%{customdata}</b><br>" + word + ": %{x}<extra></extra>",
            )
        )
    total = int(counts[list(ROUND_CODES)].sum(axis=1).max()) if len(counts) else 0
    fig.update_layout(barmode="stack", bargap=0.25, legend_traceorder="normal")  # legend in the bars' order
    fig = _layout(fig, height=max(180, 110 + 34 * len(ticks)))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=ticks[::-1])
    fig.update_xaxes(
        title=t("chart_units", lang), range=[0, max(total, 1)], dtick=max(1, -(-total // 10)), tickformat="d"
    )  # the layout's default is a date format
    return fig
