"""One model, one answer: the expected model is the mean of what the Monte Carlo simulates.

Over the bundled samples, their variants (incident rates ×0.5 and ×2, a vendor that meets its
resolution targets half the time or 99 % of it, a 24x7 vendor, a business-hours team without
on-call, business-impact windows with a workaround and spare units, a sole expert whose absences
send repairs to the vendor at T&M with slow new hires) and scenarios generated at random around
them, every strategy's expected annual total lies within max(3 %, 4 standard errors) of the
simulated mean, and the cheapest strategy is the same in both whenever the simulated margin
exceeds 4 standard errors. Directions hold in both
engines: more incidents never lower a strategy's cost, a vendor that meets its targets less
often never makes outsourcing cheaper, slower repairs never lower downtime. With Z = 4 a correct
model fails a check about once in 16,000.
"""

from __future__ import annotations

import numpy as np
import pytest

from estimators import Scenario, Strategy, compare_strategies, sample_paths, sample_scenario
from estimators.engine.simulation import simulate
from estimators.queueing import UnstableQueueError

Z = 4.0
TRIALS = 1_500
SEED = 11


def variants(scenario: Scenario) -> dict[str, Scenario]:
    """The variants the issue names, of one scenario."""
    terms = scenario.contract.terms
    multiplier = scenario.effects.incident_rate_multiplier
    return {
        "as bundled": scenario,
        "rates x0.5": scenario.with_changes(**{"effects.incident_rate_multiplier":
                                               0.5 * multiplier}),
        "rates x2": scenario.with_changes(**{"effects.incident_rate_multiplier":
                                             2.0 * multiplier}),
        **{f"p_resolution {p}": scenario.with_changes(**{
            f"contract.terms.{v}.p_resolution": p for v in terms}) for p in (0.5, 0.99)},
        "24x7 vendor": scenario.with_changes(**{"contract.coverage": {"mode": "24x7"}}),
        "business hours, no on-call": scenario.with_changes(**{
            "team.coverage": {"mode": "business_hours"}, "team.on_call": {"enabled": False}}),
        "impact window, workaround, spares": scenario.with_changes(**{
            k: v for i, system in enumerate(scenario.systems) for k, v in {
                f"systems.{i}.impact_window": {"mode": "business_hours", "start": "06:00",
                                               "end": "21:00", "days": ["mon", "tue", "wed",
                                                                        "thu", "fri", "sat"]},
                f"systems.{i}.off_window_cost_factor": 0.2,
                f"systems.{i}.workaround_hours": 6.0,
                **({f"systems.{i}.hardware.spare_units": True} if system.hardware else {}),
            }.items()}),
        # key-person risk (docs/model.md §7b): a sole expert away sends its system's in-house
        # repairs to the vendor at T&M; new hires repair twice as slowly at first
        "key person": scenario.with_changes(**{
            **{f"team.levels.{k}.sole_expert_for": [
                n for n in level.sole_expert_for if n != scenario.systems[0].name]
               + ([scenario.systems[0].name] if k == 0 else [])
               for k, level in enumerate(scenario.team.levels)},
            "team.new_hire_repair_factor": 2.0, "team.attrition_rate": 0.3,
            "contract.overage_rate": max(scenario.contract.overage_rate,
                                         scenario.contract.monthly_fee / 100.0)}),
    }


def generated(count: int, seed: int) -> list[tuple[str, Scenario]]:
    """Scenarios drawn around the samples: rates, attainment, coverage, team size, repairs."""
    rng = np.random.default_rng(seed)
    stems = list(sample_paths())
    out = []
    for k in range(count):
        base = sample_scenario(stems[k % len(stems)])
        changes = {
            "effects.incident_rate_multiplier": float(rng.uniform(0.3, 2.5)),
            "team.coverage": {"mode": str(rng.choice(["24x7", "business_hours"]))},
            "team.on_call": {"enabled": bool(rng.random() < 0.5)},
            "contract.coverage": {"mode": str(rng.choice(["24x7", "business_hours"]))},
            "contract.repair_time_multiplier": float(rng.uniform(0.6, 1.6)),
            **{f"contract.terms.{v}.p_resolution": float(rng.uniform(0.3, 0.99))
               for v in base.contract.terms},
            **{f"contract.terms.{v}.p_response": float(rng.uniform(0.5, 0.99))
               for v in base.contract.terms},
            **{f"team.levels.{i}.headcount": float(rng.integers(1, 5))
               for i in range(len(base.team.levels))},
        }
        out.append((f"generated {k} ({base.name})", base.with_changes(**changes)))
    return out


CASES = [(f"{stem}: {name}", scenario) for stem in sample_paths()
         for name, scenario in variants(sample_scenario(stem)).items()]


def agree(scenario: Scenario) -> list[str]:
    """Disagreements between the engines on ``scenario`` (empty: one answer)."""
    expected = compare_strategies(scenario).strategies
    means, errors, problems = {}, {}, []
    for strategy in Strategy:
        try:
            total = simulate(scenario, strategy, TRIALS, SEED, keep_incidents=False).total_cost
        except UnstableQueueError:
            assert not np.isfinite(expected[strategy].annual_total)
            continue
        assert np.isfinite(expected[strategy].annual_total), "the simulation ran an overload"
        means[strategy] = float(total.mean())
        errors[strategy] = float(total.std(ddof=1) / np.sqrt(total.size))
        want = expected[strategy].annual_total
        if abs(means[strategy] - want) > max(0.03 * abs(want), Z * errors[strategy]):
            problems.append(f"{strategy.value}: expected {want:,.0f}, simulated "
                            f"{means[strategy]:,.0f} ± {errors[strategy]:,.0f}")
    if len(means) == len(Strategy):
        ranked = sorted(means, key=means.get)
        margin = means[ranked[1]] - means[ranked[0]]
        cheapest = min(Strategy, key=lambda s: expected[s].annual_total)
        if cheapest is not ranked[0] and margin > Z * max(errors.values()):
            problems.append(f"cheapest: expected {cheapest.value}, simulated {ranked[0].value}")
    return problems


@pytest.mark.parametrize(("name", "scenario"), CASES, ids=[name for name, _ in CASES])
def test_the_samples_and_their_variants_have_one_answer(name, scenario):
    assert agree(scenario) == []


@pytest.mark.parametrize(("name", "scenario"), generated(9, 2026),
                         ids=[f"generated-{k}" for k in range(9)])
def test_generated_scenarios_have_one_answer(name, scenario):
    assert agree(scenario) == []


def _both(scenario: Scenario, strategy: Strategy) -> tuple[float, float, float, float]:
    """(expected total, expected outage hours, simulated total, simulated downtime) with the
    simulated values' standard errors folded in as the last two of a 6-tuple."""
    costs = compare_strategies(scenario).strategies[strategy]
    run = simulate(scenario, strategy, TRIALS, SEED, keep_incidents=False)
    n = run.trials
    return (costs.annual_total, float(costs.outage_hours.sum()), float(run.total_cost.mean()),
            float(run.downtime_hours.mean()), float(run.total_cost.std(ddof=1) / np.sqrt(n)),
            float(run.downtime_hours.std(ddof=1) / np.sqrt(n)))


def not_lower(before: tuple, after: tuple, index: int, se_index: int) -> bool:
    """After ≥ before, for simulated values within Z standard errors of their difference."""
    if se_index is None:
        return after[index] >= before[index] - 1e-9 * abs(before[index])
    slack = Z * np.hypot(before[se_index], after[se_index])
    return after[index] >= before[index] - slack


@pytest.mark.parametrize("stem", list(sample_paths()))
def test_directions_hold_in_both_engines(stem):
    base = sample_scenario(stem)
    multiplier = base.effects.incident_rate_multiplier
    busier = base.with_changes(**{"effects.incident_rate_multiplier": 1.5 * multiplier})
    for strategy in Strategy:
        b, a = _both(base, strategy), _both(busier, strategy)
        assert not_lower(b, a, 0, None) and not_lower(b, a, 2, 4), ("more incidents", strategy)
    worse = base.with_changes(**{f"contract.terms.{v}.p_resolution": 0.5
                                 for v in base.contract.terms})
    for strategy in (Strategy.outsourced, Strategy.hybrid):
        b, a = _both(base, strategy), _both(worse, strategy)
        assert not_lower(b, a, 0, None) and not_lower(b, a, 2, 4), ("worse vendor", strategy)
    slower = base.with_changes(**{
        f"systems.{i}.incidents.{v}.repair.median_hours": 1.5 * p.repair.median_hours
        for i, s in enumerate(base.systems) for v, p in s.incidents.items()})
    for strategy in Strategy:
        b, a = _both(base, strategy), _both(slower, strategy)
        assert not_lower(b, a, 1, None) and not_lower(b, a, 3, 5), ("slower repairs", strategy)


def test_escalation_never_lowers_outage_hours_in_either_engine():
    base = sample_scenario("ecommerce_24x7")
    runs = []
    for p in (0.0, 0.45, 0.9):
        changed = base.with_changes(**{f"team.levels.{i}.escalation_probability": p
                                       for i in range(len(base.team.levels))})
        runs.append(_both(changed, Strategy.in_house))
    outage = [r[1] for r in runs]
    assert outage == sorted(outage) and outage[0] < outage[-1]
    for before, after in zip(runs, runs[1:], strict=False):
        assert not_lower(before, after, 3, 5)


def test_an_overloaded_team_is_refused_by_both_engines_alike():
    # A hundred times the incidents: the in-house queue cannot keep up. The expected model says
    # its wait (and cost) is unbounded and names it in the notes, the simulation refuses the
    # run, and the overloaded strategy is never called the cheapest.
    scenario = sample_scenario("manufacturer_on_prem").with_changes(**{
        "effects.incident_rate_multiplier": 100.0, "systems.4.incidents.S1.rate_per_year": 0.0})
    comparison = compare_strategies(scenario)
    in_house = comparison.strategies[Strategy.in_house]
    assert in_house.annual_total == float("inf")
    assert any("grows without bound" in template for template, _ in in_house.notices)
    assert comparison.cheapest() is not Strategy.in_house
    with pytest.raises(UnstableQueueError):
        simulate(scenario, Strategy.in_house, 100, SEED)


@pytest.mark.parametrize("load", [3.0, 6.0])
def test_a_busy_business_hours_team_waits_as_simulated(load):
    """Two engineers on business hours with on-call for S1, at three and six times the
    reference load: the expected outage hours include the wait for an engineer (without it
    they fall 6 % short at six times) and match the simulation within 3 %."""
    from tests.engine.test_simulation import reference_scenario

    scenario = reference_scenario().with_changes(**{"effects.incident_rate_multiplier": load})
    expected = float(compare_strategies(scenario).strategies["in_house"].outage_hours.sum())
    run = simulate(scenario, "in_house", 3_000, SEED, keep_incidents=False)
    assert run.servers == 2
    simulated = float(run.downtime_hours.mean())
    se = float(run.downtime_hours.std(ddof=1) / np.sqrt(run.trials))
    assert abs(simulated - expected) <= max(0.03 * expected, Z * se)
