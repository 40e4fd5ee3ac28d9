"""Key-person risk (属人化): who of the team is there on a day, in closed form (docs/model.md §7b).

Both engines read one :class:`PeopleInputs` (what the scenario says about the team's people under
a plan); the Monte Carlo draws the events (:mod:`estimators.engine.people`), and the expected
model uses the probabilities here, which are the exact means of those draws:

* every level has ``n_k = ceil(FTE_k)`` whole people (a part-time person is still a person; the
  coverage top-up adds no one);
* a person takes ``leave_days_per_year`` days of planned leave on the team's working days (days
  with any covered hour; every day for a 24x7 team), chosen at random: on a working day they are
  on leave with probability ``p_L = L / W`` (W working days a year);
* sickness strikes each working day independently with probability ``p_S = S / W``;
* each seat is a renewal process in its stationary state: the person in it leaves at rate ``a``
  (``team.attrition_rate`` per year), the seat then stays empty for ``V`` (``vacancy_months``),
  and the new hire ramps up over the level's ``ramp_up_months`` ``R``. With ``a_d = a / 365``
  per day, the seat is empty with probability ``π_V = a_d·V / (1 + a_d·V)`` and the person in it
  has been in post for ``τ < R`` days with density ``e^{−a_d τ} / (1/a_d + V)``;
* a new hire repairs at ``f0`` times the level's repair time on the first day, falling linearly
  to 1 at ``R`` (``new_hire_repair_factor``), so a seat's mean factor is
  ``ρ = 1 + (f0 − 1) · (1/a_d − (1 − e^{−a_d R}) / (a_d² R)) / (1/a_d + V)``.

Leave, sickness and vacancy are independent, so a person is absent on day ``d`` with probability
``q(d) = 1 − (1 − p_L·w_d)(1 − p_S·w_d)(1 − π_V)`` (``w_d`` = 1 on a working day), and, people
being independent, nobody of level k is present with probability ``q(d)^{n_k}`` and the team is
under strength with probability ``1 − (1 − q(d))^N``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from estimators.calendars.coverage import (
    DAYS_PER_YEAR,
    SLOT_HOURS,
    SLOTS_PER_DAY,
    coverage_mask,
    is_open,
    next_open,
)
from estimators.scenario import Coverage, Party, Scenario
from estimators.scenario.strategies import Plan
from estimators.scenario.team import kept_headcount, whole_people

__all__ = ["DAYS_PER_MONTH", "PeopleInputs", "people_inputs", "wait_for_return",
           "working_days"]

DAYS_PER_MONTH = DAYS_PER_YEAR / 12.0
"""Days in a month of the 365-day year (30.42), for ``vacancy_months`` and ``ramp_up_months``."""
EPSILON = 1e-9
"""Tolerance of ``ceil`` on a level's kept headcount (2.0000000001 people are 2)."""


@lru_cache(maxsize=64)
def working_days(coverage: Coverage) -> np.ndarray:
    """The team's working days of the year, (365,) bool: days with any covered 15-minute slot
    (every day for 24x7). Leave and sickness fall on these days only."""
    return coverage_mask(coverage).reshape(DAYS_PER_YEAR, SLOTS_PER_DAY).any(axis=1)


@dataclass(frozen=True, eq=False)
class PeopleInputs:
    """The team's people under a plan, for the key-person stage of both engines.

    Attributes:
        people: whole people per level, ``ceil(headcount · team_scale)``, shape (L,).
        working: the team's working days, (365,) bool.
        leave_days, sick_days: per person, working days a year.
        attrition: leavers per person per year (``team.attrition_rate``).
        vacancy_days: days a leaver's seat stays empty.
        ramp_days: per level, days a new hire takes to reach full speed, shape (L,).
        new_hire_factor: a new hire's repair-time factor on the first day (≥ 1).
        sole_level: per system, the index of the level that alone knows it, or −1, shape (S,).
        to_vendor: a sole-expert incident with nobody of its level present goes to the vendor
            at time-and-materials rates (else it waits for someone of the level to be back).
    """

    people: np.ndarray
    working: np.ndarray
    leave_days: float
    sick_days: float
    attrition: float
    vacancy_days: float
    ramp_days: np.ndarray
    new_hire_factor: float
    sole_level: np.ndarray
    to_vendor: bool

    @property
    def total(self) -> int:
        """People in the team."""
        return int(self.people.sum())

    @property
    def p_leave(self) -> float:
        """P(a person is on leave on a working day) = L / W."""
        return min(1.0, self.leave_days / max(int(self.working.sum()), 1))

    @property
    def p_sick(self) -> float:
        """P(a person is off sick on a working day) = S / W."""
        return min(1.0, self.sick_days / max(int(self.working.sum()), 1))

    @property
    def daily_attrition(self) -> float:
        """a_d, leavers per person per day."""
        return self.attrition / DAYS_PER_YEAR

    @property
    def p_vacant(self) -> float:
        """π_V = a_d·V / (1 + a_d·V): the stationary share of time a seat is empty."""
        x = self.daily_attrition * self.vacancy_days
        return x / (1.0 + x)

    def absent(self) -> np.ndarray:
        """q(d): P(a given person is absent on day d), (365,)."""
        w = self.working.astype(float)
        return 1.0 - (1.0 - self.p_leave * w) * (1.0 - self.p_sick * w) * (1.0 - self.p_vacant)

    def nobody(self, level: int) -> np.ndarray:
        """P(nobody of ``level`` is present on day d) = q(d)^{n_k}, (365,)."""
        return self.absent() ** int(self.people[level])

    def nobody_slots(self, level: int, detection: float) -> np.ndarray:
        """P(nobody of ``level`` is present on the detection day) for an incident occurring at
        the middle of each 15-minute slot of the year and detected ``detection`` hours later,
        shape (35,040,)."""
        return self.nobody(level)[_detection_days(detection)]

    def under_strength(self) -> np.ndarray:
        """P(fewer people present than the team has on day d) = 1 − (1 − q(d))^N, (365,)."""
        return 1.0 - (1.0 - self.absent()) ** self.total

    def under_strength_days(self) -> float:
        """Expected under-strength days a year: Σ_d 1 − (1 − q(d))^N."""
        return float(self.under_strength().sum())

    def ramp_factor(self) -> np.ndarray:
        """ρ_k: the mean repair-time factor of a seat of each level, (L,) (≥ 1)."""
        a, v = self.daily_attrition, self.vacancy_days
        out = np.ones(self.ramp_days.size)
        if a <= 0.0:
            return out
        for k, r in enumerate(self.ramp_days):
            if r <= 0.0:
                continue
            ramping = 1.0 / a - (-math.expm1(-a * r)) / (a * a * r)  # ∫_0^R (1 − τ/R) e^{−aτ} dτ
            out[k] = 1.0 + (self.new_hire_factor - 1.0) * ramping / (1.0 / a + v)
        return out

    def key(self) -> tuple:
        """A hashable summary, for caches."""
        return (tuple(self.people.tolist()), self.working.tobytes(), self.leave_days,
                self.sick_days, self.attrition, self.vacancy_days)


def people_inputs(scenario: Scenario, plan: Plan) -> PeopleInputs | None:
    """The key-person inputs of ``scenario`` under ``plan``; None when there are no key-person
    events: the plan keeps no team, it has nobody, or nothing takes a person away (no leave, no
    sickness and no attrition). None means both engines give the model without them, bit for
    bit."""
    team = scenario.team
    if not plan.uses_team or not team.key_person_inputs:
        return None
    # The people the plan keeps, as the cost model keeps them (whole people by largest
    # remainder; a part-time level's people are the round-up of its kept share).
    people = np.array([whole_people(h) for h in kept_headcount(team.levels, plan.team_scale)],
                      dtype=int)
    if people.sum() == 0:
        return None
    names = {s.name: i for i, s in enumerate(scenario.systems)}
    sole = np.full(len(scenario.systems), -1, dtype=int)
    for k, level in enumerate(team.levels):
        for name in level.sole_expert_for:
            if name in names:  # a copy made without validation may have dropped the system
                sole[names[name]] = k
    rec_in = np.array([a.recovery is Party.in_house for a in plan.assignments])
    sole[~rec_in] = -1  # only in-house repairs need the expert
    return PeopleInputs(
        people=people, working=working_days(team.coverage),
        leave_days=team.leave_days_per_year, sick_days=team.sick_days_per_year,
        attrition=team.attrition_rate, vacancy_days=team.vacancy_months * DAYS_PER_MONTH,
        ramp_days=np.array([lv.ramp_up_months * DAYS_PER_MONTH for lv in team.levels]),
        new_hire_factor=team.new_hire_repair_factor, sole_level=sole,
        to_vendor=team.sole_expert_fallback == "vendor" and scenario.contract.overage_rate > 0,
    )


# ----------------------------------------------------------------------------- waiting


def _return_days(p: PeopleInputs, n: int, horizon: int) -> np.ndarray:
    """P(the first day after d with someone of an n-person level present is d + x | nobody is
    present on d), shape (365, horizon + 1) for x = 1 … horizon, the last column being "later".

    Each person's absence is a day-by-day Markov chain (an empty seat with r days left, or a
    person in post who leaves with probability 1 − e^{−a_d} a day and is on leave or sick on a
    working day with probability 1 − (1 − p_L)(1 − p_S)), so a vacancy is one run of days and
    leave days are independent; people are independent, so P(nobody through d + x) is one
    person's to the power n. Leave drawn without replacement is treated as independent by day
    (the approximation).
    """
    a = p.daily_attrition
    h = -math.expm1(-a)
    vn = max(int(round(p.vacancy_days)), 0)
    states = vn + 1  # 0: in post; r = 1 … vn: empty seat, r days left including today
    pi = np.zeros(states)
    pi[0] = 1.0 / (1.0 + vn * h)
    pi[1:] = h * pi[0]
    days = np.arange(DAYS_PER_YEAR)
    w = p.working.astype(float)
    off = 1.0 - (1.0 - p.p_leave * w) * (1.0 - p.p_sick * w)  # absent while in post, by day

    def absent_given(state_day: np.ndarray) -> np.ndarray:
        out = np.ones((DAYS_PER_YEAR, states))
        out[:, 0] = off[state_day % DAYS_PER_YEAR]
        return out

    alpha = pi[None, :] * absent_given(days)
    first = alpha.sum(axis=1)
    survive = np.empty((DAYS_PER_YEAR, horizon + 1))
    survive[:, 0] = 1.0
    for x in range(1, horizon + 1):
        moved = np.zeros_like(alpha)
        moved[:, 0] = alpha[:, 0] * (1.0 - h) + (alpha[:, 1] if vn else 0.0)
        if vn:
            moved[:, vn] = alpha[:, 0] * h
            moved[:, 1:vn] += alpha[:, 2:vn + 1]
        alpha = moved * absent_given(days + x)
        survive[:, x] = alpha.sum(axis=1) / np.where(first > 0, first, 1.0)
    survive = survive ** n
    out = np.empty((DAYS_PER_YEAR, horizon + 1))
    out[:, :-1] = survive[:, :-1] - survive[:, 1:]
    out[:, -1] = survive[:, -1]
    return out


_WAITS: dict[tuple, tuple[float, np.ndarray]] = {}
"""Cache of :func:`_wait_table` by the people's summary and the queue's terms."""


def _wait_table(p: PeopleInputs, n: int, coverage: Coverage | None, paged: bool,
                detection: float) -> tuple[float, np.ndarray]:
    """(mean extra hours over all detection slots, P(nobody) per slot) — see
    :func:`wait_for_return`."""
    key = (p.key(), n, coverage, paged, detection)
    if key not in _WAITS:
        if len(_WAITS) > 256:
            _WAITS.clear()
        _WAITS[key] = _wait_values(p, n, coverage, paged, detection)
    return _WAITS[key]


def _wait_values(p: PeopleInputs, n: int, coverage: Coverage | None, paged: bool,
                 detection: float) -> tuple[float, np.ndarray]:
    """:func:`_wait_table`, computed."""
    horizon = int(math.ceil(p.vacancy_days)) + 30
    t0 = (np.arange(DAYS_PER_YEAR * SLOTS_PER_DAY) + 0.5) * SLOT_HOURS
    t = t0 + detection
    day = np.minimum((t // 24.0).astype(int), DAYS_PER_YEAR - 1)
    nobody = p.absent()[day] ** n
    returns = _return_days(p, n, horizon)[day]  # (slots, horizon + 1)

    def opening(x: np.ndarray) -> np.ndarray:
        return x if coverage is None else next_open(coverage, x)

    on_call = np.zeros(t.size, dtype=bool) if coverage is None or not paged else ~is_open(
        coverage, t)
    enter = np.where(on_call, t, opening(t))
    extra = np.zeros(t.size)
    for x in range(1, horizon + 2):
        back = 24.0 * (day + x)
        start = np.where(on_call, back, opening(np.maximum(enter, back)))
        extra += returns[:, x - 1] * (np.maximum(start, enter) - enter)
    return float(np.mean(nobody * extra)), nobody


def wait_for_return(p: PeopleInputs, level: int, coverage: Coverage, paged: bool,
                    detection: float) -> tuple[float, float]:
    """For an in-house repair of a system only ``level`` knows, when the rule is to wait:
    (P(nobody of the level is present on the detection day), the mean extra hours to restore
    over all such incidents, i.e. E[extra; nobody present]).

    The incident is detected at ``detection`` hours after a uniform instant of the year; with
    nobody present it joins its queue when the first of the level is back (the start of that
    day): a day-queue job then waits for the team's window to open (a 24x7 window opens at
    once); an on-call job (detected off-hours, of a severity that ``paged``) starts on their
    return. The extra is
    that start minus the queue entry it would have had (detection, or the window's opening).
    """
    n = int(p.people[level])
    window = None if coverage.mode == "24x7" else coverage
    mean_extra, nobody = _wait_table(p, n, window, paged, detection)
    return float(nobody.mean()), mean_extra


@lru_cache(maxsize=64)
def _detection_days(detection: float) -> np.ndarray:
    """The day on which an incident occurring at the middle of each 15-minute slot of the year
    is detected ``detection`` hours later (the year's last day at most), (35,040,) ints."""
    t = (np.arange(DAYS_PER_YEAR * SLOTS_PER_DAY) + 0.5) * SLOT_HOURS + detection
    day = np.minimum((t // 24.0).astype(int), DAYS_PER_YEAR - 1)
    day.flags.writeable = False
    return day
