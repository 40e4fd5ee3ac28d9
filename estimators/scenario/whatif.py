"""What-if changes to a scenario: the few inputs that move cost most, applied in one place.

The dashboard's sliders and any script use the same function, so a number shown after moving a
slider is exactly what ``compare_strategies(apply_what_if(...))`` returns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from estimators.scenario import Scenario
from estimators.scenario.team import kept_headcount

__all__ = ["COVERAGE_CHOICES", "WhatIf", "apply_what_if", "what_if_of"]

CoverageChoice = Literal["business_hours", "business_hours_on_call", "24x7"]
COVERAGE_CHOICES: tuple[CoverageChoice, ...] = ("business_hours", "business_hours_on_call", "24x7")


@dataclass(frozen=True)
class WhatIf:
    """What-if inputs.

    Attributes:
        incident_rate_multiplier: scale on every incident rate (1 = as in the scenario).
        team_fte: total in-house FTE; each skill level keeps its share of the team, in whole
            people (:func:`~estimators.scenario.team.kept_headcount`: 2.5 FTE of a
            full-time team is 3 people).
        vendor_monthly_fee: the contract's fixed fee per month, in the scenario's currency.
        coverage: the in-house window: business hours, business hours with on-call, or 24x7.
    """

    incident_rate_multiplier: float
    team_fte: float
    vendor_monthly_fee: float
    coverage: CoverageChoice


def what_if_of(scenario: Scenario) -> WhatIf:
    """The what-if values a scenario has as it stands (the sliders' starting point)."""
    team = scenario.team
    if team.coverage.mode == "24x7":
        coverage: CoverageChoice = "24x7"
    else:
        coverage = "business_hours_on_call" if team.on_call.enabled else "business_hours"
    return WhatIf(
        incident_rate_multiplier=scenario.effects.incident_rate_multiplier,
        team_fte=team.headcount,
        vendor_monthly_fee=scenario.contract.monthly_fee,
        coverage=coverage,
    )


def apply_what_if(scenario: Scenario, what_if: WhatIf) -> Scenario:
    """A validated copy of ``scenario`` with the what-if values applied."""
    team = scenario.team
    current = team.headcount
    if current > 0:
        kept = kept_headcount(team.levels, what_if.team_fte / current)
        levels = [lv.model_copy(update={"headcount": h})
                  for lv, h in zip(team.levels, kept, strict=True)]
    else:
        first = team.levels[0]
        size = what_if.team_fte if first.part_time else float(math.ceil(what_if.team_fte - 1e-9))
        levels = [first.model_copy(update={"headcount": size}), *team.levels[1:]]
    if what_if.coverage == "24x7":
        coverage = team.coverage.model_copy(update={"mode": "24x7"})
        on_call = team.on_call
    else:
        mode = team.coverage.mode
        coverage = team.coverage if mode == "business_hours" else team.coverage.model_copy(
            update={"mode": "business_hours"})
        on_call = team.on_call.model_copy(
            update={"enabled": what_if.coverage == "business_hours_on_call"})
    data = scenario.model_dump()
    data["team"] = {**team.model_dump(), "levels": [lv.model_dump() for lv in levels],
                    "coverage": coverage.model_dump(), "on_call": on_call.model_dump()}
    data["contract"]["monthly_fee"] = what_if.vendor_monthly_fee
    data["effects"]["incident_rate_multiplier"] = what_if.incident_rate_multiplier
    return Scenario.model_validate(data)
