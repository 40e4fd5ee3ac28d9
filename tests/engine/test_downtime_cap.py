"""No system is down longer than the year, in either engine (docs/model.md §10, "Downtime cap").

An absurd scenario — 500 outages a year of a 100-hour median on one system, about 70,000
outage hours — shows at most 8,760 hours for that system in the expected model and in every
simulated trial-year; its downtime cost follows the capped hours, and a notice names it. The
other systems, and the samples (tests/regression), are untouched: the cap only binds there.
"""

import numpy as np
import pytest

from estimators import compare_strategies, sample_scenario, simulate
from estimators.calendars.coverage import HOURS_PER_YEAR
from estimators.costs.expected import strategy_costs
from estimators.costs.lines import COST_LINES, cap_outage_hours
from estimators.scenario.strategies import Strategy

ABSURD = {"systems.0.incidents.S1.rate_per_year": 500.0,
          "systems.0.incidents.S1.repair.median_hours": 100.0}


def around_the_clock():
    """The home-delivery sample with every outage hour priced alike (24x7 impact windows,
    no workaround), so the downtime line is the capped hours × the hourly cost."""
    base = sample_scenario("home_delivery_cloud")
    return base.with_changes(**{k: v for i in range(len(base.systems)) for k, v in {
        f"systems.{i}.impact_window": {"mode": "24x7"},
        f"systems.{i}.off_window_cost_factor": 1.0,
        f"systems.{i}.workaround_hours": None}.items()})


@pytest.fixture(scope="module")
def absurd():
    return around_the_clock().with_changes(**ABSURD)


def test_cap_keeps_hours_below_the_year_and_unbounded_values_unbounded():
    hours = np.array([12.5, HOURS_PER_YEAR, 9_000.0, np.inf])
    assert list(cap_outage_hours(hours)) == [12.5, HOURS_PER_YEAR, HOURS_PER_YEAR, np.inf]
    assert HOURS_PER_YEAR == 8_760.0


def test_expected_model_caps_each_system_at_the_year(absurd):
    base = strategy_costs(around_the_clock(), Strategy.outsourced)
    costs = strategy_costs(absurd, Strategy.outsourced)
    assert costs.outage_hours[0] == HOURS_PER_YEAR
    assert (costs.outage_hours <= HOURS_PER_YEAR).all()
    np.testing.assert_array_equal(costs.outage_hours[1:], base.outage_hours[1:])
    per_hour = np.array([s.downtime_cost_per_hour for s in absurd.systems])
    assert costs.by_line["downtime"] == pytest.approx(float(costs.outage_hours @ per_hour))
    [(template, values)] = costs.notices
    assert values["system"] == "Delivery routing" and values["hours"] > 60_000
    assert "more than the {year:,.0f} hours in a year" in template


def test_simulation_caps_each_trial_year_at_the_year(absurd):
    result = simulate(absurd, Strategy.outsourced, 60, seed=3, keep_incidents=False)
    hours = result.outage_hours_by_system
    assert (hours <= HOURS_PER_YEAR).all()
    assert (hours[:, 0] == HOURS_PER_YEAR).all()  # every trial-year binds for this system
    assert (hours[:, 1:] < HOURS_PER_YEAR).all()
    per_hour = np.array([s.downtime_cost_per_hour for s in absurd.systems])
    downtime = result.line_costs[:, COST_LINES.index("downtime")]
    np.testing.assert_allclose(downtime, hours @ per_hour, rtol=1e-12)
    assert result.capped_share.tolist() == [1.0, 0.0, 0.0, 0.0]
    [(template, values)] = result.notices
    assert values == {"system": "Delivery routing", "share": 1.0, "year": HOURS_PER_YEAR}
    assert result.summarise().notices == result.notices
    assert result.summarise().availability_mean >= 0.0


def test_both_engines_agree_where_the_cap_binds(absurd):
    expected = compare_strategies(absurd).strategies[Strategy.outsourced]
    simulated = simulate(absurd, Strategy.outsourced, 60, seed=4, keep_incidents=False)
    assert simulated.outage_hours_by_system[:, 0].mean() == expected.outage_hours[0]


def test_samples_never_reach_the_cap():
    for stem in ("home_delivery_cloud", "manufacturer_on_prem", "ecommerce_24x7"):
        for costs in compare_strategies(sample_scenario(stem)).strategies.values():
            assert not costs.notices or all("hours in a year" not in t for t, _ in costs.notices)
            assert (costs.outage_hours < HOURS_PER_YEAR).all()
