"""Business-impact hours, workarounds and spare units in both engines (docs/model.md §10,
"Business-impact hours"; §7 and §8, spare units).

The expected model averages each outage's price over the year's evenly spread outages; the
Monte Carlo prices every simulated one with the same function. They must give one answer: the
expected downtime line and outage hours within max(2 %, 4 standard errors) of the simulated
means (the expected model passes detection and response through the calendars at their mean
delays, docs/model.md §20, which the 2 % allows for).
"""

from __future__ import annotations

import numpy as np
import pytest

from estimators import Strategy, compare_strategies, sample_paths, sample_scenario
from estimators.calendars.coverage import is_open
from estimators.costs.lines import COST_LINES
from estimators.engine.simulation import simulate
from estimators.scenario import Coverage

DOWNTIME = COST_LINES.index("downtime")
TRIALS = 1_500
Z = 4.0
WINDOW = {"mode": "business_hours", "days": ["mon", "tue", "wed", "thu", "fri", "sat"],
          "start": "05:00", "end": "20:00", "holidays_per_year": 10}


def plain(stem: str):
    """A sample without business-impact hours, workarounds or spare units."""
    base = sample_scenario(stem)
    changes = {}
    for i, system in enumerate(base.systems):
        changes |= {f"systems.{i}.impact_window": {"mode": "24x7"},
                    f"systems.{i}.off_window_cost_factor": 1.0,
                    f"systems.{i}.workaround_hours": None}
        if system.hardware is not None:
            changes[f"systems.{i}.hardware.spare_units"] = False
    return base.with_changes(**changes)


def business(stem: str, factor: float = 0.1, workaround: float | None = 4.0, spares=True):
    base = plain(stem)
    changes = {}
    for i, system in enumerate(base.systems):
        changes[f"systems.{i}.impact_window"] = WINDOW
        changes[f"systems.{i}.off_window_cost_factor"] = factor
        changes[f"systems.{i}.workaround_hours"] = workaround
        if system.hardware is not None and spares:
            changes[f"systems.{i}.hardware.spare_units"] = True
            changes[f"systems.{i}.hardware.swap_hours"] = 0.5
    return base.with_changes(**changes)


def close(expected: float, sample: np.ndarray) -> bool:
    se = sample.std(ddof=1) / np.sqrt(sample.size)
    return abs(sample.mean() - expected) <= max(0.02 * abs(expected), Z * se)


@pytest.mark.parametrize("stem", list(sample_paths()))
def test_both_engines_price_business_hours_alike(stem: str) -> None:
    scenario = business(stem)
    expected = compare_strategies(scenario).strategies
    for strategy in Strategy:
        run = simulate(scenario, strategy, TRIALS, 5, keep_incidents=False)
        costs = expected[strategy]
        assert close(costs.by_line["downtime"], run.line_costs[:, DOWNTIME]), strategy
        assert close(float(costs.outage_hours.sum()), run.downtime_hours), strategy
        assert close(float(costs.business_hours.sum()), run.business_downtime_hours), strategy


def test_a_window_with_factor_one_changes_nothing_in_either_engine() -> None:
    base = plain("home_delivery_cloud")
    same = business("home_delivery_cloud", factor=1.0, workaround=None, spares=False)
    for strategy in Strategy:
        a = compare_strategies(base).strategies[strategy]
        b = compare_strategies(same).strategies[strategy]
        assert b.annual_total == pytest.approx(a.annual_total, rel=1e-12)
        run_a = simulate(base, strategy, 200, 1, keep_incidents=False)
        run_b = simulate(same, strategy, 200, 1, keep_incidents=False)
        np.testing.assert_allclose(run_b.line_costs, run_a.line_costs, rtol=1e-12)
        # ... but business-hours downtime counts only the window's hours.
        assert run_b.business_downtime_hours.sum() < run_b.downtime_hours.sum()


def minutes_inside(window, start: float, end: float) -> float:
    """Hours of [start, end] inside ``window``, by looking at the middle of every minute (and
    of the last, partial one): independent of the bands module, exact to a minute."""
    step = 1.0 / 60.0
    full = int((end - start) // step)
    mids = start + (np.arange(full) + 0.5) * step
    rest = end - start - full * step
    hours = is_open(window, np.mod(mids, 8760.0)).sum() * step
    if rest > 0:
        hours += rest * is_open(window, np.array([np.mod(end - rest / 2, 8760.0)]))[0]
    return float(hours)


def test_the_simulated_downtime_line_is_each_outage_priced_by_hand() -> None:
    """Recompute every simulated outage's cost from the incident table: with an off-window
    factor of 0 the window removes exactly the hours it excludes."""
    scenario = business("manufacturer_on_prem", factor=0.0, workaround=None, spares=False)
    run = simulate(scenario, Strategy.in_house, 40, 3, keep_incidents=True)
    window = Coverage(**WINDOW)
    impact = {v: scenario.effects.impact_factor[v] for v in ("S1", "S2", "S3")}
    cost = {s.name: s.downtime_cost_per_hour for s in scenario.systems}
    by_trial = np.zeros(run.trials)
    for row in run.table.to_frame().itertuples():
        by_trial[row.trial] += (minutes_inside(window, row.occurred, row.restored)
                                * impact[row.severity] * cost[row.system])
    # Each outage crosses at most a few window edges, each worth at most a minute here.
    edges = run.incidents * 4 / 60.0 * max(cost.values())
    assert np.all(np.abs(run.line_costs[:, DOWNTIME] - by_trial) <= edges)
    assert by_trial.sum() > 0


def test_spare_units_shorten_restoration_in_both_engines() -> None:
    without = plain("manufacturer_on_prem")
    spares = without.with_changes(**{
        f"systems.{i}.hardware.spare_units": True for i, s in enumerate(without.systems)
        if s.hardware is not None})
    for strategy in Strategy:
        before = compare_strategies(without).strategies[strategy]
        after = compare_strategies(spares).strategies[strategy]
        assert after.outage_hours.sum() < before.outage_hours.sum()
        # The repair goes on off the critical path: the same labour and vendor hours.
        assert after.by_line["labour"] == pytest.approx(before.by_line["labour"])
        assert after.by_line["vendor_overage"] == pytest.approx(before.by_line["vendor_overage"])
        run = simulate(spares, strategy, TRIALS, 8, keep_incidents=False)
        assert close(float(after.outage_hours.sum()), run.downtime_hours)
