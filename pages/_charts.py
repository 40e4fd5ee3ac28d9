"""Plotly figures for the pages, built from estimator results (testable without Streamlit)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from estimators import COST_LINES, CostComparison, format_money
from estimators.money import CURRENCY_SYMBOLS

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
STRATEGY_COLORS = {"in_house": "#0072B2", "outsourced": "#E69F00", "hybrid": "#009E73"}
LINE_COLORS = dict(zip(COST_LINES, [
    "#0072B2", "#56B4E9", "#8FB8DE", "#1F4E79", "#7F7F7F",
    "#E69F00", "#F5C26B", "#D55E00", "#B07AA1", "#CC79A7",
    "#999933", "#882255", "#009E73",
], strict=True))
LINE_LABELS = {
    "labour": "Labour", "on_call": "On-call", "training": "Training", "attrition": "Attrition",
    "tools": "Tools & licences", "vendor_fixed": "Vendor fixed fee",
    "vendor_overage": "Vendor overage", "vendor_per_incident": "Vendor per-incident fees",
    "vendor_management": "Vendor management", "transition": "Transition (annualised)",
    "parts_and_onsite": "Parts & on-site visits", "downtime": "Downtime",
    "service_credits": "Service credits received",
}
FONT = dict(family="Inter, 'Noto Sans JP', Arial, sans-serif", size=14)


def _axis_title(currency: str, per: str) -> str:
    return f"Cost ({CURRENCY_SYMBOLS.get(currency, currency)} {per})"


def cost_by_line_figure(comparison: CostComparison) -> go.Figure:
    """Stacked bars: expected annual cost of each strategy by cost line (credits below zero)."""
    cur = comparison.currency
    labels = [s.label for s in comparison.strategies]
    fig = go.Figure()
    for line in COST_LINES:
        values = [c.by_line[line] for c in comparison.strategies.values()]
        if not np.any(np.abs(values) > 0):
            continue
        fig.add_bar(
            x=labels, y=values, name=LINE_LABELS[line], marker_color=LINE_COLORS[line],
            customdata=[format_money(v, cur) for v in values],
            hovertemplate="%{x}<br>" + LINE_LABELS[line] + ": %{customdata}<extra></extra>",
        )
    totals = [c.annual_total for c in comparison.strategies.values()]
    fig.add_scatter(
        x=labels, y=totals, mode="text", text=[format_money(t, cur, compact=True) for t in totals],
        textposition="top center", textfont=dict(size=15), showlegend=False, hoverinfo="skip",
    )
    fig.update_layout(
        barmode="relative", title="Expected annual cost by cost line", font=FONT,
        yaxis_title=_axis_title(cur, "per year"), xaxis_title="Strategy",
        legend=dict(title="Cost line", traceorder="normal"), margin=dict(t=60, b=40),
        height=480,
    )
    return fig


def cumulative_figure(comparison: CostComparison) -> go.Figure:
    """Cumulative cost over the horizon (year 0 holds the one-off transition)."""
    cur = comparison.currency
    fig = go.Figure()
    years = np.arange(comparison.horizon_years + 1)
    for strategy, costs in comparison.strategies.items():
        cumulative = costs.cumulative
        fig.add_scatter(
            x=years, y=cumulative, mode="lines+markers", name=strategy.label,
            line=dict(color=STRATEGY_COLORS[strategy.value], width=3),
            customdata=[format_money(v, cur) for v in cumulative],
            hovertemplate=strategy.label + ", year %{x}: %{customdata}<extra></extra>",
        )
    fig.update_layout(
        title=f"Cumulative cost over {comparison.horizon_years} years",
        font=FONT, xaxis_title="Years from start (escalated, undiscounted)",
        yaxis_title=_axis_title(cur, "cumulative"),
        xaxis=dict(dtick=1), height=420, margin=dict(t=60, b=40), legend_title="Strategy",
    )
    return fig
