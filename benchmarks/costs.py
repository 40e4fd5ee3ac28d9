"""Benchmark: how fast the deterministic cost comparison answers a slider move.

Run by hand: ``python benchmarks/costs.py``. Prints the time per comparison (three strategies)
for each sample scenario and for a synthetic 200-system scenario, cold (first call, calendars
computed) and warm (what a slider move costs), and the ratio to a 100 ms budget.
"""

from __future__ import annotations

import time

from estimators import Scenario, compare_strategies, sample_paths, sample_scenario

BUDGET_S = 0.100


def timed(scenario: Scenario, repeats: int = 20) -> tuple[float, float]:
    start = time.perf_counter()
    compare_strategies(scenario)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    for i in range(repeats):
        moved = scenario.with_changes(**{"effects.incident_rate_multiplier": 1 + i / 100})
        compare_strategies(moved)
    return cold, (time.perf_counter() - start) / repeats


def big_scenario(n_systems: int = 200) -> Scenario:
    base = sample_scenario("manufacturer_on_prem").model_dump(mode="json")
    systems = []
    for i in range(n_systems):
        system = dict(base["systems"][i % len(base["systems"])])
        system["name"] = f"{system['name']} {i}"
        systems.append(system)
    base["systems"] = systems
    base["hybrid"]["per_system"] = {}
    return Scenario.model_validate(base)


def main() -> None:
    cases = {stem: sample_scenario(stem) for stem in sample_paths()}
    cases["synthetic, 200 systems"] = big_scenario()
    print(f"{'scenario':32} {'cold ms':>9} {'warm ms':>9} {'budget / warm':>14}")
    for name, scenario in cases.items():
        cold, warm = timed(scenario)
        print(f"{name:32} {cold * 1e3:9.1f} {warm * 1e3:9.1f} {BUDGET_S / warm:13.1f}x")


if __name__ == "__main__":
    main()
