"""Uncertain inputs on a scenario: default ranges, values by path, and correlated sampling.

The distributions themselves and their rank correlation live in :mod:`estimators.ranges` (the
scenario stores them). :func:`default_uncertainties` proposes ranges for the inputs that
usually matter, so a sensitivity analysis works on any scenario before the user has set ranges
of their own; :func:`sample_inputs` draws joint samples with the stated rank correlation.
"""

from __future__ import annotations

import numpy as np

from estimators.scenario import Scenario
from estimators.scenario.ranges import UncertainInputs, Uncertainty, nearest_correlation

__all__ = ["Uncertainty", "default_uncertainties", "sample_inputs",
           "uncertainties_of", "value_at"]

NAMED_PREFIXES = ("Loaded cost: ", "Downtime cost: ")
"""Default labels that end in a level's or a system's name (which stays as entered)."""


def value_at(scenario: Scenario, path: str) -> float:
    """The number at a dotted path of the scenario (ValueError with the path when absent)."""
    return scenario.number_at(path)


def uncertainties_of(scenario: Scenario) -> list[Uncertainty]:
    """The scenario's own ranges, or the defaults when it has none."""
    return list(scenario.uncertainty.inputs) or default_uncertainties(scenario)


def normal_correlation(rank: np.ndarray) -> np.ndarray:
    """Pearson correlation of a Gaussian copula with Spearman correlations ``rank``.

    ρ = 2 sin(π ρ_S / 6) (Kruskal 1958); the result is moved to the nearest correlation matrix
    when the conversion leaves it slightly indefinite.
    """
    rho = 2.0 * np.sin(np.pi * np.asarray(rank, dtype=float) / 6.0)
    np.fill_diagonal(rho, 1.0)
    if np.linalg.eigvalsh(rho)[0] < 1e-12:
        rho = nearest_correlation(rho)
    return rho


def sample_inputs(spec: UncertainInputs, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` joint draws of the inputs, shape (n, inputs), with the spec's rank correlation.

    A Gaussian copula: z ~ N(0, ρ) with ρ from :func:`normal_correlation`, u = Φ(z), and each
    input's inverse CDF at u. The marginals are exact; the rank correlations hold up to
    sampling error (about 1/√n).
    """
    d = len(spec.inputs)
    if d == 0:
        return np.empty((n, 0))
    rank = spec.correlation()
    if np.allclose(rank, np.eye(d)):
        u = rng.random((n, d))
    else:
        from scipy import special  # heavy: only correlated inputs need Φ

        values, vectors = np.linalg.eigh(normal_correlation(rank))
        root = vectors * np.sqrt(np.maximum(values, 0.0))
        u = special.ndtr(rng.standard_normal((n, d)) @ root.T)
    u = np.clip(u, 1e-12, 1.0 - 1e-12)
    return np.column_stack([item.quantile(u[:, k]) for k, item in enumerate(spec.inputs)])


def _around(path: str, label: str, unit: str, value: float, low: float, high: float
            ) -> Uncertainty:
    return Uncertainty(path=path, label=label, unit=unit, distribution="triangular",
                       low=value * low, mode=value, high=value * high)


def default_uncertainties(scenario: Scenario) -> list[Uncertainty]:
    """Ranges for the inputs that usually move the answer, around the scenario's values.

    Incident rates −30 %/+50 % (histories are short and skewed), vendor fee and overage
    −20 %/+25 % (quotes), loaded costs −10 %/+15 % (pay rounds), downtime cost per hour
    −50 %/+50 % (the least known figure).
    """
    cur = scenario.finance.currency
    out = [Uncertainty(path="effects.incident_rate_multiplier", label="Incident rates",
                       unit="×", distribution="triangular",
                       low=0.7 * scenario.effects.incident_rate_multiplier,
                       mode=scenario.effects.incident_rate_multiplier,
                       high=1.5 * scenario.effects.incident_rate_multiplier)]
    if scenario.contract.monthly_fee > 0:
        out.append(_around("contract.monthly_fee", "Vendor monthly fee", f"{cur}/month",
                           scenario.contract.monthly_fee, 0.8, 1.25))
    if scenario.contract.overage_rate > 0:
        out.append(_around("contract.overage_rate", "Vendor overage rate", f"{cur}/h",
                           scenario.contract.overage_rate, 0.8, 1.25))
    for i, level in enumerate(scenario.team.levels):
        if level.annual_loaded_cost > 0:
            out.append(_around(f"team.levels.{i}.annual_loaded_cost",
                               f"Loaded cost: {level.name}", f"{cur}/FTE-year",
                               level.annual_loaded_cost, 0.9, 1.15))
    for i, system in enumerate(scenario.systems):
        if system.downtime_cost_per_hour > 0:
            out.append(_around(f"systems.{i}.downtime_cost_per_hour",
                               f"Downtime cost: {system.name}", f"{cur}/h",
                               system.downtime_cost_per_hour, 0.5, 1.5))
    return out
