"""Preventive vs corrective: expected total cost against preventive hours per year.

Preventive work costs labour (or vendor hours) and lowers incident rates with diminishing
returns (docs/model.md §5: λ' = λ·(1 − r_max·(1 − e^{−h/h_sat}))), which saves repair
work, downtime and credits. The curve sweeps the total preventive hours a year, shared among
the systems in proportion to their current preventive hours (equally when none has any), and
the optimum is refined with a bounded Brent search between the grid's neighbours of the best
point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize

from estimators.decisions.executor import Executor
from estimators.decisions.sweep import evaluate, sweep
from estimators.scenario import MaintenanceType, Scenario
from estimators.scenario.strategies import Strategy

__all__ = ["PreventiveCurve", "preventive_curve"]

GRID = 31


@dataclass(frozen=True)
class PreventiveCurve:
    """Expected annual cost per strategy over total preventive hours a year.

    Attributes:
        hours: the grid of total preventive hours per year.
        cost: expected annual cost, shape (strategies, grid), in ``Strategy`` order.
        current_hours: the scenario's total preventive hours.
        optimum_hours, optimum_cost: the minimum per strategy.
    """

    currency: str
    hours: np.ndarray
    cost: np.ndarray
    current_hours: float
    optimum_hours: dict[Strategy, float]
    optimum_cost: dict[Strategy, float]
    current_cost: dict[Strategy, float]

    def to_dict(self) -> dict:
        return {"currency": self.currency, "current_hours": self.current_hours,
                "hours": self.hours.tolist(),
                "cost": {s.value: self.cost[k].tolist() for k, s in enumerate(Strategy)},
                "optimum_hours": {s.value: v for s, v in self.optimum_hours.items()},
                "optimum_cost": {s.value: v for s, v in self.optimum_cost.items()},
                "current_cost": {s.value: v for s, v in self.current_cost.items()}}


def _changes(scenario: Scenario, shares: np.ndarray, total: float) -> dict[str, float]:
    kind = MaintenanceType.preventive.value
    return {f"systems.{i}.planned_hours_per_year.{kind}": float(total * share)
            for i, share in enumerate(shares)}


def preventive_curve(scenario: Scenario, max_hours: float | None = None,
                     executor: Executor | None = None) -> PreventiveCurve:
    """The cost curve and its optimum per strategy.

    ``max_hours`` defaults to the largest of: 4 × the current total, 3 × the saturation hours
    per system, and twice the team's maintenance hours (FTE × net hours × maintenance share):
    in-house preventive work is free until the team's hours run out, so the curve must reach
    that point for its minimum to show.
    """
    current = np.array([s.planned(MaintenanceType.preventive) for s in scenario.systems])
    n = len(current)
    shares = current / current.sum() if current.sum() > 0 else np.full(n, 1.0 / n)
    team = scenario.team
    capacity = sum(lv.headcount for lv in team.levels) * team.net_hours_per_fte * \
        team.maintenance_share
    top = max_hours if max_hours is not None else max(
        4.0 * current.sum(), 3.0 * scenario.effects.preventive_saturation_hours * n,
        2.0 * capacity)
    top = min(top, 50_000.0 / shares.max())  # each system's hours stay within the field's cap
    hours = np.linspace(0.0, top, GRID)
    points = sweep(scenario, [_changes(scenario, shares, h) for h in hours], executor)
    cost = np.array([[p[s][0] for p in points] for s in Strategy])
    optimum_hours, optimum_cost = {}, {}
    for k, strategy in enumerate(Strategy):
        i = int(np.argmin(cost[k]))
        lo, hi = hours[max(i - 1, 0)], hours[min(i + 1, GRID - 1)]
        found = optimize.minimize_scalar(
            lambda h, s=strategy: evaluate((scenario, _changes(scenario, shares, h)))[s][0],
            bounds=(lo, hi), method="bounded", options={"xatol": 1e-3 * max(top, 1.0)})
        best_h, best_c = (float(found.x), float(found.fun)) if found.fun < cost[k, i] else (
            float(hours[i]), float(cost[k, i]))
        optimum_hours[strategy], optimum_cost[strategy] = best_h, best_c
    base = evaluate((scenario, {}))
    return PreventiveCurve(scenario.finance.currency, hours, cost, float(current.sum()),
                           optimum_hours, optimum_cost, {s: base[s][0] for s in Strategy})
