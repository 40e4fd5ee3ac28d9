"""Plotly figures for the pages and reports, built from estimator results (no Streamlit)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from estimators.costs.expected import CostComparison
from estimators.costs.lines import COST_LINES, LINE_LABELS
from estimators.engine.digest import Digest, Histogram
from estimators.history.fitting import RestoreFit
from estimators.presentation.formatting import CURRENCY_SYMBOLS, format_money
from estimators.presentation.i18n import STRATEGY_LABELS, tr
from estimators.presentation.narrative import crossing_year
from estimators.scenario.uncertainty import input_name
from estimators.statistics import ecdf_on_grid

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
STRATEGY_COLORS = {"in_house": "#0072B2", "outsourced": "#E69F00", "hybrid": "#009E73"}
LINE_COLORS = dict(zip(COST_LINES, [
    "#0072B2", "#56B4E9", "#8FB8DE", "#1F4E79", "#7F7F7F",
    "#E69F00", "#F5C26B", "#D55E00", "#B07AA1", "#CC79A7",
    "#999933", "#882255", "#009E73",
], strict=True))
FONT = dict(family="Inter, 'Noto Sans JP', Arial, sans-serif", size=14)
STYLE = dict(font=FONT, template="plotly_white")


def _axis_title(currency: str, per: str, lang: str = "en") -> str:
    return tr("Cost ({symbol} {per})", lang, symbol=CURRENCY_SYMBOLS.get(currency, currency),
              per=tr(per, lang))


def _label(strategy: str, lang: str) -> str:
    return tr(STRATEGY_LABELS[strategy], lang)


def cost_by_line_figure(comparison: CostComparison, lang: str = "en") -> go.Figure:
    """Stacked bars: expected annual cost of each strategy by cost line (credits below zero)."""
    cur = comparison.currency
    labels = [_label(s.value, lang) for s in comparison.strategies]
    fig = go.Figure()
    for line in COST_LINES:
        values = [c.by_line[line] for c in comparison.strategies.values()]
        if not np.any(np.abs(values) > 0):
            continue
        name = tr(LINE_LABELS[line], lang)
        fig.add_bar(
            x=labels, y=values, name=name, marker_color=LINE_COLORS[line],
            customdata=[format_money(v, cur) for v in values],
            hovertemplate="%{x}<br>" + name + ": %{customdata}<extra></extra>",
        )
    totals = [c.annual_total for c in comparison.strategies.values()]
    fig.add_scatter(
        x=labels, y=totals, mode="text", text=[format_money(t, cur, compact=True) for t in totals],
        textposition="top center", textfont=dict(size=15), showlegend=False, hoverinfo="skip",
    )
    fig.update_layout(
        barmode="relative", title=tr("Expected annual cost by cost line", lang), **STYLE,
        yaxis_title=_axis_title(cur, "per year", lang), xaxis_title=tr("Strategy", lang),
        legend=dict(title=tr("Cost line", lang), traceorder="normal"), margin=dict(t=60, b=40),
        height=480,
    )
    return fig


def cumulative_figure(comparison: CostComparison, lang: str = "en") -> go.Figure:
    """Cumulative cost over the horizon (year 0 holds the one-off transition), with a marker
    where a strategy that starts dearer breaks even with another."""
    cur = comparison.currency
    fig = go.Figure()
    years = np.arange(comparison.horizon_years + 1)
    for strategy, costs in comparison.strategies.items():
        cumulative = costs.cumulative
        label = _label(strategy.value, lang)
        fig.add_scatter(
            x=years, y=cumulative, mode="lines+markers", name=label,
            line=dict(color=STRATEGY_COLORS[strategy.value], width=3),
            customdata=[format_money(v, cur) for v in cumulative],
            hovertemplate=label + ", %{x}: %{customdata}<extra></extra>",
        )
    for a, ca in comparison.strategies.items():
        for b, cb in comparison.strategies.items():
            when = crossing_year(ca.cumulative, cb.cumulative) if a is not b else None
            if when is None:
                continue
            value = float(np.interp(when, years, ca.cumulative))
            text = tr("{a} breaks even with {b}: month {m}", lang, a=_label(a.value, lang),
                      b=_label(b.value, lang), m=round(when * 12))
            fig.add_scatter(x=[when], y=[value], mode="markers+text", showlegend=False,
                            marker=dict(symbol="diamond", size=13, color="#222"),
                            text=[tr("break-even: month {m}", lang, m=round(when * 12))],
                            textposition="top right", hovertemplate=text + "<extra></extra>")
    fig.update_layout(
        title=tr("Cumulative cost over {n} years", lang, n=comparison.horizon_years),
        **STYLE, xaxis_title=tr("Years from start (escalated, undiscounted)", lang),
        yaxis_title=_axis_title(cur, "cumulative", lang),
        xaxis=dict(dtick=1), height=420, margin=dict(t=60, b=40),
        legend_title=tr("Strategy", lang),
    )
    return fig


# ----------------------------------------------------------------- Monte Carlo figures


def _overlaid_histograms(digests: list[Digest], attribute: str, title: str, x_title: str,
                         lang: str) -> go.Figure:
    fig = go.Figure()
    for d in digests:
        hist: Histogram = getattr(d, attribute)
        label = _label(d.strategy.value, lang)
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
                                  lang), _axis_title(currency, "per year", lang), lang)
    top = max((100 * d.total_cost.shares.max() for d in digests), default=1.0)
    for d in digests:
        colour = STRATEGY_COLORS[d.strategy.value]
        for stat, dash in (("p50", "dot"), ("p90", "dash")):
            value = d.summary["total_cost"][stat]
            fig.add_scatter(x=[value, value], y=[0, top * 1.05], mode="lines",
                            line=dict(color=colour, dash=dash, width=2), showlegend=False,
                            hovertemplate=f"{_label(d.strategy.value, lang)} {stat.upper()}: "
                                          f"{format_money(value, currency)}<extra></extra>")
    return fig


def ttr_ecdf_figure(digests: list[Digest], severity: str, lang: str = "en") -> go.Figure:
    """ECDF of time to restore for one severity, with the restore target as a vertical line."""
    fig = go.Figure()
    for d in digests:
        label = _label(d.strategy.value, lang)
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
        p = d.summary["p_breach"]
        label = _label(d.strategy.value, lang)
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

FIT_COLOURS = {"lognorm": "#0072B2", "weibull_min": "#E69F00", "gamma": "#009E73",
               "expon": "#CC79A7"}
FIT_LABELS = {"lognorm": "Lognormal", "weibull_min": "Weibull", "gamma": "Gamma",
              "expon": "Exponential"}


def monthly_figure(counts: pd.Series, lang: str = "en") -> go.Figure:
    """Incidents opened per month."""
    fig = go.Figure(go.Bar(x=[str(p) for p in counts.index], y=counts.to_numpy(),
                           marker_color="#0072B2", hovertemplate="%{x}: %{y:,}<extra></extra>"))
    fig.update_layout(title=tr("Incidents per month", lang), **STYLE,
                      xaxis=dict(title=tr("Month", lang), type="category"),
                      yaxis_title=tr("Incidents opened", lang), height=340,
                      margin=dict(t=60, b=40))
    return fig


def heatmap_figure(table: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Incidents by weekday and hour of day (when the on-call load falls)."""
    days = [tr(day, lang) for day in table.index]
    fig = go.Figure(go.Heatmap(z=table.to_numpy(), x=list(table.columns), y=days,
                               colorscale="Blues",
                               colorbar=dict(title=tr("Incidents", lang, context="count")),
                               hovertemplate="%{y} %{x}:00 — %{z:,}<extra></extra>"))
    fig.update_layout(title=tr("When incidents are opened", lang), **STYLE,
                      xaxis=dict(title=tr("Hour of day", lang), dtick=2),
                      yaxis=dict(title=tr("Weekday", lang), autorange="reversed"), height=340,
                      margin=dict(t=60, b=40))
    return fig


def fit_ecdf_figure(hours: np.ndarray, fits: list[RestoreFit], title: str,
                    lang: str = "en") -> go.Figure:
    """Empirical CDF of resolved times against the fitted CDFs, on a log time axis."""
    x = np.sort(np.asarray(hours, dtype=float))
    x = x[x > 0]
    fig = go.Figure()
    if x.size:
        grid = np.geomspace(x[0], x[-1], 200)
        fig.add_scatter(x=grid, y=100 * ecdf_on_grid(x, grid), mode="lines",
                        name=tr("Observed", lang), line=dict(color="#222", width=3, shape="hv"))
        for fit in fits:
            fig.add_scatter(x=grid, y=100 * fit.frozen().cdf(grid), mode="lines",
                            name=f"{tr(FIT_LABELS[fit.distribution], lang)} (AIC {fit.aic:,.0f})",
                            line=dict(color=FIT_COLOURS[fit.distribution], dash="dash"))
    fig.update_layout(title=title, **STYLE, height=380, margin=dict(t=60, b=40),
                      xaxis=dict(type="log", title=tr("Time to restore (hours, log scale)", lang)),
                      yaxis=dict(title=tr("Incidents restored within (%)", lang), range=[0, 100]),
                      legend_title=tr("Distribution", lang))
    return fig


def qq_figure(hours: np.ndarray, fit: RestoreFit, lang: str = "en") -> go.Figure:
    """Quantile-quantile plot of resolved times against the best fit (log-log)."""
    x = np.sort(np.asarray(hours, dtype=float))
    x = x[x > 0]
    fig = go.Figure()
    if x.size:
        probs = (np.arange(1, x.size + 1) - 0.5) / x.size
        pick = np.unique(np.linspace(0, x.size - 1, min(x.size, 300)).astype(int))
        theory = fit.frozen().ppf(probs[pick])
        fig.add_scatter(x=theory, y=x[pick], mode="markers", name=tr("Incidents", lang),
                        marker=dict(color=FIT_COLOURS[fit.distribution], size=6))
        low, high = float(min(theory.min(), x.min())), float(max(theory.max(), x.max()))
        fig.add_scatter(x=[low, high], y=[low, high], mode="lines", name=tr("Perfect fit", lang),
                        line=dict(color="#444", dash="dot"))
    fig.update_layout(title=tr("QQ plot against the {d} fit", lang,
                               d=tr(FIT_LABELS[fit.distribution], lang)), **STYLE,
                      xaxis=dict(type="log", title=tr("Fitted quantile (hours)", lang)),
                      yaxis=dict(type="log", title=tr("Observed quantile (hours)", lang)),
                      height=380, margin=dict(t=60, b=40), showlegend=False)
    return fig


# ----------------------------------------------------------------- scenario comparison


def compare_figure(comparisons: dict[str, CostComparison], lang: str = "en") -> go.Figure:
    """Annual cost of each strategy in each scenario, on one axis (grouped bars)."""
    names = list(comparisons)
    currency = next(iter(comparisons.values())).currency if comparisons else "JPY"
    fig = go.Figure()
    for strategy in ("in_house", "outsourced", "hybrid"):
        values = [c.strategies[strategy].annual_total for c in comparisons.values()]
        label = _label(strategy, lang)
        fig.add_bar(x=names, y=values, name=label, marker_color=STRATEGY_COLORS[strategy],
                    customdata=[format_money(v, currency) for v in values],
                    hovertemplate="%{x}<br>" + label + ": %{customdata}<extra></extra>")
    fig.update_layout(barmode="group",
                      title=tr("Expected annual cost by scenario and strategy", lang), **STYLE,
                      xaxis_title=tr("Scenario", lang),
                      yaxis_title=_axis_title(currency, "per year", lang),
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
        name = tr(LINE_LABELS[line], lang)
        fig.add_bar(x=names, y=values, name=name, marker_color=LINE_COLORS[line],
                    customdata=[format_money(v, currency) for v in values],
                    hovertemplate="%{x}<br>" + name + ": %{customdata}<extra></extra>")
    fig.update_layout(barmode="relative",
                      title=tr("{s}: cost lines by scenario", lang, s=_label(strategy, lang)),
                      **STYLE, xaxis_title=tr("Scenario", lang),
                      yaxis_title=_axis_title(currency, "per year", lang),
                      legend_title=tr("Cost line", lang), height=440, margin=dict(t=60, b=40))
    return fig


# ----------------------------------------------------------------- decision analytics


def tornado_figure(bars: list, measure: str, currency: str, lang: str = "en") -> go.Figure:
    """Horizontal bars: change of ``measure`` with each input at P10 and P90, largest swing on
    top. ``measure`` is a strategy (its cost), "outsourced-in_house" (a cost difference) or
    "outage:in_house" (a strategy's outage-equivalent hours a year, i.e. its availability)."""
    outage = measure.startswith("outage:")
    strategy = measure.removeprefix("outage:")

    def change(bar, end: str) -> float:
        if outage:
            return getattr(bar, f"{end}_outage")[strategy]
        if "-" in measure:
            return getattr(bar, f"{end}_gap")[measure]
        return getattr(bar, f"{end}_cost")[measure]

    def shown_value(v: float) -> str:
        return f"{v:+,.1f} h" if outage else format_money(v, currency)

    # Largest swing of the shown measure on top (plotly draws the first category at the bottom).
    shown = sorted(bars, key=lambda b: max(abs(change(b, "low")), abs(change(b, "high"))))
    names = [input_name(b.uncertainty.name, lang)
             + (f" ({b.uncertainty.unit})" if b.uncertainty.unit else "") for b in shown]
    fig = go.Figure()
    for end, colour, label in (("low", "#56B4E9", "P10"), ("high", "#D55E00", "P90")):
        values = [change(b, end) for b in shown]
        inputs = [getattr(b, end) for b in shown]
        fig.add_bar(y=names, x=values, orientation="h", name=tr("Input at {p}", lang, p=label),
                    marker_color=colour,
                    customdata=[[shown_value(v), f"{x:,.4g}"]
                                for v, x in zip(values, inputs, strict=True)],
                    hovertemplate="%{y} = %{customdata[1]}: %{customdata[0]}<extra></extra>")
    if outage:
        title = tr("What moves the downtime of {s}", lang, s=_label(strategy, lang))
        axis = tr("Change of outage-equivalent hours per year", lang)
    elif "-" in measure:
        title = tr("What moves the cost difference {a} − {b}", lang,
                   a=_label(measure.split("-")[0], lang), b=_label(measure.split("-")[1], lang))
        axis = tr("Change of expected annual cost ({symbol})", lang,
                  symbol=CURRENCY_SYMBOLS.get(currency, currency))
    else:
        title = tr("What moves the cost of {s}", lang, s=_label(measure, lang))
        axis = tr("Change of expected annual cost ({symbol})", lang,
                  symbol=CURRENCY_SYMBOLS.get(currency, currency))
    fig.update_layout(barmode="overlay", title=title, **STYLE, xaxis_title=axis,
                      yaxis_title=tr("Input", lang), legend_title=tr("Swing", lang),
                      height=max(320, 60 + 34 * len(bars)), margin=dict(t=60, b=40))
    return fig


def breakeven_map_figure(xs: np.ndarray, ys: np.ndarray, winner: np.ndarray,
                         margin: np.ndarray, x_label: str, y_label: str, currency: str,
                         lang: str = "en") -> go.Figure:
    """Which strategy is cheapest over two inputs, coloured by strategy, shaded by margin."""
    order = ["in_house", "outsourced", "hybrid"]
    fig = go.Figure()
    for k, strategy in enumerate(order):
        z = np.where(winner == k, margin, np.nan)
        if np.all(np.isnan(z)):
            continue
        colour = STRATEGY_COLORS[strategy]
        fig.add_heatmap(x=xs, y=ys, z=z, name=_label(strategy, lang), showscale=False,
                        colorscale=[[0, "#ffffff"], [1, colour]], zmin=0,
                        zmax=float(np.nanmax(margin)) or 1.0,
                        customdata=[[format_money(v, currency) for v in row] for row in margin],
                        hovertemplate=_label(strategy, lang) + " — %{x:,.4g}, %{y:,.4g}: "
                        + tr("cheaper by {m}", lang, m="%{customdata}") + "<extra></extra>")
        fig.add_scatter(x=[None], y=[None], mode="markers", name=_label(strategy, lang),
                        marker=dict(color=colour, size=12, symbol="square"))
    fig.update_layout(title=tr("Cheapest strategy (darker = wins by more)", lang), **STYLE,
                      xaxis_title=x_label, yaxis_title=y_label, legend_title=tr("Strategy", lang),
                      height=480, margin=dict(t=60, b=40))
    return fig
