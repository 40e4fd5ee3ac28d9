"""Plain-text tables the command line prints (money in the scenario's currency)."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING

from estimators.costs.expected import COST_LINES, CostComparison
from estimators.presentation.formatting import format_money
from estimators.presentation.labels import name_of
from estimators.scenario import MaintenanceType, Scenario
from estimators.scenario.strategies import Strategy

if TYPE_CHECKING:  # the engine (and pandas with it) only for ``simulate``
    from estimators.engine.results import SimulationResult

__all__ = ["costs_table", "json_text", "simulation_table"]


def costs_table(comparison: CostComparison) -> str:
    """A plain-text table of the comparison: lines and types as rows, strategies as columns."""
    cur = comparison.currency
    names = [name_of("strategy", s) for s in comparison.strategies]
    results = list(comparison.strategies.values())
    rows: list[tuple[str, list[float]]] = []
    rows += [(line, [r.by_line[line] for r in results]) for line in COST_LINES]
    rows.append(("annual total", [r.annual_total for r in results]))
    rows.append(("", []))
    rows += [(f"  {t.value}", [r.by_maintenance_type[t.value] for r in results])
             for t in MaintenanceType]
    rows.append(("  operation", [r.operation for r in results]))
    rows.append(("", []))
    years = comparison.horizon_years
    rows.append((f"{years}-year total", [r.horizon_total for r in results]))
    rows.append((f"{years}-year NPV", [r.npv for r in results]))
    width = max(16, *(len(format_money(v, cur)) for _, vs in rows for v in vs))
    out = [f"{comparison.scenario_name} — expected cost per year ({cur})",
           f"{'':22}" + "".join(f"{n:>{width + 2}}" for n in names)]
    for label, values in rows:
        out.append(f"{label:22}" + "".join(f"{format_money(v, cur):>{width + 2}}" for v in values))
    for result in results:
        if not result.feasible:
            out.append(f"note ({name_of('strategy', result.strategy)}): infeasible; never "
                       "named the cheapest")
        out += [f"note ({name_of('strategy', result.strategy)}): {w}" for w in result.warnings]
    return "\n".join(out)


def simulation_table(scenario: Scenario, results: dict[Strategy, SimulationResult],
                     trials: int, seed: int) -> str:
    """Plain-text summary of Monte Carlo results, one column per strategy."""
    cur = scenario.finance.currency
    summaries = [r.summarise() for r in results.values()]

    def money(values: list[float]) -> list[str]:
        return [format_money(v, cur) for v in values]

    def number(values: list[float], fmt: str) -> list[str]:
        return [format(v, fmt) for v in values]

    rows: list[tuple[str, list[str]]] = [
        ("total cost, mean", money([s.total_cost.mean for s in summaries])),
        ("total cost, P50", money([s.total_cost.p50 for s in summaries])),
        ("total cost, P90", money([s.total_cost.p90 for s in summaries])),
        ("total cost, P95", money([s.total_cost.p95 for s in summaries])),
        ("total cost, CVaR95", money([s.total_cost_cvar95 for s in summaries])),
        ("downtime h/yr, mean", number([s.downtime_hours.mean for s in summaries], ",.1f")),
        ("downtime h/yr, P90", number([s.downtime_hours.p90 for s in summaries], ",.1f")),
        ("availability, mean", number([100 * s.availability_mean for s in summaries], ".3f")),
        ("time to restore h, mean", number([s.time_to_restore_hours.mean for s in summaries],
                                           ".2f")),
        ("time to restore h, P90", number([s.time_to_restore_hours.p90 for s in summaries],
                                          ".2f")),
        ("wait h, mean", number([s.wait_hours.mean for s in summaries], ".2f")),
        ("incidents/yr, mean", number([s.incidents_per_year.mean for s in summaries], ".1f")),
    ]
    for sev in ("S1", "S2", "S3"):
        rows.append((f"P(breach {sev} in a year)",
                     number([s.p_breach[sev] for s in summaries], ".3f")))
    rows.append(("credits received, mean", money([s.service_credits_mean for s in summaries])))
    rows.append(("pages/engineer/week", number([s.pages_per_engineer_week for s in summaries],
                                               ".2f")))
    width = max(14, *(len(v) for _, vs in rows for v in vs))
    out = [f"{scenario.name} — {trials:,} trial-years per strategy, seed {seed} "
           "(availability in %)",
           f"{'':26}" + "".join(f"{name_of('strategy', s):>{width + 2}}" for s in results)]
    out += [f"{label:26}" + "".join(f"{v:>{width + 2}}" for v in values)
            for label, values in rows]
    for strategy, summ in zip(results, summaries, strict=True):
        conv = summ.convergence
        out.append(f"precision ({name_of('strategy', strategy)}): mean ±{100 * conv.mean:.1f} "
                   f"%, P90 ±{100 * conv.p90:.1f} % at 95 %")
    for result in results.values():
        out += [f"note ({name_of('strategy', result.strategy)}): {w}" for w in result.warnings]
    return "\n".join(out)


def _finite(value: object) -> object:
    """The value with every non-finite number as None (JSON has no infinity or NaN)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def json_text(value: object) -> str:
    """Indented JSON for the command line: UTF-8 text, non-finite numbers as null."""
    return json.dumps(_finite(value), indent=2, ensure_ascii=False, default=str)
