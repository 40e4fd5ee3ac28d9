"""Global sensitivity: Sobol first-order and total indices of annual cost, on the Monte Carlo.

The tornado moves one input at a time; Sobol indices apportion the *variance* of the annual
cost among the uncertain inputs when all move together (Saltelli et al. 2010, "Variance based
sensitivity analysis of model output", Comput. Phys. Commun. 181:259-270). S1 is the share an
input explains alone, ST the share it takes part in, interactions included.

SALib draws the design (a scrambled Sobol' sequence with Saltelli's cross-sampling, N·(D+2)
rows for N base samples and D inputs) and computes the indices with bootstrap confidence
intervals. Each design row is one set of input values; the Monte Carlo runs ``replicates``
trial-years per row in a single vectorised run (:mod:`estimators.engine.trial_inputs`), and the
row's output is their mean cost. The indices are those of the *expected* annual cost given the
inputs: the incident randomness left in a row's mean is measured from the replicates and taken
out of the estimates (see :func:`_indices`); ``noise_share`` says how much of a single year's
cost variance is chance rather than the inputs. Sobol indices assume independent inputs, so
rank correlations set on the scenario are not used here.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from estimators.decisions.measures import COSTS, GAPS, Measure, MeasureKind
from estimators.scenario import Scenario
from estimators.scenario.ranges import Uncertainty
from estimators.scenario.strategies import Strategy
from estimators.scenario.uncertainty import uncertainties_of
from estimators.text import Text

__all__ = ["BASE_SAMPLES", "REPLICATES", "SobolIndices", "sobol_indices", "trial_years"]

BASE_SAMPLES = (2, 65_536)  # the base samples N allowed, least and most
REPLICATES = (1, 100)  # trial-years per design row allowed, least and most


@dataclass(frozen=True)
class SobolIndices:
    """Sobol indices of one measure (a strategy's annual cost, or a difference of two).

    Attributes:
        first, total: S1 and ST per input (shares of variance, 0-1).
        first_conf, total_conf: 95 % bootstrap half-widths of S1 and ST.
        variance: variance of the expected measure over the inputs, money².
        noise_share: share of one year's variance (inputs and incidents together) that comes
            from incident randomness alone (None with one replicate: it cannot be told apart).
    """

    measure: Measure
    inputs: tuple[Uncertainty, ...]
    first: np.ndarray
    first_conf: np.ndarray
    total: np.ndarray
    total_conf: np.ndarray
    variance: float
    noise_share: float | None

    def to_dict(self) -> dict:
        return {
            "measure": self.measure.key,
            "variance": self.variance,
            "noise_share": self.noise_share,
            "inputs": [{"path": u.path, "label": u.name, "first": float(s1),
                        "first_conf": float(c1), "total": float(st), "total_conf": float(ct)}
                       for u, s1, c1, st, ct in zip(self.inputs, self.first, self.first_conf,
                                                    self.total, self.total_conf, strict=True)],
        }


def trial_years(inputs: int, base_samples: int, replicates: int) -> int:
    """Trial-years simulated per strategy: N·(D + 2) design rows × replicates."""
    return base_samples * (inputs + 2) * replicates


def _design(inputs: list[Uncertainty], base_samples: int, seed: int | None) -> np.ndarray:
    """Saltelli's cross-sampled Sobol' design mapped through each input's inverse CDF."""
    from SALib.sample import sobol as sobol_sample  # heavy: only when indices are computed

    problem = _problem(inputs)
    with warnings.catch_warnings():
        # SALib warns when N is not a power of two: the sequence's balance properties are
        # then not exact, the estimates remain valid (and the confidence intervals say how good).
        warnings.simplefilter("ignore", UserWarning)
        u = sobol_sample.sample(problem, base_samples, calc_second_order=False, scramble=True,
                                seed=seed)
    u = np.clip(u, 1e-12, 1.0 - 1e-12)
    return np.column_stack([item.quantile(u[:, k]) for k, item in enumerate(inputs)])


def _problem(inputs: list[Uncertainty]) -> dict:
    return {"num_vars": len(inputs), "names": [u.path for u in inputs],
            "bounds": [[0.0, 1.0]] * len(inputs)}


def _indices(measure: Measure, inputs: list[Uncertainty], per_trial: np.ndarray, replicates: int,
             seed: int | None) -> SobolIndices:
    """Indices of the expected cost given the inputs, with the incident noise taken out.

    A row's mean of R trial-years is m(x) + ε with Var ε = σ²(x)/R. SALib's estimators then
    see a variance V + σ̄²/R; the first-order numerator is unbiased and the total-order one
    (Jansen) gains σ̄²/R. With σ̄² the pooled within-row variance: S1 = S1' V'/(V' − n) and
    ST = (ST' V' − n)/(V' − n), where V' is the observed variance and n = σ̄²/R.
    """
    rows = per_trial.reshape(-1, replicates)
    y = rows.mean(axis=1)
    observed = float(y.var())
    d = len(inputs)
    noise = float(rows.var(axis=1, ddof=1).mean() / replicates) if replicates > 1 else 0.0
    variance = observed - noise
    if variance <= 1e-9 * max(observed, float(np.abs(y).mean()) ** 2):
        zeros = np.zeros(d)
        return SobolIndices(measure, tuple(inputs), zeros, zeros, zeros, zeros, 0.0,
                            1.0 if replicates > 1 else None)
    from SALib.analyze import sobol as sobol_analyze

    result = sobol_analyze.analyze(_problem(inputs), y, calc_second_order=False,
                                   num_resamples=200, conf_level=0.95, seed=seed)
    scale = observed / variance
    share = None
    if replicates > 1:
        one_year = noise * replicates
        share = one_year / (variance + one_year)
    return SobolIndices(
        measure, tuple(inputs), np.asarray(result["S1"]) * scale,
        np.asarray(result["S1_conf"]) * scale,
        (np.asarray(result["ST"]) * observed - noise) / variance,
        np.asarray(result["ST_conf"]) * scale, variance, share)


def sobol_indices(
    scenario: Scenario,
    inputs: list[Uncertainty] | None = None,
    base_samples: int = 1024,
    replicates: int = 8,
    seed: int | None = 0,
    progress: Callable[[int, int], None] | None = None,
) -> dict[Measure, SobolIndices]:
    """Sobol indices of each strategy's annual cost and of the differences to in-house.

    Args:
        inputs: the uncertain inputs (default: the scenario's, else the default ranges); each
            must be one the Monte Carlo can vary per trial-year.
        base_samples: N of the design; N·(D+2)·replicates trial-years per strategy.
        replicates: trial-years simulated per design row (more: less incident noise).
        progress: called with (strategies done, strategies) after each.

    Returns the indices keyed by :class:`~estimators.decisions.measures.Measure`: each
    strategy's cost (in_house, outsourced, hybrid), then the differences outsourced − in_house
    and hybrid − in_house (:data:`~estimators.decisions.measures.GAPS`).
    """
    # The engine when indices are computed: the command line reads BASE_SAMPLES at start-up.
    from estimators.engine.simulation import MAX_TRIALS, SimulationError, simulate
    from estimators.engine.trial_inputs import trial_inputs

    inputs = list(inputs) if inputs is not None else uncertainties_of(scenario)
    if not inputs:
        raise ValueError(Text("Sobol indices need at least one uncertain input"))
    if not (BASE_SAMPLES[0] <= base_samples <= BASE_SAMPLES[1]
            and REPLICATES[0] <= replicates <= REPLICATES[1]):
        raise ValueError(Text("base samples must be 2 to 65,536 and replicates 1 to 100"))
    trials = trial_years(len(inputs), base_samples, replicates)
    if trials > MAX_TRIALS:
        raise SimulationError(Text(
            "{trials:,} trial-years (base samples × (inputs + 2) × replicates) is over the "
            "cap of {limit:,}; use fewer base samples or replicates", trials=trials,
            limit=MAX_TRIALS))
    design = _design(inputs, base_samples, seed)
    varying = trial_inputs(scenario, inputs, np.repeat(design, replicates, axis=0))
    costs = {}
    for done, strategy in enumerate(Strategy, start=1):
        result = simulate(scenario, strategy, trials, seed, varying=varying,
                          keep_incidents=False)
        costs[strategy] = result.total_cost
        if progress is not None:
            progress(done, len(Strategy))

    def measured(measure: Measure) -> np.ndarray:
        if measure.kind is MeasureKind.gap:
            return costs[measure.strategy] - costs[measure.baseline]
        return costs[measure.strategy]

    return {m: _indices(m, inputs, measured(m), replicates, seed) for m in (*COSTS, *GAPS)}
