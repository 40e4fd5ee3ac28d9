"""How large a Monte Carlo run may be: caps on trials and incidents, its memory plan and its
budgets of work (seconds of computing, planned by :mod:`estimators.engine.work`).

A run is refused before it starts rather than part-way through (docs/model.md §13, "Chunking and
memory"): these constants and :func:`planned_memory` say what it will hold at its peak, and
:func:`memory_limit` what this machine allows. The decisions themselves (keep the incident
table? keep times exactly? how many trials a chunk?) are taken by
:func:`estimators.engine.simulation.simulate`, which reads these values.
"""

from __future__ import annotations

import os

__all__ = [
    "CHUNK_INCIDENTS", "CHUNK_TRIALS", "INCIDENT_BYTES", "MAX_EXACT_INCIDENTS",
    "MAX_INCIDENTS_PER_TRIAL", "MAX_KEPT_INCIDENTS", "MAX_RUN_SECONDS", "MAX_TRIALS",
    "QUICK_RUN_SECONDS", "SAMPLE_BYTES", "TABLE_BYTES", "WORKERS", "SimulationCancelled",
    "SimulationError", "WorkLimitError", "memory_limit", "planned_memory",
]

MAX_TRIALS = 1_000_000
"""Largest number of trial-years one run may ask for."""
MAX_KEPT_INCIDENTS = 5_000_000
"""Per-incident tables beyond this many rows are not kept (summaries still are)."""
MAX_EXACT_INCIDENTS = 20_000_000
"""Beyond this many incidents, times to restore and waits are binned rather than kept."""
CHUNK_TRIALS = 2_500
"""Trial-years per chunk at most (the default of ``simulate(chunk_trials=...)``)."""
CHUNK_INCIDENTS = 1_000_000
"""Incidents per chunk at most: a scenario with many incidents a year runs in smaller chunks."""
MAX_INCIDENTS_PER_TRIAL = 1_000_000
"""Expected incidents in one trial-year at most (far above any organisation's)."""
INCIDENT_BYTES = 400
"""Peak working memory per incident of a chunk, bytes (measured: 280-370 bytes, tracemalloc)."""
TABLE_BYTES = 100
"""Memory per kept row of the per-incident table, bytes (16 columns, int and float)."""
SAMPLE_BYTES = 18
"""Memory per incident of the exact time-to-restore and wait samples, bytes (two floats, two
codes)."""
WORKERS = 2
"""Chunks simulated at once, in threads (numpy releases the GIL in array work)."""
MAX_RUN_SECONDS = 600.0
"""Planned core-seconds one run (one strategy) may take, by default: the work plan of
:mod:`estimators.engine.work`. A full run of all three strategies then holds one of the server's
simulation slots for at most about half an hour of one core, whatever the scenario; the heavy
benchmark case (240 incidents a year) plans 1,000,000 trial-years at 270 s in-house, so every
trial count the page offers fits it, while a scenario of a million incidents a year (about 20 s
a trial-year) is refused before it starts. The command line may allow more (``--max-seconds``)."""
QUICK_RUN_SECONDS = 0.5
"""Planned core-seconds of one strategy of a quick estimate (the Monte Carlo page's first
answer, the Presenter's downtime row): about 1.5 s for all three, so no session waits long
behind another's quick estimate. A busy scenario's quick estimate runs fewer trial-years."""


class SimulationError(ValueError):
    """A simulation cannot run as asked (bad trial count, unstable queue, ...)."""


class WorkLimitError(SimulationError):
    """A run whose planned work exceeds its budget (:data:`MAX_RUN_SECONDS`, or the caller's)."""


class SimulationCancelled(Exception):
    """A run was stopped through its cancel token (its session ended, the server is stopping,
    or its caller asked); what it had finished was handed to its ``checkpoint``."""


def memory_limit() -> int:
    """Bytes a run may plan to use: 60 % of this machine's memory, at most 4 GB."""
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        physical = 4_000_000_000
    return int(min(0.6 * physical, 4_000_000_000))


def planned_memory(per_trial: float, trials: int, chunk_trials: int, values_per_trial: int,
                   keep: bool, exact: bool) -> float:
    """Bytes a run will hold at its peak.

    That is the chunks in flight (:data:`WORKERS` of them, ``per_trial`` expected incidents per
    trial-year each costing :data:`INCIDENT_BYTES`), the per-incident samples and table it
    keeps, and the ``values_per_trial`` per-trial results (8-byte floats, three times: parts,
    joined, a sorted copy for the percentiles).
    """
    incidents = per_trial * trials
    chunk = min(chunk_trials, trials)
    chunks = min(WORKERS, -(-trials // chunk)) * chunk * per_trial * INCIDENT_BYTES
    samples = incidents * SAMPLE_BYTES if exact else 0.0
    table = incidents * TABLE_BYTES if keep else 0.0
    return chunks + samples + table + 3 * 8 * values_per_trial * trials
