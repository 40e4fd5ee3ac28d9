"""Shared look of every chart: colour-blind-safe colours, fonts, axis titles with units."""

from __future__ import annotations

from estimators.costs.lines import COST_LINES
from estimators.presentation.formatting import CURRENCY_SYMBOLS
from estimators.presentation.i18n import tr
from estimators.presentation.labels import name_of

__all__ = ["FONT", "LINE_COLORS", "STRATEGY_COLORS", "STYLE", "axis_title", "strategy_name"]




# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
STRATEGY_COLORS = {"in_house": "#0072B2", "outsourced": "#E69F00", "hybrid": "#009E73"}


LINE_COLORS = dict(zip(COST_LINES, [
    "#0072B2", "#56B4E9", "#8FB8DE", "#1F4E79", "#7F7F7F",
    "#E69F00", "#F5C26B", "#D55E00", "#B07AA1", "#CC79A7",
    "#999933", "#882255", "#009E73",
], strict=True))


FONT = dict(family="Inter, 'Noto Sans JP', Arial, sans-serif", size=14)


STYLE = dict(font=FONT, template="plotly_white")


def axis_title(currency: str, per: str, lang: str = "en") -> str:
    return tr("Cost ({symbol} {per})", lang, symbol=CURRENCY_SYMBOLS.get(currency, currency),
              per=tr(per, lang))


def strategy_name(strategy: str, lang: str) -> str:
    return name_of("strategy", strategy, lang)
