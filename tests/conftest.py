"""Shared fixtures: a small scenario whose every cost line is computed by hand in the tests."""

import math

import pytest

from estimators import Scenario


def hand_scenario_data() -> dict:
    """One hardware system, S1 incidents only, exponential repair with mean exactly 2 h."""
    return {
        "name": "Hand-computed",
        "systems": [
            {
                "name": "App",
                "kind": "hardware",
                "monitoring": "basic",
                "downtime_cost_per_hour": 10_000,
                "incidents": {
                    "S1": {
                        "rate_per_year": 10,
                        "repair": {"distribution": "exponential", "median_hours": 2 * math.log(2)},
                    }
                },
                "planned_hours_per_year": {"adaptive": 100, "perfective": 50},
                "hardware": {
                    "parts_cost_per_year": 200_000,
                    "parts_cost_per_incident": 10_000,
                    "onsite_fraction": 0.5,
                    "travel_hours": 1.0,
                },
            }
        ],
        "team": {
            "levels": [
                {
                    "name": "Eng",
                    "headcount": 5,
                    "annual_loaded_cost": 6_000_000,
                    "training_cost_per_year": 100_000,
                    "ramp_up_months": 6,
                }
            ],
            "hours_per_week_per_fte": 40,
            "shrinkage": 0.0,
            "maintenance_share": 1.0,
            "response_minutes": 30,
            "escalation_handover_hours": 0.5,
            "coverage": {"mode": "24x7"},
            "tools_cost_per_year": 500_000,
            "attrition_rate": 0.1,
            "attrition_per_weekly_night_page": 0.0,
            "recruiting_cost": 1_000_000,
        },
        "contract": {
            "monthly_fee": 1_000_000,
            "included_hours_per_month": 10,
            "overage_rate": 20_000,
            "repair_time_multiplier": 1.5,
            "coverage": {"mode": "24x7"},
            "terms": {
                "S1": {"response_hours": 1, "resolution_hours": 8, "p_response": 0.5,
                       "p_resolution": 0.8, "per_incident_fee": 50_000, "credit_pct": 10},
                "S2": {"response_hours": 4, "resolution_hours": 24},
                "S3": {"response_hours": 8, "resolution_hours": 72},
            },
            "onsite_response_hours": 4,
            "onsite_visit_fee": 30_000,
            "credit_cap_pct": 100,
            "annual_escalation": 0.0,
            "minimum_term_months": 12,
            "transition_cost": 2_400_000,
            "management_fte": 0.5,
            "management_cost_per_fte": 8_000_000,
        },
        "hybrid": {"team_scale": 0.4, "vendor_fee_scale": 0.5},
        "finance": {"currency": "JPY", "horizon_years": 4, "discount_rate": 0.05,
                    "salary_escalation": 0.03, "general_inflation": 0.0},
        "effects": {"triage_hours": 0.25},
    }


@pytest.fixture
def hand_data() -> dict:
    return hand_scenario_data()


@pytest.fixture
def hand_scenario() -> Scenario:
    return Scenario.model_validate(hand_scenario_data())


@pytest.fixture(autouse=True)
def private_library(tmp_path, monkeypatch):
    """Every test gets its own empty scenario library."""
    monkeypatch.setenv("HOSHU_DATA_DIR", str(tmp_path / "hoshu-data"))
