"""When an outage costs money: pricing an outage against a system's business-impact hours.

docs/model.md §10, "Business-impact hours". A system has an impact window (its business's
operating hours; 24x7 by default) and a factor for the hours outside it (1 by default). An
outage of severity v from ``occurred`` to ``restored`` costs, in outage-equivalent hours,

    priced = i_v · g(occurred, cut) + i'_v · g(cut, restored),    cut = min(restored, occurred + w)
    g(a, b) = f · (b − a) + (1 − f) · (hours of [a, b] inside the window)

with ``i_v`` the severity's impact factor, ``w`` the workaround time (none: ∞), after which the
business works around the outage at ``i'_v = min(i_v, i_S2)``, and ``f`` the off-window factor.
Its business-hours downtime is ``i_v`` × the hours of the outage inside the window. With the
defaults (24x7, f = 1, no workaround) priced = business = i_v · (restored − occurred), the
outage-equivalent hours the model has always used. The same function prices every incident in
the Monte Carlo and the expected model's evenly spread points (:func:`price`), so the two share
one definition.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from estimators.calendars.bands import Band, window_band
from estimators.scenario import SEVERITIES, Scenario, Severity, System

__all__ = ["OutagePricing", "business_availability", "has_impact_windows", "price", "pricing"]


@dataclass(frozen=True)
class OutagePricing:
    """How one system's outages are priced (see the module docstring).

    Attributes:
        band: the impact window's hours.
        off_factor: share of the hourly cost outside the window, 0–1.
        workaround: hours after which the business works around an outage (``inf``: never).
        impact: impact factor per severity, shape (V,).
        after_workaround: impact factor per severity once worked around, ``min(i_v, i_S2)``.
        plain: True when pricing is the plain outage-equivalent hours (24x7, f = 1, no
            workaround), so callers may skip the calendar.
    """

    band: Band
    off_factor: float
    workaround: float
    impact: np.ndarray
    after_workaround: np.ndarray
    plain: bool


def pricing(scenario: Scenario, system: System) -> OutagePricing:
    """The outage pricing of ``system`` in ``scenario``."""
    impact = np.array([scenario.effects.impact_factor[v] for v in SEVERITIES])
    worked_around = np.minimum(impact, scenario.effects.impact_factor[Severity.S2])
    workaround = math.inf if system.workaround_hours is None else system.workaround_hours
    plain = (system.impact_window.mode == "24x7" and system.off_window_cost_factor == 1.0
             and (workaround == math.inf or bool(np.all(worked_around == impact))))
    return OutagePricing(window_band(system.impact_window), system.off_window_cost_factor,
                         workaround, impact, worked_around, plain)


def price(p: OutagePricing, severity: np.ndarray, occurred: np.ndarray,
          restored: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(priced hours, business-hours downtime) of each outage, in outage-equivalent hours.

    ``severity`` holds severity indices (0 = S1), ``occurred`` and ``restored`` hours from the
    start of the year (``restored`` ≥ ``occurred``).
    """
    occurred = np.asarray(occurred, dtype=float)
    restored = np.asarray(restored, dtype=float)
    impact = p.impact[severity]
    if p.plain:
        hours = impact * (restored - occurred)
        return hours, hours
    inside = p.band.hours_in

    def weighted(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return p.off_factor * np.maximum(b - a, 0.0) + (1.0 - p.off_factor) * inside(a, b)

    business = impact * inside(occurred, restored)
    if p.workaround == math.inf:
        return impact * weighted(occurred, restored), business
    cut = np.minimum(restored, occurred + p.workaround)
    priced = impact * weighted(occurred, cut) + p.after_workaround[severity] * weighted(
        cut, restored)
    return priced, business


def has_impact_windows(scenario: Scenario) -> bool:
    """Whether any system's outages cost money only in some hours (a window other than 24x7)."""
    return any(s.impact_window.mode != "24x7" for s in scenario.systems)


def business_availability(scenario: Scenario, business_hours: float) -> float:
    """Availability in business hours: 1 − business-hours downtime / the hours of the year
    inside the systems' impact windows (summed over systems), for ``business_hours`` of
    outage-equivalent downtime inside them a year."""
    window = sum(window_band(s.impact_window).hours_per_year for s in scenario.systems)
    return 1.0 - business_hours / window if window > 0 else 1.0
