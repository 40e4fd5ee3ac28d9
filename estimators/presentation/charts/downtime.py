"""Monte Carlo charts: downtime, availability, cost spread, time to restore, breaches."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from estimators.engine.digest import Digest, Histogram
from estimators.presentation.charts.style import STRATEGY_COLORS, STYLE, axis_title, strategy_name
from estimators.presentation.formatting import format_money
from estimators.presentation.i18n import tr

__all__ = [
    "availability_figure",
    "breach_figure",
    "cost_distribution_figure",
    "downtime_histogram_figure",
    "ttr_ecdf_figure",
]




def _overlaid_histograms(digests: list[Digest], attribute: str, title: str, x_title: str,
                         lang: str) -> go.Figure:
    fig = go.Figure()
    for d in digests:
        hist: Histogram = getattr(d, attribute)
        label = strategy_name(d.strategy.value, lang)
        fig.add_bar(x=hist.centres, y=100 * hist.shares, width=np.diff(hist.edges),
                    name=label, marker_color=STRATEGY_COLORS[d.strategy.value], opacity=0.55,
                    hovertemplate=label + ": %{y:.1f} % — %{x:,.3g}<extra></extra>")
    fig.update_layout(barmode="overlay", title=title, **STYLE, xaxis_title=x_title,
                      yaxis_title=tr("Share of trial-years (%)", lang),
                      legend_title=tr("Strategy", lang), height=380, margin=dict(t=60, b=40))
    return fig


def downtime_histogram_figure(digests: list[Digest], lang: str = "en") -> go.Figure:
    """Distribution of annual outage-equivalent downtime per strategy."""
    return _overlaid_histograms(digests, "downtime_hours", tr("Annual downtime", lang),
                                tr("Outage-equivalent downtime (hours per year)", lang), lang)


def availability_figure(digests: list[Digest], lang: str = "en") -> go.Figure:
    """Distribution of yearly availability in nines (2 = 99 %, 3 = 99.9 %)."""
    return _overlaid_histograms(
        digests, "availability_nines", tr("Availability in nines", lang),
        tr("Nines of availability (2 = 99 %, 3 = 99.9 %, 4 = 99.99 %)", lang), lang)


def cost_distribution_figure(digests: list[Digest], currency: str,
                             lang: str = "en") -> go.Figure:
    """Distribution of total annual cost with P50 (dotted) and P90 (dashed) marked."""
    fig = _overlaid_histograms(
        digests, "total_cost", tr("Total annual cost: spread and risk (dotted P50, dashed P90)",
                                  lang), axis_title(currency, "per year", lang), lang)
    top = max((100 * d.total_cost.shares.max() for d in digests), default=1.0)
    for d in digests:
        colour = STRATEGY_COLORS[d.strategy.value]
        for stat, dash in (("p50", "dot"), ("p90", "dash")):
            value = getattr(d.summary.total_cost, stat)
            fig.add_scatter(x=[value, value], y=[0, top * 1.05], mode="lines",
                            line=dict(color=colour, dash=dash, width=2), showlegend=False,
                            hovertemplate=f"{strategy_name(d.strategy.value, lang)} "
                                          f"{stat.upper()}: "
                                          f"{format_money(value, currency, lang=lang)}"
                                          "<extra></extra>")
    return fig


def ttr_ecdf_figure(digests: list[Digest], severity: str, lang: str = "en") -> go.Figure:
    """ECDF of time to restore for one severity, with the restore target as a vertical line."""
    fig = go.Figure()
    for d in digests:
        label = strategy_name(d.strategy.value, lang)
        fig.add_scatter(x=d.ttr_grid, y=100 * d.ttr_ecdf[severity], mode="lines", name=label,
                        line=dict(color=STRATEGY_COLORS[d.strategy.value], width=3),
                        hovertemplate=label + ": %{y:.1f} % — %{x:.3g} h<extra></extra>")
    if digests and severity in digests[0].targets_restore_hours:
        target = digests[0].targets_restore_hours[severity]
        fig.add_scatter(x=[target, target], y=[0, 100], mode="lines+text", showlegend=False,
                        line=dict(color="#444", dash="dash"),
                        text=["", tr("target {h:g} h", lang, h=target)],
                        textposition="top right", hoverinfo="skip")
    grid = digests[0].ttr_grid if digests else np.array([0.05, 2000.0])
    fig.update_layout(title=tr("Time to restore, {s} incidents (ECDF)", lang, s=severity),
                      **STYLE,
                      xaxis=dict(type="log", title=tr("Time to restore (hours, log scale)", lang),
                                 range=[np.log10(grid[0]), np.log10(grid[-1])]),
                      yaxis=dict(title=tr("Incidents restored within (%)", lang),
                                 range=[0, 100]),
                      legend_title=tr("Strategy", lang), height=380, margin=dict(t=60, b=40))
    return fig


def breach_figure(digests: list[Digest], lang: str = "en") -> go.Figure:
    """Probability of at least one breach of the restore/response target in a year."""
    fig = go.Figure()
    for d in digests:
        p = d.summary.p_breach
        label = strategy_name(d.strategy.value, lang)
        fig.add_bar(x=list(p), y=[100 * v for v in p.values()], name=label,
                    marker_color=STRATEGY_COLORS[d.strategy.value],
                    hovertemplate=label + " %{x}: %{y:.1f} %<extra></extra>")
    fig.update_layout(barmode="group",
                      title=tr("Chance of at least one target breach a year", lang), **STYLE,
                      xaxis_title=tr("Severity", lang),
                      yaxis=dict(title=tr("Probability (%)", lang), range=[0, 100]),
                      legend_title=tr("Strategy", lang), height=380, margin=dict(t=60, b=40))
    return fig


# ----------------------------------------------------------------- incident history figures
