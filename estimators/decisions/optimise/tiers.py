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
import pandas as pd

from estimators.calendars.coverage import HOURS_PER_YEAR
from estimators.costs.expected import strategy_costs
from estimators.engine.simulation import simulate
from estimators.presentation.formatting import format_money
from estimators.presentation.i18n import tr
from estimators.queueing import UnstableQueueError
from estimators.scenario.model import Scenario
from estimators.scenario.strategies import Strategy
from estimators.text import Text

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
    message: Text

    def table(self, lang: str = "en") -> pd.DataFrame:
        """One row per contract option, as shown, in ``lang``."""
        def money(value: float) -> str:
            return format_money(value, self.currency)

        options = self.options
        return pd.DataFrame({
            tr("Option", lang): [tr(o.name, lang) for o in options],
            tr("Monthly fee", lang): [money(o.monthly_fee) for o in options],
            tr("Annual cost", lang): [money(o.annual_cost) for o in options],
            tr("P90 cost", lang): [money(o.p90_cost) for o in options],
            tr("Lowest system availability", lang): [f"{100 * o.min_availability:.3f} %"
                                                     for o in options],
            tr("Meets the target", lang): [o.meets for o in options]})

    def to_dict(self) -> dict:
        return {"strategy": self.strategy.value, "availability_target": self.availability_target,
                "currency": self.currency, "options": [o.to_dict() for o in self.options],
                "best": None if self.best is None else self.best.name,
                "message": str(self.message)}


def _name(option: TierOption) -> str:
    """An option's name in a message: the current contract's is translatable, tiers' are data."""
    return Text(CURRENT) if option.name == CURRENT else option.name


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
    if best is not None:
        message = Text("{name} is the cheapest option that keeps every system at {target:.2%} "
                       "or better", name=_name(best), target=target)
    elif options:
        closest = max(options, key=lambda o: o.min_availability)
        message = Text("no option keeps every system at {target:.2%}; the closest is {name} "
                       "at {value:.3%}", target=target, value=closest.min_availability,
                       name=_name(closest))
    else:
        message = Text("no option could be simulated")
    return TierResult(strategy, target, scenario.finance.currency, tuple(options), best, message)
