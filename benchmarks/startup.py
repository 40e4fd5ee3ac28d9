"""Benchmark: how soon the command line answers, whole process (issue 16).

Run by hand from the repository root: ``python benchmarks/startup.py [--repeats N]``.
Times, best of N, each a fresh ``python -m estimators ...`` process: ``validate`` and ``costs``
of data/scenarios/home_delivery_cloud.json (target 0.4 s each) and ``simulate`` of the 24x7
case (benchmarks/startup_24x7.json: 240 incidents a year, lognormal repair median 2 h σ 1,
3 engineers around the clock, FCFS; in-house, 10,000 trial-years; target 0.8 s). Beside each:
its ratio to the floor, ``python -c "import numpy, pydantic"`` (what every command needs, and
about 0.3 s on its own on a small machine). Then the top entries of ``python -X importtime``
(cumulative) for ``validate`` and ``costs``: where the start-up time goes.

The processes run this checkout (PYTHONPATH), with bytecode caching on (a first untimed run
writes the .pyc files, as any installation has them); the engine's own speed is reported as it
is.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "data/scenarios/home_delivery_cloud.json"
CASE_24X7 = "benchmarks/startup_24x7.json"
TRIALS = 10_000
FLOOR = ["-c", "import numpy, pydantic"]
COMMANDS: list[tuple[str, list[str], float]] = [
    ("validate", ["-m", "estimators", "validate", SCENARIO], 0.4),
    ("costs", ["-m", "estimators", "costs", SCENARIO], 0.4),
    (f"simulate 24x7 ({TRIALS:,} trial-years)",
     ["-m", "estimators", "simulate", CASE_24X7, "--trials", str(TRIALS), "--seed", "0",
      "--strategy", "in_house"], 0.8),
]
TOP = 12


def environment() -> dict[str, str]:
    """This checkout first on the path, bytecode cached, output unbuffered as usual."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT)
    return env


def run(args: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True,
                          stdout=subprocess.DEVNULL, **kwargs)


def best_of(repeats: int, args: list[str], env: dict[str, str]) -> float:
    """Fastest wall time of ``repeats`` fresh processes, seconds (after one untimed run)."""
    run(args, env)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run(args, env)
        best = min(best, time.perf_counter() - start)
    return best


def import_times(args: list[str], env: dict[str, str]) -> list[tuple[int, int, str]]:
    """``-X importtime`` of one process: (cumulative µs, self µs, module), slowest first."""
    err = run(["-X", "importtime", *args], env, stderr=subprocess.PIPE, text=True).stderr
    rows = []
    for line in err.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        own, cumulative, name = (part.strip() for part in line[len("import time:"):].split("|"))
        if own.isdigit():
            rows.append((int(cumulative), int(own), name))
    return sorted(rows, reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5, help="processes per command")
    args = parser.parse_args()
    env = environment()
    print(f"python: {sys.executable}")
    floor = best_of(args.repeats, FLOOR, env)
    print(f"floor, import numpy, pydantic: {floor:.3f} s")
    for label, command, target in COMMANDS:
        seconds = best_of(args.repeats, command, env)
        print(f"{label:34}: {seconds:.3f} s (target <= {target} s: "
              f"{'met' if seconds <= target else 'missed'}; {seconds / target:.2f}x target, "
              f"{seconds / floor:.2f}x floor)")
    for label, command, _ in COMMANDS[:2]:
        rows = import_times(command, env)
        total = sum(own for _, own, _ in rows)
        print(f"\n-X importtime, {label}: {len(rows)} modules, {total / 1e6:.3f} s in all; "
              f"top {TOP} by cumulative time")
        for cumulative, own, name in rows[:TOP]:
            print(f"  {cumulative / 1e3:8.1f} ms  (self {own / 1e3:6.1f} ms)  {name.strip()}")
        print("  and by self time (the chain above nests; these are where it is spent):")
        for _, own, name in sorted(rows, key=lambda r: r[1], reverse=True)[:TOP // 2]:
            print(f"  {own / 1e3:8.1f} ms  self  {name.strip()}")


if __name__ == "__main__":
    main()
