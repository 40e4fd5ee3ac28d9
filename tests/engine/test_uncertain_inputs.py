"""Uncertain inputs: correlation checks, correlated sampling, per-trial variation in the engine."""

import json
import math

import numpy as np
import pytest
from scipy import stats

from estimators import sample_scenario
from estimators.engine.simulation import draw_inputs, simulate
from estimators.engine.trial_inputs import UnsupportedInputError, trial_inputs
from estimators.scenario.currency import convert_currency
from estimators.scenario.loading import ScenarioError, parse_scenario
from estimators.scenario.ranges import (
    CorrelationError,
    UncertainInputs,
    Uncertainty,
    check_correlation,
    nearest_correlation,
)
from estimators.scenario.uncertainty import sample_inputs


def test_nearest_correlation_matches_highams_example():
    # Higham (2002), section 4: the nearest correlation matrix to this "almost" one.
    a = np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 1.0], [0.0, 1.0, 1.0]])
    expected = np.array([[1.0, 0.7607, 0.1573], [0.7607, 1.0, 0.7607], [0.1573, 0.7607, 1.0]])
    assert nearest_correlation(a) == pytest.approx(expected, abs=5e-5)


def test_invalid_matrix_is_refused_with_the_nearest_valid_one():
    bad = [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]
    with pytest.raises(CorrelationError) as info:
        check_correlation(bad, 3)
    nearest = info.value.nearest
    assert "not positive semi-definite" in str(info.value)
    assert "nearest valid matrix is [[1.000" in str(info.value)
    assert np.linalg.eigvalsh(nearest)[0] >= -1e-10
    assert np.diag(nearest) == pytest.approx(1.0)
    check_correlation(nearest, 3)  # the offered matrix is accepted


@pytest.mark.parametrize(("matrix", "words"), [
    ([[1, 0.5], [0.4, 1]], "must be symmetric: entry (1, 2) is 0.5 but (2, 1) is 0.4"),
    ([[1, 0.5, 0], [0.5, 1, 0]], "must be 2 × 2"),
    ([[2, 0.5], [0.5, 1]], "numbers in [-1, 1]"),
    ([[0.9, 0.5], [0.5, 1]], "1 on its diagonal"),
])
def test_malformed_matrices_name_the_problem(matrix, words):
    with pytest.raises(CorrelationError, match=None) as info:
        check_correlation(matrix, 2)
    assert words in str(info.value)


def _fee_and_rate(correlation=None) -> dict:
    return {"inputs": [
        {"path": "contract.monthly_fee", "distribution": "pert", "low": 1.5e6, "mode": 2e6,
         "high": 3e6},
        {"path": "effects.incident_rate_multiplier", "distribution": "triangular", "low": 0.7,
         "mode": 1.0, "high": 1.5}], "rank_correlation": correlation}


def test_scenario_file_refuses_an_impossible_correlation_with_its_path():
    data = sample_scenario("home_delivery_cloud").model_dump(mode="json")
    data["uncertainty"] = _fee_and_rate([[1, 1.2], [1.2, 1]])
    with pytest.raises(ScenarioError) as info:
        parse_scenario(json.dumps(data))
    assert "uncertainty.rank_correlation" in str(info.value)
    assert "[-1, 1]" in str(info.value)


def test_scenario_refuses_a_range_on_a_missing_input():
    data = sample_scenario("home_delivery_cloud").model_dump(mode="json")
    data["uncertainty"] = {"inputs": [{"path": "contract.monthly_fees", "distribution":
                                       "uniform", "low": 1, "high": 2}]}
    with pytest.raises(ScenarioError, match="contract.monthly_fees is not a field"):
        parse_scenario(json.dumps(data))


def test_samples_have_the_marginals_and_rank_correlations_asked():
    spec = UncertainInputs(
        inputs=[Uncertainty(path="a", distribution="triangular", low=0, mode=1, high=3),
                Uncertainty(path="b", distribution="lognormal", median=2, sigma=0.5),
                Uncertainty(path="c", distribution="pert", low=1, mode=2, high=5)],
        rank_correlation=[[1, 0.7, -0.3], [0.7, 1, 0], [-0.3, 0, 1]])
    n = 40_000
    x = sample_inputs(spec, n, np.random.default_rng(3))
    rho = stats.spearmanr(x).statistic
    target = np.array(spec.rank_correlation)
    # Fieller et al. (1957): sd of Spearman's rho ≈ sqrt((1 + ρ²/2) / (n − 3)); 4 sd.
    tolerance = 4 * np.sqrt((1 + target**2 / 2) / (n - 3))
    assert (np.abs(rho - target) <= tolerance).all()
    for k, item in enumerate(spec.inputs):
        dist = item.frozen()
        assert abs(x[:, k].mean() - dist.mean()) <= 4 * dist.std() / math.sqrt(n)
        assert stats.kstest(x[:, k], dist.cdf).pvalue > 1e-3


def _home():
    return sample_scenario("home_delivery_cloud")


@pytest.mark.parametrize("path", [
    "contract.monthly_fee", "effects.incident_rate_multiplier",
    "systems.0.incidents.S1.rate_per_year", "systems.2.incidents.S2.repair.median_hours",
    "systems.1.downtime_cost_per_hour", "team.levels.0.annual_loaded_cost",
    "contract.terms.S1.per_incident_fee", "team.on_call.callout_premium",
    "systems.3.hardware.parts_cost_per_incident",
])
@pytest.mark.parametrize("strategy", ["in_house", "outsourced", "hybrid"])
def test_a_value_varied_per_trial_equals_the_scenario_with_that_value(path, strategy):
    scenario = _home()
    value = 1.6 * scenario.number_at(path) + 1000.0 * (scenario.number_at(path) == 0)
    n = 600
    varying = trial_inputs(scenario, [Uncertainty(path=path, distribution="uniform", low=0,
                                                  high=1)], np.full((n, 1), value))
    a = simulate(scenario, strategy, n, 5, varying=varying, keep_incidents=False)
    b = simulate(scenario.with_changes(**{path: value}), strategy, n, 5, keep_incidents=False)
    # Same random draws: equal up to the order of floating-point products.
    np.testing.assert_allclose(a.line_costs, b.line_costs, rtol=1e-12)
    np.testing.assert_allclose(a.outage_hours_by_system, b.outage_hours_by_system, rtol=1e-12)


def test_inputs_that_shape_the_run_are_refused_with_the_reason():
    scenario = _home()
    u = Uncertainty(path="team.levels.0.headcount", distribution="uniform", low=1, high=3)
    with pytest.raises(UnsupportedInputError, match="cannot vary from one simulated year"):
        trial_inputs(scenario, [u], np.full((5, 1), 2.0))


def test_a_range_reaching_below_zero_is_refused():
    scenario = _home()
    u = Uncertainty(path="contract.monthly_fee", label="Vendor fee", distribution="normal",
                    mean=100.0, sd=100.0)
    values = sample_inputs(UncertainInputs(inputs=[u]), 1000, np.random.default_rng(0))
    with pytest.raises(UnsupportedInputError, match="Vendor fee gives values below zero"):
        trial_inputs(scenario, [u], values)


def test_sampled_inputs_widen_the_spread_and_are_shared_by_strategies():
    scenario = _home().model_copy(update={"uncertainty": UncertainInputs(**_fee_and_rate(
        [[1, 0.6], [0.6, 1]]))})
    n = 4000
    plain = simulate(scenario, "outsourced", n, 11, keep_incidents=False)
    mixed = simulate(scenario, "outsourced", n, 11, keep_incidents=False, uncertainty=True)
    assert mixed.total_cost.std() > 1.5 * plain.total_cost.std()
    assert mixed.input_values.shape == (n, 2)
    other = simulate(scenario, "in_house", n, 11, keep_incidents=False, uncertainty=True)
    np.testing.assert_array_equal(mixed.input_values, other.input_values)
    np.testing.assert_array_equal(mixed.input_values, draw_inputs(scenario, n, 11).values)
    # The fee enters the outsourced cost as 12 × fee: the per-trial fixed fee line shows it.
    fixed = mixed.trials_frame()["vendor_fixed"].to_numpy()
    np.testing.assert_allclose(fixed, 12 * mixed.input_values[:, 0])
    frame = mixed.trials_frame()
    assert "contract.monthly_fee" in frame.columns
    rho = stats.spearmanr(mixed.input_values).statistic
    assert abs(rho - 0.6) <= 4 * math.sqrt((1 + 0.36 / 2) / (n - 3))


def test_currency_conversion_scales_money_ranges_only():
    scenario = _home().model_copy(update={"uncertainty": UncertainInputs(**_fee_and_rate())})
    usd = convert_currency(scenario, "USD", 1 / 150)
    fee, rate = usd.uncertainty.inputs
    assert (fee.low, fee.mode, fee.high) == pytest.approx((1e4, 2e6 / 150, 2e4))
    assert (rate.low, rate.mode, rate.high) == (0.7, 1.0, 1.5)


def test_no_inputs_need_no_matrix():
    assert check_correlation([], 0).shape == (0, 0)
    with pytest.raises(CorrelationError, match="must be 1 × 1"):
        check_correlation([], 1)
