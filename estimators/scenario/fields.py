"""The scenario's vocabulary: severities, maintenance types, parties, and the validated number
types (fractions, money, hours) every part of a scenario is built from."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AssetKind",
    "Criticality",
    "Fraction",
    "MaintenanceType",
    "Money",
    "Monitoring",
    "NonNegative",
    "Party",
    "PLANNED_TYPES",
    "PlannedHours",
    "ScenarioPart",
    "SEVERITIES",
    "Severity",
    "Weekday",
    "WEEKDAYS",
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


class ScenarioPart(BaseModel):
    """Base for every scenario part: unknown fields are errors, instances are frozen, and NaN or
    infinity is refused in every number (JSON parsers accept them; no input means them)."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True,
                              allow_inf_nan=False)
