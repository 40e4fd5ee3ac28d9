"""Summaries: streamed (binned) samples agree with exact ones; CVaR and precision by hand."""

import numpy as np
import pytest

from estimators.engine import simulation
from estimators.statistics import IncidentSample, cvar, describe, quantile_se, relative_precision


def test_streamed_sample_matches_exact():
    rng = np.random.default_rng(0)
    values = rng.lognormal(0.5, 1.2, 200_000)
    labels = rng.integers(0, 3, values.size)
    exact, streamed = IncidentSample(3, exact=True), IncidentSample(3, exact=False)
    for part in np.array_split(np.arange(values.size), 7):
        exact.add(values[part], labels[part])
        streamed.add(values[part], labels[part])
    assert streamed.values() is None and streamed.size == values.size
    for group in (None, 0, 2):
        a, b = exact.describe(group), streamed.describe(group)
        assert b.mean == pytest.approx(a.mean, rel=1e-6)  # float32 storage in the exact one
        assert b.mean_se == pytest.approx(a.mean_se, rel=1e-4)
        for q in ("p50", "p90", "p95", "p99"):
            assert getattr(b, q) == pytest.approx(getattr(a, q), rel=0.004)  # one bin width
    grid = np.geomspace(0.01, 100, 50)
    np.testing.assert_allclose(streamed.ecdf(grid), exact.ecdf(grid), atol=2e-3)


def test_streamed_simulation_summaries(monkeypatch):
    from estimators import sample_scenario

    scenario = sample_scenario("home_delivery_cloud")
    exact = simulation.simulate(scenario, "in_house", 2_000, 4, keep_incidents=False)
    monkeypatch.setattr(simulation, "MAX_EXACT_INCIDENTS", 10)
    streamed = simulation.simulate(scenario, "in_house", 2_000, 4, keep_incidents=False)
    assert streamed.time_to_restore.values() is None
    a, b = exact.summary(), streamed.summary()
    assert b["total_cost"] == a["total_cost"]
    assert b["time_to_restore_hours"]["mean"] == pytest.approx(
        a["time_to_restore_hours"]["mean"], rel=1e-6)
    assert b["wait_hours"]["p90"] == pytest.approx(a["wait_hours"]["p90"], rel=0.004)


def test_cvar_and_describe_by_hand():
    x = np.arange(1, 101, dtype=float)  # 1..100
    assert cvar(x, 0.95) == pytest.approx(np.mean([96, 97, 98, 99, 100]))
    s = describe(x)
    assert s.mean == 50.5 and s.p50 == 50.5
    assert s.mean_se == pytest.approx(np.std(x, ddof=1) / 10)


def test_precision_shrinks_with_sample_size():
    rng = np.random.default_rng(1)
    small = relative_precision(rng.normal(100, 10, 400))
    large = relative_precision(rng.normal(100, 10, 40_000))
    assert large["mean"] == pytest.approx(small["mean"] / 10, rel=0.2)
    assert large["mean"] == pytest.approx(1.96 * 10 / np.sqrt(40_000) / 100, rel=0.05)
    # Order-statistic SE of the P90 of N(0, 1): sqrt(p(1 - p) / n) / φ(z_0.9).
    values = rng.normal(0, 1, 100_000)
    expected = np.sqrt(0.9 * 0.1 / values.size) / 0.17549833193248685
    assert quantile_se(values, 0.9) == pytest.approx(expected, rel=0.15)
