"""Stage 3 of a trial-year: repairing each incident, in-house (two queues) or by the vendor.

* **Site visits** (docs/model.md §7, "Hardware travel"): a hardware incident needs one with
  probability ``onsite_fraction``; the in-house engineer travels ``travel_hours`` first.
* **In-house** (§7 "Repair in the Monte Carlo", §9): jobs the on-call engineer picked up go to a
  one-engineer queue with no calendar, that engineer's skill level drawn per job by FTE share;
  every other in-house job goes to the day queue of the ``c`` engineers on duty, which starts
  jobs only inside the team's window. A job takes ``travel + (escalated ? H + m_top · repair :
  m · repair)`` hours on its engineer, escalating when ``u < p`` (:func:`service_hours`).
* **Vendor** (§8, "Resolution target, current behaviour"): natural restoration is its start,
  plus the on-site response for a visit, plus ``m_vendor · repair``; it meets its resolution
  target with probability ``p_resolution`` (then restored by the target at the latest), else
  overruns it (:func:`vendor_restored`).

Draw order (fixed: results depend on it): site visits; the day queue's ``u`` grid; the on-call
levels; the on-call queue's ``u`` grid; the vendor's met draws; the vendor's overruns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from estimators.engine.arrivals import Arrivals
from estimators.engine.inputs import StrategyInputs
from estimators.engine.queue import run_queue
from estimators.engine.response import Responses

__all__ = ["Restorations", "on_call_levels", "restore", "service_hours", "vendor_restored"]


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
        work_start: when repair started (in-house start, or the vendor's start).
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


def service_hours(job: Mapping[str, np.ndarray], multiplier: np.ndarray | float,
                  escalation: np.ndarray | float, handover: float,
                  fastest: float) -> np.ndarray:
    """Hours an in-house job keeps its engineer busy.

    ``job`` has the columns ``repair`` (hours at multiplier 1), ``travel`` (hours) and ``u``
    (uniform). The job escalates when ``u < escalation``: then it takes the hand-over plus the
    repair at the fastest staffed level's multiplier, on the same engineer; else the repair at
    the engineer's own ``multiplier`` (docs/model.md §7).
    """
    escalated = job["u"] < escalation
    fixed = np.where(escalated, handover + fastest * job["repair"], multiplier * job["repair"])
    return job["travel"] + fixed


def on_call_levels(weights: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Skill level of the on-call engineer for each uniform ``u``: level k with probability
    ``weights[k]`` (its FTE share), by inverting the cumulative shares."""
    return np.minimum(np.searchsorted(np.cumsum(weights), u, side="right"), weights.size - 1)


def vendor_restored(natural: np.ndarray, target: np.ndarray, met: np.ndarray,
                    overrun: np.ndarray) -> np.ndarray:
    """When the vendor restores service (hours), as implemented today (docs/model.md §8).

    Met: ``min(natural, target)`` — capped at the target however long the repair would take.
    Missed: ``max(natural, target + overrun)`` — pushed past the target by the overrun.
    """
    return np.where(met, np.minimum(natural, target), np.maximum(natural, target + overrun))


def restore(inp: StrategyInputs, arrivals: Arrivals, responses: Responses,
            rng: np.random.Generator) -> Restorations:
    """Repair every incident of the chunk, after its response."""
    a, r = arrivals, responses
    size, sys_idx, sev = a.size, a.system, a.severity
    onsite = rng.random(size) < inp.onsite[sys_idx]
    travel = np.where(onsite, inp.travel[sys_idx], 0.0)

    # In-house recovery: the day queue and the on-call queue.
    start_in = np.full(size, np.nan)
    finish_in = np.full(size, np.nan)
    engineer = np.full(size, -1)

    def day_service(j: np.ndarray, job: Mapping[str, np.ndarray]) -> np.ndarray:
        return service_hours(job, inp.server_multiplier[j], inp.server_escalation[j],
                             inp.handover, inp.fastest)

    def on_call_service(j: np.ndarray, job: Mapping[str, np.ndarray]) -> np.ndarray:
        return service_hours(job, job["multiplier"], job["escalation"], inp.handover,
                             inp.fastest)

    def priority(jobs: np.ndarray) -> np.ndarray | None:
        return sev[jobs] if inp.by_severity else None

    day = np.flatnonzero(r.rec_in & ~r.on_call_job)
    jobs = {"repair": a.repair[day], "travel": travel[day]}
    day_coverage = None if inp.team_coverage.mode == "24x7" else inp.team_coverage
    served = run_queue(a.trial[day], r.ready_in[day], jobs, a.trials, inp.servers,
                       day_coverage, day_service, rng, priority(day))
    start_in[day], finish_in[day], engineer[day] = served.start, served.finish, served.server
    night = np.flatnonzero(r.on_call_job)
    level = on_call_levels(inp.level_weights, rng.random(night.size))
    jobs = {"repair": a.repair[night], "travel": travel[night],
            "multiplier": inp.level_multiplier[level], "escalation": inp.level_escalation[level]}
    served = run_queue(a.trial[night], r.ready_in[night], jobs, a.trials, 1, None,
                       on_call_service, rng, priority(night))
    start_in[night], finish_in[night] = served.start, served.finish

    # Vendor recovery: meets the resolution target with probability p_resolution.
    vendor_labour = inp.vendor_multiplier * a.repair
    restored = finish_in.copy()
    m = ~r.rec_in
    k = int(m.sum())
    natural = r.start_v[m] + np.where(onsite[m], inp.onsite_response, 0.0) + vendor_labour[m]
    target = r.clock[m] + inp.vendor_resolution_target[sev[m]]
    met = np.ones(size, dtype=bool)
    met[m] = rng.random(k) < inp.p_resolution[sev[m]]
    mean_repair = inp.mean_repair[sys_idx[m], sev[m]]
    if a.repair_factor is not None:
        mean_repair = mean_repair * a.repair_factor[m]
    overrun = rng.standard_exponential(k) * inp.vendor_multiplier * mean_repair
    restored[m] = vendor_restored(natural, target, met[m], overrun)
    return Restorations(
        onsite=onsite, travel=travel, start_in=start_in, finish_in=finish_in, engineer=engineer,
        vendor_labour=vendor_labour, met=met, restored=restored,
        work_start=np.where(r.rec_in, start_in, r.start_v),
    )
