"""Restoration alone: the escalation rule, the skill level of each job, first come first served
by detection, and the vendor's late share and backlog (docs/model.md §7, §8).

Rules are checked exactly on hand-built numbers; the stage is then run on drawn incidents and
every job's busy time must be exactly one of the rule's outcomes, with the shares of each
outcome against their probabilities within Z = 4 binomial standard errors, and the vendor's
backlog mean within Z standard errors of the sample.
"""

import math

import numpy as np
import pytest

from estimators.engine.arrivals import draw_arrivals
from estimators.engine.response import respond
from estimators.engine.restoration import restore, service_hours, skill_levels
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
def test_escalation_costs_the_hand_over_and_never_speeds_a_repair_up():
    job = {"repair": np.array([2.0, 2.0, 3.0]), "travel": np.array([1.0, 0.0, 0.0]),
           "ack": np.array([0.25, 0.0, 0.1]), "multiplier": np.array([1.3, 1.3, 0.8]),
           "escalation": np.array([0.25, 0.25, 0.25]), "u": np.array([0.1, 0.9, 0.25])}
    hours = service_hours(job, handover=0.5)
    # u < p escalates: ack + travel + m · repair + H; else ack + travel + m · repair.
    np.testing.assert_allclose(hours, [0.25 + 1.0 + 1.3 * 2.0 + 0.5, 1.3 * 2.0, 0.1 + 0.8 * 3.0],
                               rtol=1e-15)


def test_skill_level_by_fte_share():
    levels = skill_levels(np.array([0.2, 0.5, 0.3]), np.array([0.1, 0.2, 0.69, 0.71, 0.999]))
    np.testing.assert_array_equal(levels, [0, 1, 1, 2, 2])
    # Cumulative shares that round below 1 never give a level past the last.
    assert skill_levels(np.full(3, 0.333333), np.array([0.9999999]))[0] == 2


# ----------------------------------------------------------------- the stage on drawn incidents
def two_levels(**changes):
    team = {"levels": [
        {"name": "Senior", "headcount": 1, "annual_loaded_cost": 1, "repair_time_multiplier": 0.8,
         "escalation_probability": 0.2},
        {"name": "Junior", "headcount": 3, "annual_loaded_cost": 1, "repair_time_multiplier": 1.3,
         "escalation_probability": 0.4}],
        "response_minutes": 0, "coverage": {"mode": "24x7"}, "min_on_duty": 2,
        "escalation_handover_hours": 0.5}
    return scenario(**{"team": team, "systems.0.incidents.S1.rate_per_year": 2_000.0,
                       **changes})


def test_day_queue_jobs_get_levels_by_fte_share_and_their_escalation_rule():
    inp, a, _, out = stages(two_levels(), "in_house", 20, 1)
    busy = out.finish_in - out.start_in
    senior = np.isclose(busy, 0.8 * a.repair, rtol=0, atol=ULP) | np.isclose(
        busy, 0.8 * a.repair + 0.5, rtol=0, atol=ULP)
    junior = np.isclose(busy, 1.3 * a.repair, rtol=0, atol=ULP) | np.isclose(
        busy, 1.3 * a.repair + 0.5, rtol=0, atol=ULP)
    assert np.all(senior | junior)
    share_close(senior & ~junior, 0.25)  # the senior is one FTE of four
    escalated = np.isclose(busy - np.where(senior, 0.8, 1.3) * a.repair, 0.5, rtol=0, atol=ULP)
    share_close(escalated[senior & ~junior], 0.2)
    share_close(escalated[junior & ~senior], 0.4)
    assert np.all(out.start_in >= a.detected) and out.met.all()
    np.testing.assert_array_equal(out.restored, out.finish_in)
    np.testing.assert_array_equal(out.work_start, out.start_in)


def test_a_window_opening_on_a_backlog_serves_it_in_detection_order():
    s = two_levels(**{"team.coverage": {"mode": "business_hours"}, "team.min_on_duty": 1,
                      "team.response_minutes": 15,
                      "systems.0.incidents.S1.rate_per_year": 300.0})
    inp, a, r, out = stages(s, "in_house", 10, 4)
    queued = out.start_in - (r.ready_in - r.enter_in)  # when the engineer took the job
    for t in range(a.trials):
        m = a.trial == t
        for opening in np.unique(r.enter_in[m]):
            batch = m & (r.enter_in == opening)
            if batch.sum() < 2:
                continue
            order = np.argsort(a.detected[batch])
            assert np.all(np.diff(queued[batch][order]) >= -ULP), "served out of detection order"


def test_on_call_jobs_go_to_one_engineer_whose_level_is_drawn_by_fte_share():
    s = two_levels(**{
        "team.levels.0.escalation_probability": 0.0, "team.levels.1.escalation_probability": 0.0,
        "team.min_on_duty": 1, "team.coverage": {"mode": "business_hours"},
        "team.on_call": {"enabled": True, "response_minutes": 30}})
    inp, a, r, out = stages(s, "in_house", 20, 2)
    night = r.on_call_job
    assert night.sum() > 5_000
    np.testing.assert_array_equal(out.engineer[night], -1)
    busy, repair = (out.finish_in - out.start_in)[night], a.repair[night]
    senior = np.isclose(busy, 0.8 * repair, rtol=0, atol=ULP)
    assert np.all(senior | np.isclose(busy, 1.3 * repair, rtol=0, atol=ULP))
    share_close(senior, 0.25)
    # One engineer, no calendar: per trial, each job is taken when it is paged or when the
    # previous one is done, whichever is later; the on-call response is then the engineer's.
    taken = (out.start_in - (r.ready_in - r.enter_in))[night]
    for t in range(a.trials):
        m = a.trial[night] == t
        order = np.argsort(taken[m])
        start, finish = taken[m][order], out.finish_in[night][m][order]
        enter = r.enter_in[night][m][order]
        np.testing.assert_allclose(start[1:], np.maximum(enter[1:], finish[:-1]), rtol=0,
                                   atol=ULP)


@pytest.mark.parametrize("factor", [None, 2.0])
def test_vendor_late_share_visit_labour_and_backlog_mean(factor):
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
    backlog = out.restored - natural
    assert np.all(backlog >= 0)
    late = backlog > 0
    share_close(late, 0.3)  # 1 − p_resolution wait in the vendor's backlog
    mean = 1.5 * 1.0 * (factor or 1.0)  # m_vendor · mean repair (1 h) · the trial's factor
    delay = backlog[late]
    assert abs(delay.mean() - mean) < Z * delay.std(ddof=1) / math.sqrt(delay.size)
    np.testing.assert_array_equal(out.met, out.restored - r.clock <= 500.0)
    np.testing.assert_array_equal(out.work_start, r.start_v)
