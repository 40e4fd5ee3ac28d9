"""The expected wait for an engineer (estimators.calendars.queue_wait) against exact queueing
formulas where they exist (Pollaczek–Khinchine for one server, Erlang C for exponential
service) and the calendar's closed stretches counted by hand."""

import numpy as np
import pytest

from estimators.calendars.queue_wait import closed_stretches, queue_waits, service_moments
from estimators.queueing import mean_wait
from estimators.scenario import Coverage


def test_closed_stretches_of_a_weekday_window():
    coverage = Coverage(mode="business_hours", start="09:00", end="18:00")
    runs = closed_stretches(coverage)
    # 261 openings a year (the 365-day year starts and ends on a Monday): 209 after a 15-hour
    # night (the year's last evening runs into the next year's first morning) and 52 after a
    # 63-hour weekend.
    assert runs.sum() == pytest.approx(8760 - 261 * 9)
    lengths, counts = np.unique(runs, return_counts=True)
    assert lengths.tolist() == [15.0, 63.0] and counts.tolist() == [209, 52]
    assert closed_stretches(Coverage(mode="24x7")).size == 0


def test_service_moments_by_hand():
    # One cell: ack Exp(0.5 h), a 1 h trip half the time, Exp repair of mean 2 h, one level
    # of multiplier 1 that never escalates: E[S] = 3, E[S²] = 13.5.
    one = np.ones((1, 1))
    s1, s2 = service_moments(one, 0.5, one, 0.5 * one, 2 * one, 8 * one, np.ones(1),
                             np.ones(1), np.zeros(1), 0.5)
    assert (s1, s2) == pytest.approx((3.0, 13.5))
    # Escalation adds the hand-over with its probability: S = Y + B·H.
    s1, s2 = service_moments(one, 0.0, 0 * one, 0 * one, 2 * one, 8 * one, np.ones(1),
                             np.ones(1), np.full(1, 0.25), 0.5)
    assert s1 == pytest.approx(2.0 + 0.25 * 0.5)
    assert s2 == pytest.approx(8.0 + 0.25 * 0.25 + 2 * 2.0 * 0.25 * 0.5)


def test_one_engineer_around_the_clock_is_pollaczek_khinchine():
    waits = queue_waits(Coverage(mode="24x7"), 1, day_in=876.0, day_closed=0.0,
                        day_moments=(3.0, 13.5), paged=0.0, on_call_moments=(0.0, 0.0))
    lam = 876.0 / 8760
    assert waits.in_window == pytest.approx(lam * 13.5 / (2 * (1 - lam * 3.0)), rel=1e-12)


def test_exponential_service_on_several_engineers_is_erlang_c():
    # Exponential service (E[S²] = 2·E[S]²) makes Allen–Cunneen exact: the M/M/c mean wait.
    waits = queue_waits(Coverage(mode="24x7"), 3, day_in=8760 * 1.2, day_closed=0.0,
                        day_moments=(2.0, 8.0), paged=0.0, on_call_moments=(0.0, 0.0))
    assert waits.in_window == pytest.approx(mean_wait(1.2, 2.0, 3), rel=1e-12)


def test_a_backlog_waits_only_when_it_outnumbers_the_engineers():
    coverage = Coverage(mode="business_hours", start="09:00", end="18:00")
    light = queue_waits(coverage, 4, 5.0, 5.0, (2.0, 8.0), 0.0, (0.0, 0.0))
    heavy = queue_waits(coverage, 1, 300.0, 300.0, (2.0, 8.0), 0.0, (0.0, 0.0))
    assert light.at_opening < 1e-6 < heavy.at_opening
    past = queue_waits(Coverage(mode="24x7"), 1, 8760.0, 0.0, (2.0, 8.0), 0.0, (0.0, 0.0))
    assert past.in_window == float("inf")
