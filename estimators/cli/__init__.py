"""Command line of the estimators (``python -m estimators --help``).

Commands: ``schema``, ``validate``, ``costs``, ``simulate``, ``history``, ``sensitivity``,
``breakeven``, ``optimise``, ``report`` and ``export`` (see the README for their options and
JSON contracts). Bad input never prints a traceback: the message goes to stderr and the exit
status is 1 (2 for a malformed command line, as argparse does).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from estimators.cli.commands import decision, history, optimise, simulate_command, write_outputs
from estimators.cli.parser import build_parser
from estimators.cli.text import costs_table, json_text
from estimators.costs.expected import compare_strategies
from estimators.scenario import Scenario
from estimators.scenario.loading import ScenarioError, load_scenario

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    if args.command == "history":
        return history(args)

    if args.command == "schema":
        print(json_text(Scenario.model_json_schema()))
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
    if args.command == "simulate":
        return simulate_command(scenario, args)
    if args.command in ("report", "export"):
        return write_outputs(scenario, args)
    if args.command in ("sensitivity", "breakeven"):
        return decision(scenario, args)
    if args.command == "optimise":
        return optimise(scenario, args)
    comparison = compare_strategies(scenario)
    if args.format == "json":
        print(json_text(comparison.to_dict()))
    else:
        print(costs_table(comparison))
    return 0
