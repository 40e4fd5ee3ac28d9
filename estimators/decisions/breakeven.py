"""Break-even: the value of an input at which two strategies cost the same, and a 2-D map.

The cost difference d(x) = cost_a(x) − cost_b(x) is evaluated on a grid over the range, from its
low end up to the first sign change (only the two strategies are costed); that change is refined
with Brent's method (scipy.optimize.brentq) to a relative tolerance of 1e-9. When d keeps one
sign the answer says which strategy stays cheaper.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from estimators.costs.expected import strategy_costs
from estimators.decisions.executor import Executor, SerialExecutor
from estimators.decisions.sweep import sweep
from estimators.scenario import Scenario
from estimators.scenario.loading import field_bounds
from estimators.scenario.strategies import Strategy
from estimators.scenario.uncertainty import value_at
from estimators.text import Text

__all__ = ["BreakEven", "breakeven", "breakeven_map"]

GRID = 41
"""Points of the grid searched for the first sign change (0 to high included)."""
CHUNK = 6
"""Grid points costed at a time: the search stops after the chunk holding the first change."""
MAP_CHUNK = 75
"""Map points handed to the executor at a time (enough for its worker processes, at least 64)."""


def _gap(task: tuple[Scenario, str, float, Strategy, Strategy]) -> float:
    """cost_a − cost_b (expected annual totals) with the input at ``path`` set to x: the two
    strategies alone (module level, so any executor can run it)."""
    scenario, path, x, a, b = task
    moved = scenario.with_changes(**{path: x})
    return strategy_costs(moved, a).annual_total - strategy_costs(moved, b).annual_total


@dataclass(frozen=True)
class BreakEven:
    """Where (if anywhere in [low, high]) two strategies cost the same for one input."""

    path: str
    a: Strategy
    b: Strategy
    low: float
    high: float
    value: float | None
    cheaper: Strategy | None = None
    """The strategy that stays cheaper over the whole range when they never cost the same."""

    def to_dict(self) -> dict:
        return {"param": self.path, "a": self.a.value, "b": self.b.value, "low": self.low,
                "high": self.high, "value": self.value,
                "cheaper": None if self.cheaper is None else self.cheaper.value}


def breakeven(scenario: Scenario, path: str, a: Strategy | str = Strategy.in_house,
              b: Strategy | str = Strategy.outsourced, low: float | None = None,
              high: float | None = None, executor: Executor | None = None) -> BreakEven:
    """The value of the input at ``path`` where strategies ``a`` and ``b`` cost the same.

    The default range is 0 to 3 × the scenario's value (0 to 3 when the value is 0).
    """
    a, b = Strategy(a), Strategy(b)
    base = value_at(scenario, path)
    low = 0.0 if low is None else float(low)
    high = (3.0 * base if base > 0 else 3.0) if high is None else float(high)
    if not low < high:
        raise ValueError(Text("the range needs low < high, got {low} and {high}", low=low,
                              high=high))
    bounds = field_bounds(path)
    if not (math.isfinite(low) and math.isfinite(high) and low in bounds and high in bounds):
        raise ValueError(Text("{path} allows finite values in {bounds}; the range {low:,.10g} to "
                              "{high:,.10g} goes outside it", path=path,
                              bounds=bounds.interval() or "(-inf, inf)", low=low, high=high))
    xs = np.linspace(low, high, GRID)

    def gap(x: float) -> float:
        return _gap((scenario, path, float(x), a, b))

    # The grid from the low end, a chunk at a time, up to its first sign change: the values
    # beyond it cannot move the answer, so they are not computed.
    runner = executor if executor is not None else SerialExecutor()
    values = np.empty(0)
    crossing = np.empty(0, dtype=int)
    for start in range(0, GRID, CHUNK):
        chunk = [(scenario, path, float(x), a, b) for x in xs[start:start + CHUNK]]
        values = np.append(values, runner.map(_gap, chunk))
        crossing = np.flatnonzero(np.sign(values[:-1]) * np.sign(values[1:]) <= 0)
        if crossing.size:
            break
    if crossing.size == 0:
        cheaper = a if values[0] < 0 else b
        return BreakEven(path, a, b, low, high, None, cheaper)
    i = int(crossing[0])
    if values[i] == 0:
        root = float(xs[i])
    else:
        root = float(optimize.brentq(gap, xs[i], xs[i + 1], rtol=1e-9))
    return BreakEven(path, a, b, low, high, root)


def breakeven_map(scenario: Scenario, x_path: str, x_range: tuple[float, float],
                  y_path: str, y_range: tuple[float, float], points: int = 15,
                  executor: Executor | None = None,
                  progress: Callable[[int], None] | None = None,
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Cheapest strategy over a grid of two inputs, and by how much it beats the next one.

    Returns (x values, y values, cheapest strategy index into ``Strategy`` with shape (y, x),
    margin to the second cheapest in money). An infeasible strategy (a team that cannot staff
    its window) is never the cheapest at a point: it ranks as if it cost without bound.
    ``progress`` is called with the points done after each chunk of :data:`MAP_CHUNK` (a caller
    may raise from it to stop the map).
    """
    xs = np.linspace(*x_range, points)
    ys = np.linspace(*y_range, points)
    changes = [{x_path: float(x), y_path: float(y)} for y in ys for x in xs]
    results = []
    for start in range(0, len(changes), MAP_CHUNK):
        results += sweep(scenario, changes[start:start + MAP_CHUNK], executor)
        if progress is not None:
            progress(len(results))
    costs = np.array([[p[s][0] if p[s][2] else np.inf for s in Strategy]
                      for p in results]).reshape(points, points, -1)
    ranked = np.sort(costs, axis=-1)
    return xs, ys, costs.argmin(axis=-1), ranked[..., 1] - ranked[..., 0]
