"""Expected incident timelines (docs/model.md §6) for the deterministic cost model.

For a system s, severity v and the plan's assignment, the expected time to restore is

    TTR = D_s + R_first(v) + [first ≠ recovery] · (H + R_recovery(v)) + repair + travel

* D_s, detection: the mean delay for the system's monitoring maturity, cut by predictive work
  by ``max_detection_cut × (1 − exp(−h_pred / saturation))``.
* R_first, R_recovery: the time from detection until each party starts work, averaged over
  arrival times spread evenly over the calendar year (15-minute grid, coverage.py). In-house:
  inside the team's window, ``response_minutes``; outside it, the on-call response if ``v``
  pages, else the wait for the window to open plus ``response_minutes``. Vendor: the wait for
  the vendor's window (none for ``around_the_clock`` severities), plus the vendor's response,
  exponential with P(T ≤ target) = p_response, so its mean is target / (−ln(1 − p_response)).
  When a second party takes over, its wait starts from the hand-over time, so an incident that
  waited overnight for the first party does not wait again.
* H: the hand-over time when first response and recovery are done by different parties.
* repair, in-house: each level k handles its headcount share w_k of incidents, repairing in
  m_k·R̄; with probability p_k the repair escalates, which adds the hand-over H (escalation is
  never free): Σ_k w_k·(m_k·R̄ + p_k·H); plus the wait for a free engineer
  (:mod:`estimators.calendars.queue_wait`).
* repair, vendor: m_vendor·R̄, the system's repair time scaled by the contract's multiplier,
  plus the on-site response for a visit and the vendor's backlog for its late share
  (:mod:`estimators.restoration`).
* vendor breaches: P(response or resolution target missed) from the same restoration model, or
  1 − p_response when the vendor only responds.
* travel (hardware): onsite_fraction × the in-house travel time or the vendor's on-site
  response time.

The wait for a free engineer is added per severity (:func:`in_house_waits`), so these are the
means of what the Monte Carlo simulates (docs/model.md §20).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from estimators.calendars.coverage import (
    DAYS_PER_YEAR,
    SLOT_HOURS,
    SLOTS_PER_DAY,
    coverage_stats,
    is_open,
    next_open,
)
from estimators.calendars.people import PeopleInputs, people_inputs, wait_for_return
from estimators.calendars.queue_wait import (
    engineers_on_duty,
    queue_jobs,
    queue_waits,
    service_moments,
)
from estimators.restoration import cell_times
from estimators.scenario import (
    SEVERITIES,
    Contract,
    Coverage,
    MaintenanceType,
    Party,
    Scenario,
    Severity,
)
from estimators.scenario.strategies import Plan

__all__ = [
    "CorrectiveProfile",
    "TeamMix",
    "corrective_profile",
    "detection_hours",
    "effective_rates",
    "team_mix",
    "vendor_response_mean",
]



def saturating(hours: np.ndarray | float, maximum: float, saturation_hours: float) -> np.ndarray:
    """Diminishing-returns effect of planned hours: maximum × (1 − exp(−hours / saturation))."""
    return maximum * (1.0 - np.exp(-np.asarray(hours, dtype=float) / saturation_hours))


def stated_rates(scenario: Scenario) -> np.ndarray:
    """Incident rates as entered, per year, shape (systems, severities)."""
    return np.array(
        [[_rate(system, v) for v in SEVERITIES] for system in scenario.systems], dtype=float
    )


def planned_work_effect(scenario: Scenario) -> np.ndarray:
    """Share of each system's incidents left after preventive and predictive work, (systems,).

    (1 − prevented_s) · (1 − avoided_s), each a saturating function of the planned hours.
    """
    fx = scenario.effects
    prev = np.array([s.planned(MaintenanceType.preventive) for s in scenario.systems])
    pred = np.array([s.planned(MaintenanceType.predictive) for s in scenario.systems])
    prevented = saturating(prev, fx.preventive_max_reduction, fx.preventive_saturation_hours)
    avoided = saturating(pred, fx.predictive_max_avoidance, fx.predictive_saturation_hours)
    return (1.0 - prevented) * (1.0 - avoided)


def effective_rates(scenario: Scenario) -> np.ndarray:
    """Incident rates after the what-if multiplier, preventive and predictive work, per year.

    λ'_sv = λ_sv · multiplier · (1 − prevented_s) · (1 − avoided_s), shape (systems, severities).
    """
    factor = scenario.effects.incident_rate_multiplier * planned_work_effect(scenario)
    return stated_rates(scenario) * factor[:, None]


def _rate(system, severity: Severity) -> float:
    profile = system.incidents.get(severity)
    return profile.rate_per_year if profile else 0.0


def _repair_mean(system, severity: Severity) -> float:
    profile = system.incidents.get(severity)
    return profile.repair.mean_hours if profile else 0.0


@dataclass(frozen=True)
class TeamMix:
    """The in-house team a plan keeps, topped up to staff its coverage window.

    Attributes:
        fte: FTE per skill level after scaling and the coverage top-up.
        coverage_fte: FTE needed to keep ``min_on_duty`` engineers on duty in the window.
        shortfall_fte: FTE added to reach ``coverage_fte`` (same mix as the team).
    """

    fte: np.ndarray
    coverage_fte: float
    shortfall_fte: float

    @property
    def total(self) -> float:
        return float(self.fte.sum())

    @property
    def weights(self) -> np.ndarray:
        """Share of incidents each level handles: its FTE share (even when nobody is kept)."""
        if self.total > 0:
            return self.fte / self.total
        return np.full(self.fte.size, 1.0 / self.fte.size)



def worked_hours(mean_repair: float | np.ndarray, weights: np.ndarray, multipliers: np.ndarray,
                 escalation: np.ndarray, handover: float) -> float | np.ndarray:
    """Expected in-house hours on one repair of mean ``mean_repair`` (h), escalations included.

    Level k takes its share w_k and repairs in m_k·R̄; with probability p_k the repair is one it
    cannot finish alone and escalates, which costs the hand-over H on top (escalation is never
    free): Σ_k w_k·(m_k·R̄ + p_k·H).
    """
    return (weights @ multipliers) * mean_repair + (weights @ escalation) * handover


def detection_hours(scenario: Scenario) -> np.ndarray:
    """Mean detection delay per system, hours: the monitoring maturity's delay, cut by
    predictive work by max_detection_cut × (1 − exp(−h_pred / saturation))."""
    fx = scenario.effects
    pred = np.array([s.planned(MaintenanceType.predictive) for s in scenario.systems])
    base = np.array([fx.detection_minutes[s.monitoring] / 60.0 for s in scenario.systems])
    return base * (1.0 - saturating(pred, fx.predictive_max_detection_cut,
                                    fx.predictive_saturation_hours))


def vendor_response_mean(contract: Contract, severity: Severity) -> float:
    """Mean vendor response, hours: exponential with P(T ≤ target) = p_response."""
    terms = contract.terms[severity]
    return terms.response_hours / -math.log1p(-terms.p_response)


def team_mix(scenario: Scenario, plan: Plan) -> TeamMix:
    """FTE per level: headcount × team_scale, topped up to staff the coverage window.

    Coverage FTE = min_on_duty × covered hours per year / net hours per FTE (only when the
    team responds to or repairs incidents; planned work needs no window).
    """
    team = scenario.team
    fte = np.array([lv.headcount for lv in team.levels], dtype=float) * plan.team_scale
    responds = any(
        Party.in_house in (a.first_response, a.recovery) for a in plan.assignments
    )
    if not responds:
        return TeamMix(fte, 0.0, 0.0)
    covered = coverage_stats(team.coverage).covered_hours_per_year
    needed = team.min_on_duty * covered / team.net_hours_per_fte
    shortfall = max(0.0, needed - fte.sum())
    if shortfall > 0:
        fte = fte + shortfall * TeamMix(fte, needed, 0.0).weights
    return TeamMix(fte, needed, shortfall)


@lru_cache(maxsize=4096)
def _repair_second_moment(repair) -> float:
    return float(repair.frozen().moment(2))


def in_house_waits(scenario: Scenario, plan: Plan, mix: TeamMix,
                   rates: np.ndarray, ramp: np.ndarray | None = None,
                   queued: np.ndarray | None = None) -> np.ndarray:
    """Mean wait for a free engineer per system and severity where the team restores, hours
    (:mod:`estimators.calendars.queue_wait`); 0 elsewhere. Shape (systems, severities).

    ``ramp`` scales each level's repair multiplier (new hires ramping up, docs/model.md §7b);
    ``queued`` is the share of each system's incidents that reach the queue (the rest went to
    the vendor at time and materials)."""
    team = scenario.team
    rec = np.array([a.recovery is Party.in_house for a in plan.assignments])
    out = np.zeros(rates.shape)
    if not rec.any():
        return out
    off = coverage_stats(team.coverage).off_share
    paged = np.array([team.on_call.enabled and v in team.on_call.paged_severities
                      for v in SEVERITIES])
    if queued is not None:
        rates = rates * queued[:, None]
    day_weights, call_weights = queue_jobs(rates, rec, paged, off)
    own = day_weights + call_weights
    profiles = [[s.incidents.get(v) for v in SEVERITIES] for s in scenario.systems]
    y1 = np.array([[p.repair.mean_hours if p else 0.0 for p in row] for row in profiles])
    y2 = np.array([[_repair_second_moment(p.repair) if p else 0.0 for p in row]
                   for row in profiles])
    onsite = np.array([[s.hardware.onsite_fraction if s.hardware else 0.0]
                       for s in scenario.systems]) * np.ones((1, len(SEVERITIES)))
    travel = np.array([[s.hardware.travel_hours if s.hardware else 0.0]
                       for s in scenario.systems]) * np.ones((1, len(SEVERITIES)))
    multipliers = np.array([lv.repair_time_multiplier for lv in team.levels])
    if ramp is not None:
        multipliers = multipliers * ramp
    levels = (mix.weights, multipliers,
              np.array([lv.escalation_probability for lv in team.levels]))

    def moments(weights: np.ndarray, ack: float) -> tuple[float, float]:
        return service_moments(weights, ack, travel, onsite, y1, y2, *levels,
                               team.escalation_handover_hours)

    waits = queue_waits(
        team.coverage, engineers_on_duty(scenario, mix.total),
        day_in=float(own.sum() * (1.0 - off)),
        day_closed=float((own * (1.0 - paged[None, :])).sum() * off),
        day_moments=moments(day_weights, team.response_minutes / 60.0),
        paged=float(call_weights.sum()),
        on_call_moments=moments(call_weights, team.on_call.response_minutes / 60.0))
    per_severity = (1.0 - off) * waits.in_window + off * np.where(
        paged, waits.on_call, waits.at_opening)
    out[rec] = per_severity[None, :]
    return np.where(rates > 0, out, 0.0)  # no incidents, no wait (and no 0 × ∞)


@dataclass(frozen=True)
class CorrectiveProfile:
    """Expected corrective work per system and severity (arrays of shape (systems, 3)).

    Attributes:
        rates: incidents per year after preventive/predictive effects.
        restore_hours: expected time to restore per incident, hours.
        in_house_hours: in-house labour per incident, hours (triage, repair, travel).
        vendor_hours: vendor labour per incident, hours (repair).
        vendor_touched: 1 where the vendor responds or repairs, else 0.
        vendor_visits: expected vendor on-site visits per incident.
        breach_probability: P(the vendor misses a response or resolution target).
        night_pages: expected off-hours pages of the in-house on-call per incident.
        parts_charged: 1 where parts are paid by the organisation, else 0.
        time_and_materials_hours: vendor T&M hours per incident for in-house repairs escalated
            while the system's sole expert is away (docs/model.md §7b); None without key-person
            events.
        people: the team's people behind the key-person figures, or None.
    """

    rates: np.ndarray
    restore_hours: np.ndarray
    in_house_hours: np.ndarray
    vendor_hours: np.ndarray
    vendor_touched: np.ndarray
    vendor_visits: np.ndarray
    breach_probability: np.ndarray
    night_pages: np.ndarray
    parts_charged: np.ndarray
    time_and_materials_hours: np.ndarray | None = None
    people: PeopleInputs | None = None


@dataclass(frozen=True)
class _Responder:
    """How one party starts work on an incident: its window and its delays, hours."""

    coverage: Coverage
    delay_in_window: float
    delay_off_hours: float | None  # on-call delay; None: wait for the window to open


def _responders(scenario: Scenario, severity: Severity) -> dict[Party, _Responder]:
    team, contract = scenario.team, scenario.contract
    on_call = team.on_call
    pages = on_call.enabled and severity in on_call.paged_severities
    terms = contract.terms[severity]
    vendor_response = vendor_response_mean(contract, severity)
    vendor_cov = Coverage(mode="24x7") if terms.around_the_clock else contract.coverage
    return {
        Party.in_house: _Responder(team.coverage, team.response_minutes / 60.0,
                                   on_call.response_minutes / 60.0 if pages else None),
        Party.vendor: _Responder(vendor_cov, vendor_response, None),
    }


@lru_cache(maxsize=4096)
def _start_delay(
    chain: tuple[_Responder, ...], detection: float, handover: float
) -> tuple[float, float]:
    """Mean hours from occurrence until the last party in ``chain`` starts work, and the share
    of incidents on which an on-call engineer is paged off-hours (a night interruption).

    Arrivals are the mid-points of the year's 15-minute slots (uniform in time).
    """
    delay, paged = _start_times(chain, detection, handover)
    return float(np.mean(delay)), float(np.mean(paged))


@lru_cache(maxsize=256)
def _start_times(
    chain: tuple[_Responder, ...], detection: float, handover: float
) -> tuple[np.ndarray, np.ndarray]:
    """Per arrival slot of the year: hours from occurrence until the last party in ``chain``
    starts work, and whether an on-call engineer is paged (:func:`_start_delay` averages them;
    key-person escalations weight them by the day's absences)."""
    t0 = (np.arange(DAYS_PER_YEAR * SLOTS_PER_DAY) + 0.5) * SLOT_HOURS
    t = t0 + detection
    paged = np.zeros(t.size, dtype=bool)
    for step, party in enumerate(chain):
        if step:
            t = t + handover
        inside = is_open(party.coverage, t)
        if party.delay_off_hours is None:
            t = next_open(party.coverage, t) + party.delay_in_window
        else:
            paged |= ~inside
            t = np.where(inside, t + party.delay_in_window, t + party.delay_off_hours)
    return t - t0, paged


def corrective_profile(scenario: Scenario, plan: Plan,
                       mix: TeamMix | None = None) -> CorrectiveProfile:
    """Expected times, labour and vendor exposure per incident under ``plan`` (``mix`` is the
    plan's team, computed here unless the caller has it)."""
    team = scenario.team
    n_sys = len(scenario.systems)
    shape = (n_sys, len(SEVERITIES))
    mix = mix if mix is not None else team_mix(scenario, plan)
    multipliers = np.array([lv.repair_time_multiplier for lv in team.levels])
    escalation = np.array([lv.escalation_probability for lv in team.levels])
    weights = mix.weights
    handover = team.escalation_handover_hours
    responders = {v: _responders(scenario, v) for v in SEVERITIES}
    detection = detection_hours(scenario)
    fx = scenario.effects
    rates = effective_rates(scenario)
    # Key-person risk (docs/model.md §7b): new hires ramp up (a mean factor ρ_k on each level's
    # repair time), and a system only one level knows escalates (or waits) on the days nobody
    # of that level is present.
    people = people_inputs(scenario, plan)
    ramp = queued = tm = None
    sole = np.full(n_sys, -1)
    if people is not None:
        ramp = people.ramp_factor()
        multipliers = multipliers * ramp
        sole = people.sole_level
        tm = np.zeros(shape)
        if people.to_vendor:
            queued = np.array([1.0 - people.nobody_slots(k, float(d)).mean() if k >= 0 else 1.0
                               for k, d in zip(sole, detection, strict=True)])
    waits = in_house_waits(scenario, plan, mix, rates, ramp, queued)
    contract = scenario.contract

    out = {name: np.zeros(shape) for name in (
        "restore_hours", "in_house_hours", "vendor_hours", "vendor_touched", "vendor_visits",
        "breach_probability", "night_pages", "parts_charged",
    )}
    for i, (system, assign) in enumerate(zip(scenario.systems, plan.assignments, strict=True)):
        hw = system.hardware
        onsite = hw.onsite_fraction if hw else 0.0
        first_in = assign.first_response is Party.in_house
        rec_in = assign.recovery is Party.in_house
        for j, v in enumerate(SEVERITIES):
            mean_r = _repair_mean(system, v)
            who = responders[v]
            chain = (who[assign.first_response],)
            if assign.first_response is not assign.recovery:
                chain += (who[assign.recovery],)
            ttr, paged = _start_delay(chain, float(detection[i]), handover)
            visits = 0.0 if rec_in else onsite
            if rec_in:
                worked = float(worked_hours(mean_r, weights, multipliers, escalation,
                                            handover))
                travel = onsite * (hw.travel_hours if hw else 0.0)
                ttr += worked + travel + waits[i, j]
                in_hours = worked + 2.0 * travel
                vendor_hours = 0.0
                if sole[i] >= 0 and people.to_vendor:
                    # Nobody who knows it present: handed to the vendor at T&M after the
                    # team's response, restored as the vendor restores (§8).
                    nobody = people.nobody_slots(int(sole[i]), float(detection[i]))
                    share = float(nobody.mean())
                    own, _ = _start_times(chain, float(detection[i]), handover)
                    away, _ = _start_times((who[assign.first_response], who[Party.vendor]),
                                           float(detection[i]), handover)
                    labour = contract.repair_time_multiplier * mean_r
                    by_vendor = (labour + onsite * contract.onsite_response_hours
                                 + cell_times(scenario, system, v).backlog_mean)
                    ttr = float(np.mean((1.0 - nobody) * (own + worked + travel + waits[i, j])
                                        + nobody * (away + by_vendor)))
                    in_hours = (1.0 - share) * in_hours
                    tm[i, j] = share * labour
                    visits = share * onsite
                elif sole[i] >= 0:
                    # Nobody who knows it present: it waits for the first of them to be back.
                    _, extra = wait_for_return(
                        people, int(sole[i]), team.coverage,
                        team.on_call.enabled and v in team.on_call.paged_severities,
                        float(detection[i]))
                    ttr += extra
            else:
                vendor_hours = scenario.contract.repair_time_multiplier * mean_r
                ttr += (vendor_hours + onsite * scenario.contract.onsite_response_hours
                        + cell_times(scenario, system, v).backlog_mean)
                in_hours = 0.0
            terms = scenario.contract.terms[v]
            vendor_in = not (first_in and rec_in)
            out["restore_hours"][i, j] = ttr
            out["in_house_hours"][i, j] = in_hours + (fx.triage_hours if first_in else 0.0)
            # Triage is billed to whoever gives the first response, the vendor included.
            out["vendor_hours"][i, j] = vendor_hours + (0.0 if first_in else fx.triage_hours)
            out["vendor_touched"][i, j] = float(vendor_in)
            out["vendor_visits"][i, j] = visits
            if vendor_in:
                out["breach_probability"][i, j] = (
                    1.0 - terms.p_response if rec_in else cell_times(scenario, system, v).p_breach)
            out["night_pages"][i, j] = paged
            covered_by_vendor = (not rec_in) and scenario.contract.parts_included
            out["parts_charged"][i, j] = 0.0 if (hw is None or covered_by_vendor) else 1.0
    return CorrectiveProfile(rates=rates, **out, time_and_materials_hours=tm, people=people)
