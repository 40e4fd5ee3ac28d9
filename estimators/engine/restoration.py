"""Stage 3 of a trial-year: repairing each incident, in-house (two queues) or by the vendor.

* **Site visits** (docs/model.md §7, "Hardware travel"): a hardware incident needs one with
  probability ``onsite_fraction``; the in-house engineer travels ``travel_hours`` first.
* **In-house** (§7 "Repair in the Monte Carlo", §9): jobs the on-call engineer picked up go to a
  one-engineer queue with no calendar; every other in-house job goes to the day queue of the
  ``c`` engineers on duty, which starts jobs only inside the team's window, first come first
  served by queue entry (ties by detection) or by severity. Each job's skill level is drawn by
  FTE share, so the mix at work follows the headcount mix. A job keeps its engineer for the
  acknowledgement (or on-call response), the travel, and ``m · repair``, plus the hand-over
  when it escalates (``u < p``): escalation never makes a repair faster (:func:`service_hours`).
* **Spare units** (§7): where a visit is needed and the system keeps a spare on site, the
  incident is restored by the swap, ``min(swap_hours, repair)`` after the repair would have
  started; the repair goes on off the critical path (the engineer stays busy, the vendor bills
  it).
* **Vendor** (§8): restored at its start, plus the on-site response for a visit, plus
  ``m_vendor · repair``, plus, for the share 1 − p_resolution it handles late, an exponential
  backlog with the mean of its own repair time (:mod:`estimators.restoration`); it meets its
  target when that is within the target.

* **Key-person events** (§7b, when the run has a :class:`~estimators.engine.people.People`
  stage): an in-house repair of a system only one level knows, detected on a day when nobody of
  that level is present, either goes to the vendor at time and materials — handed over ``H``
  after the team's response, then restored as the vendor restores (§8) and billed as T&M hours
  — or waits: it joins its queue at the start of the first day someone of the level is back.
  Every in-house job's engineer may be a new hire ramping up (a repair-time factor ≥ 1).

Draw order (fixed: results depend on it): site visits; the day-queue levels; the day queue's
``u`` (one per job); the on-call levels; the on-call queue's ``u``; the vendor's late draws; its
backlogs. Key-person draws (the T&M escalations' vendor response, late draws and backlogs) come
from the chunk's key-person stream, after the people themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from estimators.engine.arrivals import Arrivals
from estimators.engine.inputs import StrategyInputs
from estimators.engine.people import People
from estimators.engine.queue import run_queue
from estimators.engine.response import Responses, respond_vendor

__all__ = ["Restorations", "restore", "service_hours", "skill_levels"]


@dataclass(frozen=True)
class Restorations:
    """How each incident of a chunk was repaired; times in hours from the start of the year.

    Attributes:
        onsite: a site visit was needed.
        travel: the in-house engineer's one-way travel, hours (0 without a visit).
        start_in, finish_in: in-house repair start and finish; NaN for vendor recovery.
        engineer: the day-queue engineer (0 … c−1); −1 for on-call and vendor repairs.
        vendor_labour: ``m_vendor · repair``, hours (billed where the vendor recovers).
        met: the vendor met its resolution target (True for in-house recovery).
        restored: when service came back.
        work_start: when hands-on repair started (in-house, after the acknowledgement; or the
            vendor's start).
        escalated: an in-house repair sent to the vendor at time and materials because nobody
            who knows the system was present (§7b); None without key-person events.
        nobody: the system's sole-expert level had nobody present at detection; None likewise.
        time_and_materials: the vendor's T&M hours per incident (``m_vendor · repair`` where
            escalated, else 0); None likewise.
    """

    onsite: np.ndarray
    travel: np.ndarray
    start_in: np.ndarray
    finish_in: np.ndarray
    engineer: np.ndarray
    vendor_labour: np.ndarray
    met: np.ndarray
    restored: np.ndarray
    work_start: np.ndarray
    escalated: np.ndarray | None = None
    nobody: np.ndarray | None = None
    time_and_materials: np.ndarray | None = None


def service_hours(job: Mapping[str, np.ndarray], handover: float) -> np.ndarray:
    """Hours an in-house job keeps the queue's engineer busy.

    ``job`` has the columns ``ack`` (acknowledgement or on-call response, hours), ``travel``
    (hours), ``repair`` (hours at multiplier 1), ``multiplier`` and ``escalation`` (the job's
    skill level) and ``u`` (uniform). A job that escalates (``u < escalation``) is the hard case
    its engineer could not finish: it costs them the time they would have taken and then the
    hand-over, so escalation never restores faster than the first engineer alone
    (docs/model.md §7).
    """
    escalated = job["u"] < job["escalation"]
    return (job["ack"] + job["travel"] + job["multiplier"] * job["repair"]
            + np.where(escalated, handover, 0.0))


def skill_levels(weights: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Skill level of the engineer on each job for each uniform ``u``: level k with
    probability ``weights[k]`` (its FTE share), by inverting the cumulative shares."""
    return np.minimum(np.searchsorted(np.cumsum(weights), u, side="right"), weights.size - 1)


def restore(inp: StrategyInputs, arrivals: Arrivals, responses: Responses,
            rng: np.random.Generator, stop: Callable[[], bool] | None = None,
            people: People | None = None,
            people_rng: np.random.Generator | None = None) -> Restorations:
    """Repair every incident of the chunk, after its response; ``stop`` is the run's cancel
    check, asked by the queues as they go (:func:`~estimators.engine.queue.serve`). ``people``
    (with its stream ``people_rng``) adds the key-person events; None gives the model without
    them, bit for bit."""
    a, r = arrivals, responses
    size, sys_idx, sev = a.size, a.system, a.severity
    onsite = rng.random(size) < inp.onsite[sys_idx]
    travel = np.where(onsite, inp.travel[sys_idx], 0.0)
    escalated = np.zeros(size, dtype=bool)
    nobody = None
    enter = r.enter_in
    if people is not None:
        sole = people.inputs.sole_level[sys_idx]
        asks = np.flatnonzero(r.rec_in & (sole >= 0))
        nobody = np.zeros(size, dtype=bool)
        nobody[asks] = people.nobody(sole[asks], a.trial[asks], a.detected[asks])
        if people.inputs.to_vendor:
            escalated = nobody
        else:  # wait for the first of the level to be back, then join the queue
            waits = np.flatnonzero(nobody)
            enter = enter.copy()
            enter[waits] = np.maximum(enter[waits], people.back(sole[waits], a.trial[waits],
                                                                a.detected[waits]))

    # In-house recovery: the day queue and the on-call queue, each job at a level by FTE share.
    start_in = np.full(size, np.nan)
    finish_in = np.full(size, np.nan)
    engineer = np.full(size, -1)
    ack = r.ready_in - r.enter_in

    def service(job: Mapping[str, np.ndarray]) -> np.ndarray:
        return service_hours(job, inp.handover)

    def queue(jobs_at: np.ndarray, servers: int, coverage):
        # every incident (an in-house 24x7 team): the columns themselves, not copies
        take = (lambda x: x) if jobs_at.size == size else (lambda x: x[jobs_at])
        level = skill_levels(inp.level_weights, rng.random(jobs_at.size))
        multiplier = inp.level_multiplier[level]
        trial, detected = take(a.trial), take(a.detected)
        if people is not None:  # the engineer on the job may be a new hire ramping up
            multiplier = multiplier * people.ramp(level, trial, detected)
        jobs = {"repair": take(a.repair), "travel": take(travel), "ack": take(ack),
                "multiplier": multiplier, "escalation": inp.level_escalation[level]}
        return run_queue(trial, take(enter), jobs, a.trials, servers, coverage, service, rng,
                         take(sev) if inp.by_severity else None, tiebreak=detected, stop=stop)

    day = np.flatnonzero(r.rec_in & ~r.on_call_job & ~escalated)
    day_coverage = None if inp.team_coverage.mode == "24x7" else inp.team_coverage
    served = queue(day, inp.servers, day_coverage)
    start_in[day], finish_in[day], engineer[day] = served.start, served.finish, served.server
    night = np.flatnonzero(r.on_call_job & ~escalated)
    served = queue(night, 1, None)
    start_in[night], finish_in[night] = served.start, served.finish
    start_in += np.where(r.rec_in, ack, 0.0)  # hands-on work starts after the acknowledgement
    swap = np.where(onsite, inp.swap[sys_idx], np.inf)  # a spare on site restores by the swap

    # Vendor recovery: the natural restoration plus the calibrated backlog.
    vendor_labour = inp.vendor_multiplier * a.repair
    restored = np.where(r.rec_in & np.isfinite(swap), start_in + travel + np.minimum(
        swap, finish_in - start_in - travel), finish_in)
    m = ~r.rec_in
    k = int(m.sum())
    late = rng.random(k) < inp.vendor_late[sys_idx[m], sev[m]]
    delay = inp.vendor_delay[sys_idx[m], sev[m]]
    if a.repair_factor is not None:
        delay = delay * a.repair_factor[m]  # the trial's repair times, the vendor's included
    backlog = np.where(late, rng.standard_exponential(k) * delay, 0.0)
    restored[m] = (r.start_v[m] + np.where(onsite[m], inp.onsite_response, 0.0)
                   + np.minimum(swap[m], vendor_labour[m]) + backlog)
    met = np.ones(size, dtype=bool)
    met[m] = restored[m] - r.clock[m] <= inp.vendor_resolution_target[sev[m]]
    work_start = np.where(r.rec_in, start_in, r.start_v)
    tm = None
    if people is not None:
        tm = np.zeros(size)
        if escalated.any():
            _time_and_materials(inp, a, r, onsite, escalated, people_rng, restored,
                                work_start, tm)
    return Restorations(
        onsite=onsite, travel=travel, start_in=start_in, finish_in=finish_in, engineer=engineer,
        vendor_labour=vendor_labour, met=met, restored=restored, work_start=work_start,
        escalated=escalated if people is not None else None, nobody=nobody,
        time_and_materials=tm,
    )


def _time_and_materials(inp: StrategyInputs, a: Arrivals, r: Responses, onsite: np.ndarray,
                        escalated: np.ndarray, rng: np.random.Generator, restored: np.ndarray,
                        work_start: np.ndarray, tm: np.ndarray) -> None:
    """Restore the escalated incidents as the vendor restores (docs/model.md §8): handed over
    ``H`` after the team's response, the vendor's clock starts on its calendar, it responds,
    visits the site if needed, repairs in ``m_vendor · repair`` (the T&M hours billed) and, for
    its late share, waits its backlog. Fills ``restored``, ``work_start`` and ``tm`` in place;
    draws (response, late, backlog) from the key-person stream ``rng``."""
    e = np.flatnonzero(escalated)
    sys_e, sev_e = a.system[e], a.severity[e]
    _, start, _ = respond_vendor(inp, r.responded[e] + inp.handover, sev_e, rng)
    late = rng.random(e.size) < inp.escalation_late[sys_e, sev_e]
    delay = inp.escalation_delay[sys_e, sev_e]
    if a.repair_factor is not None:
        delay = delay * a.repair_factor[e]
    backlog = np.where(late, rng.standard_exponential(e.size) * delay, 0.0)
    labour = inp.vendor_multiplier * a.repair[e]
    on_path = np.where(onsite[e], inp.onsite_response + np.minimum(inp.swap[sys_e], labour),
                       labour)  # a spare on site restores a visit by the swap (§7)
    restored[e] = start + on_path + backlog
    work_start[e] = start
    tm[e] = labour
