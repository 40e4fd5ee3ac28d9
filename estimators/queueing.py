"""Staffing maths: the M/M/c queue (Erlang C) and the FTE needed to staff a coverage window.

Assumptions of Erlang C: Poisson arrivals at rate λ, exponential service times with mean s,
c identical servers, first come first served, an unlimited queue and no abandonment. Every
function takes the same time unit for rates and times (e.g. per hour and hours).

Numerics: the Erlang B blocking probability is evaluated in log space through the Poisson
distribution, B(c, a) = pmf(c; a) / cdf(c; a), which is stable for thousands of servers and for
offered loads from 1e-12 to 1e6 Erlangs; Erlang C follows from B by the exact identity
C = c·B / (c − a·(1 − B)) (Cooper, *Introduction to Queueing Theory*, 1981, section 3.4).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "UnstableQueueError",
    "erlang_b",
    "erlang_c",
    "fte_for_coverage",
    "mean_wait",
    "required_servers",
    "service_level",
]


class UnstableQueueError(ValueError):
    """The offered load is at or above the capacity: the queue grows without bound."""


def _check(arrival_rate: float, mean_service_time: float, servers: int | None = None) -> float:
    """Validate inputs and return the offered load a = λ·s in Erlangs."""
    for name, value in (("arrival_rate", arrival_rate), ("mean_service_time", mean_service_time)):
        if not math.isfinite(value) or value <= 0:
            raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    if servers is not None and (int(servers) != servers or servers < 1):
        raise ValueError(f"servers must be a whole number >= 1, got {servers!r}")
    return arrival_rate * mean_service_time


def _stable_load(a: float, servers: int) -> None:
    if a >= servers:
        raise UnstableQueueError(
            f"offered load {a:.6g} Erlangs is at or above the {servers} servers' capacity: "
            "the queue is unstable (waits grow without bound); add servers or cut the load"
        )


def erlang_b(offered_load: float, servers: int) -> float:
    """Erlang B: probability that an arrival finds all c servers busy in M/M/c/c.

    B(c, a) = (a^c / c!) / Σ_{k=0..c} a^k / k!, the Poisson(a) pmf at c over its cdf, computed
    as the stable product form 1 / Σ_{m=0..c} Π_{i<m} (c − i)/a: each term is the pmf at c − m
    over the pmf at c, so no factorial is formed, and numpy alone does it (scipy.special's
    ``pdtr`` took 0.15 s or more to import). A sum that overflows to ∞ gives 0, where B
    underflows anyway.
    """
    c = int(servers)
    with np.errstate(over="ignore"):
        terms = np.cumprod((c - np.arange(c, dtype=float)) / offered_load)
        return float(1.0 / (1.0 + terms.sum()))


def erlang_c(arrival_rate: float, mean_service_time: float, servers: int) -> float:
    """Erlang C: probability that an arrival has to wait, P(W > 0), in an M/M/c queue.

    With a = λ·s and B the Erlang B value, C = c·B / (c − a·(1 − B)); requires a < c.
    """
    a = _check(arrival_rate, mean_service_time, servers)
    _stable_load(a, servers)
    b = erlang_b(a, servers)
    return float(min(1.0, servers * b / (servers - a * (1.0 - b))))


def mean_wait(arrival_rate: float, mean_service_time: float, servers: int) -> float:
    """Mean time in queue before service starts, W_q = C · s / (c − a), in the input time unit."""
    a = _check(arrival_rate, mean_service_time, servers)
    c = erlang_c(arrival_rate, mean_service_time, servers)
    return c * mean_service_time / (servers - a)


def service_level(
    arrival_rate: float, mean_service_time: float, servers: int, target_time: float,
    delay_mean: float = 0.0,
) -> float:
    """Share of jobs started within ``target_time``: P(D + W ≤ t).

    W is the M/M/c wait: 0 with probability 1 − C, else exponential with rate
    β = (c − a)/s. D is an independent exponential delay before the job joins the queue
    (an acknowledgement, mean ``delay_mean``; 0 for none). With α = 1/delay_mean:

    * no delay: 1 − C · exp(−β t);
    * with a delay: (1 − C)(1 − e^{−αt}) + C · (1 − (β e^{−αt} − α e^{−βt}) / (β − α)), the
      hypoexponential CDF (1 − e^{−αt}(1 + αt) when α = β).
    """
    if not math.isfinite(target_time) or target_time < 0:
        raise ValueError(f"target_time must be a finite number >= 0, got {target_time!r}")
    if not math.isfinite(delay_mean) or delay_mean < 0:
        raise ValueError(f"delay_mean must be a finite number >= 0, got {delay_mean!r}")
    a = _check(arrival_rate, mean_service_time, servers)
    c = erlang_c(arrival_rate, mean_service_time, servers)
    beta = (servers - a) / mean_service_time
    if delay_mean == 0:
        return 1.0 - c * math.exp(-beta * target_time)
    alpha = 1.0 / delay_mean
    t = target_time
    delay_only = -math.expm1(-alpha * t)
    if math.isclose(alpha, beta, rel_tol=1e-9):
        both = 1.0 - math.exp(-alpha * t) * (1.0 + alpha * t)
    else:
        both = 1.0 - (beta * math.exp(-alpha * t) - alpha * math.exp(-beta * t)) / (beta - alpha)
    return (1.0 - c) * delay_only + c * both


def required_servers(
    arrival_rate: float, mean_service_time: float, target_time: float, target_level: float,
    delay_mean: float = 0.0,
) -> int:
    """Smallest number of servers c with service_level(...) ≥ ``target_level``.

    Service level rises with c, so the answer is found by doubling from the smallest stable c
    and then bisecting: O(log c) Erlang evaluations. With a delay D before queueing, no number
    of servers beats P(D ≤ t); a target above that raises ValueError.
    """
    if not 0.0 < target_level < 1.0:
        raise ValueError(f"target_level must be in (0, 1), got {target_level!r}")
    a = _check(arrival_rate, mean_service_time)
    if delay_mean > 0 and -math.expm1(-target_time / delay_mean) < target_level:
        raise ValueError(
            f"the delay before queueing alone (mean {delay_mean:g}) misses a {target_level:.0%} "
            f"level within {target_time:g}: no number of servers reaches it")

    def meets(c: int) -> bool:
        level = service_level(arrival_rate, mean_service_time, c, target_time, delay_mean)
        return level >= target_level

    low = math.floor(a) + 1  # smallest stable c
    if meets(low):
        return low
    high = max(2 * low, low + 1)
    while not meets(high):
        low, high = high, 2 * high
    while high - low > 1:  # invariant: not meets(low), meets(high)
        mid = (low + high) // 2
        low, high = (low, mid) if meets(mid) else (mid, high)
    return high


def fte_for_coverage(
    hours_per_week: float,
    working_hours_per_fte: float = 40.0,
    shrinkage: float = 0.11,
    seats: float = 1.0,
) -> float:
    """FTE needed to keep ``seats`` engineers on duty for ``hours_per_week`` every week.

    FTE = seats × hours_per_week / (working_hours_per_fte × (1 − shrinkage)), where shrinkage is
    the share of paid hours lost to leave, training and sickness. 24x7 (168 h) at 40 h/week and
    11 % shrinkage needs 4.72 FTE per seat (docs/model.md §9).
    """
    if not 0 <= hours_per_week <= 168:
        raise ValueError(f"hours_per_week must be in [0, 168], got {hours_per_week!r}")
    if not 0 < working_hours_per_fte <= 168:
        raise ValueError(
            f"working_hours_per_fte must be in (0, 168], got {working_hours_per_fte!r}"
        )
    if not 0 <= shrinkage < 1:
        raise ValueError(f"shrinkage must be in [0, 1), got {shrinkage!r}")
    if seats < 0:
        raise ValueError(f"seats must be >= 0, got {seats!r}")
    return seats * hours_per_week / (working_hours_per_fte * (1.0 - shrinkage))
