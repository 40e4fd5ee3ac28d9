"""Fixtures of the export tests: a scenario as the dashboard shows it after moving what-ifs,
and a small simulation of it."""

import dataclasses

import pytest

from estimators import Strategy, sample_scenario
from estimators.engine.digest import digest
from estimators.engine.simulation import simulate
from estimators.scenario.whatif import apply_what_if, what_if_of


@pytest.fixture(scope="module")
def shown():
    """``(saved scenario, its what-ifs, the moved what-ifs, the scenario shown)``: a sample with
    the incident rate, the vendor fee and the in-house coverage moved."""
    base = sample_scenario("home_delivery_cloud")
    before = what_if_of(base)
    after = dataclasses.replace(before, incident_rate_multiplier=1.5, coverage="24x7",
                                vendor_monthly_fee=450_000.0)
    return base, before, after, apply_what_if(base, after)


@pytest.fixture(scope="module")
def digests(shown):
    """300 simulated years of each strategy of the scenario shown."""
    scenario = shown[3]
    return [digest(scenario, simulate(scenario, s, 300, 3, keep_incidents=False))
            for s in Strategy]
