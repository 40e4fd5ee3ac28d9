"""Finished Monte Carlo runs, shared by the sessions of this server and by the pages: the
Downtime page stores them, the Cost comparison page shows the latest beside its expected costs."""

from __future__ import annotations

import streamlit as st

from estimators import Scenario, Strategy
from estimators.engine.digest import Digest
from pages._lru import LRUCache

KEPT_RUNS = 64
"""Runs kept (each strategy's digest is about 15 kB): twenty sessions at once each keep their
quick estimate and their full run without evicting one another's (16 did, under the load
benchmark: results recomputed, full runs offered again)."""


@st.cache_resource
def runs() -> LRUCache[Digest]:
    """Digests of finished simulations: one per scenario, strategy, trials, seed, precision and
    input sampling, the last ``KEPT_RUNS`` runs of all three strategies."""
    return LRUCache(KEPT_RUNS * len(Strategy))


def run_keys(scenario: Scenario, trials: int, seed: int, precision: float | None,
             uncertain: bool) -> dict[Strategy, tuple]:
    scenario_json = scenario.model_dump_json()
    return {s: (scenario_json, s.value, trials, seed, precision, uncertain) for s in Strategy}


def latest_run(scenario: Scenario) -> list[Digest] | None:
    """The most recent finished run of all three strategies for exactly this scenario (with its
    inputs as given, not sampled), or None when it was never simulated here."""
    scenario_json = scenario.model_dump_json()
    store = runs()
    for key in reversed(store.keys()):
        if key[0] != scenario_json or key[5]:
            continue
        keys = {s: (scenario_json, s.value, *key[2:]) for s in Strategy}
        found = [store.get(k) for k in keys.values()]
        if all(d is not None for d in found):
            return found
    return None
