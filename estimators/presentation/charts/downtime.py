"""Monte Carlo charts: downtime, availability, cost spread, time to restore, breaches."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from estimators.engine.digest import Digest, Histogram
from estimators.presentation.charts.style import (
    STRATEGY_COLORS,
    STYLE,
    axis_title,
    legend_below,
    money_ticks,
    strategy_name,
)
from estimators.presentation.formatting import format_money
from estimators.presentation.i18n import tr

__all__ = [
    "availability_figure",
    "breach_figure",
    "cost_distribution_figure",
    "downtime_histogram_figure",
    "ttr_ecdf_figure",
]

ROW_HEIGHT = 130
"""Height of one strategy's row in the small multiples (px)."""


def _histogram_rows(digests: list[Digest], attribute: str, title: str, x_title: str,
                    lang: str) -> go.Figure:
    """One histogram per strategy, one row each on a shared x axis (small multiples).

    Overlaid, three translucent histograms blend into colours no legend names; stacked in rows
    on one x axis, each shape stays readable and their positions still compare. Each row is
    titled with its strategy; y is the share of trial-years (%) in each bin, on one scale.
    """
    fig = make_subplots(rows=max(len(digests), 1), cols=1, shared_xaxes=True,
                        vertical_spacing=0.1,
                        subplot_titles=[strategy_name(d.strategy.value, lang) for d in digests])
    for row, d in enumerate(digests, start=1):
        hist: Histogram = getattr(d, attribute)
        label = strategy_name(d.strategy.value, lang)
        fig.add_bar(x=hist.centres, y=100 * hist.shares, width=np.diff(hist.edges),
                    name=label, marker_color=STRATEGY_COLORS[d.strategy.value], opacity=0.85,
                    showlegend=False, row=row, col=1,
                    hovertemplate=label + ": %{y:.1f} % — %{x:,.3g}<extra></extra>")
    rows = max(len(digests), 1)
    fig.update_layout(title=title, **STYLE, height=110 + ROW_HEIGHT * rows,
                      margin=dict(t=80, b=50, r=20), bargap=0)
    fig.update_annotations(font=dict(size=13), xanchor="left", x=0)
    fig.update_yaxes(matches="y")  # one scale: row heights compare too
    fig.update_yaxes(title_text=tr("Share of trial-years (%)", lang), title_font_size=12,
                     row=(rows + 1) // 2, col=1)
    fig.update_xaxes(title_text=x_title, row=rows, col=1)
    return fig


def downtime_histogram_figure(digests: list[Digest], lang: str = "en") -> go.Figure:
    """Distribution of annual outage-equivalent downtime, one row per strategy."""
    return _histogram_rows(digests, "downtime_hours", tr("Annual downtime", lang),
                           tr("Outage-equivalent downtime (hours per year)", lang), lang)


def availability_figure(digests: list[Digest], lang: str = "en") -> go.Figure:
    """Distribution of yearly availability in nines (2 = 99 %, 3 = 99.9 %), one row per
    strategy."""
    return _histogram_rows(
        digests, "availability_nines", tr("Availability in nines", lang),
        tr("Nines of availability (2 = 99 %, 3 = 99.9 %, 4 = 99.99 %)", lang), lang)


PERCENTILE_DASHES = {"p50": "dot", "p90": "dash"}
"""How each percentile line is drawn: told apart by dash (the row already gives the colour)."""


def cost_distribution_figure(digests: list[Digest], currency: str,
                             lang: str = "en") -> go.Figure:
    """Distribution of total annual cost, one row per strategy, with P50 (dotted) and P90
    (dashed) marked in each row and named once in the legend."""
    fig = _histogram_rows(digests, "total_cost",
                          tr("Total annual cost: spread and risk", lang),
                          axis_title(currency, "per year", lang), lang)
    if lang == "ja":
        fig.update_xaxes(tickformat=money_ticks(lang, "x")["x_tickformat"])
    names = {"p50": tr("P50 (median)", lang), "p90": tr("P90 (one year in ten is dearer)", lang)}
    for row, d in enumerate(digests, start=1):
        top = 100 * float(d.total_cost.shares.max()) * 1.05
        for stat, dash in PERCENTILE_DASHES.items():
            value = getattr(d.summary.total_cost, stat)
            fig.add_scatter(x=[value, value], y=[0, top], mode="lines", name=names[stat],
                            legendgroup=stat, showlegend=row == 1, row=row, col=1,
                            line=dict(color="#222", dash=dash, width=2.5),
                            hovertemplate=f"{strategy_name(d.strategy.value, lang)} "
                                          f"{stat.upper()}: "
                                          f"{format_money(value, currency, lang=lang)}"
                                          "<extra></extra>")
    fig.update_layout(legend=dict(orientation="h", yref="container", y=0.99, yanchor="top",
                                  xanchor="right", x=1.0, font_size=12))
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
                        textposition="top right", hoverinfo="skip",
                        cliponaxis=False)  # the label sits just above the plot's top edge
    grid = digests[0].ttr_grid if digests else np.array([0.05, 2000.0])
    fig.update_layout(title=tr("Time to restore, {s} incidents (ECDF)", lang, s=severity),
                      **STYLE,
                      xaxis=dict(type="log", title=tr("Time to restore (hours, log scale)", lang),
                                 range=[np.log10(grid[0]), np.log10(grid[-1])]),
                      yaxis=dict(title=tr("Incidents restored within (%)", lang),
                                 range=[0, 100]),
                      legend=legend_below(tr("Strategy", lang)), height=400,
                      margin=dict(t=60, b=40))
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
                      legend=legend_below(tr("Strategy", lang)), height=400,
                      margin=dict(t=60, b=40))
    return fig


# ----------------------------------------------------------------- incident history figures
