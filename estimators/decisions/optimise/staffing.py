"""Staffing: the cheapest in-house team (skill mix × headcount × coverage) for a response target.

The target is a service level on the time from an incident's detection to an engineer starting
work on it, e.g. 80 % within 1 hour. Candidates are every whole-FTE headcount per skill level,
under the team's own coverage window and under 24x7:

1. Screen with Erlang C (docs/model.md §9, §18): the day queue's arrival rate per covered hour
   (incidents inside the window, plus off-hours ones no one is paged for, which wait for the
   opening), the mean hands-on time of the mix (skill multipliers and escalations,
   :func:`estimators.calendars.timeline.worked_hours`, plus site travel), and the engineers on duty
   (:func:`estimators.calendars.queue_wait.engineers_on_duty`). The time to start is the
   acknowledgement (exponential, the team's ``response_minutes``) plus the M/M/c wait:
   P(D + W ≤ t) by :func:`estimators.queueing.service_level`. The fractional FTE the target
   needs is c* × covered hours ÷ net hours per FTE, with c* from
   :func:`estimators.queueing.required_servers`; whole-FTE teams from the window's own
   minimum (``min_on_duty`` staffed all year) upwards are costed.
2. Cost the passing candidates with the expected model (in-house strategy, downtime included).
3. Confirm the cheapest by simulation, in order of cost, until one meets the target: the share
   of all S1 incidents (inside the window, paged off-hours, or waiting for it to open) whose
   time from detection to the start of work is within the target, on the wall clock. The
   simulation also has what Erlang C leaves out (the backlog at each opening, pages off-hours,
   general repair-time distributions, escalations holding an engineer): it has the last word.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from estimators.calendars.coverage import coverage_stats
from estimators.calendars.timeline import effective_rates, team_mix, worked_hours
from estimators.decisions.executor import Executor
from estimators.decisions.sweep import sweep
from estimators.engine.simulation import engineers_on_duty, simulate
from estimators.queueing import required_servers, service_level
from estimators.scenario import SEVERITIES, Scenario
from estimators.scenario.strategies import Strategy, plan_for
from estimators.text import Text

__all__ = ["StaffingOption", "StaffingResult", "default_response_hours", "optimise_staffing"]

TARGET_SEVERITY = SEVERITIES[0]
"""The severity whose incidents the response target counts (all of them, on the wall clock)."""
EXTRA_FTE = 2
"""Headcounts tried above the smallest that passes the screen (a slower mix may be cheaper)."""
MAX_CONFIRM = 6
MAX_FTE = 60


@dataclass(frozen=True)
class StaffingOption:
    """One team: its coverage, headcount per level and what it achieves.

    Attributes:
        fte_needed: fractional FTE the target needs with this mix (Erlang C servers × covered
            hours ÷ net hours per FTE); ``total_fte`` is the whole-FTE team costed.
        erlang_level: P(wait ≤ target) by Erlang C; simulated_level: by simulation (None when
            not simulated).
    """

    coverage: str
    headcount: dict[str, int]
    total_fte: int
    fte_needed: float
    servers: int
    erlang_level: float
    annual_cost: float
    simulated_level: float | None = None

    def to_dict(self) -> dict:
        return {"coverage": self.coverage, "headcount": self.headcount,
                "total_fte": self.total_fte, "fte_needed": self.fte_needed,
                "servers": self.servers, "erlang_level": self.erlang_level,
                "annual_cost": self.annual_cost, "simulated_level": self.simulated_level}


@dataclass(frozen=True)
class StaffingResult:
    """The cheapest confirmed team (``best``, None when none was found) and the shortlist.

    ``acknowledgement_share`` is set when the acknowledgement alone (mean
    ``acknowledgement_minutes``) reaches the target for fewer incidents than asked, so that no
    team size can: it is P(acknowledgement ≤ target hours).
    """

    target_hours: float
    target_level: float
    currency: str
    best: StaffingOption | None
    options: tuple[StaffingOption, ...]
    acknowledgement_minutes: float | None = None
    acknowledgement_share: float | None = None

    def to_dict(self) -> dict:
        return {"target_hours": self.target_hours, "target_level": self.target_level,
                "currency": self.currency,
                "best": None if self.best is None else self.best.to_dict(),
                "options": [o.to_dict() for o in self.options],
                "acknowledgement_share": self.acknowledgement_share}


def _day_queue(scenario: Scenario) -> tuple[float, np.ndarray, float]:
    """(arrivals per covered hour, per-cell arrival rates of the day queue, covered hours per
    year) for the team's coverage."""
    team = scenario.team
    stats = coverage_stats(team.coverage)
    rates = effective_rates(scenario)
    paged = np.array([team.on_call.enabled and v in team.on_call.paged_severities
                      for v in SEVERITIES])
    day = rates * (1.0 - stats.off_share * paged)[None, :]
    return float(day.sum()) / stats.covered_hours_per_year, day, stats.covered_hours_per_year


def _mean_service(scenario: Scenario, weights: np.ndarray, day: np.ndarray) -> float:
    """Mean hands-on hours of a day-queue job for a team of level shares ``weights``."""
    team = scenario.team
    mult = np.array([lv.repair_time_multiplier for lv in team.levels])
    esc = np.array([lv.escalation_probability for lv in team.levels])
    repair = np.array([[s.incidents[v].repair.mean_hours if v in s.incidents else 0.0
                        for v in SEVERITIES] for s in scenario.systems])
    travel = np.array([s.hardware.onsite_fraction * s.hardware.travel_hours if s.hardware
                       else 0.0 for s in scenario.systems])
    hours = worked_hours(repair, weights, mult, esc, team.escalation_handover_hours) + travel[
        :, None]
    return float((day * hours).sum() / day.sum()) if day.sum() > 0 else 0.0


def _screen(scenario: Scenario, headcount: tuple[int, ...], target_hours: float,
            target_level: float) -> tuple[int, float, float]:
    """(servers, Erlang C service level, fractional FTE needed) for one candidate team."""
    levels = [lv.model_copy(update={"headcount": float(h)})
              for lv, h in zip(scenario.team.levels, headcount, strict=True)]
    candidate = scenario.model_copy(update={"team": scenario.team.model_copy(
        update={"levels": levels})})
    mix = team_mix(candidate, plan_for(candidate, Strategy.in_house))
    servers = engineers_on_duty(candidate, mix)
    lam, day, covered = _day_queue(candidate)
    service = _mean_service(candidate, mix.weights, day)
    ack = scenario.team.response_minutes / 60.0
    floor = scenario.team.min_on_duty * covered / scenario.team.net_hours_per_fte
    if lam <= 0 or service <= 0:
        return servers, float(-np.expm1(-target_hours / ack)) if ack > 0 else 1.0, floor
    level = service_level(lam, service, servers, target_hours, ack) \
        if lam * service < servers else 0.0
    try:
        needed = max(required_servers(lam, service, target_hours, target_level, ack),
                     scenario.team.min_on_duty)
    except ValueError:  # the acknowledgement alone misses the target
        return servers, level, float("inf")
    return servers, level, needed * covered / scenario.team.net_hours_per_fte


def _simulated_level(scenario: Scenario, target_hours: float, trials: int, seed: int) -> float:
    """Share of every S1 incident — day queue, on-call or waiting for the window alike — whose
    engineer starts work within ``target_hours`` of detection, on the wall clock."""
    result = simulate(scenario, Strategy.in_house, trials, seed)
    frame = result.table.columns
    counted = frame["severity"] == SEVERITIES.index(TARGET_SEVERITY)
    if not counted.any():
        return 1.0
    return float(np.mean(frame["wait_hours"][counted] <= target_hours))


def default_response_hours(scenario: Scenario) -> float:
    """The response target staffing aims at by default: the organisation's S1 target, else
    the contract's."""
    goal = scenario.targets.get(SEVERITIES[0])
    return goal.response_hours if goal else \
        scenario.contract.terms[SEVERITIES[0]].response_hours


def optimise_staffing(
    scenario: Scenario,
    target_hours: float | None = None,
    target_level: float = 0.8,
    coverages: tuple[str, ...] = ("current", "24x7"),
    trials: int = 2_000,
    seed: int = 0,
    executor: Executor | None = None,
) -> StaffingResult:
    """The cheapest whole-FTE team whose engineers start work within ``target_hours`` for at
    least ``target_level`` of incidents (default target: the organisation's S1 response target,
    else the contract's)."""
    if target_hours is None:
        target_hours = default_response_hours(scenario)
    if not (math.isfinite(target_hours) and target_hours > 0) or not 0 < target_level < 1:
        raise ValueError(Text("the response target needs hours > 0 and a level in (0, 1)"))
    names = [lv.name for lv in scenario.team.levels]
    ack = scenario.team.response_minutes / 60.0
    reachable = float(-np.expm1(-target_hours / ack)) if ack > 0 else 1.0
    if reachable < target_level:
        return StaffingResult(target_hours, target_level, scenario.finance.currency, None, (),
                              acknowledgement_minutes=scenario.team.response_minutes,
                              acknowledgement_share=reachable)
    shortlist: list[tuple[dict, StaffingOption]] = []
    seen = set()
    for cover in coverages:
        base = scenario if cover == "current" or scenario.team.coverage.mode == cover else \
            scenario.with_changes(**{"team.coverage.mode": cover})
        label = base.team.coverage.mode
        if label in seen:
            continue
        seen.add(label)
        stats = coverage_stats(base.team.coverage)
        per_server = stats.covered_hours_per_year / base.team.net_hours_per_fte
        smallest = max(1, math.ceil(base.team.min_on_duty * per_server - 1e-9),
                       math.floor((_fewest_servers(base, target_hours, target_level) - 0.5)
                                  * per_server))
        passing = []
        lowest = None
        for total in range(smallest, MAX_FTE + 1):
            if lowest is not None and total > lowest + EXTRA_FTE:
                break
            for split in _compositions(total, len(names)):
                servers, level, needed = _screen(base, split, target_hours, target_level)
                if level >= target_level:
                    lowest = total if lowest is None else lowest
                    passing.append((split, servers, level, needed))
        changes = [{**({} if cover == "current" else {"team.coverage.mode": label}),
                    **{f"team.levels.{k}.headcount": float(h) for k, h in enumerate(split)}}
                   for split, *_ in passing]
        costs = sweep(scenario, changes, executor)
        for change, (split, servers, level, needed), point in zip(
                changes, passing, costs, strict=True):
            shortlist.append((change, StaffingOption(
                label, dict(zip(names, split, strict=True)), sum(split), needed, servers,
                level, point[Strategy.in_house][0])))
    shortlist.sort(key=lambda item: item[1].annual_cost)
    confirmed: list[StaffingOption] = []
    best = None
    for change, option in shortlist[:MAX_CONFIRM]:
        level = _simulated_level(scenario.with_changes(**change), target_hours, trials, seed)
        option = StaffingOption(**{**option.__dict__, "simulated_level": level})
        confirmed.append(option)
        if level >= target_level:
            best = option
            break
    options = tuple(confirmed) + tuple(o for _, o in shortlist[len(confirmed):])
    return StaffingResult(target_hours, target_level, scenario.finance.currency, best,
                          options)


def _fewest_servers(scenario: Scenario, target_hours: float, target_level: float) -> int:
    """A lower bound on the engineers on duty: Erlang C for a team all of its fastest level."""
    lam, day, _ = _day_queue(scenario)
    if lam <= 0:
        return 1
    fastest = min(_mean_service(scenario, np.eye(len(scenario.team.levels))[k], day)
                  for k in range(len(scenario.team.levels)))
    return required_servers(lam, fastest, target_hours, target_level,
                            scenario.team.response_minutes / 60.0)


def _compositions(total: int, parts: int):
    """Every way to write ``total`` as ``parts`` non-negative whole numbers."""
    for cuts in itertools.combinations(range(total + parts - 1), parts - 1):
        edges = (-1, *cuts, total + parts - 1)
        yield tuple(edges[k + 1] - edges[k] - 1 for k in range(parts))
