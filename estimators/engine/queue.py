"""The in-house repair queue: ``c`` servers, first come first served or non-preemptive priority.

One queue per trial-year, all trials of a chunk at once: the recursion steps over the job index,
never over trials. It is the Kiefer-Wolfowitz workload recursion for ``c`` servers — a job starts
at max(ready, earliest server free time), moved to the next opening of the window when the
queue has a calendar — and the job then runs to completion on that server, past the window's end
if need be (docs/model.md §9, "The day queue").

The queue knows nothing of incidents: jobs are columns of numbers and a ``service`` function
turns them into service times, so it can be checked alone against M/M/c (Erlang C) and
Cobham's priority formulas (tests/engine/test_queue.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from estimators.calendars.coverage import (
    SLOT_HOURS,
    next_open_at,
    opening_table,
)
from estimators.engine.compiled import NO_WINDOW, compiled_order, compiled_serve
from estimators.engine.limits import SimulationCancelled
from estimators.scenario import Coverage

__all__ = ["PAD", "STOP_EVERY", "STOP_TRIALS", "Served", "Service", "job_order", "run_queue",
           "serve"]

STOP_EVERY = 64
"""Queue steps between two looks at the run's cancel token (a few milliseconds of work at most
for a chunk of one trial-year, under a second for the widest chunks)."""
STOP_TRIALS = 256
"""Trials the compiled recursion serves between two looks at the cancel token (about a
millisecond of work for a year of 300 jobs; a trial-year of a million jobs takes ~10 ms)."""

PAD = 1e15
"""Ready time of padding jobs, hours: past any real one (a backlog of a hundred billion years),
so it sorts last, is never waiting and is never read back. (Three years, as it was, could be
reached by a long backlog, and an emptied class's pad slot was then served as a job.)"""

Service = Callable[[Mapping[str, np.ndarray]], np.ndarray]
"""``service(jobs)``: service hours of every job from its columns (including ``u``, see
:func:`run_queue`). The servers are alike — a job's skill level is drawn with it, by FTE share
(docs/model.md §7) — so the hours do not depend on which server takes the job and are known
before the queue runs."""


@dataclass(frozen=True)
class Served:
    """When each job started and finished (hours from the start of the year) and on which
    server (0 … c−1); one entry per job, in the order the jobs were given."""

    start: np.ndarray
    finish: np.ndarray
    server: np.ndarray


def serve(ready: np.ndarray, hours: np.ndarray, classes: int, jobs: np.ndarray, n: int,
          servers: int, coverage: Coverage | None, stop: Callable[[], bool] | None = None,
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run one queue per trial over its jobs (the busiest trial's count of steps for all);
    non-preemptive, work-conserving.

    ``ready`` is a flat grid (class, position, trial) of ready times: per trial and class,
    sorted, padded with :data:`PAD` (one pad slot at least, so no pointer runs off the end);
    ``hours`` the service hours on the same grid. With one class this is first come, first
    served: each trial's next job is its next ready one. With several (priority by severity,
    class 0 first), the next job is the head of the highest class already waiting when the
    earliest server frees up, else the earliest arriving head. A job starts at max(ready,
    server free), moved to the next window opening when a ``coverage`` is given, and runs to
    completion on that server (the lowest-numbered of those free earliest).

    ``jobs`` are the real jobs of each trial. Returns flat grids of start, finish and server
    (the real jobs' slots; padding only follows a trial's real jobs, so its values never reach
    them). ``stop()`` is asked every :data:`STOP_EVERY` steps; when it answers True the
    recursion ends with :class:`SimulationCancelled` (a year of a million jobs is a million
    steps: the run's cancel token must not wait for them all).

    This is the numpy recursion; where numba is installed :func:`run_queue` runs the compiled
    one (:mod:`estimators.engine.compiled`), which gives the same numbers.
    """
    width = ready.size // (classes * n)
    steps = int(jobs.max(initial=0))
    opens = next_open_at(coverage)
    free = np.zeros((n, servers))
    flat_free = free.ravel()
    rows = np.arange(n)
    base = rows * servers
    start = np.empty(ready.size)
    finish = np.empty(ready.size)
    chosen = np.zeros(ready.size, dtype=np.intp)
    pointer = np.zeros((classes, n), dtype=np.intp)
    class_offset = (np.arange(classes) * width * n)[:, None]
    j = np.zeros(n, dtype=np.intp)
    slot = base
    for step in range(steps):
        if stop is not None and step % STOP_EVERY == 0 and stop():
            raise SimulationCancelled
        if servers > 1:
            j = free.argmin(axis=1)
            slot = base + j
        t_free = flat_free[slot]
        if classes == 1:
            job = slice(step * n, (step + 1) * n)  # contiguous: the trials' step-th jobs
        else:
            heads = class_offset + pointer * n + rows
            head_ready = ready[heads]
            waiting = head_ready <= opens(t_free)
            pick = np.where(waiting.any(axis=0), waiting.argmax(axis=0),
                            head_ready.argmin(axis=0))
            job = heads[pick, rows]
            # a trial out of real jobs serves its pad slot and stays there: moving on would
            # step into the next class's jobs (served already) and serve them again
            pointer[pick, rows] += ready[job] < PAD
        s = opens(np.maximum(ready[job], t_free))
        f = s + hours[job]
        flat_free[slot] = f
        start[job] = s
        finish[job] = f
        if servers > 1:
            chosen[job] = j
    return start, finish, chosen


def _serve_sorted(compiled: Callable, ready: np.ndarray, hours: np.ndarray,
                  counts: np.ndarray, classes: int, n: int, servers: int,
                  coverage: Coverage | None, stop: Callable[[], bool] | None,
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The compiled recursion over jobs in :func:`job_order` (``counts`` per trial and class),
    :data:`STOP_TRIALS` trials between two looks at ``stop()``; start, finish and server in
    that order."""
    table, period = ((NO_WINDOW, 1) if coverage is None or coverage.mode == "24x7"
                     else opening_table(coverage))
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    start, finish = np.empty(ready.size), np.empty(ready.size)
    chosen = np.empty(ready.size, dtype=np.intp)
    for first, last in _trial_blocks(n, stop):
        compiled(ready, hours, offsets, int(classes), int(servers), table, int(period),
                 SLOT_HOURS, first, last, start, finish, chosen)
    return start, finish, chosen


def _trial_blocks(n: int, stop: Callable[[], bool] | None) -> Iterator[tuple[int, int]]:
    """The compiled loops' blocks of :data:`STOP_TRIALS` trials (first, last + 1), asking
    ``stop()`` before each: True ends the run with :class:`SimulationCancelled`."""
    for first in range(0, n, STOP_TRIALS):
        if stop is not None and stop():
            raise SimulationCancelled
        yield first, min(first + STOP_TRIALS, n)


def _order_compiled(trial: np.ndarray, ready: np.ndarray, priority: np.ndarray | None,
                    tiebreak: np.ndarray | None, n: int, classes: int,
                    stop: Callable[[], bool] | None,
                    ) -> tuple[np.ndarray, np.ndarray] | None:
    """:func:`job_order` and the jobs per trial and class, sorted trial by trial by the
    compiled :func:`~estimators.engine.compiled._order_trials` (a few hundred jobs a sort
    instead of one sort of them all); None when it cannot: numba missing, the jobs not grouped
    by trial (the engine's are: incidents come by trial), or times that are not finite."""
    compiled = compiled_order()
    if compiled is None or not (np.all(trial[1:] >= trial[:-1]) and np.isfinite(ready).all()
                                and (tiebreak is None or np.isfinite(tiebreak).all())):
        return None
    offsets = np.zeros(n + 1, dtype=np.int64)
    offsets[1:] = np.cumsum(np.bincount(trial, minlength=n))
    cls = (np.zeros(ready.size, dtype=np.int64) if priority is None
           else priority.astype(np.int64))
    second = np.zeros(ready.size) if tiebreak is None else tiebreak.astype(float)
    span = 2.0 ** math.ceil(math.log2(float(ready.max()) + 2.0))
    order = np.empty(ready.size, dtype=np.intp)
    counts = np.empty(n * classes, dtype=np.int64)
    times = ready.astype(float, copy=False)
    for first, last in _trial_blocks(n, stop):
        compiled(times, cls, second, offsets, int(classes), span, first, last, order, counts)
    return order, counts


def job_order(group: np.ndarray, ready: np.ndarray, tiebreak: np.ndarray | None) -> np.ndarray:
    """The jobs' order by group, then ready time, then ``tiebreak`` (None: none), then given
    order — what ``np.lexsort((tiebreak, ready, group))`` gives, several times faster.

    One argsort of the ready times; the runs of equal times (as when a window opens on the
    night's backlog) put in their exact order by ``tiebreak`` and given order; then a stable sort
    by group, a radix sort of small integers that keeps that order within each group.
    """
    if not (np.isfinite(ready).all() and (tiebreak is None or np.isfinite(tiebreak).all())):
        return np.lexsort((ready, group) if tiebreak is None else (tiebreak, ready, group))
    order = np.argsort(ready)
    times = ready[order]
    tied = times[1:] == times[:-1]
    if tied.any():
        at, run = _runs(tied)
        jobs = order[at]
        if tiebreak is None:  # by run, then given order: an exact integer key
            order[at] = jobs[np.argsort(run * ready.size + jobs)]
        else:
            second = tiebreak[jobs]
            low = float(second.min())
            span = 2.0 ** math.ceil(math.log2(float(second.max()) - low + 2.0))
            key = run * span + (second - low)  # distinct keys are in their exact order
            inner = np.argsort(key)
            keys = key[inner]
            same = keys[1:] == keys[:-1]
            if same.any():  # times closer than the key's precision: exactly, by lexsort
                close = inner[_runs(same)[0]]
                inner[_runs(same)[0]] = close[np.lexsort((jobs[close], second[close],
                                                          run[close]))]
            order[at] = jobs[inner]
    groups = group[order]
    if groups.size and groups.max() < np.iinfo(np.int16).max:
        groups = groups.astype(np.int16)  # numpy's stable sort of 16-bit integers is a radix sort
    return order[np.argsort(groups, kind="stable")]


def _runs(tied: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Given ``tied[i]`` (item i + 1 equals item i, in sorted order): the positions of the items
    in runs of equal ones, and a run number (increasing) for each."""
    member = np.zeros(tied.size + 1, dtype=bool)
    member[1:] = tied
    member[:-1] |= tied
    starts = np.ones(tied.size + 1, dtype=bool)
    starts[1:] = ~tied
    at = np.flatnonzero(member)
    return at, np.cumsum(starts[at])


def run_queue(trial: np.ndarray, ready: np.ndarray, jobs: Mapping[str, np.ndarray], n: int,
              servers: int, coverage: Coverage | None, service: Service,
              rng: np.random.Generator, priority: np.ndarray | None = None,
              tiebreak: np.ndarray | None = None,
              stop: Callable[[], bool] | None = None) -> Served:
    """Serve jobs in ``n`` independent queues of ``servers`` servers each.

    Args:
        trial: each job's queue (trial-year of the chunk), 0 … n−1.
        ready: when each job may start, hours from the start of the year (≥ 0).
        jobs: per-job columns that ``service`` reads (e.g. repair hours), same length.
        coverage: the servers' window (a job starts only inside it), or None for 24x7.
        service: service hours of the jobs, see :data:`Service`.
        rng: draws ``u``, one uniform per job in the given order, before any job is served;
            ``service`` sees it as the column ``u`` (the escalation decision).
        priority: each job's class (0 is served first), or None for first come, first served.
        tiebreak: orders jobs ready at the same time (e.g. their detection times, so a window
            opening on a backlog serves it in detection order); None keeps the given order.
        stop: the run's cancel check, see :func:`serve`.

    The jobs are ordered by trial, class and ready time (:func:`job_order`) and served by the
    compiled recursion, or, when numba is not installed, laid out on the (class, position,
    trial) grid of :func:`serve`; with no jobs nothing is drawn.
    """
    size = ready.size
    if size == 0:
        empty = np.empty(0)
        return Served(empty, empty, np.empty(0, dtype=int))
    if priority is None:
        classes, group = 1, trial
    else:
        classes = int(priority.max()) + 1
        group = trial * classes + priority
    u = rng.random(size)
    hours = service({**jobs, "u": u})
    start, finish, server = np.empty(size), np.empty(size), np.empty(size, dtype=int)
    compiled = compiled_serve()
    ordered = None if compiled is None else _order_compiled(trial, ready, priority, tiebreak,
                                                             n, classes, stop)
    if ordered is not None:
        order, counts = ordered
    else:
        order = job_order(group, ready, tiebreak)
        counts = np.bincount(group, minlength=n * classes)
    if compiled is not None:  # in sorted order: each trial's jobs side by side
        s, f, chosen = _serve_sorted(
            compiled, ready[order].astype(float, copy=False),
            hours[order].astype(float, copy=False), counts, classes,
            n, servers, coverage, stop)
        start[order], finish[order], server[order] = s, f, chosen
        return Served(start, finish, server)

    g_sorted = group[order]
    width = int(counts.max()) + (classes > 1)
    position = np.arange(size) - (np.cumsum(counts) - counts)[g_sorted]
    t_sorted, c_sorted = (g_sorted, 0) if classes == 1 else np.divmod(g_sorted, classes)
    cell = (c_sorted * width + position) * n + t_sorted
    slots = classes * width * n

    def grid(values: np.ndarray, fill: float) -> np.ndarray:
        out = np.full(slots, fill)
        out[cell] = values[order]
        return out

    s, f, chosen = serve(grid(ready, PAD), grid(hours, 0.0), classes,
                         np.bincount(trial, minlength=n), n, servers, coverage, stop)
    start[order] = s[cell]
    finish[order] = f[cell]
    server[order] = chosen[cell]
    return Served(start, finish, server)
