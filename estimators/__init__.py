"""Hoshu estimators: the maintenance cost and downtime model, free of any user interface.

Usable from a notebook, a script or ``python -m estimators``; the Streamlit app wraps it.

The public names below are imported lazily (PEP 562): ``import estimators`` costs almost
nothing, and ``from estimators import simulate`` imports only the modules ``simulate`` needs.
Scipy, pandas and the rest are heavy (about a second together), and the command line's
``validate`` and ``costs`` need few of them.
"""

from __future__ import annotations

from estimators.lazy import lazy_exports

# Public name -> the module that defines it (the public API: ``__all__``).
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

__all__ = sorted(_SOURCES)

__getattr__, __dir__ = lazy_exports(__name__, _SOURCES, __all__)
