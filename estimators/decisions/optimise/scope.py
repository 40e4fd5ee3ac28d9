"""Scope: what to keep in-house and what to give the vendor, system by maintenance type.

The decision is a matrix: one row per system, one column per piece of work — first response
and recovery for incidents (corrective), then adaptive, preventive, perfective and predictive
work — each cell in-house or vendor. Starting from the current hybrid split, from all in-house
and from all vendor, a steepest-descent local search flips one cell at a time while that
lowers the objective (expected annual cost, or the P90 of simulated annual cost), keeping
every system's expected availability at or above the target when it can. Each search step's
flips are evaluated as one sweep on the executor; assignments already seen are not recomputed.

Pricing. With ``pricing="pro_rata"`` (the default) each party is sized to the work it gets:
the vendor's fixed fee and included hours, and the team's headcount, are scaled by that
party's share of the work hours (:func:`work_hours`), in whole people
(:func:`~estimators.scenario.team.kept_headcount`); a team that answers or repairs incidents
keeps at least the share of its headcount that staffs its coverage window. A plan whose team
still cannot staff its window (or has work and no engineers) is infeasible: it ranks after
every feasible plan, whatever it costs. All in-house is then exactly the in-house strategy
and all vendor the outsourced one. With ``pricing="split"`` the hybrid split's ``team_scale`` and
``vendor_fee_scale`` are kept whatever the assignment (a quote already agreed). Each cell of
the answer carries its reason: what moving it to the other party would change, by the cost
line that moves most, or the availability target it would break.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from estimators.calendars.coverage import HOURS_PER_YEAR, coverage_stats
from estimators.calendars.timeline import effective_rates
from estimators.costs.expected import strategy_costs
from estimators.costs.lines import COST_LINES
from estimators.decisions.executor import Executor, default_executor
from estimators.engine.simulation import simulate
from estimators.queueing import UnstableQueueError
from estimators.scenario import SEVERITIES, Assignment, MaintenanceType, Party, Scenario
from estimators.scenario.strategies import Plan, Strategy, plan_for, settled
from estimators.text import Text

__all__ = ["SCOPE_FIELDS", "ScopeCell", "ScopeResult", "SplitScore", "optimise_scope", "scope_plan",
           "work_hours"]

SCOPE_FIELDS = ("first_response", "recovery", "adaptive", "preventive", "perfective",
                "predictive")
"""The matrix's columns: the Assignment fields, corrective work first."""
OBJECTIVES = ("mean", "p90")
PRICING = ("pro_rata", "split")
RISK_TRIALS = 2_000


@dataclass(frozen=True)
class SplitScore:
    """One assignment evaluated: objective, expected cost by line, availability per system."""

    objective: float
    mean: float
    lines: np.ndarray
    availability: np.ndarray
    feasible: bool = True  # the kept team can carry the plan (StrategyCosts.feasible)

    def shortfall(self, target: float | None) -> float:
        if target is None:
            return 0.0
        return float(np.maximum(0.0, target - self.availability).sum())


def _evaluate(task: tuple[Scenario, Plan, str, int, int]) -> SplitScore:
    """Score one plan (module level, so any executor can run it)."""
    scenario, plan, objective, trials, seed = task
    costs = strategy_costs(scenario, plan)
    lines = costs.cube.sum(axis=(1, 2))
    availability = 1.0 - costs.outage_hours / HOURS_PER_YEAR
    value = costs.annual_total
    if objective == "p90":
        try:
            total = simulate(scenario, plan, trials, seed, keep_incidents=False).total_cost
            value = float(np.quantile(total, 0.9))
        except UnstableQueueError:
            value = float("inf")
    return SplitScore(value, costs.annual_total, lines, availability, costs.feasible)


@dataclass(frozen=True)
class ScopeCell:
    """One decision of the answer and why it went that way.

    Attributes:
        flip_change: change of the objective (money per year) if the cell went to the other
            party; positive means the chosen party is cheaper.
        decided_by: the cost line that moves most on a flip, "availability_target",
            "no_work" when the cell has no work of its kind, or "" when both parties cost the
            same.
        line_delta: how much that cost line moves on a flip (money per year).
        limiting_system, limiting_availability: when the availability target decides, the
            system whose availability a flip would break and the availability it would have.
    """

    system: str
    field: str
    party: Party
    flip_change: float
    decided_by: str
    line_delta: float = 0.0
    limiting_system: str | None = None
    limiting_availability: float | None = None


@dataclass(frozen=True)
class ScopeResult:
    """The cheapest assignment found, against the current hybrid split."""

    objective: str
    availability_target: float | None
    pricing: str
    currency: str
    systems: tuple[str, ...]
    current: tuple[Assignment, ...]
    best: tuple[Assignment, ...]
    current_score: SplitScore = field(repr=False)
    best_score: SplitScore = field(repr=False)
    current_p90: float
    best_p90: float
    feasible: bool
    cells: tuple[ScopeCell, ...]
    evaluations: int
    cheapest: tuple[Assignment, ...] | None = None
    cheapest_score: SplitScore | None = field(default=None, repr=False)
    """When no split meets the availability target, ``best`` is the most available one and
    ``cheapest`` the cheapest split ignoring the target (None when the target is met)."""

    @property
    def savings(self) -> float:
        """Objective of the current split minus that of the answer (money per year)."""
        return self.current_score.objective - self.best_score.objective

    def matrix(self, which: str = "best") -> pd.DataFrame:
        """Rows systems, columns :data:`SCOPE_FIELDS`, cells "in_house" or "vendor"."""
        rows = self.best if which == "best" else self.current
        return pd.DataFrame([[getattr(a, f).value for f in SCOPE_FIELDS] for a in rows],
                            index=list(self.systems), columns=list(SCOPE_FIELDS))

    def to_dict(self) -> dict:
        return {
            "objective": self.objective,
            "availability_target": self.availability_target,
            "pricing": self.pricing,
            "currency": self.currency,
            "feasible": self.feasible,
            "savings": self.savings,
            "current": {"objective": self.current_score.objective,
                        "mean": self.current_score.mean, "p90": self.current_p90,
                        "min_availability": float(self.current_score.availability.min()),
                        "matrix": self.matrix("current").to_dict(orient="index")},
            "best": {"objective": self.best_score.objective, "mean": self.best_score.mean,
                     "p90": self.best_p90,
                     "min_availability": float(self.best_score.availability.min()),
                     "matrix": self.matrix("best").to_dict(orient="index")},
            "cells": [{"system": c.system, "work": c.field, "party": c.party.value,
                       "flip_change": c.flip_change, "decided_by": c.decided_by,
                       "line_delta": c.line_delta} for c in self.cells],
            "evaluations": self.evaluations,
            "cheapest": None if self.cheapest_score is None else {
                "objective": self.cheapest_score.objective, "mean": self.cheapest_score.mean,
                "min_availability": float(self.cheapest_score.availability.min()),
                "matrix": pd.DataFrame(
                    [[getattr(a, f).value for f in SCOPE_FIELDS] for a in self.cheapest],
                    index=list(self.systems), columns=list(SCOPE_FIELDS)).to_dict(
                        orient="index")},
        }


def work_hours(scenario: Scenario) -> np.ndarray:
    """Work hours per year of each cell, shape (systems, :data:`SCOPE_FIELDS`).

    First response: incidents × triage hours; recovery: incidents × mean repair hours;
    planned types: the system's planned hours.
    """
    rates = effective_rates(scenario)
    repair = np.array([[s.incidents[v].repair.mean_hours if v in s.incidents else 0.0
                        for v in SEVERITIES] for s in scenario.systems])
    first = rates.sum(axis=1) * scenario.effects.triage_hours
    recovery = (rates * repair).sum(axis=1)
    planned = [[s.planned(MaintenanceType(name)) for s in scenario.systems]
               for name in SCOPE_FIELDS[2:]]
    return np.column_stack([first, recovery, *planned])


def scope_plan(scenario: Scenario, assignments: tuple[Assignment, ...],
               pricing: str = "pro_rata", hours: np.ndarray | None = None) -> Plan:
    """The plan for an assignment of every cell, priced as ``pricing`` says."""
    split = scenario.hybrid
    hours = work_hours(scenario) if hours is None else hours
    total = float(hours.sum())
    if pricing == "split" or total <= 0:
        return settled(Plan(Strategy.hybrid, assignments, split.team_scale,
                            split.vendor_fee_scale))
    vendor = np.array([[getattr(a, f) is Party.vendor for f in SCOPE_FIELDS]
                       for a in assignments])
    share = float(hours[vendor].sum()) / total
    keep = 1.0 - share
    team = scenario.team
    responds = any(Party.in_house in (a.first_response, a.recovery) for a in assignments)
    if responds and team.headcount > 0:  # people (issue 15 §2): enough to staff the window
        window = team.min_on_duty * coverage_stats(team.coverage).covered_hours_per_year / \
            team.net_hours_per_fte
        keep = max(keep, min(1.0, window / team.headcount))
    return settled(Plan(Strategy.hybrid, assignments, keep, share))


def _flip(assignments: tuple[Assignment, ...], i: int, name: str) -> tuple[Assignment, ...]:
    other = Party.vendor if getattr(assignments[i], name) is Party.in_house else Party.in_house
    changed = assignments[i].model_copy(update={name: other})
    return assignments[:i] + (changed,) + assignments[i + 1:]


def optimise_scope(
    scenario: Scenario,
    objective: str = "mean",
    availability_target: float | None = None,
    pricing: str = "pro_rata",
    trials: int = RISK_TRIALS,
    seed: int = 0,
    executor: Executor | None = None,
    progress: Callable[[int], None] | None = None,
) -> ScopeResult:
    """The in-house / vendor assignment of every system × work cell that minimises cost.

    Args:
        objective: "mean" (expected annual cost) or "p90" (P90 of simulated annual cost,
            ``trials`` trial-years per assignment, common random numbers).
        pricing: "pro_rata" or "split" (see the module docstring).
        availability_target: each system's expected availability must reach it (default: the
            scenario's ``availability_target``; 0 turns the constraint off). When no assignment
            reaches it, the one closest to it is returned with ``feasible`` False.
        progress: called with the number of assignments evaluated so far.
    """
    if objective not in OBJECTIVES:
        raise ValueError(Text("objective must be one of {names}, got {value}",
                              names=", ".join(OBJECTIVES), value=objective))
    if pricing not in PRICING:
        raise ValueError(Text("pricing must be one of {names}, got {value}",
                              names=", ".join(PRICING), value=pricing))
    target = scenario.availability_target if availability_target is None else (
        availability_target or None)
    runner = executor if executor is not None else default_executor()
    split = scenario.hybrid
    n = len(scenario.systems)
    cache: dict[tuple[Assignment, ...], SplitScore] = {}

    hours = work_hours(scenario)

    def plan(assignments: tuple[Assignment, ...]) -> Plan:
        return scope_plan(scenario, assignments, pricing, hours)

    def scores(candidates: list[tuple[Assignment, ...]]) -> list[SplitScore]:
        todo = [a for a in dict.fromkeys(candidates) if a not in cache]
        results = runner.map(_evaluate, [(scenario, plan(a), objective, trials, seed)
                                         for a in todo])
        cache.update(zip(todo, results, strict=True))
        if progress is not None:
            progress(len(cache))
        return [cache[a] for a in candidates]

    def within(score: SplitScore) -> tuple[bool, float, float]:
        return (not score.feasible, round(score.shortfall(target), 12), score.objective)

    def cost(score: SplitScore) -> tuple[bool, float, float]:
        return (not score.feasible, score.objective, 0.0)

    cells = [(i, name) for i in range(n) for name in SCOPE_FIELDS]
    current = tuple(split.for_system(s.name) for s in scenario.systems)
    starts = [current, (Assignment.everything(Party.in_house),) * n,
              (Assignment.everything(Party.vendor),) * n]

    def descend(key) -> tuple[tuple[Assignment, ...], SplitScore]:
        best = None
        for start in starts:
            here = start
            (score,) = scores([here])
            while True:
                neighbours = [_flip(here, i, name) for i, name in cells]
                options = scores(neighbours)
                k = min(range(len(options)), key=lambda j: key(options[j]))
                if key(options[k]) >= key(score):
                    break
                here, score = neighbours[k], options[k]
            if best is None or key(score) < key(best[1]):
                best = (here, score)
        return best

    best_assign, best_score = descend(within)
    feasible = best_score.shortfall(target) == 0.0
    cheapest, cheapest_score = (None, None) if feasible else descend(cost)
    # "Current" is the hybrid strategy exactly as the cost comparison prices it.
    current_score = _evaluate((scenario, plan_for(scenario, Strategy.hybrid), objective, trials,
                               seed))
    reasons = _reasons(scenario, best_assign, best_score, cells,
                       scores([_flip(best_assign, i, name) for i, name in cells]), target,
                       hours)
    def p90(chosen: Plan, score: SplitScore) -> float:
        """Simulated P90 of a plan: the objective itself when that is what was minimised."""
        if objective == "p90" or not np.isfinite(score.objective):
            return score.objective
        total = simulate(scenario, chosen, trials, seed, keep_incidents=False)
        return float(np.quantile(total.total_cost, 0.9))

    current_p90 = p90(plan_for(scenario, Strategy.hybrid), current_score)
    best_p90 = p90(plan(best_assign), best_score)
    return ScopeResult(
        objective=objective, availability_target=target, pricing=pricing,
        currency=scenario.finance.currency,
        systems=tuple(s.name for s in scenario.systems), current=current, best=best_assign,
        current_score=current_score, best_score=best_score, current_p90=current_p90,
        best_p90=best_p90, feasible=feasible, cells=reasons, evaluations=len(cache),
        cheapest=cheapest, cheapest_score=cheapest_score)


def _reasons(scenario: Scenario, best: tuple[Assignment, ...], score: SplitScore,
             cells: list[tuple[int, str]], flips: list[SplitScore],
             target: float | None, hours: np.ndarray) -> tuple[ScopeCell, ...]:
    """Why each cell went where it did: what flipping it alone would do ("no_work" where the
    cell has no work hours at all, whatever a flip moves)."""
    out = []
    for (i, name), flipped in zip(cells, flips, strict=True):
        party = getattr(best[i], name)
        system = scenario.systems[i].name
        change = flipped.objective - score.objective
        if hours[i, SCOPE_FIELDS.index(name)] <= 0:
            out.append(ScopeCell(system, name, party, change, "no_work"))
            continue
        if flipped.shortfall(target) > score.shortfall(target) + 1e-12:
            worst = int(np.argmin(flipped.availability - score.availability))
            out.append(ScopeCell(system, name, party, change, "availability_target",
                                 limiting_system=scenario.systems[worst].name,
                                 limiting_availability=float(flipped.availability[worst])))
            continue
        delta = flipped.lines - score.lines
        if abs(change) <= 1e-6 * max(1.0, abs(score.objective)):
            out.append(ScopeCell(system, name, party, change, ""))
            continue
        line = COST_LINES[int(np.argmax(delta))] if change > 0 else COST_LINES[
            int(np.argmin(delta))]
        out.append(ScopeCell(system, name, party, change, line,
                             float(delta[COST_LINES.index(line)])))
    return tuple(out)
