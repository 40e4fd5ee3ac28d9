"""The scenario model: the one currency every estimator, page and command passes around.

A scenario describes an organisation's systems, its in-house team, a vendor contract, the hybrid
split between them, and the finance settings (docs/model.md §1-§3, Appendix A). It is a
pydantic v2 model:
validated on construction, serialisable to and from JSON, and immutable in use (estimators never
mutate it; what-if changes go through ``model_copy(update=...)`` or :func:`with_changes`).

Units are in the field names (``_hours``, ``_per_year``, ``_minutes``) or descriptions. Money is in
the scenario's ``finance.currency``; rates are fractions (0.05 = 5 %).
"""

from __future__ import annotations

import math
from datetime import time
from enum import StrEnum
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.fields import FieldInfo
from scipy import special, stats

from estimators.scenario.ranges import UncertainInputs
from estimators.text import Text

__all__ = [
    "CURRENCIES",
    "AssetKind",
    "Assignment",
    "AssignmentOverride",
    "Contract",
    "Coverage",
    "Criticality",
    "Effects",
    "Finance",
    "HardwareNeeds",
    "HybridSplit",
    "IncidentProfile",
    "MaintenanceType",
    "Monitoring",
    "OnCall",
    "PLANNED_TYPES",
    "Party",
    "RepairTime",
    "Scenario",
    "ServiceTarget",
    "SEVERITIES",
    "Severity",
    "SeverityTerms",
    "SkillLevel",
    "System",
    "Team",
    "VendorTier",
]


class Severity(StrEnum):
    """Incident severity: S1 outage, S2 degraded service, S3 minor."""

    S1 = "S1"
    S2 = "S2"
    S3 = "S3"


class MaintenanceType(StrEnum):
    """The five maintenance types, the costing axis of docs/model.md §2."""

    corrective = "corrective"
    adaptive = "adaptive"
    preventive = "preventive"
    perfective = "perfective"
    predictive = "predictive"


SEVERITIES: tuple[Severity, ...] = tuple(Severity)
"""Severities in order, S1 first (array axes follow this order)."""

PLANNED_TYPES: tuple[MaintenanceType, ...] = (
    MaintenanceType.adaptive,
    MaintenanceType.preventive,
    MaintenanceType.perfective,
    MaintenanceType.predictive,
)
"""Maintenance types planned in hours per year (corrective is incident-driven)."""


class AssetKind(StrEnum):
    """Hardware (servers, NAS, network, UPS, devices), software (OS, apps, DB) or cloud service."""

    hardware = "hardware"
    software = "software"
    cloud = "cloud"


class Criticality(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


class Monitoring(StrEnum):
    """Monitoring maturity: none, basic (ping/threshold alerts) or advanced (Zabbix, Datadog...)."""

    none = "none"
    basic = "basic"
    advanced = "advanced"


class Party(StrEnum):
    """Who does a piece of work."""

    in_house = "in_house"
    vendor = "vendor"


Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
NonNegative = Annotated[float, Field(ge=0.0, le=1e9)]
Money = Annotated[float, Field(ge=0.0, le=1e13, json_schema_extra={"unit": "money"})]
"""An amount in the scenario's currency (marked so currency conversion finds every one)."""
PlannedHours = Annotated[float, Field(ge=0.0, le=50_000.0)]


class _Model(BaseModel):
    """Base for every scenario part: unknown fields are errors, instances are frozen, and NaN or
    infinity is refused in every number (JSON parsers accept them; no input means them)."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True,
                              allow_inf_nan=False)


# --------------------------------------------------------------------------- systems


class RepairTime(_Model):
    """Distribution of hands-on repair time (hours) for one system and severity.

    ``lognormal``: median ``median_hours`` and log-sd ``sigma`` (the usual choice for repair
    times, docs/model.md §5); ``exponential``: mean ``median_hours / ln 2``;
    ``weibull`` and ``gamma``: ``shape`` with the scale set so the median is ``median_hours``.
    Parameterising every family by its median keeps the inputs comparable across families.
    """

    distribution: Literal["lognormal", "exponential", "weibull", "gamma"] = "lognormal"
    median_hours: float = Field(gt=0.0, le=10_000.0, description="Median repair time, hours")
    sigma: float = Field(1.0, gt=0.0, le=5.0, description="Log-sd for lognormal (dimensionless)")
    shape: float = Field(1.5, gt=0.0, le=50.0, description="Shape for weibull and gamma")

    @property
    def scale_hours(self) -> float:
        """The scipy scale parameter that puts the median at ``median_hours``."""
        m = self.median_hours
        if self.distribution == "lognormal":
            return m
        if self.distribution == "exponential":
            return m / math.log(2.0)
        if self.distribution == "weibull":
            return m / math.log(2.0) ** (1.0 / self.shape)
        return m / float(special.gammaincinv(self.shape, 0.5))

    def frozen(self) -> stats.rv_continuous:
        """The scipy.stats frozen distribution of repair time in hours."""
        scale = self.scale_hours
        if self.distribution == "lognormal":
            return stats.lognorm(s=self.sigma, scale=scale)
        if self.distribution == "exponential":
            return stats.expon(scale=scale)
        if self.distribution == "weibull":
            return stats.weibull_min(c=self.shape, scale=scale)
        return stats.gamma(a=self.shape, scale=scale)

    @property
    def mean_hours(self) -> float:
        """Mean repair time, hours, in closed form (lognormal: median · exp(σ²/2); exponential:
        scale; Weibull: scale · Γ(1 + 1/k); gamma: k · scale)."""
        scale = self.scale_hours
        if self.distribution == "lognormal":
            return scale * math.exp(self.sigma**2 / 2.0)
        if self.distribution == "exponential":
            return scale
        if self.distribution == "weibull":
            return scale * math.gamma(1.0 + 1.0 / self.shape)
        return self.shape * scale


class IncidentProfile(_Model):
    """Incident rate and repair time for one system at one severity."""

    rate_per_year: float = Field(ge=0.0, le=100_000.0, description="Incidents per year")
    repair: RepairTime


class HardwareNeeds(_Model):
    """Parts and on-site needs of a hardware system."""

    parts_cost_per_year: Money = Field(0.0, description="Spares and replacements, per year")
    parts_cost_per_incident: Money = Field(0.0, description="Parts used per incident")
    onsite_fraction: Fraction = Field(
        0.5, description="Share of incidents that need someone on site (0-1)"
    )
    travel_hours: float = Field(
        1.0, ge=0.0, le=240.0, description="In-house travel time to the site before repair, hours"
    )


def _planned_default() -> dict[MaintenanceType, float]:
    return {t: 0.0 for t in PLANNED_TYPES}


class System(_Model):
    """One system under maintenance (docs/model.md §2, §5)."""

    name: str = Field(min_length=1, max_length=80)
    kind: AssetKind
    criticality: Criticality = Criticality.medium
    monitoring: Monitoring = Monitoring.basic
    downtime_cost_per_hour: Money = Field(description="Business cost of one outage hour")
    incidents: dict[Severity, IncidentProfile] = Field(
        description="Incident rate and repair time per severity"
    )
    planned_hours_per_year: dict[MaintenanceType, PlannedHours] = Field(
        default_factory=_planned_default,
        description="Planned hours per year for adaptive, preventive, perfective, predictive",
    )
    hardware: HardwareNeeds | None = None
    build_cost: Money | None = Field(
        None, description="Original build cost, for the 5-15 % per year sanity band"
    )

    @field_validator("planned_hours_per_year")
    @classmethod
    def _planned_only(cls, value: dict[MaintenanceType, float]) -> dict[MaintenanceType, float]:
        if MaintenanceType.corrective in value:
            raise ValueError(Text(
                "corrective work is incident-driven: give incident rates, not planned hours"))
        return {t: float(value.get(t, 0.0)) for t in PLANNED_TYPES}

    def planned(self, kind: MaintenanceType) -> float:
        """Planned hours per year for one planned maintenance type."""
        return self.planned_hours_per_year.get(kind, 0.0)


# --------------------------------------------------------------------------- coverage


class Coverage(_Model):
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


class OnCall(_Model):
    """After-hours on-call for a business-hours team (an off-hours page is a night interruption)."""

    enabled: bool = False
    response_minutes: float = Field(30.0, ge=0.0, le=1440.0, description="Minutes to respond")
    allowance_per_week: Money = Field(0.0, description="Standby allowance per on-call week")
    callout_premium: Money = Field(0.0, description="Premium paid per off-hours page")
    paged_severities: list[Severity] = Field(
        default_factory=lambda: [Severity.S1], description="Severities that page after hours"
    )


# --------------------------------------------------------------------------- team


class SkillLevel(_Model):
    """Engineers of one skill level (docs/model.md §7)."""

    name: str = Field(min_length=1, max_length=40)
    headcount: float = Field(ge=0.0, le=1000.0, description="FTE at this level")
    annual_loaded_cost: Money = Field(
        description="Salary + social insurance + benefits + overhead, per FTE-year"
    )
    repair_time_multiplier: float = Field(
        1.0, gt=0.0, le=10.0, description="Scales repair time (senior < 1 < junior)"
    )
    escalation_probability: Fraction = Field(0.0, description="Share of incidents escalated")
    training_cost_per_year: Money = Field(0.0, description="Training and certification per FTE")
    ramp_up_months: float = Field(3.0, ge=0.0, le=36.0, description="Months to full productivity")


class Team(_Model):
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

    @model_validator(mode="after")
    def _unique_levels(self) -> Team:
        names = [level.name for level in self.levels]
        if len(names) != len(set(names)):
            raise ValueError(Text("skill level names must be unique"))
        return self

    @property
    def headcount(self) -> float:
        return sum(level.headcount for level in self.levels)

    @property
    def net_hours_per_fte(self) -> float:
        """Net working hours per FTE-year: hours/week × 52 × (1 − shrinkage)."""
        return self.hours_per_week_per_fte * 52.0 * (1.0 - self.shrinkage)


# --------------------------------------------------------------------------- vendor


class SeverityTerms(_Model):
    """Contract targets for one severity, and how often the vendor meets them."""

    response_hours: float = Field(gt=0.0, le=720.0, description="Response target, hours")
    resolution_hours: float = Field(gt=0.0, le=2160.0, description="Resolution target, hours")
    p_response: float = Field(0.95, gt=0.0, lt=1.0, description="P(response within target)")
    p_resolution: float = Field(0.9, gt=0.0, lt=1.0, description="P(resolution within target)")
    per_incident_fee: Money = Field(0.0, description="Fee per incident handled")
    credit_pct: float = Field(0.0, ge=0.0, le=100.0, description="% of monthly fee per breach")
    around_the_clock: bool = Field(
        False, description="Handled 24x7 whatever the contract's coverage window"
    )

    @model_validator(mode="after")
    def _order(self) -> SeverityTerms:
        if self.resolution_hours <= self.response_hours:
            raise ValueError(Text("resolution_hours must be greater than response_hours"))
        return self


class Contract(_Model):
    """The vendor maintenance contract: every term of docs/model.md §8."""

    vendor: str = Field("Vendor", min_length=1, max_length=80)
    monthly_fee: Money = Field(description="Fixed fee per month")
    included_hours_per_month: NonNegative = Field(0.0, description="Hours covered by the fee")
    overage_rate: Money = Field(0.0, description="Per hour beyond included hours (or T&M rate)")
    terms: dict[Severity, SeverityTerms]
    coverage: Coverage = Field(default_factory=Coverage)
    repair_time_multiplier: float = Field(
        1.0, gt=0.0, le=10.0, description="Vendor engineers' repair time vs the system's"
    )
    onsite_response_hours: float = Field(
        4.0, ge=0.0, le=720.0, description="Vendor travel to site for hardware, hours"
    )
    onsite_visit_fee: Money = Field(0.0, description="Fee per on-site visit")
    parts_included: bool = Field(False, description="Parts covered by the vendor")
    credit_cap_pct: float = Field(
        100.0, ge=0.0, le=100.0, description="Credits cap, % of the monthly fee"
    )
    annual_escalation: float = Field(0.0, ge=-0.5, le=1.0, description="Price rise per year")
    minimum_term_months: int = Field(12, ge=0, le=240)
    transition_cost: Money = Field(0.0, description="One-off cost to move work to the vendor")
    management_fte: float = Field(0.1, ge=0.0, le=50.0, description="Internal FTE managing")
    management_cost_per_fte: Money = Field(0.0, description="Loaded cost of that FTE per year")

    @model_validator(mode="after")
    def _all_severities(self) -> Contract:
        missing = [s.value for s in Severity if s not in self.terms]
        if missing:
            raise ValueError(Text("terms are missing for severities {names}",
                                  names=", ".join(missing)))
        return self


class VendorTier(_Model):
    """Another contract option from the vendor (a coverage tier): the terms it changes.

    Unset fields keep the scenario's contract; ``terms`` replaces the named severities only.
    """

    name: str = Field(min_length=1, max_length=80)
    monthly_fee: Money = Field(description="Fixed fee per month for this tier")
    included_hours_per_month: NonNegative | None = None
    overage_rate: Money | None = None
    coverage: Coverage | None = None
    terms: dict[Severity, SeverityTerms] = Field(default_factory=dict)
    repair_time_multiplier: float | None = Field(None, gt=0.0, le=10.0)
    onsite_response_hours: float | None = Field(None, ge=0.0, le=720.0)
    notes: str = Field("", max_length=2_000)

    def apply(self, contract: Contract) -> Contract:
        """The contract with this tier's terms."""
        changes = {k: v for k, v in self.model_dump(exclude={"name", "notes", "terms"}).items()
                   if v is not None}
        if self.coverage is not None:
            changes["coverage"] = self.coverage
        return contract.model_copy(update={**changes, "terms": {**contract.terms,
                                                                **self.terms}})


# --------------------------------------------------------------------------- hybrid split


class Assignment(_Model):
    """Who does each piece of one system's maintenance."""

    first_response: Party = Party.in_house
    recovery: Party = Party.vendor
    adaptive: Party = Party.vendor
    preventive: Party = Party.in_house
    perfective: Party = Party.in_house
    predictive: Party = Party.in_house

    def planned_party(self, kind: MaintenanceType) -> Party:
        return getattr(self, kind.value)

    def uses(self, party: Party) -> bool:
        return party in {getattr(self, name) for name in type(self).model_fields}

    @classmethod
    def everything(cls, party: Party) -> Assignment:
        return cls(**{name: party for name in cls.model_fields})


class AssignmentOverride(_Model):
    """Per-system exceptions to the default hybrid assignment (unset fields keep the default)."""

    first_response: Party | None = None
    recovery: Party | None = None
    adaptive: Party | None = None
    preventive: Party | None = None
    perfective: Party | None = None
    predictive: Party | None = None


class HybridSplit(_Model):
    """The hybrid strategy: a default assignment, per-system overrides, and what is kept."""

    default: Assignment = Field(default_factory=Assignment)
    per_system: dict[str, AssignmentOverride] = Field(default_factory=dict)
    team_scale: Fraction = Field(
        0.5, description="Share of the in-house team kept under the hybrid strategy"
    )
    vendor_fee_scale: Fraction = Field(
        0.6, description="Share of the vendor's fixed fee and included hours under hybrid"
    )

    def for_system(self, name: str) -> Assignment:
        override = self.per_system.get(name)
        if override is None:
            return self.default
        changes = {k: v for k, v in override.model_dump().items() if v is not None}
        return self.default.model_copy(update=changes)


# --------------------------------------------------------------------------- finance etc.

Currency = Literal["JPY", "USD", "EUR"]
CURRENCIES: tuple[str, ...] = get_args(Currency)
"""The currencies a scenario may be in (ISO 4217 codes)."""


class Finance(_Model):
    """Currency, horizon and escalation for multi-year totals and NPV."""

    currency: Currency = "JPY"
    horizon_years: int = Field(5, ge=1, le=30)
    discount_rate: float = Field(0.03, ge=0.0, le=0.5, description="Per year, for NPV")
    salary_escalation: float = Field(0.02, ge=-0.5, le=1.0, description="Per year")
    general_inflation: float = Field(
        0.02, ge=-0.5, le=1.0, description="Per year: tools, parts, downtime cost"
    )


class ServiceTarget(_Model):
    """The organisation's own target for one severity (to the business, not the vendor's SLA)."""

    response_hours: float = Field(gt=0.0, le=720.0)
    restore_hours: float = Field(gt=0.0, le=2160.0)


class Effects(_Model):
    """Model assumptions: detection, preventive and predictive effects (docs/model.md §5, §6).

    Preventive work scales incident rates by ``1 − max_reduction × (1 − exp(−h / saturation))``
    for ``h`` preventive hours per year on the system: diminishing returns, never below
    ``1 − max_reduction``. Predictive work avoids incidents and shortens detection the same way.
    """

    incident_rate_multiplier: float = Field(
        1.0, ge=0.0, le=100.0, description="What-if scale on every incident rate"
    )
    detection_minutes: dict[Monitoring, Annotated[float, Field(ge=0.0, le=525_600.0)]] = Field(
        default_factory=lambda: {
            Monitoring.none: 60.0,
            Monitoring.basic: 15.0,
            Monitoring.advanced: 5.0,
        },
        description="Mean detection delay by monitoring maturity, minutes",
    )
    impact_factor: dict[Severity, Fraction] = Field(
        default_factory=lambda: {Severity.S1: 1.0, Severity.S2: 0.3, Severity.S3: 0.05},
        description="Share of an outage hour's business cost per hour at each severity",
    )
    preventive_max_reduction: Fraction = 0.3
    preventive_saturation_hours: float = Field(80.0, gt=0.0, le=100_000.0)
    predictive_max_avoidance: Fraction = 0.2
    predictive_max_detection_cut: Fraction = 0.5
    predictive_saturation_hours: float = Field(80.0, gt=0.0, le=100_000.0)
    predictive_tooling_cost_per_year: Money = 0.0
    triage_hours: float = Field(0.25, ge=0.0, le=24.0, description="First-response labour, hours")
    overtime_premium: float = Field(
        0.25, ge=0.0, le=3.0, description="Overtime pay premium (Japan: at least 25 %)"
    )

    @model_validator(mode="after")
    def _keys(self) -> Effects:
        for field, enum in (("detection_minutes", Monitoring), ("impact_factor", Severity)):
            missing = [m.value for m in enum if m not in getattr(self, field)]
            if missing:
                raise ValueError(Text("{field} is missing {names}", field=field,
                                      names=", ".join(missing)))
        return self


class Scenario(_Model):
    """Everything Hoshu needs to cost and simulate one organisation's maintenance."""

    name: str = Field(min_length=1, max_length=120)
    notes: str = Field("", max_length=20_000, description="Where the figures come from")
    systems: list[System] = Field(min_length=1, max_length=500)
    team: Team
    contract: Contract
    hybrid: HybridSplit = Field(default_factory=HybridSplit)
    finance: Finance = Field(default_factory=Finance)
    targets: dict[Severity, ServiceTarget] = Field(default_factory=dict)
    availability_target: float = Field(0.999, gt=0.0, lt=1.0)
    effects: Effects = Field(default_factory=Effects)
    vendor_tiers: list[VendorTier] = Field(
        default_factory=list, max_length=20,
        description="Other contract options (coverage tiers) the vendor offers")
    uncertainty: UncertainInputs = Field(
        default_factory=UncertainInputs,
        description="Ranges on inputs, sampled by the Monte Carlo and used by sensitivity")

    @model_validator(mode="after")
    def _references(self) -> Scenario:
        names = [s.name for s in self.systems]
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated:
            raise ValueError(Text("system names must be unique; repeated: {names}",
                                  names=", ".join(duplicated)))
        unknown = sorted(set(self.hybrid.per_system) - set(names))
        if unknown:
            raise ValueError(Text("hybrid.per_system names unknown systems: {unknown} (known: "
                                  "{known})", unknown=", ".join(unknown), known=", ".join(names)))
        for item in self.uncertainty.inputs:
            self.number_at(item.path)
        tiers = [t.name for t in self.vendor_tiers]
        repeated = sorted({n for n in tiers if tiers.count(n) > 1})
        if repeated:
            raise ValueError(Text("vendor tier names must be unique; repeated: {names}",
                                  names=", ".join(repeated)))
        return self

    def locate(self, path: str) -> tuple[object, FieldInfo | None]:
        """The value at a dotted path, and the field it is when the path ends at a model field
        (None when it ends at a list item or dict entry). ValueError when it leads nowhere."""
        node: object = self
        info = None
        for key in path.split("."):
            if isinstance(node, BaseModel) and key in type(node).model_fields:
                info = type(node).model_fields[key]
                node = getattr(node, key)
                continue
            info = None
            if isinstance(node, dict) and key in node:
                node = node[key]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                raise ValueError(Text("{path} is not a field of the scenario", path=path))
        return node, info

    def number_at(self, path: str) -> float:
        """The number at a dotted path, e.g. ``systems.0.incidents.critical.rate_per_year``.

        Raises ValueError naming the path when it leads nowhere or not to a finite number.
        """
        node, _ = self.locate(path)
        if isinstance(node, bool) or not isinstance(node, (int, float)) or not math.isfinite(node):
            raise ValueError(Text("{path} is not a number in the scenario", path=path))
        return float(node)

    def with_changes(self, **changes: object) -> Scenario:
        """A validated copy with dotted-path changes, e.g. ``{"contract.monthly_fee": 5e5}``."""
        data = self.model_dump(mode="json")
        for path, value in changes.items():
            node = data
            keys = path.split(".")
            for key in keys[:-1]:
                node = node[int(key)] if isinstance(node, list) else node[key]
            last = keys[-1]
            if isinstance(node, list):
                node[int(last)] = value
            else:
                node[last] = value
        return Scenario.model_validate(data)
