"""Uncertain inputs: a range or distribution on any numeric scenario input, by dotted path.

``Uncertainty(path="contract.monthly_fee", distribution="triangular", low=4e5, mode=6e5,
high=8e5)`` says the fee is somewhere between 400,000 and 800,000, most likely 600,000. The
distributions are the ones cost estimators use: uniform, triangular, PERT (a beta scaled to
[low, high] with shape 4, Vose 2008), normal (mean, sd) and lognormal (median, sigma).
:func:`default_uncertainties` proposes ranges for the inputs that usually matter, so a
sensitivity analysis works on any scenario before the user has set ranges of their own.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from scipy import stats

from .i18n import Text, tr
from .scenario import Scenario

__all__ = ["Uncertainty", "default_uncertainties", "input_name", "value_at"]

NAMED_PREFIXES = ("Loaded cost: ", "Downtime cost: ")
"""Default labels that end in a level's or a system's name (which stays as entered)."""


class Uncertainty(BaseModel):
    """A range or distribution on one numeric input of a scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

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
    sigma: float | None = Field(None, gt=0.0)

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

    def quantile(self, p: float) -> float:
        return float(self.frozen().ppf(p))


def value_at(scenario: Scenario, path: str) -> float:
    """The number at a dotted path of the scenario (ValueError with the path when absent)."""
    node: object = scenario.model_dump(mode="json")
    for key in path.split("."):
        if isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        elif isinstance(node, dict) and key in node:
            node = node[key]
        else:
            raise ValueError(Text("{path} is not a field of the scenario", path=path))
    if isinstance(node, bool) or not isinstance(node, (int, float)) or not math.isfinite(node):
        raise ValueError(Text("{path} is not a number in the scenario", path=path))
    return float(node)


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


def input_name(name: str, lang: str = "en") -> str:
    """An input's label in ``lang``; the level or system name in a default label is kept."""
    for prefix in NAMED_PREFIXES:
        if name.startswith(prefix):
            return tr(prefix.strip(), lang) + " " + name.removeprefix(prefix)
    return tr(name, lang)
