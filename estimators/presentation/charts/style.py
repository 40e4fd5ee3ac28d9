"""Shared look of every chart: colour-blind-safe colours, fonts, axis titles with units."""

from __future__ import annotations

from estimators.costs.lines import COST_LINES
from estimators.presentation.formatting import CURRENCY_SYMBOLS
from estimators.presentation.i18n import tr
from estimators.presentation.labels import name_of

__all__ = ["FONT", "LINE_COLORS", "NOTE_BOX", "STRATEGY_COLORS", "STYLE", "axis_title",
           "legend_below", "money_ticks", "strategy_name"]

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
STRATEGY_COLORS = {"in_house": "#0072B2", "outsourced": "#E69F00", "hybrid": "#009E73"}


LINE_COLORS = dict(zip(COST_LINES, [
    "#0072B2", "#56B4E9", "#8FB8DE", "#1F4E79", "#7F7F7F",
    "#E69F00", "#F5C26B", "#A6761D", "#D55E00", "#B07AA1", "#CC79A7",
    "#999933", "#882255", "#009E73",
    "#BBBBBB",  # operation: neutral grey, not maintenance
], strict=True))


FONT = dict(family="Inter, 'Noto Sans JP', Arial, sans-serif", size=14)


STYLE = dict(font=FONT, template="plotly_white")


NOTE_BOX = dict(bgcolor="rgba(255,255,255,0.92)", bordercolor="#444", borderwidth=1, borderpad=5,
                font=dict(size=12, color="#222"), align="left", showarrow=False)
"""Look of a note written on a plot (a label in a bordered box, kept inside the plot area)."""


def legend_below(title: str) -> dict:
    """A horizontal legend under the figure, so the plot keeps the figure's whole width.

    Placed against the bottom of the container (plotly reserves the room it needs), so it never
    collides with the x-axis title however tall the figure is.
    """
    return dict(title=dict(text=title, side="left"), orientation="h", yref="container",
                y=0.0, yanchor="bottom", xref="container", x=0.0, xanchor="left")


def money_ticks(lang: str, axis: str = "yaxis") -> dict:
    """Tick labels of a money axis: full amounts with separators in Japanese (35,000,000; the
    SI suffix "35M" is not how amounts are read there), plotly's compact default otherwise."""
    return {f"{axis}_tickformat": ",.0f"} if lang == "ja" else {}


def axis_title(currency: str, per: str, lang: str = "en") -> str:
    return tr("Cost ({symbol} {per})", lang, symbol=CURRENCY_SYMBOLS.get(currency, currency),
              per=tr(per, lang))


def strategy_name(strategy: str, lang: str) -> str:
    return name_of("strategy", strategy, lang)
