"""The vendor's time to restore, defined once for both engines (docs/model.md §8).

Measured from the vendor's clock start (the opening of its window after the incident reaches it,
or at once for ``around_the_clock`` severities), a vendor-restored incident takes

    T = R + O + m·Y + L·D

* R, the response: exponential with P(R ≤ response target) = p_response, mean
  ``response_hours / −ln(1 − p_response)``;
* O, the site visit: ``onsite_response_hours`` with the system's on-site probability (hardware);
* m·Y, the repair: the system's repair time Y scaled by the contract's multiplier m; with a
  spare unit on site, an incident that needs the visit is restored by the swap instead,
  min(swap, m·Y), and the repair goes on off the critical path (it is still billed);
* L·D, the vendor's backlog: with probability 1 − p_resolution (L = 1) the incident is one the
  vendor handles late — its engineers busy elsewhere, parts on order, an escalation inside the
  vendor — and waits D, exponential with the mean of the vendor's own repair time for that
  system and severity (m·E[Y]).

Why this reading of the stated attainment: ``p_resolution`` is how often the vendor works
without delay, a property of the vendor, not of the target. So a vendor that meets its targets
less often restores later (more downtime) and breaches more often, in both engines; loosening a
target changes which incidents count as breaches (and so the credits) but not how long anything
takes. The attainment of the target that this gives, P(T ≤ target), is an output
(:attr:`VendorTimes.attainment`) to compare with the stated figure; it differs from it where
the repair itself is long or short against the target.

The breach probability (response or resolution target missed) is exact for exponential R and D
(closed forms in :func:`_joint`) and averaged over Y's quantiles (midpoint rule on
``QUANTILES`` probability levels), so the expected model and the Monte Carlo share one number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from estimators.scenario import (
    SEVERITIES,
    Party,
    RepairTime,
    Scenario,
    Severity,
    SeverityTerms,
    System,
)
from estimators.scenario.strategies import Plan

__all__ = ["QUANTILES", "VendorTimes", "cell_times", "spare_swap_hours", "swap_saving",
           "vendor_backlog", "vendor_times"]

QUANTILES = 2_000
"""Probability levels at which the repair time's quantiles average the breach probability."""


def _joint(alpha: float, theta: float, limit: float, s: np.ndarray) -> np.ndarray:
    """P(R ≤ limit, R + B ≤ s) for R ~ Exp(rate alpha), B ~ Exp(mean theta), elementwise in s.

    With m = min(limit, s) and β = 1/θ: (1 − e^{−αm}) − α·e^{−βs}·(1 − e^{−(α−β)m})/(α − β);
    θ = 0 (no backlog) gives 1 − e^{−αm}. Zero where s ≤ 0.
    """
    s = np.asarray(s, dtype=float)
    m = np.clip(np.minimum(limit, s), 0.0, None)
    first = -np.expm1(-alpha * m)
    if theta <= 0.0:
        return first
    beta = 1.0 / theta
    diff = alpha - beta
    if abs(diff) < 1e-9 * alpha:
        # The limit α → β: α·m·e^{−αs}.
        second = alpha * m * np.exp(-alpha * np.clip(s, 0.0, None))
    else:
        # e^{−βs}(1 − e^{−(α−β)m}) written as e^{−βs} − e^{−βs−(α−β)m}, both exponents ≤ 0.
        s_pos = np.clip(s, 0.0, None)
        second = alpha * (np.exp(-beta * s_pos) - np.exp(-beta * s_pos - diff * m)) / diff
    return np.where(s > 0.0, first - second, 0.0)


@dataclass(frozen=True)
class VendorTimes:
    """The vendor's restoration for one system and severity (hours from its clock start).

    Attributes:
        response_mean: mean of the exponential response R.
        late_share: 1 − p_resolution, the share of incidents that wait in the vendor's backlog.
        delay_mean: mean wait of a late incident (the vendor's mean repair time, m·E[Y]).
        stated: the contract's p_resolution.
        attainment: P(T ≤ resolution target) in the model.
        p_breach_response: P(R > response target) = 1 − p_response.
        p_breach: P(R > response target or T > resolution target), the chance an incident
            the vendor restores earns a service credit.
    """

    @property
    def backlog_mean(self) -> float:
        """Mean extra hours the backlog adds to a restoration: (1 − p_resolution)·m·E[Y]."""
        return self.late_share * self.delay_mean

    response_mean: float
    late_share: float
    delay_mean: float
    stated: float
    attainment: float
    p_breach_response: float
    p_breach: float
    swap_saving: float = 0.0
    """Mean hours a spare unit takes off the restoration, E[m·Y − min(swap, m·Y)] × the on-site
    probability (0 without a spare)."""


def _met(repair: np.ndarray, onsite_p: float, onsite_hours: float, alpha: float,
         theta: float, limit: float, target: float, swap: float) -> float:
    """P(R ≤ limit and R + O + repair + B ≤ target), averaged over the repair quantiles; with a
    visit the repair on the critical path is min(swap, repair) (``swap`` ∞: no spare)."""
    near = _joint(alpha, theta, limit, target - repair)
    if onsite_p <= 0.0:
        return float(near.mean())
    far = _joint(alpha, theta, limit, target - onsite_hours - np.minimum(swap, repair))
    return float(((1.0 - onsite_p) * near + onsite_p * far).mean())


@lru_cache(maxsize=8192)
def vendor_times(terms: SeverityTerms, repair: RepairTime | None, multiplier: float,
                 onsite_probability: float, onsite_hours: float,
                 swap_hours: float = math.inf) -> VendorTimes:
    """The vendor's response, backlog and breach probabilities for one cell.

    ``repair`` None (no incidents of this kind) gives the response alone and no backlog;
    ``swap_hours`` is the time to swap in a spare unit on site (∞: no spare).
    """
    alpha = -math.log1p(-terms.p_response) / terms.response_hours
    levels = (np.arange(QUANTILES) + 0.5) / QUANTILES
    y = (multiplier * repair.ppf(levels) if repair is not None
         else np.zeros(QUANTILES))
    delay = multiplier * repair.mean_hours if repair is not None else 0.0
    late = 1.0 - terms.p_resolution if repair is not None else 0.0
    target = terms.resolution_hours

    def met(limit: float) -> float:
        on_time = _met(y, onsite_probability, onsite_hours, alpha, 0.0, limit, target,
                       swap_hours)
        delayed = _met(y, onsite_probability, onsite_hours, alpha, delay, limit, target,
                       swap_hours)
        return (1.0 - late) * on_time + late * delayed

    saving = (onsite_probability * swap_saving(repair, swap_hours, multiplier)
              if repair is not None and swap_hours < math.inf else 0.0)
    return VendorTimes(
        response_mean=1.0 / alpha, late_share=late, delay_mean=delay,
        stated=terms.p_resolution, attainment=met(math.inf),
        p_breach_response=1.0 - terms.p_response, p_breach=1.0 - met(terms.response_hours),
        swap_saving=saving)


@lru_cache(maxsize=8192)
def swap_saving(repair: RepairTime, swap_hours: float, scale: float = 1.0,
                extra: float = 0.0) -> float:
    """E[J − min(swap, J)] for J = scale·Y + extra: the mean hours a spare unit takes off a
    restoration whose critical repair is J (``extra``: an escalation's hand-over), by the
    midpoint rule on ``QUANTILES`` probability levels of Y."""
    levels = (np.arange(QUANTILES) + 0.5) / QUANTILES
    job = scale * repair.ppf(levels) + extra
    return float(np.mean(job - np.minimum(swap_hours, job)))


def cell_times(scenario: Scenario, system: System, severity: Severity) -> VendorTimes:
    """:func:`vendor_times` for one system and severity of ``scenario``."""
    profile = system.incidents.get(severity)
    hw = system.hardware
    contract = scenario.contract
    return vendor_times(contract.terms[severity], profile.repair if profile else None,
                        contract.repair_time_multiplier, hw.onsite_fraction if hw else 0.0,
                        contract.onsite_response_hours, spare_swap_hours(system))


def spare_swap_hours(system: System) -> float:
    """Hours to swap in the system's spare unit once on site; ∞ when it keeps none."""
    hw = system.hardware
    return hw.swap_hours if hw is not None and hw.spare_units else math.inf


def vendor_backlog(scenario: Scenario, plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """(late share, mean delay of a late incident in hours) per system and severity where the
    vendor restores, 0 elsewhere; each of shape (systems, severities)."""
    late = np.zeros((len(scenario.systems), len(SEVERITIES)))
    delay = np.zeros_like(late)
    for i, (system, assign) in enumerate(zip(scenario.systems, plan.assignments, strict=True)):
        if assign.recovery is Party.vendor:
            cells = [cell_times(scenario, system, v) for v in SEVERITIES]
            late[i] = [c.late_share for c in cells]
            delay[i] = [c.delay_mean for c in cells]
    return late, delay
