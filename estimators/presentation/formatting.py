"""Number and money formatting for everything a user reads (pages, charts, reports, CLI)."""

from __future__ import annotations

import math

__all__ = ["CURRENCY_SYMBOLS", "format_money"]

CURRENCY_SYMBOLS = {"JPY": "¥", "USD": "$", "EUR": "€"}
_DECIMALS = {"JPY": 0, "USD": 0, "EUR": 0}


def format_money(value: float, currency: str, *, compact: bool = False) -> str:
    """Format an amount: ``¥12,345,678``, ``-$1,234``; ``compact`` gives ``¥12.3M``.

    Yen has no minor unit, and dashboard figures in dollars or euros are shown to the unit too.
    """
    if not math.isfinite(value):
        return "n/a"
    symbol = CURRENCY_SYMBOLS.get(currency, currency + " ")
    sign = "-" if value < 0 else ""
    amount = abs(value)
    if compact:
        for limit, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
            if amount >= limit:
                return f"{sign}{symbol}{amount / limit:.3g}{suffix}"
    decimals = _DECIMALS.get(currency, 2)
    return f"{sign}{symbol}{amount:,.{decimals}f}"
