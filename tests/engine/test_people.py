"""Key-person risk (属人化, docs/model.md §7b): leave, sickness, departures, sole experts away.

Every tolerance is a standard error of the quantity tested (Z = 4: a correct model fails a check
about once in 16,000), never a guessed percentage, except the engines' agreement on the total,
which is the one-answer rule max(3 %, 4 SE) of tests/test_one_answer.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from estimators import Scenario, compare_strategies, key_person_cost, sample_scenario
from estimators.calendars.people import people_inputs
from estimators.engine.arrivals import draw_arrivals
from estimators.engine.inputs import strategy_inputs
from estimators.engine.people import draw_people
from estimators.engine.simulation import simulate
from estimators.scenario.strategies import plan_for

Z = 4.0
NO_EVENTS = {"team.leave_days_per_year": 0, "team.sick_days_per_year": 0,
             "team.attrition_rate": 0}


def one_person(**team) -> Scenario:
    """一人情シス: one engineer who alone knows the core system; a vendor on T&M."""
    data = {
        "name": "One-person IT",
        "systems": [
            {"name": "Core", "kind": "software", "downtime_cost_per_hour": 50_000,
             "incidents": {"S1": {"rate_per_year": 12, "repair": {"median_hours": 3}},
                           "S2": {"rate_per_year": 30, "repair": {"median_hours": 2}}}},
            {"name": "Web", "kind": "cloud", "downtime_cost_per_hour": 20_000,
             "incidents": {"S1": {"rate_per_year": 6, "repair": {"median_hours": 1}}}},
        ],
        "team": {"levels": [{"name": "Solo", "headcount": 1, "annual_loaded_cost": 8_000_000,
                             "sole_expert_for": ["Core"], "ramp_up_months": 6}],
                 "new_hire_repair_factor": 2.0, "attrition_rate": 0.3, "vacancy_months": 4,
                 "leave_days_per_year": 15, "sick_days_per_year": 5, **team},
        "contract": {"monthly_fee": 300_000, "overage_rate": 15_000, "terms": {
            "S1": {"response_hours": 2, "resolution_hours": 8},
            "S2": {"response_hours": 8, "resolution_hours": 24},
            "S3": {"response_hours": 24, "resolution_hours": 72}}},
    }
    return Scenario.model_validate(data)


def _people(scenario: Scenario, trials: int, seed: int = 1, strategy: str = "in_house"):
    inp = strategy_inputs(scenario, plan_for(scenario, strategy))
    arrivals = draw_arrivals(inp, trials, np.random.default_rng(seed))
    return inp, arrivals, draw_people(inp.people, arrivals, np.random.default_rng(seed + 1),
                                      waits=not inp.people.to_vendor)


def _same(a, b) -> None:
    assert np.array_equal(a.line_costs, b.line_costs)
    assert np.array_equal(a.outage_hours_by_system, b.outage_hours_by_system)
    assert np.array_equal(a.time_to_restore.values(), b.time_to_restore.values())
    assert np.array_equal(a.wait.values(), b.wait.values())


# ------------------------------------------------------------------------ no events, no change


@pytest.mark.parametrize("strategy", ["in_house", "hybrid"])
def test_no_key_person_events_reproduce_the_model_without_them_bit_for_bit(strategy):
    for scenario in (sample_scenario("home_delivery_cloud").with_changes(**NO_EVENTS),
                     one_person().with_changes(**NO_EVENTS)):
        assert people_inputs(scenario, plan_for(scenario, strategy)) is None
        _same(simulate(scenario, strategy, 600, 5),
              simulate(scenario, strategy, 600, 5, key_person=False))
        run = simulate(scenario, strategy, 600, 5)
        assert run.summary()["under_strength_days"]["mean"] == 0.0


def test_the_key_person_stream_leaves_every_other_draw_alone():
    # Absences and departures, but no sole expert and no ramp-up slowdown: nothing the other
    # stages do may change (the key-person draws come from a stream of their own).
    scenario = sample_scenario("manufacturer_on_prem").with_changes(**{
        "team.new_hire_repair_factor": 1.0,
        **{f"team.levels.{k}.sole_expert_for": [] for k in range(3)}})
    with_events = simulate(scenario, "in_house", 600, 9)
    _same(with_events, simulate(scenario, "in_house", 600, 9, key_person=False))
    assert with_events.under_strength_days.mean() > 0


# ------------------------------------------------------------------------ the draws


def test_departures_match_the_attrition_rate():
    # Departures are a Poisson process at the attrition rate while a person is in post: over
    # E person-years in post, the count is Poisson with mean a·E.
    scenario = sample_scenario("ecommerce_24x7")
    rate = scenario.team.attrition_rate
    _, _, people = _people(scenario, 20_000)
    exposure = people.exposure.sum()
    expected = rate * exposure
    assert abs(people.departures.sum() - expected) < Z * math.sqrt(expected)
    # and the seats are empty the stationary share of the time: π_V = a·V / (1 + a·V)
    p = people.inputs
    in_post = people.exposure.mean() / p.total
    assert abs((1.0 - in_post) - p.p_vacant) < Z * people.exposure.std() / p.total / math.sqrt(
        people.exposure.size)


def test_one_person_with_d_leave_days_is_away_exactly_d_days():
    scenario = one_person(leave_days_per_year=12, sick_days_per_year=0, attrition_rate=0)
    _, _, people = _people(scenario, 500)
    assert np.all(people.under_strength_days == 12)
    fractional = one_person(leave_days_per_year=10.4, sick_days_per_year=0, attrition_rate=0)
    _, _, people = _people(fractional, 5_000)
    assert set(np.unique(people.under_strength_days)) == {10, 11}
    se = people.under_strength_days.std(ddof=1) / math.sqrt(people.under_strength_days.size)
    assert abs(people.under_strength_days.mean() - 10.4) < Z * se


@pytest.mark.parametrize("stem", ["home_delivery_cloud", "ecommerce_24x7"])
def test_under_strength_days_match_their_closed_form(stem):
    scenario = sample_scenario(stem).with_changes(**{"team.new_hire_repair_factor": 2.0})
    run = simulate(scenario, "in_house", 3_000, 4, keep_incidents=False)
    want = people_inputs(scenario, plan_for(scenario, "in_house")).under_strength_days()
    days = run.under_strength_days
    assert abs(days.mean() - want) < Z * days.std(ddof=1) / math.sqrt(days.size)
    summary = run.summary()["under_strength_days"]
    assert set(summary) == {"mean", "mean_se", "p50", "p90", "p95", "p99"}


def test_sole_expert_absent_share_matches_p_nobody_present():
    scenario = one_person()
    p = people_inputs(scenario, plan_for(scenario, "in_house"))
    inp = strategy_inputs(scenario, plan_for(scenario, "in_house"))
    rates = inp.rates.sum(axis=1)
    p_nobody = p.nobody_slots(0, float(inp.detection[0])).mean()
    want = rates[0] * p_nobody / rates.sum()  # only Core's incidents need its sole expert
    run = simulate(scenario, "in_house", 4_000, 6, keep_incidents=False)
    # a ratio of per-trial counts: its standard error from the trials' residuals
    absent, n = run.sole_expert_absent, run.incidents
    share = absent.sum() / n.sum()
    resid = (absent - share * n) / n.mean()
    assert abs(share - run.sole_expert_absent_share()) < 1e-12
    assert abs(share - want) < Z * resid.std(ddof=1) / math.sqrt(resid.size)


# ------------------------------------------------------------------------ one answer


@pytest.mark.parametrize("stem", ["home_delivery_cloud", "manufacturer_on_prem"])
def test_new_hires_ramping_up_have_one_answer(stem):
    # Ramp-up slowdown on a bundled team: the expected mean factor ρ_k against the simulated
    # engineers' hire dates.
    scenario = sample_scenario(stem).with_changes(**{"team.new_hire_repair_factor": 3.0,
                                                     "team.attrition_rate": 0.4})
    plain = compare_strategies(scenario.with_changes(**{"team.new_hire_repair_factor": 1.0}))
    assert (compare_strategies(scenario).strategies["in_house"].annual_total
            > plain.strategies["in_house"].annual_total)
    _agree(scenario, "in_house")


def _agree(scenario: Scenario, strategy: str, trials: int = 3_000) -> tuple[float, float, float]:
    expected = compare_strategies(scenario).strategies[strategy].annual_total
    total = simulate(scenario, strategy, trials, 12, keep_incidents=False).total_cost
    mean, se = float(total.mean()), float(total.std(ddof=1) / math.sqrt(total.size))
    assert abs(mean - expected) <= max(0.03 * expected, Z * se), (expected, mean, se)
    return expected, mean, se


def test_one_person_team_with_a_sole_expert_and_a_vendor_on_t_and_m_has_one_answer():
    scenario = one_person()
    costs = compare_strategies(scenario).strategies["in_house"]
    assert costs.by_line["time_and_materials"] > 0
    _agree(scenario, "in_house")
    run = simulate(scenario, "in_house", 3_000, 12, keep_incidents=False)
    tm = run.line_costs[:, list(costs.by_line).index("time_and_materials")]
    assert abs(tm.mean() - costs.by_line["time_and_materials"]) < Z * tm.std(ddof=1) / math.sqrt(
        tm.size)
    on_call = one_person(on_call={"enabled": True})
    _agree(on_call, "in_house")


@pytest.mark.parametrize("team", [{}, {"coverage": {"mode": "24x7"}},
                                  {"on_call": {"enabled": True}}],
                         ids=["business hours", "24x7", "on-call"])
def test_waiting_for_the_sole_expert_has_one_answer(team):
    # Few incidents and a short vacancy, so one system's waiting incidents rarely overlap (where
    # they do, the year's downtime cap binds in the simulation only, docs/model.md §20).
    scenario = one_person(sole_expert_fallback="wait", vacancy_months=1, attrition_rate=0.2,
                          **team).with_changes(**{"systems.0.incidents.S1.rate_per_year": 3,
                                                  "systems.0.incidents.S2.rate_per_year": 4})
    assert not people_inputs(scenario, plan_for(scenario, "in_house")).to_vendor
    assert compare_strategies(scenario).strategies["in_house"].by_line["time_and_materials"] == 0
    _agree(scenario, "in_house", 4_000)


def test_no_overage_rate_means_waiting():
    scenario = one_person().with_changes(**{"contract.overage_rate": 0})
    assert not people_inputs(scenario, plan_for(scenario, "in_house")).to_vendor


def test_a_resignation_costs_more_in_a_bad_year_paired():
    result = key_person_cost(one_person(), "in_house", 2_000, 3)
    assert result.extra_mean > Z * result.extra_mean_se
    assert result.p95_with > result.p95_without
    assert result.under_strength_days > 0
    assert set(result.to_dict()) >= {"p95_with", "p95_without", "extra_p95"}


# ------------------------------------------------------------------------ validation


def test_sole_expert_for_names_systems_of_the_scenario():
    with pytest.raises(ValueError, match=r"team\.levels\.0\.sole_expert_for.*Nope"):
        one_person().with_changes(**{"team.levels.0.sole_expert_for": ["Nope"]})
    two = one_person().model_dump(mode="json")
    two["team"]["levels"].append({**two["team"]["levels"][0], "name": "Other"})
    with pytest.raises(ValueError, match="at most one sole-expert level"):
        Scenario.model_validate(two)


# ------------------------------------------------------------------------ SimPy reference


@pytest.mark.parametrize("fallback", ["vendor", "wait"])
def test_key_person_events_agree_with_the_simpy_reference(fallback):
    # An independent discrete-event model of the same rules (benchmarks/des_reference.py):
    # absences, departures and vacancies, the new hire's ramp-up, the sole expert's incidents
    # sent to the vendor at T&M or waiting for a return.
    from benchmarks.des_reference import simulate_reference

    scenario = one_person(sole_expert_fallback=fallback, on_call={"enabled": True},
                          vacancy_months=2).with_changes(**{
        "systems.0.incidents.S2.rate_per_year": 6,
        "team.levels.0.headcount": 2})
    engine = simulate(scenario, "in_house", 4_000, 21, keep_incidents=False)
    ref = simulate_reference(scenario, engine.servers, trials=500, seed=22, key_person=True)

    def check(ours: np.ndarray, theirs: np.ndarray) -> None:
        se = math.hypot(ours.std(ddof=1) / math.sqrt(ours.size),
                        theirs.std(ddof=1) / math.sqrt(theirs.size))
        assert abs(ours.mean() - theirs.mean()) < Z * se, (ours.mean(), theirs.mean(), se)

    check(engine.under_strength_days, ref.under_strength_days)
    check(engine.sole_expert_absent, ref.escalated)
    check(engine.downtime_hours, ref.downtime)
    if fallback == "vendor":
        hours = engine.line_costs[:, list(engine.summary()["by_line_mean"]).index(
            "time_and_materials")] / scenario.contract.overage_rate
        check(hours, ref.time_and_materials)
        assert ref.time_and_materials.mean() > 0
