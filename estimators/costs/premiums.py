"""Japanese statutory premiums on in-house call-out work: which hours fall in which band
(docs/model.md §10, "Premiums"; issue 15 §2).

The premiums are paid on in-house repair hours worked **outside the team's coverage window**
(hours inside it are the team's regular time, paid by the loaded cost, night shifts of a 24x7
team included):

* ordinary days: overtime, ``team.premiums.overtime`` (default +25 %);
* the statutory holiday (``team.premiums.statutory_holiday``, default Sunday): the holiday rate
  ``team.premiums.holiday`` (+35 %) instead of overtime;
* between 22:00 and 05:00, either day: ``team.premiums.late_night`` (+25 %) on top.

So an hour is paid ``hourly · (1 + rate)`` with rate = overtime or holiday, + late_night at
night; the premium is the ``hourly · rate`` part. ``hourly`` is the kept team's loaded cost per
net hour (:func:`estimators.costs.lines.cost_lines`). The hours come from the bands of
:mod:`estimators.calendars.bands` (no other calendar): both engines use its ``hours_in_bands``,
the Monte Carlo on each job's worked interval, the expected model on the same jobs at the
year's evenly spread points (:func:`expected_job_hours`).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from estimators.calendars.bands import (
    Band,
    daily_band,
    hours_in_bands,
    weekday_band,
    window_band,
    year_points,
)
from estimators.scenario import Coverage

__all__ = ["NIGHT_HOURS", "POINTS", "expected_job_hours", "premium_bands", "year_sample"]

NIGHT_HOURS = (22.0, 5.0)
"""Late-night band of the Labour Standards Act (労働基準法 §37): 22:00 to 05:00."""
POINTS = 4096
"""Occurrence times (with their low-discrepancy uniforms) the expected model averages over."""


@lru_cache(maxsize=16)  # 2 MB each
def premium_bands(coverage: Coverage, holiday: str) -> tuple[Band, Band, Band]:
    """The three bands of :data:`estimators.costs.lines.PREMIUM_BANDS` for a team window and its
    statutory holiday weekday: outside the window on ordinary days, outside it on the holiday,
    and outside it between 22:00 and 05:00."""
    off = ~window_band(coverage).mask
    on_holiday = weekday_band((holiday,)).mask
    night = daily_band(*NIGHT_HOURS).mask
    return (Band(off & ~on_holiday), Band(off & on_holiday), Band(off & night))


def expected_job_hours(bands: tuple[Band, Band, Band], starts: np.ndarray, u: np.ndarray,
                       repair_ppf, weights: np.ndarray, multipliers: np.ndarray,
                       escalation: np.ndarray, handover: float, onsite: float,
                       travel: float) -> np.ndarray:
    """Expected hours per band of one in-house repair job, shape (3,).

    ``starts`` are the hands-on starts of jobs occurring at the year's evenly spread points and
    ``u`` (points, 4) their uniforms (:func:`estimators.calendars.bands.year_points`): the job
    is worked from its start for the travel out (probability ``onsite``), ``m_k · Y`` at the
    level drawn by FTE share (``weights``), and the hand-over when it escalates — the interval
    the Monte Carlo prices (``start_in`` to ``finish_in``). ``repair_ppf`` maps uniforms to
    repair hours (the repair distribution's quantile function).
    """
    level = np.minimum(np.searchsorted(np.cumsum(weights), u[:, 0], side="right"),
                       weights.size - 1)
    duration = (np.where(u[:, 1] < onsite, travel, 0.0)
                + multipliers[level] * repair_ppf(u[:, 2])
                + np.where(u[:, 3] < escalation[level], handover, 0.0))
    return hours_in_bands(bands, starts, starts + duration).mean(axis=0)


def year_sample() -> tuple[np.ndarray, np.ndarray]:
    """The expected model's occurrence times and uniforms (:data:`POINTS` points, 4 uniforms:
    level, site visit, repair quantile, escalation)."""
    return year_points(POINTS, 4)
