"""Preventive vs corrective: expected total cost against preventive hours per year.

Preventive work costs labour (or vendor hours) and lowers incident rates with diminishing
returns (docs/model.md §5: λ' = λ·(1 − r_max·(1 − e^{−h/h_sat}))), which saves repair
work, downtime and credits. The curve sweeps the total preventive hours a year, shared among
the systems in proportion to their current preventive hours (equally when none has any), and
the optimum is refined with a bounded Brent search between the grid's neighbours of the best
point.

Salaried hours are not free: an hour the team spends on preventive work is an hour of its
loaded cost (average loaded cost per net hour), whatever the contract lines show while the team
has idle capacity. The recommended hours therefore minimise the expected cost plus that value
of the team's preventive hours, so the advice stops where the saved cost no longer pays for the
hours, and never fills idle capacity with work whose only benefit is the assumed maximum
reduction. The marginal value (saving per extra preventive hour) is reported along the curve.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize

from estimators.decisions.executor import Executor
from estimators.decisions.sweep import evaluate, sweep
from estimators.scenario import MaintenanceType, Party, Scenario
from estimators.scenario.strategies import Strategy, plan_for

__all__ = ["PreventiveCurve", "preventive_curve"]

GRID = 31


@dataclass(frozen=True)
class PreventiveCurve:
    """Expected annual cost per strategy over total preventive hours a year.

    Attributes:
        hours: the grid of total preventive hours per year.
        cost: expected annual cost, shape (strategies, grid), in ``Strategy`` order.
        current_hours: the scenario's total preventive hours.
        optimum_hours, optimum_cost: per strategy, the hours that minimise the cost plus the
            value of the team's preventive hours, and the expected cost there.
        marginal: saving of expected cost per extra preventive hour along the grid, money/h,
            shape (strategies, grid) (the curve's negative slope).
        hour_value: the value of one hour of the team's time, money/h (average loaded cost per
            net hour).
        team_share: per strategy, the share of preventive hours the team does (1 in-house,
            0 where the vendor does them).
    """

    currency: str
    hours: np.ndarray
    cost: np.ndarray
    current_hours: float
    optimum_hours: dict[Strategy, float]
    optimum_cost: dict[Strategy, float]
    current_cost: dict[Strategy, float]
    marginal: np.ndarray
    hour_value: float
    team_share: dict[Strategy, float]

    def to_dict(self) -> dict:
        return {"currency": self.currency, "current_hours": self.current_hours,
                "hours": self.hours.tolist(),
                "cost": {s.value: self.cost[k].tolist() for k, s in enumerate(Strategy)},
                "optimum_hours": {s.value: v for s, v in self.optimum_hours.items()},
                "optimum_cost": {s.value: v for s, v in self.optimum_cost.items()},
                "current_cost": {s.value: v for s, v in self.current_cost.items()},
                "marginal": {s.value: self.marginal[k].tolist() for k, s in enumerate(Strategy)},
                "hour_value": self.hour_value,
                "team_share": {s.value: v for s, v in self.team_share.items()}}


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
    value = hour_value(scenario)
    team_share = {s: _team_share(scenario, s, shares) for s in Strategy}
    optimum_hours, optimum_cost = {}, {}
    for k, strategy in enumerate(Strategy):
        charge = value * team_share[strategy]

        def priced(h: float, s: Strategy = strategy, charge: float = charge) -> float:
            return evaluate((scenario, _changes(scenario, shares, h)))[s][0] + charge * h

        total = cost[k] + charge * hours
        i = int(np.argmin(total))
        lo, hi = hours[max(i - 1, 0)], hours[min(i + 1, GRID - 1)]
        found = optimize.minimize_scalar(priced, bounds=(lo, hi), method="bounded",
                                         options={"xatol": 1e-3 * max(top, 1.0)})
        best_h = float(found.x) if found.fun < total[i] else float(hours[i])
        optimum_hours[strategy] = best_h
        optimum_cost[strategy] = priced(best_h) - charge * best_h
    base = evaluate((scenario, {}))
    marginal = -np.gradient(cost, hours, axis=1)
    return PreventiveCurve(scenario.finance.currency, hours, cost, float(current.sum()),
                           optimum_hours, optimum_cost, {s: base[s][0] for s in Strategy},
                           marginal, value, team_share)


def hour_value(scenario: Scenario) -> float:
    """Value of one hour of the team's time, money/h: FTE-weighted loaded cost per net hour."""
    team = scenario.team
    fte = np.array([lv.headcount for lv in team.levels], dtype=float)
    cost = np.array([lv.annual_loaded_cost for lv in team.levels])
    mean_cost = float(fte @ cost / fte.sum()) if fte.sum() > 0 else float(cost.mean())
    return mean_cost / team.net_hours_per_fte


def _team_share(scenario: Scenario, strategy: Strategy, shares: np.ndarray) -> float:
    """Share of the preventive hours the team does under ``strategy``."""
    plan = plan_for(scenario, strategy)
    own = np.array([a.preventive is Party.in_house for a in plan.assignments], dtype=float)
    return float(own @ shares)
