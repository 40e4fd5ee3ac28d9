"""The worst allowed share link of issue 17 §1, shared by the attack benchmark and the tests.

500 systems (the most a scenario may have), each with 2,000 incidents a year (so 1,000,000 in
all, the cap of a trial-year), repairs of a few seconds and 1,000 engineers working around the
clock, so the in-house queue is stable and every incident is a step of its recursion. Before
the work plan, its quick estimate took about 20 s per trial-year in-house: hours for 1,000.
"""

from __future__ import annotations

from estimators import Scenario

SYSTEMS = 500
RATES = {"S1": 200.0, "S2": 600.0, "S3": 1_200.0}
"""Incidents a year of each system by severity (2,000 a system, 1,000,000 in all)."""
REPAIR_HOURS = 0.001
"""Median repair time, hours (3.6 s)."""
ENGINEERS = 1_000.0


def attack_scenario() -> Scenario:
    """The attack scenario: allowed by every check of the scenario and of the engine's caps."""
    systems = [{"name": f"System {i:03d}", "kind": "cloud", "downtime_cost_per_hour": 1_000.0,
                "incidents": {v: {"rate_per_year": rate,
                                  "repair": {"median_hours": REPAIR_HOURS}}
                              for v, rate in RATES.items()}}
               for i in range(SYSTEMS)]
    return Scenario.model_validate({
        "name": "Many tiny incidents",
        "systems": systems,
        "team": {
            "levels": [{"name": "Engineer", "headcount": ENGINEERS,
                        "annual_loaded_cost": 5_000_000}],
            "response_minutes": 0.0,
            "coverage": {"mode": "24x7"},
            "on_call": {"enabled": False},
        },
        "contract": {"monthly_fee": 500_000, "terms": {
            "S1": {"response_hours": 1, "resolution_hours": 8},
            "S2": {"response_hours": 4, "resolution_hours": 24},
            "S3": {"response_hours": 8, "resolution_hours": 72},
        }},
    })
