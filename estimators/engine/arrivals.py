"""Stage 1 of a trial-year: which incidents happen, when, when they are seen, how long to fix.

docs/model.md §13 steps 1-3. Per trial, system ``s`` and severity ``v``:
``N_sv ~ Poisson(λ'_sv)`` incidents (per-trial ``λ'`` when rates are uncertain, §15), each at
``Uniform[0, 8760)`` hours — a Poisson process per cell — detected after ``Exp(mean D_s)`` hours,
with a repair time drawn from the cell's family (§5) and scaled by the trial's repair factor
when a repair median is uncertain.

Draw order (fixed: results depend on it): the counts, the occurrence times, the detection
delays, then the repair times family by family.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from estimators.calendars.coverage import HOURS_PER_YEAR
from estimators.engine.inputs import FAMILIES, StrategyInputs
from estimators.engine.trial_inputs import TrialInputs

__all__ = ["Arrivals", "draw_arrivals", "repair_times"]


@dataclass(frozen=True)
class Arrivals:
    """The incidents of ``trials`` trial-years: per-cell counts, then one entry per incident.

    Incidents are ordered by trial, then by cell (``s · V + v``), then in draw order (not by
    time). Times are hours from the start of the trial-year.

    Attributes:
        trials: trial-years in the chunk.
        per_cell: incidents per trial and cell, shape (trials, S · V).
        counts: incidents per trial, shape (trials,).
        trial, cell, system, severity: each incident's trial (0 … trials − 1), cell, system
            index and severity index.
        occurred: when the incident happened.
        detected: when monitoring saw it (occurred + detection delay).
        repair: hands-on repair hours at multiplier 1, after the trial's repair factor.
        repair_factor: the trial's repair-time scale of each incident, or None when no repair
            median varies (then every factor is 1).
    """

    trials: int
    per_cell: np.ndarray
    counts: np.ndarray
    trial: np.ndarray
    cell: np.ndarray
    system: np.ndarray
    severity: np.ndarray
    occurred: np.ndarray
    detected: np.ndarray
    repair: np.ndarray
    repair_factor: np.ndarray | None

    @property
    def size(self) -> int:
        """Incidents in the chunk."""
        return int(self.trial.size)


def repair_times(inp: StrategyInputs, cell: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Repair hours for incidents of (system, severity) cell index ``cell`` (flat s·V + v).

    Lognormal ``scale · exp(σ Z)``; exponential ``scale · E``; Weibull ``scale · E^(1/k)``;
    gamma ``scale · Gamma(k)`` (docs/model.md §13 step 3). One batch of draws per family, in
    family-code order, for the families of cells whose stated rate is positive.
    """
    family = inp.family.ravel()[cell]
    scale = inp.scale.ravel()[cell]
    form = inp.shape.ravel()[cell]
    out = np.empty(cell.shape)
    for code in np.unique(inp.family[inp.rates > 0]):
        m = family == code
        n = int(m.sum())
        if code == FAMILIES["lognormal"]:
            out[m] = scale[m] * np.exp(form[m] * rng.standard_normal(n))
        elif code == FAMILIES["exponential"]:
            out[m] = scale[m] * rng.standard_exponential(n)
        elif code == FAMILIES["weibull"]:
            out[m] = scale[m] * rng.standard_exponential(n) ** (1.0 / form[m])
        else:
            out[m] = scale[m] * rng.standard_gamma(form[m])
    return out


def draw_arrivals(inp: StrategyInputs, trials: int, rng: np.random.Generator,
                  varying: TrialInputs | None = None) -> Arrivals:
    """Draw the incidents of ``trials`` trial-years.

    ``varying`` gives these trials' uncertain inputs: their rates replace ``inp.rates`` and
    their repair factors scale the repair draws.
    """
    n_sev = inp.rates.shape[1]
    cells = inp.rates.size
    if varying is not None and varying.rates is not None:
        per_cell = rng.poisson(varying.rates.reshape(trials, cells))
    else:
        per_cell = rng.poisson(inp.rates.ravel(), (trials, cells))
    counts = per_cell.sum(axis=1)
    size = int(counts.sum())
    trial = np.repeat(np.arange(trials), counts)
    cell = np.repeat(np.tile(np.arange(cells), trials), per_cell.ravel())
    occurred = rng.uniform(0.0, HOURS_PER_YEAR, size)
    system, severity = np.divmod(cell, n_sev)
    detected = occurred + rng.standard_exponential(size) * inp.detection[system]
    repair = repair_times(inp, cell, rng)
    factor = None
    if varying is not None and varying.repair_factor is not None:
        factor = varying.repair_factor.reshape(trials, -1)[trial, cell]
        repair = repair * factor
    return Arrivals(trials, per_cell, counts, trial, cell, system, severity, occurred, detected,
                    repair, factor)
