"""Decision charts: tornado, spider, Sobol indices, break-even map, scope, preventive."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from estimators.decisions.measures import Measure, MeasureKind
from estimators.decisions.optimise.preventive import PreventiveCurve
from estimators.decisions.optimise.scope import (
    SCOPE_FIELDS,
    ScopeResult,
)
from estimators.decisions.sensitivity import TornadoBar
from estimators.decisions.sobol import SobolIndices
from estimators.presentation.advice import scope_reason, sobol_share
from estimators.presentation.charts.style import (
    STRATEGY_COLORS,
    STYLE,
    axis_title,
    legend_below,
    money_ticks,
    strategy_name,
)
from estimators.presentation.formatting import CURRENCY_SYMBOLS, format_money
from estimators.presentation.i18n import tr
from estimators.presentation.labels import input_label, input_name, name_of
from estimators.scenario import Party
from estimators.scenario.strategies import Strategy

__all__ = [
    "breakeven_map_figure",
    "preventive_figure",
    "scope_matrix_figure",
    "sobol_figure",
    "spider_figure",
    "tornado_figure",
]

def tornado_figure(bars: list[TornadoBar], measure: Measure | str, currency: str,
                   lang: str = "en") -> go.Figure:
    """Horizontal bars: change of ``measure`` with each input at P10 and P90, largest swing on
    top. ``measure`` is a strategy's cost, a cost difference (outsourced − in-house) or a
    strategy's outage-equivalent hours a year (its availability); a key such as
    ``"outsourced-in_house"`` is read with :meth:`Measure.parse`."""
    if not isinstance(measure, Measure):
        measure = Measure.parse(measure)

    def shown_value(v: float) -> str:
        return f"{v:+,.1f} h" if measure.in_hours else format_money(v, currency, lang=lang)

    # Largest swing of the shown measure on top (plotly draws the first category at the bottom).
    shown = sorted(bars, key=lambda b: max(abs(v) for v in b.change(measure)))
    names = [input_label(b.uncertainty.name, b.uncertainty.unit, lang) for b in shown]
    fig = go.Figure()
    for side, (end, colour, label) in enumerate((("low", "#56B4E9", "P10"),
                                                  ("high", "#D55E00", "P90"))):
        values = [b.change(measure)[side] for b in shown]
        inputs = [getattr(b, end) for b in shown]
        fig.add_bar(y=names, x=values, orientation="h", name=tr("Input at {p}", lang, p=label),
                    marker_color=colour,
                    customdata=[[shown_value(v), f"{x:,.4g}"]
                                for v, x in zip(values, inputs, strict=True)],
                    hovertemplate="%{y} = %{customdata[1]}: %{customdata[0]}<extra></extra>")
    strategy = strategy_name(measure.strategy, lang)
    if measure.kind is MeasureKind.outage:
        title = tr("What moves the downtime of {s}", lang, s=strategy)
        axis = tr("Change of outage-equivalent hours per year", lang)
    elif measure.kind is MeasureKind.gap:
        title = tr("What moves the cost difference {a} − {b}", lang, a=strategy,
                   b=strategy_name(measure.baseline, lang))
        axis = tr("Change of expected annual cost ({symbol})", lang,
                  symbol=CURRENCY_SYMBOLS.get(currency, currency))
    else:
        title = tr("What moves the cost of {s}", lang, s=strategy)
        axis = tr("Change of expected annual cost ({symbol})", lang,
                  symbol=CURRENCY_SYMBOLS.get(currency, currency))
    fig.update_layout(barmode="overlay", title=title, **STYLE, xaxis_title=axis,
                      yaxis_title=tr("Input", lang), legend_title=tr("Swing", lang),
                      height=max(320, 60 + 34 * len(bars)), margin=dict(t=60, b=40))
    return fig


def _tint(colour: str, share: float) -> str:
    """``colour`` (``#RRGGBB``) mixed with white: ``share`` of the colour, the rest white."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - share * (255 - c)):02X}" for c in rgb)


def breakeven_map_figure(xs: np.ndarray, ys: np.ndarray, winner: np.ndarray,
                         margin: np.ndarray, x_label: str, y_label: str, currency: str,
                         lang: str = "en") -> go.Figure:
    """Which strategy is cheapest over two inputs, coloured by strategy, shaded by margin.

    ``winner`` indexes :class:`Strategy` (in-house, outsourced, hybrid) per cell (y, x) and
    ``margin`` is how much cheaper it is than the next strategy, in ``currency``. Each strategy
    gets its own heatmap from a light tint (a near tie) to its full colour (the widest margin),
    so even a near tie shows who wins, and a legend entry naming the colour (heatmaps have no
    legend entry of their own). Axis labels come with their units from the caller.
    """
    fig = go.Figure()
    top = float(np.nanmax(margin)) if np.size(margin) else 0.0
    for k, strategy in enumerate(Strategy):
        z = np.where(winner == k, margin, np.nan)
        if np.all(np.isnan(z)):
            continue
        colour = STRATEGY_COLORS[strategy.value]
        name = strategy_name(strategy.value, lang)
        fig.add_heatmap(x=xs, y=ys, z=z, name=name, showscale=False, legendgroup=name,
                        colorscale=[[0, _tint(colour, 0.25)], [1, colour]], zmin=0,
                        zmax=top or 1.0,
                        customdata=[[format_money(v, currency, lang=lang) for v in row]
                                    for row in margin],
                        hovertemplate=name + " — %{x:,.4g}, %{y:,.4g}: "
                        + tr("cheaper by {m}", lang, m="%{customdata}") + "<extra></extra>")
        fig.add_scatter(x=[None], y=[None], mode="markers", name=name, legendgroup=name,
                        marker=dict(color=colour, size=14, symbol="square"), hoverinfo="skip")
    fig.update_layout(title=tr("Cheapest strategy (darker = wins by more)", lang), **STYLE,
                      xaxis_title=x_label, yaxis_title=y_label,
                      showlegend=True,  # plotly hides a legend of one entry by default
                      legend=dict(title=tr("Cheapest", lang), itemclick=False,
                                  itemdoubleclick=False),
                      height=480, margin=dict(t=60, b=40))
    return fig


def spider_figure(lines: dict[str, np.ndarray], percentiles: tuple[float, ...], strategy: str,
                  currency: str, lang: str = "en") -> go.Figure:
    """Expected annual cost of one strategy as each input runs over its percentiles."""
    fig = go.Figure()
    x = [100 * p for p in percentiles]
    for name, values in lines.items():
        shown = input_name(name, lang)
        fig.add_scatter(x=x, y=values, mode="lines+markers", name=shown,
                        customdata=[format_money(v, currency, lang=lang) for v in values],
                        hovertemplate=shown + " P%{x:.0f}: %{customdata}<extra></extra>")
    fig.update_layout(title=tr("Cost of {s} as each input moves through its range", lang,
                               s=strategy_name(strategy, lang)), **STYLE,
                      xaxis_title=tr("Input percentile (%)", lang),
                      yaxis_title=axis_title(currency, "per year", lang), **money_ticks(lang),
                      legend_title=tr("Input", lang), height=440, margin=dict(t=60, b=40))
    return fig


def sobol_figure(indices: SobolIndices, lang: str = "en") -> go.Figure:
    """First-order and total Sobol indices with their 95 % intervals, largest total on top.

    A share of variance is never negative: a bar is drawn from 0 to the estimate clipped at 0,
    and the error bar spans the estimate's whole interval, so an index within its noise shows
    as an interval around zero; the hover reads it as ``≈ 0 (−0.02 to 0.03)``.
    """
    order = np.argsort(indices.total, kind="stable")
    names = [input_name(indices.inputs[k].name, lang) for k in order]
    fig = go.Figure()
    lowest = 0.0
    for values, conf, colour, label in (
            (indices.first, indices.first_conf, "#56B4E9", tr("First order (alone)", lang)),
            (indices.total, indices.total_conf, "#D55E00",
             tr("Total (with interactions)", lang))):
        value, half = values[order], conf[order]
        bar = np.maximum(value, 0.0)
        lowest = min(lowest, float(np.min(value - half, initial=0.0)))
        fig.add_bar(y=names, x=bar, orientation="h", name=label, marker_color=colour,
                    error_x=dict(type="data", symmetric=False,
                                 array=np.maximum(value + half - bar, 0.0),
                                 arrayminus=bar - (value - half), thickness=1.2, width=4),
                    customdata=[sobol_share(v, h, lang) for v, h in zip(value, half,
                                                                        strict=True)],
                    hovertemplate="%{y}: %{customdata}<extra>" + label + "</extra>")
    fig.update_layout(barmode="group", title=tr("Share of the cost variance each input explains",
                                                lang), **STYLE,
                      xaxis_title=tr("Sobol index (share of variance)", lang),
                      yaxis_title=tr("Input", lang), legend=legend_below(tr("Index", lang)),
                      height=max(320, 120 + 44 * len(names)), margin=dict(t=60, b=40))
    fig.add_vline(x=0, line_color="#444", line_width=1)
    fig.update_xaxes(range=[min(-0.05, lowest - 0.02),
                            max(1.0, float(np.max(indices.total + indices.total_conf,
                                                  initial=0.0)))])
    return fig


def scope_matrix_figure(result: ScopeResult, lang: str = "en") -> go.Figure:
    """Systems × work: who does each cell in the answer; ★ marks a change from today."""
    best, current = result.matrix("best"), result.matrix("current")
    z = (best.to_numpy() == Party.vendor.value).astype(float)
    reasons = {(c.system, c.field): scope_reason(c, result, lang) for c in result.cells}
    text, hover = [], []
    for system in best.index:
        row_text, row_hover = [], []
        for field in SCOPE_FIELDS:
            party = Party(best.loc[system, field])
            changed = party.value != current.loc[system, field]
            label = name_of("party", party, lang) + (" ★" if changed else "")
            row_text.append(label)
            reason = reasons[(system, field)]
            row_hover.append(f"{system} — {name_of('scope_work', field, lang)}: {label}<br>"
                             + reason)
        text.append(row_text)
        hover.append(row_hover)
    columns = [name_of("scope_work", f, lang) for f in SCOPE_FIELDS]
    fig = go.Figure(go.Heatmap(
        z=z, x=columns, y=list(best.index), text=text, texttemplate="%{text}",
        customdata=hover, hovertemplate="%{customdata}<extra></extra>", showscale=False,
        colorscale=[[0, "#CFE3F3"], [1, "#F8DDB0"]], zmin=0, zmax=1, xgap=3, ygap=3))
    fig.update_layout(title=tr("Who should do what (★ = different from the current split)",
                               lang), **STYLE, xaxis_title=tr("Work", lang),
                      yaxis_title=tr("System", lang), height=max(300, 120 + 48 * len(best)),
                      margin=dict(t=60, b=40))
    fig.update_yaxes(autorange="reversed")
    return fig


def preventive_figure(curve: PreventiveCurve, lang: str = "en") -> go.Figure:
    """Expected annual cost per strategy against preventive hours, optimum and today marked."""
    fig = go.Figure()
    for k, strategy in enumerate(Strategy):
        name = strategy_name(strategy.value, lang)
        colour = STRATEGY_COLORS[strategy.value]
        fig.add_scatter(x=curve.hours, y=curve.cost[k], mode="lines", name=name,
                        line=dict(color=colour, width=3),
                        customdata=[format_money(v, curve.currency, lang=lang)
                                    for v in curve.cost[k]],
                        hovertemplate=name + ", %{x:,.0f} h: %{customdata}<extra></extra>")
        h, c = curve.optimum_hours[strategy], curve.optimum_cost[strategy]
        fig.add_scatter(x=[h], y=[c], mode="markers", showlegend=False,
                        marker=dict(color=colour, size=13, symbol="star",
                                    line=dict(color="#333", width=1)),
                        hovertemplate=tr("Optimum for {s}: {h:,.0f} h/yr, {c}", lang, s=name,
                                         h=h, c=format_money(c, curve.currency, lang=lang))
                        + "<extra></extra>")
    fig.add_vline(x=curve.current_hours, line_dash="dot", line_color="#555",
                  annotation_text=tr("today", lang), annotation_position="top")
    fig.update_layout(title=tr("Preventive work: expected total cost (★ = optimum)", lang),
                      **STYLE, xaxis_title=tr("Preventive hours per year (all systems)", lang),
                      yaxis_title=axis_title(curve.currency, "per year", lang), **money_ticks(lang),
                      legend_title=tr("Strategy", lang), height=440, margin=dict(t=60, b=40))
    return fig
