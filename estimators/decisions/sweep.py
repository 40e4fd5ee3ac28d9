"""Evaluate the expected-cost model at many input settings, on any executor.

A sweep is a list of changes (dotted path → value); each is applied to the scenario and the
three strategies are costed. :func:`evaluate` is the unit of work an executor runs (module
level, so worker processes and Dask can run it); :func:`sweep` maps it over the changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from estimators.costs.expected import compare_strategies
from estimators.decisions.executor import Executor, default_executor
from estimators.scenario import Scenario
from estimators.scenario.strategies import Strategy

__all__ = ["Point", "evaluate", "sweep"]

Point = dict[Strategy, tuple[float, float, bool]]
"""Per strategy: (expected annual cost, outage-equivalent hours per year, feasible: the kept
team can staff its window and has engineers for its work)."""


def evaluate(task: tuple[Scenario, Mapping[str, float]]) -> Point:
    """Cost the scenario with ``changes`` applied: per strategy, (annual cost, outage hours,
    feasible)."""
    scenario, changes = task
    moved = scenario.with_changes(**changes) if changes else scenario
    return {s: (c.annual_total, float(c.outage_hours.sum()), c.feasible)
            for s, c in compare_strategies(moved).strategies.items()}


def sweep(scenario: Scenario, changes: Sequence[Mapping[str, float]],
          executor: Executor | None = None) -> list[Point]:
    """:func:`evaluate` at each of ``changes``, in order, on ``executor`` (default: local)."""
    runner = executor if executor is not None else default_executor()
    return runner.map(evaluate, [(scenario, dict(c)) for c in changes])
