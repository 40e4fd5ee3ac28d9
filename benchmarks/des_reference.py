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


class _Year:
    """One trial-year: the SimPy environment, the engineers and what was measured."""

    def __init__(self, scenario: Scenario, servers: int, rng: np.random.Generator) -> None:
        team, fx = scenario.team, scenario.effects
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
        travel = hw.travel_hours if hw and rng.random() < hw.onsite_fraction else 0.0
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
            yield env.timeout(travel + self.work(repair))
            yield self.store.put(engineer)
        ttr = env.now - occurred
        self.ttr.append(ttr)
        self.wait.append(start - detected)
        self.downtime += ttr * self.fx.impact_factor[severity]

    def work(self, repair: float) -> float:
        """Hands-on hours at a level drawn by FTE share, plus the hand-over if it escalates."""
        level = self.levels[int(self.rng.choice(len(self.levels), p=self.weights))]
        hours = level.repair_time_multiplier * repair
        if self.rng.random() < level.escalation_probability:
            hours += self.handover
        return hours


def simulate_reference(scenario: Scenario, servers: int, trials: int,
                       seed: int) -> ReferenceResult:
    """Simulate ``trials`` trial-years of the in-house strategy with ``servers`` engineers on
    duty."""
    rng = np.random.default_rng(seed)
    years = []
    for _ in range(trials):
        year = _Year(scenario, servers, rng)
        year.env.run()
        years.append(year)
    return ReferenceResult([np.array(y.ttr) for y in years], [np.array(y.wait) for y in years],
                           np.array([y.downtime for y in years]))
