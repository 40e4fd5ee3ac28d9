"""Service credits under a monthly cap, in expectation (docs/model.md §11).

Each month the vendor owes ``credit_pct`` of the monthly fee for every breach of severity v, and at
most ``credit_cap_pct`` in all. Breaches of severity v in a month are Poisson with mean μ_v
(incidents of that severity in the month × the probability that one breaches), independent
across severities, so a month's credits S = Σ_v c_v·N_v are compound Poisson and the expected
credit is

    E[min(S, cap)] = E[S] − E[(S − cap)⁺],   E[S] = Σ_v c_v·μ_v.

The correction E[(S − cap)⁺] comes from S's distribution on a lattice (Panjer's recursion for a
compound Poisson sum, Panjer 1981): each credit is rounded to the lattice (``LATTICE`` steps up to
the cap), which moves the correction by far less than the cap / ``LATTICE``. The Monte Carlo caps
each simulated month exactly; both engines then agree in expectation.
"""

from __future__ import annotations

import numpy as np

__all__ = ["LATTICE", "expected_capped"]

LATTICE = 4_000
"""Lattice steps between 0 and the cap."""


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
    unit = cap / LATTICE
    steps = np.maximum(1, np.rint(c / unit).astype(int))
    rate = float(mu.sum())
    g = np.zeros(LATTICE)  # P(S = s·unit) for s below the cap
    g[0] = np.exp(-rate)
    for s in range(1, LATTICE):
        ahead = s - steps
        inside = ahead >= 0
        g[s] = (mu[inside] * steps[inside] @ g[ahead[inside]]) / s
    grid = np.arange(LATTICE) * unit
    below = float(g.sum())
    capped_lattice = float(grid @ g) + cap * max(0.0, 1.0 - below)
    mean_lattice = float(mu @ (steps * unit))
    return total - (mean_lattice - capped_lattice)
