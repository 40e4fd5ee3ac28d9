"""Service credits under a monthly cap, in expectation (docs/model.md §11).

Each month the vendor owes ``credit_pct`` of the monthly fee for every breach of severity v, and at
most ``credit_cap_pct`` in all. Breaches of severity v in a month are Poisson with mean μ_v
(incidents of that severity in the month × the probability that one breaches), independent
across severities, so a month's credits S = Σ_v c_v·N_v are compound Poisson and the expected
credit is

    E[min(S, cap)] = E[S] − E[(S − cap)⁺],   E[S] = Σ_v c_v·μ_v.

The correction E[(S − cap)⁺] comes from S's distribution on a lattice (Panjer's recursion for a
compound Poisson sum, Panjer 1981): the lattice step is the credits' common divisor (exact for
credit and cap percentages with up to four decimals, within ``4 · LATTICE`` steps of the cap),
or, failing that, the cap / ``LATTICE`` with each credit rounded to it (the result is kept
within [0, min(E[S], cap)]). The Monte Carlo caps
each simulated month exactly; both engines then agree in expectation.
"""

from __future__ import annotations

import numpy as np

from estimators.distributions import poisson_sf

__all__ = ["LATTICE", "expected_capped"]

LATTICE = 4_000
"""Lattice steps between 0 and the cap."""


def _lattice(amounts: np.ndarray, cap: float) -> tuple[float, int]:
    """(unit, steps below the cap): the credits' common divisor when they and the cap are whole
    multiples of a millionth (percentages such as 2.5, 10, 100 are), so the sum is exact;
    else ``cap / LATTICE``."""
    micro = np.rint(np.append(amounts, cap) * 1e6)
    if np.allclose(micro / 1e6, np.append(amounts, cap), rtol=0, atol=1e-12):
        unit = float(np.gcd.reduce(micro.astype(np.int64))) / 1e6
        size = int(round(cap / unit))
        if 0 < size <= 4 * LATTICE:
            return unit, size
    return cap / LATTICE, LATTICE


def expected_capped(means: np.ndarray, amounts: np.ndarray, cap: float) -> float:
    """E[min(Σ_v amounts_v · N_v, cap)] for independent N_v ~ Poisson(means_v).

    ``means`` and ``amounts`` are per kind of breach (e.g. per severity); amounts and the cap are
    in any one unit (here: monthly fees). A cap of infinity gives E[S].
    """
    mu = np.asarray(means, dtype=float)
    c = np.asarray(amounts, dtype=float)
    keep = (mu > 0) & (c > 0)
    mu, c = mu[keep], c[keep]
    total = float(mu @ c)
    if total == 0.0 or not np.isfinite(cap):
        return total
    if cap <= 0.0:
        return 0.0
    rate = float(mu.sum())
    # When even every breach at the largest credit rarely reaches the cap, the cap is moot:
    # E[(S − cap)⁺] ≤ c_max·E[N·1{N ≥ k}] = c_max·rate·P(N ≥ k − 1) for N ~ Poisson(rate).
    k = int(np.ceil(cap / c.max()))
    if c.max() * rate * poisson_sf(k - 2, rate) < 1e-9 * total:
        return total
    unit, size = _lattice(c, cap)
    steps = np.maximum(1, np.rint(c / unit).astype(int))
    # Panjer: g(s) = (1/s)·Σ_v μ_v·k_v·g(s − k_v), k_v the credit in lattice steps. Plain floats:
    # three terms a step are faster in Python than in numpy.
    terms = [(int(k), float(m * k)) for k, m in zip(steps, mu, strict=True)]
    g = [0.0] * size  # P(S = s·unit) for s below the cap
    g[0] = float(np.exp(-rate))
    for s in range(1, size):
        g[s] = sum(w * g[s - k] for k, w in terms if k <= s) / s
    g = np.array(g)
    grid = np.arange(size) * unit
    below = float(g.sum())
    capped_lattice = float(grid @ g) + cap * max(0.0, 1.0 - below)
    mean_lattice = float(mu @ (steps * unit))
    excess = max(0.0, mean_lattice - capped_lattice)  # E[(S − cap)⁺] on the lattice
    return float(np.clip(total - excess, 0.0, min(total, cap)))
