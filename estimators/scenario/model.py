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
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, Field, model_validator
from pydantic.fields import FieldInfo

from estimators.scenario.contract import Contract, HybridSplit, VendorTier
from estimators.scenario.fields import Fraction, Money, Monitoring, ScenarioPart, Severity
from estimators.scenario.ranges import UncertainInputs
from estimators.scenario.systems import System
from estimators.scenario.team import Team
from estimators.text import Text

__all__ = ["CURRENCIES", "Currency", "Effects", "Finance", "Scenario", "ServiceTarget"]


LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2}$")]
"""An ISO 639-1 language code (``ja``)."""
ShortName = Annotated[str, Field(min_length=1, max_length=120)]

Currency = Literal["JPY", "USD", "EUR"]
CURRENCIES: tuple[str, ...] = get_args(Currency)
"""The currencies a scenario may be in (ISO 4217 codes)."""


class Finance(ScenarioPart):
    """Currency, horizon and escalation for multi-year totals and NPV."""

    currency: Currency = "JPY"
    horizon_years: int = Field(5, ge=1, le=30)
    discount_rate: float = Field(0.03, ge=0.0, le=0.5, description="Per year, for NPV")
    salary_escalation: float = Field(0.02, ge=-0.5, le=1.0, description="Per year")
    general_inflation: float = Field(
        0.02, ge=-0.5, le=1.0, description="Per year: tools, parts, downtime cost"
    )
    # --- people (issue 15 §2): operation (運用) as its own line
    include_operation: bool = Field(
        True, description="Show the team's operation (運用) work, (1 − maintenance_share) of "
        "its loaded labour, as the 'operation' line of every strategy; false leaves it out of "
        "all three")


class ServiceTarget(ScenarioPart):
    """The organisation's own target for one severity (to the business, not the vendor's SLA)."""

    response_hours: float = Field(gt=0.0, le=720.0)
    restore_hours: float = Field(gt=0.0, le=2160.0)
    clock: Literal["wall", "business_hours"] = Field(
        "wall", description="The clock the target runs on: wall time, or only the hours of the "
        "team's coverage window (as most contracts count)")


class Effects(ScenarioPart):
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


class Scenario(ScenarioPart):
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
    localized_names: dict[LanguageCode, dict[ShortName, ShortName]] = Field(
        default_factory=dict, max_length=8,
        description="The scenario's own names in other languages, shown in sessions in that "
                    "language: {'ja': {'Delivery routing': '配送ルート'}} (the scenario, its "
                    "systems, skill levels, vendor and tiers)")

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
        self._sole_experts(names)
        tiers = [t.name for t in self.vendor_tiers]
        repeated = sorted({n for n in tiers if tiers.count(n) > 1})
        if repeated:
            raise ValueError(Text("vendor tier names must be unique; repeated: {names}",
                                  names=", ".join(repeated)))
        return self

    def _sole_experts(self, names: list[str]) -> None:
        """``team.levels[].sole_expert_for`` names systems of the scenario, each known by one
        level only (docs/model.md §7b)."""
        owner: dict[str, str] = {}
        for i, level in enumerate(self.team.levels):
            unknown = sorted(set(level.sole_expert_for) - set(names))
            if unknown:
                raise ValueError(Text(
                    "team.levels.{i}.sole_expert_for names unknown systems: {unknown} (known: "
                    "{known})", i=i, unknown=", ".join(unknown), known=", ".join(names)))
            for system in level.sole_expert_for:
                if owner.get(system, level.name) != level.name:
                    raise ValueError(Text(
                        "team.levels.{i}.sole_expert_for: {system} is already the sole "
                        "expertise of level {other}; a system has at most one sole-expert level",
                        i=i, system=system, other=owner[system]))
                owner[system] = level.name

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
