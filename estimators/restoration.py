"""The vendor's time to restore, defined once for both engines (docs/model.md §8).

Measured from the vendor's clock start (the opening of its window after the incident reaches it,
or at once for ``around_the_clock`` severities), a vendor-restored incident takes

    T = R + O + m·Y + B

* R, the response: exponential with P(R ≤ response target) = p_response, mean
  ``response_hours / −ln(1 − p_response)``;
* O, the site visit: ``onsite_response_hours`` with the system's on-site probability (hardware);
* m·Y, the repair: the system's repair time Y scaled by the contract's multiplier m;
* B, the vendor's backlog: exponential with mean θ, the one free quantity, calibrated so that
  P(T ≤ resolution target) equals the contract's stated attainment ``p_resolution``.

Why a backlog: a contract states how often the vendor restores within the target; the repair
itself is the system's, so what separates the two is the time the vendor's engineers are busy
elsewhere, parts are ordered or work is escalated inside the vendor. Calibrating that delay makes
the stated figure hold on average and keeps every direction right: a vendor that meets its
targets less often restores later (more downtime) and breaches more (more credits). When the
repair alone already misses the target more often than stated (P(R + O + m·Y ≤ target) below
p_resolution), no delay can make it better: θ = 0 and the model's attainment is that lower
figure, which :attr:`VendorTimes.attainment` reports beside the stated one.

The probabilities are exact for exponential R and B (closed forms below) and averaged over Y's
quantiles (midpoint rule on ``QUANTILES`` probability levels), so the expected model and the
Monte Carlo share one θ and one breach probability.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import optimize

from estimators.scenario import RepairTime, SeverityTerms

__all__ = ["QUANTILES", "VendorTimes", "vendor_times"]

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
        backlog_mean: θ, the mean of the exponential backlog B (0: none needed).
        stated: the contract's p_resolution.
        attainment: P(T ≤ resolution target) in the model (equals ``stated`` unless the
            repair alone misses more often).
        p_breach_response: P(R > response target) = 1 − p_response.
        p_breach: P(R > response target or T > resolution target), the chance an incident
            the vendor restores earns a service credit.
    """

    response_mean: float
    backlog_mean: float
    stated: float
    attainment: float
    p_breach_response: float
    p_breach: float


def _met(repair: np.ndarray, onsite_p: float, onsite_hours: float, alpha: float,
         theta: float, limit: float, target: float) -> float:
    """P(R ≤ limit and R + O + repair + B ≤ target), averaged over the repair quantiles."""
    near = _joint(alpha, theta, limit, target - repair)
    if onsite_p <= 0.0:
        return float(near.mean())
    far = _joint(alpha, theta, limit, target - onsite_hours - repair)
    return float(((1.0 - onsite_p) * near + onsite_p * far).mean())


@lru_cache(maxsize=8192)
def vendor_times(terms: SeverityTerms, repair: RepairTime | None, multiplier: float,
                 onsite_probability: float, onsite_hours: float) -> VendorTimes:
    """The vendor's response, calibrated backlog and breach probabilities for one cell.

    ``repair`` None (no incidents of this kind) gives the response alone and no backlog.
    """
    alpha = -math.log1p(-terms.p_response) / terms.response_hours
    levels = (np.arange(QUANTILES) + 0.5) / QUANTILES
    y = (multiplier * repair.frozen().ppf(levels) if repair is not None
         else np.zeros(QUANTILES))
    target = terms.resolution_hours

    def attained(theta: float) -> float:
        return _met(y, onsite_probability, onsite_hours, alpha, theta, math.inf, target)

    natural = attained(0.0)
    theta = 0.0
    if repair is not None and natural > terms.p_resolution:
        high = target
        while attained(high) > terms.p_resolution:
            high *= 4.0
        theta = optimize.brentq(lambda x: attained(x) - terms.p_resolution, 0.0, high,
                                xtol=1e-10 * target, rtol=1e-12)
    both = _met(y, onsite_probability, onsite_hours, alpha, theta, terms.response_hours, target)
    return VendorTimes(
        response_mean=1.0 / alpha, backlog_mean=float(theta), stated=terms.p_resolution,
        attainment=attained(theta), p_breach_response=1.0 - terms.p_response,
        p_breach=1.0 - both)
