"""The cost-line formulas of DOMAIN.md section 5, shared by the expected and the simulated model.

Both models first measure what happened in a year, an :class:`Activity` (incidents, hours worked,
pages, visits, outage hours, credits), then price it here. The expected model passes expected
values (arrays of shape (systems, ...)); the Monte Carlo engine passes one row per trial-year
(shape (trials, systems, ...)), so every formula exists once. Money in the scenario's currency,
per year; the formulas are listed in :mod:`estimators.costs`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .scenario import PLANNED_TYPES, SEVERITIES, MaintenanceType, Party, Scenario
from .strategies import Plan
from .timeline import TeamMix

__all__ = ["COST_LINES", "TYPES", "Activity", "LineAmount", "cost_lines", "planned_hours"]

COST_LINES: tuple[str, ...] = (
    "labour",
    "on_call",
    "training",
    "attrition",
    "tools",
    "vendor_fixed",
    "vendor_overage",
    "vendor_per_incident",
    "vendor_management",
    "transition",
    "parts_and_onsite",
    "downtime",
    "service_credits",
)
"""Cost lines of DOMAIN.md section 5, in display order."""

TYPES: tuple[MaintenanceType, ...] = tuple(MaintenanceType)


@dataclass(frozen=True)
class Activity:
    """What happened in a year, expected or simulated; ``...`` is () or (trials,).

    Attributes:
        incidents: incidents, shape (..., systems, severities).
        vendor_incidents: incidents the vendor responded to or repaired, same shape.
        in_house_hours: in-house labour on incidents, hours, shape (..., systems).
        vendor_hours: vendor labour on incidents, hours, shape (..., systems).
        vendor_visits: vendor on-site visits, shape (..., systems).
        pages: off-hours on-call pages, shape (..., systems).
        parts_incidents: hardware incidents whose parts the organisation pays, (..., systems).
        outage_hours: downtime weighted by severity impact, hours, shape (..., systems).
        credit_fees: service credits in monthly fees (after the cap), shape (..., systems).
    """

    incidents: np.ndarray
    vendor_incidents: np.ndarray
    in_house_hours: np.ndarray
    vendor_hours: np.ndarray
    vendor_visits: np.ndarray
    pages: np.ndarray
    parts_incidents: np.ndarray
    outage_hours: np.ndarray
    credit_fees: np.ndarray


@dataclass(frozen=True)
class LineAmount:
    """One cost line: amounts placed at a system, plus a shared total to allocate.

    Attributes:
        direct: amount arising at each system, shape (..., systems), in maintenance-type
            column ``column``.
        shared: amount shared by the whole strategy, shape (...), allocated pro rata to the
            hours of ``party``.
    """

    direct: np.ndarray
    shared: np.ndarray
    column: int = 0
    party: Party = Party.in_house

    def total(self) -> np.ndarray:
        return self.direct.sum(axis=-1) + self.shared


def planned_hours(scenario: Scenario, plan: Plan, party: Party) -> np.ndarray:
    """Planned hours per year done by ``party``, shape (systems, types); corrective column 0."""
    hours = np.zeros((len(scenario.systems), len(TYPES)))
    for i, (system, assign) in enumerate(zip(scenario.systems, plan.assignments, strict=True)):
        for kind in PLANNED_TYPES:
            if assign.planned_party(kind) is party:
                hours[i, TYPES.index(kind)] = system.planned(kind)
    return hours


def cost_lines(
    scenario: Scenario, plan: Plan, mix: TeamMix, activity: Activity
) -> dict[str, LineAmount]:
    """Price an activity: every cost line for the plan, per system and shared."""
    team, contract, fx, fin = scenario.team, scenario.contract, scenario.effects, scenario.finance
    batch = activity.in_house_hours.shape[:-1]
    n_sys = len(scenario.systems)
    zeros_s = np.zeros((*batch, n_sys))
    zeros_b = np.zeros(batch)

    def line(direct=None, shared=None, column=0, party=Party.in_house) -> LineAmount:
        d = zeros_s if direct is None else np.broadcast_to(direct, zeros_s.shape)
        s = zeros_b if shared is None else np.broadcast_to(shared, batch)
        return LineAmount(np.asarray(d, dtype=float), np.asarray(s, dtype=float), column, party)

    out = {name: line() for name in COST_LINES}

    # --- in-house team
    if plan.uses_team:
        fte, total_fte = mix.fte, mix.total
        base = float(fte @ np.array([lv.annual_loaded_cost for lv in team.levels]))
        worked = activity.in_house_hours.sum(axis=-1) + planned_hours(
            scenario, plan, Party.in_house).sum()
        overtime_cost = zeros_b
        if total_fte > 0:
            capacity = total_fte * team.net_hours_per_fte * team.maintenance_share
            hourly = base / (total_fte * team.net_hours_per_fte)
            overtime_cost = np.maximum(0.0, worked - capacity) * hourly * (1 + fx.overtime_premium)
        out["labour"] = line(shared=base + overtime_cost)
        training = float(fte @ np.array([lv.training_cost_per_year for lv in team.levels]))
        out["training"] = line(shared=training)
        on_call = team.on_call
        allowance = (
            52.0 * on_call.allowance_per_week
            if on_call.enabled and team.coverage.mode != "24x7" and mix.coverage_fte > 0
            else 0.0
        )
        out["on_call"] = line(direct=activity.pages * on_call.callout_premium, shared=allowance)
        if total_fte > 0:
            per_engineer_week = activity.pages.sum(axis=-1) / 52.0 / total_fte
            rate = np.minimum(
                1.0, team.attrition_rate + team.attrition_per_weekly_night_page * per_engineer_week
            )
            ramp = float(mix.weights @ np.array([lv.ramp_up_months for lv in team.levels]))
            replacement = team.recruiting_cost + base / total_fte / 12.0 * ramp * 0.5
            out["attrition"] = line(shared=rate * total_fte * replacement)
        team_tools = team.tools_cost_per_year
    else:
        team_tools = 0.0
    # Predictive tooling is the organisation's in every strategy, spread over the systems by
    # their predictive hours (evenly when none has any).
    hours = np.array([s.planned(MaintenanceType.predictive) for s in scenario.systems])
    share = hours / hours.sum() if hours.sum() > 0 else np.full(n_sys, 1.0 / n_sys)
    out["tools"] = line(direct=fx.predictive_tooling_cost_per_year * share, shared=team_tools,
                        column=TYPES.index(MaintenanceType.predictive))

    # --- vendor
    if plan.uses_vendor:
        fee = contract.monthly_fee * plan.vendor_scale
        vendor = Party.vendor
        out["vendor_fixed"] = line(shared=12.0 * fee, party=vendor)
        included = 12.0 * contract.included_hours_per_month * plan.vendor_scale
        billed = activity.vendor_hours.sum(axis=-1) + planned_hours(scenario, plan, vendor).sum()
        out["vendor_overage"] = line(
            shared=np.maximum(0.0, billed - included) * contract.overage_rate, party=vendor)
        per_fee = np.array([contract.terms[v].per_incident_fee for v in SEVERITIES])
        out["vendor_per_incident"] = line(direct=activity.vendor_incidents @ per_fee)
        out["vendor_management"] = line(
            shared=contract.management_fte * contract.management_cost_per_fte, party=vendor)
        out["transition"] = line(shared=contract.transition_cost / fin.horizon_years,
                                 party=vendor)
        out["service_credits"] = line(direct=-activity.credit_fees * fee)

    # --- parts, on-site visits and downtime (every strategy)
    annual_parts = np.zeros(n_sys)
    per_incident = np.zeros(n_sys)
    for i, system in enumerate(scenario.systems):
        if system.hardware is None:
            continue
        vendor_pays = contract.parts_included and plan.assignments[i].recovery is Party.vendor
        annual_parts[i] = 0.0 if vendor_pays else system.hardware.parts_cost_per_year
        per_incident[i] = system.hardware.parts_cost_per_incident
    out["parts_and_onsite"] = line(
        direct=annual_parts + activity.parts_incidents * per_incident
        + activity.vendor_visits * contract.onsite_visit_fee)
    cost_per_hour = np.array([s.downtime_cost_per_hour for s in scenario.systems])
    out["downtime"] = line(direct=activity.outage_hours * cost_per_hour)
    return out
