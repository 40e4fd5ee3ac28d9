"""The few distribution functions the expected-cost model needs, on numpy and scipy.special.

Why not scipy.stats: importing it takes about 0.5 s on its own (it pulls scipy.optimize,
sparse, spatial and more), which was most of ``python -m estimators costs``. scipy.special is
a fraction of that. Each function evaluates the formula scipy.stats itself evaluates (scipy
1.17: ``lognorm``, ``expon``, ``weibull_min`` and ``gamma`` ``_ppf``, ``_stats`` and ``_munp``;
``poisson`` ``_logpmf``, ``_cdf``, ``_sf`` and ``_ppf``) with the same operations in the same
order, so the numbers are the same to the bit (tests/test_distributions.py checks this against
scipy.stats).

Repair times are in hours; ``scale`` is scipy's scale parameter, ``sigma`` the lognormal's
log-sd and ``shape`` the Weibull or gamma shape.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "poisson_logcdf",
    "poisson_logpmf",
    "poisson_pmf",
    "poisson_ppf",
    "poisson_sf",
    "repair_ppf",
    "repair_second_moment",
]


def repair_ppf(distribution: str, q: float | np.ndarray, scale: float, sigma: float,
               shape: float) -> np.ndarray:
    """Inverse CDF at probability ``q`` (hours) of a repair time family scaled by ``scale``:
    ``lognormal`` exp(σ·Φ⁻¹(q)), ``exponential`` −ln(1 − q), ``weibull`` (−ln(1 − q))^(1/k),
    ``gamma`` P⁻¹(k, q), each times the scale. q = 0 gives 0, q = 1 infinity, outside NaN."""
    from scipy import special  # ~0.15 s, only when a quantile is needed

    q = np.asarray(q, dtype=float)
    with np.errstate(invalid="ignore"):  # q outside [0, 1] gives NaN, as in scipy
        if distribution == "lognormal":
            unit = np.exp(sigma * special.ndtri(q))
        elif distribution == "exponential":
            unit = -special.log1p(-q)
        elif distribution == "weibull":
            unit = pow(-special.log1p(-q), 1.0 / shape)
        else:
            unit = special.gammaincinv(shape, q)
    hours = unit * scale + 0.0  # + loc, as scipy does: turns −0 into 0
    return np.where((q >= 0.0) & (q <= 1.0), hours, np.nan)[()]


def repair_second_moment(distribution: str, scale: float, sigma: float, shape: float) -> float:
    """E[Y²] in hours² of the same families: scale² times exp(σ²)·(exp(σ²) − 1) + exp(σ²)
    (lognormal, scipy's variance plus squared mean), 2 (exponential), Γ(1 + 2/k) (Weibull)
    or k + k² (gamma)."""
    s = np.float64(scale)
    if distribution == "lognormal":
        p = np.exp(np.float64(sigma) * np.float64(sigma))
        mu = np.sqrt(p)
        unit = p * (p - 1) + mu * mu
    elif distribution == "exponential":
        unit = np.float64(1.0 + 1.0 * 1.0)
    elif distribution == "weibull":
        from scipy import special

        unit = special.gamma(1.0 + 2 * 1.0 / np.float64(shape))
    else:
        a = np.float64(shape)
        unit = a + a * a
    return float(s**2 * unit)


def poisson_logpmf(k: float | np.ndarray, mu: float | np.ndarray) -> np.ndarray:
    """log P(N = k) for N ~ Poisson(mu): k·ln mu − ln k! − mu (k whole and ≥ 0)."""
    from scipy import special

    k = np.asarray(k, dtype=float)
    return special.xlogy(k, mu) - special.gammaln(k + 1) - mu


def poisson_pmf(k: float | np.ndarray, mu: float | np.ndarray) -> np.ndarray:
    """P(N = k) for N ~ Poisson(mu) (k whole and ≥ 0), clipped to [0, 1] as scipy does."""
    return np.clip(np.exp(poisson_logpmf(k, mu)), 0, 1)


def poisson_logcdf(k: float, mu: float) -> float:
    """log P(N ≤ k) for N ~ Poisson(mu), k whole and ≥ 0."""
    from scipy import special

    with np.errstate(divide="ignore"):
        return float(np.log(special.pdtr(np.floor(k), mu)))


def poisson_sf(k: float, mu: float) -> float:
    """P(N > k) for N ~ Poisson(mu); 1 for k < 0."""
    from scipy import special

    if k < 0:
        return 1.0
    return float(np.clip(special.pdtrc(np.floor(k), mu), 0, 1))


def poisson_ppf(q: float, mu: float) -> float:
    """The least whole n with P(N ≤ n) ≥ q for N ~ Poisson(mu), 0 < q < 1 (scipy's search:
    the gamma inverse rounded up, then one step down if that one already reaches q)."""
    from scipy import special

    vals = np.ceil(special.pdtrik(q, mu))
    vals1 = np.maximum(vals - 1, 0)
    temp = special.pdtr(vals1, mu)
    return float(np.where(temp >= q, vals1, vals))
