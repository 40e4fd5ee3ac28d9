"""Uncertain inputs varied from one Monte Carlo trial-year to the next.

The engine can vary, per trial, the inputs it uses in a way that stays vectorised:

* incident rates — ``effects.incident_rate_multiplier`` and
  ``systems.<i>.incidents.<severity>.rate_per_year`` (the trial's Poisson means);
* repair times — ``systems.<i>.incidents.<severity>.repair.median_hours`` (every family is
  parameterised by its median, so the draws and their mean scale with it);
* any input the cost lines read (:data:`PRICE_PATHS`: fees, rates, loaded costs, downtime cost
  per hour, ...), priced per trial.

Inputs that change the team's size, the calendars or the queue discipline shape the whole
simulation and cannot vary inside one run; they are refused here with that reason (the
tornado and break-even analyses still vary them, on the expected model).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from estimators.calendars.timeline import planned_work_effect, stated_rates
from estimators.scenario import SEVERITIES, Scenario
from estimators.scenario.ranges import Uncertainty
from estimators.text import Text

__all__ = ["PRICE_PATHS", "TrialInputs", "UnsupportedInputError", "trial_inputs"]

PRICE_PATHS = re.compile(
    r"team\.levels\.\d+\.(annual_loaded_cost|training_cost_per_year)"
    r"|team\.on_call\.(allowance_per_week|callout_premium)"
    r"|team\.(attrition_rate|attrition_per_weekly_night_page|recruiting_cost"
    r"|tools_cost_per_year)"
    r"|effects\.(overtime_premium|predictive_tooling_cost_per_year)"
    r"|contract\.(monthly_fee|included_hours_per_month|overage_rate|management_fte"
    r"|management_cost_per_fte|transition_cost|onsite_visit_fee)"
    r"|contract\.terms\.\w+\.per_incident_fee"
    r"|systems\.\d+\.hardware\.(parts_cost_per_year|parts_cost_per_incident)"
    r"|systems\.\d+\.downtime_cost_per_hour"
)
"""Inputs read only when the year's activity is priced (estimators.costs.lines)."""
RATE = re.compile(r"systems\.(\d+)\.incidents\.(\w+)\.rate_per_year")
REPAIR = re.compile(r"systems\.(\d+)\.incidents\.(\w+)\.repair\.median_hours")
MULTIPLIER = "effects.incident_rate_multiplier"


class UnsupportedInputError(ValueError):
    """An uncertain input the Monte Carlo cannot vary from trial to trial."""


@dataclass(frozen=True)
class TrialInputs:
    """Per-trial values of uncertain inputs, as the engine uses them.

    Attributes:
        inputs: the uncertain inputs, in column order of ``values``.
        values: the sampled values, shape (trials, inputs).
        rates: incident rates per trial after every effect, shape (trials, systems, severities),
            or None when no rate varies.
        repair_factor: repair-time scale per trial, same shape, or None.
        prices: per-trial values of priced inputs by dotted path, each shape (trials,).
    """

    inputs: tuple[Uncertainty, ...]
    values: np.ndarray
    rates: np.ndarray | None
    repair_factor: np.ndarray | None
    prices: dict[str, np.ndarray]

    def rows(self, first: int, count: int) -> TrialInputs:
        """The inputs of trials ``first`` to ``first + count``."""
        part = slice(first, first + count)
        return TrialInputs(
            self.inputs, self.values[part],
            None if self.rates is None else self.rates[part],
            None if self.repair_factor is None else self.repair_factor[part],
            {k: v[part] for k, v in self.prices.items()})


def _cell(match: re.Match) -> tuple[int, int]:
    """(system, severity) of a per-cell path."""
    return int(match.group(1)), SEVERITIES.index(match.group(2))


def trial_inputs(scenario: Scenario, inputs: list[Uncertainty] | tuple[Uncertainty, ...],
                 values: np.ndarray) -> TrialInputs:
    """Map sampled values (trials × inputs) onto what the engine varies per trial.

    Raises :class:`UnsupportedInputError` for an input the engine cannot vary, or for values
    outside what the input allows (negative amounts or rates, non-positive repair medians).
    """
    values = np.asarray(values, dtype=float)
    if values.ndim != 2 or values.shape[1] != len(inputs):
        raise ValueError(f"values must be (trials, {len(inputs)}), got {values.shape}")
    n = values.shape[0]
    stated = stated_rates(scenario)
    raw = multiplier = repair = None
    prices: dict[str, np.ndarray] = {}
    for k, item in enumerate(inputs):
        column = values[:, k]
        base = scenario.number_at(item.path)  # also names a missing path
        if not np.isfinite(column).all() or column.min() < 0:
            raise UnsupportedInputError(Text(
                "the range on {name} gives values below zero (as low as {low:.4g}); use a range "
                "that stays at or above 0 (for example PERT, triangular or lognormal)",
                name=item.name, low=float(np.nanmin(column))))
        if PRICE_PATHS.fullmatch(item.path):
            prices[item.path] = column
        elif item.path == MULTIPLIER:
            multiplier = column
        elif match := RATE.fullmatch(item.path):
            if raw is None:
                raw = np.broadcast_to(stated, (n, *stated.shape)).copy()
            raw[(slice(None), *_cell(match))] = column
        elif match := REPAIR.fullmatch(item.path):
            if column.min() <= 0:
                raise UnsupportedInputError(Text(
                    "the range on {name} must stay above 0 hours", name=item.name))
            if repair is None:
                repair = np.ones((n, *stated.shape))
            repair[(slice(None), *_cell(match))] = column / base
        else:
            raise UnsupportedInputError(Text(
                "{name} cannot vary from one simulated year to the next (it shapes the team, "
                "the calendars or the contract's timing); the tornado and break-even analyses "
                "still vary it", name=item.name))
    rates = None
    if raw is not None or multiplier is not None:
        m = scenario.effects.incident_rate_multiplier if multiplier is None else multiplier
        rates = (stated if raw is None else raw) * planned_work_effect(scenario)[:, None] * (
            np.reshape(m, (-1, 1, 1)) if np.ndim(m) else m)
        rates = np.broadcast_to(rates, (n, *stated.shape))
    return TrialInputs(tuple(inputs), values, rates, repair, prices)
