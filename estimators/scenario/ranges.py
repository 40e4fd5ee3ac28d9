"""Uncertain inputs a scenario carries: a distribution per input and their rank correlation.

``Uncertainty(path="contract.monthly_fee", distribution="triangular", low=4e5, mode=6e5,
high=8e5)`` says the fee is somewhere between 400,000 and 800,000, most likely 600,000. The
distributions are the ones cost estimators use: uniform, triangular, PERT (a beta scaled to
[low, high] with shape 4, Vose 2008), normal (mean, sd) and lognormal (median, sigma).

:class:`UncertainInputs` is the ``uncertainty`` part of a scenario: the inputs and, optionally,
their Spearman rank-correlation matrix (order of ``inputs``). A matrix must be symmetric with a
unit diagonal, entries in [-1, 1], and positive semi-definite (a set of correlations that can
exist together); an invalid one is refused with the nearest valid matrix in the message
(Higham 2002, "Computing the nearest correlation matrix", IMA J. Numer. Anal. 22:329-343).
This module knows nothing of the rest of the scenario, so the scenario model can hold it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from estimators.text import Text

if TYPE_CHECKING:
    from scipy import stats

__all__ = ["UncertainInputs", "Uncertainty", "check_correlation", "nearest_correlation"]

MAX_INPUTS = 50
PSD_TOLERANCE = 1e-9
"""Smallest eigenvalue allowed below zero (rounding in a typed-in matrix)."""


class Uncertainty(BaseModel):
    """A range or distribution on one numeric input of a scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    path: str = Field(min_length=1, max_length=200,
                      description="Dotted path, e.g. contract.monthly_fee")
    label: str = Field("", max_length=120, description="Name shown on charts")
    unit: str = Field("", max_length=40, description="Unit shown on charts")
    distribution: Literal["uniform", "triangular", "pert", "normal", "lognormal"] = "triangular"
    low: float | None = None
    mode: float | None = None
    high: float | None = None
    mean: float | None = None
    sd: float | None = Field(None, gt=0.0)
    median: float | None = Field(None, gt=0.0)
    sigma: float | None = Field(None, gt=0.0, le=5.0)

    @model_validator(mode="after")
    def _parameters(self) -> Uncertainty:
        need = {"uniform": ("low", "high"), "triangular": ("low", "mode", "high"),
                "pert": ("low", "mode", "high"), "normal": ("mean", "sd"),
                "lognormal": ("median", "sigma")}[self.distribution]
        missing = [name for name in need if getattr(self, name) is None]
        if missing:
            raise ValueError(Text("a {d} range needs {names}", d=self.distribution,
                                  names=", ".join(missing)))
        if "low" in need:
            low, high = self.low, self.high
            mode = self.mode if self.mode is not None else low
            if not low <= mode <= high or low == high:
                raise ValueError(Text("needs low <= mode <= high with low < high"))
        return self

    @property
    def name(self) -> str:
        return self.label or self.path

    def frozen(self) -> stats.rv_continuous:
        """The distribution as a scipy.stats frozen distribution."""
        from scipy import stats  # heavy (about 0.5 s): imported when a distribution is needed

        if self.distribution == "uniform":
            return stats.uniform(self.low, self.high - self.low)
        if self.distribution == "triangular":
            span = self.high - self.low
            return stats.triang((self.mode - self.low) / span, self.low, span)
        if self.distribution == "pert":
            span = self.high - self.low
            a = 1 + 4 * (self.mode - self.low) / span
            b = 1 + 4 * (self.high - self.mode) / span
            return stats.beta(a, b, self.low, span)
        if self.distribution == "normal":
            return stats.norm(self.mean, self.sd)
        return stats.lognorm(self.sigma, scale=self.median)

    def plausible_range(self) -> tuple[float, float]:
        """P1 to P99: where the input lies 98 times in 100 (finite for every distribution)."""
        return self.quantile(0.01), self.quantile(0.99)

    def quantile(self, p: float | np.ndarray) -> float | np.ndarray:
        """Inverse CDF at probability ``p`` (an array gives an array)."""
        q = self.frozen().ppf(p)
        return float(q) if np.ndim(q) == 0 else q


class CorrelationError(ValueError):
    """A rank-correlation matrix that cannot be used; ``nearest`` is the closest valid one."""

    def __init__(self, message: str, nearest: np.ndarray | None = None):
        super().__init__(message)
        self.nearest = nearest


def nearest_correlation(matrix: np.ndarray, iterations: int = 200,
                        tolerance: float = 1e-10) -> np.ndarray:
    """The nearest correlation matrix in the Frobenius norm (Higham 2002, algorithm 3.3).

    Alternating projections with Dykstra's correction between the positive semi-definite
    matrices and the symmetric matrices with a unit diagonal.
    """
    a = (np.asarray(matrix, dtype=float) + np.asarray(matrix, dtype=float).T) / 2.0
    y = a.copy()
    correction = np.zeros_like(a)
    for _ in range(iterations):
        r = y - correction
        values, vectors = np.linalg.eigh(r)
        x = (vectors * np.maximum(values, 0.0)) @ vectors.T
        correction = x - r
        previous = y
        y = x.copy()
        np.fill_diagonal(y, 1.0)
        if np.linalg.norm(y - previous) <= tolerance * max(1.0, np.linalg.norm(y)):
            break
    # The last projection leaves a unit diagonal; clip rounding below zero away.
    values, vectors = np.linalg.eigh((y + y.T) / 2.0)
    y = (vectors * np.maximum(values, 0.0)) @ vectors.T
    d = np.sqrt(np.diag(y))
    return y / np.outer(d, d)


def _format(matrix: np.ndarray) -> str:
    return "[" + ", ".join("[" + ", ".join(f"{v:.3f}" for v in row) + "]"
                           for row in matrix) + "]"


def check_correlation(matrix: list[list[float]] | np.ndarray, size: int) -> np.ndarray:
    """Check a rank-correlation matrix for ``size`` inputs; returns it as an array.

    Raises :class:`CorrelationError` naming the first problem: shape, entries outside [-1, 1]
    or not finite, asymmetry, a diagonal other than 1, or a negative eigenvalue (then the
    message gives the nearest valid matrix, which the error also carries).
    """
    m = np.asarray(matrix, dtype=float)
    if size == 0 and m.size == 0:
        return np.empty((0, 0))
    if m.ndim != 2 or m.shape != (size, size):
        raise CorrelationError(Text(
            "the rank-correlation matrix must be {n} × {n} (one row and column per uncertain "
            "input), got {shape}", n=size, shape=" × ".join(map(str, m.shape))))
    if not np.isfinite(m).all() or (np.abs(m) > 1.0).any():
        raise CorrelationError(Text("rank correlations must be numbers in [-1, 1]"))
    if not np.allclose(m, m.T, atol=1e-12):
        i, j = np.argwhere(~np.isclose(m, m.T, atol=1e-12))[0]
        raise CorrelationError(Text(
            "the rank-correlation matrix must be symmetric: entry ({i}, {j}) is {a} but "
            "({j}, {i}) is {b}", i=int(i) + 1, j=int(j) + 1, a=m[i, j], b=m[j, i]))
    if not np.allclose(np.diag(m), 1.0):
        raise CorrelationError(Text("the rank-correlation matrix must have 1 on its diagonal"))
    smallest = float(np.linalg.eigvalsh(m)[0])
    if smallest < -PSD_TOLERANCE:
        nearest = nearest_correlation(m)
        raise CorrelationError(Text(
            "these rank correlations cannot hold together (the matrix is not positive "
            "semi-definite; smallest eigenvalue {value:.3g}). The nearest valid matrix is "
            "{nearest}", value=smallest, nearest=_format(nearest)), nearest)
    return m


class UncertainInputs(BaseModel):
    """The uncertain inputs of a scenario and, optionally, their rank correlation."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    inputs: list[Uncertainty] = Field(default_factory=list, max_length=MAX_INPUTS)
    rank_correlation: list[list[float]] | None = Field(
        None, description="Spearman rank correlations, in the order of inputs")

    @field_validator("inputs")
    @classmethod
    def _unique(cls, inputs: list[Uncertainty]) -> list[Uncertainty]:
        paths = [u.path for u in inputs]
        repeated = sorted({p for p in paths if paths.count(p) > 1})
        if repeated:
            raise ValueError(Text("each input may have one range; repeated: {names}",
                                  names=", ".join(repeated)))
        return inputs

    @field_validator("rank_correlation")
    @classmethod
    def _correlation(cls, matrix: list[list[float]] | None,
                     info: ValidationInfo) -> list[list[float]] | None:
        """Checked against the inputs (validated first), so a bad matrix is reported at its own
        path; when the inputs themselves are invalid, their error is the one to fix first."""
        if matrix is not None and "inputs" in info.data:
            check_correlation(matrix, len(info.data["inputs"]))
        return matrix

    def correlation(self) -> np.ndarray:
        """The rank-correlation matrix (identity when none is given)."""
        if self.rank_correlation is None:
            return np.eye(len(self.inputs))
        return np.asarray(self.rank_correlation, dtype=float)
