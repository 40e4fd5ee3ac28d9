"""The few distribution functions the expected-cost model needs, without scipy.stats.

Why: importing scipy.stats takes about 0.5 s (it pulls scipy.optimize, sparse, spatial and
more) and scipy.special still 0.15-0.4 s on a small machine (its array-API layer imports
numpy.f2py and numpy.testing), most of what ``python -m estimators costs`` took. So:

* the lognormal quantile (the usual repair-time family) is numpy only: Φ⁻¹ is a port of the
  Cephes ``ndtri`` that scipy.special itself runs, same coefficients and operations, so the
  numbers are scipy.stats' to the bit;
* the other repair families (exponential, Weibull, gamma) evaluate scipy.stats' own formulas
  (scipy 1.17 ``_ppf``, ``_stats``, ``_munp``) on scipy.special, imported only for them: also
  to the bit;
* the Poisson functions (the opening backlog, the credit cap) are numpy and :mod:`math`
  (``math.lgamma`` instead of scipy's ``gammaln``, sums instead of ``pdtr``), within about
  1e-13 relative of scipy.stats for means up to about 40 (the ln-space terms k·ln mu grow with
  the mean: 4e-12 at 900) (tests/test_distributions.py checks all of this against
  scipy.stats; Erlang B, in :mod:`estimators.queueing`, likewise).

Repair times are in hours; ``scale`` is scipy's scale parameter, ``sigma`` the lognormal's
log-sd and ``shape`` the Weibull or gamma shape.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "ndtri",
    "poisson_pmf",
    "poisson_ppf",
    "poisson_sf",
    "repair_ppf",
    "repair_second_moment",
]

# Cephes ndtri (Moshier; as in scipy.special): rational approximations of Φ⁻¹ on
# |y − 0.5| ≤ 3/8, and in z = √(−2 ln y) for y from e⁻² down to e⁻³² and beyond.
_P0 = (-5.99633501014107895267E1, 9.80010754185999661536E1, -5.66762857469070293439E1,
       1.39312609387279679503E1, -1.23916583867381258016E0)
_Q0 = (1.95448858338141759834E0, 4.67627912898881538453E0, 8.63602421390890590575E1,
       -2.25462687854119370527E2, 2.00260212380060660359E2, -8.20372256168333339912E1,
       1.59056225126211695515E1, -1.18331621121330003142E0)
_P1 = (4.05544892305962419923E0, 3.15251094599893866154E1, 5.71628192246421288162E1,
       4.40805073893200834700E1, 1.46849561928858024014E1, 2.18663306850790267539E0,
       -1.40256079171354495875E-1, -3.50424626827848203418E-2, -8.57456785154685413611E-4)
_Q1 = (1.57799883256466749731E1, 4.53907635128879210584E1, 4.13172038254672030440E1,
       1.50425385692907503408E1, 2.50464946208309415979E0, -1.42182922854787788574E-1,
       -3.80806407691578277194E-2, -9.33259480895457427372E-4)
_P2 = (3.23774891776946035970E0, 6.91522889068984211695E0, 3.93881025292474443415E0,
       1.33303460815807542389E0, 2.01485389549179081538E-1, 1.23716634817820021358E-2,
       3.01581553508235416007E-4, 2.65806974686737550832E-6, 6.23974539184983293730E-9)
_Q2 = (6.02427039364742014255E0, 3.67983563856160859403E0, 1.37702099489081330271E0,
       2.16236993594496635890E-1, 1.34204006088543189037E-2, 3.28014464682127739104E-4,
       2.89247864745380683936E-6, 6.79019408009981274425E-9)
_SQRT_2PI = 2.50662827463100050242E0
_EXP_M2 = 0.13533528323661269189  # e⁻²


def _polevl(x: np.ndarray, coefficients: tuple[float, ...]) -> np.ndarray:
    """Horner's rule, highest power first (Cephes ``polevl``)."""
    result = np.full_like(x, coefficients[0])
    for c in coefficients[1:]:
        result = result * x + c
    return result


def _p1evl(x: np.ndarray, coefficients: tuple[float, ...]) -> np.ndarray:
    """Horner's rule with a leading coefficient of 1 left out (Cephes ``p1evl``)."""
    result = x + coefficients[0]
    for c in coefficients[1:]:
        result = result * x + c
    return result


def ndtri(p: float | np.ndarray) -> np.ndarray:
    """Φ⁻¹(p), the standard normal quantile: −∞ at 0, ∞ at 1, NaN outside [0, 1].

    The Cephes algorithm scipy.special.ndtri runs, operation for operation, so the values are
    the same to the bit (checked on millions of points in tests/test_distributions.py)."""
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    inside = (p > 0.0) & (p < 1.0)
    upper = p > 1.0 - _EXP_M2
    y = np.where(upper, 1.0 - p, p)
    central = inside & (y > _EXP_M2)
    yc = y[central] - 0.5
    y2 = yc * yc
    out[central] = (yc + yc * (y2 * _polevl(y2, _P0) / _p1evl(y2, _Q0))) * _SQRT_2PI
    tail = inside & ~central
    x = np.sqrt(-2.0 * np.log(y[tail]))
    x0 = x - np.log(x) / x
    z = 1.0 / x
    near = x < 8.0  # y > e⁻³²
    x1 = np.empty_like(x)
    x1[near] = z[near] * _polevl(z[near], _P1) / _p1evl(z[near], _Q1)
    x1[~near] = z[~near] * _polevl(z[~near], _P2) / _p1evl(z[~near], _Q2)
    out[tail] = np.where(upper[tail], x0 - x1, -(x0 - x1))
    out[p == 0.0] = -np.inf
    out[p == 1.0] = np.inf
    return out


def repair_ppf(distribution: str, q: float | np.ndarray, scale: float, sigma: float,
               shape: float) -> np.ndarray:
    """Inverse CDF at probability ``q`` (hours) of a repair time family scaled by ``scale``:
    ``lognormal`` exp(σ·Φ⁻¹(q)), ``exponential`` −ln(1 − q), ``weibull`` (−ln(1 − q))^(1/k),
    ``gamma`` P⁻¹(k, q), each times the scale. q = 0 gives 0, q = 1 infinity, outside NaN."""
    q = np.asarray(q, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):  # q outside [0, 1]: NaN, as in scipy
        if distribution == "lognormal":
            unit = np.exp(sigma * ndtri(q))
        else:
            from scipy import special  # only for these families (Cephes log1p, gammaincinv)

            if distribution == "exponential":
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
        from scipy import special  # Cephes Γ, as scipy.stats

        unit = special.gamma(1.0 + 2 * 1.0 / np.float64(shape))
    else:
        a = np.float64(shape)
        unit = a + a * a
    return float(s**2 * unit)


def _log_factorials(top: int) -> np.ndarray:
    """ln k! for k = 0 .. top − 1 (``math.lgamma``, within a few ulps of scipy's gammaln)."""
    return np.array([math.lgamma(k + 1.0) for k in range(top)])


def poisson_pmf(k: np.ndarray, mu: float | np.ndarray) -> np.ndarray:
    """P(N = k) for N ~ Poisson(mu), k whole numbers ≥ 0 (an array), mu ≥ 0:
    exp(k·ln mu − ln k! − mu) with 0·ln 0 = 0."""
    k = np.asarray(k)
    mu = np.asarray(mu, dtype=float)
    log_fact = _log_factorials(int(k.max()) + 1 if k.size else 0)[k]
    with np.errstate(divide="ignore", invalid="ignore"):
        k_log_mu = np.where(k == 0, 0.0, k * np.log(mu))
    return np.clip(np.exp(k_log_mu - log_fact - mu), 0, 1)


def _pmf_through(mu: float, floor: int = 0) -> np.ndarray:
    """P(N = k) for k = 0, 1, ... until the terms past the mode drop below 1e-300 relative
    (and at least through ``floor``)."""
    top = max(int(mu + 40.0 * math.sqrt(mu) + 60.0), floor + 2)
    return poisson_pmf(np.arange(top), mu)


def poisson_sf(k: float, mu: float) -> float:
    """P(N > k) for N ~ Poisson(mu); 1 for k < 0. Summed over the smaller side: the upper tail
    past the mode, else one minus the lower part, so a small tail keeps its precision."""
    if k < 0:
        return 1.0
    n = int(math.floor(k))
    pmf = _pmf_through(mu, n)
    if n + 1 > mu:
        return float(min(1.0, pmf[n + 1:].sum()))
    return float(max(0.0, 1.0 - pmf[:n + 1].sum()))


def poisson_ppf(q: float, mu: float) -> float:
    """The least whole n with P(N ≤ n) ≥ q for N ~ Poisson(mu), 0 < q < 1 (for q near 1
    through the upper tail, P(N > n) ≤ 1 − q)."""
    pmf = _pmf_through(mu)
    above = np.cumsum(pmf[::-1])[::-1]  # above[n] = P(N ≥ n)
    tail = np.append(above[1:], 0.0)  # P(N > n)
    return float(np.argmax(tail <= 1.0 - q))
