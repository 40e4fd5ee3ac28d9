"""The work plan against the clock: planned and measured core-seconds of a few runs.

Run by hand from the repository root: ``python benchmarks/work.py [--quick]``. For each case it
prints the planned work (:func:`estimators.engine.simulation.planned_run`), the process CPU
time the run took (all its threads; the reference of the plan's constants), the wall time and
the ratio measured / planned. The constants of :mod:`estimators.engine.work` were fitted on
these cases; a ratio well above 2 means the plan lets through more than its budget says.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.attack_case import attack_scenario  # noqa: E402
from benchmarks.heavy_case import heavy_scenario  # noqa: E402
from estimators import Scenario, sample_scenario  # noqa: E402
from estimators.engine.simulation import planned_run, simulate  # noqa: E402


def cases(quick: bool) -> list[tuple[str, Scenario, str, int]]:
    """(label, scenario, strategy, trial-years) of every case, each a second or a few."""
    scale = 0.2 if quick else 1.0
    heavy = heavy_scenario()
    attack = attack_scenario()
    out = []
    for stem in ("home_delivery_cloud", "ecommerce_24x7", "manufacturer_on_prem"):
        for strategy in ("in_house", "outsourced", "hybrid"):
            out.append((stem, sample_scenario(stem), strategy, int(10_000 * scale)))
    for strategy in ("in_house", "outsourced"):
        out.append(("heavy case", heavy, strategy, int(10_000 * scale)))
    out += [
        ("heavy case, by severity", heavy.with_changes(**{"team.queue_discipline": "severity"}),
         "in_house", int(5_000 * scale)),
        ("ecommerce x20 rates", sample_scenario("ecommerce_24x7").with_changes(
            **{"effects.incident_rate_multiplier": 20.0}), "in_house", int(2_000 * scale)),
        ("attack x0.1 rates", attack.with_changes(**{"effects.incident_rate_multiplier": 0.1}),
         "in_house", 1),
        ("attack x0.1, by severity", attack.with_changes(**{
            "effects.incident_rate_multiplier": 0.1, "team.queue_discipline": "severity"}),
         "in_house", 1),
        ("attack x0.001 rates", attack.with_changes(
            **{"effects.incident_rate_multiplier": 0.001}), "in_house", int(500 * scale) or 1),
        ("attack", attack, "outsourced", 3),
        ("attack x0.0001 (500 systems)", attack.with_changes(
            **{"effects.incident_rate_multiplier": 0.0001}), "outsourced", int(10_000 * scale)),
    ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer trial-years per case")
    args = parser.parse_args()
    print(f"{'case':32s} {'strategy':10s} {'trials':>7s} {'planned':>8s} {'cpu':>8s} "
          f"{'wall':>8s} {'cpu/plan':>8s}")
    ratios = []
    for label, scenario, strategy, trials in cases(args.quick):
        planned = planned_run(scenario, strategy, trials).seconds
        cpu, wall = time.process_time(), time.perf_counter()
        simulate(scenario, strategy, trials, 0, keep_incidents=False, max_seconds=None)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        ratios.append(cpu / planned)
        print(f"{label:32s} {strategy:10s} {trials:7,d} {planned:8.2f} {cpu:8.2f} {wall:8.2f} "
              f"{cpu / planned:8.2f}")
    print(f"measured / planned: {min(ratios):.2f} to {max(ratios):.2f}")


if __name__ == "__main__":
    main()
