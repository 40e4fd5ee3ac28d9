"""The expected wait for a free engineer, the queueing the Monte Carlo does, in closed form
(docs/model.md §9, "Queueing in the expected model").

In-house recoveries wait in one of two queues, as in the simulation:

* **The day queue**: the ``c`` engineers on duty (:func:`engineers_on_duty`) start jobs only
  inside the team's window. Incidents arriving inside it wait as in an M/G/c queue at the
  window's load — all day jobs of the year over its covered hours — by the Allen–Cunneen
  approximation W = C(c, a)·E[S]/(c − a) · (1 + CV²)/2 (Erlang C's wait scaled by the service
  time's variability; Allen 1990, *Probability, Statistics and Queueing Theory*, §6.3).
  Incidents that arrive while it is closed (and page nobody) form a backlog that the opening
  serves in detection order: a backlog of N jobs keeps job k waiting about (k − c)·E[S]/c for
  k > c, so a closed stretch of g hours adds E[(N − c)(N − c + 1)/2; N > c]·E[S]/c of waiting
  with N ~ Poisson(λ_closed·g), summed over the year's closed stretches.
* **The on-call queue**: one engineer, pages only; an M/G/1 queue (Pollaczek–Khinchine):
  W = λ·E[S²] / (2(1 − ρ)).

S is the time a job keeps its engineer: the acknowledgement (or on-call response), the site
travel, the repair at a skill level drawn by FTE share, and the hand-over when it escalates —
its first two moments are exact for independent parts. The approximation is the analytic
counterpart of the simulated queue; the agreement tests hold both to one answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from estimators.calendars.coverage import SLOT_HOURS, coverage_mask, coverage_stats
from estimators.distributions import poisson_pmf, poisson_ppf
from estimators.queueing import erlang_c
from estimators.scenario import Coverage, Scenario

__all__ = ["QueueWaits", "closed_stretches", "engineers_on_duty", "queue_jobs", "queue_waits",
           "service_moments"]


def engineers_on_duty(scenario: Scenario, team_fte: float) -> int:
    """Engineers on duty inside the window: the team's net hours spread over the covered hours.

    c = max(min_on_duty, round(FTE · net hours per FTE / covered hours per year)), with Python's
    round (halves to even) (docs/model.md §9, "Engineers on duty").
    """
    covered = coverage_stats(scenario.team.coverage).covered_hours_per_year
    spread = team_fte * scenario.team.net_hours_per_fte / covered
    return max(scenario.team.min_on_duty, int(round(spread)))


def queue_jobs(rates: np.ndarray, restores: np.ndarray, paged: np.ndarray,
               off_share: float) -> tuple[np.ndarray, np.ndarray]:
    """In-house jobs a year per system and severity, (day queue, on-call queue).

    ``rates`` (systems, severities); ``restores`` (systems,) the team restores that system;
    ``paged`` (severities,) off-hours incidents of that severity page the on-call engineer.
    Off-hours incidents (share ``off_share``) of paged severities go on call; every other
    incident the team restores goes to the day queue. The simulation's stability check and the
    expected wait both split the work this way.
    """
    own = rates * restores[:, None]
    call = own * (off_share * paged)[None, :]
    return own - call, call


@lru_cache(maxsize=256)
def closed_stretches(coverage: Coverage) -> np.ndarray:
    """Lengths (hours) of the year's closed stretches, each ending at an opening (cyclic)."""
    mask = coverage_mask(coverage)
    if mask.all():
        return np.zeros(0)
    start = int(np.flatnonzero(mask)[0])
    rolled = np.roll(mask, -start)  # begins open, so every closed run ends at an opening
    edges = np.flatnonzero(np.diff(rolled.astype(np.int8)))
    closes, opens = edges[0::2] + 1, edges[1::2] + 1
    if opens.size < closes.size:  # the last closed run wraps to the year's first slot
        opens = np.append(opens, rolled.size)
    return (opens - closes) * SLOT_HOURS


def service_moments(rates: np.ndarray, ack: float, travel: np.ndarray, onsite: np.ndarray,
                    repair_mean: np.ndarray, repair_second: np.ndarray, weights: np.ndarray,
                    multipliers: np.ndarray, escalation: np.ndarray,
                    handover: float) -> tuple[float, float]:
    """E[S] and E[S²] of the jobs of one queue, hours and hours².

    ``rates`` (jobs a year), ``repair_mean`` and ``repair_second`` (E[Y], E[Y²]) are per cell
    (system × severity); ``travel`` and ``onsite`` per cell too (broadcast from the system);
    levels by ``weights``. S = A + T + m·Y + B·H with A ~ Exp(ack), T = travel with probability
    onsite, B ~ Bernoulli(escalation): E[S²] is the sum of second moments plus twice the
    products of the means, since the parts are independent.
    """
    total = rates.sum()
    if total <= 0:
        return 0.0, 0.0
    w_cell = (rates / total).ravel()[:, None]
    y1, y2 = repair_mean.ravel()[:, None], repair_second.ravel()[:, None]
    t1 = (onsite * travel).ravel()[:, None]
    t2 = (onsite * travel**2).ravel()[:, None]
    m, p = multipliers[None, :], escalation[None, :]
    means = [ack, t1, m * y1, p * handover]
    seconds = [2 * ack**2, t2, m**2 * y2, p * handover**2]
    first = sum(means)
    second = sum(seconds) + sum(2 * means[i] * means[j]
                                for i in range(4) for j in range(i + 1, 4))
    weight = w_cell * weights[None, :]
    return float((weight * first).sum()), float((weight * second).sum())


@dataclass(frozen=True)
class QueueWaits:
    """Mean waits for an engineer, hours: a day job arriving inside the window, one waiting
    for the window to open, and an on-call job."""

    in_window: float
    at_opening: float
    on_call: float


def _backlog_wait(stretches: np.ndarray, closed_rate: float, servers: int,
                  mean_service: float) -> float:
    """Mean wait of a job found waiting at an opening (see the module docstring)."""
    if closed_rate <= 0 or stretches.size == 0:
        return 0.0
    means = closed_rate * stretches
    top = int(poisson_ppf(1 - 1e-12, means.max())) + servers + 2
    n = np.arange(top)
    pmf = poisson_pmf(n[None, :], means[:, None])
    excess = np.clip(n - servers, 0, None)
    total_wait = (pmf @ (excess * (excess + 1) / 2.0)).sum() * mean_service / servers
    return float(total_wait / means.sum())


@lru_cache(maxsize=4096)
def queue_waits(coverage: Coverage, servers: int, day_in: float, day_closed: float,
                day_moments: tuple[float, float], paged: float,
                on_call_moments: tuple[float, float]) -> QueueWaits:
    """The three mean waits, from the jobs a year: ``day_in`` day jobs arriving in the window,
    ``day_closed`` arriving while it is closed, ``paged`` on-call jobs; and each queue's
    service moments (E[S], E[S²]). A queue at or past its capacity gives no finite wait: the
    wait is infinite here, and the simulation refuses such a run by the same test
    (:func:`estimators.engine.inputs.check_stable`)."""
    covered = coverage_stats(coverage).covered_hours_per_year
    s1, s2 = day_moments
    in_window = at_opening = 0.0
    if servers > 0 and s1 > 0 and day_in + day_closed > 0:
        lam = (day_in + day_closed) / covered  # all day jobs are served in covered hours
        a = lam * s1
        if a >= servers:
            in_window = at_opening = float("inf")
        else:
            cv2 = s2 / s1**2 - 1.0
            in_window = (erlang_c(lam, s1, servers) * s1 / (servers - a)
                         * (1.0 + cv2) / 2.0)
            closed = 8760.0 - covered
            at_opening = _backlog_wait(closed_stretches(coverage), day_closed / closed
                                       if closed > 0 else 0.0, servers, s1)
    o1, o2 = on_call_moments
    on_call = 0.0
    if paged > 0 and o1 > 0:
        closed = max(8760.0 - covered, 1e-9)
        lam = paged / closed
        rho = lam * o1
        on_call = float("inf") if rho >= 1 else lam * o2 / (2.0 * (1.0 - rho))
    return QueueWaits(in_window, at_opening, on_call)
