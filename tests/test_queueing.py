"""Erlang C against closed forms, published values and a brute-force birth-death chain."""

import math

import numpy as np
import pytest

from estimators.queueing import (
    UnstableQueueError,
    erlang_b,
    erlang_c,
    fte_for_coverage,
    mean_wait,
    required_servers,
    service_level,
)


def brute_force_mmc(arrival_rate: float, mean_service_time: float, servers: int, target: float):
    """P(wait > 0), mean wait and P(wait <= t) from the M/M/c stationary distribution.

    The chain is truncated where the geometric tail is below 1e-16; P(W <= t) sums, over the
    states an arrival can find, the Erlang CDF of the wait for n - c + 1 service completions.
    """
    a = arrival_rate * mean_service_time
    rho = a / servers
    n_max = servers + int(math.log(1e-16) / math.log(rho)) + 10
    log_p = np.empty(n_max + 1)
    log_p[0] = 0.0
    for n in range(1, n_max + 1):
        log_p[n] = log_p[n - 1] + math.log(a / min(n, servers))
    p = np.exp(log_p - log_p.max())
    p /= p.sum()
    waiting = p[servers:]
    k = np.arange(1, waiting.size + 1)  # completions needed before service starts
    mu = servers / mean_service_time
    from scipy import stats

    p_within = p[:servers].sum() + np.sum(waiting * stats.gamma.cdf(target, a=k, scale=1 / mu))
    return waiting.sum(), np.sum(waiting * k / mu), p_within


def test_mm1_equals_utilisation():
    # M/M/1: P(wait) = rho, W_q = rho / (mu - lambda).
    assert erlang_c(0.6, 1.0, 1) == pytest.approx(0.6, rel=1e-12)
    assert mean_wait(0.6, 1.0, 1) == pytest.approx(0.6 / (1.0 - 0.6), rel=1e-12)


def test_mm2_closed_form():
    # M/M/2 with rho = a/2: C = 2 rho^2 / (1 + rho).
    for a in (0.1, 0.8, 1.5, 1.99):
        rho = a / 2
        assert erlang_c(a, 1.0, 2) == pytest.approx(2 * rho**2 / (1 + rho), rel=1e-10)


@pytest.mark.parametrize(
    ("rate", "service", "servers", "expected"),
    [
        # 10 Erlangs on 11 and 14 agents: the call-centre textbook example (100 calls per
        # 30 minutes, 180 s handling): P(wait) = 0.6821 and 0.1741.
        (100 / 1800, 180.0, 11, 0.6821),
        (100 / 1800, 180.0, 14, 0.1741),
        # 120 customers an hour, 3 minutes each, 10 assistants: "about 0.10" (0.1013).
        (2.0, 3.0, 10, 0.1013),
    ],
)
def test_published_values(rate, service, servers, expected):
    assert erlang_c(rate, service, servers) == pytest.approx(expected, abs=5e-5)


@pytest.mark.parametrize(("a", "c", "t"), [(0.3, 1, 0.5), (3.7, 5, 0.2), (45.0, 52, 0.05),
                                            (8.0, 9, 1.0)])
def test_against_brute_force(a, c, t):
    c_prob, wq, sl = brute_force_mmc(a, 1.0, c, t)
    assert erlang_c(a, 1.0, c) == pytest.approx(c_prob, rel=1e-9)
    assert mean_wait(a, 1.0, c) == pytest.approx(wq, rel=1e-9)
    assert service_level(a, 1.0, c, t) == pytest.approx(sl, rel=1e-9)


def test_erlang_b_recursion():
    # B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)).
    a, b = 7.3, 1.0
    for k in range(1, 30):
        b = a * b / (k + a * b)
        assert erlang_b(a, k) == pytest.approx(b, rel=1e-10)


def test_stable_for_large_and_extreme_loads():
    c = erlang_c(990.0, 1.0, 1000)
    assert 0.0 < c < 1.0 and math.isfinite(c)
    assert erlang_c(1e-12, 1.0, 1) == pytest.approx(1e-12, rel=1e-6)
    assert erlang_c(1e-9, 1.0, 1000) == 0.0 or erlang_c(1e-9, 1.0, 1000) < 1e-300
    huge = erlang_c(1e6, 1.0, 1_001_000)
    assert 0.0 < huge < 1.0
    # Near saturation the queue nearly always waits.
    assert erlang_c(999.999, 1.0, 1000) > 0.99


@pytest.mark.parametrize("servers", [1, 5, 1000])
def test_unstable_load_raises(servers):
    with pytest.raises(UnstableQueueError, match="unstable"):
        erlang_c(float(servers), 1.0, servers)
    with pytest.raises(UnstableQueueError):
        mean_wait(2.0 * servers, 1.0, servers)


@pytest.mark.parametrize(
    "args", [(0.0, 1.0, 1), (-1.0, 1.0, 1), (1.0, float("nan"), 2), (1.0, 1.0, 0), (1.0, 1.0, 1.5)]
)
def test_bad_arguments_are_named(args):
    with pytest.raises(ValueError, match="arrival_rate|mean_service_time|servers"):
        erlang_c(*args)


def test_required_servers_is_minimal():
    for rate, service, target, level in [(30, 1 / 12, 0.0, 0.9), (100 / 1800, 180, 20, 0.8),
                                         (500, 0.1, 0.01, 0.95), (2.0, 3.0, 1.0, 0.99)]:
        c = required_servers(rate, service, target, level)
        assert service_level(rate, service, c, target) >= level
        if c - 1 > rate * service:
            assert service_level(rate, service, c - 1, target) < level
    # 30 calls/h of 5 minutes, P(no wait) >= 0.9: 6 servers (C(5) = 0.13, C(6) = 0.047).
    assert required_servers(30, 1 / 12, 0.0, 0.9) == 6


def test_fte_for_coverage():
    # docs/model.md §9: 24x7 ≈ 8,760 h / ~1,850 h ≈ 4.7 FTE per seat.
    assert fte_for_coverage(168, 40, 0.11) == pytest.approx(168 / (40 * 0.89))
    assert 4.6 < fte_for_coverage(168, 40, 0.11) < 4.8
    assert fte_for_coverage(45, 40, 0.0, seats=2) == pytest.approx(2.25)
    with pytest.raises(ValueError, match="shrinkage"):
        fte_for_coverage(40, 40, 1.0)
    with pytest.raises(ValueError, match="hours_per_week"):
        fte_for_coverage(200)


@pytest.mark.parametrize(("lam", "s", "c", "t", "d"), [
    (2.0, 1.2, 4, 0.5, 0.3), (0.5, 1.0, 1, 2.0, 0.25), (10.0, 0.5, 8, 0.1, 1.0 / 15.5),
])
def test_service_level_with_a_delay_matches_numerical_convolution(lam, s, c, t, d):
    from scipy import integrate

    from estimators.queueing import erlang_c

    p_wait = erlang_c(lam, s, c)
    beta = (c - lam * s) / s

    def density(x: float) -> float:  # P(D ∈ dx) · P(W ≤ t − x)
        return math.exp(-x / d) / d * (1 - p_wait * math.exp(-beta * (t - x)))

    reference = integrate.quad(density, 0, t, epsabs=1e-13, epsrel=1e-12)[0]
    assert service_level(lam, s, c, t, d) == pytest.approx(reference, rel=1e-9)


def test_required_servers_refuses_a_level_the_delay_alone_misses():
    # P(D ≤ 0.25 h) with a 10-minute mean is 77.7 %: no number of servers reaches 80 %.
    with pytest.raises(ValueError, match="no number of servers reaches it"):
        required_servers(1.0, 0.5, 0.25, 0.8, delay_mean=10 / 60)
    c = required_servers(2.0, 0.5, 0.25, 0.7, delay_mean=10 / 60)
    assert service_level(2.0, 0.5, c, 0.25, 10 / 60) >= 0.7
    assert service_level(2.0, 0.5, c - 1, 0.25, 10 / 60) < 0.7
