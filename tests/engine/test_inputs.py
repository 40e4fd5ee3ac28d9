"""A strategy's inputs: engineers on duty, their skill levels, and the stability check, against
the formulas of docs/model.md §9 worked by hand."""

import numpy as np
import pytest

from estimators.engine.inputs import check_stable
from estimators.queueing import UnstableQueueError

from .scenarios import inputs, scenario

NET = 40 * 52  # hours per FTE-year with no shrinkage
OFFICE_HOURS = 261 * 9  # Mon-Fri 09:00-18:00 over a 365-day year starting on a Monday


def team(headcounts, **changes):
    levels = [{"name": f"L{k}", "headcount": h, "annual_loaded_cost": 1,
               "repair_time_multiplier": 1.0 + 0.5 * k, "escalation_probability": 0.0}
              for k, h in enumerate(headcounts)]
    return scenario(**{"team.levels": levels, "team.shrinkage": 0.0, **changes})


@pytest.mark.parametrize(("fte", "min_on_duty", "servers"), [
    (5, 1, 1),  # 5 · 2,080 / 8,760 = 1.19 → 1
    (5, 2, 2),  # at least min_on_duty
    (20, 1, 5),  # 4.75 → 5
])
def test_engineers_on_duty_spread_the_teams_hours_over_the_window(fte, min_on_duty, servers):
    inp = inputs(team([fte], **{"team.min_on_duty": min_on_duty}))
    assert inp.servers == servers
    assert servers == max(min_on_duty, round(fte * NET / 8760))  # the hand values agree


def test_every_level_works_by_its_fte_share_and_outsourcing_keeps_nobody_on_duty():
    # FTE 5, 3, 2 → c = round(10 · 2,080 / 8,760) = 2 engineers on duty; jobs go to levels by
    # FTE share, so even the level with 2 of 10 FTE repairs a fifth of the incidents.
    inp = inputs(team([5, 3, 2]))
    assert inp.servers == 2
    np.testing.assert_allclose(inp.level_weights, [0.5, 0.3, 0.2])
    assert inputs(team([5, 3, 2]), "outsourced").servers == 0


def test_stability_compares_the_repair_load_with_the_hours_on_duty():
    # One engineer 24x7, repair mean 1 h: capacity 8,760 h a year.
    check_stable(inputs(team([1], **{"systems.0.incidents.S1.rate_per_year": 0.99 * 8760})))
    with pytest.raises(UnstableQueueError, match="grow without bound"):
        check_stable(inputs(team([1], **{"systems.0.incidents.S1.rate_per_year": 8760.0})))
    check_stable(inputs(team([1], **{"systems.0.incidents.S1.rate_per_year": 9000.0}),
                        "outsourced"))  # the vendor has no queue


def test_off_hours_capacity_counts_only_when_a_severity_is_paged():
    # Office hours give 2,349 h; paging S1 adds the 6,411 off-hours of the on-call engineer.
    busy = {"systems.0.incidents.S1.rate_per_year": 3_000.0,
            "team.coverage": {"mode": "business_hours"}}
    with pytest.raises(UnstableQueueError):
        check_stable(inputs(team([1], **busy)))
    check_stable(inputs(team([1], **busy, **{"team.on_call": {"enabled": True}})))
    assert OFFICE_HOURS < 3_000 < 8760
