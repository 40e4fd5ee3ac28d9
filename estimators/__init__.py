"""Hoshu estimators: the maintenance cost and downtime model, free of any user interface.

Usable from a notebook, a script or ``python -m estimators``; the Streamlit app wraps it.

The public names below are imported lazily (PEP 562): ``import estimators`` costs almost
nothing, and ``from estimators import simulate`` imports only the modules ``simulate`` needs.
Scipy, pandas and the rest are heavy (about a second together), and the command line's
``validate`` and ``costs`` need few of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from estimators.lazy import lazy_exports

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

# Public name -> the module that defines it.
_SOURCES: dict[str, str] = {
    "CoverageStats": "estimators.calendars.coverage",
    "coverage_stats": "estimators.calendars.coverage",
    "COST_LINES": "estimators.costs.expected",
    "CostComparison": "estimators.costs.expected",
    "StrategyCosts": "estimators.costs.expected",
    "compare_strategies": "estimators.costs.expected",
    "strategy_costs": "estimators.costs.expected",
    "breakeven": "estimators.decisions.breakeven",
    "breakeven_map": "estimators.decisions.breakeven",
    "executor_from": "estimators.decisions.executor",
    "choose_vendor_tier": "estimators.decisions.optimise",
    "optimise_scope": "estimators.decisions.optimise",
    "optimise_staffing": "estimators.decisions.optimise",
    "preventive_curve": "estimators.decisions.optimise",
    "spider": "estimators.decisions.sensitivity",
    "tornado": "estimators.decisions.sensitivity",
    "sobol_indices": "estimators.decisions.sobol",
    "SimulationResult": "estimators.engine.results",
    "SimulationError": "estimators.engine.simulation",
    "key_person_cost": "estimators.engine.simulation",
    "simulate": "estimators.engine.simulation",
    "simulate_all": "estimators.engine.simulation",
    "HistoryError": "estimators.history",
    "load_history": "estimators.history",
    "format_money": "estimators.presentation.formatting",
    "UnstableQueueError": "estimators.queueing",
    "erlang_b": "estimators.queueing",
    "erlang_c": "estimators.queueing",
    "fte_for_coverage": "estimators.queueing",
    "mean_wait": "estimators.queueing",
    "required_servers": "estimators.queueing",
    "service_level": "estimators.queueing",
    "MaintenanceType": "estimators.scenario",
    "Scenario": "estimators.scenario",
    "Severity": "estimators.scenario",
    "LibraryError": "estimators.scenario.library",
    "ScenarioLibrary": "estimators.scenario.library",
    "ScenarioError": "estimators.scenario.loading",
    "load_scenario": "estimators.scenario.loading",
    "parse_scenario": "estimators.scenario.loading",
    "UncertainInputs": "estimators.scenario.ranges",
    "Uncertainty": "estimators.scenario.ranges",
    "sample_paths": "estimators.scenario.samples",
    "sample_scenario": "estimators.scenario.samples",
    "Strategy": "estimators.scenario.strategies",
    "plan_for": "estimators.scenario.strategies",
}

if TYPE_CHECKING:  # pragma: no cover - what type checkers and IDEs see
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

__getattr__, __dir__ = lazy_exports(__name__, _SOURCES, __all__)
