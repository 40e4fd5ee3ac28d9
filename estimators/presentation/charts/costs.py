"""Cost charts: expected annual cost by line, cumulative cost with break-even, comparisons."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from estimators.costs.expected import CostComparison
from estimators.costs.lines import COST_LINES
from estimators.presentation.charts.style import (
    LINE_COLORS,
    NOTE_BOX,
    STRATEGY_COLORS,
    STYLE,
    axis_title,
    legend_below,
    money_ticks,
    strategy_name,
)
from estimators.presentation.formatting import format_money
from estimators.presentation.i18n import tr
from estimators.presentation.labels import name_of
from estimators.presentation.narrative import crossing_year

__all__ = ["compare_figure", "compare_lines_figure", "cost_by_line_figure", "cumulative_figure"]

def cost_by_line_figure(comparison: CostComparison, lang: str = "en") -> go.Figure:
    """Stacked bars: expected annual cost of each strategy by cost line (credits below zero)."""
    cur = comparison.currency
    labels = [strategy_name(s.value, lang) for s in comparison.strategies]
    fig = go.Figure()
    for line in COST_LINES:
        values = [c.by_line[line] for c in comparison.strategies.values()]
        if not np.any(np.abs(values) > 0):
            continue
        name = name_of("cost_line", line, lang)
        fig.add_bar(
            x=labels, y=values, name=name, marker_color=LINE_COLORS[line],
            customdata=[format_money(v, cur, lang=lang) for v in values],
            hovertemplate="%{x}<br>" + name + ": %{customdata}<extra></extra>",
        )
    totals = [c.annual_total for c in comparison.strategies.values()]
    fig.add_scatter(
        x=labels, y=totals, mode="text",
        text=[format_money(t, cur, compact=True, lang=lang) for t in totals],
        textposition="top center", textfont=dict(size=15), showlegend=False, hoverinfo="skip",
    )
    fig.update_layout(
        barmode="relative", title=tr("Expected annual cost by cost line", lang), **STYLE,
        yaxis_title=axis_title(cur, "per year", lang), **money_ticks(lang),
        xaxis_title=tr("Strategy", lang),
        # Under the plot, in rows: fifteen lines beside it would squeeze the bars to slivers.
        legend=legend_below(tr("Cost line", lang)) | {"traceorder": "normal"},
        margin=dict(t=60), height=620,
    )
    return fig


def cumulative_figure(comparison: CostComparison, lang: str = "en") -> go.Figure:
    """Cumulative cost over the horizon (year 0 holds the one-off transition), with a diamond
    where a strategy that starts dearer breaks even with another.

    Each break-even is named in a bordered box in the plot's top-left corner ("Outsourced =
    In-house at month 5"): a label at the crossing itself would sit on the lines, and near the
    horizon's end it would run off the plot. The legend lies under the figure, so the plot keeps
    its width in a narrow column.
    """
    cur = comparison.currency
    fig = go.Figure()
    years = np.arange(comparison.horizon_years + 1)
    for strategy, costs in comparison.strategies.items():
        cumulative = costs.cumulative
        label = strategy_name(strategy.value, lang)
        fig.add_scatter(
            x=years, y=cumulative, mode="lines+markers", name=label,
            line=dict(color=STRATEGY_COLORS[strategy.value], width=3),
            customdata=[format_money(v, cur, lang=lang) for v in cumulative],
            hovertemplate=label + ", %{x}: %{customdata}<extra></extra>",
        )
    notes = []
    for a, ca in comparison.strategies.items():
        for b, cb in comparison.strategies.items():
            when = crossing_year(ca.cumulative, cb.cumulative) if a is not b else None
            if when is None:
                continue
            value = float(np.interp(when, years, ca.cumulative))
            names = dict(a=strategy_name(a.value, lang), b=strategy_name(b.value, lang),
                         m=round(when * 12))
            notes.append(tr("{a} = {b} at month {m}", lang, **names))
            fig.add_scatter(x=[when], y=[value], mode="markers", showlegend=False,
                            marker=dict(symbol="diamond", size=13, color="#222",
                                        line=dict(color="white", width=1)),
                            hovertemplate=tr("{a} breaks even with {b}: month {m}", lang,
                                             **names) + "<extra></extra>")
    if notes:
        fig.add_annotation(xref="x domain", yref="y domain", x=0.01, y=0.99, xanchor="left",
                           yanchor="top", text="<br>".join(
                               [f"<b>◆ {tr('Break-even', lang)}</b>", *notes]), **NOTE_BOX)
    fig.update_layout(
        title=tr("Cumulative cost over {n} years", lang, n=comparison.horizon_years),
        **STYLE, xaxis_title=tr("Years from start (escalated, undiscounted)", lang),
        yaxis_title=axis_title(cur, "cumulative", lang), **money_ticks(lang),
        xaxis=dict(dtick=1), height=440, margin=dict(t=60, b=40),
        legend=legend_below(tr("Strategy", lang)),
    )
    return fig


# ----------------------------------------------------------------- Monte Carlo figures


def compare_figure(comparisons: dict[str, CostComparison], lang: str = "en") -> go.Figure:
    """Annual cost of each strategy in each scenario, on one axis (grouped bars)."""
    names = list(comparisons)
    currency = next(iter(comparisons.values())).currency if comparisons else "JPY"
    fig = go.Figure()
    for strategy in ("in_house", "outsourced", "hybrid"):
        values = [c.strategies[strategy].annual_total for c in comparisons.values()]
        label = strategy_name(strategy, lang)
        fig.add_bar(x=names, y=values, name=label, marker_color=STRATEGY_COLORS[strategy],
                    customdata=[format_money(v, currency, lang=lang) for v in values],
                    hovertemplate="%{x}<br>" + label + ": %{customdata}<extra></extra>")
    fig.update_layout(barmode="group",
                      title=tr("Expected annual cost by scenario and strategy", lang), **STYLE,
                      xaxis_title=tr("Scenario", lang),
                      yaxis_title=axis_title(currency, "per year", lang), **money_ticks(lang),
                      legend_title=tr("Strategy", lang), height=440, margin=dict(t=60, b=40))
    return fig


def compare_lines_figure(comparisons: dict[str, CostComparison], strategy: str,
                         lang: str = "en") -> go.Figure:
    """One strategy's cost lines in each scenario, stacked, on a shared axis."""
    names = list(comparisons)
    currency = next(iter(comparisons.values())).currency if comparisons else "JPY"
    fig = go.Figure()
    for line in COST_LINES:
        values = [c.strategies[strategy].by_line[line] for c in comparisons.values()]
        if not np.any(np.abs(values) > 0):
            continue
        name = name_of("cost_line", line, lang)
        fig.add_bar(x=names, y=values, name=name, marker_color=LINE_COLORS[line],
                    customdata=[format_money(v, currency, lang=lang) for v in values],
                    hovertemplate="%{x}<br>" + name + ": %{customdata}<extra></extra>")
    fig.update_layout(barmode="relative",
                      title=tr("{s}: cost lines by scenario", lang,
                               s=strategy_name(strategy, lang)),
                      **STYLE, xaxis_title=tr("Scenario", lang),
                      yaxis_title=axis_title(currency, "per year", lang), **money_ticks(lang),
                      legend_title=tr("Cost line", lang), height=440, margin=dict(t=60, b=40))
    return fig


# ----------------------------------------------------------------- decision analytics
