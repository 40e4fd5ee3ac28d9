"""Sobol indices: analytic shares on an additive cost, noise taken out, clear refusals."""

import numpy as np
import pytest

from estimators import compare_strategies, sample_scenario
from estimators.decisions.measures import Measure
from estimators.decisions.sobol import sobol_indices
from estimators.engine.simulation import SimulationError
from estimators.engine.trial_inputs import UnsupportedInputError
from estimators.scenario.ranges import Uncertainty

FEE = Uncertainty(path="contract.monthly_fee", distribution="uniform", low=1.0e6, high=3.0e6)
SALARY = Uncertainty(path="team.levels.0.annual_loaded_cost", distribution="uniform",
                     low=5.0e6, high=8.0e6)


def _without_incidents():
    scenario = sample_scenario("home_delivery_cloud")
    return scenario.with_changes(**{
        f"systems.{i}.incidents.{v}.rate_per_year": 0.0
        for i, system in enumerate(scenario.systems) for v in system.incidents})


def _slope(scenario, path, strategy, low, high):
    cost = [compare_strategies(scenario.with_changes(**{path: x})).strategies[strategy]
            .annual_total for x in (low, high)]
    return (cost[1] - cost[0]) / (high - low)


def test_indices_match_the_analytic_shares_of_an_additive_cost():
    # Without incidents, the hybrid cost is a·fee + b·salary + c exactly (fee and labour
    # lines), so S1 = ST = a²Var(fee) / (a²Var(fee) + b²Var(salary)) for the fee.
    scenario = _without_incidents()
    a = _slope(scenario, FEE.path, "hybrid", FEE.low, FEE.high)
    b = _slope(scenario, SALARY.path, "hybrid", SALARY.low, SALARY.high)
    assert a > 0 and b > 0
    var_fee = (a * (FEE.high - FEE.low)) ** 2 / 12
    var_salary = (b * (SALARY.high - SALARY.low)) ** 2 / 12
    share = np.array([var_fee, var_salary]) / (var_fee + var_salary)
    result = sobol_indices(scenario, [FEE, SALARY], base_samples=2048,
                           replicates=1)[Measure.cost("hybrid")]
    assert result.variance == pytest.approx(var_fee + var_salary, rel=0.05)
    # Within the estimators' own 95 % bootstrap half-widths (plus rounding).
    assert (np.abs(result.first - share) <= result.first_conf + 1e-6).all()
    assert (np.abs(result.total - share) <= result.total_conf + 1e-6).all()
    # In-house never pays the vendor: the fee explains none of its cost.
    in_house = sobol_indices(scenario, [FEE, SALARY], base_samples=256,
                             replicates=1)[Measure.cost("in_house")]
    assert in_house.first[0] == pytest.approx(0.0, abs=1e-9)
    assert in_house.total[0] == pytest.approx(0.0, abs=1e-9)


def test_incident_noise_is_taken_out_of_the_indices():
    # With incidents, the in-house cost is noisy but still owes nothing to the vendor's fee:
    # after the noise correction the fee's indices are zero within their intervals.
    scenario = sample_scenario("home_delivery_cloud")
    rate = Uncertainty(path="effects.incident_rate_multiplier", distribution="uniform",
                       low=0.6, high=1.6)
    result = sobol_indices(scenario, [FEE, rate], base_samples=512, replicates=8, seed=4)
    in_house = result[Measure.cost("in_house")]
    assert 0.0 < in_house.noise_share < 1.0
    assert abs(in_house.total[0]) <= in_house.total_conf[0]
    assert abs(in_house.first[0]) <= in_house.first_conf[0]
    assert in_house.total[1] > 0.5  # the incident rates carry the cost


def test_one_replicate_cannot_tell_noise_apart():
    result = sobol_indices(sample_scenario("home_delivery_cloud"), [FEE], base_samples=64,
                           replicates=1)
    assert result[Measure.cost("outsourced")].noise_share is None


def test_inputs_the_simulation_cannot_vary_are_refused():
    team = Uncertainty(path="team.levels.0.headcount", distribution="uniform", low=1, high=2)
    with pytest.raises(UnsupportedInputError, match="cannot vary"):
        sobol_indices(sample_scenario("home_delivery_cloud"), [team], base_samples=8)


def test_runs_over_the_trial_cap_are_refused_before_starting():
    with pytest.raises(SimulationError, match="over the cap of 1,000,000"):
        sobol_indices(sample_scenario("home_delivery_cloud"), [FEE, SALARY],
                      base_samples=65_536, replicates=10)
