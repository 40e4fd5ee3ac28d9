"""Bands of the week: hours that repeat every year, and how much of an interval falls in them.

A band is a set of 15-minute slots of the 365-day grid of :mod:`estimators.calendars.coverage`
(day 0 a Monday): a coverage window (a team's hours, a business's impact hours), a stretch of
every day (the late-night band 22:00–05:00 of Japanese labour law) or whole weekdays (the
statutory holiday). :meth:`Band.hours_in` gives the hours of intervals ``[a, b]`` inside it,
exactly on the grid, for times past one year too (every year is alike). Both engines price
time against these bands with the same functions: the Monte Carlo per incident, the expected
model over :func:`year_points` (docs/model.md §10, "Business-impact hours").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from estimators.calendars.coverage import (
    DAYS_PER_YEAR,
    HOURS_PER_YEAR,
    SLOT_HOURS,
    SLOTS_PER_DAY,
    coverage_mask,
)
from estimators.scenario import WEEKDAYS, Coverage

__all__ = ["YEARS", "Band", "daily_band", "hours_in_bands", "weekday_band", "window_band",
           "year_points"]


YEARS = 4
"""Years the look-up tables span: every time a simulation meets is inside them, so the
wrap-around onto the same calendar (every year is alike) is almost never needed."""


@dataclass(frozen=True, eq=False)
class Band:
    """Slots of the year inside the band (``mask``, 35,040 booleans) and, derived from it, the
    band's hours from the start of the first year to the start of each slot over
    :data:`YEARS` years."""

    mask: np.ndarray
    _table: tuple[np.ndarray, np.ndarray] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_table", _tables(self.mask))

    @property
    def hours_per_year(self) -> float:
        return float(self.mask.sum()) * SLOT_HOURS

    def until(self, t_hours: np.ndarray) -> np.ndarray:
        """Hours inside the band from the start of the first year to each time ``t`` ≥ 0."""
        return _until(*self._table, np.asarray(t_hours, dtype=float))

    def hours_in(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Hours of each interval ``[start, end]`` inside the band (0 where end ≤ start)."""
        return _hours_in(self._table, start, end)


def hours_in_bands(bands: tuple[Band, ...], start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Hours of each interval ``[start, end]`` inside each band (0 where end ≤ start), shape
    (..., len(bands)): the slot of each time is found once for all the bands."""
    return _hours_in(_stacked(bands), start, end)


def _hours_in(tables: tuple[np.ndarray, np.ndarray], start: np.ndarray,
              end: np.ndarray) -> np.ndarray:
    """Hours of each interval ``[start, end]`` inside the band(s) of ``tables``."""
    start = np.asarray(start, dtype=float)
    end = np.maximum(np.asarray(end, dtype=float), start)
    return _until(*tables, end) - _until(*tables, start)


@lru_cache(maxsize=16)
def _stacked(bands: tuple[Band, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The look-up tables of several bands side by side (bands compare by identity, and the
    band builders below are cached, so a tuple of them is a stable key)."""
    return _tables(np.stack([b.mask for b in bands], axis=1))


def _tables(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For a (slots,) or (slots, bands) mask: each band's hours before each slot over
    :data:`YEARS` years (one row more, the total; float32, exact: whole quarter hours) and the
    slots inside (bool). About 0.7 MB a band."""
    inside = np.tile(mask, (YEARS,) + (1,) * (mask.ndim - 1))
    # quarter hours up to 4 × 8,760 h: exact in float32 (2^24 quarters), a quarter the memory
    before = np.concatenate([np.zeros((1,) + mask.shape[1:]),
                             np.cumsum(inside, axis=0) * SLOT_HOURS]).astype(np.float32)
    for a in (inside, before):
        a.flags.writeable = False
    return before, inside


def _until(before: np.ndarray, inside: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Hours inside the band(s) of the tables from the start of the first year to each
    ``t`` ≥ 0, shape of ``t`` (one band) or (..., bands): the hours before the time's slot plus
    the part of the slot elapsed when it is inside."""
    k = (t * (1.0 / SLOT_HOURS)).astype(np.int64)
    elapsed = t - k * SLOT_HOURS
    years = 0.0
    if k.size and k.max() >= inside.shape[0]:  # past the tables: whole years, then the rest
        period = inside.shape[0] // YEARS
        whole, k = np.divmod(k, period)
        years = whole * float(before[period]) if before.ndim == 1 else (
            whole[..., None] * before[period].astype(float))
    if before.ndim == 2:
        elapsed = elapsed[..., None]
    # np.take gathers whole rows several times faster than fancy indexing does
    return years + np.take(before, k, axis=0) + np.where(np.take(inside, k, axis=0), elapsed, 0.0)


def _band(mask: np.ndarray) -> Band:
    mask = np.asarray(mask, dtype=bool)
    mask.flags.writeable = False
    return Band(mask)


@lru_cache(maxsize=64)
def window_band(coverage: Coverage) -> Band:
    """The hours inside a coverage window (24x7: every hour)."""
    return _band(coverage_mask(coverage))


@lru_cache(maxsize=64)
def daily_band(start_hour: float, end_hour: float) -> Band:
    """The same stretch of every day, from ``start_hour`` to ``end_hour`` (hours of the day on
    the 15-minute grid); it crosses midnight when ``end_hour < start_hour`` (22 → 5: night)."""
    slot = np.arange(SLOTS_PER_DAY) * SLOT_HOURS
    if start_hour <= end_hour:
        day = (slot >= start_hour) & (slot < end_hour)
    else:
        day = (slot >= start_hour) | (slot < end_hour)
    return _band(np.tile(day, DAYS_PER_YEAR))


@lru_cache(maxsize=64)
def weekday_band(days: tuple[str, ...]) -> Band:
    """Whole days of the week (day 0 of the year is a Monday)."""
    weekday = np.arange(DAYS_PER_YEAR) % 7
    open_day = np.isin(weekday, [WEEKDAYS.index(d) for d in days])
    return _band(np.repeat(open_day, SLOTS_PER_DAY))


_R2_ROOT = 1.324717957244746  # the plastic number: x³ = x + 1 (Roberts' R_d sequence, d = 2)
_R_ROOTS = {1: 1.618033988749895, 2: _R2_ROOT}


def _generalised_golden(dims: int) -> float:
    """The unique positive root of x^(d+1) = x + 1 (Roberts 2018), found by fixed-point steps."""
    if dims in _R_ROOTS:
        return _R_ROOTS[dims]
    x = 2.0
    for _ in range(60):
        x = (1.0 + x) ** (1.0 / (dims + 1))
    return x


@lru_cache(maxsize=16)
def year_points(n: int, dims: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` evenly spread instants of the year and ``dims`` uniforms for each, for expected
    values of time-dependent quantities (an arrival's outage against a band).

    Instants are the midpoints of ``n`` equal strata of the 8,760-hour year (arrivals are
    uniform in time); the uniforms are Roberts' R_d low-discrepancy sequence (additive
    recurrence with the generalised golden ratio), so averages over the points converge like
    quasi-Monte Carlo (error about 1/n) and are the same on every call. Returns (times, shape
    (n,), hours; uniforms, shape (n, dims), in (0, 1)).
    """
    phi = _generalised_golden(dims)
    alpha = (1.0 / phi) ** np.arange(1, dims + 1)
    i = np.arange(1, n + 1)[:, None]
    u = np.mod(0.5 + i * alpha[None, :], 1.0)
    times = (np.arange(n) + 0.5) * (HOURS_PER_YEAR / n)
    times.flags.writeable = False
    u.flags.writeable = False
    return times, u
