"""Money, percentages and numbers as each language writes them (exact strings)."""

import math

import pytest

from estimators.presentation.formatting import format_money, format_number, format_percent


@pytest.mark.parametrize(("value", "currency", "compact", "expected"), [
    (12_345_678, "JPY", False, "¥12,345,678"),
    (-1_234.4, "USD", False, "-$1,234"),
    (1_234.4, "EUR", False, "€1,234"),
    (1_234.5, "CHF", False, "CHF 1,234.50"),
    (0, "JPY", False, "¥0"),
    (12_345_678, "JPY", True, "¥12.3M"),
    (-12_345_678, "JPY", True, "-¥12.3M"),
    (1.5e9, "USD", True, "$1.5B"),
    (3.1e12, "JPY", True, "¥3.1T"),
    (45_000, "EUR", True, "€45k"),
    (999, "JPY", True, "¥999"),
    (999_950, "JPY", True, "¥1M"),  # rounds up to the next unit (was ¥1e+03k)
])
def test_english_money_keeps_its_style(value, currency, compact, expected):
    assert format_money(value, currency, compact=compact) == expected
    assert format_money(value, currency, compact=compact, lang="en") == expected


@pytest.mark.parametrize(("value", "currency", "compact", "expected"), [
    # tables: the full amount in yen, as Japanese documents write it
    (30_839_133, "JPY", False, "30,839,133円"),
    (-1_234, "JPY", False, "-1,234円"),
    (0, "JPY", False, "0円"),
    # headlines: 万 to the unit, 億 and 兆 to one decimal, one decimal under 10万
    (12_345_678, "JPY", True, "1,235万円"),
    (12_300_000, "JPY", True, "1,230万円"),
    (-12_345_678, "JPY", True, "-1,235万円"),
    (45_000, "JPY", True, "4.5万円"),
    (9_999, "JPY", True, "9,999円"),
    (123_456_789, "JPY", True, "1.2億円"),
    (100_000_000, "JPY", True, "1億円"),
    (99_996_000, "JPY", True, "1億円"),  # 9,999.6万 rounds to the next unit
    (1_234_567_890, "JPY", True, "12.3億円"),
    (3.1e12, "JPY", True, "3.1兆円"),
    # other currencies: Babel's ja_JP symbol first, the same units
    (12_345_678, "USD", False, "$12,345,678"),
    (-1_234.4, "EUR", False, "-€1,234"),
    (1_234.5, "CHF", False, "CHF1,234.50"),
    (12_345_678, "USD", True, "$1,235万"),
    (123_456_789, "EUR", True, "€1.2億"),
])
def test_japanese_money(value, currency, compact, expected):
    assert format_money(value, currency, compact=compact, lang="ja") == expected


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_not_a_number(value):
    assert format_money(value, "JPY") == "n/a"
    assert format_money(value, "JPY", compact=True, lang="ja") == "該当なし"
    assert format_percent(value, "en") == "n/a"
    assert format_number(value, "ja") == "該当なし"


def test_percentages():
    assert format_percent(0.0215, "en", 2) == "2.15%"
    assert format_percent(0.0215, "ja", 2) == "2.15%"
    assert format_percent(0.125) == "12.5%"
    assert format_percent(-0.031, "ja", 1) == "-3.1%"
    assert format_percent(0.5, "ja", 0) == "50%"
    assert format_percent(12.3456, "en", 1) == "1,234.6%"


def test_numbers():
    assert format_number(12_345.678, "en", 2) == "12,345.68"
    assert format_number(1_234_567, "ja") == "1,234,567"
    assert format_number(-0.5, "en", 1) == "-0.5"
    assert format_number(1_234.5, "ja", 1) == "1,234.5"
