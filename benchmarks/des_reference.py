"""An independent discrete-event reference for the in-house strategy, written with SimPy.

It shares no code with the vectorised engine: incidents are SimPy processes, engineers are
tokens in a FIFO store (the one free longest is taken first, i.e. the earliest free), the on-call
engineer is a one-slot resource, and the calendar is plain weekday/hour arithmetic. An incident
joins the queue when it reaches the team inside its window, at the next opening otherwise (all
of a backlog at the same instant, in the order they were detected, as SimPy fires simultaneous
events in the order they were scheduled), or when it pages the on-call engineer; the engineer
who takes it then acknowledges (or answers the page), travels and repairs at a skill level drawn
by FTE share, plus the hand-over when the repair escalates. It follows
the model's rules as docs/model.md (§7, §9, §13) and the stages of estimators/engine/ state
them, so agreement between the
two is evidence that the vectorised recursion implements those rules.

Key-person events (docs/model.md §7b), when ``key_person`` is asked for: every person of a level
(``ceil(headcount)`` people) takes their leave days on random working days and is off sick on a
working day with probability S/W; their seat starts in its stationary state and the person
leaves after an exponential time, the seat stays empty for the vacancy and the new hire ramps
up. An incident of a system only one level knows, detected on a day nobody of that level is
present, is answered by the team and handed to the vendor (its calendar, exponential response,
site visit, repair at its multiplier, backlog for its late share) and billed as T&M hours — or,
when the rule is to wait, waits for the first day someone of that level is back. The engineer on
each in-house job is one seat of the job's level, slower by the new-hire factor while ramping up.

Scope: in-house strategy, business-hours (no holidays) or 24x7 coverage, no preventive or
predictive hours (rates are taken as given × the what-if multiplier). Used by the tests and by
benchmarks/simulate.py for the speed ratio.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import simpy

from estimators import Scenario

YEAR_HOURS = 365 * 24.0
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass
class ReferenceResult:
    """Per trial-year lists: time to restore and wait per incident, and downtime."""

    ttr: list[np.ndarray]
    wait: list[np.ndarray]
    downtime: np.ndarray
    time_and_materials: np.ndarray | None = None  # T&M hours per trial-year (key-person runs)
    under_strength_days: np.ndarray | None = None
    escalated: np.ndarray | None = None  # sole-expert incidents with nobody present, per year


class Calendar:
    """Weekday business hours on a 365-day year that starts on a Monday and repeats."""

    def __init__(self, coverage) -> None:
        self.always = coverage.mode == "24x7"
        self.days = {DAYS.index(d) for d in coverage.days}
        self.start = coverage.start.hour + coverage.start.minute / 60.0
        self.end = coverage.end.hour + coverage.end.minute / 60.0
        if coverage.holidays_per_year:
            raise ValueError("the reference calendar has no holidays")

    def is_open(self, t: float) -> bool:
        if self.always:
            return True
        day = int(t // 24.0) % 365
        hour = t - 24.0 * math.floor(t / 24.0)
        return (day % 7) in self.days and self.start <= hour < self.end

    def next_open(self, t: float) -> float:
        if self.is_open(t):
            return t
        day0 = math.floor(t / 24.0)
        for offset in range(0, 15):
            day = day0 + offset
            if (day % 365) % 7 not in self.days:
                continue
            opening = day * 24.0 + self.start
            if opening >= t:
                return opening
        raise RuntimeError("no opening within two weeks")


class _Person:
    """One seat over a year: its absent days and its departures (days), each followed by the
    vacancy and then a new hire."""

    def __init__(self, team, working: list[int], rng: np.random.Generator) -> None:
        a = team.attrition_rate / 365.0
        self.vacancy = team.vacancy_months * 365.0 / 12.0
        x = a * self.vacancy
        if rng.random() < x / (1.0 + x):  # empty at the start, a uniform part of the vacancy
            dep = -rng.random() * self.vacancy
        else:
            tenure = rng.exponential(1.0 / a) if a > 0 else math.inf
            dep = -tenure - self.vacancy
        self.departures = [dep]
        while a > 0:
            dep = max(dep + self.vacancy, 0.0) + rng.exponential(1.0 / a)
            if dep >= 3 * 365:
                break
            self.departures.append(dep)
        whole = int(math.floor(team.leave_days_per_year))
        days = list(rng.choice(working, size=min(whole, len(working)), replace=False))
        if rng.random() < team.leave_days_per_year - whole:
            rest = sorted(set(working) - set(days))
            if rest:
                days.append(int(rng.choice(rest)))
        p_sick = team.sick_days_per_year / len(working)
        days += [d for d in working if rng.random() < p_sick]
        self.away = set(int(d) for d in days)

    def present(self, day: int) -> bool:
        mid = day + 0.5
        if any(d <= mid < d + self.vacancy for d in self.departures):
            return False
        return (day % 365) not in self.away

    def hired(self, t_days: float) -> float | None:
        """Days since the person in the seat was hired at ``t_days`` (None: the seat is
        empty)."""
        dep = max(d for d in self.departures if d <= t_days)
        hire = dep + self.vacancy
        return None if t_days < hire else t_days - hire


class _Year:
    """One trial-year: the SimPy environment, the engineers and what was measured."""

    def __init__(self, scenario: Scenario, servers: int, rng: np.random.Generator,
                 key_person: bool = False) -> None:
        team, fx = scenario.team, scenario.effects
        self.team = team
        self.rng = rng
        self.fx = fx
        self.on_call = team.on_call
        self.calendar = Calendar(team.coverage)
        self.levels = team.levels
        fte = np.array([lv.headcount for lv in self.levels], dtype=float)
        self.weights = fte / fte.sum()
        self.handover = team.escalation_handover_hours
        self.ack = team.response_minutes / 60.0
        self.env = simpy.Environment()
        self.store = simpy.Store(self.env)
        for engineer in range(servers):
            self.store.put(engineer)
        self.pager = simpy.Resource(self.env, capacity=1)
        self.ttr: list[float] = []
        self.wait: list[float] = []
        self.downtime = 0.0
        self.scenario = scenario
        self.key_person = key_person
        self.time_and_materials = 0.0
        self.escalated = 0
        self.sole = {name: k for k, lv in enumerate(self.levels) for name in lv.sole_expert_for}
        if key_person:
            working = [d for d in range(365) if self.calendar.always
                       or d % 7 in self.calendar.days]
            self.people = [[_Person(team, working, rng) for _ in range(math.ceil(lv.headcount))]
                           for lv in self.levels]
            self.vendor_calendar = Calendar(scenario.contract.coverage)
            self.under_strength = sum(
                1 for d in range(365)
                if any(not p.present(d) for level in self.people for p in level))
        for system in scenario.systems:
            for severity, profile in system.incidents.items():
                rate = profile.rate_per_year * fx.incident_rate_multiplier
                if rate > 0:
                    self.env.process(self.arrivals(system, severity, rate,
                                                   profile.repair.frozen()))

    def arrivals(self, system, severity, rate, repair_dist):
        while True:
            yield self.env.timeout(self.rng.exponential(1.0 / rate) * YEAR_HOURS)
            if self.env.now >= YEAR_HOURS:
                return
            self.env.process(self.incident(system, severity, repair_dist))

    def incident(self, system, severity, repair_dist):
        env, rng, calendar = self.env, self.rng, self.calendar
        occurred = env.now
        detect_mean = self.fx.detection_minutes[system.monitoring] / 60.0
        yield env.timeout(rng.exponential(detect_mean) if detect_mean > 0 else 0.0)
        detected = env.now
        paged = (self.on_call.enabled and severity in self.on_call.paged_severities
                 and not calendar.is_open(detected))
        repair = float(repair_dist.rvs(random_state=rng))
        hw = system.hardware
        onsite = bool(hw) and rng.random() < hw.onsite_fraction
        travel = hw.travel_hours if onsite else 0.0
        level = self.sole.get(system.name) if self.key_person else None
        day = min(int(detected // 24.0), 364)
        if level is not None and not any(p.present(day) for p in self.people[level]):
            self.escalated += 1
            contract = self.scenario.contract
            if self.team.sole_expert_fallback == "vendor" and contract.overage_rate > 0:
                yield from self.to_vendor(occurred, detected, severity, paged, repair, onsite,
                                          repair_dist)
                return
            back = day + 1
            while not any(p.present(back) for p in self.people[level]):
                back += 1
            yield env.timeout(max(0.0, 24.0 * back - env.now))
        if paged:
            with self.pager.request() as request:
                yield request
                yield env.timeout(rng.exponential(self.on_call.response_minutes / 60.0))
                start = env.now
                yield env.timeout(travel + self.work(repair))
        else:
            yield env.timeout(calendar.next_open(detected) - detected)
            engineer = yield self.store.get()
            if not calendar.is_open(env.now):
                yield env.timeout(calendar.next_open(env.now) - env.now)
            yield env.timeout(rng.exponential(self.ack) if self.ack > 0 else 0.0)
            start = env.now
            yield env.timeout(travel + self.work(repair, detected))
            yield self.store.put(engineer)
        self.record(occurred, detected, start, severity)

    def record(self, occurred: float, detected: float, start: float, severity) -> None:
        ttr = self.env.now - occurred
        self.ttr.append(ttr)
        self.wait.append(start - detected)
        self.downtime += ttr * self.fx.impact_factor[severity]

    def to_vendor(self, occurred, detected, severity, paged, repair, onsite, repair_dist):
        """The team answers, finds nobody who knows the system, and hands it to the vendor at
        time and materials."""
        env, rng, contract = self.env, self.rng, self.scenario.contract
        if paged:
            yield env.timeout(rng.exponential(self.on_call.response_minutes / 60.0))
        else:
            yield env.timeout(self.calendar.next_open(env.now) - env.now)
            yield env.timeout(rng.exponential(self.ack) if self.ack > 0 else 0.0)
        yield env.timeout(self.handover)
        terms = contract.terms[severity]
        if not terms.around_the_clock:
            yield env.timeout(self.vendor_calendar.next_open(env.now) - env.now)
        yield env.timeout(rng.exponential(terms.response_hours / -math.log1p(-terms.p_response)))
        start = env.now
        labour = contract.repair_time_multiplier * repair
        late = rng.random() >= terms.p_resolution
        backlog = rng.exponential(contract.repair_time_multiplier * repair_dist.mean()) if late \
            else 0.0
        yield env.timeout((contract.onsite_response_hours if onsite else 0.0) + labour + backlog)
        self.time_and_materials += labour
        self.record(occurred, detected, start, severity)

    def work(self, repair: float, detected: float = 0.0) -> float:
        """Hands-on hours at a level drawn by FTE share (slower while the seat's person is a new
        hire ramping up), plus the hand-over if it escalates."""
        k = int(self.rng.choice(len(self.levels), p=self.weights))
        level = self.levels[k]
        hours = level.repair_time_multiplier * repair
        if self.key_person and self.people[k]:
            seat = self.people[k][int(self.rng.random() * len(self.people[k]))]
            ramp = level.ramp_up_months * 365.0 / 12.0
            age = seat.hired(detected / 24.0)
            if age is not None and age < ramp:
                f0 = self.team.new_hire_repair_factor
                hours *= f0 - (f0 - 1.0) * age / ramp
        if self.rng.random() < level.escalation_probability:
            hours += self.handover
        return hours


def simulate_reference(scenario: Scenario, servers: int, trials: int,
                       seed: int, key_person: bool = False) -> ReferenceResult:
    """Simulate ``trials`` trial-years of the in-house strategy with ``servers`` engineers on
    duty (with the key-person events when ``key_person``)."""
    rng = np.random.default_rng(seed)
    years = []
    for _ in range(trials):
        year = _Year(scenario, servers, rng, key_person)
        year.env.run()
        years.append(year)
    extra = {}
    if key_person:
        extra = {"time_and_materials": np.array([y.time_and_materials for y in years]),
                 "under_strength_days": np.array([float(y.under_strength) for y in years]),
                 "escalated": np.array([float(y.escalated) for y in years])}
    return ReferenceResult([np.array(y.ttr) for y in years], [np.array(y.wait) for y in years],
                           np.array([y.downtime for y in years]), **extra)
