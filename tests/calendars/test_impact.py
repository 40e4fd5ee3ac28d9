"""Pricing an outage against a system's business-impact hours (estimators/calendars/impact.py),
recomputed by hand on small cases."""

from __future__ import annotations

import numpy as np
import pytest

from estimators import sample_scenario
from estimators.calendars.impact import price, pricing

# Day 0 of the year is a Monday; hour h of day d is d·24 + h.
MON, FRI, SAT = 0, 4, 5


def at(day: int, hour: float) -> float:
    return day * 24.0 + hour


def system_pricing(**changes):
    """A system's pricing, from the defaults (24x7, factor 1, no workaround) plus ``changes``."""
    base = sample_scenario("home_delivery_cloud")
    defaults = {"impact_window": {"mode": "24x7"}, "off_window_cost_factor": 1.0,
                "workaround_hours": None}
    scenario = base.with_changes(**{f"systems.0.{k}": v
                                    for k, v in (defaults | changes).items()})
    return pricing(scenario, scenario.systems[0])


WEEKDAYS_5_TO_20 = {"mode": "business_hours", "days": ["mon", "tue", "wed", "thu", "fri"],
                    "start": "05:00", "end": "20:00"}


def test_the_default_prices_clock_hours_times_impact() -> None:
    p = system_pricing()
    assert p.plain
    priced, business = price(p, np.array([0, 1]), np.array([10.0, 10.0]),
                             np.array([13.0, 13.0]))
    np.testing.assert_allclose(priced, [3.0, 0.9])  # S1 impact 1.0, S2 0.3
    np.testing.assert_allclose(business, priced)


def test_an_outage_outside_the_window_costs_only_the_off_window_factor() -> None:
    p = system_pricing(impact_window=WEEKDAYS_5_TO_20, off_window_cost_factor=0.0)
    # Saturday 10:00 to Sunday 10:00: nobody works, nothing is lost.
    priced, business = price(p, np.array([0]), np.array([at(SAT, 10)]),
                             np.array([at(SAT + 1, 10)]))
    assert priced[0] == 0.0 and business[0] == 0.0
    # Friday 19:00 to Monday 06:00: one hour on Friday, one on Monday.
    priced, business = price(p, np.array([0]), np.array([at(FRI, 19)]),
                             np.array([at(7, 6)]))
    assert priced[0] == pytest.approx(2.0) and business[0] == pytest.approx(2.0)


def test_the_off_window_factor_prices_the_rest() -> None:
    p = system_pricing(impact_window=WEEKDAYS_5_TO_20, off_window_cost_factor=0.25)
    priced, business = price(p, np.array([0]), np.array([at(FRI, 19)]), np.array([at(7, 6)]))
    hours = at(7, 6) - at(FRI, 19)  # 59 h, 2 of them inside the window
    assert priced[0] == pytest.approx(2.0 + 0.25 * (hours - 2.0))
    assert business[0] == pytest.approx(2.0)


def test_a_workaround_caps_the_impact_at_the_s2_factor() -> None:
    p = system_pricing(workaround_hours=3.0)
    priced, business = price(p, np.array([0, 2]), np.array([at(MON, 10)] * 2),
                             np.array([at(MON, 20)] * 2))
    # S1: 3 h at 1.0, then 7 h at S2's 0.3; S3 (0.05) is already below S2's factor.
    np.testing.assert_allclose(priced, [3.0 + 7.0 * 0.3, 10.0 * 0.05])
    np.testing.assert_allclose(business, [10.0, 0.5])  # the system was down all along
    # An outage shorter than the workaround time is priced in full.
    priced, _ = price(p, np.array([0]), np.array([at(MON, 10)]), np.array([at(MON, 12)]))
    assert priced[0] == pytest.approx(2.0)


def test_a_window_with_factor_one_prices_every_hour() -> None:
    p = system_pricing(impact_window=WEEKDAYS_5_TO_20, off_window_cost_factor=1.0)
    assert not p.plain
    occurred = np.array([at(FRI, 19), at(SAT, 3)])
    restored = occurred + np.array([59.0, 7.5])
    priced, _ = price(p, np.array([0, 1]), occurred, restored)
    np.testing.assert_allclose(priced, [59.0, 7.5 * 0.3])
