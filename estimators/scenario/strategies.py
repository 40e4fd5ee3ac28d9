"""The three strategies, resolved into who does what on each system and what is kept.

* ``in_house``: the team does everything; no vendor.
* ``outsourced``: the vendor does everything; the in-house team is not kept.
* ``hybrid``: the scenario's :class:`~estimators.scenario.HybridSplit` says who does what per
  system; ``team_scale`` of the team and ``vendor_fee_scale`` of the contract are kept.

Every estimator works from a :class:`Plan`, so adding a strategy (e.g. an optimised split) means
building another plan, not another cost model.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from estimators.scenario import Assignment, Party, Scenario

__all__ = ["Plan", "Strategy", "plan_for"]


class Strategy(StrEnum):
    in_house = "in_house"
    outsourced = "outsourced"
    hybrid = "hybrid"


@dataclass(frozen=True)
class Plan:
    """A strategy applied to a scenario.

    Attributes:
        strategy: the strategy this plan implements.
        assignments: who does what, one per system in scenario order.
        team_scale: share of each skill level's headcount kept (0-1).
        vendor_scale: share of the vendor's fixed fee and included hours bought (0-1).
    """

    strategy: Strategy
    assignments: tuple[Assignment, ...]
    team_scale: float
    vendor_scale: float

    @property
    def uses_team(self) -> bool:
        return any(a.uses(Party.in_house) for a in self.assignments)

    @property
    def uses_vendor(self) -> bool:
        return any(a.uses(Party.vendor) for a in self.assignments)


def plan_for(scenario: Scenario, strategy: Strategy | str) -> Plan:
    """Resolve a strategy into a :class:`Plan` for ``scenario``."""
    strategy = Strategy(strategy)
    n = len(scenario.systems)
    if strategy is Strategy.in_house:
        plan = Plan(strategy, (Assignment.everything(Party.in_house),) * n, 1.0, 0.0)
    elif strategy is Strategy.outsourced:
        plan = Plan(strategy, (Assignment.everything(Party.vendor),) * n, 0.0, 1.0)
    else:
        split = scenario.hybrid
        assignments = tuple(split.for_system(s.name) for s in scenario.systems)
        plan = Plan(strategy, assignments, split.team_scale, split.vendor_fee_scale)
    return settled(plan)


def settled(plan: Plan) -> Plan:
    """The plan with an idle party keeping nothing (a split may leave the team or vendor idle)."""
    return replace(plan, team_scale=plan.team_scale if plan.uses_team else 0.0,
                   vendor_scale=plan.vendor_scale if plan.uses_vendor else 0.0)
