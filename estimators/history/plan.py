"""What calibrating a scenario from a history would change, before anything changes.

A :class:`CalibrationPlan` holds one :class:`PlanRow` per system and severity: the scenario's
incident rate (incidents a year) and repair time (hours) now, what the history says, and a
:class:`Decision` for each — applied, applied only once the user confirms it, or kept — with the
reasons as :class:`Finding` codes and values (words for them live in
:mod:`estimators.presentation.calibration`). :meth:`CalibrationPlan.apply` makes the calibrated
scenario; :func:`estimators.history.calibrate.calibration_preview` makes the plan
(docs/model.md §19, "Calibration").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import pandas as pd

from estimators.scenario import RepairTime, Scenario

__all__ = ["CalibrationPlan", "Decision", "Finding", "PlanRow"]


class Decision(StrEnum):
    """What happens to one figure of the scenario when the plan is applied."""

    use = "use"
    """The history's figure replaces the scenario's."""
    confirm = "confirm"
    """The history's figure replaces the scenario's only if the user confirms it (it differs
    from the scenario's by more than the mismatch factor)."""
    keep = "keep"
    """The scenario's figure stays (the history cannot estimate it, or says nothing)."""

    def applies(self, confirmed: bool) -> bool:
        """Whether the history's figure is used, given the user's confirmation."""
        return self is Decision.use or (self is Decision.confirm and confirmed)


@dataclass(frozen=True)
class Finding:
    """One reason or warning: a code (``"span_too_short"``) and the numbers behind it
    (``{"days": 2.6, "min_days": 30}``). Interfaces word it; the model only names it."""

    code: str
    values: Mapping[str, float | int | str] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanRow:
    """One system and severity: the scenario's figures, the history's, and what happens.

    Attributes:
        system, severity: the scenario's system name and ``"S1"``/``"S2"``/``"S3"``.
        old_rate: the scenario's stated rate, incidents a year (0 when it has none).
        new_rate: the history's rate for this cell, incidents a year; None when the history
            says nothing about the system.
        incidents: the history's incidents behind ``new_rate`` (the severity's total when the
            rate is shared over the systems).
        rate: what happens to the rate.
        old_repair, new_repair: the scenario's repair time and the history's best fit for the
            severity (None when there is none).
        repair: what happens to the repair time.
        findings: why, for this row.
    """

    system: str
    severity: str
    old_rate: float
    new_rate: float | None
    incidents: int
    rate: Decision
    old_repair: RepairTime | None
    new_repair: RepairTime | None
    repair: Decision
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class CalibrationPlan:
    """What :func:`~estimators.history.calibrate.calibration_preview` found.

    Attributes:
        rows: one per system and severity, in scenario order.
        findings: about the whole history (its span, its volume, how repair times were
            measured, how systems were matched).
        span_days: the history's observation span (opened times, docs/model.md §19), days.
        start: where repair times were measured from, ``"acknowledged"`` or ``"opened"``.
    """

    rows: tuple[PlanRow, ...]
    findings: tuple[Finding, ...]
    span_days: float
    start: str

    @property
    def needs_confirmation(self) -> bool:
        """Whether some figure is applied only once the user confirms it."""
        return any(Decision.confirm in (r.rate, r.repair) for r in self.rows)

    def counts(self, confirmed: bool = False) -> tuple[int, int]:
        """How many rates and how many repair times applying the plan changes."""
        rates = sum(r.rate.applies(confirmed) and r.new_rate is not None
                    and r.new_rate != r.old_rate for r in self.rows)
        repairs = sum(r.repair.applies(confirmed) and r.new_repair is not None
                      and r.new_repair != r.old_repair
                      and (r.old_repair is not None or r.rate.applies(confirmed))
                      for r in self.rows)
        return int(rates), int(repairs)

    def changes(self, confirmed: bool = False) -> bool:
        """Whether applying the plan changes the scenario at all."""
        return sum(self.counts(confirmed)) > 0

    def has(self, code: str) -> bool:
        """Whether any finding, about the history or a row, has ``code``."""
        return any(f.code == code for f in self.findings) or any(
            f.code == code for r in self.rows for f in r.findings)

    def apply(self, scenario: Scenario, confirmed: bool = False) -> Scenario:
        """A validated copy of ``scenario`` with the plan's figures: those decided ``use``, and
        those decided ``confirm`` when ``confirmed``. Everything else stays as it was.

        Rates are written as stated rates (``rate_per_year``), so the planned-work effects of
        docs/model.md §5 still apply on top of them. A severity a system did not have gets a
        profile only when its rate is applied (with the scenario's default repair time unless
        the fitted one is applied too).
        """
        data = scenario.model_dump(mode="json")
        systems = {s["name"]: s for s in data["systems"]}
        for row in self.rows:
            if row.system not in systems:
                raise ValueError(f"the plan is for another scenario: no system {row.system!r}")
            incidents = systems[row.system]["incidents"]
            take_rate = row.rate.applies(confirmed) and row.new_rate is not None
            take_repair = row.repair.applies(confirmed) and row.new_repair is not None
            if row.severity not in incidents:
                if not take_rate:
                    continue
                incidents[row.severity] = {"rate_per_year": 0.0,
                                           "repair": RepairTime(median_hours=1.0).model_dump()}
            if take_rate:
                incidents[row.severity]["rate_per_year"] = float(row.new_rate)
            if take_repair:
                incidents[row.severity]["repair"] = row.new_repair.model_dump(mode="json")
        return Scenario.model_validate(data)

    def to_frame(self) -> pd.DataFrame:
        """One row per system and severity, in the model's keys and units (rates a year,
        hours); interfaces word it (:func:`estimators.presentation.calibration.plan_table`)."""
        def hours(repair: RepairTime | None, what: str) -> float:
            return float("nan") if repair is None else float(getattr(repair, what))

        return pd.DataFrame([{
            "system": r.system, "severity": r.severity,
            "old_rate_per_year": r.old_rate,
            "new_rate_per_year": float("nan") if r.new_rate is None else r.new_rate,
            "incidents": r.incidents, "rate": r.rate.value,
            "old_median_hours": hours(r.old_repair, "median_hours"),
            "new_median_hours": hours(r.new_repair, "median_hours"),
            "old_mean_hours": hours(r.old_repair, "mean_hours"),
            "new_mean_hours": hours(r.new_repair, "mean_hours"),
            "new_distribution": None if r.new_repair is None else r.new_repair.distribution,
            "repair": r.repair.value,
            "findings": [f.code for f in r.findings],
        } for r in self.rows])
