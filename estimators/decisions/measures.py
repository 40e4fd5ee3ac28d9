"""What a sensitivity analysis measures: a strategy's cost, a cost difference, or downtime.

A :class:`Measure` is a typed value; its :attr:`~Measure.key` is the string the JSON output
and the command line use (``"in_house"``, ``"outsourced-in_house"``, ``"outage:in_house"``),
and :meth:`Measure.parse` reads such a string back. Nothing else should take a key apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from estimators.scenario.strategies import Strategy

__all__ = ["COSTS", "GAPS", "MEASURES", "MONEY_MEASURES", "OUTAGES", "Measure", "MeasureKind"]

OUTAGE_PREFIX = "outage:"
GAP_SEPARATOR = "-"


class MeasureKind(StrEnum):
    cost = "cost"
    """A strategy's expected annual cost (money)."""
    gap = "gap"
    """A strategy's cost minus a baseline strategy's (money): what decides between them."""
    outage = "outage"
    """A strategy's outage-equivalent hours a year (hours): its availability."""


@dataclass(frozen=True)
class Measure:
    """One measured quantity of the sensitivity analyses.

    Attributes:
        kind: cost, gap (cost of ``strategy`` minus cost of ``baseline``) or outage.
        strategy: the strategy measured.
        baseline: the strategy subtracted, for a gap only (else None).
    """

    kind: MeasureKind
    strategy: Strategy
    baseline: Strategy | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", MeasureKind(self.kind))
        object.__setattr__(self, "strategy", Strategy(self.strategy))
        if self.kind is MeasureKind.gap:
            if self.baseline is None:
                raise ValueError("a gap measure needs a baseline strategy")
            object.__setattr__(self, "baseline", Strategy(self.baseline))
            if self.baseline is self.strategy:
                raise ValueError(f"a gap measure needs two different strategies, not "
                                 f"{self.strategy.value} twice")
        elif self.baseline is not None:
            raise ValueError(f"a {self.kind.value} measure has no baseline strategy")

    @classmethod
    def cost(cls, strategy: Strategy | str) -> Measure:
        """The expected annual cost of ``strategy``."""
        return cls(MeasureKind.cost, Strategy(strategy))

    @classmethod
    def gap(cls, strategy: Strategy | str, baseline: Strategy | str) -> Measure:
        """The cost of ``strategy`` minus the cost of ``baseline``."""
        return cls(MeasureKind.gap, Strategy(strategy), Strategy(baseline))

    @classmethod
    def outage(cls, strategy: Strategy | str) -> Measure:
        """The outage-equivalent hours a year of ``strategy``."""
        return cls(MeasureKind.outage, Strategy(strategy))

    @property
    def in_hours(self) -> bool:
        """True for hours of downtime, False for money."""
        return self.kind is MeasureKind.outage

    @property
    def key(self) -> str:
        """The measure as the JSON output names it: ``"in_house"``, ``"outsourced-in_house"``
        or ``"outage:in_house"``."""
        if self.kind is MeasureKind.gap:
            return f"{self.strategy.value}{GAP_SEPARATOR}{self.baseline.value}"
        if self.kind is MeasureKind.outage:
            return f"{OUTAGE_PREFIX}{self.strategy.value}"
        return self.strategy.value

    @classmethod
    def parse(cls, key: str) -> Measure:
        """The measure a :attr:`key` names; ValueError for anything else."""
        if not isinstance(key, str):
            raise ValueError(f"a measure key must be text, not {type(key).__name__}")
        strategies = ", ".join(s.value for s in Strategy)
        expected = (f"expected a strategy ({strategies}), two different strategies joined by "
                    f"'{GAP_SEPARATOR}' (a cost difference) or '{OUTAGE_PREFIX}' and a strategy "
                    "(downtime)")

        def strategy(part: str) -> Strategy:
            try:
                return Strategy(part)
            except ValueError:
                raise ValueError(f"{key!r} is not a measure: {part!r} is not a strategy; "
                                 f"{expected}") from None

        if key.startswith(OUTAGE_PREFIX):
            return cls.outage(strategy(key.removeprefix(OUTAGE_PREFIX)))
        parts = key.split(GAP_SEPARATOR)
        if len(parts) == 1:
            return cls.cost(strategy(key))
        if len(parts) == 2:
            a, b = strategy(parts[0]), strategy(parts[1])
            if a is b:
                raise ValueError(f"{key!r} is not a measure: a cost difference needs two "
                                 f"different strategies; {expected}")
            return cls.gap(a, b)
        raise ValueError(f"{key!r} is not a measure: {expected}")


GAPS = (Measure.gap(Strategy.outsourced, Strategy.in_house),
        Measure.gap(Strategy.hybrid, Strategy.in_house))
"""The cost differences the analyses compute: each alternative minus in-house."""
COSTS = tuple(Measure.cost(s) for s in Strategy)
"""Each strategy's expected annual cost."""
OUTAGES = tuple(Measure.outage(s) for s in Strategy)
"""Each strategy's outage-equivalent hours a year."""
MONEY_MEASURES = (*GAPS, *COSTS)
"""The money measures, differences first (what decides): the Sobol indices' choices."""
MEASURES = (*MONEY_MEASURES, *OUTAGES)
"""Every measure the tornado offers, in the order a page lists them."""
