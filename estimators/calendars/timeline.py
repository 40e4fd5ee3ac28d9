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

from estimators.calendars.bands import year_points
from estimators.calendars.coverage import (
    DAYS_PER_YEAR,
    SLOT_HOURS,
    SLOTS_PER_DAY,
    coverage_stats,
    is_open,
    next_open,
)
from estimators.calendars.impact import OutagePricing, price, pricing
from estimators.calendars.people import PeopleInputs, people_inputs, wait_for_return
from estimators.calendars.queue_wait import (
    engineers_on_duty,
    queue_jobs,
    queue_waits,
    service_moments,
)
from estimators.costs.premiums import expected_job_hours, premium_bands, year_sample
from estimators.restoration import cell_times, spare_swap_hours, swap_saving
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
from estimators.scenario.team import kept_headcount, whole_people

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
    """The in-house team a plan keeps: whole people, never topped up (docs/model.md §7).

    Attributes:
        fte: FTE per skill level kept (whole people for full-time levels, the FTE share for
            part-time ones; :func:`~estimators.scenario.team.kept_headcount`).
        people: people per skill level kept (part-timers count as people).
        coverage_fte: FTE needed to keep ``min_on_duty`` engineers on duty in the window all
            year, leave and sickness included (net hours), 0 when the plan has the team respond
            to or repair no incident.
        window_fte: FTE whose presence spans the window in a week with nobody away:
            min_on_duty × window hours a week / (contract hours a week × 9/8, the statutory
            break), 0 likewise. A team below it cannot staff the window at all (infeasible);
            between it and ``coverage_fte`` the window has gaps when people are away, the
            key-person absences the Monte Carlo simulates (docs/model.md §7, §7b).
    """

    fte: np.ndarray
    people: np.ndarray
    coverage_fte: float
    window_fte: float = 0.0

    @property
    def total(self) -> float:
        return float(self.fte.sum())

    @property
    def total_people(self) -> int:
        return int(self.people.sum())

    @property
    def needed_people(self) -> int:
        """People needed to staff the window: ceil(window FTE)."""
        return whole_people(self.window_fte)

    @property
    def staffs_window(self) -> bool:
        """The kept FTE can staff the window (kept FTE ≥ window FTE; for a full-time team,
        kept people ≥ ceil(window FTE))."""
        return self.total >= self.window_fte - 1e-9

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


PRESENCE_PER_CONTRACT_HOUR = 9.0 / 8.0
"""Hours a person is present per contract hour: the Labour Standards Act (労働基準法 §34) gives at
least a 1-hour break on a working day over 8 hours, so someone present 09:00-18:00 works 8."""


def team_mix(scenario: Scenario, plan: Plan) -> TeamMix:
    """The team ``plan`` keeps: headcount × team_scale in whole people
    (:func:`~estimators.scenario.team.kept_headcount`), never topped up.

    When the team responds to or repairs incidents (planned work needs no window): coverage FTE
    = min_on_duty × covered hours per year / net hours per FTE (the all-year staffing, leave
    included), and window FTE = min_on_duty × window hours a week / (contract hours × 9/8); a
    kept team below the window FTE cannot staff its window and the strategy is infeasible
    (:attr:`TeamMix.staffs_window`).
    """
    team = scenario.team
    fte = np.array(kept_headcount(team.levels, plan.team_scale), dtype=float)
    people = np.array([whole_people(h) for h in fte], dtype=int)
    responds = any(
        Party.in_house in (a.first_response, a.recovery) for a in plan.assignments
    )
    if not responds:
        return TeamMix(fte, people, 0.0)
    covered = coverage_stats(team.coverage).covered_hours_per_year
    presence = team.hours_per_week_per_fte * PRESENCE_PER_CONTRACT_HOUR
    return TeamMix(fte, people, team.min_on_duty * covered / team.net_hours_per_fte,
                   team.min_on_duty * team.coverage.hours_per_week / presence)


@lru_cache(maxsize=4096)
def _repair_second_moment(repair) -> float:
    return repair.second_moment_hours


def in_house_waits(scenario: Scenario, plan: Plan, mix: TeamMix,
                   rates: np.ndarray, ramp: np.ndarray | None = None,
                   queued: np.ndarray | None = None) -> np.ndarray:
    """Mean wait for a free engineer per system and severity where the team restores, hours
    (:mod:`estimators.calendars.queue_wait`); 0 elsewhere. Shape (systems, severities).

    ``ramp`` scales each level's repair multiplier (new hires ramping up, docs/model.md §7b);
    ``queued`` is the share of each system's incidents that reach the queue (the rest went to
    the vendor at time and materials)."""
    inside, outside = in_house_wait_parts(scenario, plan, mix, rates, ramp, queued)
    off = coverage_stats(scenario.team.coverage).off_share
    return (1.0 - off) * inside + off * outside


def in_house_wait_parts(scenario: Scenario, plan: Plan, mix: TeamMix,
                        rates: np.ndarray, ramp: np.ndarray | None = None,
                        queued: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The mean waits of :func:`in_house_waits` for incidents that reach the team inside its
    window and for those that arrive outside it (the on-call queue's, or the backlog's at the
    opening), each of shape (systems, severities): time-dependent figures (an outage's price
    against business hours, call-out premiums) give each arrival its own."""
    team = scenario.team
    rec = np.array([a.recovery is Party.in_house for a in plan.assignments])
    out = np.zeros(rates.shape)
    if not rec.any():
        return out, out.copy()
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
    inside, outside = out, out.copy()
    inside[rec] = waits.in_window
    outside[rec] = np.where(paged, waits.on_call, waits.at_opening)[None, :]
    # No incidents, no wait (and no 0 × ∞).
    return np.where(rates > 0, inside, 0.0), np.where(rates > 0, outside, 0.0)


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
        priced_share: priced outage hours per outage-equivalent hour (the impact window, its
            off-window factor and the workaround, docs/model.md §10); 1 by default.
        business_share: business-hours downtime per outage-equivalent hour; 1 by default.
        callout_hours: expected in-house repair hours per incident worked outside the team's
            window, per premium band (ordinary day, statutory holiday, 22:00-05:00), shape
            (systems, 3, 3); zeros where the team does not repair.
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
    priced_share: np.ndarray
    business_share: np.ndarray
    callout_hours: np.ndarray | None = None
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


def start_times(chain: tuple[_Responder, ...], t0: np.ndarray, detection: float,
                handover: float) -> tuple[np.ndarray, np.ndarray]:
    """When the last party in ``chain`` starts work on incidents occurring at ``t0`` (hours from
    the start of the year), and whether an on-call engineer was paged off-hours for each.

    Detection, acknowledgement and the vendor's response enter at their means (docs/model.md
    §6); the calendars are exact.
    """
    t = t0 + detection
    paged = np.zeros(t.shape, dtype=bool)
    for step, party in enumerate(chain):
        if step:
            t = t + handover
        inside = is_open(party.coverage, t)
        if party.delay_off_hours is None:
            t = next_open(party.coverage, t) + party.delay_in_window
        else:
            paged |= ~inside
            t = np.where(inside, t + party.delay_in_window, t + party.delay_off_hours)
    return t, paged


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
    t, paged = start_times(chain, t0, detection, handover)
    return t - t0, paged


def _spare_saving(profile, swap: float, weights: np.ndarray, multipliers: np.ndarray,
                  escalation: np.ndarray, handover: float) -> float:
    """Mean hours a spare unit takes off an in-house restoration that needs a site visit: over
    the levels (by FTE share) and escalation (which adds the hand-over to the critical repair),
    E[J − min(swap, J)] for J = m_k·Y (+ H); 0 without a spare or incidents."""
    if profile is None or swap == math.inf:
        return 0.0
    repair = profile.repair
    return float(sum(
        w * ((1.0 - p) * swap_saving(repair, swap, float(m))
             + p * swap_saving(repair, swap, float(m), handover))
        for w, m, p in zip(weights, multipliers, escalation, strict=True) if w > 0))


PRICING_POINTS = 4_096
"""Evenly spread occurrence times over which the expected model averages an outage's price
against its impact window (:func:`_priced_shares`); with low-discrepancy uniforms the average
is within about 0.1 % of the limit on the samples, and the points are the premiums' count."""


@lru_cache(maxsize=8192)
def _repair_quantiles(repair, n: int, dims: int, column: int) -> np.ndarray:
    """Repair hours at one column of the ``year_points(n, dims)`` uniforms (the points never
    change, so a repair distribution's quantiles are computed once)."""
    hours = repair.ppf(year_points(n, dims)[1][:, column])
    hours.flags.writeable = False
    return hours


@lru_cache(maxsize=4096)
def _point_starts(chain: tuple, detection: float, handover: float, n: int) -> np.ndarray:
    """:func:`start_times` at the ``n`` year points (cached per chain and delays)."""
    starts = start_times(chain, year_points(n, 1)[0], detection, handover)[0]
    starts.flags.writeable = False
    return starts


@dataclass(frozen=True)
class _Escalation:
    """A sole expert's incidents while nobody of their level is present (docs/model.md §7b):
    ``nobody`` is P(nobody present) per day of the year; they go to the vendor along
    ``vendor_chain`` (T&M), or, without it, wait ``extra`` more hours on average."""

    nobody: np.ndarray
    vendor_chain: tuple | None
    extra: float = 0.0


def _outage_ends(scenario: Scenario, system, severity: Severity, chain, rec_in: bool,
                 detection: float, wait: tuple[float, float], weights: np.ndarray,
                 multipliers: np.ndarray, escalation: np.ndarray,
                 away: _Escalation | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(occurred, restored) of the year's evenly spread outages of one cell, for pricing.

    Occurrence times and the uniforms behind the random parts come from
    :func:`~estimators.calendars.bands.year_points`; the start of work follows the calendars
    (:func:`start_times`, delays at their means), then the restoration is drawn as the Monte
    Carlo draws it: the repair Y from its distribution, the site visit, the level by FTE share
    and its escalation (in-house, after the mean wait for a free engineer of an arrival inside
    or outside the team's window, ``wait``), or the vendor's visit and backlog; a spare unit
    restores a visit by the swap. ``away``: on a day its sole expert is away (drawn with the
    day's probability), an in-house incident goes to the vendor or waits for their return.
    """
    t0, u = year_points(PRICING_POINTS, 5)
    team, contract = scenario.team, scenario.contract
    handover = team.escalation_handover_hours
    y = _repair_quantiles(system.incidents[severity].repair, PRICING_POINTS, 5, 0)
    hw = system.hardware
    visit = u[:, 1] < (hw.onsite_fraction if hw else 0.0)
    swap = spare_swap_hours(system)

    def by_vendor(vendor_chain) -> np.ndarray:
        start = _point_starts(vendor_chain, detection, handover, PRICING_POINTS)
        vendor = cell_times(scenario, system, severity)
        repair = contract.repair_time_multiplier * y
        on_path = np.where(visit, contract.onsite_response_hours + np.minimum(swap, repair),
                           repair)
        late = u[:, 3] < vendor.late_share
        backlog = np.where(late, -vendor.delay_mean * np.log(
            np.maximum(u[:, 3], 1e-300) / max(vendor.late_share, 1e-300)), 0.0)
        return start + on_path + backlog

    if not rec_in:
        return t0, by_vendor(chain)
    start = _point_starts(chain, detection, handover, PRICING_POINTS)
    edges = np.cumsum(weights)
    level = np.minimum(np.searchsorted(edges, u[:, 2], side="right"), weights.size - 1)
    low = edges[level] - weights[level]
    escalated = (u[:, 2] - low) < escalation[level] * weights[level]
    job = multipliers[level] * y + np.where(escalated, handover, 0.0)
    job = np.where(visit, np.minimum(swap, job) + (hw.travel_hours if hw else 0.0), job)
    inside = is_open(team.coverage, t0 + detection)
    restored = start + np.where(inside, wait[0], wait[1]) + job
    if away is None:
        return t0, restored
    day = np.minimum(((t0 + detection) // 24.0).astype(int), away.nobody.size - 1)
    nobody = u[:, 4] < away.nobody[day]
    if away.vendor_chain is not None:
        return t0, np.where(nobody, by_vendor(away.vendor_chain), restored)
    share = float(np.mean(away.nobody[day]))
    extra = away.extra / share if share > 0 else 0.0  # E[extra | nobody present]
    return t0, np.where(nobody, restored + extra, restored)


def _priced_shares(p: OutagePricing, severity: int,
                   outages: tuple[np.ndarray, np.ndarray]) -> tuple[float, float]:
    """Priced and business-hours downtime per outage-equivalent hour over the cell's evenly
    spread outages (:func:`~estimators.calendars.impact.price`): ratios of means, so the
    expected model's exact mean time to restore carries them."""
    occurred, restored = outages
    sev = np.full(occurred.size, severity)
    priced, business = price(p, sev, occurred, restored)
    clock = p.impact[severity] * float(np.sum(restored - occurred))
    if clock <= 0:
        return 1.0, 1.0
    return float(priced.sum()) / clock, float(business.sum()) / clock


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
    wait_in, wait_off = in_house_wait_parts(scenario, plan, mix, rates, ramp, queued)
    off_share = coverage_stats(team.coverage).off_share
    waits = (1.0 - off_share) * wait_in + off_share * wait_off
    contract = scenario.contract

    # people (issue 15 §2): premium bands, when the team repairs outside a business-hours window
    callout = np.zeros((*shape, 3))
    bands = None
    if team.coverage.mode != "24x7" and any(a.recovery is Party.in_house
                                            for a in plan.assignments):
        bands = premium_bands(team.coverage, team.premiums.statutory_holiday)
        points, uniforms = year_sample()
    out = {name: np.zeros(shape) for name in (
        "restore_hours", "in_house_hours", "vendor_hours", "vendor_touched", "vendor_visits",
        "breach_probability", "night_pages", "parts_charged",
    )}
    out["priced_share"] = np.ones(shape)
    out["business_share"] = np.ones(shape)
    for i, (system, assign) in enumerate(zip(scenario.systems, plan.assignments, strict=True)):
        hw = system.hardware
        onsite = hw.onsite_fraction if hw else 0.0
        swap = spare_swap_hours(system)
        outage_pricing = pricing(scenario, system)
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
            away_from = None
            if rec_in:
                worked = float(worked_hours(mean_r, weights, multipliers, escalation,
                                            handover))
                travel = onsite * (hw.travel_hours if hw else 0.0)
                saved = onsite * _spare_saving(system.incidents.get(v), swap, weights,
                                               multipliers, escalation, handover)
                ttr += worked + travel + waits[i, j] - saved
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
                    vendor = cell_times(scenario, system, v)
                    by_vendor = (labour + onsite * contract.onsite_response_hours
                                 + vendor.backlog_mean - vendor.swap_saving)
                    ttr = float(np.mean((1.0 - nobody) * (own + worked + travel + waits[i, j]
                                                          - saved)
                                        + nobody * (away + by_vendor)))
                    in_hours = (1.0 - share) * in_hours
                    tm[i, j] = share * labour
                    visits = share * onsite
                    away_from = _Escalation(people.nobody(int(sole[i])), (
                        who[assign.first_response], who[Party.vendor]))
                elif sole[i] >= 0:
                    # Nobody who knows it present: it waits for the first of them to be back.
                    _, extra = wait_for_return(
                        people, int(sole[i]), team.coverage,
                        team.on_call.enabled and v in team.on_call.paged_severities,
                        float(detection[i]))
                    ttr += extra
                    away_from = _Escalation(people.nobody(int(sole[i])), None, extra)
            else:
                vendor_hours = scenario.contract.repair_time_multiplier * mean_r
                vendor = cell_times(scenario, system, v)
                ttr += (vendor_hours + onsite * scenario.contract.onsite_response_hours
                        + vendor.backlog_mean - vendor.swap_saving)
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
            if not outage_pricing.plain and rates[i, j] > 0 and math.isfinite(ttr):
                ends = _outage_ends(scenario, system, v, chain, rec_in, float(detection[i]),
                                    (float(wait_in[i, j]), float(wait_off[i, j])), weights,
                                    multipliers, escalation, away_from)
                out["priced_share"][i, j], out["business_share"][i, j] = _priced_shares(
                    outage_pricing, j, ends)
            covered_by_vendor = (not rec_in) and scenario.contract.parts_included
            out["parts_charged"][i, j] = 0.0 if (hw is None or covered_by_vendor) else 1.0
            # --- people (issue 15 §2): call-out hours per premium band
            if rec_in and bands is not None and rates[i, j] > 0 and math.isfinite(waits[i, j]):
                starts = _point_starts(chain, float(detection[i]), handover, points.size)
                inside = is_open(team.coverage, points + float(detection[i]))
                repair = system.incidents[v].repair
                callout[i, j] = expected_job_hours(
                    bands, starts + np.where(inside, wait_in[i, j], wait_off[i, j]), uniforms,
                    lambda _, r=repair: _repair_quantiles(r, points.size, 4, 2), weights,
                    multipliers, escalation, handover, onsite, hw.travel_hours if hw else 0.0)
                if away_from is not None and away_from.vendor_chain is not None:
                    # The jobs escalated while the sole expert is away are not the team's.
                    callout[i, j] *= 1.0 - float(np.mean(away_from.nobody))
    return CorrectiveProfile(rates=rates, **out, callout_hours=callout,
                             time_and_materials_hours=tm, people=people)
