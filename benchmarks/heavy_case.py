"""The heavy benchmark case of the Monte Carlo issue, shared by the benchmark and the tests.

About 240 incidents a year over six systems, three engineers, business hours plus on-call.
"""

from __future__ import annotations

from estimators import Scenario

SYSTEMS = [
    # name, kind, S1, S2, S3 rates per year, median repair hours
    ("Web shop", "cloud", 4, 20, 40, 1.0),
    ("Payments", "software", 2, 10, 20, 1.5),
    ("ERP", "software", 2, 12, 30, 2.0),
    ("Warehouse", "hardware", 2, 10, 30, 1.5),
    ("Network", "hardware", 1, 6, 20, 1.0),
    ("Mail", "cloud", 1, 10, 20, 0.5),
]


def heavy_scenario(distribution: str = "lognormal") -> Scenario:
    """The heavy case: 240 incidents a year, 3 engineers, weekdays 09:00-18:00 plus on-call."""
    systems = []
    for name, kind, s1, s2, s3, median in SYSTEMS:
        def profile(rate: float, factor: float, median: float = median) -> dict:
            return {"rate_per_year": rate, "repair": {
                "distribution": distribution, "median_hours": median * factor, "sigma": 0.8}}
        system = {"name": name, "kind": kind, "downtime_cost_per_hour": 100_000,
                  "incidents": {"S1": profile(s1, 2.0), "S2": profile(s2, 1.0),
                                "S3": profile(s3, 0.5)}}
        if kind == "hardware":
            system["hardware"] = {"parts_cost_per_incident": 20_000, "onsite_fraction": 0.3,
                                  "travel_hours": 0.5}
        systems.append(system)
    return Scenario.model_validate({
        "name": "Heavy benchmark case",
        "systems": systems,
        "team": {
            "levels": [
                {"name": "Senior", "headcount": 1, "annual_loaded_cost": 11_000_000,
                 "repair_time_multiplier": 0.8, "escalation_probability": 0.05},
                {"name": "Mid", "headcount": 1, "annual_loaded_cost": 8_000_000,
                 "escalation_probability": 0.15},
                {"name": "Junior", "headcount": 1, "annual_loaded_cost": 6_000_000,
                 "repair_time_multiplier": 1.4, "escalation_probability": 0.3},
            ],
            "coverage": {"mode": "business_hours", "start": "09:00", "end": "18:00"},
            "on_call": {"enabled": True, "response_minutes": 30, "paged_severities": ["S1"]},
        },
        "contract": {"monthly_fee": 800_000, "terms": {
            "S1": {"response_hours": 1, "resolution_hours": 8},
            "S2": {"response_hours": 4, "resolution_hours": 24},
            "S3": {"response_hours": 8, "resolution_hours": 72},
        }},
    })


INCIDENTS_PER_YEAR = sum(s1 + s2 + s3 for _, _, s1, s2, s3, _ in SYSTEMS)
