"""A run interrupted and carried on from its checkpoint gives the uninterrupted run's result."""

import numpy as np
import pytest

from estimators import sample_scenario
from estimators.engine.simulation import Checkpoint, simulate


class Interrupted(Exception):
    pass


def _interrupted_run(scenario, strategy, trials, after: int, **options) -> Checkpoint:
    kept: list[Checkpoint] = []

    def keep(point: Checkpoint) -> None:
        kept.append(point)
        if len(kept) == after:
            raise Interrupted

    with pytest.raises(Interrupted):
        simulate(scenario, strategy, trials, seed=7, checkpoint=keep, chunk_trials=500,
                 **options)
    return kept[-1]


@pytest.mark.parametrize(("stem", "strategy", "keep"), [
    ("home_delivery_cloud", "in_house", True),
    ("manufacturer_on_prem", "hybrid", False),
])
def test_a_resumed_run_equals_an_uninterrupted_one(stem, strategy, keep):
    scenario = sample_scenario(stem)
    point = _interrupted_run(scenario, strategy, 4_000, after=2, keep_incidents=keep)
    assert point.done == 2_000 and len(point.parts) == 4
    whole = simulate(scenario, strategy, 4_000, seed=7, chunk_trials=500, keep_incidents=keep)
    resumed = simulate(scenario, strategy, 4_000, seed=7, chunk_trials=500, resume=point,
                       keep_incidents=keep)
    assert np.array_equal(whole.total_cost, resumed.total_cost)
    assert np.array_equal(whole.downtime_hours, resumed.downtime_hours)
    assert whole.summarise() == resumed.summarise()
    # The checkpoint is not changed by carrying it on: it can be resumed twice.
    again = simulate(scenario, strategy, 4_000, seed=7, chunk_trials=500, resume=point,
                     keep_incidents=keep)
    assert again.summarise() == whole.summarise()


def test_a_checkpoint_of_another_plan_is_ignored():
    scenario = sample_scenario("home_delivery_cloud")
    point = _interrupted_run(scenario, "outsourced", 4_000, after=1)
    other = simulate(scenario, "outsourced", 3_000, seed=7, chunk_trials=500, resume=point)
    plain = simulate(scenario, "outsourced", 3_000, seed=7, chunk_trials=500)
    assert other.summarise() == plain.summarise()
