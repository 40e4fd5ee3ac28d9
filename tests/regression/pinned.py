"""Seeded regression fixtures: what the model gives today, pinned so restructuring changes nothing.

Run ``python -m tests.regression.pinned`` to regenerate ``pinned.json`` — only in a commit of its
own that explains which model change moved the numbers.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from estimators import Strategy, compare_strategies, sample_paths, sample_scenario, simulate

FIXTURE = Path(__file__).with_name("pinned.json")
TRIALS = 400
SEED = 20261129


def pinned_figures() -> dict:
    """Expected cost lines and a fixed-seed simulation summary, per sample and strategy."""
    out: dict = {}
    for stem in sample_paths():
        scenario = sample_scenario(stem)
        costs = compare_strategies(scenario)
        per_strategy = {}
        for strategy in Strategy:
            expected = costs.strategies[strategy]
            result = simulate(scenario, strategy, TRIALS, SEED)
            summary = result.summary()
            per_strategy[strategy.value] = {
                "expected": expected.to_dict(),
                "simulated": {
                    "summary": summary,
                    "line_costs_sum": result.line_costs.sum(axis=0).tolist(),
                    "ttr_sum": float(np.sum(result.time_to_restore.values())),
                    "wait_sum": float(np.sum(result.wait.values())),
                    "incident_rows": len(result.table) if result.table is not None else 0,
                },
            }
        if scenario.uncertainty.inputs:
            varied = simulate(scenario, Strategy.hybrid, TRIALS, SEED, uncertainty=True)
            per_strategy["hybrid_uncertain"] = {"summary": varied.summary()}
        out[stem] = per_strategy
    return out


if __name__ == "__main__":
    FIXTURE.write_text(json.dumps(pinned_figures(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {FIXTURE}")
