"""Running the Monte Carlo for a page without ever doing finished work twice.

A run is asked for by a :class:`Request` (trial-years, seed, precision target, input sampling)
on a scenario. Finished strategies are kept in the shared store of :mod:`pages._runs`; a
strategy interrupted partway (the user moved a slider, pressed Cancel or left the page) leaves
its finished chunks in :func:`partials`, and the next request for the same run carries on
from there, to the very result an uninterrupted run gives.

Full runs take one of the server's simulation slots (one per core pair); a quick estimate never
waits for one.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import streamlit as st

from estimators import Scenario, Strategy
from estimators.engine.digest import Digest, digest
from estimators.engine.simulation import Checkpoint, simulate
from pages._lru import LRUCache
from pages._runs import run_keys, runs

QUICK_TRIALS = 1_000
"""Trial-years per strategy of the estimate shown at once (about 0.1 s each)."""

KEPT_PARTIAL = 3
"""Interrupted strategies kept (each holds its finished chunks: tens of MB for a long run)."""


@dataclass(frozen=True)
class Request:
    """A Monte Carlo run as the page asks for it."""

    trials: int
    seed: int
    precision: float | None = None
    uncertain: bool = False

    @property
    def quick(self) -> Request:
        """The quick estimate of this request (same seed and sampling)."""
        return Request(min(self.trials, QUICK_TRIALS), self.seed, None, self.uncertain)

    def keys(self, scenario: Scenario) -> dict[Strategy, tuple]:
        return run_keys(scenario, self.trials, self.seed, self.precision, self.uncertain)

    def token(self, scenario: Scenario) -> str:
        """A short fingerprint of this run of ``scenario`` (which run a session asked for)."""
        text = repr((scenario.model_dump_json(), self.trials, self.seed, self.precision,
                     self.uncertain))
        return hashlib.sha1(text.encode()).hexdigest()[:16]


@st.cache_resource
def partials() -> LRUCache[Checkpoint]:
    """Checkpoints of interrupted strategies, by the key their finished run would have."""
    return LRUCache(KEPT_PARTIAL)


@st.cache_resource
def _pace() -> LRUCache[float]:
    """Seconds per trial-year last measured for a scenario (all three strategies)."""
    return LRUCache(64)


@st.cache_resource
def _slots() -> threading.BoundedSemaphore:
    """Simulations running at once on this server, all sessions together: one per core pair
    (each run already uses two threads). More would only share the cores and add up memory."""
    return threading.BoundedSemaphore(max(1, (os.cpu_count() or 2) // 2))


@contextmanager
def _slot(trials: int, waiting: Callable[[], None] | None = None):
    """Hold one of the server's simulation slots (a quick estimate never waits for one)."""
    if trials <= QUICK_TRIALS:
        yield
        return
    slots = _slots()
    if not slots.acquire(blocking=False):
        if waiting is not None:
            waiting()
        slots.acquire()
    try:
        yield
    finally:
        slots.release()


def finished(scenario: Scenario, request: Request) -> list[Digest] | None:
    """The run's digests, one per strategy, when all three are finished; else None."""
    store = runs()
    found = [store.get(key) for key in request.keys(scenario).values()]
    return found if all(d is not None for d in found) else None


def share_done(scenario: Scenario, request: Request) -> float:
    """How much of the run is already done (0-1): finished strategies and kept chunks."""
    done = 0.0
    for key in request.keys(scenario).values():
        if key in runs():
            done += 1.0
        elif (point := partials().get(key)) is not None:
            done += point.done / request.trials
    return done / len(Strategy)


def estimated_seconds(scenario: Scenario, request: Request) -> float | None:
    """About how long what is left of the run takes, from the last measured pace."""
    pace = _pace().get((scenario.model_dump_json(), request.uncertain))
    if pace is None:
        return None
    return pace * len(Strategy) * request.trials * (1.0 - share_done(scenario, request))


def run(scenario: Scenario, request: Request,
        progress: Callable[[float, Strategy, int], None] | None = None,
        waiting: Callable[[], None] | None = None) -> list[Digest]:
    """One digest per strategy: finished ones from the store, the rest simulated now (carried
    on from their checkpoints). ``progress`` gets (share of the whole run done, strategy,
    its trial-years done); ``waiting`` is called when another run holds the server's slot."""
    keys = request.keys(scenario)
    store = runs()
    digests = {strategy: store.get(key) for strategy, key in keys.items()}
    missing = [strategy for strategy, found in digests.items() if found is None]
    if not missing:
        return [digests[s] for s in Strategy]
    kept = partials()
    with _slot(request.trials, waiting):
        for strategy in missing:
            key = keys[strategy]
            started, resume = time.perf_counter(), kept.get(key)
            first = 0 if resume is None else resume.done

            def report(done: int, total: int, strategy: Strategy = strategy) -> None:
                if progress is not None:
                    finished_before = sum(digests[s] is not None for s in Strategy)
                    progress((finished_before + done / total) / len(Strategy), strategy, done)

            result = simulate(scenario, strategy, request.trials, request.seed,
                              keep_incidents=False, target_precision=request.precision,
                              progress=report, uncertainty=request.uncertain, resume=resume,
                              checkpoint=lambda point, key=key: kept.put(key, point))
            digests[strategy] = digest(scenario, result)
            store.put(key, digests[strategy])
            kept.pop(key)
            if result.trials > first:
                _pace().put((scenario.model_dump_json(), request.uncertain),
                            (time.perf_counter() - started) / (result.trials - first))
    return [digests[s] for s in Strategy]
