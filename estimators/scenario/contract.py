"""The vendor contract, its tiers, and the hybrid split of who does what (docs/model.md §3,
§8)."""

from __future__ import annotations

from pydantic import Field, model_validator

from estimators.scenario.fields import (
    Fraction,
    MaintenanceType,
    Money,
    NonNegative,
    Party,
    ScenarioPart,
    Severity,
)
from estimators.scenario.team import Coverage
from estimators.text import Text

__all__ = [
    "Assignment",
    "AssignmentOverride",
    "Contract",
    "HybridSplit",
    "SeverityTerms",
    "VendorTier",
]


class SeverityTerms(ScenarioPart):
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


class Contract(ScenarioPart):
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


class VendorTier(ScenarioPart):
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


class Assignment(ScenarioPart):
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


class AssignmentOverride(ScenarioPart):
    """Per-system exceptions to the default hybrid assignment (unset fields keep the default)."""

    first_response: Party | None = None
    recovery: Party | None = None
    adaptive: Party | None = None
    preventive: Party | None = None
    perfective: Party | None = None
    predictive: Party | None = None


class HybridSplit(ScenarioPart):
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
