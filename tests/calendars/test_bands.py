"""Bands of the week (estimators/calendars/bands.py): hours of intervals inside a band, checked
against a brute-force count on a fine grid, and the year's evenly spread points."""

from __future__ import annotations

from datetime import time

import numpy as np
import pytest

from estimators.calendars.bands import (
    YEARS,
    daily_band,
    hours_in_bands,
    weekday_band,
    window_band,
    year_points,
)
from estimators.calendars.coverage import coverage_stats, is_open
from estimators.scenario import Coverage

WINDOW = Coverage(days=("mon", "tue", "wed", "thu", "fri", "sat"), start=time(5, 0),
                  end=time(14, 30), holidays_per_year=16)


def brute(inside, start: float, end: float, step: float = 1 / 240) -> float:
    """Hours of [start, end] inside a band by counting 15-second steps."""
    t = np.arange(start, end, step) + step / 2
    return float(inside(t).sum() * step)


def test_window_band_holds_the_covered_hours() -> None:
    assert window_band(WINDOW).hours_per_year == coverage_stats(WINDOW).covered_hours_per_year
    assert window_band(Coverage(mode="24x7")).hours_per_year == 8760.0


@pytest.mark.parametrize(("start", "end"), [(3.1, 77.9), (100.0, 100.0), (8700.2, 8900.7),
                                            (30.5, 9000.0)])
def test_hours_in_a_window_match_a_brute_count(start: float, end: float) -> None:
    band = window_band(WINDOW)
    expected = brute(lambda t: is_open(WINDOW, np.mod(t, 8760.0)), start, end)
    assert band.hours_in(np.array([start]), np.array([end]))[0] == pytest.approx(
        expected, abs=1e-6 + 1 / 240)


def test_night_band_crosses_midnight() -> None:
    night = daily_band(22.0, 5.0)
    assert night.hours_per_year == 7 * 365
    # Monday 21:00 to Tuesday 06:00 holds the whole night: 7 hours.
    assert night.hours_in(np.array([21.0]), np.array([30.0]))[0] == pytest.approx(7.0)
    # Tuesday 04:00 to 04:30 is inside it.
    assert night.hours_in(np.array([28.0]), np.array([28.5]))[0] == pytest.approx(0.5)


def test_weekday_band_counts_whole_sundays() -> None:
    sunday = weekday_band(("sun",))
    assert sunday.hours_per_year == 52 * 24  # day 0 is a Monday: 52 Sundays in 365 days
    assert sunday.hours_in(np.array([140.0]), np.array([170.0]))[0] == pytest.approx(24.0)


def test_an_empty_or_backward_interval_holds_nothing() -> None:
    band = window_band(WINDOW)
    assert band.hours_in(np.array([50.0]), np.array([40.0]))[0] == 0.0


def test_year_points_spread_evenly() -> None:
    times, u = year_points(8760, 3)
    assert times.shape == (8760,) and u.shape == (8760, 3)
    assert times.min() == 0.5 and times.max() == 8759.5
    # Low discrepancy: every coordinate's mean and the mean of a smooth function of all three
    # are within a few 1/n of their integrals (plain random points would be ~1/sqrt(n) off).
    assert np.abs(u.mean(axis=0) - 0.5).max() < 5 / 8760
    assert np.mean(u[:, 0] * u[:, 1] * u[:, 2]) == pytest.approx(0.125, abs=20 / 8760)
    assert year_points(8760, 3)[1] is u  # the same points on every call


def test_times_past_the_look_up_tables_wrap_onto_the_same_calendar():
    """Beyond the tables' four years the band repeats: an interval in year 7 holds what the
    same interval in year 0 holds, for one band and for several side by side."""
    band = weekday_band(("mon",))
    late = (YEARS + 3) * 8760.0
    start, end = np.array([10.0, 30.0]), np.array([40.0, 200.0])
    np.testing.assert_array_equal(band.hours_in(late + start, late + end),
                                  band.hours_in(start, end))
    pair = (band, daily_band(22.0, 5.0))
    np.testing.assert_array_equal(hours_in_bands(pair, late + start, late + end),
                                  hours_in_bands(pair, start, end))
    assert band.until(np.array([late])).shape == (1,)
