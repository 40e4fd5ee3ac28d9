"""Fit time-to-restore distributions by maximum likelihood, with open incidents right-censored.

For resolved times t_i (d of them) and open incidents censored at c_j, the log-likelihood is
log L = Σ log f(t_i) + Σ log S(c_j). Each family is fitted with its own fast route, reduced to
sufficient statistics where possible so that a million incidents fit in well under a second:

* exponential: closed form, rate = d / (Σ t + Σ c);
* lognormal: closed form without censoring (mean and sd of log t); otherwise a 2-parameter
  optimisation whose resolved part uses only Σ log t and Σ (log t)²;
* Weibull: the scale profiles out (λ^k = Σ x^k / d) and the shape solves the 1-D score
  equation d/k + Σ log t − d·Σ x^k log x / Σ x^k = 0 (x over all times);
* gamma: a 2-parameter optimisation on Σ t, Σ log t and the censored times.

Candidates are ranked by AIC = 2p − 2 log L (BIC = p ln n − 2 log L also reported); the KS
statistic compares the resolved times with the fitted CDF (approximate under censoring).
Standard errors come from the observed information (numerical Hessian of −log L). Times are in
hours; zero durations (opened and resolved in the same minute) are set to half a minute.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special, stats

from estimators.text import Text

__all__ = ["MIN_POINTS", "ROUGH_BELOW", "RestoreFit", "fit_restore_times"]

MIN_POINTS = 5
"""Fewest resolved incidents a fit is made from (two parameters and three to spare)."""
ROUGH_BELOW = 30
"""Below this many resolved incidents a note says the fits and their ranking are rough."""
ZERO_HOURS = 0.5 / 60.0


@dataclass(frozen=True)
class RestoreFit:
    """One fitted family: scipy.stats name and parameters (loc fixed at 0), and its scores."""

    distribution: str
    parameters: dict[str, float]
    standard_errors: dict[str, float]
    log_likelihood: float
    aic: float
    bic: float
    ks: float
    n: int
    censored: int
    notes: tuple[str, ...] = field(default=())

    def frozen(self) -> stats.rv_continuous:
        return getattr(stats, self.distribution)(**self.parameters)

    @property
    def median_hours(self) -> float:
        return float(self.frozen().median())

    @property
    def mean_hours(self) -> float:
        return float(self.frozen().mean())

    def to_dict(self) -> dict:
        return {
            "distribution": self.distribution,
            "parameters": self.parameters,
            "standard_errors": self.standard_errors,
            "aic": self.aic,
            "bic": self.bic,
            "ks": self.ks,
            "median_hours": self.median_hours,
            "mean_hours": self.mean_hours,
            "n": self.n,
            "censored": self.censored,
            "notes": list(self.notes),
        }


def fit_restore_times(
    resolved_hours: np.ndarray, censored_hours: np.ndarray | None = None
) -> tuple[list[RestoreFit], list[str]]:
    """Fit the four families; (fits best-first by AIC, notes).

    Too few or degenerate data give no fits and a note saying why, never an exception.
    """
    t = np.asarray(resolved_hours, dtype=float)
    c = np.asarray(censored_hours if censored_hours is not None else [], dtype=float)
    t, c = t[np.isfinite(t)], c[np.isfinite(c) & (c > 0)]
    notes: list[str] = []
    if (t < 0).any():
        notes.append(Text("{n} negative durations were ignored", n=int((t < 0).sum())))
        t = t[t >= 0]
    zeros = int((t <= 0).sum())
    if zeros:
        notes.append(Text("{n} zero durations were set to half a minute", n=zeros))
        t = np.where(t <= 0, ZERO_HOURS, t)
    if t.size < MIN_POINTS:
        notes.append(Text("only {n} resolved incidents: at least {needed} are needed to fit a "
                          "distribution", n=t.size, needed=MIN_POINTS))
        return [], notes
    log_t = np.log(t)
    if np.ptp(log_t) < 1e-9:
        notes.append(Text("every resolved incident took the same time: no spread to fit"))
        return [], notes
    if t.size < ROUGH_BELOW:
        notes.append(Text("only {n} resolved incidents: the fits are rough, read the ranking "
                          "with care", n=t.size))
    data = _Data(t, c, log_t)
    fits = []
    for family in (_exponential, _lognormal, _weibull, _gamma):
        try:
            fits.append(family(data))
        except (ArithmeticError, ValueError, RuntimeError) as exc:
            notes.append(Text("{family} fit failed: {reason}", family=family.__name__.strip("_"),
                              reason=str(exc)))
    fits.sort(key=lambda f: f.aic)
    return fits, notes


@dataclass(frozen=True)
class _Data:
    t: np.ndarray
    c: np.ndarray
    log_t: np.ndarray

    @property
    def n(self) -> int:
        return self.t.size + self.c.size


def _result(data: _Data, name: str, params: dict[str, float], log_l: float,
            neg_log_l, theta: np.ndarray, to_params) -> RestoreFit:
    k = len(theta)
    se = _standard_errors(neg_log_l, theta, to_params, list(params))
    frozen = getattr(stats, name)(**params)
    x = np.sort(data.t)
    cdf = frozen.cdf(x)
    i = np.arange(1, x.size + 1)
    ks = float(max(np.max(i / x.size - cdf), np.max(cdf - (i - 1) / x.size)))
    return RestoreFit(
        distribution=name, parameters=params, standard_errors=se, log_likelihood=float(log_l),
        aic=float(2 * k - 2 * log_l), bic=float(k * math.log(data.n) - 2 * log_l), ks=ks,
        n=data.n,
        censored=int(data.c.size),
    )


def _standard_errors(neg_log_l, theta: np.ndarray, to_params, names: list[str]) -> dict:
    """Delta-method SEs of the reported parameters from the Hessian in the fitting space."""
    k = len(theta)
    h = 1e-4 * np.maximum(1.0, np.abs(theta))
    hess = np.zeros((k, k))
    f0 = neg_log_l(theta)
    for a in range(k):
        for b in range(a, k):
            ea, eb = np.eye(k)[a] * h[a], np.eye(k)[b] * h[b]
            if a == b:
                value = (neg_log_l(theta + ea) - 2 * f0 + neg_log_l(theta - ea)) / h[a] ** 2
            else:
                value = (neg_log_l(theta + ea + eb) - neg_log_l(theta + ea - eb)
                         - neg_log_l(theta - ea + eb) + neg_log_l(theta - ea - eb)) / (
                    4 * h[a] * h[b])
            hess[a, b] = hess[b, a] = value
    try:
        cov = np.linalg.inv(hess)
    except np.linalg.LinAlgError:
        return {name: float("nan") for name in names}
    jac = np.zeros((len(names), k))
    base = np.array(list(to_params(theta).values()))
    for a in range(k):
        step = np.eye(k)[a] * h[a]
        jac[:, a] = (np.array(list(to_params(theta + step).values())) - base) / h[a]
    var = np.diag(jac @ cov @ jac.T)
    return {name: float(np.sqrt(v)) if v >= 0 else float("nan")
            for name, v in zip(names, var, strict=True)}


def _exponential(data: _Data) -> RestoreFit:
    total = data.t.sum() + data.c.sum()
    d = data.t.size

    def neg(theta: np.ndarray) -> float:  # theta = log scale
        scale = math.exp(theta[0])
        return d * theta[0] + total / scale

    theta = np.array([math.log(total / d)])

    def to_params(th: np.ndarray) -> dict[str, float]:
        return {"loc": 0.0, "scale": math.exp(th[0])}

    params = to_params(theta)
    return _result(data, "expon", params, -neg(theta), neg, theta, to_params)


def _lognormal(data: _Data) -> RestoreFit:
    d = data.t.size
    s1, s2 = data.log_t.sum(), (data.log_t ** 2).sum()
    log_c = np.log(data.c)

    def neg(theta: np.ndarray) -> float:  # theta = (mu, log sigma)
        mu, sigma = theta[0], math.exp(theta[1])
        resolved = (s2 - 2 * mu * s1 + d * mu * mu) / (2 * sigma * sigma) + d * theta[1] + s1 \
            + 0.5 * d * math.log(2 * math.pi)
        open_ = -special.log_ndtr(-(log_c - mu) / sigma).sum() if log_c.size else 0.0
        return float(resolved + open_)

    mu0 = s1 / d
    theta = np.array([mu0, 0.5 * math.log(max(s2 / d - mu0 * mu0, 1e-12))])
    if log_c.size:
        theta = optimize.minimize(neg, theta, method="Nelder-Mead",
                                  options={"xatol": 1e-9, "fatol": 1e-9, "maxiter": 2000}).x

    def to_params(th: np.ndarray) -> dict[str, float]:
        return {"s": math.exp(th[1]), "loc": 0.0, "scale": math.exp(th[0])}

    return _result(data, "lognorm", to_params(theta), -neg(theta), neg, theta, to_params)


def _weibull(data: _Data) -> RestoreFit:
    d = data.t.size
    log_x = np.concatenate([data.log_t, np.log(data.c)])
    sum_log_t = data.log_t.sum()
    shift = log_x.max()

    def score(k: float) -> float:
        w = np.exp(k * (log_x - shift))  # x^k scaled, to avoid overflow
        return d / k + sum_log_t - d * float((w * log_x).sum() / w.sum())

    low, high = 1e-3, 1.0
    while score(high) > 0 and high < 1e3:
        high *= 2.0
    k = optimize.brentq(score, low, high, xtol=1e-12)

    def neg(theta: np.ndarray) -> float:  # theta = (log k, log scale)
        kk, lam = math.exp(theta[0]), math.exp(theta[1])
        z = log_x - theta[1]
        return float(-(d * math.log(kk) - d * kk * math.log(lam) + (kk - 1) * sum_log_t)
                     + np.exp(kk * z).sum())

    w = np.exp(k * (log_x - shift))
    log_scale = (math.log(w.sum() / d) + k * shift) / k
    theta = np.array([math.log(k), log_scale])

    def to_params(th: np.ndarray) -> dict[str, float]:
        return {"c": math.exp(th[0]), "loc": 0.0, "scale": math.exp(th[1])}

    return _result(data, "weibull_min", to_params(theta), -neg(theta), neg, theta, to_params)


def _gamma(data: _Data) -> RestoreFit:
    d = data.t.size
    s_t, s_log = data.t.sum(), data.log_t.sum()
    c = data.c

    def neg(theta: np.ndarray) -> float:  # theta = (log a, log scale)
        a, scale = math.exp(theta[0]), math.exp(theta[1])
        resolved = -((a - 1) * s_log - s_t / scale - d * a * theta[1] - d * special.gammaln(a))
        open_ = -np.log(np.maximum(special.gammaincc(a, c / scale), 1e-300)).sum() \
            if c.size else 0.0
        return float(resolved + open_)

    # Start from the closed-form approximation for the uncensored shape (Minka 2002).
    s = math.log(s_t / d) - s_log / d
    a0 = (3 - s + math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s) if s > 0 else 1.0
    theta0 = np.array([math.log(a0), math.log(s_t / d / a0)])
    theta = optimize.minimize(neg, theta0, method="Nelder-Mead",
                              options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 4000}).x

    def to_params(th: np.ndarray) -> dict[str, float]:
        return {"a": math.exp(th[0]), "loc": 0.0, "scale": math.exp(th[1])}

    return _result(data, "gamma", to_params(theta), -neg(theta), neg, theta, to_params)
