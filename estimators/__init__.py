"""Hoshu estimators: the maintenance cost and downtime model, free of any user interface.

Usable from a notebook, a script or ``python -m estimators``; the Streamlit app wraps it.
"""

from estimators.calendars.coverage import CoverageStats, coverage_stats
from estimators.costs.expected import (
    COST_LINES,
    CostComparison,
    StrategyCosts,
    compare_strategies,
    strategy_costs,
)
from estimators.decisions.breakeven import breakeven, breakeven_map
from estimators.decisions.executor import executor_from
from estimators.decisions.optimise import (
    choose_vendor_tier,
    optimise_scope,
    optimise_staffing,
    preventive_curve,
)
from estimators.decisions.sensitivity import spider, tornado
from estimators.decisions.sobol import sobol_indices
from estimators.engine.results import SimulationResult
from estimators.engine.simulation import (
    SimulationError,
    key_person_cost,
    simulate,
    simulate_all,
)
from estimators.history import HistoryError, load_history
from estimators.presentation.formatting import format_money
from estimators.queueing import (
    UnstableQueueError,
    erlang_b,
    erlang_c,
    fte_for_coverage,
    mean_wait,
    required_servers,
    service_level,
)
from estimators.scenario import MaintenanceType, Scenario, Severity
from estimators.scenario.library import LibraryError, ScenarioLibrary
from estimators.scenario.loading import ScenarioError, load_scenario, parse_scenario
from estimators.scenario.ranges import UncertainInputs, Uncertainty
from estimators.scenario.samples import sample_paths, sample_scenario
from estimators.scenario.strategies import Strategy, plan_for

__all__ = [
    "COST_LINES",
    "HistoryError",
    "LibraryError",
    "ScenarioLibrary",
    "SimulationError",
    "SimulationResult",
    "breakeven",
    "breakeven_map",
    "load_history",
    "simulate",
    "simulate_all",
    "key_person_cost",
    "tornado",
    "spider",
    "sobol_indices",
    "optimise_scope",
    "optimise_staffing",
    "choose_vendor_tier",
    "preventive_curve",
    "executor_from",
    "Uncertainty",
    "UncertainInputs",
    "CostComparison",
    "CoverageStats",
    "MaintenanceType",
    "Scenario",
    "ScenarioError",
    "Severity",
    "Strategy",
    "StrategyCosts",
    "UnstableQueueError",
    "compare_strategies",
    "coverage_stats",
    "erlang_b",
    "erlang_c",
    "format_money",
    "fte_for_coverage",
    "load_scenario",
    "mean_wait",
    "parse_scenario",
    "plan_for",
    "required_servers",
    "sample_paths",
    "sample_scenario",
    "service_level",
    "strategy_costs",
]
