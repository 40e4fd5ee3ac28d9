"""Benchmark: Sobol indices with 10 inputs and 1,000 base samples on the Monte Carlo.

Run by hand from the repository root: ``python benchmarks/sobol.py [--heavy]``. Target: under
60 s on this 2-core machine (issue 5). 1,000 base samples × (10 + 2) design rows × the
replicates (trial-years per row), for each of the three strategies. Default: the
manufacturer sample; ``--heavy`` uses the heavy case of benchmarks/heavy_case.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.heavy_case import heavy_scenario  # noqa: E402
from benchmarks.inputs import many_inputs  # noqa: E402
from estimators import sample_scenario  # noqa: E402
from estimators.decisions.measures import Measure  # noqa: E402
from estimators.decisions.sobol import sobol_indices  # noqa: E402

TARGET_S = 60.0
INPUTS = 10
BASE_SAMPLES = 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--heavy", action="store_true", help="use the heavy case")
    parser.add_argument("--replicates", type=int, default=8)
    args = parser.parse_args()
    scenario = heavy_scenario() if args.heavy else sample_scenario("manufacturer_on_prem")
    inputs = many_inputs(scenario, INPUTS)
    start = time.perf_counter()
    result = sobol_indices(scenario, inputs, BASE_SAMPLES, args.replicates)
    elapsed = time.perf_counter() - start
    trials = BASE_SAMPLES * (INPUTS + 2) * args.replicates
    print(f"Sobol, {INPUTS} inputs, {BASE_SAMPLES} base samples, {args.replicates} replicates "
          f"({scenario.name}): {3 * trials:,} trial-years in {elapsed:.1f} s "
          f"(target {TARGET_S:.0f} s, ratio {TARGET_S / elapsed:.1f}x under)")
    in_house = result[Measure.cost("in_house")]
    top = sorted(zip(in_house.total, in_house.inputs, strict=True), key=lambda t: -t[0])[:3]
    print("largest total indices, in-house: " + "; ".join(
        f"{u.name} {st:.2f}" for st, u in top) + f"; noise share {in_house.noise_share:.2f}")


if __name__ == "__main__":
    main()
