"""Command line of the estimators (``python -m estimators --help``).

Commands: ``schema``, ``validate``, ``costs``, ``simulate``, ``history``, ``sensitivity``,
``breakeven``, ``optimise``, ``report`` and ``export`` (see the README for their options and
JSON contracts). Bad input never prints a traceback: the message goes to stderr and the exit
status is 1 (2 for a malformed command line, as argparse does).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from estimators.cli.parser import build_parser
from estimators.scenario import Scenario
from estimators.scenario.loading import ScenarioError, load_scenario

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Each command imports what it needs when it runs: ``validate`` needs only the scenario model
    (numpy and pydantic), ``costs`` the expected model, and only the Monte Carlo, history and
    decision commands import pandas, the engine or SALib, so the light commands start at once.
    """
    args = build_parser().parse_args(argv)
    if args.command == "history":
        from estimators.cli.commands import history

        return history(args)

    if args.command == "schema":
        from estimators.cli.text import json_text

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
    if args.command != "costs":
        from estimators.cli import commands

        if args.command == "simulate":
            return commands.simulate_command(scenario, args)
        if args.command in ("report", "export"):
            return commands.write_outputs(scenario, args)
        if args.command in ("sensitivity", "breakeven"):
            return commands.decision(scenario, args)
        return commands.optimise(scenario, args)
    from estimators.cli.text import costs_table, json_text
    from estimators.costs.expected import compare_strategies

    comparison = compare_strategies(scenario)
    if args.format == "json":
        print(json_text(comparison.to_dict()))
    else:
        print(costs_table(comparison))
    return 0
