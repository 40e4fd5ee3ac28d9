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

from benchmarks.inputs import many_inputs  # noqa: E402
from estimators import sample_scenario  # noqa: E402
from estimators.decisions.executor import LocalProcesses, SerialExecutor  # noqa: E402
from estimators.decisions.sensitivity import tornado  # noqa: E402

TARGET_S = 5.0
INPUTS = 20


def main() -> None:
    scenario = sample_scenario("manufacturer_on_prem")
    inputs = many_inputs(scenario, INPUTS)
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
