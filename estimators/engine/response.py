"""Stage 2 of a trial-year: who answers a detected incident, and when, on their calendars.

docs/model.md §7 ("Response") and §8 ("Clock start", "Response"):

* **In-house**: inside the team's window, after an exponential acknowledgement (mean
  ``response_minutes``); outside it, the on-call engineer answers paged severities after an
  exponential delay (mean on-call ``response_minutes``), and is counted as a page; other
  severities wait for the next opening of the window, then take the acknowledgement.
* **Vendor**: its clock starts at the next opening of the contract's window (at once for
  ``around_the_clock`` severities), and it responds after an exponential delay whose mean makes
  P(delay ≤ response target) = ``p_response``.
* **Hand-over**: when recovery is another party's, it takes over ``handover`` hours after the
  first response and answers from then on its own calendar, as above.

Draw order (fixed: results depend on it): in-house first responses, vendor first responses,
in-house recoveries after a hand-over, vendor recoveries after a hand-over; within each, the
exponential delays for all, then the on-call delays for the pages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from estimators.calendars.coverage import open_and_next
from estimators.engine.arrivals import Arrivals
from estimators.engine.inputs import StrategyInputs

__all__ = ["Responses", "respond", "respond_in_house", "respond_vendor"]


@dataclass(frozen=True)
class Responses:
    """How each incident of a chunk was answered; times in hours from the start of the year.

    Attributes:
        first_in, rec_in: the team gives the first response; the team restores.
        responded: the first response (whoever gives it).
        clock: the vendor's clock start, for its response or its recovery; NaN where the vendor
            takes no part.
        vendor_delay: the vendor's response delay from its clock start, hours; NaN likewise.
        enter_in: when an in-house recovery joins its queue (the incident reaching the team
            inside its window, the window's next opening, or the page); NaN for vendor recovery.
        ready_in: ``enter_in`` plus the acknowledgement (or on-call response) delay; the
            engineer who takes the job spends that delay first, so FCFS is by queue entry,
            ties (a window opening on a backlog) by detection; NaN for vendor recovery.
        start_v: when vendor recovery starts; NaN for in-house recovery.
        paged: the on-call engineer was paged off-hours (for the first response or for an
            in-house recovery after a hand-over).
        paged_at: when that page was sent (meaningful where ``paged``).
        on_call_job: an in-house recovery that the on-call engineer does, not the day queue.
    """

    first_in: np.ndarray
    rec_in: np.ndarray
    responded: np.ndarray
    clock: np.ndarray
    vendor_delay: np.ndarray
    enter_in: np.ndarray
    ready_in: np.ndarray
    start_v: np.ndarray
    paged: np.ndarray
    paged_at: np.ndarray
    on_call_job: np.ndarray


def respond_in_house(inp: StrategyInputs, t: np.ndarray, v: np.ndarray,
                     rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """In-house response to incidents seen at times ``t`` (hours) of severities ``v``.

    Returns (response time, paged off-hours?, queue entry). Inside the window the incident
    enters at t and is answered at t + ack; outside it, paged severities enter at t and are
    answered at t + on-call delay; the others enter at the next opening, answered + ack.
    """
    inside, opens = open_and_next(inp.team_coverage, t)
    response = opens + rng.standard_exponential(t.shape) * inp.ack_mean
    enter = opens.copy()
    paged = ~inside & inp.paged[v]
    if paged.any():
        response[paged] = t[paged] + rng.standard_exponential(int(paged.sum())) * inp.on_call_mean
        enter[paged] = t[paged]
    return response, paged, enter


def respond_vendor(inp: StrategyInputs, t: np.ndarray, v: np.ndarray,
                   rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vendor response to incidents handed to it at times ``t`` (hours) of severities ``v``.

    Returns (clock start, response time, response delay), hours.
    """
    clock = np.where(inp.around_the_clock[v], t, open_and_next(inp.vendor_coverage, t)[1])
    delay = rng.standard_exponential(t.shape) * inp.vendor_response_mean[v]
    return clock, clock + delay, delay


def respond(inp: StrategyInputs, arrivals: Arrivals, rng: np.random.Generator) -> Responses:
    """First response to every incident from its detection, then the hand-over to the
    recovery party where that is another one."""
    size, sev, detected = arrivals.size, arrivals.severity, arrivals.detected
    first_in = inp.first_in[arrivals.system]
    rec_in = inp.rec_in[arrivals.system]
    same = first_in == rec_in
    responded = np.empty(size)
    clock = np.full(size, np.nan)
    vendor_delay = np.full(size, np.nan)
    ready_in = np.full(size, np.nan)
    enter_in = np.full(size, np.nan)
    first_enter = np.full(size, np.nan)
    start_v = np.full(size, np.nan)
    paged_first = np.zeros(size, dtype=bool)
    paged_second = np.zeros(size, dtype=bool)
    m = first_in
    responded[m], paged_first[m], first_enter[m] = respond_in_house(inp, detected[m], sev[m],
                                                                     rng)
    m = ~first_in
    clock[m], responded[m], vendor_delay[m] = respond_vendor(inp, detected[m], sev[m], rng)
    handed = responded + inp.handover
    m = ~same & rec_in
    ready_in[m], paged_second[m], enter_in[m] = respond_in_house(inp, handed[m], sev[m], rng)
    m = ~same & ~rec_in
    clock[m], start_v[m], vendor_delay[m] = respond_vendor(inp, handed[m], sev[m], rng)
    m = same & rec_in
    ready_in[m] = responded[m]
    enter_in[m] = first_enter[m]
    m = same & ~rec_in
    start_v[m] = responded[m]
    return Responses(
        first_in=first_in, rec_in=rec_in, responded=responded, clock=clock,
        vendor_delay=vendor_delay, enter_in=enter_in, ready_in=ready_in, start_v=start_v,
        paged=(first_in & paged_first) | (rec_in & ~same & paged_second),
        paged_at=np.where(first_in & paged_first, detected, handed),
        on_call_job=rec_in & np.where(same, paged_first, paged_second),
    )
