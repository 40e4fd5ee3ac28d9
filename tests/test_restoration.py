"""The vendor's time to restore (estimators.restoration): its breach probability and attainment
against direct sampling of the same definition, and its directions."""

import math

import numpy as np
import pytest

from estimators.restoration import vendor_times
from estimators.scenario import RepairTime, SeverityTerms

N = 2_000_000
Z = 4.0


def sampled(terms: SeverityTerms, repair: RepairTime, multiplier: float, onsite: float,
            onsite_hours: float, seed: int = 0) -> tuple[float, float]:
    """(P(restore within target), P(breach)) by drawing the model's parts directly."""
    rng = np.random.default_rng(seed)
    response = rng.exponential(terms.response_hours / -math.log1p(-terms.p_response), N)
    visit = np.where(rng.random(N) < onsite, onsite_hours, 0.0)
    fix = multiplier * repair.frozen().rvs(N, random_state=rng)
    late = rng.random(N) < 1 - terms.p_resolution
    backlog = np.where(late, rng.exponential(multiplier * repair.mean_hours, N), 0.0)
    restore = response + visit + fix + backlog
    within = restore <= terms.resolution_hours
    breach = (response > terms.response_hours) | ~within
    return float(within.mean()), float(breach.mean())


@pytest.mark.parametrize(("repair", "multiplier", "onsite"), [
    (RepairTime(distribution="lognormal", median_hours=2.0, sigma=1.0), 1.2, 0.3),
    (RepairTime(distribution="weibull", median_hours=5.0, shape=0.8), 1.0, 0.0),
    (RepairTime(distribution="gamma", median_hours=1.0, shape=3.0), 2.0, 1.0),
])
def test_breach_and_attainment_match_sampling(repair, multiplier, onsite):
    terms = SeverityTerms(response_hours=2, resolution_hours=8, p_response=0.9,
                          p_resolution=0.8)
    times = vendor_times(terms, repair, multiplier, onsite, 3.0)
    within, breach = sampled(terms, repair, multiplier, onsite, 3.0)
    for model, draws in ((times.attainment, within), (times.p_breach, breach)):
        assert abs(model - draws) < Z * math.sqrt(draws * (1 - draws) / N) + 1e-5
    assert times.late_share == pytest.approx(0.2)
    assert times.backlog_mean == pytest.approx(0.2 * multiplier * repair.mean_hours)


def test_a_vendor_that_meets_its_targets_less_often_is_slower_and_breaches_more():
    repair = RepairTime(median_hours=3.0, sigma=0.8)
    results = [vendor_times(SeverityTerms(response_hours=1, resolution_hours=6,
                                          p_resolution=p), repair, 1.0, 0.0, 0.0)
               for p in (0.99, 0.9, 0.5)]
    assert [r.backlog_mean for r in results] == sorted(r.backlog_mean for r in results)
    assert [r.p_breach for r in results] == sorted(r.p_breach for r in results)
    assert results[0].attainment > results[1].attainment > results[2].attainment


def test_a_looser_target_changes_breaches_not_restore_times():
    repair = RepairTime(median_hours=3.0, sigma=0.8)
    tight, loose = (vendor_times(SeverityTerms(response_hours=1, resolution_hours=h), repair,
                                 1.0, 0.0, 0.0) for h in (6.0, 24.0))
    assert tight.backlog_mean == loose.backlog_mean and tight.response_mean == loose.response_mean
    assert loose.p_breach < tight.p_breach


def test_no_incidents_means_the_response_alone():
    terms = SeverityTerms(response_hours=2, resolution_hours=8, p_response=0.75)
    times = vendor_times(terms, None, 1.0, 0.0, 0.0)
    assert times.backlog_mean == 0.0
    assert times.p_breach_response == pytest.approx(0.25)
