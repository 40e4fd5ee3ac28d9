"""Restoration alone: the escalation rule, the on-call engineer's level, and the vendor's
met/miss rule as implemented today (docs/model.md §7, §8).

Rules are checked exactly on hand-built numbers; the stage is then run on drawn incidents and
every job's busy time must be exactly one of the rule's outcomes, with the shares of each
outcome against their probabilities within Z = 4 binomial standard errors, and the vendor's
overrun mean within Z standard errors of the sample.
"""

import math

import numpy as np
import pytest

from estimators.engine.arrivals import draw_arrivals
from estimators.engine.response import respond
from estimators.engine.restoration import (
    on_call_levels,
    restore,
    service_hours,
    vendor_restored,
)
from estimators.engine.trial_inputs import TrialInputs

from .scenarios import inputs, scenario

Z = 4.0
ULP = 1e-9  # hours: finish − start loses the last bits of times up to a few thousand hours


def share_close(hits: np.ndarray, p: float) -> None:
    n = hits.size
    assert abs(hits.mean() - p) < Z * math.sqrt(p * (1 - p) / n), (hits.mean(), p, n)


def stages(s, strategy: str, trials: int, seed: int, varying: TrialInputs | None = None):
    inp = inputs(s, strategy)
    rng = np.random.default_rng(seed)
    a = draw_arrivals(inp, trials, rng, varying)
    r = respond(inp, a, rng)
    return inp, a, r, restore(inp, a, r, rng)


# ----------------------------------------------------------------- the rules by hand
def test_escalation_adds_the_hand_over_and_repairs_at_the_fastest_multiplier():
    job = {"repair": np.array([2.0, 2.0, 3.0]), "travel": np.array([1.0, 0.0, 0.0]),
           "u": np.array([0.1, 0.9, 0.25])}
    hours = service_hours(job, 1.3, 0.25, handover=0.5, fastest=0.8)
    # u < p escalates: travel + H + m_top · repair; else m · repair (u = p does not escalate).
    np.testing.assert_allclose(hours, [1.0 + 0.5 + 0.8 * 2.0, 1.3 * 2.0, 1.3 * 3.0],
                               rtol=1e-15)


def test_on_call_level_by_fte_share():
    levels = on_call_levels(np.array([0.2, 0.5, 0.3]), np.array([0.1, 0.2, 0.69, 0.71, 0.999]))
    np.testing.assert_array_equal(levels, [0, 1, 1, 2, 2])
    # Cumulative shares that round below 1 never give a level past the last.
    assert on_call_levels(np.full(3, 0.333333), np.array([0.9999999]))[0] == 2


def test_vendor_met_is_capped_at_the_target_and_a_miss_overruns_it():
    natural = np.array([5.0, 12.0, 5.0, 12.0])
    target = np.full(4, 8.0)
    met = np.array([True, True, False, False])
    restored = vendor_restored(natural, target, met, np.full(4, 1.0))
    np.testing.assert_array_equal(restored, [5.0, 8.0, 9.0, 12.0])


# ----------------------------------------------------------------- the stage on drawn incidents
def two_levels(**changes):
    team = {"levels": [
        {"name": "Senior", "headcount": 1, "annual_loaded_cost": 1, "repair_time_multiplier": 0.8,
         "escalation_probability": 0.2},
        {"name": "Junior", "headcount": 1, "annual_loaded_cost": 1, "repair_time_multiplier": 1.3,
         "escalation_probability": 0.4}],
        "response_minutes": 0, "coverage": {"mode": "24x7"}, "min_on_duty": 2,
        "escalation_handover_hours": 0.5}
    return scenario(**{"team": team, "systems.0.incidents.S1.rate_per_year": 2_000.0,
                       **changes})


def test_day_queue_jobs_follow_their_engineers_escalation_rule():
    inp, a, _, out = stages(two_levels(), "in_house", 20, 1)
    np.testing.assert_array_equal(inp.server_multiplier, [0.8, 1.3])
    assert inp.fastest == 0.8
    busy = out.finish_in - out.start_in
    own = inp.server_multiplier[out.engineer] * a.repair
    escalated = np.isclose(busy, 0.5 + 0.8 * a.repair, rtol=0, atol=ULP)
    assert np.all(escalated | np.isclose(busy, own, rtol=0, atol=ULP))
    for j, p in enumerate(inp.server_escalation):
        share_close(escalated[out.engineer == j], p)
    assert np.all(out.start_in >= a.detected) and out.met.all()
    np.testing.assert_array_equal(out.restored, out.finish_in)
    np.testing.assert_array_equal(out.work_start, out.start_in)


def test_on_call_jobs_go_to_one_engineer_whose_level_is_drawn_by_fte_share():
    s = two_levels(**{
        "team.levels.0.escalation_probability": 0.0, "team.levels.1.escalation_probability": 0.0,
        "team.levels.1.headcount": 3, "team.min_on_duty": 1,
        "team.coverage": {"mode": "business_hours"},
        "team.on_call": {"enabled": True, "response_minutes": 30}})
    inp, a, r, out = stages(s, "in_house", 20, 2)
    night = r.on_call_job
    assert night.sum() > 5_000
    np.testing.assert_array_equal(out.engineer[night], -1)
    busy, repair = (out.finish_in - out.start_in)[night], a.repair[night]
    senior = np.isclose(busy, 0.8 * repair, rtol=0, atol=ULP)
    assert np.all(senior | np.isclose(busy, 1.3 * repair, rtol=0, atol=ULP))
    share_close(senior, 0.25)
    # One engineer, no calendar: per trial, each job starts when it is ready or when the
    # previous one (in start order) is done, whichever is later.
    for t in range(a.trials):
        m = night & (a.trial == t)
        order = np.argsort(out.start_in[m])
        start, finish = out.start_in[m][order], out.finish_in[m][order]
        ready = r.ready_in[m][order]
        np.testing.assert_array_equal(start[1:], np.maximum(ready[1:], finish[:-1]))


@pytest.mark.parametrize("factor", [None, 2.0])
def test_vendor_met_share_visit_labour_and_overrun_mean(factor):
    s = scenario(**{
        "systems.0.kind": "hardware",
        "systems.0.hardware": {"onsite_fraction": 1.0, "travel_hours": 1.0},
        "systems.0.incidents.S1.rate_per_year": 5_000.0,
        "contract.terms.S1.resolution_hours": 500.0, "contract.terms.S1.p_resolution": 0.7,
        "contract.repair_time_multiplier": 1.5, "contract.onsite_response_hours": 4.0})
    trials = 4
    varying = None
    if factor is not None:
        varying = TrialInputs((), np.zeros((trials, 0)), None, np.full((trials, 1, 3), factor),
                              {})
    inp, a, r, out = stages(s, "outsourced", trials, 3, varying)
    assert out.onsite.all() and np.isnan(out.start_in).all()
    np.testing.assert_array_equal(out.vendor_labour, 1.5 * a.repair)
    natural = r.start_v + 4.0 + out.vendor_labour
    target = r.clock + 500.0
    assert np.all(natural < target)  # the target is far: met restores at the natural time
    share_close(out.met, 0.7)
    np.testing.assert_array_equal(out.restored[out.met], natural[out.met])
    overrun = (out.restored - target)[~out.met]
    mean = 1.5 * 1.0 * (factor or 1.0)  # m_vendor · mean repair (1 h) · the trial's factor
    assert abs(overrun.mean() - mean) < Z * overrun.std(ddof=1) / math.sqrt(overrun.size)
    np.testing.assert_array_equal(out.work_start, r.start_v)
