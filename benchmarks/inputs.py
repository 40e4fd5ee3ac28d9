"""Uncertain inputs for the sensitivity benchmarks: the defaults, then rates and repair medians."""

from __future__ import annotations

from estimators.scenario import Scenario
from estimators.scenario.ranges import Uncertainty
from estimators.scenario.uncertainty import default_uncertainties


def many_inputs(scenario: Scenario, count: int) -> list[Uncertainty]:
    """``count`` inputs: the default ranges, topped up with incident rates and repair medians
    per system and severity (triangular, −30 %/+50 %)."""
    inputs = default_uncertainties(scenario)
    for i, system in enumerate(scenario.systems):
        for severity, profile in system.incidents.items():
            for field, value in (("rate_per_year", profile.rate_per_year),
                                 ("repair.median_hours", profile.repair.median_hours)):
                if len(inputs) < count and value > 0:
                    inputs.append(Uncertainty(
                        path=f"systems.{i}.incidents.{severity.value}.{field}",
                        distribution="triangular", low=0.7 * value, mode=value,
                        high=1.5 * value))
    if len(inputs) < count:
        raise ValueError(f"the scenario offers only {len(inputs)} inputs")
    return inputs[:count]
