"""Expected service credits under a monthly cap (estimators.costs.credits) against direct sums
over the Poisson counts."""

import itertools

import numpy as np
import pytest
from scipy import stats

from estimators.costs.credits import expected_capped


def brute_force(means, amounts, cap, top=60) -> float:
    """E[min(Σ c·N, cap)] summed over every count up to ``top`` per kind."""
    total = 0.0
    for counts in itertools.product(range(top), repeat=len(means)):
        p = np.prod([stats.poisson.pmf(n, m) for n, m in zip(counts, means, strict=True)])
        total += p * min(float(np.dot(counts, amounts)), cap)
    return total


@pytest.mark.parametrize(("means", "amounts", "cap"), [
    ([2.0, 5.0], [0.1, 0.05], 0.3),
    ([0.3, 0.2], [0.1, 0.25], 1.0),
    ([8.0, 1.0], [0.013, 0.2], 0.25),
])
def test_matches_the_direct_sum(means, amounts, cap):
    assert expected_capped(np.array(means), np.array(amounts), cap) == pytest.approx(
        brute_force(means, amounts, cap), rel=1e-9)


def test_limits():
    means, amounts = np.array([0.5, 0.2, 0.1]), np.array([0.1, 0.05, 0.3])
    assert expected_capped(means, amounts, float("inf")) == pytest.approx(means @ amounts)
    # A cap below the smallest credit: the cap is paid in every month with a breach.
    assert expected_capped(means, amounts, 0.01) == pytest.approx(
        0.01 * -np.expm1(-means.sum()), rel=1e-9)
    assert expected_capped(means, np.zeros(3), 0.5) == 0.0
    assert expected_capped(np.zeros(3), amounts, 0.5) == 0.0


def test_a_credit_off_the_lattice_never_pays_more_than_the_cap_or_the_credits():
    # 0.3331 % of the fee under a 5 % cap is no whole multiple of a millionth-based lattice
    # within reach: the rounded lattice is used, and the result stays within its bounds.
    for rate in (60.0, 600.0):
        value = expected_capped(np.array([rate]), np.array([0.003331]), 0.05)
        assert 0.0 <= value <= min(rate * 0.003331, 0.05)
