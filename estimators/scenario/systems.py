"""A system under maintenance: its incidents per severity, repair times, planned hours and
hardware needs (docs/model.md §2, §5)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from estimators.distributions import repair_ppf, repair_second_moment
from estimators.scenario.fields import (
    PLANNED_TYPES,
    AssetKind,
    Criticality,
    Fraction,
    MaintenanceType,
    Money,
    Monitoring,
    PlannedHours,
    ScenarioPart,
    Severity,
)
from estimators.scenario.team import Coverage
from estimators.text import Text

if TYPE_CHECKING:
    import numpy as np
    from scipy import stats

__all__ = ["HardwareNeeds", "IncidentProfile", "RepairTime", "System"]


class RepairTime(ScenarioPart):
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
        from scipy import special  # heavy: only a gamma repair time needs it

        return m / float(special.gammaincinv(self.shape, 0.5))

    def frozen(self) -> stats.rv_continuous:
        """The scipy.stats frozen distribution of repair time in hours."""
        from scipy import stats  # heavy (about 0.5 s): imported when a distribution is needed

        scale = self.scale_hours
        if self.distribution == "lognormal":
            return stats.lognorm(s=self.sigma, scale=scale)
        if self.distribution == "exponential":
            return stats.expon(scale=scale)
        if self.distribution == "weibull":
            return stats.weibull_min(c=self.shape, scale=scale)
        return stats.gamma(a=self.shape, scale=scale)

    def ppf(self, q: float | np.ndarray) -> np.ndarray:
        """Repair hours at probability ``q``: ``frozen().ppf(q)`` to the bit, without importing
        scipy.stats (see :mod:`estimators.distributions`)."""
        return repair_ppf(self.distribution, q, self.scale_hours, self.sigma, self.shape)

    @property
    def second_moment_hours(self) -> float:
        """E[Y²] of repair time, hours²: ``frozen().moment(2)`` to the bit, without importing
        scipy.stats."""
        return repair_second_moment(self.distribution, self.scale_hours, self.sigma, self.shape)

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


class IncidentProfile(ScenarioPart):
    """Incident rate and repair time for one system at one severity."""

    rate_per_year: float = Field(ge=0.0, le=100_000.0, description="Incidents per year")
    repair: RepairTime


class HardwareNeeds(ScenarioPart):
    """Parts and on-site needs of a hardware system."""

    parts_cost_per_year: Money = Field(0.0, description="Spares and replacements, per year")
    parts_cost_per_incident: Money = Field(0.0, description="Parts used per incident")
    parts_cost_per_incident_by_severity: dict[Severity, Money] = Field(
        default_factory=dict, description="Parts per incident of a severity, where it differs "
        "from parts_cost_per_incident (an outage often needs a whole unit, a minor fault none)")
    onsite_fraction: Fraction = Field(
        0.5, description="Share of incidents that need someone on site (0-1)"
    )
    travel_hours: float = Field(
        1.0, ge=0.0, le=240.0, description="In-house travel time to the site before repair, hours"
    )
    spare_units: bool = Field(
        False, description="A spare unit (予備機) is kept on site: a device failure is restored "
        "by swapping it, and the repair goes on off the critical path")
    swap_hours: float = Field(
        1.0, gt=0.0, le=240.0, description="Hours to swap in the spare once someone is on site")


def _planned_default() -> dict[MaintenanceType, float]:
    return {t: 0.0 for t in PLANNED_TYPES}


class System(ScenarioPart):
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
    impact_window: Coverage = Field(
        default_factory=lambda: Coverage(mode="24x7"),
        description="When an outage costs downtime_cost_per_hour: the business's operating "
        "hours for this system (24x7 for a shop that never closes)")
    off_window_cost_factor: Fraction = Field(
        1.0, description="Share of downtime_cost_per_hour an outage hour costs outside the "
        "impact window (0: nobody notices, 1: as much as inside)")
    workaround_hours: float | None = Field(
        None, ge=0.0, le=8760.0, description="Hours after which the business works around an "
        "outage (paper slips, manual lists): from then on it costs the S2 impact factor")
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
