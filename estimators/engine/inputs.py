"""A strategy's simulation inputs as arrays, read once from the scenario before any trial runs.

Every stage of a trial-year (arrivals, response, restoration, tally) reads its parameters from
one :class:`StrategyInputs`, indexed by system ``s`` and severity ``v``, so no stage walks the
scenario's objects per incident. :func:`check_stable` refuses a run whose in-house queue would
grow without bound (docs/model.md §9, "Stability check").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from estimators.calendars.coverage import HOURS_PER_YEAR, coverage_stats
from estimators.calendars.impact import OutagePricing, pricing
from estimators.calendars.people import PeopleInputs, people_inputs
from estimators.calendars.queue_wait import engineers_on_duty as on_duty
from estimators.calendars.queue_wait import queue_jobs
from estimators.calendars.timeline import (
    TeamMix,
    detection_hours,
    effective_rates,
    team_mix,
    vendor_response_mean,
    worked_hours,
)
from estimators.queueing import UnstableQueueError
from estimators.restoration import cell_times, spare_swap_hours, vendor_backlog
from estimators.scenario import SEVERITIES, Coverage, Party, Scenario
from estimators.scenario.strategies import Plan
from estimators.text import Text

__all__ = ["FAMILIES", "StrategyInputs", "check_stable", "engineers_on_duty", "strategy_inputs"]

FAMILIES = {"lognormal": 0, "exponential": 1, "weibull": 2, "gamma": 3}
"""Codes of the repair-time families in :attr:`StrategyInputs.family` (docs/model.md §5)."""


def engineers_on_duty(scenario: Scenario, mix: TeamMix) -> int:
    """Engineers on duty inside the window for the team ``mix`` (see
    :func:`estimators.calendars.queue_wait.engineers_on_duty`)."""
    return on_duty(scenario, mix.total)


@dataclass(frozen=True)
class StrategyInputs:
    """Everything one strategy's simulation needs, as arrays (s: system, v: severity).

    Times are hours; rates are incidents per year; probabilities and shares are in [0, 1].
    ``c`` is the number of engineers on duty (:attr:`servers`), ``L`` the number of skill
    levels.
    """

    plan: Plan
    mix: TeamMix
    rates: np.ndarray  # (S, V) incidents per year after every effect (docs/model.md §5)
    detection: np.ndarray  # (S,) mean detection delay, hours (§6)
    family: np.ndarray  # (S, V) repair family code, see FAMILIES
    scale: np.ndarray  # (S, V) repair scale, hours
    shape: np.ndarray  # (S, V) lognormal sigma, or the Weibull / gamma shape
    mean_repair: np.ndarray  # (S, V) mean repair time, hours
    first_in: np.ndarray  # (S,) bool: the team gives the first response
    rec_in: np.ndarray  # (S,) bool: the team restores (recovery)
    onsite: np.ndarray  # (S,) probability that an incident needs a site visit
    travel: np.ndarray  # (S,) in-house travel to the site, hours one way
    swap: np.ndarray  # (S,) hours to swap in a spare unit once on site; inf without a spare
    hardware: np.ndarray  # (S,) bool
    parts_by_vendor: np.ndarray  # (S,) bool: the vendor pays the parts
    paged: np.ndarray  # (V,) bool: paged to the on-call engineer off-hours
    vendor_response_mean: np.ndarray  # (V,) mean vendor response delay, hours (§8)
    vendor_response_target: np.ndarray  # (V,) contract response target, hours
    vendor_resolution_target: np.ndarray  # (V,) contract resolution target, hours
    around_the_clock: np.ndarray  # (V,) bool: the vendor's clock ignores its window
    credit_pct: np.ndarray  # (V,) credit per vendor breach, fraction of the monthly fee
    impact: np.ndarray  # (V,) outage-equivalent hours per hour down
    target_response: np.ndarray  # (V,) organisation's response target, hours
    target_restore: np.ndarray  # (V,) organisation's restore target, hours
    target_business: np.ndarray  # (V,) bool: that target runs on the team's business hours
    servers: int  # c, engineers on duty in the window (0 when the team restores nothing)
    level_multiplier: np.ndarray  # (L,) repair multiplier per skill level
    level_escalation: np.ndarray  # (L,) escalation probability per skill level
    level_weights: np.ndarray  # (L,) FTE share per skill level
    vendor_late: np.ndarray  # (S, V) share of vendor restorations delayed (1 − p_resolution)
    vendor_delay: np.ndarray  # (S, V) mean delay of a late one, hours (estimators.restoration)
    handover: float  # escalation and party hand-over time, hours
    ack_mean: float  # mean in-house acknowledgement inside the window, hours
    on_call_mean: float  # mean on-call response, hours
    vendor_multiplier: float  # vendor repair-time multiplier
    onsite_response: float  # vendor on-site response for a site visit, hours
    team_coverage: Coverage
    vendor_coverage: Coverage
    by_severity: bool  # in-house queues serve by severity (non-preemptive), else FCFS
    pricing: tuple[OutagePricing, ...]  # (S,) how each system's outages are priced (§10)
    # ---- key-person risk (docs/model.md §7b); None / empty: no key-person events
    people: PeopleInputs | None = None  # the team's people under the plan
    escalation_late: np.ndarray | None = None  # (S, V) vendor late share for a T&M escalation
    escalation_delay: np.ndarray | None = None  # (S, V) its backlog mean, hours


def strategy_inputs(scenario: Scenario, plan: Plan) -> StrategyInputs:
    """Read ``scenario`` under ``plan`` into arrays.

    Each in-house job is repaired at a skill level drawn by FTE share (docs/model.md §7), so the
    skill mix on duty follows the headcount mix; the vendor's late share and backlog delay come
    from :func:`estimators.restoration.vendor_backlog`.
    """
    team, contract, fx = scenario.team, scenario.contract, scenario.effects
    systems = scenario.systems
    mix = team_mix(scenario, plan)
    shape = (len(systems), len(SEVERITIES))
    family, scale, form, mean = (np.zeros(shape) for _ in range(4))
    for i, system in enumerate(systems):
        for j, v in enumerate(SEVERITIES):
            profile = system.incidents.get(v)
            if profile is None:
                continue
            repair = profile.repair
            family[i, j] = FAMILIES[repair.distribution]
            scale[i, j] = repair.scale_hours
            form[i, j] = repair.sigma if repair.distribution == "lognormal" else repair.shape
            mean[i, j] = repair.mean_hours
    levels = team.levels
    level_mult = np.array([lv.repair_time_multiplier for lv in levels])
    level_esc = np.array([lv.escalation_probability for lv in levels])
    weights = mix.weights
    rec_in = np.array([a.recovery is Party.in_house for a in plan.assignments])
    late, delay = vendor_backlog(scenario, plan)
    servers = engineers_on_duty(scenario, mix) if rec_in.any() else 0
    terms = [contract.terms[v] for v in SEVERITIES]
    targets = [scenario.targets.get(v) for v in SEVERITIES]
    on_call = team.on_call
    people = people_inputs(scenario, plan)
    esc_late = esc_delay = None
    if people is not None and people.to_vendor and (people.sole_level >= 0).any():
        cells = [[cell_times(scenario, system, v) for v in SEVERITIES] for system in systems]
        esc_late = np.array([[c.late_share for c in row] for row in cells])
        esc_delay = np.array([[c.delay_mean for c in row] for row in cells])
    return StrategyInputs(
        plan=plan,
        mix=mix,
        rates=effective_rates(scenario),
        detection=detection_hours(scenario),
        family=family.astype(int),
        scale=scale,
        shape=form,
        mean_repair=mean,
        first_in=np.array([a.first_response is Party.in_house for a in plan.assignments]),
        rec_in=rec_in,
        onsite=np.array([s.hardware.onsite_fraction if s.hardware else 0.0 for s in systems]),
        travel=np.array([s.hardware.travel_hours if s.hardware else 0.0 for s in systems]),
        swap=np.array([spare_swap_hours(s) for s in systems]),
        hardware=np.array([s.hardware is not None for s in systems]),
        parts_by_vendor=np.array([contract.parts_included and a.recovery is Party.vendor
                                  for a in plan.assignments]),
        paged=np.array([on_call.enabled and v in on_call.paged_severities for v in SEVERITIES]),
        vendor_response_mean=np.array([vendor_response_mean(contract, v) for v in SEVERITIES]),
        vendor_response_target=np.array([t.response_hours for t in terms]),
        vendor_resolution_target=np.array([t.resolution_hours for t in terms]),
        around_the_clock=np.array([t.around_the_clock for t in terms]),
        credit_pct=np.array([t.credit_pct / 100.0 for t in terms]),
        impact=np.array([fx.impact_factor[v] for v in SEVERITIES]),
        target_response=np.array([(g.response_hours if g else t.response_hours)
                                  for g, t in zip(targets, terms, strict=True)]),
        target_restore=np.array([(g.restore_hours if g else t.resolution_hours)
                                 for g, t in zip(targets, terms, strict=True)]),
        target_business=np.array([g is not None and g.clock == "business_hours"
                                  for g in targets]),
        servers=servers,
        level_multiplier=level_mult,
        level_escalation=level_esc,
        level_weights=weights,
        vendor_late=late,
        vendor_delay=delay,
        handover=team.escalation_handover_hours,
        ack_mean=team.response_minutes / 60.0,
        on_call_mean=on_call.response_minutes / 60.0,
        vendor_multiplier=contract.repair_time_multiplier,
        onsite_response=contract.onsite_response_hours,
        team_coverage=team.coverage,
        vendor_coverage=contract.coverage,
        by_severity=team.queue_discipline == "severity",
        pricing=tuple(pricing(scenario, s) for s in systems),
        people=people,
        escalation_late=esc_late,
        escalation_delay=esc_delay,
    )


def check_stable(inp: StrategyInputs) -> None:
    """Refuse a run where either in-house queue would grow without bound — the same test as the
    expected model's (:func:`estimators.calendars.queue_wait.queue_waits` gives an infinite
    wait exactly then).

    Day queue: its jobs' hours Σ λ'·(1 − off·paged)·(W + f·travel + ack) a year against
    c · covered hours; on-call queue: Σ λ'·off·paged·(W + f·travel + on-call response) against
    the off-hours (docs/model.md §9, "Stability check").
    Raises :class:`~estimators.queueing.UnstableQueueError`.
    """
    if not inp.rec_in.any():
        return
    team_cov = coverage_stats(inp.team_coverage)
    off = team_cov.off_share
    worked = worked_hours(inp.mean_repair, inp.level_weights, inp.level_multiplier,
                          inp.level_escalation, inp.handover) + (inp.onsite * inp.travel)[:, None]
    day, call = queue_jobs(inp.rates, inp.rec_in, inp.paged, off)
    queues = ((float((day * (worked + inp.ack_mean)).sum()),
               inp.servers * team_cov.covered_hours_per_year, inp.servers),
              (float((call * (worked + inp.on_call_mean)).sum()),
               HOURS_PER_YEAR - team_cov.covered_hours_per_year, 1))
    for load, capacity, servers in queues:
        if load > 0 and load >= capacity:
            raise UnstableQueueError(Text(
                "in-house repair work of {load:,.0f} h a year exceeds the {capacity:,.0f} h the "
                "{servers} engineer(s) on duty can give: the queue would grow without bound. "
                "Add engineers, widen the coverage window or lower the incident rates.",
                load=load, capacity=capacity, servers=servers))
