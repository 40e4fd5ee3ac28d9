"""Optimisers: checked against brute force, the strategies they generalise, and direct formulas."""

import itertools
import json
import math

import numpy as np
import pytest

from estimators import compare_strategies, sample_scenario
from estimators.calendars.coverage import HOURS_PER_YEAR
from estimators.calendars.timeline import effective_rates, team_mix
from estimators.costs.expected import strategy_costs
from estimators.decisions.executor import SerialExecutor
from estimators.decisions.optimise import (
    SCOPE_FIELDS,
    choose_vendor_tier,
    optimise_scope,
    optimise_staffing,
    preventive_curve,
)
from estimators.decisions.optimise.scope import _evaluate, scope_plan
from estimators.decisions.sweep import evaluate
from estimators.engine.simulation import engineers_on_duty
from estimators.presentation.advice import (
    scope_reason,
    scope_reasons_table,
    staffing_message,
    staffing_table,
    tier_table,
)
from estimators.queueing import service_level
from estimators.scenario import Assignment, Party
from estimators.scenario.currency import convert_currency
from estimators.scenario.loading import ScenarioError, parse_scenario
from estimators.scenario.strategies import Strategy, plan_for

SERIAL = SerialExecutor()


def _cost(scenario, plan) -> float:
    return strategy_costs(scenario, plan).annual_total


# ------------------------------------------------------------------------------------ scope

@pytest.mark.parametrize("name", ["home_delivery_cloud", "manufacturer_on_prem"])
def test_pro_rata_corners_are_the_in_house_and_outsourced_strategies(name):
    scenario = sample_scenario(name)
    n = len(scenario.systems)
    totals = compare_strategies(scenario).strategies
    for party, strategy in ((Party.in_house, Strategy.in_house),
                            (Party.vendor, Strategy.outsourced)):
        plan = scope_plan(scenario, (Assignment.everything(party),) * n)
        assert _cost(scenario, plan) == pytest.approx(totals[strategy].annual_total, rel=1e-12)


def test_scope_answer_is_a_local_optimum_with_honest_reasons():
    scenario = sample_scenario("manufacturer_on_prem")
    result = optimise_scope(scenario, availability_target=0, executor=SERIAL)
    totals = compare_strategies(scenario).strategies
    best = result.best_score.objective
    assert best <= min(totals[Strategy.in_house].annual_total,
                       totals[Strategy.outsourced].annual_total) + 1e-6
    assert best == pytest.approx(_cost(scenario, scope_plan(scenario, result.best)), rel=1e-12)
    assert result.savings == pytest.approx(result.current_score.objective - best)
    assert len(result.cells) == len(scenario.systems) * len(SCOPE_FIELDS)
    for cell in result.cells:
        assert cell.flip_change >= -1e-6  # no single move is cheaper
    # Recompute two reasons by flipping the cell directly.
    for cell in result.cells[:2]:
        i = result.systems.index(cell.system)
        other = Party.vendor if cell.party is Party.in_house else Party.in_house
        moved = list(result.best)
        moved[i] = moved[i].model_copy(update={cell.field: other})
        flipped = _cost(scenario, scope_plan(scenario, tuple(moved)))
        assert cell.flip_change == pytest.approx(flipped - best, rel=1e-9, abs=1e-6)
    matrix = result.matrix()
    assert list(matrix.columns) == list(SCOPE_FIELDS)
    assert set(matrix.to_numpy().ravel()) <= {"in_house", "vendor"}


def test_scope_matches_brute_force_on_one_system():
    full = sample_scenario("manufacturer_on_prem")
    scenario = full.model_copy(update={"systems": full.systems[:1], "hybrid": full.hybrid
                                       .model_copy(update={"per_system": {}})})
    result = optimise_scope(scenario, availability_target=0, executor=SERIAL)
    brute = min(
        _cost(scenario, scope_plan(scenario, (Assignment(**dict(zip(SCOPE_FIELDS, parties,
                                                                    strict=True))),)))
        for parties in itertools.product((Party.in_house, Party.vendor), repeat=6))
    assert result.best_score.objective == pytest.approx(brute, rel=1e-12)


def test_availability_target_is_kept_and_cited():
    scenario = sample_scenario("manufacturer_on_prem")
    n = len(scenario.systems)
    in_house = _evaluate((scenario, scope_plan(scenario, (Assignment.everything(
        Party.in_house),) * n), "mean", 0, 0))
    outsourced = _evaluate((scenario, scope_plan(scenario, (Assignment.everything(
        Party.vendor),) * n), "mean", 0, 0))
    # A target between the two corners' worst systems: reachable in-house, not all-vendor.
    target = (in_house.availability.min() + outsourced.availability.min()) / 2
    assert outsourced.availability.min() < target < in_house.availability.min()
    result = optimise_scope(scenario, availability_target=target, executor=SERIAL)
    assert result.feasible
    assert (result.best_score.availability >= target).all()
    assert (1 - strategy_costs(scenario, scope_plan(scenario, result.best)).outage_hours
            / HOURS_PER_YEAR >= target).all()
    assert any(c.decided_by == "availability_target" for c in result.cells)


def test_scope_on_p90_uses_the_simulation():
    scenario = sample_scenario("home_delivery_cloud")
    result = optimise_scope(scenario, objective="p90", availability_target=0, trials=300,
                            executor=SERIAL)
    assert result.best_score.objective <= result.current_score.objective
    assert result.best_score.objective == pytest.approx(result.best_p90)
    assert json.dumps(result.to_dict())


def test_scope_refuses_unknown_objective():
    with pytest.raises(ValueError, match="objective must be one of mean, p90"):
        optimise_scope(sample_scenario("home_delivery_cloud"), objective="median")


# ---------------------------------------------------------------------------------- staffing

def _single_level_24x7():
    scenario = sample_scenario("home_delivery_cloud")
    return scenario.with_changes(**{
        "team.coverage.mode": "24x7", "team.levels.1.headcount": 0.0,
        "team.levels.0.escalation_probability": 0.0,
        "team.levels.1.escalation_probability": 0.0,
        **{f"systems.{i}.hardware": None for i, s in enumerate(scenario.systems)
           if s.hardware is not None}})


def test_staffing_screen_is_erlang_c_with_the_acknowledgement():
    scenario = _single_level_24x7()
    result = optimise_staffing(scenario, target_hours=1.0, target_level=0.9,
                               coverages=("current",), executor=SERIAL)
    assert result.best is not None, staffing_message(result)
    option = result.best
    # Independent recomputation for the chosen team: no escalation, no travel, so the mean
    # hands-on time is the FTE-weighted skill multiplier times the rate-weighted mean repair.
    counts = np.array(list(option.headcount.values()), dtype=float)
    team = scenario.with_changes(**{f"team.levels.{k}.headcount": float(v)
                                    for k, v in enumerate(counts)})
    servers = engineers_on_duty(team, team_mix(team, plan_for(team, Strategy.in_house)))
    rates = effective_rates(team)
    repair = np.array([[s.incidents[v].repair.mean_hours if v in s.incidents else 0.0
                        for v in ("S1", "S2", "S3")] for s in team.systems])
    multiplier = counts @ np.array([lv.repair_time_multiplier for lv in team.team.levels])
    service = multiplier / counts.sum() * (rates * repair).sum() / rates.sum()
    expected = service_level(rates.sum() / HOURS_PER_YEAR, service, servers, 1.0,
                             team.team.response_minutes / 60)
    assert option.erlang_level == pytest.approx(expected, rel=1e-12)
    assert option.servers == servers
    assert option.simulated_level >= 0.9
    # Fractional FTE: the servers the target needs, staffed all year.
    assert option.fte_needed * team.team.net_hours_per_fte / HOURS_PER_YEAR == pytest.approx(
        round(option.fte_needed * team.team.net_hours_per_fte / HOURS_PER_YEAR))
    assert option.total_fte >= math.ceil(option.fte_needed - 1e-9) - 1
    # Cheapest: nothing confirmed earlier was cheaper and passed.
    confirmed = [o for o in result.options if o.simulated_level is not None]
    assert confirmed[-1] == option
    assert all(o.simulated_level < 0.9 for o in confirmed[:-1])
    assert all(o.annual_cost >= option.annual_cost for o in result.options[len(confirmed):])


def test_staffing_says_when_the_acknowledgement_alone_misses():
    scenario = sample_scenario("ecommerce_24x7")  # 10-minute acknowledgement
    result = optimise_staffing(scenario, target_hours=0.25, target_level=0.8, executor=SERIAL)
    assert result.best is None and not result.options
    assert result.acknowledgement_share == pytest.approx(-math.expm1(-0.25 * 60 / 10))
    assert "77.7%" in staffing_message(result)


# ------------------------------------------------------------------------------------ tiers

def test_vendor_tiers_are_costed_as_their_contracts():
    scenario = sample_scenario("manufacturer_on_prem")
    result = choose_vendor_tier(scenario, availability_target=0.99, trials=500)
    names = [o.name for o in result.options]
    assert names == ["Current contract", *[t.name for t in scenario.vendor_tiers]]
    for option, tier in zip(result.options[1:], scenario.vendor_tiers, strict=True):
        variant = scenario.model_copy(update={"contract": tier.apply(scenario.contract)})
        assert option.annual_cost == pytest.approx(
            strategy_costs(variant, Strategy.outsourced).annual_total, rel=1e-12)
    meeting = [o for o in result.options if o.min_availability >= 0.99]
    assert result.best == min(meeting, key=lambda o: o.annual_cost)
    free = choose_vendor_tier(scenario, availability_target=0.0, trials=200)
    assert free.best == min(free.options, key=lambda o: o.annual_cost)


def test_tier_keeps_the_terms_it_does_not_name_and_converts_currency():
    scenario = sample_scenario("home_delivery_cloud")
    tier = scenario.vendor_tiers[0]
    contract = tier.apply(scenario.contract)
    assert contract.terms["S3"] == scenario.contract.terms["S3"]
    assert contract.terms["S1"] == tier.terms["S1"]
    assert contract.overage_rate == scenario.contract.overage_rate
    usd = convert_currency(scenario, "USD", 0.01)
    assert usd.vendor_tiers[0].monthly_fee == pytest.approx(tier.monthly_fee * 0.01)


def test_repeated_tier_names_are_refused():
    data = sample_scenario("home_delivery_cloud").model_dump(mode="json")
    data["vendor_tiers"].append(dict(data["vendor_tiers"][0]))
    with pytest.raises(ScenarioError, match="vendor tier names must be unique"):
        parse_scenario(json.dumps(data))


# ------------------------------------------------------------------------------- preventive

def test_preventive_curve_points_and_optimum():
    scenario = sample_scenario("home_delivery_cloud")
    curve = preventive_curve(scenario, executor=SERIAL)
    current = np.array([s.planned("preventive") for s in scenario.systems])
    shares = current / current.sum()
    # A grid point recomputed directly.
    k = 7
    moved = scenario.with_changes(**{
        f"systems.{i}.planned_hours_per_year.preventive": float(curve.hours[k] * share)
        for i, share in enumerate(shares)})
    direct = compare_strategies(moved).strategies
    team = scenario.team
    levels = np.array([[lv.headcount, lv.annual_loaded_cost] for lv in team.levels])
    assert curve.hour_value == pytest.approx(
        levels[:, 0] @ levels[:, 1] / levels[:, 0].sum() / team.net_hours_per_fte)
    assert curve.team_share[Strategy.in_house] == 1.0
    for j, strategy in enumerate(Strategy):
        assert curve.cost[j, k] == pytest.approx(direct[strategy].annual_total, rel=1e-12)
        # The optimum minimises the cost plus the value of the team's preventive hours.
        charge = curve.hour_value * curve.team_share[strategy]
        optimum = curve.optimum_cost[strategy]
        h = curve.optimum_hours[strategy]
        assert optimum + charge * h <= (curve.cost[j] + charge * curve.hours).min() + 1e-6
        assert optimum + charge * h <= (curve.current_cost[strategy]
                                        + charge * curve.current_hours + 1e-6)
        # Past the recommended hours an extra hour saves less than it is worth.
        past = curve.hours > h + (curve.hours[1] - curve.hours[0])
        assert np.all(curve.marginal[j][past] <= charge + 1e-6 * curve.cost[j].max())
        at = evaluate((scenario, {f"systems.{i}.planned_hours_per_year.preventive":
                                  float(h * share) for i, share in enumerate(shares)}))
        assert at[strategy][0] == pytest.approx(optimum, rel=1e-9)
    assert curve.current_hours == pytest.approx(current.sum())


def test_result_tables_show_each_option_in_the_readers_language():
    from estimators.presentation.formatting import format_money

    scenario = sample_scenario("manufacturer_on_prem")
    tiers = choose_vendor_tier(scenario, availability_target=0.99, trials=200)
    table = tier_table(tiers, "ja")
    assert list(table["プラン"]) == ["現在の契約", *[t.name for t in scenario.vendor_tiers]]
    assert list(table["年間コスト"]) == [format_money(o.annual_cost, "JPY", lang="ja")
                                     for o in tiers.options]
    staffing = optimise_staffing(scenario, executor=SERIAL)
    rows = staffing_table(staffing)
    assert len(rows) == len(staffing.options)
    assert list(rows["FTE (whole)"]) == [o.total_fte for o in staffing.options]
    scope = optimise_scope(scenario, availability_target=0, executor=SERIAL)
    reasons = scope_reasons_table(scope)
    assert list(reasons["Reason"]) == [scope_reason(c, scope) for c in scope.cells]
