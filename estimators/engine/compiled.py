"""The queue recursion of :func:`estimators.engine.queue.serve`, compiled with numba.

The numpy recursion steps over the job index for all trials at once, so each of its ~300 steps
a year pays a dozen numpy calls; compiled, the same recursion runs trial by trial at a few
nanoseconds per job. It gives the very numbers of the numpy path (same jobs, same order of
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

__all__ = ["NO_WINDOW", "PURE_NUMPY", "compiled_order", "compiled_serve"]

PURE_NUMPY = os.environ.get("HOSHU_PURE_NUMPY", "") not in ("", "0")
"""Set the environment variable ``HOSHU_PURE_NUMPY=1`` to run the numpy recursion even where
numba is installed (a check, or a platform where numba misbehaves)."""


NO_WINDOW = np.empty(0)
"""The table of a queue with no window (24x7), read-only like a window's table: the compiled
recursion then has one signature for both (one compilation, one cache entry)."""
NO_WINDOW.flags.writeable = False


@cache
def compiled_serve() -> Callable | None:
    """The compiled recursion (see :func:`_serve_trials`), compiled (or loaded from numba's
    cache) and tried once on a one-job queue; None without numba, or where it cannot compile.
    Where the on-disk cache cannot be written (a read-only install and home), it compiles
    without caching."""
    one = np.zeros(1)
    return _compiled(_serve_trials, (one, np.ones(1), np.array([0, 1], dtype=np.int64), 1, 1,
                                     NO_WINDOW, 1, 0.25, 0, 1, np.empty(1), np.empty(1),
                                     np.empty(1, dtype=np.intp)))


@cache
def compiled_order() -> Callable | None:
    """The compiled per-trial ordering (see :func:`_order_trials`), like
    :func:`compiled_serve`; None without numba."""
    one = np.zeros(1)
    return _compiled(_order_trials, (one, np.zeros(1, dtype=np.int64), one,
                                     np.array([0, 1], dtype=np.int64), 1, 2.0, 0, 1,
                                     np.empty(1, dtype=np.intp), np.empty(1, dtype=np.int64)))


def _compiled(fn: Callable, trial_args: tuple) -> Callable | None:
    """``fn`` compiled with numba (cached on disk where it can be), after one trial call."""
    if PURE_NUMPY:
        return None
    try:
        import numba
    except ImportError:
        return None
    try:
        try:
            compiled = numba.njit(cache=True, nogil=True)(fn)
        except (RuntimeError, OSError):  # "cannot cache function ...: no locator available"
            compiled = numba.njit(cache=False, nogil=True)(fn)
        compiled(*trial_args)
    except Exception:  # noqa: BLE001 - any failure to compile: the numpy path serves
        return None
    return compiled


def _order_trials(ready: np.ndarray, cls: np.ndarray, tiebreak: np.ndarray,
                  offsets: np.ndarray, classes: int, span: float, first: int, last: int,
                  order: np.ndarray, counts: np.ndarray) -> None:
    """Order the jobs of trials ``first`` … ``last − 1`` in place: trial ``t``'s jobs are
    ``offsets[t]`` … ``offsets[t + 1] − 1`` (the given order groups them by trial), and
    ``order`` gets them by class, ready time, ``tiebreak`` and given order — the order of
    :func:`estimators.engine.queue.job_order` — with ``counts[t · classes + c]`` the jobs of
    each class. One argsort per trial of ``class · span + ready`` (``span`` above every ready
    time), then each run of equal keys by insertion in its exact order."""
    for t in range(first, last):
        a, b = offsets[t], offsets[t + 1]
        for c in range(classes):
            counts[t * classes + c] = 0
        if b == a:
            continue
        key = cls[a:b] * span + ready[a:b]
        local = np.argsort(key)
        i = 0
        m = b - a
        while i < m:
            j = i + 1
            while j < m and key[local[j]] == key[local[i]]:
                j += 1
            for x in range(i + 1, j):  # insertion sort of the run by the exact tuple
                y = x
                while y > i:
                    p, q = a + local[y - 1], a + local[y]
                    if (cls[p], ready[p], tiebreak[p], p) <= (cls[q], ready[q], tiebreak[q], q):
                        break
                    local[y - 1], local[y] = local[y], local[y - 1]
                    y -= 1
            i = j
        for k in range(m):
            job = a + local[k]
            order[a + k] = job
            counts[t * classes + cls[job]] += 1


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
    assert servers >= 1 and classes >= 1 and last <= offsets.size // classes
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
