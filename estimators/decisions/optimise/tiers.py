"""Vendor tier: the cheapest contract option that meets the availability target.

The options are the scenario's contract and each of its ``vendor_tiers`` (the terms a tier
changes: fee, coverage, response and resolution targets, ...). Each is costed with the expected
model under the chosen strategy and simulated, and the availability that decides is the
simulated mean per system (outage-equivalent hours, as everywhere): an option meets the target
when every system's mean availability reaches it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from estimators.calendars.coverage import HOURS_PER_YEAR
from estimators.costs.expected import strategy_costs
from estimators.engine.simulation import simulate
from estimators.queueing import UnstableQueueError
from estimators.scenario import Scenario
from estimators.scenario.strategies import Strategy

__all__ = ["TierOption", "TierResult", "choose_vendor_tier"]

CURRENT = "Current contract"


@dataclass(frozen=True)
class TierOption:
    """One contract option: its expected cost and simulated availability and cost risk."""

    name: str
    monthly_fee: float
    annual_cost: float
    p90_cost: float
    min_availability: float
    availability: dict[str, float]
    meets: bool

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class TierResult:
    strategy: Strategy
    availability_target: float
    currency: str
    options: tuple[TierOption, ...]
    best: TierOption | None

    def to_dict(self) -> dict:
        return {"strategy": self.strategy.value, "availability_target": self.availability_target,
                "currency": self.currency, "options": [o.to_dict() for o in self.options],
                "best": None if self.best is None else self.best.name}


def choose_vendor_tier(scenario: Scenario, strategy: Strategy | str = Strategy.outsourced,
                       availability_target: float | None = None, trials: int = 2_000,
                       seed: int = 0) -> TierResult:
    """Cost and simulate every contract option; the cheapest meeting the target wins."""
    strategy = Strategy(strategy)
    target = scenario.availability_target if availability_target is None else \
        availability_target
    options = []
    for name, contract in [(CURRENT, scenario.contract)] + [
            (t.name, t.apply(scenario.contract)) for t in scenario.vendor_tiers]:
        variant = scenario.model_copy(update={"contract": contract})
        cost = strategy_costs(variant, strategy).annual_total
        try:
            result = simulate(variant, strategy, trials, seed, keep_incidents=False)
        except UnstableQueueError:
            continue
        availability = 1.0 - result.outage_hours_by_system.mean(axis=0) / HOURS_PER_YEAR
        options.append(TierOption(
            name, contract.monthly_fee, cost, float(np.quantile(result.total_cost, 0.9)),
            float(availability.min()),
            dict(zip(result.systems, availability.tolist(), strict=True)),
            bool(availability.min() >= target)))
    meeting = [o for o in options if o.meets]
    best = min(meeting, key=lambda o: o.annual_cost) if meeting else None
    return TierResult(strategy, target, scenario.finance.currency, tuple(options), best)
