"""Stage 4 of a trial-year: what the incidents add up to — breaches, credits, costs, outputs.

docs/model.md §13 steps 5-6 and §11:

* **Breaches** of the organisation's targets (the contract's where it sets none): response
  measured from detection, restoration from occurrence. **Vendor breaches** (for credits):
  the vendor took part and responded late, or recovered and missed its resolution target.
* **Credits**: ``credit_pct`` monthly fees per vendor breach, summed per calendar month of
  occurrence (730-hour months), each month capped at ``credit_cap_pct`` fees; each system's
  credits are scaled by the trial's capped/raw ratio (:func:`capped_credit_share`).
* **Activity** per trial and system, priced by the cost lines of §10 (:func:`activity`); a
  system's outage-equivalent hours in a trial-year are capped at the year's 8,760 hours (§10,
  "Downtime cap"), as in the expected model.
* **Outputs**: per-trial arrays (:class:`ChunkResult`), per-incident times for the run's
  samples (:class:`IncidentTimes`) and, if kept, the per-incident table.

Nothing here draws a random number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from estimators.calendars.bands import hours_in_bands, window_band
from estimators.calendars.coverage import HOURS_PER_YEAR
from estimators.calendars.impact import price
from estimators.costs.lines import (
    COST_LINES,
    Activity,
    cap_with,
    cost_lines,
    planned_hours,
)
from estimators.costs.premiums import premium_bands
from estimators.engine.arrivals import Arrivals
from estimators.engine.inputs import StrategyInputs
from estimators.engine.people import People
from estimators.engine.response import Responses
from estimators.engine.restoration import Restorations
from estimators.engine.results import HANDLERS
from estimators.engine.trial_inputs import TrialInputs
from estimators.scenario import Party, Scenario

__all__ = ["Breaches", "ChunkResult", "IncidentTimes", "activity", "capped_credit_share",
           "find_breaches", "incident_table", "tally"]

MONTH_HOURS = HOURS_PER_YEAR / 12.0
"""Length of a calendar month for service credits, hours (730)."""
HANDLER_CODES = {name: code for code, name in enumerate(HANDLERS)}
"""Codes of the ``handler`` column of the incident table."""
NIGHT = (22.0, 5.0)
"""Night pages are sent at or after 22:00 or before 05:00 (hour of day)."""


@dataclass(frozen=True)
class ChunkResult:
    """One chunk's per-trial outputs, joined by
    :meth:`~estimators.engine.results.SimulationResult.from_chunks`.

    Attributes:
        line_costs: cost per trial-year by line, shape (trials, lines), scenario currency.
        incidents: incidents per trial-year.
        outage_hours_by_system: outage-equivalent hours (hours down × impact), (trials, S),
            at most the year's 8,760 hours.
        business_hours_by_system: the part of them inside each system's impact window.
        breaches: incidents breaching the organisation's targets, (trials, V).
        pages, night_pages: off-hours pages per trial-year, and those sent at night.
        input_values: the trials' uncertain inputs, (trials, inputs), or None.
        team_hours: in-house maintenance hours per trial-year (incident hours + planned hours
            assigned to the team), for the team's utilisation.
        table: the per-incident table's columns (see :func:`incident_table`), or None.
        under_strength_days: days of the year with fewer people present than the team has
            (docs/model.md §7b); None without key-person events (as for the others below).
        under_strength_incidents: incidents detected on such a day.
        sole_expert_absent: incidents whose system's sole-expert level had nobody present.
        departures: leavers in the year; exposure: person-years in post.
    """

    line_costs: np.ndarray
    incidents: np.ndarray
    outage_hours_by_system: np.ndarray
    business_hours_by_system: np.ndarray
    breaches: np.ndarray
    pages: np.ndarray
    night_pages: np.ndarray
    input_values: np.ndarray | None = None
    team_hours: np.ndarray | None = None  # in-house maintenance hours per trial-year
    table: dict[str, np.ndarray] | None = None
    under_strength_days: np.ndarray | None = None
    under_strength_incidents: np.ndarray | None = None
    sole_expert_absent: np.ndarray | None = None
    departures: np.ndarray | None = None
    exposure: np.ndarray | None = None


@dataclass(frozen=True)
class IncidentTimes:
    """Per incident of a chunk: time to restore (occurred → restored) and wait (detected →
    repair start), hours, and the severity index; the run streams them into its samples."""

    time_to_restore: np.ndarray
    wait: np.ndarray
    severity: np.ndarray


@dataclass(frozen=True)
class Breaches:
    """Per incident: breaches of the organisation's response and restore targets, whether the
    vendor took part, and whether it breached its own terms (which earns a credit)."""

    response: np.ndarray
    restore: np.ndarray
    vendor_in: np.ndarray
    vendor: np.ndarray


def responded(r: Responses, x: Restorations) -> np.ndarray:
    """When each incident was answered: where the team both answers and restores, the
    engineer answers when they take the job from the queue (``start_in``, after any wait for a
    free engineer); elsewhere, and for a repair escalated to the vendor at time and materials,
    the response stage's time."""
    own = r.first_in & r.rec_in
    if x.escalated is not None:
        own = own & ~x.escalated
    return np.where(own, x.start_in, r.responded)


def find_breaches(inp: StrategyInputs, a: Arrivals, r: Responses, x: Restorations,
                  times: IncidentTimes) -> Breaches:
    """Which incidents breach which target (docs/model.md §8, "Vendor breach", "Organisation
    targets")."""
    sev = a.severity
    vendor_in = ~(r.first_in & r.rec_in)
    answered = responded(r, x)
    took_response = answered - a.detected
    took_restore = times.time_to_restore
    business = inp.target_business[sev]
    if business.any():  # targets on the team's business-hours clock count open hours only
        elapsed = window_band(inp.team_coverage).hours_in

        took_response = np.where(business, elapsed(a.detected, answered), took_response)
        took_restore = np.where(business, elapsed(a.occurred, x.restored), took_restore)
    return Breaches(
        response=took_response > inp.target_response[sev],
        restore=took_restore > inp.target_restore[sev],
        vendor_in=vendor_in,
        vendor=vendor_in & ((r.vendor_delay > inp.vendor_response_target[sev])
                            | (~r.rec_in & ~x.met)),
    )


def capped_credit_share(trial: np.ndarray, occurred: np.ndarray, credit: np.ndarray,
                        trials: int, cap: float) -> np.ndarray:
    """Share of each trial's credits paid after the monthly cap, shape (trials,).

    ``credit`` is each incident's credit in monthly fees, ``occurred`` its time (hours), and
    ``cap`` the most one month may earn, in monthly fees. Months are 730 hours; the share is
    Σ_months min(month's credits, cap) / Σ credits (0 for a trial with none).
    """
    month = np.minimum((occurred * (1.0 / MONTH_HOURS)).astype(np.intp), 11)
    monthly = np.bincount(trial * 12 + month, weights=credit,
                          minlength=trials * 12).reshape(trials, 12)
    capped = np.minimum(monthly, cap).sum(axis=1)
    raw = monthly.sum(axis=1)
    return np.divide(capped, raw, out=np.zeros(trials), where=raw > 0)


def activity(scenario: Scenario, inp: StrategyInputs, a: Arrivals, r: Responses,
             x: Restorations, b: Breaches, times: IncidentTimes) -> Activity:
    """The chunk's activity per trial and system (per cell for incident counts), in the units
    the cost lines price (docs/model.md §10, §13 step 5).

    In-house hours are each repair's busy time plus the trip back from a site visit, plus
    triage when the team gives the first response; vendor hours are ``m_vendor · repair`` where
    the vendor recovers. Call-out hours are each in-house repair's worked interval
    (``start_in`` to ``finish_in``) outside the team's window, per premium band
    (:mod:`estimators.costs.premiums`).
    """
    n, (n_sys, n_sev) = a.trials, inp.rates.shape
    trial, sys_idx, sev = a.trial, a.system, a.severity
    flat = trial * n_sys + sys_idx

    def per_system(values: np.ndarray) -> np.ndarray:
        return np.bincount(flat, weights=values, minlength=n * n_sys).reshape(n, n_sys)

    def per_cell(mask: np.ndarray) -> np.ndarray:
        return np.bincount((trial * n_sys * n_sev + a.cell)[mask],
                           minlength=n * n_sys * n_sev).reshape(n, n_sys, n_sev).astype(float)

    outage, priced, business = cap_with(*(per_system(h) for h in outage_measures(
        inp, a, x.restored, times.time_to_restore)))
    rec_in = r.rec_in
    by_vendor = ~rec_in
    if x.escalated is not None:  # escalated at T&M: the vendor repairs, the team does not
        rec_in = rec_in & ~x.escalated
        by_vendor = by_vendor | x.escalated
    in_hours = np.where(rec_in, x.finish_in - x.start_in + x.travel, 0.0) + np.where(
        r.first_in, scenario.effects.triage_hours, 0.0)
    # people (issue 15 §2): each in-house repair's worked interval against the premium bands
    callout = None
    if rec_in.any() and inp.team_coverage.mode != "24x7":
        bands = premium_bands(inp.team_coverage, scenario.team.premiums.statutory_holiday)
        jobs = np.flatnonzero(rec_in)
        hours = hours_in_bands(bands, x.start_in[jobs], x.finish_in[jobs])
        callout = np.stack([np.bincount(flat[jobs], weights=hours[:, k], minlength=n * n_sys)
                            for k in range(3)], axis=-1).reshape(n, n_sys, 3)
    credit = np.where(b.vendor, inp.credit_pct[sev], 0.0)
    share = capped_credit_share(trial, a.occurred, credit, n,
                                scenario.contract.credit_cap_pct / 100.0)
    return Activity(
        incidents=a.per_cell.reshape(n, n_sys, n_sev).astype(float),
        vendor_incidents=per_cell(b.vendor_in),
        in_house_hours=per_system(in_hours),
        vendor_hours=per_system(np.where(r.rec_in, 0.0, x.vendor_labour) + np.where(
            r.first_in, 0.0, scenario.effects.triage_hours)),  # the vendor's triage is billed
        vendor_visits=per_system((by_vendor & x.onsite).astype(float)),
        pages=per_system(r.paged.astype(float)),
        parts_incidents=per_cell(inp.hardware[sys_idx] & ~inp.parts_by_vendor[sys_idx]),
        outage_hours=outage,
        credit_fees=per_system(credit) * share[:, None],
        priced_hours=priced,
        business_hours=business,
        callout_hours=callout,
        time_and_materials_hours=(None if x.time_and_materials is None
                                  else per_system(x.time_and_materials)),
    )


def outage_measures(inp: StrategyInputs, a: Arrivals, restored: np.ndarray,
                    time_to_restore: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per incident: outage-equivalent hours (TTR × impact), the hours the downtime line prices
    and the business-hours downtime, by each system's impact window, off-window factor and
    workaround (:func:`estimators.calendars.impact.price`; docs/model.md §10)."""
    outage = time_to_restore * inp.impact[a.severity]
    priced, business = outage, outage
    special = [i for i, p in enumerate(inp.pricing) if not p.plain]
    if special:
        priced, business = outage.copy(), outage.copy()
        order = np.argsort(a.system, kind="stable")
        bounds = np.searchsorted(a.system[order], np.arange(len(inp.pricing) + 1))
        for i in special:
            at = order[bounds[i]:bounds[i + 1]]
            priced[at], business[at] = price(inp.pricing[i], a.severity[at], a.occurred[at],
                                             restored[at])
    return outage, priced, business


def incident_table(a: Arrivals, r: Responses, x: Restorations, b: Breaches,
                   times: IncidentTimes, first_trial: int) -> dict[str, np.ndarray]:
    """One row per incident (the columns of :class:`~estimators.engine.results.IncidentTable`);
    ``trial`` counts from ``first_trial``, times are hours from the start of the year."""
    handler = np.where(r.rec_in, np.where(r.on_call_job, HANDLER_CODES["on_call"],
                                          HANDLER_CODES["in_house"]), HANDLER_CODES["vendor"])
    return {
        "trial": (a.trial + first_trial).astype(np.int32),
        "system": a.system.astype(np.int16),
        "severity": a.severity.astype(np.int8),
        "handler": handler.astype(np.int8),
        "engineer": x.engineer.astype(np.int16),
        "occurred": a.occurred,
        "detected": a.detected,
        "responded": responded(r, x),
        "repair_started": x.work_start,
        "restored": x.restored,
        "wait_hours": times.wait,
        "time_to_restore_hours": times.time_to_restore,
        "breach_response": b.response,
        "breach_restore": b.restore,
        "vendor_breach": b.vendor,
        "paged": r.paged,
    }


def tally(scenario: Scenario, inp: StrategyInputs, a: Arrivals, r: Responses, x: Restorations,
          first_trial: int, keep: bool,
          varying: TrialInputs | None = None,
          people: People | None = None) -> tuple[ChunkResult, IncidentTimes]:
    """Price and count the chunk: its per-trial outputs, and its incidents' times.

    ``keep`` adds the per-incident table; ``varying`` gives the trials' uncertain inputs (their
    prices reach the cost lines, their values the outputs); ``people`` the key-person stage's
    outputs (under-strength days, incidents hit, departures).
    """
    n, n_sev = a.trials, inp.rates.shape[1]
    times = IncidentTimes(x.restored - a.occurred, x.work_start - a.detected, a.severity)
    b = find_breaches(inp, a, r, x, times)
    year = activity(scenario, inp, a, r, x, b, times)
    lines = cost_lines(scenario, inp.plan, inp.mix, year,
                       None if varying is None else varying.prices)
    page_hour = np.mod(r.paged_at, 24.0)
    night = r.paged & ((page_hour >= NIGHT[0]) | (page_hour < NIGHT[1]))
    breached = b.response | b.restore
    result = ChunkResult(
        line_costs=np.stack([lines[name].total() for name in COST_LINES], axis=1),
        incidents=a.counts,
        outage_hours_by_system=year.outage_hours,
        business_hours_by_system=year.business_hours,
        breaches=np.bincount(a.trial * n_sev + a.severity, weights=breached,
                             minlength=n * n_sev).reshape(n, n_sev),
        pages=np.bincount(a.trial, weights=r.paged, minlength=n),
        night_pages=np.bincount(a.trial, weights=night, minlength=n),
        input_values=None if varying is None else varying.values,
        team_hours=year.in_house_hours.sum(axis=1) + planned_hours(
            scenario, inp.plan, Party.in_house).sum(),
        table=incident_table(a, r, x, b, times, first_trial) if keep else None,
        **({} if people is None else _key_person_outputs(people, a, x)),
    )
    return result, times


def _key_person_outputs(people: People, a: Arrivals, x: Restorations) -> dict[str, np.ndarray]:
    """Per trial: under-strength days, incidents detected on one, incidents whose sole expert
    was absent, departures and person-years in post (docs/model.md §7b)."""
    n = a.trials
    hit = people.under_strength(a.trial, a.detected)
    return {
        "under_strength_days": people.under_strength_days,
        "under_strength_incidents": np.bincount(a.trial, weights=hit, minlength=n),
        "sole_expert_absent": np.bincount(a.trial, weights=x.nobody, minlength=n),
        "departures": people.departures,
        "exposure": people.exposure,
    }
