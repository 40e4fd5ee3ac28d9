"""The queue recursion of :func:`estimators.engine.queue.serve`, compiled with numba.

The numpy recursion steps over the job index for all trials at once, so each of its ~300 steps
a year pays a dozen numpy calls; compiled, the same recursion runs trial by trial at a few
nanoseconds per job. It gives the very numbers of the numpy path (same grid, same order of
operations, same tie rules: the lowest-numbered of the servers free earliest; the first class
waiting, else the first of the earliest heads), which stays for platforms without numba and is
checked against this one (tests/engine/test_queue.py). It reads the jobs in their sorted order,
each trial's side by side, where the numpy path needs them on a (class, position, trial) grid.

numba is imported on first use (it adds about 0.2 s to a process's start); the compiled code is
cached on disk, so only a machine's first run pays the compilation (about 2 s).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache

import numpy as np

__all__ = ["PURE_NUMPY", "compiled_serve"]

PURE_NUMPY = os.environ.get("HOSHU_PURE_NUMPY", "") not in ("", "0")
"""Set the environment variable ``HOSHU_PURE_NUMPY=1`` to run the numpy recursion even where
numba is installed (a check, or a platform where numba misbehaves)."""


@cache
def compiled_serve() -> Callable | None:
    """The compiled recursion (see :func:`_serve_trials`), or None without numba."""
    if PURE_NUMPY:
        return None
    try:
        import numba
    except ImportError:
        return None
    return numba.njit(cache=True, nogil=True)(_serve_trials)


def _serve_trials(ready: np.ndarray, hours: np.ndarray, offsets: np.ndarray, classes: int,
                  servers: int, table: np.ndarray, period: int, slot_hours: float, first: int,
                  last: int, start: np.ndarray, finish: np.ndarray, chosen: np.ndarray) -> None:
    """Serve trials ``first`` … ``last − 1`` in place.

    Jobs come in :func:`estimators.engine.queue.job_order`: class ``c`` of trial ``t`` is
    ``offsets[t·classes + c]`` … ``offsets[t·classes + c + 1] − 1``, by ready time;
    ``ready``/``hours`` are their ready times and service hours. ``table`` is the window's
    hours from each slot's start to its next opening and ``period`` its slots a year
    (:func:`estimators.calendars.coverage.opening_table`); an empty table means no window
    (24x7). Fills ``start``, ``finish`` and ``chosen`` (the server, 0 … servers − 1).
    """
    free = np.empty(servers)
    pointer = np.empty(classes, dtype=np.int64)
    windowed = table.size > 0
    per_slot = 1.0 / slot_hours
    for t in range(first, last):
        free[:] = 0.0
        for c in range(classes):
            pointer[c] = offsets[t * classes + c]
        for _ in range(offsets[(t + 1) * classes] - offsets[t * classes]):
            j = 0
            for k in range(1, servers):
                if free[k] < free[j]:
                    j = k
            t_free = free[j]
            if classes == 1:
                job = pointer[0]
                pointer[0] += 1
            else:
                available = t_free
                if windowed:
                    slot = np.int64(t_free * per_slot)
                    wait = table[slot] if slot < table.size else table[slot % period]
                    available = max(t_free, slot * slot_hours + wait)
                pick = -1
                earliest = -1
                first_ready = np.inf
                for c in range(classes):
                    if pointer[c] == offsets[t * classes + c + 1]:
                        continue  # this class has no job left in the trial
                    head = ready[pointer[c]]
                    if pick < 0 and head <= available:
                        pick = c
                    if head < first_ready:
                        earliest, first_ready = c, head
                if pick < 0:
                    pick = earliest
                job = pointer[pick]
                pointer[pick] += 1
            s = max(ready[job], t_free)
            if windowed:
                slot = np.int64(s * per_slot)
                wait = table[slot] if slot < table.size else table[slot % period]
                s = max(s, slot * slot_hours + wait)
            f = s + hours[job]
            free[j] = f
            start[job] = s
            finish[job] = f
            chosen[job] = j
