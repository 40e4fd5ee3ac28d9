"""Expected cost model: expected annual and multi-year cost by strategy (docs/model.md §10-12).

Every cost line is computed as a (system × maintenance type) array, so one result answers "by
line", "by maintenance type" and "by hardware/software" and the three always add up to the same
total. Lines that arise at one system and type (downtime, parts, per-incident fees, credits) are
placed there; shared lines (salaries, training, tools, fixed fees) are allocated pro rata to the
hours each party works on each system and type (activity-based costing); when a party works no
hours, its shared cost goes to corrective maintenance, spread evenly over the systems.

Lines, per year, money in the scenario's currency (λ' incidents/yr, TTR hours, see timeline.py):

* labour = maintenance_share · Σ_k FTE_k · annual_loaded_cost_k + overtime_h · hourly ·
  (1 + overtime_premium), hourly = Σ_k FTE_k·cost_k / (FTE · net_hours), overtime_h = max(0,
  in-house hours − FTE · net_hours · maintenance_share). FTE is the kept team in whole people,
  never topped up: a team that cannot staff its window makes the strategy infeasible.
* on_call = 52 · allowance_per_week (business-hours team with on-call) + pages · callout_premium
  + hourly · Σ_bands premium_b · callout hours_b (statutory premiums on repair hours worked
  outside the team's window: overtime, holiday, late night; :mod:`estimators.costs.premiums`),
  pages = Σ λ' · off_share · [severity pages].
* operation = (1 − maintenance_share) · Σ_k headcount_k · annual_loaded_cost_k (the whole team,
  not scaled by the plan), the same in every strategy, 0 when ``finance.include_operation`` is
  false; it sits in its own column of the cube (not a maintenance type), spread evenly over the
  systems.
* training = Σ_k FTE_k · training_cost_per_year_k.
* attrition = FTE · (rate + uplift · pages / 52 / FTE) · (recruiting_cost +
  cost_per_fte / 12 · ramp_up_months · ½) (a new hire ramps up linearly: half the ramp-up lost).
* tools = team tools (when the team works) + predictive tooling.
* vendor_fixed = 12 · monthly_fee · vendor_scale.
* vendor_overage = max(0, vendor hours − 12 · included_hours · vendor_scale) · overage_rate.
* vendor_per_incident = Σ λ' · [vendor involved] · per_incident_fee_v.
* vendor_management = management_fte · management_cost_per_fte.
* transition = transition_cost / horizon_years (annualised; paid up front in multi-year totals).
* parts_and_onsite = Σ_hw (parts_cost_per_year + Σ_v λ'_v · parts per incident of v) where the
  organisation pays parts + Σ λ' · vendor visits · onsite_visit_fee.
* downtime = min(8,760, Σ_v λ' · TTR · impact_factor_v) · downtime_cost_per_hour per system
  (no system is down longer than the year; :func:`~estimators.costs.lines.cap_outage_hours`).
* service_credits = −12 · E[min(a month's credits, cap_pct/100)] · fee, a month's breaches of
  each severity Poisson with mean Σ λ' · P(breach) / 12 (:mod:`estimators.costs.credits`),
  fee = monthly fee · vendor_scale.

Multi-year: year t (1..H) costs line · (1 + g)^(t−1), with g the salary escalation (labour,
on-call, training, attrition, vendor management), the contract's escalation (vendor lines and
credits) or general inflation (tools, parts, downtime); transition is paid at t = 0; fees still
owed for a minimum term longer than the horizon are paid in year H.
NPV = transition + Σ_t cost_t / (1 + r)^t (end-of-year convention).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from estimators.calendars.coverage import HOURS_PER_YEAR
from estimators.calendars.timeline import CorrectiveProfile, TeamMix, corrective_profile, team_mix
from estimators.costs.credits import expected_capped
from estimators.costs.lines import (
    COLUMNS,
    COST_LINES,
    OPERATION_COLUMN,
    TYPES,
    Activity,
    cap_with,
    cost_lines,
    planned_hours,
)
from estimators.scenario import SEVERITIES, AssetKind, Party, Scenario
from estimators.scenario.strategies import Plan, Strategy, plan_for
from estimators.text import N_

if TYPE_CHECKING:  # pandas only for the tables, not the costs (it takes ~0.3 s to import)
    import pandas as pd

__all__ = [
    "BUILD_COST_BAND",
    "COST_LINES",
    "CostComparison",
    "StrategyCosts",
    "build_cost_band",
    "compare_strategies",
    "strategy_costs",
]

BAND_LINES: tuple[str, ...] = ("labour", "on_call", "vendor_fixed", "vendor_overage",
                               "time_and_materials", "vendor_per_incident")
"""The lines held against the build-cost band: the vendor contract and maintenance labour."""

BUILD_COST_BAND: tuple[float, float] = (0.05, 0.15)
"""Japanese rule of thumb: annual maintenance ≈ 5-15 % of the build cost (docs/model.md §10)."""

_ESCALATION_GROUP = {
    "labour": "salary",
    "on_call": "salary",
    "training": "salary",
    "attrition": "salary",
    "vendor_management": "salary",
    "vendor_fixed": "vendor",
    "vendor_overage": "vendor",
    "time_and_materials": "vendor",
    "vendor_per_incident": "vendor",
    "service_credits": "vendor",
    "tools": "general",
    "parts_and_onsite": "general",
    "downtime": "general",
    "transition": "none",
    "operation": "salary",
}


@dataclass(frozen=True)
class StrategyCosts:
    """Expected costs of one strategy.

    Attributes:
        strategy: which strategy.
        cube: annual cost, shape (line, system, maintenance type), in ``currency``.
        systems, kinds: system names and asset kinds, in scenario order.
        yearly: run cost per year 1..H (escalated, without the up-front transition).
        upfront: one-off transition cost paid at t = 0.
        npv: net present value of the horizon's costs.
        outage_hours: expected outage-equivalent downtime per system, hours per year:
            Σ_v λ'·TTR·impact_factor_v (an S2 hour counts as its impact share of an outage hour),
            at most the 8,760 hours of the year (docs/model.md §10, "Downtime cap").
        business_hours: the part of ``outage_hours`` inside each system's impact window (its
            business's operating hours), hours per year per system.
        profile, team: the corrective timeline and team behind the numbers.
        notices: things a user should know about this result, as (English template, values)
            so an interface can translate them; ``warnings`` gives them in English.
        feasible: the plan can be carried out by the team as it is: False when the kept team
            cannot staff its coverage window, or has no engineers for the in-house work it is
            given. An infeasible strategy is costed for the team as it is, shown as such, and
            never named the cheapest.
        utilisation: maintenance hours the team works (incident + planned hours) ÷ the hours it
            has for maintenance (kept FTE · net hours · maintenance_share); None when the team
            does no maintenance, ``inf`` when it has work and no engineers.
    """

    strategy: Strategy
    currency: str
    cube: np.ndarray
    systems: tuple[str, ...]
    kinds: tuple[AssetKind, ...]
    yearly: np.ndarray
    upfront: float
    npv: float
    outage_hours: np.ndarray
    business_hours: np.ndarray
    profile: CorrectiveProfile
    team: TeamMix
    notices: tuple[tuple[str, dict], ...] = field(default=())
    feasible: bool = True
    utilisation: float | None = None

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(template.format(**values) for template, values in self.notices)

    @property
    def annual_total(self) -> float:
        return float(self.cube.sum())

    @property
    def by_line(self) -> dict[str, float]:
        return dict(zip(COST_LINES, self.cube.sum(axis=(1, 2)).tolist(), strict=True))

    @property
    def by_maintenance_type(self) -> dict[str, float]:
        """Annual cost per maintenance type, plus ``operation`` (運用, not maintenance), so the
        figures add up to :attr:`annual_total`."""
        return dict(zip(COLUMNS, self.cube.sum(axis=(0, 1)).tolist(), strict=True))

    @property
    def operation(self) -> float:
        """The operation (運用) line a year: (1 − maintenance_share) of the whole team's loaded
        labour, the same in every strategy (0 when excluded)."""
        return float(self.cube[:, :, OPERATION_COLUMN].sum())

    @property
    def by_asset_kind(self) -> dict[str, float]:
        per_system = self.cube.sum(axis=(0, 2))
        kinds = np.array([k.value for k in self.kinds])
        return {k.value: float(per_system[kinds == k.value].sum()) for k in AssetKind}

    @property
    def by_system(self) -> dict[str, float]:
        return dict(zip(self.systems, self.cube.sum(axis=(0, 2)).tolist(), strict=True))

    @property
    def spend(self) -> float:
        """Annual spend: the total without the downtime cost (money actually paid), operation
        included."""
        return self.annual_total - self.by_line["downtime"]

    @property
    def maintenance_cost(self) -> float:
        """Annual maintenance cost alone: the spend without operation (vendor contract,
        maintenance labour, on-call, training, attrition, tools, parts, less credits), the
        figure to hold against the 5-15 %-of-build-cost rule of thumb (:func:`build_cost_band`)."""
        return self.spend - self.operation

    @property
    def contract_and_labour(self) -> float:
        """The vendor contract (fixed fee, overage, per-incident and T&M fees) plus the team's
        maintenance labour and on-call pay, a year: the part of maintenance the Japanese
        5-15 %-of-build-cost rule of thumb describes (it refers to maintenance contracts;
        docs/model.md §10, "Sanity band")."""
        lines = self.by_line
        return float(sum(lines[name] for name in BAND_LINES))

    @property
    def horizon_total(self) -> float:
        return float(self.upfront + self.yearly.sum())

    @property
    def cumulative(self) -> np.ndarray:
        """Cumulative cost at t = 0, 1, ..., H years (undiscounted)."""
        return self.upfront + np.concatenate([[0.0], np.cumsum(self.yearly)])

    def to_frame(self) -> pd.DataFrame:
        """Long table: one row per (line, system, maintenance type) with its annual amount."""
        import pandas as pd

        lines, sys_idx, types = np.meshgrid(
            np.arange(len(COST_LINES)), np.arange(len(self.systems)), np.arange(len(COLUMNS)),
            indexing="ij",
        )
        return pd.DataFrame(
            {
                "strategy": self.strategy.value,
                "line": np.array(COST_LINES)[lines.ravel()],
                "system": np.array(self.systems)[sys_idx.ravel()],
                "asset_kind": np.array([k.value for k in self.kinds])[sys_idx.ravel()],
                "maintenance_type": np.array(COLUMNS)[types.ravel()],
                "amount": self.cube.ravel(),
            }
        )

    def to_dict(self) -> dict:
        """The JSON contract of ``python -m estimators costs --format json``."""
        return {
            "annual_total": self.annual_total,
            "by_line": self.by_line,
            "by_maintenance_type": self.by_maintenance_type,
            "by_asset_kind": self.by_asset_kind,
            "horizon_total": self.horizon_total,
            "npv": self.npv,
            "yearly": self.yearly.tolist(),
            "upfront": self.upfront,
            "outage_hours": float(self.outage_hours.sum()),
            "business_downtime_hours": float(self.business_hours.sum()),
            "in_house_fte": self.team.total,
            "warnings": list(self.warnings),
            "feasible": self.feasible,
            "utilisation": self.utilisation,
            "in_house_people": self.team.total_people,
            "maintenance_cost": self.maintenance_cost,
        }


@dataclass(frozen=True)
class CostComparison:
    """The three strategies' expected costs for one scenario."""

    scenario_name: str
    currency: str
    horizon_years: int
    strategies: dict[Strategy, StrategyCosts]

    def to_dict(self) -> dict:
        return {
            "scenario": self.scenario_name,
            "currency": self.currency,
            "horizon_years": self.horizon_years,
            "strategies": {s.value: c.to_dict() for s, c in self.strategies.items()},
        }

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.concat([c.to_frame() for c in self.strategies.values()], ignore_index=True)

    def breakdown(self, by: str) -> pd.DataFrame:
        """Annual cost table: rows by ``line``, ``maintenance_type``, ``asset_kind`` or ``system``,
        one column per strategy, named by its value (``in_house``, ...)."""
        import pandas as pd

        attribute = {"line": "by_line", "maintenance_type": "by_maintenance_type",
                     "asset_kind": "by_asset_kind", "system": "by_system"}[by]
        table = pd.DataFrame(
            {s.value: getattr(c, attribute) for s, c in self.strategies.items()}
        )
        table.index.name = by
        return table

    def ranked(self) -> list[Strategy]:
        """The strategies cheapest first: feasible ones with a finite total by total, then the
        infeasible ones (a team that cannot staff its window), then those without a finite
        total (an overloaded in-house queue)."""
        def rank(s: Strategy) -> tuple[bool, bool, float]:
            costs = self.strategies[s]
            total = costs.annual_total
            finite = math.isfinite(total)
            return (not finite, not costs.feasible, total if finite else 0.0)

        return sorted(self.strategies, key=rank)

    def cheapest(self) -> Strategy:
        """The strategy with the lowest expected annual total among the feasible ones; an
        infeasible one, or one whose total is not a finite number (an overloaded in-house
        queue), never is. (The outsourced strategy keeps no team, so it is always feasible.)"""
        return self.ranked()[0]


def compare_strategies(scenario: Scenario) -> CostComparison:
    """Expected costs of in-house, outsourced and hybrid for ``scenario``."""
    return CostComparison(
        scenario_name=scenario.name,
        currency=scenario.finance.currency,
        horizon_years=scenario.finance.horizon_years,
        strategies={s: strategy_costs(scenario, s) for s in Strategy},
    )


def build_cost_band(scenario: Scenario) -> tuple[float, float, float] | None:
    """(build cost, low, high): the 5-15 % band of the systems' build cost, where it is given.

    Only systems with a ``build_cost`` count, so the band is for them alone; None when none has one.
    """
    build = sum(s.build_cost for s in scenario.systems if s.build_cost is not None)
    if not any(s.build_cost is not None for s in scenario.systems):
        return None
    low, high = BUILD_COST_BAND
    return build, build * low, build * high


def _allocate(total: float, weights: np.ndarray) -> np.ndarray:
    """Spread ``total`` over a (system, type) grid pro rata to ``weights``.

    With zero weights the total goes to corrective maintenance, spread evenly over systems.
    """
    s = weights.sum()
    if s > 0:
        return total * weights / s
    out = np.zeros_like(weights, dtype=float)
    out[:, 0] = total / weights.shape[0]
    return out


def expected_outage_hours(scenario: Scenario, prof: CorrectiveProfile) -> np.ndarray:
    """Expected outage-equivalent hours per system a year before the year's cap:
    Σ_v λ'_sv · TTR_sv · impact_factor_v (docs/model.md §10); ``inf`` for an overloaded queue."""
    impact = np.array([scenario.effects.impact_factor[v] for v in SEVERITIES])
    return (prof.rates * prof.restore_hours) @ impact


def expected_activity(scenario: Scenario, prof: CorrectiveProfile) -> Activity:
    """Expected yearly activity from the expected timelines.

    Outage hours are capped at the year's hours per system (:func:`cap_outage_hours`).

    Credits: each month's breaches per severity are Poisson (the year's expected breaches / 12),
    capped per month exactly in expectation (:func:`~estimators.costs.credits.expected_capped`);
    the capped total is shared over systems in proportion to their uncapped credits.
    """
    rates = prof.rates
    outage = expected_outage_hours(scenario, prof)
    impact = np.array([scenario.effects.impact_factor[v] for v in SEVERITIES])
    weighted = prof.rates * prof.restore_hours * impact
    outage, priced, business = cap_with(outage, _weighted_sum(weighted, prof.priced_share),
                                        _weighted_sum(weighted, prof.business_share))
    pct = np.array([scenario.contract.terms[v].credit_pct / 100.0 for v in SEVERITIES])
    breaches = rates * prof.breach_probability
    credits = breaches @ pct
    if credits.sum() > 0:
        monthly = expected_capped(breaches.sum(axis=0) / 12.0, pct,
                                  scenario.contract.credit_cap_pct / 100.0)
        credits = credits * (12.0 * monthly / credits.sum())
    return Activity(
        incidents=rates,
        vendor_incidents=rates * prof.vendor_touched,
        in_house_hours=(rates * prof.in_house_hours).sum(axis=1),
        vendor_hours=(rates * prof.vendor_hours).sum(axis=1),
        vendor_visits=(rates * prof.vendor_visits).sum(axis=1),
        pages=(rates * prof.night_pages).sum(axis=1),
        parts_incidents=rates * prof.parts_charged,
        outage_hours=outage,
        credit_fees=credits,
        priced_hours=priced,
        business_hours=business,
        callout_hours=None if prof.callout_hours is None else np.einsum(
            "sv,svb->sb", rates, prof.callout_hours),
        time_and_materials_hours=(None if prof.time_and_materials_hours is None
                                  else (rates * prof.time_and_materials_hours).sum(axis=1)),
    )


def _weighted_sum(hours: np.ndarray, share: np.ndarray) -> np.ndarray:
    """Σ_v hours_sv · share_sv per system, with 0 where a cell has no hours (no 0 × ∞)."""
    return np.where(share == 1.0, hours, hours * share).sum(axis=1)


def strategy_costs(scenario: Scenario, strategy: Strategy | str | Plan) -> StrategyCosts:
    """Expected annual cost by line × system × maintenance type, plus multi-year totals.

    ``strategy`` may also be a :class:`Plan` (an assignment the optimisers try out).
    """
    plan = strategy if isinstance(strategy, Plan) else plan_for(scenario, strategy)
    team = scenario.team
    mix = team_mix(scenario, plan)
    prof = corrective_profile(scenario, plan, mix)
    activity = expected_activity(scenario, prof)
    weights = {}
    for party, incident_hours in ((Party.in_house, activity.in_house_hours),
                                  (Party.vendor, activity.vendor_hours)):
        weights[party] = np.zeros((len(scenario.systems), len(COLUMNS)))
        weights[party][:, :len(TYPES)] = planned_hours(scenario, plan, party)
        weights[party][:, 0] = incident_hours
    cube = np.zeros((len(COST_LINES), len(scenario.systems), len(COLUMNS)))
    for k, amount in enumerate(cost_lines(scenario, plan, mix, activity).values()):
        cube[k, :, amount.column] += amount.direct
        cube[k] += _allocate(float(amount.shared), weights[amount.party])

    notices: list[tuple[str, dict]] = []
    # --- people (issue 15 §2): feasibility, rota, utilisation
    worked = float(weights[Party.in_house].sum())
    feasible, people_notices = _people_notices(scenario, plan, mix, worked)
    notices += people_notices
    utilisation = _utilisation(scenario, mix, worked) if plan.uses_team else None
    if plan.uses_team and mix.total > 0:
        overtime = worked - (mix.total * team.net_hours_per_fte * team.maintenance_share)
        if overtime > 0:
            notices.append((N_("In-house work exceeds capacity by {hours:,.0f} h/yr; costed "
                               "as overtime."), {"hours": overtime}))
    if not np.isfinite(activity.outage_hours).all():
        notices.append((N_("Incidents reach the in-house engineers faster than they can repair "
                           "them: the queue, and so the downtime, grows without bound. Add "
                           "engineers, widen the coverage window or lower the incident rates."),
                        {}))
    notices += _year_cap_notices(scenario, expected_outage_hours(scenario, prof))

    yearly, upfront, npv = _multi_year(scenario, plan, cube)
    return StrategyCosts(
        strategy=plan.strategy,
        currency=scenario.finance.currency,
        cube=cube,
        systems=tuple(s.name for s in scenario.systems),
        kinds=tuple(s.kind for s in scenario.systems),
        yearly=yearly,
        upfront=upfront,
        npv=npv,
        outage_hours=activity.outage_hours,
        business_hours=activity.business_hours,
        profile=prof,
        team=mix,
        notices=tuple(notices),
        feasible=feasible,
        utilisation=utilisation,
    )


# --- people (issue 15 §2) ------------------------------------------------------------------
UTILISATION_WARNING = 0.85
"""Utilisation above which the team is reported as overloaded (docs/model.md §10)."""


def _utilisation(scenario: Scenario, mix: TeamMix, worked: float) -> float | None:
    """Maintenance hours worked ÷ hours available: ``worked`` (incident + planned in-house
    hours a year) over kept FTE · net hours per FTE · maintenance_share; None when the team
    does no maintenance, ``inf`` when it has work and no hours."""
    if worked <= 0:
        return None
    available = mix.total * scenario.team.net_hours_per_fte * scenario.team.maintenance_share
    return worked / available if available > 0 else math.inf


def _people_notices(scenario: Scenario, plan: Plan, mix: TeamMix,
                    worked: float) -> tuple[bool, list[tuple[str, dict]]]:
    """Whether the kept team can carry the plan, and what to tell the user about its people:
    a window it cannot staff or in-house work without engineers (infeasible), an on-call rota
    with fewer people than ``ceil(1 / max_share)``, and utilisation above 85 %."""
    team = scenario.team
    notices: list[tuple[str, dict]] = []
    if not plan.uses_team:
        return True, notices
    feasible = True
    if mix.total <= 0 and (worked > 0 or mix.coverage_fte > 0):
        feasible = False
        notices.append((N_("Infeasible: in-house work is assigned but the kept team has no "
                           "engineers."), {}))
    elif not mix.staffs_window:
        feasible = False
        notices.append((N_("Infeasible: staffing the in-house coverage window needs {needed} "
                           "people ({fte:.2f} FTE); the team has {people} ({kept:.2f} FTE)."),
                        {"needed": mix.needed_people, "fte": mix.window_fte,
                         "people": mix.total_people, "kept": mix.total}))
    on_call = team.on_call
    rota = on_call.rota_people
    if (on_call.enabled and team.coverage.mode != "24x7" and mix.coverage_fte > 0
            and 0 < mix.total_people < rota):
        people = mix.total_people
        notices.append((N_("The on-call rota needs {needed} people so nobody is on call more "
                           "than {share:.0%} of the weeks; the team has {people} ({missing} "
                           "missing): each is on call {burden:.0%} of the weeks, {weeks:.0f} "
                           "weeks a year."),
                        {"needed": rota, "share": on_call.max_share, "people": people,
                         "missing": rota - people, "burden": 1.0 / people,
                         "weeks": 52.0 / people}))
    utilisation = _utilisation(scenario, mix, worked)
    if utilisation is not None and math.isfinite(utilisation) \
            and utilisation > UTILISATION_WARNING:
        notices.append((N_("The team is {share:.0%} utilised on maintenance (above "
                           "{limit:.0%}): little room for peaks, leave or improvement work."),
                        {"share": utilisation, "limit": UTILISATION_WARNING}))
    return feasible, notices


def _year_cap_notices(scenario: Scenario, uncapped: np.ndarray) -> list[tuple[str, dict]]:
    """One notice per system whose expected outage-equivalent hours exceed the year's 8,760 h
    (the cap binds: the system would be down more than the whole year)."""
    return [(N_("{system}: its incidents add up to {hours:,.0f} outage-equivalent hours a year, "
                "more than the {year:,.0f} hours in a year; it is counted as down the whole "
                "year. Check its incident rates and repair times."),
             {"system": system.name, "hours": float(hours), "year": HOURS_PER_YEAR})
            for system, hours in zip(scenario.systems, uncapped, strict=True)
            if math.isfinite(hours) and hours > HOURS_PER_YEAR]


def _multi_year(
    scenario: Scenario, plan: Plan, cube: np.ndarray
) -> tuple[np.ndarray, float, float]:
    """Escalated yearly run costs, the up-front transition and the NPV (see module docstring)."""
    fin, contract = scenario.finance, scenario.contract
    horizon = fin.horizon_years
    growth = {
        "salary": fin.salary_escalation,
        "vendor": contract.annual_escalation,
        "general": fin.general_inflation,
        "none": 0.0,
    }
    t = np.arange(horizon)
    annual = cube.sum(axis=(1, 2))
    yearly = np.zeros(horizon)
    for line, amount in zip(COST_LINES, annual, strict=True):
        if line == "transition":
            continue
        yearly += amount * (1.0 + growth[_ESCALATION_GROUP[line]]) ** t
    upfront = contract.transition_cost if plan.uses_vendor else 0.0
    owed_months = contract.minimum_term_months - 12 * horizon
    if plan.uses_vendor and owed_months > 0:
        fee = contract.monthly_fee * plan.vendor_scale
        yearly[-1] += owed_months * fee * (1.0 + contract.annual_escalation) ** (horizon - 1)
    npv = upfront + float(np.sum(yearly / (1.0 + fin.discount_rate) ** (t + 1)))
    return yearly, float(upfront), npv
