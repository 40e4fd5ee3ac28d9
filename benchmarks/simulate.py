"""Benchmark: Monte Carlo speed on the heavy case, and the ratio to the SimPy reference.

Run by hand from the repository root: ``python benchmarks/simulate.py [--big]``.
The heavy case (benchmarks/heavy_case.py): about 240 incidents a year over six systems, three
engineers, weekdays 09:00-18:00 plus on-call. Targets: 10,000 trial-years in under 1 s, at least
100x the discrete-event reference per trial-year. ``--big`` also runs 100,000 trial-years and
reports the peak memory (target: under 2 GB).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.des_reference import simulate_reference  # noqa: E402
from benchmarks.heavy_case import heavy_scenario  # noqa: E402
from estimators.engine.simulation import simulate  # noqa: E402

TRIALS = 10_000
REFERENCE_TRIALS = 40


def best_of(repeats: int, run) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", action="store_true", help="also run 100,000 trial-years")
    args = parser.parse_args()
    scenario = heavy_scenario()
    simulate(scenario, "in_house", 500, 0)  # warm the calendars

    for keep in (False, True):
        seconds, result = best_of(3, lambda k=keep: simulate(
            scenario, "in_house", TRIALS, 1, keep_incidents=k))
        incidents = int(result.incidents.sum())
        label = "with per-incident table" if keep else "summaries only"
        print(f"engine, {label:24}: {TRIALS:,} trial-years in {seconds:.2f} s = "
              f"{TRIALS / seconds:,.0f} trial-years/s, {incidents / seconds:,.0f} incidents/s "
              f"(target < 1 s: {'met' if seconds < 1 else 'missed'})")
    engine_per_trial = seconds / TRIALS

    ref_seconds, _ = best_of(1, lambda: simulate_reference(
        scenario, result.servers, REFERENCE_TRIALS, 1))
    ref_per_trial = ref_seconds / REFERENCE_TRIALS
    print(f"SimPy reference: {REFERENCE_TRIALS} trial-years in {ref_seconds:.2f} s = "
          f"{1 / ref_per_trial:,.1f} trial-years/s")
    print(f"ratio engine / reference per trial-year: {ref_per_trial / engine_per_trial:,.0f}x "
          "(target >= 100x)")

    for strategy in ("outsourced", "hybrid"):
        seconds, _ = best_of(2, lambda s=strategy: simulate(scenario, s, TRIALS, 1,
                                                            keep_incidents=False))
        print(f"engine, {strategy:10}: {TRIALS:,} trial-years in {seconds:.2f} s")

    if args.big:
        start = time.perf_counter()
        result = simulate(scenario, "in_house", 100_000, 1)
        seconds = time.perf_counter() - start
        peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
        print(f"100,000 trial-years: {seconds:.1f} s, peak memory {peak_gb:.2f} GB "
              f"(target < 2 GB), table kept: {result.table is not None}")


if __name__ == "__main__":
    main()
