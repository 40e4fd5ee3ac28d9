"""Arrivals alone: Poisson counts per cell and per trial, uniform times, exponential detection,
repair draws of each family against their exact distribution.

Bounds: Z = 4 standard errors of the statistic for the sample drawn (for a Poisson(λ) count,
SE(mean) = √(λ/n) and SE(variance) ≈ √((λ + 2λ²)/n), from its fourth central moment
λ + 3λ²); distribution checks use the Dvoretzky-Kiefer-Wolfowitz bound
P(sup |F_n − F| > ε) ≤ 2 exp(−2 n ε²) at a false-alarm rate of 1e-4.
"""

import math

import numpy as np
import pytest

from estimators.calendars.coverage import HOURS_PER_YEAR
from estimators.engine.arrivals import draw_arrivals
from estimators.engine.trial_inputs import TrialInputs

from .scenarios import data, inputs, scenario

Z = 4.0
ALPHA = 1e-4


def dkw(n: int) -> float:
    return math.sqrt(math.log(2.0 / ALPHA) / (2.0 * n))


FAMILIES = {  # system name: (monitoring, repair of every severity)
    "Logn": ("none", {"distribution": "lognormal", "median_hours": 2.0, "sigma": 0.8}),
    "Expo": ("basic", {"distribution": "exponential", "median_hours": 1.0}),
    "Weib": ("advanced", {"distribution": "weibull", "median_hours": 3.0, "shape": 0.7}),
    "Gamm": ("basic", {"distribution": "gamma", "median_hours": 1.5, "shape": 2.5}),
}
RATES = {"S1": 2.0, "S2": 7.5, "S3": 20.0}


def four_families():
    d = data()
    d["systems"] = [{"name": name, "kind": "cloud", "downtime_cost_per_hour": 1,
                     "monitoring": monitoring,
                     "incidents": {v: {"rate_per_year": r * (k + 1), "repair": repair}
                                   for v, r in RATES.items()}}
                    for k, (name, (monitoring, repair)) in enumerate(FAMILIES.items())]
    d["effects"]["detection_minutes"] = {"none": 60, "basic": 15, "advanced": 5}
    s = scenario(d)
    return s, inputs(s)


@pytest.fixture(scope="module")
def drawn():
    s, inp = four_families()
    return s, inp, draw_arrivals(inp, 4_000, np.random.default_rng(5))


def test_counts_are_poisson_per_cell(drawn):
    _, inp, a = drawn
    lam = inp.rates.ravel()
    np.testing.assert_allclose(lam, [r * (k + 1) for k in range(4) for r in RATES.values()])
    n = a.trials
    mean, var = a.per_cell.mean(axis=0), a.per_cell.var(axis=0, ddof=1)
    assert np.all(np.abs(mean - lam) < Z * np.sqrt(lam / n)), (mean, lam)
    assert np.all(np.abs(var - lam) < Z * np.sqrt((lam + 2 * lam**2) / n)), (var, lam)
    # Per trial: the sum of independent Poisson counts is Poisson(Σλ).
    total = lam.sum()
    np.testing.assert_array_equal(a.counts, a.per_cell.sum(axis=1))
    assert abs(a.counts.mean() - total) < Z * math.sqrt(total / n)
    assert abs(a.counts.var(ddof=1) - total) < Z * math.sqrt((total + 2 * total**2) / n)


def test_incidents_are_laid_out_by_trial_then_cell(drawn):
    _, inp, a = drawn
    assert a.size == a.counts.sum()
    np.testing.assert_array_equal(np.bincount(a.trial, minlength=a.trials), a.counts)
    key = a.trial * inp.rates.size + a.cell
    assert np.all(np.diff(key) >= 0)
    np.testing.assert_array_equal(a.system * 3 + a.severity, a.cell)
    per_cell = np.bincount(key, minlength=a.trials * inp.rates.size)
    np.testing.assert_array_equal(per_cell.reshape(a.trials, -1), a.per_cell)


def test_times_are_uniform_over_the_year_and_detection_is_exponential(drawn):
    _, inp, a = drawn
    u = np.sort(a.occurred) / HOURS_PER_YEAR
    assert u[0] >= 0 and u[-1] < 1
    ecdf = np.arange(1, u.size + 1) / u.size
    assert np.max(np.abs(ecdf - u)) < dkw(u.size)
    np.testing.assert_allclose(inp.detection, [1.0, 0.25, 5 / 60, 0.25])
    for s, mean in enumerate(inp.detection):
        delay = np.sort((a.detected - a.occurred)[a.system == s])
        cdf = -np.expm1(-delay / mean)
        ecdf = np.arange(1, delay.size + 1) / delay.size
        assert np.max(np.abs(ecdf - cdf)) < dkw(delay.size), s


def test_repair_draws_follow_each_family(drawn):
    s, _, a = drawn
    for k, system in enumerate(s.systems):
        repair = system.incidents["S2"].repair
        x = np.sort(a.repair[a.system == k])
        ecdf = np.arange(1, x.size + 1) / x.size
        assert np.max(np.abs(ecdf - repair.frozen().cdf(x))) < dkw(x.size), repair.distribution
        assert abs(x.mean() - repair.mean_hours) < Z * x.std(ddof=1) / math.sqrt(x.size)


def test_per_trial_rates_and_repair_factors():
    _, inp = four_families()
    n = 1_000
    rates = np.broadcast_to(inp.rates, (n, *inp.rates.shape)).copy()
    rates[n // 2:] *= 3.0  # the second half of the trials is three times as busy
    factor = np.ones_like(rates)
    factor[:, 1, :] = 2.5  # system 1 repairs 2.5 times slower in every trial
    varying = TrialInputs((), np.zeros((n, 0)), rates, factor, {})
    a = draw_arrivals(inp, n, np.random.default_rng(8), varying)
    total = inp.rates.sum()
    for half, lam in ((slice(0, n // 2), total), (slice(n // 2, n), 3 * total)):
        counts = a.counts[half]
        assert abs(counts.mean() - lam) < Z * math.sqrt(lam / counts.size)
    np.testing.assert_array_equal(a.repair_factor, np.where(a.system == 1, 2.5, 1.0))
    # Same stream without the factor: the same draws, scaled exactly by it.
    plain = draw_arrivals(inp, n, np.random.default_rng(8),
                          TrialInputs((), np.zeros((n, 0)), rates, None, {}))
    assert plain.repair_factor is None
    np.testing.assert_array_equal(a.repair, plain.repair * a.repair_factor)
