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


def test_currency_conversion_scales_every_amount():
    from estimators import compare_strategies, sample_scenario
    from estimators.scenario.currency import convert_currency

    jpy = sample_scenario("home_delivery_cloud")
    usd = convert_currency(jpy, "USD", 1 / 150)
    assert usd.finance.currency == "USD"
    assert usd.contract.monthly_fee == pytest.approx(jpy.contract.monthly_fee / 150)
    assert usd.systems[3].hardware.parts_cost_per_incident == pytest.approx(
        jpy.systems[3].hardware.parts_cost_per_incident / 150)
    assert usd.contract.terms["S1"].per_incident_fee == pytest.approx(
        jpy.contract.terms["S1"].per_incident_fee / 150)
    assert usd.systems[0].build_cost == pytest.approx(jpy.systems[0].build_cost / 150)
    # Rates, hours and shares do not change; every cost scales by the rate.
    assert usd.systems[0].incidents == jpy.systems[0].incidents
    a, b = compare_strategies(jpy), compare_strategies(usd)
    for s in a.strategies:
        assert b.strategies[s].annual_total == pytest.approx(a.strategies[s].annual_total / 150)
    with pytest.raises(ValueError, match="positive"):
        convert_currency(jpy, "USD", 0)
