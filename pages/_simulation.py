"""Running the Monte Carlo for a page without ever doing finished work twice.

A run is asked for by a :class:`Request` (trial-years, seed, precision target, input sampling)
on a scenario. Finished strategies are kept in the shared store of :mod:`pages._runs`; a
strategy interrupted partway (the user moved a slider, pressed Cancel or left the page) leaves
its finished chunks in :func:`partials`, and the next request for the same run carries on
from there, to the very result an uninterrupted run gives.

Every run is bounded by its planned work (:mod:`estimators.engine.work`) and takes a slot. A run
that fits :data:`~estimators.engine.limits.QUICK_RUN_SECONDS` per strategy (a quick estimate,
sized by :func:`quick` to fit) takes one of the quick slots, so it never waits behind another
session's long run; anything longer takes one of the full slots and is refused beyond
:data:`~estimators.engine.limits.MAX_RUN_SECONDS` per strategy. A run stops at the next chunk
boundary when its script run is stopped or rerun, and within a few milliseconds of work when its
session ends or the server stops (:class:`~pages._run_slots.SessionToken`).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from estimators import Scenario, Strategy
from estimators.engine.digest import Digest, digest
from estimators.engine.limits import MAX_RUN_SECONDS, QUICK_RUN_SECONDS
from estimators.engine.simulation import (
    Checkpoint,
    SimulationCancelled,
    SimulationError,
    simulate,
)
from estimators.engine.work import quick_trials
from pages._lru import LRUCache
from pages._run_slots import SessionToken, interrupt_point, slot
from pages._runs import run_keys, runs

QUICK_TRIALS = 1_000
"""Trial-years per strategy of the estimate shown at once (about 0.1 s each), at most."""
MIN_QUICK_TRIALS = 100
"""Fewest trial-years of a quick estimate: a busy scenario's shrinks no further (it is refused
with the work it would take instead)."""

KEPT_PARTIAL = 3
"""Interrupted strategies kept (each holds its finished chunks: tens of MB for a long run)."""


@dataclass(frozen=True)
class Request:
    """A Monte Carlo run as the page asks for it."""

    trials: int
    seed: int
    precision: float | None = None
    uncertain: bool = False

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


def quick(scenario: Scenario, request: Request) -> Request:
    """The quick estimate of ``request`` (same seed and sampling): :data:`QUICK_TRIALS`
    trial-years per strategy at most, fewer (down to :data:`MIN_QUICK_TRIALS`) within
    :data:`~estimators.engine.limits.QUICK_RUN_SECONDS` of planned work; SimulationError when
    even the fewest are over it."""
    trials = quick_trials(scenario, min(request.trials, QUICK_TRIALS), request.seed,
                          request.uncertain, QUICK_RUN_SECONDS, MIN_QUICK_TRIALS)
    return Request(trials, request.seed, None, request.uncertain)


def _fits_quick(scenario: Scenario, request: Request) -> bool:
    """Whether ``request`` is its own quick estimate (then it takes a quick slot)."""
    try:
        return quick(scenario, request) == request
    except SimulationError:
        return False


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
        waiting: Callable[[int], None] | None = None) -> list[Digest]:
    """One digest per strategy: finished ones from the store, the rest simulated now (carried
    on from their checkpoints). ``progress`` gets (share of the whole run done, strategy,
    its trial-years done); ``waiting`` gets the runs queued ahead while a full run waits for a slot.

    A run that is its own quick estimate (:func:`quick`) takes a quick slot and is bounded by
    :data:`~estimators.engine.limits.QUICK_RUN_SECONDS` per strategy; any other takes a full
    slot and is refused, before it starts, beyond
    :data:`~estimators.engine.limits.MAX_RUN_SECONDS` per strategy (SimulationError).
    """
    keys = request.keys(scenario)
    store = runs()
    digests = {strategy: store.get(key) for strategy, key in keys.items()}
    missing = [strategy for strategy, found in digests.items() if found is None]
    if not missing:
        return [digests[s] for s in Strategy]
    quick_run = _fits_quick(scenario, request)
    token = SessionToken()
    try:
        with slot(quick_run, token, None if quick_run else waiting) as turn:
            _simulate_missing(scenario, request, keys, digests, missing, token,
                              QUICK_RUN_SECONDS if quick_run else MAX_RUN_SECONDS, progress, turn)
    except SimulationCancelled:
        st.stop()  # the session is gone or the server is stopping: nobody reads this run
    return [digests[s] for s in Strategy]


def _simulate_missing(scenario: Scenario, request: Request, keys: dict[Strategy, tuple],
                      digests: dict[Strategy, Digest | None], missing: list[Strategy],
                      token: SessionToken, max_seconds: float,
                      progress: Callable[[float, Strategy, int], None] | None,
                      turn: Callable[[], None] = lambda: None) -> None:
    """Simulate the ``missing`` strategies of the run into ``digests`` and the shared store,
    each carried on from its checkpoint and refused beyond ``max_seconds`` of planned work;
    ``turn`` is called after each pair of chunks but the last (the run's slot's turn)."""
    store, kept = runs(), partials()
    for strategy in missing:
        key = keys[strategy]
        started, resume = time.perf_counter(), kept.get(key)
        first = 0 if resume is None else resume.done

        def report(done: int, total: int, strategy: Strategy = strategy) -> None:
            interrupt_point()
            if progress is not None:
                finished_before = sum(digests[s] is not None for s in Strategy)
                progress((finished_before + done / total) / len(Strategy), strategy, done)
            if done < total or strategy is not missing[-1]:
                turn()

        result = simulate(scenario, strategy, request.trials, request.seed,
                          keep_incidents=False, target_precision=request.precision,
                          progress=report, uncertainty=request.uncertain, resume=resume,
                          checkpoint=lambda point, key=key: kept.put(key, point),
                          max_seconds=max_seconds, cancel=token)
        digests[strategy] = digest(scenario, result)
        store.put(key, digests[strategy])
        kept.pop(key)
        if result.trials > first:
            _pace().put((scenario.model_dump_json(), request.uncertain),
                        (time.perf_counter() - started) / (result.trials - first))
