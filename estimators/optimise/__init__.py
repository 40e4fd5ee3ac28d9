"""Optimisers: scope (what to keep in-house), staffing, vendor tier, preventive hours."""

from .preventive import PreventiveCurve, preventive_curve
from .scope import SCOPE_FIELDS, ScopeCell, ScopeResult, optimise_scope, work_hours
from .staffing import StaffingOption, StaffingResult, optimise_staffing
from .tiers import TierOption, TierResult, choose_vendor_tier

__all__ = [
    "SCOPE_FIELDS", "PreventiveCurve", "ScopeCell", "ScopeResult", "StaffingOption",
    "StaffingResult", "TierOption", "TierResult", "choose_vendor_tier", "optimise_scope",
    "optimise_staffing", "preventive_curve", "work_hours",
]
