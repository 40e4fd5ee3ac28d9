"""Incident-history charts: incidents per month, weekday × hour, fitted repair times."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from estimators.history.fitting import RestoreFit
from estimators.presentation.charts.style import STYLE
from estimators.presentation.i18n import tr
from estimators.presentation.labels import name_of
from estimators.statistics import ecdf_on_grid

__all__ = ["fit_ecdf_figure", "heatmap_figure", "monthly_figure", "qq_figure"]




FIT_COLOURS = {"lognorm": "#0072B2", "weibull_min": "#E69F00", "gamma": "#009E73",
               "expon": "#CC79A7"}


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
                            name=f"{name_of('fit', fit.distribution, lang)} (AIC {fit.aic:,.0f})",
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
                               d=name_of("fit", fit.distribution, lang)), **STYLE,
                      xaxis=dict(type="log", title=tr("Fitted quantile (hours)", lang)),
                      yaxis=dict(type="log", title=tr("Observed quantile (hours)", lang)),
                      height=380, margin=dict(t=60, b=40), showlegend=False)
    return fig


# ----------------------------------------------------------------- scenario comparison
