"""The tally alone: monthly-capped credits, breaches, night pages and the priced credit line on
hand-built incidents (exact), then the activity of a drawn chunk against its own incidents.
"""

import numpy as np
import pytest

from estimators import sample_scenario
from estimators.costs.lines import COST_LINES
from estimators.engine.arrivals import Arrivals, draw_arrivals
from estimators.engine.response import Responses, respond
from estimators.engine.restoration import Restorations, restore
from estimators.engine.tally import (
    HANDLER_CODES,
    IncidentTimes,
    activity,
    capped_credit_share,
    find_breaches,
    tally,
)

from .scenarios import inputs, scenario

MONTH = 730.0
FEE = 100_000.0


def test_credits_are_capped_per_calendar_month():
    # Trial 0: 0.6 + 0.6 in month 0 (capped to 1.0), 0.3 in month 1, 0.2 just before the
    # year's end (month 11). Trial 1: nothing. Trial 2: exactly the cap in month 3.
    trial = np.array([0, 0, 0, 0, 2, 2])
    occurred = np.array([0.0, MONTH - 1e-6, MONTH, 8760.0 - 1e-9, 3 * MONTH, 4 * MONTH - 1])
    credit = np.array([0.6, 0.6, 0.3, 0.2, 0.5, 0.5])
    share = capped_credit_share(trial, occurred, credit, 3, cap=1.0)
    np.testing.assert_allclose(share, [(1.0 + 0.3 + 0.2) / 1.7, 0.0, 1.0], rtol=1e-15)
    paid = np.bincount(trial, weights=credit * share[trial], minlength=3)
    np.testing.assert_allclose(paid, [1.5, 0.0, 1.0], rtol=1e-15)
    # A lower cap binds in more months: 0.5 (month 0) + 0.3 + 0.2 + 0.5 (month 3).
    share = capped_credit_share(trial, occurred, credit, 3, cap=0.5)
    paid = np.bincount(trial, weights=credit * share[trial], minlength=3)
    np.testing.assert_allclose(paid, [1.0, 0.0, 0.5], rtol=1e-15)


def hand_built(occurred, delay, met, paged_at=None, rec_in=False):
    """Incidents of system 0 (S1) in the trials given by ``occurred`` (a list per trial), all
    answered and recovered by one party, restored two hours after occurring."""
    trial = np.concatenate([np.full(len(t), k) for k, t in enumerate(occurred)])
    occ = np.concatenate([np.asarray(t, dtype=float) for t in occurred])
    size, trials = occ.size, len(occurred)
    zeros, nan = np.zeros(size), np.full(size, np.nan)
    per_cell = np.zeros((trials, 3), dtype=int)
    per_cell[:, 0] = [len(t) for t in occurred]
    a = Arrivals(trials, per_cell, per_cell.sum(axis=1), trial, np.zeros(size, dtype=int),
                 np.zeros(size, dtype=int), np.zeros(size, dtype=int), occ, occ, np.ones(size),
                 None)
    delay = np.asarray(delay, dtype=float)
    paged = np.zeros(size, dtype=bool) if paged_at is None else ~np.isnan(paged_at)
    r = Responses(np.full(size, rec_in), np.full(size, rec_in), occ + delay,
                  nan if rec_in else occ, nan if rec_in else delay, occ if rec_in else nan,
                  occ + delay if rec_in else nan,
                  nan if rec_in else occ + delay, paged,
                  zeros if paged_at is None else np.asarray(paged_at), paged & rec_in)
    engineer = np.where(paged, -1, 0) if rec_in else np.full(size, -1)
    x = Restorations(np.zeros(size, dtype=bool), zeros, occ + delay if rec_in else nan,
                     occ + 2.0 if rec_in else nan, engineer, zeros, np.asarray(met),
                     occ + 2.0, occ + delay)
    return a, r, x


def test_vendor_breaches_earn_credits_capped_per_month_and_priced_on_the_fee():
    s = scenario(**{"contract.terms.S1.credit_pct": 40.0, "contract.credit_cap_pct": 100.0,
                    "contract.monthly_fee": FEE})
    inp = inputs(s, "outsourced")
    # Trial 0: three misses in month 0 (1.2 fees, capped to 1.0), one in month 1 (0.4), and
    # a met incident answered late (2 h > the 1 h response target) in month 6 (0.4): 1.8 fees.
    # Trial 1: met and on time, no credit.
    a, r, x = hand_built([[10, 20, 30, 800, 5000], [100]],
                         delay=[0.1, 0.1, 0.1, 0.1, 2.0, 0.1],
                         met=[False, False, False, False, True, True])
    result, times = tally(s, inp, a, r, x, first_trial=0, keep=True)
    credits = result.line_costs[:, COST_LINES.index("service_credits")]
    np.testing.assert_allclose(credits, [-1.8 * FEE, 0.0], rtol=1e-14)
    np.testing.assert_array_equal(result.table["vendor_breach"],
                                  [True, True, True, True, True, False])
    # Organisation targets (the contract's here): response 1 h from detection, restore 8 h.
    np.testing.assert_array_equal(result.table["breach_response"],
                                  [False, False, False, False, True, False])
    assert not result.table["breach_restore"].any()
    np.testing.assert_array_equal(result.breaches, [[1, 0, 0], [0, 0, 0]])
    np.testing.assert_array_equal(times.time_to_restore, 2.0)
    np.testing.assert_array_equal(result.table["handler"], HANDLER_CODES["vendor"])


def test_night_pages_are_sent_from_22_00_to_05_00():
    s = scenario(**{"team.coverage": {"mode": "business_hours"},
                    "team.on_call": {"enabled": True}})
    day = 24.0 * 3
    paged_at = np.array([day + 23.0, day + 4.99, day + 5.0, day + 21.99, day + 22.0, np.nan])
    a, r, x = hand_built([day + np.array([23.0, 4.99, 5.0, 21.99, 22.0, 12.0])],
                         delay=[0.5] * 6, met=[True] * 6, paged_at=paged_at, rec_in=True)
    result, _ = tally(s, inputs(s), a, r, x, first_trial=7, keep=True)
    np.testing.assert_array_equal(result.pages, [5])
    np.testing.assert_array_equal(result.night_pages, [3])
    table = result.table
    np.testing.assert_array_equal(table["trial"], 7)
    np.testing.assert_array_equal(table["handler"], [HANDLER_CODES["on_call"]] * 5
                                  + [HANDLER_CODES["in_house"]])
    np.testing.assert_array_equal(table["engineer"], [-1] * 5 + [0])


@pytest.mark.parametrize("strategy", ["in_house", "hybrid", "outsourced"])
def test_activity_adds_up_to_the_chunks_incidents(strategy):
    s = sample_scenario("manufacturer_on_prem")
    inp = inputs(s, strategy)
    rng = np.random.default_rng(4)
    a = draw_arrivals(inp, 50, rng)
    r = respond(inp, a, rng)
    x = restore(inp, a, r, rng)
    times = IncidentTimes(x.restored - a.occurred, x.work_start - a.detected, a.severity)
    b = find_breaches(inp, a, r, x, times)
    act = activity(s, inp, a, r, x, b, times)
    n, n_sys = a.trials, len(s.systems)

    def by_system(values):
        return np.bincount(a.trial * n_sys + a.system, weights=values,
                           minlength=n * n_sys).reshape(n, n_sys)

    assert act.pages.sum() + act.vendor_visits.sum() > 0  # something to add up
    np.testing.assert_array_equal(act.incidents.sum(axis=(1, 2)), a.counts)
    np.testing.assert_array_equal(act.incidents.reshape(n, -1), a.per_cell)
    np.testing.assert_array_equal(act.vendor_incidents.sum(axis=2),
                                  by_system(~(r.first_in & r.rec_in)))
    np.testing.assert_array_equal(act.pages, by_system(r.paged))
    np.testing.assert_array_equal(act.vendor_visits, by_system(~r.rec_in & x.onsite))
    busy = np.where(r.rec_in, x.finish_in - x.start_in + x.travel, 0.0)
    triage = np.where(r.first_in, s.effects.triage_hours, 0.0)
    np.testing.assert_allclose(act.in_house_hours, by_system(busy + triage), rtol=1e-12)
    vendor_triage = np.where(r.first_in, 0.0, s.effects.triage_hours)
    np.testing.assert_allclose(act.vendor_hours,
                               by_system(np.where(r.rec_in, 0, x.vendor_labour) + vendor_triage),
                               rtol=1e-12)
    np.testing.assert_allclose(act.outage_hours,
                               by_system(times.time_to_restore * inp.impact[a.severity]),
                               rtol=1e-12)
    result, _ = tally(s, inp, a, r, x, first_trial=0, keep=False)
    assert result.table is None
    np.testing.assert_array_equal(result.incidents, a.counts)
    np.testing.assert_array_equal(result.pages, act.pages.sum(axis=1))
    np.testing.assert_array_equal(result.breaches.sum(axis=1),
                                  np.bincount(a.trial, weights=b.response | b.restore,
                                              minlength=n))
    assert np.all(result.night_pages <= result.pages)


@pytest.mark.parametrize(("clock", "breached"), [("wall", [True, True]),
                                                 ("business_hours", [False, True])])
def test_a_business_hours_target_counts_only_open_hours(clock, breached):
    # Weekdays 09:00-18:00, restore target 1.5 h. Restored 2 h after occurring: on Friday at
    # 17:00 that is one open hour (17-18), on Wednesday at 10:00 two.
    s = scenario(**{"team.coverage": {"mode": "business_hours", "start": "09:00",
                                      "end": "18:00"},
                    "targets": {"S1": {"response_hours": 4, "restore_hours": 1.5,
                                       "clock": clock}}})
    friday, wednesday = 4 * 24 + 17.0, 2 * 24 + 10.0
    a, r, x = hand_built([[friday, wednesday]], delay=[0.1, 0.1], met=[True, True],
                         rec_in=True)
    result, _ = tally(s, inputs(s), a, r, x, first_trial=0, keep=True)
    np.testing.assert_array_equal(result.table["breach_restore"], breached)
