"""The bundled sample scenarios in ``data/scenarios/``."""

from __future__ import annotations

import os
from pathlib import Path

from estimators.scenario import Scenario
from estimators.scenario.loading import load_scenario

__all__ = ["SCENARIO_DIR", "sample_paths", "sample_scenario"]

SCENARIO_DIR = Path(
    os.environ.get("HOSHU_SCENARIOS", Path(__file__).resolve().parents[2] / "data" / "scenarios")
)


def sample_paths() -> dict[str, Path]:
    """Sample scenario files by stem (e.g. ``home_delivery_cloud``), sorted."""
    return {p.stem: p for p in sorted(SCENARIO_DIR.glob("*.json"))}


def sample_scenario(stem: str) -> Scenario:
    """Load one bundled sample scenario by its file stem."""
    paths = sample_paths()
    if stem not in paths:
        raise KeyError(f"no sample scenario {stem!r}; available: {', '.join(paths)}")
    return load_scenario(paths[stem])
