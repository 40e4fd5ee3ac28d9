"""Hoshu estimators: the maintenance cost and downtime model, free of any user interface.

Usable from a notebook, a script or ``python -m estimators``; the Streamlit app wraps it.
"""

from .breakeven import breakeven, breakeven_map
from .costs import COST_LINES, CostComparison, StrategyCosts, compare_strategies, strategy_costs
from .coverage import CoverageStats, coverage_stats
from .executor import executor_from
from .history import HistoryError, load_history
from .library import LibraryError, ScenarioLibrary
from .loading import ScenarioError, load_scenario, parse_scenario
from .money import format_money
from .optimise import choose_vendor_tier, optimise_scope, optimise_staffing, preventive_curve
from .queueing import (
    UnstableQueueError,
    erlang_b,
    erlang_c,
    fte_for_coverage,
    mean_wait,
    required_servers,
    service_level,
)
from .ranges import UncertainInputs, Uncertainty
from .results import SimulationResult
from .samples import sample_paths, sample_scenario
from .scenario import MaintenanceType, Scenario, Severity
from .sensitivity import spider, tornado
from .simulation import SimulationError, simulate, simulate_all
from .sobol import sobol_indices
from .strategies import Strategy, plan_for

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
