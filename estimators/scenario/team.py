"""The in-house team: coverage windows, on-call, skill levels and headcount (docs/model.md §4,
§7)."""

from __future__ import annotations

import math
from datetime import time
from typing import Literal

from pydantic import Field, field_validator, model_validator

from estimators.scenario.fields import Fraction, Money, ScenarioPart, Severity, Weekday
from estimators.text import Text

__all__ = ["Coverage", "OnCall", "Premiums", "SkillLevel", "Team", "kept_headcount", "whole_people"]


class Coverage(ScenarioPart):
    """A coverage window: 24x7, or business hours on some weekdays minus public holidays.

    Windows are same-day (``start`` < ``end``) on a 15-minute grid; ``holidays_per_year``
    covered days a year are closed (Japan: 16 national holidays plus the year-end break).
    """

    mode: Literal["24x7", "business_hours"] = "business_hours"
    days: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")
    start: time = time(9, 0)
    end: time = time(18, 0)
    holidays_per_year: int = Field(0, ge=0, le=120, description="Closed covered days a year")

    @field_validator("start", "end", mode="before")
    @classmethod
    def _clock_time(cls, value: object) -> object:
        """A time of day as "HH:MM" text (or a time): numbers would be read as seconds since
        1970 in UTC, which is not what anyone means by a window's start."""
        if isinstance(value, (int, float)):
            raise ValueError(Text("must be a time such as 09:00"))
        return value

    @field_validator("start", "end")
    @classmethod
    def _local(cls, value: time) -> time:
        """Windows are in local time: an offset such as +09:00 is dropped."""
        return value.replace(tzinfo=None)

    @model_validator(mode="after")
    def _window(self) -> Coverage:
        if self.mode == "24x7":
            return self
        if not self.days:
            raise ValueError(Text("business-hours coverage needs at least one day"))
        for label, t in (("start", self.start), ("end", self.end)):
            if t.minute % 15 or t.second or t.microsecond:
                raise ValueError(Text("{label} must be on a 15-minute boundary, got {time}",
                                      label=label, time=f"{t:%H:%M}"))
        if self.end <= self.start:
            raise ValueError(Text("end must be later than start on the same day"))
        open_days = 52 * len(set(self.days))
        if self.holidays_per_year >= open_days:
            raise ValueError(Text(
                "holidays_per_year must be below the {days} covered days a year", days=open_days))
        return self

    @property
    def hours_per_day(self) -> float:
        if self.mode == "24x7":
            return 24.0
        return (self.end.hour - self.start.hour) + (self.end.minute - self.start.minute) / 60.0

    @property
    def hours_per_week(self) -> float:
        """Nominal covered hours per week (before holidays)."""
        return 168.0 if self.mode == "24x7" else self.hours_per_day * len(set(self.days))


class OnCall(ScenarioPart):
    """After-hours on-call for a business-hours team (an off-hours page is a night interruption)."""

    enabled: bool = False
    response_minutes: float = Field(30.0, ge=0.0, le=1440.0, description="Minutes to respond")
    allowance_per_week: Money = Field(0.0, description="Standby allowance per on-call week")
    callout_premium: Money = Field(0.0, description="Premium paid per off-hours page")
    paged_severities: list[Severity] = Field(
        default_factory=lambda: [Severity.S1], description="Severities that page after hours"
    )
    # --- people (issue 15 §2): the rota
    max_share: float = Field(
        0.25, gt=0.0, le=1.0,
        description="Most of the weeks one person may be on call (0.25: one week in four); the "
                    "rota needs ceil(1 / max_share) people")

    @property
    def rota_people(self) -> int:
        """People the rota needs so nobody is on call more than ``max_share`` of the weeks:
        ceil(1 / max_share) (0.25 → 4)."""
        return math.ceil(1.0 / self.max_share - 1e-9)


class Premiums(ScenarioPart):
    """Japanese statutory premiums on in-house work outside the team's coverage window
    (労働基準法 §37; docs/model.md §10, "Premiums").

    Rates are fractions of the hourly loaded cost. Hours worked outside the window are overtime
    (``overtime``); on the ``statutory_holiday`` weekday they are paid at ``holiday`` instead;
    those between 22:00 and 05:00 add ``late_night`` either way.
    """

    overtime: float = Field(0.25, ge=0.0, le=3.0, description="Overtime premium (0.25 = +25 %)")
    late_night: float = Field(0.25, ge=0.0, le=3.0,
                              description="Late-night premium, 22:00-05:00 (0.25 = +25 %)")
    holiday: float = Field(0.35, ge=0.0, le=3.0,
                           description="Statutory-holiday premium, instead of overtime (0.35)")
    statutory_holiday: Weekday = Field("sun", description="The weekly statutory holiday (法定休日)")


# --------------------------------------------------------------------------- team


def whole_people(headcount: float) -> int:
    """People behind a headcount: round-up, so 0.5 of someone's time is one person (兼任); a
    whole number (within 1e-9, for float noise) is itself."""
    return max(0, math.ceil(headcount - 1e-9))


def kept_headcount(levels: list[SkillLevel] | tuple[SkillLevel, ...], scale: float) -> list[float]:
    """Headcount per level when a plan keeps ``scale`` of the team (hybrid ``team_scale``, the
    optimisers' scaled teams, the what-if team size), in whole people (docs/model.md §7).

    Whole-people levels keep K = ceil(scale · W) people of their W (round-up: a team that keeps
    75 % of 2 people keeps 2, not 1.5), shared among the levels by largest remainder (Hamilton):
    each level keeps floor(scale · headcount_k), and the people still to place go one each to
    the levels with the largest fractional parts (ties: the earlier level). Part-time levels
    keep the FTE share ``scale · headcount_k`` (their people stay whole: ceil of it).
    """
    quotas = [lv.headcount * scale for lv in levels]
    out = [q if lv.part_time else 0.0 for lv, q in zip(levels, quotas, strict=True)]
    whole = [k for k, lv in enumerate(levels) if not lv.part_time]
    if not whole:
        return out
    target = whole_people(sum(quotas[k] for k in whole))
    floors = {k: math.floor(quotas[k] + 1e-9) for k in whole}
    left = target - sum(floors.values())
    order = sorted(whole, key=lambda k: (-(quotas[k] - floors[k]), k))
    for rank, k in enumerate(order):
        out[k] = float(floors[k] + (1 if rank < left else 0))
    return out


class SkillLevel(ScenarioPart):
    """Engineers of one skill level (docs/model.md §7).

    ``headcount`` is whole people, unless the level is ``part_time`` (兼任): then it is the FTE
    share those people give to IT, and the level has ceil(headcount) people.
    """

    name: str = Field(min_length=1, max_length=40)
    headcount: float = Field(
        ge=0.0, le=1000.0,
        description="People at this level (whole); for a part-time level, the FTE they give to IT")
    part_time: bool = Field(
        False, description="The level's people give part of their time to IT (兼任): headcount "
                           "is then their FTE share and may be fractional")
    annual_loaded_cost: Money = Field(
        description="Salary + social insurance + benefits + overhead, per FTE-year"
    )
    repair_time_multiplier: float = Field(
        1.0, gt=0.0, le=10.0, description="Scales repair time (senior < 1 < junior)"
    )
    escalation_probability: Fraction = Field(0.0, description="Share of incidents escalated")
    training_cost_per_year: Money = Field(0.0, description="Training and certification per FTE")
    ramp_up_months: float = Field(3.0, ge=0.0, le=36.0, description="Months to full productivity")

    @model_validator(mode="after")
    def _whole_people(self) -> SkillLevel:
        """Whole people, unless marked part-time: 1.5 engineers is nobody's team."""
        if not self.part_time and abs(self.headcount - round(self.headcount)) > 1e-9:
            raise ValueError(Text(
                "headcount is {value:g} people: a team is whole people. Enter a whole number, "
                "or set \"part_time\": true on this level (兼任) to give the FTE share its "
                "people work in IT", value=self.headcount))
        return self

    @property
    def people(self) -> int:
        """People at this level: the headcount, or ceil(headcount) for a part-time level."""
        return whole_people(self.headcount)
    # ---- key-person risk (属人化), docs/model.md §7b ----------------------------------------
    sole_expert_for: list[str] = Field(
        default_factory=list, max_length=500,
        description="Systems only this level knows (names of the scenario's systems): while "
                    "nobody of this level is present, their in-house repairs go to the vendor "
                    "at time-and-materials rates, or wait (team.sole_expert_fallback)")


class Team(ScenarioPart):
    """The in-house team: skill levels, working time, coverage and on-call."""

    levels: list[SkillLevel] = Field(min_length=1)
    hours_per_week_per_fte: float = Field(40.0, gt=0.0, le=80.0, description="Contract hours/week")
    shrinkage: float = Field(
        0.11, ge=0.0, lt=1.0, description="Leave, training and sickness share of paid hours"
    )
    maintenance_share: Fraction = Field(
        0.8, description="Share of net hours available for maintenance work"
    )
    min_on_duty: int = Field(1, ge=1, le=100, description="Engineers on duty during the window")
    response_minutes: float = Field(
        15.0, ge=0.0, le=1440.0, description="Minutes to acknowledge inside the window"
    )
    escalation_handover_hours: float = Field(0.5, ge=0.0, le=72.0, description="Hand-over, hours")
    queue_discipline: Literal["fcfs", "severity"] = Field(
        "fcfs", description="Waiting incidents: first come first served, or S1 before S2 before S3"
    )
    coverage: Coverage = Field(default_factory=Coverage)
    on_call: OnCall = Field(default_factory=OnCall)
    tools_cost_per_year: Money = Field(0.0, description="Ticketing, monitoring, licences")
    attrition_rate: Fraction = Field(0.1, description="Leavers per FTE per year")
    attrition_per_weekly_night_page: float = Field(
        0.02, ge=0.0, le=1.0, description="Extra attrition per night page per engineer-week"
    )
    recruiting_cost: Money = Field(0.0, description="Cost to hire one replacement")
    # --- people (issue 15 §2): statutory premiums on call-outs
    premiums: Premiums = Field(default_factory=Premiums)

    # ---- key-person risk (属人化), docs/model.md §7b ----------------------------------------
    # Absence and departures of the team's people, drawn by the Monte Carlo from a stream of
    # their own; every person is a whole person (math.ceil of a level's kept headcount).
    leave_days_per_year: float = Field(
        11.0, ge=0.0, le=100.0,
        description="Planned leave taken per person, working days a year (Japan: about 10.9 "
                    "days of paid leave taken, 厚生労働省 就労条件総合調査 令和5年)")
    sick_days_per_year: float = Field(
        3.0, ge=0.0, le=100.0,
        description="Sickness absence per person beyond planned leave, working days a year")
    vacancy_months: float = Field(
        3.0, ge=0.0, le=36.0,
        description="Recruiting lead time: months a leaver's seat stays empty before the new "
                    "hire starts (then the level's ramp_up_months apply)")
    new_hire_repair_factor: float = Field(
        1.0, ge=1.0, le=10.0,
        description="A new hire's repair time on the first day, as a multiple of the level's; "
                    "falls linearly to 1 over the level's ramp_up_months (1: no slowdown, the "
                    "attrition line alone prices the ramp-up; 2: twice as long at first)")
    sole_expert_fallback: Literal["vendor", "wait"] = Field(
        "vendor",
        description="When a sole-expert level is absent: 'vendor' escalates to the vendor at "
                    "contract.overage_rate per hour (time and materials; needs a rate above 0, "
                    "else the incident waits), 'wait' waits until someone of that level is back")

    @model_validator(mode="after")
    def _unique_levels(self) -> Team:
        names = [level.name for level in self.levels]
        if len(names) != len(set(names)):
            raise ValueError(Text("skill level names must be unique"))
        return self

    @property
    def key_person_inputs(self) -> bool:
        """Whether anything can take a person away: leave, sickness or departures (attrition).

        When False the Monte Carlo draws no key-person events and gives, bit for bit, the model
        without them (docs/model.md §7b)."""
        return (self.leave_days_per_year > 0 or self.sick_days_per_year > 0
                or self.attrition_rate > 0)

    @property
    def headcount(self) -> float:
        """FTE of the whole team (part-time levels at their share)."""
        return sum(level.headcount for level in self.levels)

    @property
    def people(self) -> int:
        """People in the whole team, part-timers counted as people."""
        return sum(level.people for level in self.levels)

    @property
    def labour_cost(self) -> float:
        """Loaded labour of the whole team a year: Σ_k headcount_k · annual_loaded_cost_k
        (money/yr; not scaled by any plan)."""
        return sum(level.headcount * level.annual_loaded_cost for level in self.levels)

    @property
    def net_hours_per_fte(self) -> float:
        """Net working hours per FTE-year: hours/week × 52 × (1 − shrinkage)."""
        return self.hours_per_week_per_fte * 52.0 * (1.0 - self.shrinkage)
