"""An independent discrete-event reference for the in-house strategy, written with SimPy.

It shares no code with the vectorised engine: incidents are SimPy processes, engineers are
tokens in a FIFO store (the one free longest is taken first, i.e. the earliest free), the on-call
engineer is a one-slot resource, and the calendar is plain weekday/hour arithmetic. It follows
the model's rules as DOMAIN.md and estimators/simulation.py state them, so agreement between the
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


@dataclass(frozen=True)
class Engineer:
    multiplier: float
    escalation: float


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


def simulate_reference(scenario: Scenario, engineers: list[Engineer], trials: int,
                       seed: int) -> ReferenceResult:
    """Simulate ``trials`` trial-years of the in-house strategy with explicit engineers."""
    rng = np.random.default_rng(seed)
    team, fx = scenario.team, scenario.effects
    calendar = Calendar(team.coverage)
    levels = team.levels
    fte = np.array([lv.headcount for lv in levels], dtype=float)
    weights = fte / fte.sum()
    fastest = min(lv.repair_time_multiplier for lv in levels if lv.headcount > 0)
    handover = team.escalation_handover_hours
    ack = team.response_minutes / 60.0
    on_call = team.on_call
    impact = {v: fx.impact_factor[v] for v in fx.impact_factor}
    ttr_all, wait_all, downtime = [], [], []

    for _ in range(trials):
        env = simpy.Environment()
        store = simpy.Store(env)
        for engineer in engineers:
            store.put(engineer)
        pager = simpy.Resource(env, capacity=1)
        ttrs: list[float] = []
        waits: list[float] = []
        lost = [0.0]

        def incident(system, severity, repair_dist):
            occurred = env.now
            detect_mean = fx.detection_minutes[system.monitoring] / 60.0
            yield env.timeout(rng.exponential(detect_mean) if detect_mean > 0 else 0.0)
            detected = env.now
            paged = (on_call.enabled and severity in on_call.paged_severities
                     and not calendar.is_open(detected))
            if paged:
                yield env.timeout(rng.exponential(on_call.response_minutes / 60.0))
            else:
                wait_open = calendar.next_open(detected) - detected
                yield env.timeout(wait_open + (rng.exponential(ack) if ack > 0 else 0.0))
            repair = float(repair_dist.rvs(random_state=rng))
            hw = system.hardware
            travel = hw.travel_hours if hw and rng.random() < hw.onsite_fraction else 0.0
            if paged:
                with pager.request() as request:
                    yield request
                    start = env.now
                    level = levels[int(rng.choice(len(levels), p=weights))]
                    mult, esc = level.repair_time_multiplier, level.escalation_probability
                    escalated = rng.random() < esc
                    work = handover + fastest * repair if escalated else mult * repair
                    yield env.timeout(travel + work)
            else:
                engineer = yield store.get()
                if not calendar.is_open(env.now):
                    yield env.timeout(calendar.next_open(env.now) - env.now)
                start = env.now
                escalated = rng.random() < engineer.escalation
                work = handover + fastest * repair if escalated else engineer.multiplier * repair
                yield env.timeout(travel + work)
                yield store.put(engineer)
            ttr = env.now - occurred
            ttrs.append(ttr)
            waits.append(start - detected)
            lost[0] += ttr * impact[severity]

        def arrivals(system, severity, rate, repair_dist):
            while True:
                yield env.timeout(rng.exponential(1.0 / rate) * YEAR_HOURS)
                if env.now >= YEAR_HOURS:
                    return
                env.process(incident(system, severity, repair_dist))

        for system in scenario.systems:
            for severity, profile in system.incidents.items():
                rate = profile.rate_per_year * fx.incident_rate_multiplier
                if rate > 0:
                    env.process(arrivals(system, severity, rate, profile.repair.frozen()))
        env.run()
        ttr_all.append(np.array(ttrs))
        wait_all.append(np.array(waits))
        downtime.append(lost[0])
    return ReferenceResult(ttr_all, wait_all, np.array(downtime))
