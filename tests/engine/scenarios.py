"""Small hand-built scenarios for the stage tests: every number a test relies on is set here."""

import math

from estimators import Scenario
from estimators.engine.inputs import StrategyInputs, strategy_inputs
from estimators.scenario.strategies import plan_for

TERMS = {"S1": {"response_hours": 1, "resolution_hours": 8},
         "S2": {"response_hours": 4, "resolution_hours": 24},
         "S3": {"response_hours": 8, "resolution_hours": 72}}


def exponential(mean_hours: float) -> dict:
    """An exponential repair time with this mean (the model takes its median)."""
    return {"distribution": "exponential", "median_hours": mean_hours * math.log(2)}


def data(rate: float = 100.0) -> dict:
    """One cloud system, S1 only, exponential repair of mean 1 h, one engineer 24x7, no
    detection, acknowledgement or triage delay; a 24x7 vendor with the contract's defaults."""
    return {
        "name": "Stage check",
        "systems": [{"name": "Svc", "kind": "cloud", "downtime_cost_per_hour": 1_000,
                     "incidents": {"S1": {"rate_per_year": rate, "repair": exponential(1.0)}}}],
        "team": {"levels": [{"name": "Eng", "headcount": 1, "annual_loaded_cost": 1_000_000}],
                 "response_minutes": 0, "coverage": {"mode": "24x7"}, "min_on_duty": 1},
        "contract": {"monthly_fee": 100_000, "coverage": {"mode": "24x7"}, "terms": TERMS},
        "effects": {"detection_minutes": {"none": 0, "basic": 0, "advanced": 0},
                    "triage_hours": 0},
    }


def scenario(base: dict | None = None, **changes: object) -> Scenario:
    """``base`` (default :func:`data`) with dotted-path changes."""
    return Scenario.model_validate(base or data()).with_changes(**changes)


def inputs(s: Scenario, strategy: str = "in_house") -> StrategyInputs:
    """The arrays the stages read, for one strategy."""
    return strategy_inputs(s, plan_for(s, strategy))
