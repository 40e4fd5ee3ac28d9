"""Coverage calendars: when a team or vendor is on duty, and how long an incident waits for it.

A coverage window is laid on a one-year grid of 15-minute slots (365 days starting on a Monday).
Public holidays close ``holidays_per_year`` covered days, spread evenly over the year. Incidents
arrive uniformly in time (a Poisson process), so the share of incidents that arrive off-hours is
the share of off-hours slots, and the mean wait for the window to open is the mean, over
off-hours instants, of the time to the next covered instant. Both are exact for windows on the
15-minute grid; the Monte Carlo engine uses the same grid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from estimators.scenario import WEEKDAYS, Coverage

__all__ = [
    "SLOT_HOURS",
    "CoverageStats",
    "coverage_mask",
    "coverage_stats",
    "is_open",
    "next_open",
    "next_open_at",
    "open_and_next",
    "opening_table",
]

SLOT_HOURS = 0.25
"""Grid resolution, hours."""
DAYS_PER_YEAR = 365
SLOTS_PER_DAY = int(24 / SLOT_HOURS)
HOURS_PER_YEAR = DAYS_PER_YEAR * 24.0


@dataclass(frozen=True)
class CoverageStats:
    """Summary of a coverage window over one year.

    Attributes:
        covered_hours_per_year: hours inside the window, h/yr.
        off_share: share of the year outside the window (0-1).
        mean_wait_hours: mean time from an off-hours arrival to the window opening, h.
    """

    covered_hours_per_year: float
    off_share: float
    mean_wait_hours: float


@lru_cache(maxsize=256)
def coverage_mask(coverage: Coverage) -> np.ndarray:
    """The year's 15-minute slots inside the window (35,040 booleans, day 0 a Monday)."""
    if coverage.mode == "24x7":
        return np.ones(DAYS_PER_YEAR * SLOTS_PER_DAY, dtype=bool)
    weekday = np.arange(DAYS_PER_YEAR) % 7  # day 0 is a Monday
    open_day = np.isin(weekday, [WEEKDAYS.index(d) for d in coverage.days])
    open_idx = np.flatnonzero(open_day)
    n_hol = min(coverage.holidays_per_year, open_idx.size)
    if n_hol:
        spread = ((np.arange(n_hol) + 0.5) * open_idx.size / n_hol).astype(int)
        open_day[open_idx[spread]] = False
    first = (coverage.start.hour * 60 + coverage.start.minute) // 15
    last = (coverage.end.hour * 60 + coverage.end.minute) // 15
    in_day = np.zeros(SLOTS_PER_DAY, dtype=bool)
    in_day[first:last] = True
    mask = (open_day[:, None] & in_day[None, :]).ravel()
    mask.flags.writeable = False
    return mask


@lru_cache(maxsize=256)
def coverage_stats(coverage: Coverage) -> CoverageStats:
    """Covered hours, off-hours share and mean wait to open for a coverage window.

    mean_wait_hours = mean over off-hours slots i of (k_i − ½) × slot, where k_i is the number
    of slots from i to the next covered slot (the year wraps around), since an arrival is
    uniform within its slot.
    """
    mask = coverage_mask(coverage)
    to_open = _slots_to_open(coverage)[~mask]
    if to_open.size == 0:
        return CoverageStats(HOURS_PER_YEAR, 0.0, 0.0)
    mean_wait = float(np.mean(to_open - 0.5)) * SLOT_HOURS
    return CoverageStats(
        covered_hours_per_year=float(mask.sum()) * SLOT_HOURS,
        off_share=to_open.size / mask.size,
        mean_wait_hours=mean_wait,
    )


@lru_cache(maxsize=256)
def _slots_to_open(coverage: Coverage) -> np.ndarray:
    """Per slot: 0 where covered, else the number of slots to the next covered one (cyclic)."""
    mask = coverage_mask(coverage)
    n = mask.size
    covered = np.flatnonzero(mask)
    if covered.size == 0:
        raise ValueError("the coverage window never opens")
    wrapped = np.concatenate([covered, covered[:1] + n])
    slots = np.arange(n)
    out = wrapped[np.searchsorted(wrapped, slots)] - slots
    out.flags.writeable = False
    return out


def open_and_next(coverage: Coverage, t_hours: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether the window is open at each time, and the earliest open time at or after it.

    Times are hours from the start of a year, non-negative; times past one year wrap onto the
    same calendar (every year is alike).
    """
    t = np.asarray(t_hours, dtype=float)
    if coverage.mode == "24x7":
        return np.ones(t.shape, dtype=bool), t
    wait, opens = _look_up(_opening_offsets(coverage), coverage_mask(coverage).size, t)
    return wait == 0.0, opens  # inside the window the offset is 0


def _look_up(table: np.ndarray, period: int, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hours from each time's slot start to the next opening (0 when open), and the earliest
    open time at or after each time, from the table of :func:`_opening_offsets` (``period``
    slots a year; times past its four years wrap onto the same calendar)."""
    k = (t * (1.0 / SLOT_HOURS)).astype(np.int64)  # floor, as t >= 0
    wait = table[k if not k.size or k.max() < table.size else k % period]
    return wait, np.maximum(t, k * SLOT_HOURS + wait)  # the slot starts at or before t


@lru_cache(maxsize=256)
def _opening_offsets(coverage: Coverage) -> np.ndarray:
    """Hours from each slot's start to the next opening (0 when open), over four years.

    Four years cover every time a simulation meets, so the wrap-around is almost never needed.
    """
    table = np.tile(_slots_to_open(coverage) * SLOT_HOURS, 4)
    table.flags.writeable = False
    return table


def next_open_at(coverage: Coverage | None) -> Callable[[np.ndarray], np.ndarray]:
    """:func:`next_open` for one window, its table looked up once: for a loop that asks it
    many times (the queue's every step), where the window's cache look-up would dominate.
    None or a 24x7 window: the times themselves."""
    if coverage is None or coverage.mode == "24x7":
        return lambda t: t
    table, period = opening_table(coverage)
    return lambda t: _look_up(table, period, t)[1]


def opening_table(coverage: Coverage) -> tuple[np.ndarray, int]:
    """Hours from each 15-minute slot's start to the window's next opening (0 when open), over
    four years, and the slots in a year (a time past the table wraps onto the same calendar):
    what :func:`next_open` looks up, for code that does the look-up itself."""
    return _opening_offsets(coverage), coverage_mask(coverage).size


def is_open(coverage: Coverage, t_hours: np.ndarray) -> np.ndarray:
    """Whether the window is open at each time (hours from the start of the year, >= 0)."""
    return open_and_next(coverage, t_hours)[0]


def next_open(coverage: Coverage, t_hours: np.ndarray) -> np.ndarray:
    """The earliest time at or after each ``t_hours`` (>= 0) at which the window is open."""
    return open_and_next(coverage, t_hours)[1]
