"""estimators.distributions gives scipy.stats' numbers without importing scipy.stats: the repair
times' quantiles and second moments to the bit, the Poisson functions within about 1e-13."""

import numpy as np
import pytest
from scipy import special, stats

from estimators.distributions import ndtri, poisson_pmf, poisson_ppf, poisson_sf
from estimators.queueing import erlang_b
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


def relative(a, b) -> float:
    """Largest relative distance of ``a`` from ``b``."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.abs(b)))


def test_ndtri_is_scipys_to_the_bit():
    rng = np.random.default_rng(7)
    p = np.concatenate([rng.random(200_000), 10.0 ** -rng.uniform(0, 300, 20_000),
                        1.0 - 10.0 ** -rng.uniform(0, 16, 20_000),
                        [0.0, 1.0, 0.5, 5e-324, -0.5, 2.0, np.nan]])
    assert same(ndtri(p), special.ndtri(p))


@pytest.mark.parametrize("mu", [1e-6, 0.37, 3.0, 42.5, 900.0])
def test_poisson_functions_agree_with_scipy(mu):
    k = np.arange(0, int(mu * 3) + 30)
    expected = stats.poisson.pmf(k, mu)
    big = expected > 1e-300
    # ln-space terms of size k·ln mu: rounding grows with mu (1e-13 at 42.5, 4e-12 at 900)
    assert relative(poisson_pmf(k, mu)[big], expected[big]) < 2.5e-13 * max(1.0, mu / 40.0)
    assert np.all(poisson_pmf(k, mu)[~big] < 1e-290)
    grid = k[None, :]
    means = np.array([mu, mu / 2, mu * 2])[:, None]
    got, want = poisson_pmf(grid, means), stats.poisson.pmf(grid, means)
    assert np.allclose(got, want, rtol=1e-11, atol=1e-300)
    for n in (0, 1, 5, int(mu), int(mu) + 7):
        assert poisson_sf(n, mu) == pytest.approx(stats.poisson.sf(n, mu), rel=1e-12, abs=1e-300)
    assert poisson_sf(-1, mu) == stats.poisson.sf(-1, mu) == 1.0
    for q in (1e-9, 0.5, 0.9, 1 - 1e-12):
        assert poisson_ppf(q, mu) == stats.poisson.ppf(q, mu)


@pytest.mark.parametrize("servers", [1, 2, 3, 8, 40, 300])
@pytest.mark.parametrize("load", [0.01, 0.7, 2.9, 35.0, 250.0])
def test_erlang_b_agrees_with_the_poisson_form(servers, load):
    poisson = stats.poisson(load)
    expected = float(np.exp(poisson.logpmf(servers) - poisson.logcdf(servers)))
    assert erlang_b(load, servers) == pytest.approx(expected, rel=1e-12, abs=1e-300)


def test_erlang_b_known_values():
    # B(1, a) = a / (1 + a); B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2
    assert erlang_b(3.0, 1) == pytest.approx(0.75, rel=1e-15)
    assert erlang_b(1.0, 2) == pytest.approx(0.2, rel=1e-15)
    assert erlang_b(1e-3, 400) == 0.0  # underflows, as the pmf over the cdf does
