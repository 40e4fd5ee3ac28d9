"""Sensitivity and break-even: results checked by recomputing the model directly."""

import json
import math

import pytest

from estimators import compare_strategies, sample_scenario
from estimators.cli import main
from estimators.decisions.breakeven import breakeven, breakeven_map
from estimators.decisions.measures import Measure
from estimators.decisions.sensitivity import tornado
from estimators.presentation.advice import breakeven_message
from estimators.scenario.strategies import Strategy
from estimators.scenario.uncertainty import Uncertainty, default_uncertainties, value_at


def total(scenario, strategy) -> float:
    return compare_strategies(scenario).strategies[strategy].annual_total


@pytest.mark.parametrize(("path", "a", "b"), [
    ("contract.monthly_fee", "in_house", "outsourced"),
    ("effects.incident_rate_multiplier", "outsourced", "hybrid"),
    # The hybrid keeps both of this sample's people (round-up of 75 % of 2), so a salary moves
    # in-house and hybrid alike; against outsourcing it moves the maintenance share only.
    ("team.levels.0.annual_loaded_cost", "in_house", "outsourced"),
])
def test_breakeven_reproduces_equal_costs(path, a, b):
    scenario = sample_scenario("home_delivery_cloud")
    result = breakeven(scenario, path, a, b, low=0.0 if "multiplier" not in path else 0.25,
                       high=3 * value_at(scenario, path))
    assert result.value is not None
    at = scenario.with_changes(**{path: result.value})
    assert total(at, a) == pytest.approx(total(at, b), rel=1e-7)
    assert f"{result.value:,.6g}" in breakeven_message(result)


def test_no_crossing_says_which_stays_cheaper():
    scenario = sample_scenario("manufacturer_on_prem")
    result = breakeven(scenario, "contract.monthly_fee", "in_house", "hybrid", low=0,
                       high=100_000)
    assert result.value is None and result.cheaper is Strategy.in_house
    assert breakeven_message(result) == (
        "In-house and Hybrid never cost the same between 0 and 100,000: In-house stays cheaper")
    assert breakeven_message(result, "ja") == (
        "0 から 100,000 の間で内製とハイブリッドのコストは等しくなりません。内製が安いままです")


def test_breakeven_map_names_the_cheapest():
    scenario = sample_scenario("home_delivery_cloud")
    xs, ys, winner, margin = breakeven_map(scenario, "contract.monthly_fee", (0, 2e6),
                                           "effects.incident_rate_multiplier", (0.5, 2.0), 5)
    order = list(Strategy)
    for j, y in enumerate(ys):
        for i, x in enumerate(xs):
            moved = scenario.with_changes(**{"contract.monthly_fee": x,
                                             "effects.incident_rate_multiplier": y})
            totals = {s: total(moved, s) for s in Strategy}
            best = min(totals, key=totals.get)
            assert order[winner[j, i]] is best
            second = sorted(totals.values())[1]
            assert margin[j, i] == pytest.approx(second - totals[best])


def test_tornado_bars_match_direct_recomputation():
    scenario = sample_scenario("ecommerce_24x7")
    bars = tornado(scenario)
    assert [b.swing for b in bars] == sorted((b.swing for b in bars), reverse=True)
    for bar in bars[:3]:
        u = bar.uncertainty
        assert bar.low == pytest.approx(u.quantile(0.1))
        high = scenario.with_changes(**{u.path: u.quantile(0.9)})
        for s in Strategy:
            assert bar.high_cost[s] == pytest.approx(total(high, s) - total(scenario, s))
        gap = bar.high_gap[Measure.gap(Strategy.outsourced, Strategy.in_house)]
        assert gap == pytest.approx(bar.high_cost[Strategy.outsourced]
                                    - bar.high_cost[Strategy.in_house])


def test_vendor_fee_moves_only_vendor_strategies():
    scenario = sample_scenario("home_delivery_cloud")
    fee = next(b for b in tornado(scenario) if b.uncertainty.path == "contract.monthly_fee")
    assert fee.high_cost[Strategy.in_house] == 0
    # 12 months × (P90 − base) of the fee, less the credits, which are a share of the fee.
    base = compare_strategies(scenario).strategies[Strategy.outsourced]
    step = fee.high - scenario.contract.monthly_fee
    credits = base.by_line["service_credits"] / scenario.contract.monthly_fee * step
    assert step > 0 and credits < 0
    assert fee.high_cost[Strategy.outsourced] == pytest.approx(12 * step + credits, rel=1e-9)


@pytest.mark.parametrize(("kind", "params", "p10"), [
    ("uniform", dict(low=10, high=20), 11.0),
    ("triangular", dict(low=0, mode=0, high=1), 1 - math.sqrt(0.9)),
    ("normal", dict(mean=5, sd=2), 5 - 1.2815515655 * 2),
    ("lognormal", dict(median=3, sigma=0.5), 3 * math.exp(-1.2815515655 * 0.5)),
])
def test_distribution_quantiles(kind, params, p10):
    u = Uncertainty(path="contract.monthly_fee", distribution=kind, **params)
    assert u.quantile(0.1) == pytest.approx(p10, rel=1e-6)


def test_pert_is_a_scaled_beta():
    u = Uncertainty(path="x", distribution="pert", low=0, mode=2, high=10)
    assert u.frozen().mean() == pytest.approx((0 + 4 * 2 + 10) / 6)


@pytest.mark.parametrize("bad", [dict(distribution="triangular", low=5, mode=1, high=10),
                                 dict(distribution="normal", mean=1),
                                 dict(distribution="uniform", low=3, high=3)])
def test_bad_ranges_are_refused(bad):
    with pytest.raises(ValueError):
        Uncertainty(path="contract.monthly_fee", **bad)


def test_defaults_cover_every_system_and_level():
    scenario = sample_scenario("manufacturer_on_prem")
    paths = {u.path for u in default_uncertainties(scenario)}
    assert {f"systems.{i}.downtime_cost_per_hour" for i in range(5)} <= paths
    assert {f"team.levels.{i}.annual_loaded_cost" for i in range(3)} <= paths


def test_cli_sensitivity_and_breakeven(capsys):
    sample = "data/scenarios/home_delivery_cloud.json"
    assert main(["sensitivity", sample, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["inputs"][0]["label"] and set(data["inputs"][0]["cost_change"]) == {
        "in_house", "outsourced", "hybrid"}
    assert main(["breakeven", sample, "--param", "contract.monthly_fee", "--format",
                 "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    at = sample_scenario("home_delivery_cloud").with_changes(
        **{"contract.monthly_fee": result["value"]})
    assert total(at, "in_house") == pytest.approx(total(at, "outsourced"), rel=1e-7)
    assert main(["breakeven", sample, "--param", "nope.x"]) == 1
    assert "not a field" in capsys.readouterr().err


@pytest.mark.parametrize(("path", "a", "b", "high"), [
    ("effects.incident_rate_multiplier", "in_house", "outsourced", 3.0),
    ("contract.monthly_fee", "in_house", "hybrid", 100_000),  # no crossing: the whole grid
])
def test_breakeven_stops_at_the_first_crossing_with_the_whole_grids_answer(
        monkeypatch, path, a, b, high):
    """Costing the grid a chunk at a time, up to its first sign change, gives exactly the
    answer of costing all of it at once."""
    from estimators.decisions import breakeven as module

    scenario = sample_scenario("home_delivery_cloud")
    chunked = breakeven(scenario, path, a, b, low=0.0, high=high)
    monkeypatch.setattr(module, "CHUNK", module.GRID)
    whole = breakeven(scenario, path, a, b, low=0.0, high=high)
    assert chunked == whole
