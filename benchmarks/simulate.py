"""Benchmark: the Monte Carlo engine against a plain numpy M/G/c floor, stage by stage.

Run by hand from the repository root: ``python benchmarks/simulate.py [--big]``.

Two cases, 10,000 trial-years each, timed in one thread (``workers=1``) and with the default
two:

* **24x7** — 240 incidents a year, lognormal repair (median 2 h, σ 1), three engineers on
  duty, 24x7, first come first served. Beside it, a plain vectorised numpy M/G/c model of the
  same case (:func:`floor_mgc`: arrivals, repair draws, the queue recursion, one cost per
  trial) is the floor. Targets: ≤ 0.4 s in one thread and ≤ 1.5x the floor.
* **heavy** (benchmarks/heavy_case.py) — the same load over six systems, three skill levels,
  business hours 09:00-18:00 plus on-call, site visits, a vendor. Target ≤ 0.6 s in one thread.

Each case is also reported per stage (arrivals, response, people, queue, restoration, tally,
summaries). ``--big`` also runs 100,000 trial-years of the heavy case and reports the peak
memory (target: under 2 GB), and the ratio to the SimPy reference (target ≥ 100x).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.heavy_case import heavy_scenario  # noqa: E402
from estimators import Scenario  # noqa: E402
from estimators.engine import restoration as restoration_stage  # noqa: E402
from estimators.engine import simulation as engine  # noqa: E402
from estimators.scenario import SEVERITIES  # noqa: E402
from estimators.scenario.strategies import plan_for  # noqa: E402
from estimators.statistics import IncidentSample  # noqa: E402

TRIALS = 10_000
REFERENCE_TRIALS = 40
TARGETS = {"24x7": 0.4, "heavy": 0.6}
FLOOR_RATIO = 1.5


def around_the_clock_scenario() -> Scenario:
    """The 24x7 case: 240 incidents a year on one system, lognormal repair with median 2 h and
    σ 1, three engineers of one level, 24x7 cover, first come first served."""
    return Scenario.model_validate({
        "name": "24x7 benchmark case",
        "systems": [{"name": "Service", "kind": "software", "downtime_cost_per_hour": 100_000,
                     "incidents": {"S2": {"rate_per_year": 240, "repair": {
                         "distribution": "lognormal", "median_hours": 2.0, "sigma": 1.0}}}}],
        "team": {
            "levels": [{"name": "Engineer", "headcount": 12, "annual_loaded_cost": 8_000_000,
                        "escalation_probability": 0.0}],
            "coverage": {"mode": "24x7"},
            "on_call": {"enabled": False},
            "queue_discipline": "fcfs",
        },
        "contract": {"monthly_fee": 800_000, "terms": {
            "S1": {"response_hours": 1, "resolution_hours": 8},
            "S2": {"response_hours": 4, "resolution_hours": 24},
            "S3": {"response_hours": 8, "resolution_hours": 72}}},
    })


def floor_mgc(trials: int, rate: float, median: float, sigma: float, servers: int,
              cost_per_hour: float, seed: int) -> np.ndarray:
    """A plain numpy M/G/c model: per trial-year Poisson(rate) jobs at sorted uniform times,
    lognormal service, FCFS on ``servers`` servers (the workload recursion stepped over the job
    index, vectorised across trials); returns each trial's downtime cost (wait + service)."""
    rng = np.random.default_rng(seed)
    counts = rng.poisson(rate, trials)
    width = int(counts.max())
    arrive = np.sort(rng.uniform(0.0, 8760.0, (trials, width)), axis=1)
    real = np.arange(width)[None, :] < counts[:, None]  # the rest is padding, never served
    service = median * np.exp(sigma * rng.standard_normal((trials, width)))
    free = np.zeros((trials, servers))
    rows = np.arange(trials)
    down = np.zeros(trials)
    for k in range(width):
        j = free.argmin(axis=1)
        start = np.maximum(arrive[:, k], free[rows, j])
        finish = np.where(real[:, k], start + service[:, k], free[rows, j])
        free[rows, j] = finish
        down += np.where(real[:, k], finish - arrive[:, k], 0.0)
    return down * cost_per_hour


def best_of(repeats: int, run) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


class _StageClock:
    """Seconds per stage of the chunks run so far: ``lap(stage)`` ends a stage; the queue's
    calls (wrapped by :meth:`timed`) count as "queue", not as the restoration around them."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = defaultdict(float)
        self.last = time.perf_counter()

    def restart(self) -> None:
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] += now - self.last
        self.last = now

    def timed(self, queue):
        def run(*args, **kwargs):
            start = time.perf_counter()
            try:
                return queue(*args, **kwargs)
            finally:
                spent = time.perf_counter() - start
                self.laps["queue"] += spent
                self.laps["restoration"] -= spent
        return run


def stage_times(scenario: Scenario, strategy: str, trials: int, repeats: int = 3) -> dict:
    """Seconds per stage for ``trials`` trial-years in one thread (best of ``repeats``): the
    engine's own chunks run through ``_chunk`` with its per-stage clock; the queue is timed
    inside restoration; summaries are the join of the chunks and the result's summary."""
    plan = plan_for(scenario, strategy)
    _, inp, _ = engine._prepare(scenario, plan, trials, 1, False, None)
    run = engine._plan_run(scenario, inp, trials, engine.CHUNK_TRIALS, False, None, None)
    best: dict[str, float] = {}
    for _ in range(repeats):
        clock = _StageClock()
        queue = restoration_stage.run_queue
        restoration_stage.run_queue = clock.timed(queue)
        try:
            parts = []
            for i, (size, first) in enumerate(zip(run.sizes, run.firsts, strict=True)):
                people = (np.random.default_rng(1000 + i) if inp.people is not None else None)
                clock.restart()
                parts.append(engine._chunk(scenario, inp, size, np.random.default_rng(i),
                                           first, False, None, None, people, clock.lap))
        finally:
            restoration_stage.run_queue = queue
        start = time.perf_counter()
        ttr, wait = IncidentSample(len(SEVERITIES), run.exact), IncidentSample(
            len(SEVERITIES), run.exact)
        for _, times in parts:
            ttr.add(times.time_to_restore, times.severity)
            wait.add(times.wait, times.severity)
        engine._join(scenario, plan, inp, None, 1, [p for p, _ in parts], ttr, wait).summary()
        clock.laps["summaries"] += time.perf_counter() - start
        for stage, seconds in clock.laps.items():
            best[stage] = min(best.get(stage, float("inf")), seconds)
    return best


def report_case(name: str, scenario: Scenario, floor: float | None = None) -> None:
    engine.simulate(scenario, "in_house", 500, 0)  # warm the calendars and caches
    one, result = best_of(3, lambda: engine.simulate(scenario, "in_house", TRIALS, 1,
                                                      keep_incidents=False, workers=1))
    two, _ = best_of(3, lambda: engine.simulate(scenario, "in_house", TRIALS, 1,
                                                keep_incidents=False))
    kept, _ = best_of(2, lambda: engine.simulate(scenario, "in_house", TRIALS, 1))
    incidents = int(result.incidents.sum())
    target = TARGETS[name]
    print(f"\n{name}: {TRIALS:,} trial-years, {incidents:,} incidents, in-house")
    print(f"  one thread        {one:6.3f} s  (target <= {target} s: "
          f"{'met' if one <= target else 'missed'}, {one / target:.2f}x the target)")
    print(f"  two threads       {two:6.3f} s")
    print(f"  incident table    {kept:6.3f} s  (two threads, per-incident table kept)")
    if floor is not None:
        ratio = one / floor
        print(f"  plain numpy floor {floor:6.3f} s  (engine / floor = {ratio:.2f}x, target <= "
              f"{FLOOR_RATIO}x: {'met' if ratio <= FLOOR_RATIO else 'missed'})")
    stages = stage_times(scenario, "in_house", TRIALS)
    total = sum(stages.values())
    print("  per stage, one thread (best of 3):")
    for stage in ("arrivals", "response", "people", "queue", "restoration", "tally",
                  "summaries"):
        if stage in stages:
            print(f"    {stage:12} {stages[stage]:6.3f} s  {stages[stage] / total:5.1%}")
    for strategy in ("outsourced", "hybrid"):
        seconds, _ = best_of(2, lambda s=strategy: engine.simulate(
            scenario, s, TRIALS, 1, keep_incidents=False, workers=1))
        print(f"  {strategy:10} one thread {seconds:6.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", action="store_true",
                        help="also run 100,000 trial-years and the SimPy reference")
    args = parser.parse_args()
    floor, _ = best_of(3, lambda: floor_mgc(TRIALS, 240, 2.0, 1.0, 3, 100_000, 1))
    report_case("24x7", around_the_clock_scenario(), floor)
    report_case("heavy", heavy_scenario())

    if args.big:
        from benchmarks.des_reference import simulate_reference

        scenario = heavy_scenario()
        engine_per_trial, result = best_of(1, lambda: engine.simulate(
            scenario, "in_house", TRIALS, 1, keep_incidents=False, workers=1))
        ref_seconds, _ = best_of(1, lambda: simulate_reference(
            scenario, result.servers, REFERENCE_TRIALS, 1))
        ratio = (ref_seconds / REFERENCE_TRIALS) / (engine_per_trial / TRIALS)
        print(f"\nSimPy reference: {REFERENCE_TRIALS} trial-years in {ref_seconds:.2f} s; "
              f"engine / reference per trial-year: {ratio:,.0f}x faster (target >= 100x)")
        start = time.perf_counter()
        result = engine.simulate(scenario, "in_house", 100_000, 1)
        seconds = time.perf_counter() - start
        peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
        print(f"100,000 trial-years: {seconds:.1f} s, peak memory {peak_gb:.2f} GB "
              f"(target < 2 GB), table kept: {result.table is not None}")


if __name__ == "__main__":
    main()
