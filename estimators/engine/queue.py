"""The in-house repair queue: ``c`` servers, first come first served or non-preemptive priority.

One queue per trial-year, all trials of a chunk at once: the recursion steps over the job index,
never over trials. It is the Kiefer-Wolfowitz workload recursion for ``c`` servers — a job starts
at max(ready, earliest server free time), moved to the next opening of the window when the
queue has a calendar — and the job then runs to completion on that server, past the window's end
if need be (docs/model.md §9, "The day queue").

The queue knows nothing of incidents: jobs are columns of numbers and a ``service`` function
turns a chosen server and job into a service time, so it can be checked alone against M/M/c
(Erlang C) and Cobham's priority formulas (tests/engine/test_queue.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from estimators.calendars.coverage import HOURS_PER_YEAR, open_and_next
from estimators.engine.limits import SimulationCancelled
from estimators.scenario import Coverage

__all__ = ["PAD", "STOP_EVERY", "Served", "Service", "run_queue", "serve"]

STOP_EVERY = 64
"""Queue steps between two looks at the run's cancel token (a few milliseconds of work at most
for a chunk of one trial-year, under a second for the widest chunks)."""

PAD = 3.0 * HOURS_PER_YEAR
"""Ready time of padding jobs, hours: past any real one (a stable queue clears within the year's
horizon), so it sorts last and is never read back."""

Service = Callable[[np.ndarray, Mapping[str, np.ndarray]], np.ndarray]
"""``service(server, job)``: service hours of the chosen jobs, given the server each one gets
(an index in 0 … c−1, one per trial) and the jobs' columns (including ``u``, see
:func:`run_queue`)."""


@dataclass(frozen=True)
class Served:
    """When each job started and finished (hours from the start of the year) and on which
    server (0 … c−1); one entry per job, in the order the jobs were given."""

    start: np.ndarray
    finish: np.ndarray
    server: np.ndarray


def serve(ready: np.ndarray, classes: int, steps: int, n: int,
          work: Callable[[np.ndarray, np.ndarray | slice], np.ndarray], servers: int,
          coverage: Coverage | None, stop: Callable[[], bool] | None = None,
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run one queue per trial over ``steps`` job starts; non-preemptive, work-conserving.

    ``ready`` is a flat grid (class, position, trial) of ready times: per trial and class,
    sorted, padded with :data:`PAD` (one pad slot at least, so no pointer runs off the end).
    With one class this is first come, first served: each trial's next job is its next ready
    one. With several (priority by severity, class 0 first), the next job is the head of the
    highest class already waiting when the earliest server frees up, else the earliest arriving
    head. A job starts at max(ready, server free), moved to the next window opening when a
    ``coverage`` is given, and runs to completion on that server.

    ``work(server, job)`` gives the service times of the chosen jobs (flat grid indices).
    Returns flat grids of start, finish and server. Padding only follows a trial's real jobs,
    so its values never reach them. ``stop()`` is asked every :data:`STOP_EVERY` steps; when it
    answers True the recursion ends with :class:`SimulationCancelled` (a year of a million jobs
    is a million steps: the run's cancel token must not wait for them all).
    """
    width = ready.size // (classes * n)
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
            t_avail = t_free if coverage is None else open_and_next(coverage, t_free)[1]
            waiting = head_ready <= t_avail
            pick = np.where(waiting.any(axis=0), waiting.argmax(axis=0),
                            head_ready.argmin(axis=0))
            job = heads[pick, rows]
            pointer[pick, rows] += 1
        s = np.maximum(ready[job], t_free)
        if coverage is not None:
            s = open_and_next(coverage, s)[1]
        f = s + work(j, job)
        flat_free[slot] = f
        start[job] = s
        finish[job] = f
        chosen[job] = j
    return start, finish, chosen


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
        service: service hours of the chosen jobs, see :data:`Service`.
        rng: draws ``u``, one uniform per grid slot (padding included), before any job is
            served; ``service`` sees it as the column ``u`` (the escalation decision).
        priority: each job's class (0 is served first), or None for first come, first served.
        tiebreak: orders jobs ready at the same time (e.g. their detection times, so a window
            opening on a backlog serves it in detection order); None keeps the given order.
        stop: the run's cancel check, see :func:`serve`.

    The jobs are laid out as a (class, position by ready time, trial) grid and served with
    :func:`serve`; with no jobs nothing is drawn.
    """
    size = ready.size
    if size == 0:
        empty = np.empty(0)
        return Served(empty, empty, np.empty(0, dtype=int))
    cls = np.zeros(size, dtype=np.intp) if priority is None else priority.astype(np.intp)
    classes = int(cls.max()) + 1
    group = trial * classes + cls
    order = np.lexsort((np.arange(size) if tiebreak is None else tiebreak, ready, group))
    g_sorted = group[order]
    counts = np.bincount(g_sorted, minlength=n * classes)
    width = int(counts.max()) + (classes > 1)
    position = np.arange(size) - (np.cumsum(counts) - counts)[g_sorted]
    t_sorted, c_sorted = np.divmod(g_sorted, classes)
    cell = (c_sorted * width + position) * n + t_sorted
    steps = int(np.bincount(trial, minlength=n).max())

    def grid(values: np.ndarray, fill: float) -> np.ndarray:
        out = np.full(classes * width * n, fill, dtype=values.dtype)
        out[cell] = values[order]
        return out

    cols = {name: grid(a, 0) for name, a in jobs.items()}
    cols["u"] = rng.random(classes * width * n)

    def work(j: np.ndarray, job: np.ndarray | slice) -> np.ndarray:
        return service(j, {name: a[job] for name, a in cols.items()})

    s, f, chosen = serve(grid(ready, PAD), classes, steps, n, work, servers, coverage, stop)
    start, finish, server = np.empty(size), np.empty(size), np.empty(size, dtype=int)
    start[order] = s[cell]
    finish[order] = f[cell]
    server[order] = chosen[cell]
    return Served(start, finish, server)
