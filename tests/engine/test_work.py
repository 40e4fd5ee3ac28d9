"""Planned work and cancellation: a run is refused before it starts when its planned work is over
its budget, and stops promptly when its cancel token is set (issue 17 §1)."""

import threading
import time

import numpy as np
import pytest

import estimators.engine.simulation as engine
from benchmarks.attack_case import attack_scenario
from estimators import sample_scenario
from estimators.engine.limits import MAX_RUN_SECONDS, QUICK_RUN_SECONDS, WorkLimitError
from estimators.engine.simulation import (
    THREAD_PREFIX,
    SimulationCancelled,
    planned_run,
    simulate,
)
from estimators.engine.work import busiest_steps
from estimators.scenario.share import MAX_LINK_CHARS, pack_scenario


def run_threads() -> list[threading.Thread]:
    """The simulation's worker threads still alive."""
    return [t for t in threading.enumerate() if t.name.startswith(THREAD_PREFIX)]


@pytest.fixture(scope="module")
def attack():
    return attack_scenario()


def test_the_attack_link_is_allowed_and_its_run_is_refused_before_drawing(attack, monkeypatch):
    assert len(pack_scenario(attack)) < MAX_LINK_CHARS
    assert sum(s.incidents[v].rate_per_year for s in attack.systems
               for v in s.incidents) == 1_000_000

    def no_draws(*args, **kwargs):
        raise AssertionError("a refused run drew its arrivals")

    monkeypatch.setattr(engine, "draw_arrivals", no_draws)
    work = planned_run(attack, "in_house", 1_000)
    assert work.incidents == pytest.approx(1e9)
    assert work.steps >= 1e9  # every incident a step of the queue's recursion
    # hours in numpy, as issue 17 measured; a quarter of an hour with the compiled queue
    assert work.seconds > MAX_RUN_SECONDS
    with pytest.raises(WorkLimitError, match="limit here is 10 min") as refused:
        simulate(attack, "in_house", 1_000)
    assert "1,000 trial-years" in str(refused.value) and " of computing" in str(refused.value)
    monkeypatch.setattr("estimators.engine.work.compiled_serve", lambda: None)
    assert planned_run(attack, "in_house", 1_000).seconds > 3_600  # numpy's queue: hours
    # Even its smallest quick estimate is over the quick budget, for every strategy.
    for strategy in ("in_house", "outsourced", "hybrid"):
        with pytest.raises(WorkLimitError):
            simulate(attack, strategy, 100, max_seconds=QUICK_RUN_SECONDS)


def test_ordinary_runs_fit_their_budgets():
    for stem in ("home_delivery_cloud", "ecommerce_24x7", "manufacturer_on_prem"):
        scenario = sample_scenario(stem)
        for strategy in ("in_house", "outsourced", "hybrid"):
            assert planned_run(scenario, strategy, 1_000).seconds <= QUICK_RUN_SECONDS
            assert planned_run(scenario, strategy, 1_000_000).seconds <= MAX_RUN_SECONDS


def test_a_queue_takes_about_as_many_steps_as_its_busiest_year():
    np.testing.assert_allclose(busiest_steps(np.array([1e6]), [1, 1], [0, 1]), [1e6, 1e6])
    rng = np.random.default_rng(1)
    counts = rng.poisson(100.0, size=(200, 2_500)).max(axis=1).mean()
    planned = busiest_steps(np.array([100.0]), [2_500], [0])[0]
    assert counts <= planned <= 1.3 * counts
    # With rates that vary by trial-year, each chunk's busiest year counts.
    jobs = np.array([1.0, 1.0, 50.0, 1.0])
    steps = busiest_steps(jobs, [2, 2], [0, 2])
    assert steps[1] > 50 > steps[0]


def test_a_cancelled_run_stops_at_the_next_chunk_pair():
    cancel = threading.Event()
    done = []

    def progress(trials: int, total: int) -> None:
        done.append(trials)
        cancel.set()

    kept = []
    with pytest.raises(SimulationCancelled):
        simulate(sample_scenario("home_delivery_cloud"), "in_house", 10_000, chunk_trials=500,
                 progress=progress, checkpoint=kept.append, cancel=cancel)
    assert done == [1_000]  # one pair of chunks, then nothing more
    assert kept[-1].done == 1_000  # what was finished is handed over, to carry on later
    assert not run_threads()


def test_a_cancel_stops_a_chunk_in_flight_and_leaves_no_thread(attack):
    """A chunk of the attack's in-house queue is a million steps (20 s or so): the token is
    seen within a few of them."""
    cancel = threading.Event()
    outcome = []

    def go() -> None:
        try:
            simulate(attack, "in_house", 2, keep_incidents=False, max_seconds=None,
                     cancel=cancel)
            outcome.append("finished")
        except SimulationCancelled:
            outcome.append("cancelled")

    runner = threading.Thread(target=go)
    runner.start()
    time.sleep(1.0)
    cancel.set()
    stopped = time.perf_counter()
    runner.join(timeout=15)  # generous: about a tenth of the chunks' own time
    assert outcome == ["cancelled"], "the run went on after its token was set"
    assert time.perf_counter() - stopped < 15
    assert not run_threads()


def test_after_the_callback_raises_no_simulation_thread_is_left():
    class Stop(Exception):
        pass

    def progress(trials: int, total: int) -> None:
        raise Stop

    with pytest.raises(Stop):
        simulate(sample_scenario("ecommerce_24x7"), "hybrid", 5_000, chunk_trials=500,
                 progress=progress)
    assert not run_threads()
