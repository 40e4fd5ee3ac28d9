"""Benchmark: a 20-input tornado on the deterministic (expected-cost) model.

Run by hand from the repository root: ``python benchmarks/tornado.py``. Target: under 5 s on
this 2-core machine (issue 5). Twenty inputs: the default ranges of the manufacturer sample
plus incident rates and repair medians per system and severity, each swung P10 → P90, so 41
evaluations of all three strategies. Prints the time on one process and on the local pool.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from estimators import sample_scenario  # noqa: E402
from estimators.executor import LocalProcesses, SerialExecutor  # noqa: E402
from estimators.ranges import Uncertainty  # noqa: E402
from estimators.sensitivity import tornado  # noqa: E402
from estimators.uncertainty import default_uncertainties  # noqa: E402

TARGET_S = 5.0
INPUTS = 20


def twenty_inputs(scenario) -> list[Uncertainty]:
    """The default ranges, topped up with rates and repair medians per system and severity."""
    inputs = default_uncertainties(scenario)
    for i, system in enumerate(scenario.systems):
        for severity, profile in system.incidents.items():
            for field, value in (("rate_per_year", profile.rate_per_year),
                                 ("repair.median_hours", profile.repair.median_hours)):
                if len(inputs) < INPUTS and value > 0:
                    inputs.append(Uncertainty(
                        path=f"systems.{i}.incidents.{severity.value}.{field}",
                        distribution="triangular", low=0.7 * value, mode=value,
                        high=1.5 * value))
    return inputs[:INPUTS]


def main() -> None:
    scenario = sample_scenario("manufacturer_on_prem")
    inputs = twenty_inputs(scenario)
    assert len(inputs) == INPUTS, len(inputs)
    for name, executor in (("one process", SerialExecutor()),
                           ("local pool (2 processes)", LocalProcesses(2, min_items=0))):
        tornado(scenario, inputs, executor=executor)  # warm-up: the pool starts once
        start = time.perf_counter()
        bars = tornado(scenario, inputs, executor=executor)
        elapsed = time.perf_counter() - start
        print(f"{INPUTS}-input tornado, {name}: {elapsed:.2f} s "
              f"(target {TARGET_S:.0f} s, ratio {TARGET_S / elapsed:.1f}x under); "
              f"largest swing: {bars[0].uncertainty.name}")
        if isinstance(executor, LocalProcesses):
            executor.close()


if __name__ == "__main__":
    main()
