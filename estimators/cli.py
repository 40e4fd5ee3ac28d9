"""Command line: ``python -m estimators schema | validate FILE | costs FILE [--format table|json]``.

Bad input never prints a traceback: the message goes to stderr and the exit status is 1
(2 for a malformed command line, as argparse does).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .costs import COST_LINES, CostComparison, compare_strategies
from .loading import ScenarioError, load_scenario
from .money import format_money
from .scenario import MaintenanceType, Scenario

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m estimators",
        description="Hoshu: IT maintenance cost, in-house vs outsourced vs hybrid.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("schema", help="print the scenario JSON Schema")
    validate = sub.add_parser("validate", help="check a scenario file")
    validate.add_argument("file")
    costs = sub.add_parser("costs", help="expected cost per strategy")
    costs.add_argument("file")
    costs.add_argument("--format", choices=("table", "json"), default="table")
    args = parser.parse_args(argv)

    if args.command == "schema":
        print(json.dumps(Scenario.model_json_schema(), indent=2, ensure_ascii=False))
        return 0
    try:
        scenario = load_scenario(args.file)
    except ScenarioError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.command == "validate":
        print(f"{args.file}: valid scenario '{scenario.name}' "
              f"({len(scenario.systems)} systems, currency {scenario.finance.currency})")
        return 0
    comparison = compare_strategies(scenario)
    if args.format == "json":
        print(json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(costs_table(comparison))
    return 0


def costs_table(comparison: CostComparison) -> str:
    """A plain-text table of the comparison: lines and types as rows, strategies as columns."""
    cur = comparison.currency
    names = [s.label for s in comparison.strategies]
    results = list(comparison.strategies.values())
    rows: list[tuple[str, list[float]]] = []
    rows += [(line, [r.by_line[line] for r in results]) for line in COST_LINES]
    rows.append(("annual total", [r.annual_total for r in results]))
    rows.append(("", []))
    rows += [(f"  {t.value}", [r.by_maintenance_type[t.value] for r in results])
             for t in MaintenanceType]
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
        out += [f"note ({result.strategy.label}): {w}" for w in result.warnings]
    return "\n".join(out)
