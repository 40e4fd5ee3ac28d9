"""estimators.distributions gives scipy.stats' numbers to the bit, without importing scipy.stats."""

import numpy as np
import pytest
from scipy import stats

from estimators.distributions import (
    poisson_logcdf,
    poisson_logpmf,
    poisson_pmf,
    poisson_ppf,
    poisson_sf,
)
from estimators.scenario import RepairTime

FAMILIES = ["lognormal", "exponential", "weibull", "gamma"]
RNG = np.random.default_rng(16)
LEVELS = np.concatenate([[0.0, 1e-12, 0.5, 1 - 1e-12, 1.0], RNG.random(2_000)])


def same(a, b) -> bool:
    """Equal to the bit, NaN equal to NaN, and of the same shape."""
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=True))


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize(("median", "shape"), [(0.05, 0.3), (2.5, 1.0), (40.0, 1.5),
                                               (700.0, 4.7)])
def test_repair_quantiles_and_second_moment_are_scipys(family, median, shape):
    repair = RepairTime(distribution=family, median_hours=median, sigma=shape, shape=shape)
    frozen = repair.frozen()
    assert same(repair.ppf(LEVELS), frozen.ppf(LEVELS))
    assert same(repair.ppf(LEVELS[:7].reshape(7, 1)), frozen.ppf(LEVELS[:7].reshape(7, 1)))
    assert same(repair.ppf(0.9), frozen.ppf(0.9))
    assert np.ndim(repair.ppf(0.9)) == 0
    assert same(repair.ppf(np.array([-0.1, 1.1, np.nan])), [np.nan] * 3)
    assert repair.second_moment_hours == float(frozen.moment(2))


def test_lognormal_second_moment_closed_form():
    repair = RepairTime(median_hours=2.0, sigma=1.0)
    assert repair.second_moment_hours == pytest.approx(4.0 * np.exp(2.0), rel=1e-14)


@pytest.mark.parametrize("mu", [1e-6, 0.37, 3.0, 42.5, 900.0])
def test_poisson_functions_are_scipys(mu):
    k = np.arange(0, int(mu * 3) + 30)
    assert same(poisson_pmf(k, mu), stats.poisson.pmf(k, mu))
    grid = k[None, :]
    means = np.array([mu, mu / 2, mu * 2])[:, None]
    assert same(poisson_pmf(grid, means), stats.poisson.pmf(grid, means))
    for n in (0, 1, 5, int(mu), int(mu) + 7):
        assert poisson_logpmf(n, mu) == stats.poisson(mu).logpmf(n)
        assert poisson_logcdf(n, mu) == stats.poisson(mu).logcdf(n)
        assert poisson_sf(n, mu) == stats.poisson.sf(n, mu)
    assert poisson_sf(-1, mu) == stats.poisson.sf(-1, mu) == 1.0
    for q in (1e-9, 0.5, 0.9, 1 - 1e-12):
        assert poisson_ppf(q, mu) == stats.poisson.ppf(q, mu)
