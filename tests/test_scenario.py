"""Scenario model pieces: repair-time families, hybrid overrides, dotted-path changes."""

import math

import pytest

from estimators.scenario import Assignment, HybridSplit, Party, RepairTime


@pytest.mark.parametrize("family", ["lognormal", "exponential", "weibull", "gamma"])
@pytest.mark.parametrize("shape", [0.7, 1.5, 4.0])
def test_repair_time_median_and_mean(family, shape):
    repair = RepairTime(distribution=family, median_hours=2.5, sigma=shape, shape=shape)
    dist = repair.frozen()
    assert dist.median() == pytest.approx(2.5, rel=1e-9)
    assert repair.mean_hours == pytest.approx(dist.mean(), rel=1e-9)


def test_lognormal_mean_closed_form():
    assert RepairTime(median_hours=1.0, sigma=1.0).mean_hours == pytest.approx(math.exp(0.5))


def test_hybrid_overrides_only_what_they_name():
    split = HybridSplit(per_system={"ERP": {"recovery": "in_house"}})
    assert split.for_system("ERP").recovery is Party.in_house
    assert split.for_system("ERP").first_response is split.default.first_response
    assert split.for_system("Other") == split.default
    assert Assignment.everything(Party.vendor).uses(Party.vendor)
    assert not Assignment.everything(Party.vendor).uses(Party.in_house)


def test_with_changes_validates(hand_scenario):
    changed = hand_scenario.with_changes(**{"contract.monthly_fee": 5.0,
                                            "systems.0.monitoring": "advanced"})
    assert changed.contract.monthly_fee == 5.0
    assert changed.systems[0].monitoring == "advanced"
    assert hand_scenario.contract.monthly_fee == 1_000_000
    with pytest.raises(ValueError, match="monthly_fee"):
        hand_scenario.with_changes(**{"contract.monthly_fee": -1})
