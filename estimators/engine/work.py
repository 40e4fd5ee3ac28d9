"""Planned work of a Monte Carlo run: the core-seconds it will take, known before it starts.

Like the memory plan (:func:`estimators.engine.limits.planned_memory`), the work plan lets a run
be refused before it draws anything (docs/model.md §13, "Planned work"). A run costs

* its incidents, each going through the vectorised stages (arrivals, response, the queues'
  grids, tally, the time-to-restore samples): :data:`INCIDENT_SECONDS` each;
* its per-trial outputs (cost lines, systems, severities, sampled inputs):
  :data:`VALUE_SECONDS` per value per trial-year;
* its chunks: :data:`CHUNK_SECONDS` each (every stage's fixed cost);
* its key-person stage (docs/model.md §7b): :data:`PERSON_SECONDS` per person of the team and
  trial-year (a day grid per person, longer when sole-expert incidents may wait past the year);
* the in-house queues' layout, a sort of their jobs by trial, class and ready time:
  :data:`JOB_SECONDS` per job;
* the in-house queues' recursion. Compiled (numba installed, :mod:`estimators.engine.compiled`)
  it costs :data:`COMPILED_JOB_SECONDS` per job. In numpy it steps over the job index in
  Python: one step per job of the chunk's busiest trial-year, each costing
  :data:`STEP_SECONDS` plus :data:`LANE_SECONDS` per trial-year of the chunk plus
  :data:`SERVER_SECONDS` per trial-year and engineer (the earliest free engineer). Either way,
  times :data:`PRIORITY_FACTOR` when jobs are served by severity and :data:`WINDOW_FACTOR` when
  the team works inside a window.

In numpy the queue dominates for a year with many in-house jobs: the chunk then holds a single
trial-year (:data:`~estimators.engine.limits.CHUNK_INCIDENTS`), so every incident is one
Python-level step (≈ 20 µs) rather than a share of a vectorised one (≈ 0.3 µs); compiled, it
is a few tens of nanoseconds.

Calibration (``python benchmarks/work.py``): the reference is the process CPU time of
``simulate`` (all its threads) on a core of the 2-core development machine (x86-64, numpy 2,
Python 3.11). The constants are non-negative least-squares fits of that time on the benchmark's
cases (relative error), rounded and checked against the queue measured alone; measured /
planned was 0.60-1.36 over the sample scenarios, the heavy benchmark case and the attack
scenario of issue 17 (the benchmark prints the ratios: rerun it after changing the engine).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from estimators.calendars.coverage import coverage_stats
from estimators.calendars.queue_wait import queue_jobs
from estimators.engine.compiled import compiled_serve
from estimators.engine.inputs import StrategyInputs
from estimators.engine.people import grid_days
from estimators.text import Text

__all__ = [
    "CHUNK_SECONDS", "COMPILED_JOB_SECONDS", "INCIDENT_SECONDS", "JOB_SECONDS", "LANE_SECONDS",
    "PERSON_SECONDS", "PRIORITY_FACTOR",
    "SERVER_SECONDS", "STEP_SECONDS", "VALUE_SECONDS", "WINDOW_FACTOR", "Work", "busiest_steps",
    "duration", "planned_work", "quick_trials",
]

INCIDENT_SECONDS = 4.5e-7
"""Core-seconds per incident in the vectorised stages (fitted: 0.40 µs)."""
VALUE_SECONDS = 1.5e-7
"""Core-seconds per per-trial output value and trial-year (the tally's bincounts, the
percentiles; fitted: 0.17 µs)."""
CHUNK_SECONDS = 1.0e-3
"""Core-seconds per chunk whatever its size (each stage's fixed cost; too small to fit)."""
PERSON_SECONDS = 3.0e-6
"""Core-seconds per person and trial-year in the key-person stage, for a 365-day grid (measured:
2.9 µs, a three-person team, 2,500 trial-years a chunk)."""
JOB_SECONDS = 5.0e-7
"""Core-seconds per in-house queue job for laying out the queue (a three-key sort; fitted:
0.47 µs, and 0.6 µs measured alone for a million jobs)."""
STEP_SECONDS = 1.8e-5
"""Core-seconds per queue step, whatever the chunk's size (Python and numpy call overhead;
measured 17 µs first come, first served, around the clock, one trial-year a chunk)."""
LANE_SECONDS = 5.0e-8
"""Core-seconds per queue step and trial-year of the chunk (measured 50-80 ns alone)."""
SERVER_SECONDS = 2.0e-9
"""Core-seconds per queue step, trial-year and engineer on duty (the search for the earliest
free engineer; measured 1.3-1.4 ns alone, fitted 2.3 ns)."""
COMPILED_JOB_SECONDS = 3.0e-8
"""Core-seconds per queue job in the compiled recursion (measured 6-8 ns alone on a quiet
machine, first come first served, three engineers; the margin covers a busy one)."""
PRIORITY_FACTOR = 2.5
"""Queue steps cost this many times more when jobs are served by severity (the heads of every
class are compared; measured 2.1x for a year of 100,000 jobs, 3-6x alone)."""
WINDOW_FACTOR = 2.0
"""Queue steps cost this many times more when the team works inside a window (each start is
moved to the window's next opening; measured 1.5-5x alone)."""


@dataclass(frozen=True)
class Work:
    """What a run will do and the core-seconds it takes on the reference core.

    Attributes:
        incidents: expected incidents over the whole run.
        steps: queue steps over the whole run (both in-house queues).
        seconds: planned core-seconds (CPU time of all the run's threads together).
    """

    incidents: float
    steps: float
    seconds: float


def busiest_steps(jobs: np.ndarray, sizes: list[int], firsts: list[int]) -> np.ndarray:
    """Steps of one queue in each chunk: about the most jobs any of its trial-years has.

    ``jobs`` holds the expected jobs a year of each trial-year (one value for all when the rates
    do not vary). The busiest of ``n`` Poisson counts of mean λ is taken as
    λ + √(2 λ ln n) + ln(n) / 2, a slight overestimate of its expectation (the normal tail bound
    plus a margin for small means).
    """
    if jobs.size == 1:
        peak = np.full(len(sizes), float(jobs[0]))
    else:
        peak = np.maximum.reduceat(jobs, np.asarray(firsts, dtype=np.intp))
    logs = np.log(np.asarray(sizes, dtype=float))
    return np.where(peak > 0, peak + np.sqrt(2.0 * peak * logs) + logs / 2.0, 0.0)


def planned_work(inp: StrategyInputs, rates: np.ndarray, sizes: list[int], firsts: list[int],
                 values: int) -> Work:
    """The work of a run cut into chunks of ``sizes`` trial-years (first trials ``firsts``).

    ``rates`` are the incident rates a year by system and severity, (S, V), or one set per
    trial-year, (trials, S, V), when they vary; ``values`` is the number of per-trial outputs.
    """
    trials = sum(sizes)
    per_trial = rates.sum(axis=(-2, -1)).reshape(-1)
    incidents = float(per_trial.mean()) * trials
    seconds = (incidents * INCIDENT_SECONDS + values * trials * VALUE_SECONDS
               + len(sizes) * CHUNK_SECONDS)
    if inp.people is not None:
        days = grid_days(inp.people, waits=not inp.people.to_vendor)
        seconds += inp.people.total * trials * PERSON_SECONDS * days / 365.0
    steps = 0.0
    compiled = compiled_serve() is not None
    if inp.rec_in.any():
        off = coverage_stats(inp.team_coverage).off_share
        day, call = queue_jobs(rates, inp.rec_in, inp.paged, off)
        lanes = np.asarray(sizes, dtype=float)
        priority = PRIORITY_FACTOR if inp.by_severity else 1.0
        window = 1.0 if inp.team_coverage.mode == "24x7" else WINDOW_FACTOR
        for jobs, servers, factor in ((day, inp.servers, priority * window),
                                      (call, 1, priority)):
            per_trial_jobs = jobs.sum(axis=(-2, -1)).reshape(-1)
            all_jobs = float(per_trial_jobs.mean()) * trials
            seconds += all_jobs * JOB_SECONDS
            chunk_steps = busiest_steps(per_trial_jobs, sizes, firsts)
            steps += float(chunk_steps.sum())
            if compiled:
                seconds += factor * all_jobs * COMPILED_JOB_SECONDS
            else:
                per_step = STEP_SECONDS + lanes * (LANE_SECONDS + servers * SERVER_SECONDS)
                seconds += factor * float((chunk_steps * per_step).sum())
    return Work(incidents, steps, seconds)


def duration(seconds: float) -> Text:
    """``seconds`` in words: "40 s", "25 min" or "4.7 h" (translatable)."""
    if seconds < 90:
        return Text("{n} s", n=f"{max(seconds, 0.1):,.{0 if seconds >= 10 else 1}f}")
    if seconds < 90 * 60:
        return Text("{n} min", n=f"{seconds / 60:,.0f}")
    return Text("{n} h", n=f"{seconds / 3600:,.1f}")


def quick_trials(scenario, trials: int, seed: int | None, uncertain: bool, budget: float,
                 floor: int) -> int:
    """Trial-years per strategy for a quick estimate: ``trials`` at most, fewer (down to
    ``floor``) when the slowest strategy's planned work is over ``budget`` core-seconds.

    Raises the engine's SimulationError (the work it would take, the limit) when even
    ``floor`` trial-years are over it.
    """
    from estimators.engine.simulation import planned_run
    from estimators.scenario.strategies import Strategy

    floor = min(trials, floor)
    while True:
        seconds, slowest = max((planned_run(scenario, s, trials, seed,
                                            uncertainty=uncertain).seconds, s)
                               for s in Strategy)
        if seconds <= budget:
            return trials
        if trials == floor:  # the engine's own refusal, with its figures
            planned_run(scenario, slowest, trials, seed, uncertainty=uncertain,
                        max_seconds=budget)
        trials = max(floor, int(trials * 0.9 * budget / seconds))
