"""The cost-line formulas of docs/model.md §10, shared by the expected and the simulated model.

Both models first measure what happened in a year, an :class:`Activity` (incidents, hours worked,
pages, visits, outage hours, credits), then price it here. The expected model passes expected
values (arrays of shape (systems, ...)); the Monte Carlo engine passes one row per trial-year
(shape (trials, systems, ...)), so every formula exists once. Money in the scenario's currency,
per year; the formulas are listed in :mod:`estimators.costs`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from estimators.calendars.coverage import HOURS_PER_YEAR
from estimators.calendars.timeline import TeamMix
from estimators.scenario import PLANNED_TYPES, SEVERITIES, MaintenanceType, Party, Scenario
from estimators.scenario.strategies import Plan

__all__ = ["COLUMNS", "COST_LINES", "OPERATION_COLUMN", "PREMIUM_BANDS", "TYPES", "Activity",
           "LineAmount", "cap_outage_hours", "cap_with", "cost_lines", "planned_hours"]

COST_LINES: tuple[str, ...] = (
    "labour",
    "on_call",
    "training",
    "attrition",
    "tools",
    "vendor_fixed",
    "vendor_overage",
    "time_and_materials",
    "vendor_per_incident",
    "vendor_management",
    "transition",
    "parts_and_onsite",
    "downtime",
    "service_credits",
    "operation",
)
"""Cost lines of docs/model.md §10, in display order."""

TYPES: tuple[MaintenanceType, ...] = tuple(MaintenanceType)

# --- people (issue 15 §2): operation (運用) is not maintenance: its own column of the cube
OPERATION_COLUMN = len(TYPES)
"""Index of the operation column after the five maintenance types (docs/model.md §10)."""
COLUMNS: tuple[str, ...] = (*(t.value for t in TYPES), "operation")
"""Columns of the expected model's (line × system × column) cube: the maintenance types, then
operation, so every breakdown adds up to the same total."""
PREMIUM_BANDS: tuple[str, ...] = ("overtime", "holiday", "late_night")
"""Bands of :attr:`Activity.callout_hours`: in-house hours worked outside the team's window on
ordinary days, on the statutory holiday, and (either) between 22:00 and 05:00."""


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
        parts_incidents: hardware incidents whose parts the organisation pays,
            (..., systems, severities).
        outage_hours: downtime weighted by severity impact, hours, shape (..., systems).
        credit_fees: service credits in monthly fees (after the cap), shape (..., systems).
        priced_hours: the outage hours the downtime line prices, after each system's impact
            window, off-window factor and workaround (docs/model.md §10, "Business-impact
            hours"), shape (..., systems); ``None``: the outage hours themselves.
        business_hours: outage-equivalent hours inside each system's impact window, same
            shape; ``None``: the outage hours themselves.
        callout_hours: in-house repair hours worked outside the team's coverage window, per
            band of :data:`PREMIUM_BANDS` (ordinary day, statutory holiday, 22:00-05:00), hours,
            shape (..., systems, 3); None prices no premium.
        time_and_materials_hours: vendor hours billed at time and materials for in-house
            repairs escalated while their sole expert was absent (docs/model.md §7b), shape
            (..., systems); None when the run had no key-person events.
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
    priced_hours: np.ndarray | None = None
    business_hours: np.ndarray | None = None
    callout_hours: np.ndarray | None = None
    time_and_materials_hours: np.ndarray | None = None

    @property
    def downtime_hours(self) -> np.ndarray:
        """The outage hours the downtime line prices (see ``priced_hours``)."""
        return self.outage_hours if self.priced_hours is None else self.priced_hours


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


def cap_outage_hours(hours: np.ndarray) -> np.ndarray:
    """Outage-equivalent hours per system in a year, at most the hours in the year (docs/model.md
    §10, "Downtime cap").

    ``hours`` has one entry per system (per trial-year in the simulation), in hours. A system
    cannot be down longer than the year has: 8,760 hours (one 365-day year, docs/model.md §1).
    Sums of incidents' times to restore can exceed that only when rates × repair times are
    absurd (overlapping incidents counted twice); the cap then counts the whole year. An
    unbounded value (``inf``, an in-house queue past its capacity, §9) stays unbounded: that
    strategy has no finite answer, and its notice says why.
    """
    hours = np.asarray(hours, dtype=float)
    return np.where(np.isfinite(hours), np.minimum(hours, HOURS_PER_YEAR), hours)


def cap_with(hours: np.ndarray, *measures: np.ndarray) -> tuple[np.ndarray, ...]:
    """The capped outage hours (:func:`cap_outage_hours`) and each of ``measures`` (priced or
    business hours of the same outages) scaled by the same capped/uncapped ratio, so a system
    counted down the whole year is priced for the year's share of each."""
    hours = np.asarray(hours, dtype=float)
    capped = cap_outage_hours(hours)
    binds = np.isfinite(hours) & (hours > capped)
    ratio = np.divide(capped, hours, out=np.ones_like(hours), where=binds)
    return (capped, *(np.asarray(m, dtype=float) * ratio for m in measures))


def planned_hours(scenario: Scenario, plan: Plan, party: Party) -> np.ndarray:
    """Planned hours per year done by ``party``, shape (systems, types); corrective column 0."""
    hours = np.zeros((len(scenario.systems), len(TYPES)))
    for i, (system, assign) in enumerate(zip(scenario.systems, plan.assignments, strict=True)):
        for kind in PLANNED_TYPES:
            if assign.planned_party(kind) is party:
                hours[i, TYPES.index(kind)] = system.planned(kind)
    return hours


def cost_lines(
    scenario: Scenario, plan: Plan, mix: TeamMix, activity: Activity,
    prices: Mapping[str, np.ndarray] | None = None,
) -> dict[str, LineAmount]:
    """Price an activity: every cost line for the plan, per system and shared.

    ``prices`` overrides scenario inputs by dotted path with one value per trial (shape
    (trials,)), for uncertain inputs the Monte Carlo samples; :data:`PRICE_PATHS` lists the
    inputs read here.
    """
    team, contract, fin = scenario.team, scenario.contract, scenario.finance
    batch = activity.in_house_hours.shape[:-1]
    n_sys = len(scenario.systems)
    zeros_s = np.zeros((*batch, n_sys))
    zeros_b = np.zeros(batch)
    prices = prices or {}

    def num(path: str):
        """The input at ``path``: a number, or one per trial when sampled."""
        return prices[path] if path in prices else scenario.number_at(path)

    def each(prefix: str, field: str, count: int) -> np.ndarray:
        """The input ``field`` of each item of a list, shape (count,) or (trials, count)."""
        values = [num(f"{prefix}.{i}.{field}") for i in range(count)]
        return np.stack(np.broadcast_arrays(*values), axis=-1)

    def col(x):
        """A per-trial number lined up with per-system arrays."""
        return np.asarray(x)[..., None] if np.ndim(x) else x

    def line(direct=None, shared=None, column=0, party=Party.in_house) -> LineAmount:
        d = zeros_s if direct is None else np.broadcast_to(direct, zeros_s.shape)
        s = zeros_b if shared is None else np.broadcast_to(shared, batch)
        return LineAmount(np.asarray(d, dtype=float), np.asarray(s, dtype=float), column, party)

    out = {name: line() for name in COST_LINES}

    # --- in-house team
    n_levels = len(team.levels)
    share = num("team.maintenance_share")
    if plan.uses_team:
        fte, total_fte = mix.fte, mix.total
        base = each("team.levels", "annual_loaded_cost", n_levels) @ fte
        worked = activity.in_house_hours.sum(axis=-1) + planned_hours(
            scenario, plan, Party.in_house).sum()
        overtime_cost = zeros_b
        premiums = zeros_s
        if total_fte > 0:
            capacity = total_fte * team.net_hours_per_fte * share
            hourly = base / (total_fte * team.net_hours_per_fte)
            if activity.callout_hours is not None:
                # Call-out hours lie outside the contract hours: each is paid hourly × (1 +
                # its band's premium) here, and so is not counted again as work above capacity.
                rates = np.stack(np.broadcast_arrays(
                    *[num(f"team.premiums.{band}") for band in PREMIUM_BANDS]), axis=-1)
                outside = activity.callout_hours[..., 0] + activity.callout_hours[..., 1]
                worked = worked - outside.sum(axis=-1)
                premiums = (outside + (activity.callout_hours * rates[..., None, :]).sum(
                    axis=-1)) * col(hourly)
            overtime_cost = np.maximum(0.0, worked - capacity) * hourly * (
                1 + num("effects.overtime_premium"))
        # people (issue 15 §2): the maintenance share of the kept team is maintenance labour;
        # the rest is operation, priced below for the whole team in every strategy.
        out["labour"] = line(shared=share * base + overtime_cost)
        training = each("team.levels", "training_cost_per_year", n_levels) @ fte
        out["training"] = line(shared=training)
        on_call = team.on_call
        allowance = (
            52.0 * num("team.on_call.allowance_per_week")
            if on_call.enabled and team.coverage.mode != "24x7" and mix.coverage_fte > 0
            else 0.0
        )
        out["on_call"] = line(direct=activity.pages * col(num("team.on_call.callout_premium"))
                              + premiums, shared=allowance)
        if total_fte > 0:
            # A person's burden: pages per person-week (part-timers are people too).
            per_engineer_week = activity.pages.sum(axis=-1) / 52.0 / max(1, mix.total_people)
            rate = np.minimum(1.0, num("team.attrition_rate") + num(
                "team.attrition_per_weekly_night_page") * per_engineer_week)
            ramp = float(mix.weights @ np.array([lv.ramp_up_months for lv in team.levels]))
            replacement = num("team.recruiting_cost") + base / total_fte / 12.0 * ramp * 0.5
            out["attrition"] = line(shared=rate * total_fte * replacement)
        team_tools = num("team.tools_cost_per_year")
    else:
        team_tools = 0.0
    # --- people (issue 15 §2): operation (運用), the same in every strategy
    if fin.include_operation:
        whole = np.array([lv.headcount for lv in team.levels], dtype=float)
        operation = (1.0 - share) * (each("team.levels", "annual_loaded_cost", n_levels) @ whole)
        out["operation"] = line(direct=col(operation) * np.full(n_sys, 1.0 / n_sys),
                                column=OPERATION_COLUMN)
    # Predictive tooling is the organisation's in every strategy, spread over the systems by
    # their predictive hours (evenly when none has any).
    hours = np.array([s.planned(MaintenanceType.predictive) for s in scenario.systems])
    spread = hours / hours.sum() if hours.sum() > 0 else np.full(n_sys, 1.0 / n_sys)
    out["tools"] = line(direct=col(num("effects.predictive_tooling_cost_per_year")) * spread,
                        shared=team_tools, column=TYPES.index(MaintenanceType.predictive))

    # --- vendor
    if plan.uses_vendor:
        fee = num("contract.monthly_fee") * plan.vendor_scale
        vendor = Party.vendor
        out["vendor_fixed"] = line(shared=12.0 * fee, party=vendor)
        included = 12.0 * num("contract.included_hours_per_month") * plan.vendor_scale
        billed = activity.vendor_hours.sum(axis=-1) + planned_hours(scenario, plan, vendor).sum()
        out["vendor_overage"] = line(
            shared=np.maximum(0.0, billed - included) * num("contract.overage_rate"),
            party=vendor)
        per_fee = np.stack(np.broadcast_arrays(
            *[num(f"contract.terms.{v}.per_incident_fee") for v in SEVERITIES]), axis=-1)
        out["vendor_per_incident"] = line(
            direct=(activity.vendor_incidents * per_fee[..., None, :]).sum(axis=-1))
        out["vendor_management"] = line(
            shared=num("contract.management_fte") * num("contract.management_cost_per_fte"),
            party=vendor)
        out["transition"] = line(shared=num("contract.transition_cost") / fin.horizon_years,
                                 party=vendor)
        out["service_credits"] = line(direct=-activity.credit_fees * col(fee))

    # --- time and materials: the vendor called in while a sole expert is away (§7b), billed at
    # the contract's overage rate whatever the strategy (it is outside the contract's hours)
    if activity.time_and_materials_hours is not None:
        out["time_and_materials"] = line(
            direct=activity.time_and_materials_hours * col(num("contract.overage_rate")))

    # --- parts, on-site visits and downtime (every strategy)
    annual_parts = np.zeros((*np.shape(num("contract.onsite_visit_fee")), n_sys))
    per_incident = np.zeros((*annual_parts.shape, len(SEVERITIES)))
    for i, system in enumerate(scenario.systems):
        if system.hardware is None:
            continue
        vendor_pays = contract.parts_included and plan.assignments[i].recovery is Party.vendor
        path = f"systems.{i}.hardware"
        annual_parts = _set(annual_parts, i,
                            0.0 if vendor_pays else num(f"{path}.parts_cost_per_year"))
        base = num(f"{path}.parts_cost_per_incident")
        by_severity = system.hardware.parts_cost_per_incident_by_severity
        row = np.stack(np.broadcast_arrays(*[by_severity.get(v, base) for v in SEVERITIES]),
                       axis=-1)
        if row.ndim > 1 and per_incident.ndim < row.ndim + 1:  # parts priced per trial
            per_incident = np.broadcast_to(per_incident, (row.shape[0], *per_incident.shape))
        per_incident = per_incident.copy()
        per_incident[..., i, :] = row
    out["parts_and_onsite"] = line(
        direct=annual_parts + (activity.parts_incidents * per_incident).sum(axis=-1)
        + activity.vendor_visits * col(num("contract.onsite_visit_fee")))
    cost_per_hour = each("systems", "downtime_cost_per_hour", n_sys)
    out["downtime"] = line(direct=activity.downtime_hours * cost_per_hour)
    return out


def _set(values: np.ndarray, i: int, value) -> np.ndarray:
    """``values`` with column ``i`` set to a number or a per-trial array (widened to fit)."""
    if np.ndim(value) and values.ndim == 1:
        values = np.broadcast_to(values, (*np.shape(value), values.shape[-1])).copy()
    values[..., i] = value
    return values
