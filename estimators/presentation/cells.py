"""One value of an export, typed for display: money, a percentage, a number or text.

A :class:`Cell` keeps numbers as numbers (so a spreadsheet can sum them) and says how to show
them (:class:`Fmt`); the workbook turns that into an Excel number format
(:func:`number_pattern`, the same pattern Babel reads), the report and the what-if list into
text (:func:`cell_text`). Model keys in values are put in words here (:func:`in_words`):
weekday lists as ``Mon–Fri`` (「月〜金」), booleans as Yes / No (「はい」 / 「いいえ」), enum
keys by their registered names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, NamedTuple

from babel.numbers import format_decimal, format_percent

from estimators.presentation.fieldnames import WEEKDAY
from estimators.presentation.formatting import LOCALES, format_money
from estimators.presentation.i18n import tr
from estimators.presentation.labels import name_of

__all__ = ["FINE_PERCENT", "MONEY", "NUMBER", "PERCENT", "TEXT", "Cell", "Fmt", "cell_text",
           "in_words", "number_pattern", "weekdays_text", "yes_no"]


@dataclass(frozen=True)
class Fmt:
    """How a cell is shown: ``kind`` and, for numbers and percentages, decimals at most."""

    kind: Literal["text", "money", "percent", "number"]
    digits: int = 0


TEXT = Fmt("text")
MONEY = Fmt("money")
"""An amount in the export's currency."""
PERCENT = Fmt("percent", 1)
"""A fraction shown as a percentage, 0.03 → 3.0 %."""
FINE_PERCENT = Fmt("percent", 3)
"""Availability and other fractions near 1, 0.99968 → 99.968 %."""
NUMBER = Fmt("number", 2)
"""A count or quantity: whole numbers without decimals, others with two."""


class Cell(NamedTuple):
    """A value (number, text or None) and how to show it."""

    value: object
    fmt: Fmt = TEXT


def number_pattern(cell: Cell) -> str | None:
    """The number pattern of a numeric, non-money cell (Excel's and Babel's syntax alike:
    ``#,##0.00``, ``#,##0.0%``); None for text, money and missing values."""
    value, fmt = cell
    if fmt.kind not in ("percent", "number") or not _is_number(value):
        return None
    digits = fmt.digits
    if fmt.kind == "number" and float(value).is_integer():
        digits = 0
    return "#,##0" + ("." + "0" * digits if digits else "") + ("%" if fmt.kind == "percent"
                                                               else "")


def cell_text(cell: Cell, currency: str, lang: str = "en") -> str:
    """The cell as a reader sees it in ``lang``: money via ``format_money``, numbers grouped."""
    value, fmt = cell
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if not _is_number(value):
        return str(value)
    if fmt.kind == "money":
        return format_money(float(value), currency, lang=lang)
    if not math.isfinite(value):
        return tr("n/a", lang)
    pattern = number_pattern(cell)
    if pattern is None:
        return str(value)
    locale = LOCALES.get(lang, "en_US")
    if fmt.kind == "percent":
        return format_percent(value, format=pattern, locale=locale)
    return format_decimal(value, format=pattern, locale=locale)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def yes_no(value: bool, lang: str = "en") -> str:
    """A boolean in words."""
    return tr("Yes", lang) if value else tr("No", lang)


def weekdays_text(days: list[str] | tuple[str, ...], lang: str = "en") -> str:
    """Weekday keys in words, runs of three or more as a range: ``Mon–Fri``, ``Mon, Wed, Sat``
    (「月〜金」, 「月・水・土」); the week starts on Monday."""
    order = list(WEEKDAY)
    picked = sorted({d for d in days if d in WEEKDAY}, key=order.index)
    runs: list[list[str]] = []
    for day in picked:
        if runs and order.index(day) == order.index(runs[-1][-1]) + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        names = [name_of("weekday", d, lang) for d in run]
        parts += ([tr("{first}–{last}", lang, first=names[0], last=names[-1])]
                  if len(run) >= 3 else names)
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text = tr("{a}, {b}", lang, a=text, b=part)
    return text


VALUE_KINDS = {"kind": "asset_kind", "asset_kind": "asset_kind", "criticality": "criticality",
               "monitoring": "monitoring", "repair": "distribution", "strategy": "strategy",
               "line": "cost_line", "maintenance_type": "maintenance_type",
               "queue_discipline": "queue", "coverage.mode": "coverage_mode",
               "clock": "clock", "first_response": "party", "recovery": "party",
               "adaptive": "party", "preventive": "party", "perfective": "party",
               "predictive": "party"}
"""Keys (the last part of a column or setting key) whose values are keys of a named kind."""


def in_words(key: str, value: object, lang: str = "en") -> object:
    """A non-numeric value of ``key`` as a reader reads it; numbers come back unchanged.

    ``key`` is a column or setting key without its severity (``repair`` for ``S1_repair``).
    """
    if isinstance(value, bool):
        return yes_no(value, lang)
    if isinstance(value, (list, tuple)):
        if key.endswith("days"):
            return weekdays_text(value, lang)
        text = ""
        for item in value:
            text = tr("{a}, {b}", lang, a=text, b=item) if text else str(item)
        return text
    if not isinstance(value, str):
        return value
    kind = VALUE_KINDS.get(key) or VALUE_KINDS.get(key.rpartition(".")[2])
    if kind is not None:
        try:
            return name_of(kind, value, lang)
        except KeyError:
            return value
    if key.endswith((".start", ".end")) and value.count(":") == 2 and value.endswith(":00"):
        return value[:-3]  # 09:00:00 → 09:00
    return value
