"""Plotly figures for the pages and reports, built from estimator results (no Streamlit)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .cost_lines import COST_LINES
from .costs import CostComparison
from .digest import Digest, Histogram
from .history.fitting import RestoreFit
from .money import CURRENCY_SYMBOLS, format_money
from .statistics import ecdf_on_grid

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
STYLE = dict(font=FONT, template="plotly_white")


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
        barmode="relative", title="Expected annual cost by cost line", **STYLE,
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
        **STYLE, xaxis_title="Years from start (escalated, undiscounted)",
        yaxis_title=_axis_title(cur, "cumulative"),
        xaxis=dict(dtick=1), height=420, margin=dict(t=60, b=40), legend_title="Strategy",
    )
    return fig


# ----------------------------------------------------------------- Monte Carlo figures


def _overlaid_histograms(digests: list[Digest], attribute: str, title: str, x_title: str,
                         money_axis: str | None = None) -> go.Figure:
    fig = go.Figure()
    for d in digests:
        hist: Histogram = getattr(d, attribute)
        colour = STRATEGY_COLORS[d.strategy.value]
        fig.add_bar(x=hist.centres, y=100 * hist.shares, width=np.diff(hist.edges),
                    name=d.strategy.label, marker_color=colour, opacity=0.55,
                    hovertemplate=d.strategy.label + ": %{y:.1f} % of years near %{x:,.3g}"
                                  "<extra></extra>")
    fig.update_layout(barmode="overlay", title=title, **STYLE, xaxis_title=x_title,
                      yaxis_title="Share of trial-years (%)", legend_title="Strategy",
                      height=380, margin=dict(t=60, b=40))
    return fig


def downtime_histogram_figure(digests: list[Digest]) -> go.Figure:
    """Distribution of annual outage-equivalent downtime per strategy."""
    return _overlaid_histograms(digests, "downtime_hours", "Annual downtime",
                                "Outage-equivalent downtime (hours per year)")


def availability_figure(digests: list[Digest]) -> go.Figure:
    """Distribution of yearly availability in nines (2 = 99 %, 3 = 99.9 %)."""
    fig = _overlaid_histograms(digests, "availability_nines", "Availability in nines",
                               "Nines of availability (2 = 99 %, 3 = 99.9 %, 4 = 99.99 %)")
    return fig


def cost_distribution_figure(digests: list[Digest], currency: str) -> go.Figure:
    """Distribution of total annual cost with P50 (dotted) and P90 (dashed) marked."""
    fig = _overlaid_histograms(digests, "total_cost",
                               "Total annual cost: spread and risk (dotted P50, dashed P90)",
                               _axis_title(currency, "per year"))
    top = max((100 * d.total_cost.shares.max() for d in digests), default=1.0)
    for d in digests:
        colour = STRATEGY_COLORS[d.strategy.value]
        for stat, dash in (("p50", "dot"), ("p90", "dash")):
            value = d.summary["total_cost"][stat]
            fig.add_scatter(x=[value, value], y=[0, top * 1.05], mode="lines",
                            line=dict(color=colour, dash=dash, width=2), showlegend=False,
                            hovertemplate=f"{d.strategy.label} {stat.upper()}: "
                                          f"{format_money(value, currency)}<extra></extra>")
    return fig


def ttr_ecdf_figure(digests: list[Digest], severity: str) -> go.Figure:
    """ECDF of time to restore for one severity, with the restore target as a vertical line."""
    fig = go.Figure()
    for d in digests:
        fig.add_scatter(x=d.ttr_grid, y=100 * d.ttr_ecdf[severity], mode="lines",
                        name=d.strategy.label,
                        line=dict(color=STRATEGY_COLORS[d.strategy.value], width=3),
                        hovertemplate=d.strategy.label + ": %{y:.1f} % restored within "
                                      "%{x:.3g} h<extra></extra>")
    if digests and severity in digests[0].targets_restore_hours:
        target = digests[0].targets_restore_hours[severity]
        fig.add_scatter(x=[target, target], y=[0, 100], mode="lines+text", showlegend=False,
                        line=dict(color="#444", dash="dash"), text=["", f"target {target:g} h"],
                        textposition="top right", hoverinfo="skip")
    grid = digests[0].ttr_grid if digests else np.array([0.05, 2000.0])
    fig.update_layout(title=f"Time to restore, {severity} incidents (ECDF)", **STYLE,
                      xaxis=dict(type="log", title="Time to restore (hours, log scale)",
                                 range=[np.log10(grid[0]), np.log10(grid[-1])]),
                      yaxis=dict(title="Incidents restored within (%)", range=[0, 100]),
                      legend_title="Strategy", height=380, margin=dict(t=60, b=40))
    return fig


def breach_figure(digests: list[Digest]) -> go.Figure:
    """Probability of at least one breach of the restore/response target in a year."""
    fig = go.Figure()
    for d in digests:
        p = d.summary["p_breach"]
        fig.add_bar(x=list(p), y=[100 * v for v in p.values()], name=d.strategy.label,
                    marker_color=STRATEGY_COLORS[d.strategy.value],
                    hovertemplate=d.strategy.label + " %{x}: %{y:.1f} %<extra></extra>")
    fig.update_layout(barmode="group", title="Chance of at least one target breach a year",
                      **STYLE, xaxis_title="Severity",
                      yaxis=dict(title="Probability (%)", range=[0, 100]),
                      legend_title="Strategy", height=380, margin=dict(t=60, b=40))
    return fig


# ----------------------------------------------------------------- incident history figures

FIT_COLOURS = {"lognorm": "#0072B2", "weibull_min": "#E69F00", "gamma": "#009E73",
               "expon": "#CC79A7"}
FIT_LABELS = {"lognorm": "Lognormal", "weibull_min": "Weibull", "gamma": "Gamma",
              "expon": "Exponential"}


def monthly_figure(counts: pd.Series) -> go.Figure:
    """Incidents opened per month."""
    fig = go.Figure(go.Bar(x=[str(p) for p in counts.index], y=counts.to_numpy(),
                           marker_color="#0072B2",
                           hovertemplate="%{x}: %{y:,} incidents<extra></extra>"))
    fig.update_layout(title="Incidents per month", **STYLE,
                      xaxis=dict(title="Month", type="category"),
                      yaxis_title="Incidents opened", height=340, margin=dict(t=60, b=40))
    return fig


def heatmap_figure(table: pd.DataFrame) -> go.Figure:
    """Incidents by weekday and hour of day (when the on-call load falls)."""
    fig = go.Figure(go.Heatmap(z=table.to_numpy(), x=list(table.columns), y=list(table.index),
                               colorscale="Blues", colorbar=dict(title="Incidents"),
                               hovertemplate="%{y} %{x}:00 — %{z:,} incidents<extra></extra>"))
    fig.update_layout(title="When incidents are opened", **STYLE,
                      xaxis=dict(title="Hour of day", dtick=2),
                      yaxis=dict(title="Weekday", autorange="reversed"), height=340,
                      margin=dict(t=60, b=40))
    return fig


def fit_ecdf_figure(hours: np.ndarray, fits: list[RestoreFit], title: str) -> go.Figure:
    """Empirical CDF of resolved times against the fitted CDFs, on a log time axis."""
    x = np.sort(np.asarray(hours, dtype=float))
    x = x[x > 0]
    fig = go.Figure()
    if x.size:
        grid = np.geomspace(x[0], x[-1], 200)
        fig.add_scatter(x=grid, y=100 * ecdf_on_grid(x, grid), mode="lines", name="Observed",
                        line=dict(color="#222", width=3, shape="hv"))
        for fit in fits:
            fig.add_scatter(x=grid, y=100 * fit.frozen().cdf(grid), mode="lines",
                            name=f"{FIT_LABELS[fit.distribution]} (AIC {fit.aic:,.0f})",
                            line=dict(color=FIT_COLOURS[fit.distribution], dash="dash"))
    fig.update_layout(title=title, **STYLE, height=380, margin=dict(t=60, b=40),
                      xaxis=dict(type="log", title="Time to restore (hours, log scale)"),
                      yaxis=dict(title="Incidents restored within (%)", range=[0, 100]),
                      legend_title="Distribution")
    return fig


def qq_figure(hours: np.ndarray, fit: RestoreFit) -> go.Figure:
    """Quantile-quantile plot of resolved times against the best fit (log-log)."""
    x = np.sort(np.asarray(hours, dtype=float))
    x = x[x > 0]
    fig = go.Figure()
    if x.size:
        probs = (np.arange(1, x.size + 1) - 0.5) / x.size
        pick = np.unique(np.linspace(0, x.size - 1, min(x.size, 300)).astype(int))
        theory = fit.frozen().ppf(probs[pick])
        fig.add_scatter(x=theory, y=x[pick], mode="markers", name="Incidents",
                        marker=dict(color=FIT_COLOURS[fit.distribution], size=6))
        low, high = float(min(theory.min(), x.min())), float(max(theory.max(), x.max()))
        fig.add_scatter(x=[low, high], y=[low, high], mode="lines", name="Perfect fit",
                        line=dict(color="#444", dash="dot"))
    fig.update_layout(title=f"QQ plot against the {FIT_LABELS[fit.distribution]} fit", **STYLE,
                      xaxis=dict(type="log", title="Fitted quantile (hours)"),
                      yaxis=dict(type="log", title="Observed quantile (hours)"), height=380,
                      margin=dict(t=60, b=40), showlegend=False)
    return fig


# ----------------------------------------------------------------- scenario comparison


def compare_figure(comparisons: dict[str, CostComparison]) -> go.Figure:
    """Annual cost of each strategy in each scenario, on one axis (grouped bars)."""
    names = list(comparisons)
    currency = next(iter(comparisons.values())).currency if comparisons else "JPY"
    fig = go.Figure()
    for strategy in ("in_house", "outsourced", "hybrid"):
        values = [c.strategies[strategy].annual_total for c in comparisons.values()]
        label = next(iter(comparisons.values())).strategies[strategy].strategy.label
        fig.add_bar(x=names, y=values, name=label, marker_color=STRATEGY_COLORS[strategy],
                    customdata=[format_money(v, currency) for v in values],
                    hovertemplate="%{x}<br>" + label + ": %{customdata}<extra></extra>")
    fig.update_layout(barmode="group", title="Expected annual cost by scenario and strategy",
                      **STYLE, xaxis_title="Scenario",
                      yaxis_title=_axis_title(currency, "per year"), legend_title="Strategy",
                      height=440, margin=dict(t=60, b=40))
    return fig


def compare_lines_figure(comparisons: dict[str, CostComparison],
                         strategy: str) -> go.Figure:
    """One strategy's cost lines in each scenario, stacked, on a shared axis."""
    names = list(comparisons)
    currency = next(iter(comparisons.values())).currency if comparisons else "JPY"
    fig = go.Figure()
    for line in COST_LINES:
        values = [c.strategies[strategy].by_line[line] for c in comparisons.values()]
        if not np.any(np.abs(values) > 0):
            continue
        fig.add_bar(x=names, y=values, name=LINE_LABELS[line], marker_color=LINE_COLORS[line],
                    customdata=[format_money(v, currency) for v in values],
                    hovertemplate="%{x}<br>" + LINE_LABELS[line]
                                  + ": %{customdata}<extra></extra>")
    label = next(iter(comparisons.values())).strategies[strategy].strategy.label
    fig.update_layout(barmode="relative", title=f"{label}: cost lines by scenario", **STYLE,
                      xaxis_title="Scenario", yaxis_title=_axis_title(currency, "per year"),
                      legend_title="Cost line", height=440, margin=dict(t=60, b=40))
    return fig
