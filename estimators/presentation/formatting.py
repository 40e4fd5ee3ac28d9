"""Number and money formatting for everything a user reads (pages, charts, reports, CLI).

English keeps Hoshu's own money style (``¥12,345,678``, compact ``¥12.3M``). Japanese follows
Babel's ``ja_JP`` locale data for numbers and percentages, and writes yen the way Japanese
documents do: ``30,839,133円`` in full (tables) and in 万 / 億 / 兆 in headlines
(``1,235万円``, ``1.2億円``, ``3.1兆円``). Other currencies in Japanese take Babel's ``ja_JP``
symbol first (``$1,234``, ``€1.2億``).
"""

from __future__ import annotations

import math
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from babel.numbers import format_currency, format_decimal, get_currency_symbol
from babel.numbers import format_percent as babel_percent

from estimators.presentation.i18n import tr

__all__ = ["CURRENCY_SYMBOLS", "LOCALES", "ZONES", "display_zone", "format_local_time",
           "format_money", "format_number", "format_percent", "local_time"]

CURRENCY_SYMBOLS = {"JPY": "¥", "USD": "$", "EUR": "€"}
LOCALES = {"en": "en_US", "ja": "ja_JP"}
ZONES = {"ja": "Asia/Tokyo"}
"""The time zone times are shown in, by language; a language not listed uses the server's."""
_DECIMALS = {"JPY": 0, "USD": 0, "EUR": 0}
_ENGLISH_UNITS = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))
_JAPANESE_UNITS = ((1e12, "兆", 1), (1e8, "億", 1), (1e4, "万", 0))  # size, name, decimals


def format_money(value: float, currency: str, *, compact: bool = False, lang: str = "en") -> str:
    """Format an amount for ``lang``; ``compact`` for headlines and chart labels.

    English: ``¥12,345,678``, ``-$1,234``, compact ``¥12.3M`` (three significant digits).
    Japanese: ``12,345,678円``, compact ``1,235万円``, ``1.2億円`` (万 to the unit, 億 and 兆
    to one decimal, one decimal under 10万); dollars and euros ``$12,345,678``, ``$1,235万``.
    Yen has no minor unit, and dashboard figures in dollars or euros are shown to the unit too;
    other currencies keep their own minor unit. Not a finite number: ``n/a`` (「該当なし」).
    """
    if not math.isfinite(value):
        return tr("n/a", lang)
    if lang == "ja":
        return _japanese_money(value, currency, compact)
    symbol = CURRENCY_SYMBOLS.get(currency, currency + " ")
    sign = "-" if value < 0 else ""
    amount = abs(value)
    if compact and amount >= 1e3:
        for limit, suffix in _ENGLISH_UNITS:
            digits = f"{amount / limit:.3g}"
            if float(digits) >= 1:  # 999,950 is ¥1M, not ¥1e+03k
                return f"{sign}{symbol}{digits}{suffix}"
    decimals = _DECIMALS.get(currency, 2)
    return f"{sign}{symbol}{amount:,.{decimals}f}"


def _japanese_money(value: float, currency: str, compact: bool) -> str:
    prefix, suffix = ("", "円") if currency == "JPY" else (
        get_currency_symbol(currency, LOCALES["ja"]), "")
    sign = "-" if value < 0 else ""
    amount = abs(value)
    if not compact and currency != "JPY" and currency not in _DECIMALS:
        return sign + format_currency(amount, currency, locale=LOCALES["ja"])
    if not compact:
        return f"{sign}{prefix}{_ja_digits(amount, 0)}{suffix}"
    # the largest unit the amount reaches; the next one up if rounding reaches it (9,999.6万)
    i = next((i for i, (size, _, _) in enumerate(_JAPANESE_UNITS) if amount >= size),
             len(_JAPANESE_UNITS))
    units = [*_JAPANESE_UNITS, (1, "", 0)]
    size, unit, decimals = units[i]
    digits = _ja_digits(amount / size, 1 if 1 < size and amount < 10 * size else decimals)
    if i > 0 and float(digits.replace(",", "")) >= units[i - 1][0] / size:
        size, unit, decimals = units[i - 1]
        digits = _ja_digits(amount / size, 1)
    return f"{sign}{prefix}{digits}{unit}{suffix}"


def _ja_digits(number: float, decimals: int) -> str:
    """``number`` grouped Japanese-style with at most ``decimals`` decimals."""
    return format_decimal(number, format="#,##0." + "#" * decimals if decimals else "#,##0",
                          locale=LOCALES["ja"])


def format_percent(value: float, lang: str = "en", digits: int = 1) -> str:
    """A fraction as a percentage with ``digits`` decimals: 0.0215 → ``2.2%`` (``digits=1``)."""
    if not math.isfinite(value):
        return tr("n/a", lang)
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    return babel_percent(value, format=pattern, locale=LOCALES.get(lang, "en_US"))


def format_number(value: float, lang: str = "en", digits: int = 0) -> str:
    """A number with grouping and ``digits`` decimals: 12345.678 → ``12,345.68`` (2 digits)."""
    if not math.isfinite(value):
        return tr("n/a", lang)
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=LOCALES.get(lang, "en_US"))


def display_zone(lang: str = "en") -> tzinfo | None:
    """The zone times are shown in for ``lang``: Japan time in Japanese, else None (the
    server's local zone, as the operating system sets it, ``TZ`` included)."""
    return ZoneInfo(ZONES[lang]) if lang in ZONES else None


def local_time(stamp: str, lang: str = "en") -> datetime:
    """An ISO 8601 time stamp (``2026-11-30T00:41:12+00:00``; without an offset, UTC) as the
    wall-clock time of the display zone, aware of its zone: ``2026-11-30 09:41:12+09:00`` in
    Japanese."""
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(display_zone(lang))


def format_local_time(stamp: str, lang: str = "en") -> str:
    """An ISO 8601 time stamp as local date and time to the minute: ``2026-11-30 09:41``."""
    return local_time(stamp, lang).strftime("%Y-%m-%d %H:%M")
