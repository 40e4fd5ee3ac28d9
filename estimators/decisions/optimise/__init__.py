"""Optimisers: scope (what to keep in-house), staffing, vendor tier, preventive hours."""

from estimators.decisions.optimise.preventive import PreventiveCurve, preventive_curve
from estimators.decisions.optimise.scope import (
    SCOPE_FIELDS,
    ScopeCell,
    ScopeResult,
    optimise_scope,
    work_hours,
)
from estimators.decisions.optimise.staffing import StaffingOption, StaffingResult, optimise_staffing
from estimators.decisions.optimise.tiers import TierOption, TierResult, choose_vendor_tier

__all__ = [
    "SCOPE_FIELDS", "PreventiveCurve", "ScopeCell", "ScopeResult", "StaffingOption",
    "StaffingResult", "TierOption", "TierResult", "choose_vendor_tier", "optimise_scope",
    "optimise_staffing", "preventive_curve", "work_hours",
]
