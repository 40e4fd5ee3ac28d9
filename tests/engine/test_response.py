"""Response alone, on calendars: times are checked exactly against a replay of the same random
stream (the stage's draws in its documented order), and the vendor's stated attainment
P(delay ≤ target) = p_response against Z = 4 binomial standard errors.

Calendar: day 0 is a Monday; Monday-Friday 09:00-18:00 is the business-hours window, so
Saturday 10:00 is hour 130 and the next opening is Monday 09:00, hour 177.
"""

import math

import numpy as np

from estimators.engine.arrivals import Arrivals
from estimators.engine.response import respond, respond_in_house, respond_vendor

from .scenarios import inputs, scenario

Z = 4.0
SATURDAY_10 = 5 * 24 + 10.0
MONDAY_09 = 7 * 24 + 9.0
OFFICE = {"mode": "business_hours"}
S1, S2 = 0, 1


def arrivals_at(detected: list[float], severity: list[int]) -> Arrivals:
    """Incidents of system 0 in one trial, detected at the given hours."""
    t, v = np.array(detected), np.array(severity)
    cell = v  # system 0: cell = severity
    per_cell = np.bincount(cell, minlength=3)[None, :]
    return Arrivals(1, per_cell, per_cell.sum(axis=1), np.zeros(t.size, dtype=int), cell,
                    np.zeros(t.size, dtype=int), v, t, t, np.ones(t.size), None)


def replay(seed: int, *sizes: int) -> list[np.ndarray]:
    """The stage's standard exponential draws, batch by batch."""
    rng = np.random.default_rng(seed)
    return [rng.standard_exponential(k) for k in sizes]


def test_business_hours_wait_for_the_opening_then_acknowledge():
    inp = inputs(scenario(**{"team.coverage": OFFICE, "team.response_minutes": 20}))
    t = np.array([SATURDAY_10, 24 + 11.0, 4 * 24 + 17.75, 4 * 24 + 18.5])
    response, paged, _ = respond_in_house(inp, t, np.zeros(4, dtype=int), np.random.default_rng(1))
    [ack] = replay(1, 4)
    opening = np.array([MONDAY_09, 24 + 11.0, 4 * 24 + 17.75, MONDAY_09])
    np.testing.assert_array_equal(response, opening + ack * (20 / 60))
    assert not paged.any()


def test_around_the_clock_team_acknowledges_at_once():
    inp = inputs(scenario(**{"team.response_minutes": 20}))
    t = np.array([SATURDAY_10, 3.0])
    response, paged, _ = respond_in_house(inp, t, np.zeros(2, dtype=int), np.random.default_rng(2))
    [ack] = replay(2, 2)
    np.testing.assert_array_equal(response, t + ack * (20 / 60))
    assert not paged.any()


def test_off_hours_pages_go_to_on_call_for_paged_severities_only():
    inp = inputs(scenario(**{"team.coverage": OFFICE, "team.response_minutes": 20,
                             "team.on_call": {"enabled": True, "response_minutes": 45}}))
    t = np.array([SATURDAY_10, SATURDAY_10, 24 + 11.0])
    response, paged, _ = respond_in_house(inp, t, np.array([S1, S2, S1]), np.random.default_rng(3))
    ack, on_call = replay(3, 3, 1)
    np.testing.assert_array_equal(paged, [True, False, False])
    np.testing.assert_array_equal(response, [SATURDAY_10 + on_call[0] * 0.75,
                                             MONDAY_09 + ack[1] / 3, 24 + 11.0 + ack[2] / 3])


def test_vendor_clock_starts_at_its_opening_unless_around_the_clock():
    s = scenario(**{"contract.coverage": OFFICE, "contract.terms.S1.around_the_clock": True,
                    "contract.terms.S1.p_response": 0.8})
    inp = inputs(s, "outsourced")
    t = np.array([SATURDAY_10, SATURDAY_10])
    clock, response, delay = respond_vendor(inp, t, np.array([S1, S2]), np.random.default_rng(4))
    [e] = replay(4, 2)
    mean = np.array([1.0 / -math.log(0.2), 4.0 / -math.log(1 - 0.95)])  # target / −ln(1 − p)
    np.testing.assert_array_equal(clock, [SATURDAY_10, MONDAY_09])
    np.testing.assert_allclose(delay, e * mean, rtol=1e-15)
    np.testing.assert_array_equal(response, clock + delay)


def test_vendor_meets_its_stated_response_attainment():
    inp = inputs(scenario(**{"contract.terms.S2.p_response": 0.7}), "outsourced")
    n = 200_000
    _, _, delay = respond_vendor(inp, np.zeros(n), np.full(n, S2), np.random.default_rng(5))
    share = np.mean(delay <= 4.0)
    assert abs(share - 0.7) < Z * math.sqrt(0.7 * 0.3 / n)


def test_hand_over_to_the_vendor_waits_for_its_window():
    # In-house first response (24x7, no acknowledgement delay), vendor recovery in office hours.
    s = scenario(**{"contract.coverage": OFFICE, "team.escalation_handover_hours": 0.5})
    a = arrivals_at([4 * 24 + 17.75, 24 + 10.0], [S2, S2])  # Friday 17:45, Tuesday 10:00
    r = respond(inputs(s, "hybrid"), a, np.random.default_rng(6))
    _, vendor = replay(6, 2, 2)
    assert r.first_in.all() and not r.rec_in.any()
    np.testing.assert_array_equal(r.responded, a.detected)
    # Hand-over at 18:15 on Friday: the vendor's clock starts on Monday at 09:00.
    np.testing.assert_array_equal(r.clock, [MONDAY_09, 24 + 10.5])
    np.testing.assert_array_equal(r.start_v, r.clock + vendor * inputs(s).vendor_response_mean[S2])
    assert np.isnan(r.ready_in).all() and not r.paged.any() and not r.on_call_job.any()


def test_hand_over_to_the_team_off_hours_pages_the_on_call_engineer():
    # Vendor first response (24x7), in-house recovery in office hours with S1 on-call.
    s = scenario(**{"team.coverage": OFFICE, "team.escalation_handover_hours": 0.5,
                    "team.on_call": {"enabled": True, "response_minutes": 30},
                    "team.response_minutes": 12,
                    "hybrid.default.first_response": "vendor",
                    "hybrid.default.recovery": "in_house"})
    inp = inputs(s, "hybrid")
    a = arrivals_at([SATURDAY_10, SATURDAY_10], [S1, S2])
    r = respond(inp, a, np.random.default_rng(7))
    vendor, ack, on_call = replay(7, 2, 2, 1)
    assert not r.first_in.any() and r.rec_in.all()
    np.testing.assert_array_equal(r.clock, a.detected)
    np.testing.assert_array_equal(r.responded, a.detected + vendor * inp.vendor_response_mean[:2])
    handed = r.responded + 0.5
    np.testing.assert_array_equal(r.ready_in, [handed[0] + on_call[0] * 0.5,
                                               MONDAY_09 + ack[1] * 0.2])
    np.testing.assert_array_equal(r.paged, [True, False])
    np.testing.assert_array_equal(r.on_call_job, [True, False])
    assert r.paged_at[0] == handed[0]
    assert np.isnan(r.start_v).all()
