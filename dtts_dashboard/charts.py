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
from .metrics import VISIT_OUTCOMES, lanes, visit_outcomes
from .schema import DONE, FAILS, IN_PROGRESS, MEETS, NEEDS_WORK, NOT_STARTED, status_label
from .text import html_escape

STATUS_COLORS = {DONE: "#0072B2", IN_PROGRESS: "#E69F00", NOT_STARTED: "#D55E00", None: "#BBBBBB"}
STATUS_FILL = {DONE: "#9dcbea", IN_PROGRESS: "#f6cf7a", NOT_STARTED: "#f2b08a", None: "#e4e4e4"}
STATUS_SYMBOLS = {DONE: "✓", IN_PROGRESS: "◐", NOT_STARTED: "✗", None: "?"}
ITEM_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
MAX_UNIT_ROWS = 60  # more units than this are aggregated: a row each would not be legible
FONT = "Arial, 'Noto Sans', sans-serif"


# Room kept free for texts, so that no two collide at a phone's width (390 px) or a laptop's:
# Plotly's mode bar sits in a strip of its own at the top right, the labels of the vertical
# lines each have a row of their own in the margin above the plot, and the legend goes below.
MODEBAR_STRIP = 30
LABEL_ROW = 19
LEGEND_ROW = 24

# A visit's outcome (``metrics.visit_outcome``) in shape and colour, never colour alone.
OUTCOME_MARKERS = {
    MEETS: {"symbol": "circle", "color": "#0072B2"},
    NEEDS_WORK: {"symbol": "triangle-up", "color": "#E69F00"},
    FAILS: {"symbol": "x", "color": "#D55E00"},
    "no_findings": {"symbol": "square-x-open", "color": "#666666"},
    "planned": {"symbol": "square-open", "color": "#0072B2"},
}


def _layout(fig: go.Figure, height: int, label_rows: int = 0, legend_rows: int = 0) -> go.Figure:
    """``height`` is the plot's; the margins for the mode bar, ``label_rows`` rows of labels
    above and ``legend_rows`` rows of legend below come on top of it."""
    top = MODEBAR_STRIP + LABEL_ROW * label_rows + (2 if label_rows else 0)  # 2: the rows' gap to the plot
    fig.update_layout(
        height=height + top + LEGEND_ROW * legend_rows,
        margin={"l": 10, "r": 10, "t": top, "b": 10, "autoexpand": True},
        font={"family": FONT, "size": 13},
        legend={
            "orientation": "h",
            "xref": "container",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "x": 0,
            "xanchor": "left",
        },
        hoverlabel={"font": {"family": FONT}},
        plot_bgcolor="white",
    )
    fig.update_xaxes(showgrid=True, gridcolor="#eeeeee", tickformat="%d/%m", automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def _label_row(fig: go.Figure, x: dt.date, row: int, text: str, x_range: list[str], color: str) -> None:
    """A label for the vertical line at ``x`` in row ``row`` of the margin above the plot,
    reaching into the plot's left half from its left and into its right half from its right
    (so it is never cut at an edge)."""
    fig.add_annotation(
        x=x.isoformat(),
        xref="x",
        y=1,
        yref="paper",
        yanchor="bottom",
        yshift=2 + LABEL_ROW * row,
        xanchor="left" if _where(x, x_range) < 0.5 else "right",
        text=text,
        showarrow=False,
        font={"size": 11, "color": color},
        bgcolor="rgba(255,255,255,0.85)",
        borderpad=1,
    )


MARKER_ROWS = 3  # the label rows _markers uses


def _markers(fig: go.Figure, campaign: Campaign, as_of: dt.date, lang: str, x_range: list[str]) -> None:
    """The inspection period shaded, the deadline and the date viewed as lines, each labelled
    in a row of its own above the plot, where no marker or line is drawn."""
    fig.add_vrect(
        x0=campaign.inspection_start.isoformat(),
        x1=(campaign.inspection_end + dt.timedelta(days=1)).isoformat(),
        fillcolor="#56B4E9",
        opacity=0.15,
        line_width=0,
        layer="below",
    )
    fig.add_vline(x=campaign.deadline.isoformat(), line_dash="dash", line_color="#D55E00", line_width=2)
    fig.add_vline(x=as_of.isoformat(), line_dash="dot", line_color="#555555", line_width=1.5)
    period = campaign.inspection_start if _where(campaign.inspection_start, x_range) < 0.5 else campaign.inspection_end
    _label_row(fig, period, 0, t("chart_inspection_period", lang), x_range, "#1f5f8b")
    _label_row(fig, as_of, 1, t("chart_as_of", lang, date=fmt_date(as_of)), x_range, "#444444")
    _label_row(
        fig, campaign.deadline, 2, t("chart_deadline", lang, date=fmt_date(campaign.deadline)), x_range, "#B24500"
    )


def _where(day: dt.date, x_range: list[str]) -> float:
    low, high = (dt.date.fromisoformat(d) for d in x_range)
    return (day - low).days / max((high - low).days, 1)


def _x_range(campaign: Campaign, dates: list[str], as_of: dt.date) -> list[str]:
    """From two weeks before the inspections to just after the deadline, widened to every
    date shown and the date viewed, with room on both sides so that a marker on the first or
    last day is drawn whole."""
    days = [dt.date.fromisoformat(d) for d in dates]
    low = min([campaign.inspection_start - dt.timedelta(days=14), as_of, *days])
    high = max([campaign.deadline + dt.timedelta(days=4), as_of, *days])
    pad = dt.timedelta(days=max(2, round((high - low).days * 0.04)))
    return [(low - pad).isoformat(), (high + pad).isoformat()]


def _legend_rows(entries: int) -> int:
    """Rows kept for the legend below the plot: two entries a row, between a phone's one (the
    legend then takes a little of the plot's height) and a laptop's three or more."""
    return -(-entries // 2)


def timeline_figure(
    state: pd.DataFrame,
    schedule: pd.DataFrame,
    campaign: Campaign,
    as_of: dt.date,
    lang: str,
    findings: pd.DataFrame | None = None,
) -> go.Figure:
    """Inspection visits and congress dates per unit against the inspection period and deadline;
    each visit's marker shows its outcome (``metrics.visit_outcomes``) in shape and colour."""
    units = list(state["unit"])
    visits = visit_outcomes(schedule, findings, campaign, as_of, units)
    congress = state[state["congress_date"].notna()]
    dates = [*visits["inspection_date"].tolist(), *congress["congress_date"].tolist()]
    x_range = _x_range(campaign, dates, as_of)
    if len(units) > MAX_UNIT_ROWS:
        return _timeline_aggregate(visits, congress, campaign, as_of, lang, x_range)
    fig = go.Figure()
    for outcome in VISIT_OUTCOMES:
        part = visits[visits["outcome"] == outcome]
        if part.empty:
            continue
        name = t(f"chart_visit_{outcome}", lang)
        fig.add_trace(
            go.Scatter(
                x=part["inspection_date"],
                y=part["unit"],
                mode="markers",
                name=name,
                cliponaxis=False,
                marker={
                    "size": 13,
                    "line": {"width": 2, "color": OUTCOME_MARKERS[outcome]["color"]},
                    **OUTCOME_MARKERS[outcome],
                },
                # the lead is typed in the schedule file: Plotly would render its HTML
                customdata=list(zip(part["inspection_date"].map(fmt_date), part["lead"].map(_hover_text))),
                hovertemplate="<b>%{y}</b><br>" + name + ": %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            )
        )
    for held, symbol, name in (
        (True, "diamond", "chart_congress_held"),
        (False, "diamond-open", "chart_congress_planned"),
    ):
        part = congress[congress["held"] == held]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=part["congress_date"],
                y=part["unit"],
                mode="markers",
                name=t(name, lang),
                cliponaxis=False,
                marker={"symbol": symbol, "size": 15, "color": "#009E73", "line": {"width": 2, "color": "#009E73"}},
                customdata=part["congress_date"].map(fmt_date).to_numpy(),
                hovertemplate="<b>%{y}</b><br>" + t(name, lang) + ": %{customdata}<extra></extra>",
            )
        )
    _markers(fig, campaign, as_of, lang, x_range)
    fig.update_yaxes(categoryorder="array", categoryarray=units[::-1], type="category", range=[-0.7, len(units) - 0.3])
    fig.update_xaxes(type="date", range=x_range)
    return _layout(fig, max(200, 40 + 30 * len(units)), MARKER_ROWS, _legend_rows(len(fig.data)))


def _hover_text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else html_escape(value)


def _timeline_aggregate(visits, congress, campaign, as_of, lang, x_range) -> go.Figure:
    fig = go.Figure()
    if not visits.empty:
        per_day = visits.groupby("inspection_date").size()
        fig.add_trace(
            go.Bar(x=per_day.index, y=per_day.values, name=t("chart_visits_per_day", lang), marker_color="#0072B2")
        )
    if not congress.empty:
        per_day = congress.groupby("congress_date").size()
        fig.add_trace(
            go.Bar(x=per_day.index, y=per_day.values, name=t("chart_congresses_per_day", lang), marker_color="#009E73")
        )
    _markers(fig, campaign, as_of, lang, x_range)
    fig.update_xaxes(type="date", range=x_range)
    fig.update_yaxes(title=t("chart_units", lang))
    fig.update_layout(barmode="group")
    return _layout(fig, 380, MARKER_ROWS, 1)


def progress_figure(
    progress: pd.DataFrame,
    campaign: Campaign,
    as_of: dt.date,
    units_total: int,
    lang: str,
    items: list[str] | None = None,
) -> go.Figure:
    """Lines: for each item, the number of units done on each day."""
    fig = go.Figure()
    for index, item in enumerate(campaign.items):
        if items is not None and item.key not in items:
            continue
        part = progress[progress["item"] == item.key]
        fig.add_trace(
            go.Scatter(
                x=part["date"],
                y=part["done"],
                mode="lines",
                name=item.label(lang),
                line_shape="hv",
                line={
                    "width": 2.5,
                    "color": ITEM_COLORS[index % len(ITEM_COLORS)],
                    "dash": ["solid", "dash", "dot", "dashdot", "longdash"][index % 5],
                },
                hovertemplate=item.label(lang) + " · %{x|%d/%m/%Y}: %{y}/" + str(units_total) + "<extra></extra>",
            )
        )
    x_range = _x_range(campaign, [d.date().isoformat() for d in progress["date"]][:1], as_of)
    _markers(fig, campaign, as_of, lang, x_range)
    fig.update_yaxes(
        title=t("chart_units_done", lang),
        range=[0, max(units_total, 1) * 1.05],
        rangemode="tozero",
        dtick=max(1, -(-units_total // 10)),
        tickformat="d",
    )
    fig.update_xaxes(type="date", range=x_range)
    return _layout(fig, 340, MARKER_ROWS, _legend_rows(len(fig.data)))


def status_lanes(
    reports: pd.DataFrame,
    campaign: Campaign,
    as_of: dt.date,
    units: list[str],
    lang: str,
    items: list[str] | None = None,
) -> go.Figure:
    """``lanes_figure`` of ``metrics.lanes`` in one call: a page caches the figure by these
    small arguments (caching it by its grids hashed a frame per item and date on every rerun)."""
    return lanes_figure(lanes(reports, campaign, as_of, units), campaign, lang, items)


def lanes_figure(
    grid_by_item: dict[str, pd.DataFrame], campaign: Campaign, lang: str, items: list[str] | None = None
) -> go.Figure:
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
            # several units: the item's short name beside the unit's, so that the cells keep the width
            several = len(first.index) > 1
            label = f"{unit} · {item.short(lang)}" if several else item.label(lang)
            full = f"{unit} · {item.label(lang)}" if several else item.label(lang)
            rows.append(label)
            z.append([codes.get(s, 0) for s in statuses])
            text.append([STATUS_SYMBOLS.get(s, "?") for s in statuses])
            hover.append([f"{full}<br>{fmt_date(d)}: {status_label(s, lang)}" for d, s in zip(dates, statuses)])
    scale = []
    for i, status in enumerate(order):
        scale += [(i / 4, STATUS_FILL[status]), ((i + 1) / 4, STATUS_FILL[status])]
    fig = go.Figure(
        go.Heatmap(
            z=z[::-1],
            x=[fmt_date(d)[:5] for d in dates],
            y=rows[::-1],
            text=text[::-1],
            texttemplate="%{text}",
            textfont={"size": 14, "color": "#111111"},
            hovertext=hover[::-1],
            hoverinfo="text",
            colorscale=scale,
            zmin=-0.5,
            zmax=3.5,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    fig.update_xaxes(type="category", side="top", tickformat=None)
    fig.update_yaxes(type="category")
    return _layout(fig, max(150, 30 + 26 * len(rows)), label_rows=2)  # the dates, under the mode bar


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
    fig = _layout(fig, max(100, 50 + 34 * len(ticks)), legend_rows=_legend_rows(len(fig.data)))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=ticks[::-1])
    fig.update_xaxes(
        title=t("chart_units", lang), range=[0, max(total, 1)], dtick=max(1, -(-total // 10)), tickformat="d"
    )  # the layout's default is a date format
    return fig
