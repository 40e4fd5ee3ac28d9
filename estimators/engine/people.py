"""Key-person stage of a trial-year: who of the team is there, day by day (docs/model.md §7b).

Drawn from the chunk's own key-person stream (not the stream of the other stages), vectorised
across a level's seats and the trials (each person is a seat of a level):

* **Leave**: ``floor(L)`` of the team's working days chosen at random (a uniform random set,
  Floyd's algorithm), plus one more with probability ``L − floor(L)`` (so the mean is L days
  exactly).
* **Sickness**: each working day with probability ``S / W`` — drawn as its equivalent, a
  Binomial(W, S / W) number of days chosen at random (a handful of draws instead of one per
  day).
* **Departures**: the seat is a renewal process started in its stationary state
  (:mod:`estimators.calendars.people`): empty at the year's start with probability π_V (for a
  uniform part of the vacancy), else its person has been in post for an exponential time; the
  person leaves after an exponential time at the attrition rate, the seat stays empty for the
  vacancy, then the new hire starts (ramping up) and may leave in turn.

A day counts a person present unless on leave, sick or the seat is empty (evaluated at the
day's midpoint). From the day grid: under-strength days (fewer present than the team has, over
the year's 365 days), and per level the people present each day, which the restoration stage
reads for sole-expert incidents (nobody of the level present on the detection day) and for the
ramp-up of the engineer on each in-house job.

Draw order (fixed): per level, for all its seats at once (seat-major): the start state and its
three draws, the fractional leave day, the leave days one by one, the number of sick days and
the sick days one by one, then the departures round by round; then one uniform per incident
(the seat of the engineer who takes it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from estimators.calendars.coverage import DAYS_PER_YEAR
from estimators.calendars.people import PeopleInputs
from estimators.engine.arrivals import Arrivals

__all__ = ["People", "draw_people", "grid_days"]


@dataclass(frozen=True)
class People:
    """The team's people over a chunk's trial-years.

    Attributes:
        inputs: what the scenario says about them.
        present: people present per level, trial and day, shape (L, trials, days) (days beyond
            the year's 365 exist only when an incident may wait for a return past the year).
        under_strength_days: days of the year with fewer people present than the team has,
            per trial.
        short: whether the team is under strength, per trial and day of the year,
            shape (trials, 365).
        departures: leavers in the year (departures at times in [0, 365) days), per trial.
        exposure: person-years in post during the year, per trial (departures / exposure
            estimates the attrition rate).
        departure_times: per level, the seat's departures in days, shape (seats, rounds,
            trials), +inf padded; each is followed by a vacancy of ``vacancy_days`` and a hire.
        seat_u: one uniform per incident, the seat of the engineer who takes it.
    """

    inputs: PeopleInputs
    present: np.ndarray
    under_strength_days: np.ndarray
    short: np.ndarray
    departures: np.ndarray
    exposure: np.ndarray
    departure_times: tuple[np.ndarray, ...]
    seat_u: np.ndarray

    @property
    def days(self) -> int:
        return int(self.present.shape[2])

    def day_of(self, hours: np.ndarray) -> np.ndarray:
        """Day index of times in hours, clipped to the grid."""
        return np.clip((hours // 24.0).astype(np.intp), 0, self.days - 1)

    def nobody(self, level: np.ndarray, trial: np.ndarray, hours: np.ndarray) -> np.ndarray:
        """Whether nobody of ``level`` is present on the day of ``hours`` (per incident)."""
        return self.present[level, trial, self.day_of(hours)] == 0

    def under_strength(self, trial: np.ndarray, hours: np.ndarray) -> np.ndarray:
        """Whether the team is under strength on the day of ``hours`` (per incident)."""
        day = np.minimum(self.day_of(hours), DAYS_PER_YEAR - 1)
        return self.short[trial, day]

    def back(self, level: np.ndarray, trial: np.ndarray, hours: np.ndarray) -> np.ndarray:
        """Start (hours) of the first day after the day of ``hours`` with someone of ``level``
        present; the end of the grid when nobody is back within it."""
        out = np.full(hours.shape, 24.0 * self.days)
        day = self.day_of(hours)
        for k in np.unique(level):
            m = level == k
            grid = self.present[k]
            index = np.where(grid > 0, np.arange(self.days), self.days)
            following = np.minimum.accumulate(index[:, ::-1], axis=1)[:, ::-1]
            following = np.concatenate([following, np.full((grid.shape[0], 1), self.days)],
                                       axis=1)
            out[m] = 24.0 * following[trial[m], day[m] + 1]
        return out

    def ramp(self, level: np.ndarray, trial: np.ndarray, hours: np.ndarray) -> np.ndarray:
        """Repair-time factor of the engineer on each job (≥ 1): the job's seat of its level is
        drawn from :attr:`seat_u`; a person hired ``τ < R`` days before the job's detection
        repairs at ``f0 − (f0 − 1)·τ/R`` times the level's time; 1 otherwise (also when the seat
        is empty: a colleague covers at the level's speed)."""
        p = self.inputs
        factor = np.ones(hours.shape)
        if p.new_hire_factor <= 1.0:
            return factor
        t = hours / 24.0
        for k in np.unique(level):
            r = p.ramp_days[k]
            n = int(p.people[k])
            if r <= 0.0 or n == 0:
                continue
            m = np.flatnonzero(level == k)
            seat = np.minimum((self.seat_u[m] * n).astype(np.intp), n - 1)
            deps = self.departure_times[k][seat, :, trial[m]]  # (jobs, rounds)
            latest = (deps <= t[m, None]).sum(axis=1) - 1
            dep = deps[np.arange(m.size), np.maximum(latest, 0)]
            age = t[m] - (dep + p.vacancy_days)
            ramping = (latest >= 0) & (age >= 0.0) & (age < r)
            factor[m] = np.where(ramping, p.new_hire_factor - (p.new_hire_factor - 1.0) * age / r,
                                 1.0)
        return factor


def grid_days(p: PeopleInputs, waits: bool) -> int:
    """Days on the grid: the year, plus room for a vacancy that runs past it when sole-expert
    incidents wait for someone's return."""
    if waits and (p.sole_level >= 0).any():
        return DAYS_PER_YEAR + int(math.ceil(p.vacancy_days)) + 30
    return DAYS_PER_YEAR


def _level(p: PeopleInputs, seats: int, trials: int, days: int, rng: np.random.Generator,
           present: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``seats`` seats of one level over ``trials`` years, all at once (one row per seat
    and trial, seat-major): takes one off the level's ``present`` (trials, days) on each day a
    seat's person is absent (on leave, sick, or the seat empty), and returns (departures in the
    year and person-years in post, per trial; departure times (seats, rounds, trials)).

    Only the few days off are counted one by one (a leave day that is also a sick day, or falls
    in a vacancy, once); the dense (trials, days) work is left to the rows with a vacancy."""
    rows = seats * trials
    working = np.flatnonzero(p.working)
    w = working.size
    mid = np.arange(days) + 0.5
    a = p.daily_attrition
    vac = p.vacancy_days

    # Start state (stationary): empty for a uniform part of the vacancy, or in post.
    empty = rng.random(rows) < p.p_vacant
    elapsed = rng.random(rows) * vac
    tenure = rng.standard_exponential(rows) / a if a > 0 else np.full(rows, np.inf)
    dep = np.where(empty, -elapsed, -tenure - vac)

    # Leave: a uniform random set of floor(L) working days (+1 with probability L − floor(L));
    # sickness: each working day with probability p_S, i.e. Binomial(W, p_S) days, a uniform
    # random set of that size. Both by Floyd's algorithm, one step per day for all rows.
    taken = min(p.leave_days, w)
    whole = int(math.floor(taken))
    extra = rng.random(rows) < (taken - whole)
    leave = _random_days(rng, whole + extra, w)
    sick = (_random_days(rng, rng.binomial(w, p.p_sick, rows), w) if p.p_sick > 0
            else np.full((rows, 0), -1))
    sick = np.where(_any_equal(leave.T[:, :, None], sick) & (sick >= 0), -1, sick)  # once

    rounds = [dep]
    had_vacancy = np.zeros(rows, dtype=bool)
    departures = np.zeros(rows)
    in_post = np.full(rows, float(DAYS_PER_YEAR))
    horizon = float(days)
    while True:
        lo = np.clip(dep, 0.0, DAYS_PER_YEAR)
        hi = np.clip(dep + vac, 0.0, DAYS_PER_YEAR)
        in_post -= np.where(np.isfinite(dep), hi - lo, 0.0)
        seen = np.flatnonzero((dep + vac > 0.0) & (dep < days))  # a vacancy on the grid
        if seen.size:  # vacancies of one seat never overlap: the next starts after a hire
            vacant = _vacant(mid, dep[seen, None], vac)
            for seat in range(seats):  # a seat's rows are distinct trials
                mine = (seen >= seat * trials) & (seen < (seat + 1) * trials)
                present[seen[mine] - seat * trials] -= vacant[mine]
            had_vacancy[seen] = True
        if a <= 0.0:
            break
        nxt = np.maximum(dep + vac, 0.0) + rng.standard_exponential(rows) / a
        nxt = np.where(np.isfinite(dep) & (nxt < horizon), nxt, np.inf)
        departures += nxt < DAYS_PER_YEAR
        if not np.isfinite(nxt).any():
            break
        rounds.append(nxt)
        dep = nxt
    deps = np.stack(rounds)

    off = np.concatenate([leave, sick], axis=1)
    row, column = np.nonzero(off >= 0)
    first_year = working[off[row, column]]
    for start in range(0, days, DAYS_PER_YEAR):  # the calendar repeats past the year
        day = start + first_year
        keep = day < days
        r, d = row[keep], day[keep]
        check = np.flatnonzero(had_vacancy[r])  # a day off inside a vacancy is counted there
        vacant = np.zeros(r.size, dtype=bool)
        vacant[check] = _vacant(mid[d[check]], deps[:, r[check]], vac).any(axis=0)
        cell = (r[~vacant] % trials) * days + d[~vacant]
        present -= np.bincount(cell, minlength=trials * days).reshape(trials, days).astype(
            present.dtype)
    by_seat = deps.reshape(deps.shape[0], seats, trials).transpose(1, 0, 2)
    return (departures.reshape(seats, trials).sum(axis=0),
            in_post.reshape(seats, trials).sum(axis=0) / DAYS_PER_YEAR, by_seat)


def _vacant(day_mid: np.ndarray, departure: np.ndarray, vacancy: float) -> np.ndarray:
    """Whether days (their midpoints, in days) fall in the vacancy that follows a departure."""
    return (day_mid >= departure) & (day_mid < departure + vacancy)


def _random_days(rng: np.random.Generator, counts: np.ndarray, w: int) -> np.ndarray:
    """Per row, ``counts[t]`` distinct indices of ``w`` working days drawn uniformly (Floyd's
    algorithm: step ``j`` of the last ``count`` draws an index in [0, j] and takes ``j`` itself
    if that one is taken), shape (rows, most counts), −1 where a row has fewer. The test for
    "taken" compares with the row's earlier picks: a dozen at most, cheaper than a day grid."""
    counts = np.minimum(counts, w)
    most = int(counts.max(initial=0))
    picks = np.full((most, counts.size), -1, dtype=np.intp)
    for i, j in enumerate(range(w - most, w)):
        pick = rng.integers(0, j + 1, counts.size)
        pick[_any_equal(picks[:i], pick)] = j
        picks[i] = np.where(i >= most - counts, pick, -1)
    return picks.T


def _any_equal(columns: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per row, whether ``values`` equals any of the row's entries in ``columns`` (a few rows
    of the same length): one pass per column, cheaper than a 3-D comparison."""
    hit = np.zeros(values.shape, dtype=bool)
    for column in columns:
        hit |= column == values
    return hit


def draw_people(p: PeopleInputs, arrivals: Arrivals, rng: np.random.Generator,
                waits: bool) -> People:
    """Draw the team's people for the chunk's trial-years (``waits``: sole-expert incidents may
    wait for a return, so the grid runs past the year to find it)."""
    trials = arrivals.trials
    days = grid_days(p, waits)
    present = np.zeros((p.people.size, trials, days), dtype=np.int16)
    departures = np.zeros(trials)
    exposure = np.zeros(trials)
    times = []
    for k, n in enumerate(p.people):
        seats = int(n)
        present[k] = seats  # everyone, less each seat's days off
        if seats == 0:
            times.append(np.full((0, 1, trials), np.inf))
            continue
        left, in_post, deps = _level(p, seats, trials, days, rng, present[k])
        departures += left
        exposure += in_post
        times.append(deps)
    short = present[:, :, :DAYS_PER_YEAR].sum(axis=0) < p.total
    return People(
        inputs=p, present=present, short=short,
        under_strength_days=short.sum(axis=1).astype(float),
        departures=departures, exposure=exposure, departure_times=tuple(times),
        seat_u=rng.random(arrivals.size))
