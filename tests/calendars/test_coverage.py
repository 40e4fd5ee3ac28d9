"""Coverage calendars: covered hours, off-hours share and mean wait, by hand."""

import pytest

from estimators import coverage_stats
from estimators.scenario import Coverage


def test_24x7_is_always_open():
    stats = coverage_stats(Coverage(mode="24x7"))
    assert stats.covered_hours_per_year == 8760
    assert stats.off_share == 0 and stats.mean_wait_hours == 0


def test_weekdays_nine_to_six():
    # 365 days from a Monday: 261 weekdays; gaps are 15 h (209 of them) and 63 h (52 weekends).
    stats = coverage_stats(Coverage(start="09:00", end="18:00"))
    assert stats.covered_hours_per_year == 261 * 9
    assert stats.off_share == pytest.approx(1 - 2349 / 8760)
    expected = (209 * 15**2 + 52 * 63**2) / 2 / (209 * 15 + 52 * 63)
    assert stats.mean_wait_hours == pytest.approx(expected, rel=1e-12)


def test_holidays_close_days():
    base = coverage_stats(Coverage(start="08:30", end="17:30"))
    hol = coverage_stats(Coverage(start="08:30", end="17:30", holidays_per_year=19))
    assert base.covered_hours_per_year - hol.covered_hours_per_year == pytest.approx(19 * 9)
    assert hol.mean_wait_hours > base.mean_wait_hours


def test_single_day_window():
    # Open Wednesdays 10:00-12:00: the gap is one week minus 2 h, so the mean wait is half of it
    # (365 days hold 52 Wednesdays plus one extra day, which lengthens the wrap-around gap).
    stats = coverage_stats(Coverage(days=("wed",), start="10:00", end="12:00"))
    assert stats.covered_hours_per_year == 52 * 2
    gaps = [166.0] * 51 + [166.0 + 24.0]
    assert stats.mean_wait_hours == pytest.approx(sum(g * g for g in gaps) / 2 / sum(gaps))


def test_a_time_past_four_years_does_not_move_the_others():
    import numpy as np

    from estimators.calendars.coverage import open_and_next
    from estimators.scenario import Coverage

    coverage = Coverage(mode="business_hours", start="09:00", end="18:00")
    alone = open_and_next(coverage, np.array([8762.0]))[1]
    together = open_and_next(coverage, np.array([8762.0, 43802.0]))[1]
    assert together[0] == alone[0] == 8760 + 9.0  # the next year's first Monday, 09:00
    same_hour_year_one = open_and_next(coverage, np.array([43802.0 - 4 * 8760]))[1][0]
    assert together[1] == same_hour_year_one + 4 * 8760
