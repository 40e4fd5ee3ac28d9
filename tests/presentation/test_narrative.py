"""The crossing year of two cumulative cost curves (used by the narrative and the chart)."""

import numpy as np
import pytest

from estimators.presentation.narrative import crossing_year


def test_crossing_is_interpolated_within_the_year():
    # gap 10, 4, -2: crosses 4 / 6 of the way through the second year
    assert crossing_year(np.array([10.0, 14.0, 18.0]), np.array([0.0, 10.0, 20.0])) == (
        pytest.approx(1 + 4 / 6))


def test_no_crossing_when_starting_below_or_never_meeting():
    assert crossing_year(np.array([0.0, 1.0]), np.array([1.0, 3.0])) is None
    assert crossing_year(np.array([5.0, 9.0]), np.array([1.0, 2.0])) is None


def test_two_overloaded_queues_do_not_cross_and_raise_no_warning():
    """inf − inf is NaN: no crossing, and no RuntimeWarning on the way."""
    with np.errstate(all="raise"):
        assert crossing_year(np.array([1.0, np.inf, np.inf]),
                             np.array([0.0, np.inf, np.inf])) is None
