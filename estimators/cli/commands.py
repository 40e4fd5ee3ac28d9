"""What each command of the command line does: load, compute, print or write.

Each command imports its own heavy modules (pandas, the history reader, the decisions and
their scipy.optimize) when it runs, so ``simulate`` does not pay for ``history``'s imports.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from estimators.cli.text import json_text, simulation_table
from estimators.costs.expected import compare_strategies
from estimators.engine.simulation import SimulationError, WorkLimitError, simulate
from estimators.presentation.formatting import format_money
from estimators.presentation.labels import name_of
from estimators.scenario import Scenario
from estimators.scenario.strategies import Strategy

if TYPE_CHECKING:
    from estimators.engine.results import SimulationResult

__all__ = ["decision", "history", "optimise", "simulate_command", "write_outputs"]


def simulate_command(scenario: Scenario, args: argparse.Namespace) -> int:
    strategies = [Strategy(args.strategy)] if args.strategy else list(Strategy)
    results: dict[Strategy, SimulationResult] = {}
    try:
        for strategy in strategies:
            results[strategy] = simulate(scenario, strategy, args.trials, args.seed,
                                         keep_incidents=args.out is not None,
                                         uncertainty=args.uncertainty,
                                         max_seconds=args.max_seconds or None)
    except (SimulationError, ValueError) as exc:
        hint = " (or allow it with --max-seconds)" if isinstance(exc, WorkLimitError) else ""
        print(f"cannot simulate: {exc}{hint}", file=sys.stderr)
        return 1
    if args.out:
        missing = [s.value for s, r in results.items() if r.table is None]
        if missing:
            print(f"cannot write {args.out}: too many incidents to keep for "
                  f"{', '.join(missing)}; lower --trials", file=sys.stderr)
            return 1
        import pandas as pd

        frames = [r.table.to_frame().assign(strategy=s.value) for s, r in results.items()]
        try:
            pd.concat(frames, ignore_index=True).to_parquet(args.out, index=False)
        except OSError as exc:
            print(f"cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    if args.format == "json":
        payload = {"trials": args.trials, "seed": args.seed,
                   "strategies": {s.value: r.summary() for s, r in results.items()}}
        print(json_text(payload))
    else:
        print(simulation_table(scenario, results, args.trials, args.seed))
    return 0


def history(args: argparse.Namespace) -> int:
    from estimators.files import UnreadableFile, read_limited
    from estimators.history import HistoryError, load_history
    from estimators.history.limits import LIMIT_CODES, MAX_HISTORY_BYTES
    from estimators.presentation.history_report import history_summary, history_table

    mapping = {}
    for item in args.map:
        field, sep, column = item.partition("=")
        if not sep or not field or not column:
            print(f"--map takes FIELD=COLUMN, got {item!r}", file=sys.stderr)
            return 1
        mapping[field.strip()] = column.strip()
    try:
        raw = read_limited(args.file, MAX_HISTORY_BYTES)
        history = load_history(raw, name=Path(args.file).name, preset=args.preset,
                               mapping=mapping, date_order=args.date_order)
    except UnreadableFile as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 1
    except HistoryError as exc:
        how = (f"; map one with --map {exc.values['field']}=COLUMN"
               if exc.code == "no_opened_column" else
               "; export a shorter period or only the columns you need"
               if exc.code in LIMIT_CODES else "")
        print(f"{args.file}: {exc}{how}", file=sys.stderr)
        return 1
    summary = history_summary(history)
    if args.format == "json":
        print(json_text(summary))
    else:
        print(history_table(summary))
    return 0


def write_outputs(scenario: Scenario, args: argparse.Namespace) -> int:
    from estimators.engine.digest import digest
    from estimators.presentation.export import write_excel
    from estimators.presentation.report import write_report

    comparison = compare_strategies(scenario)
    try:
        if args.command == "export":
            write_excel(args.xlsx, scenario, comparison)
            print(f"wrote {args.xlsx}")
            return 0
        digests = None
        if args.trials:
            digests = [digest(scenario, simulate(scenario, s, args.trials, args.seed,
                                                 keep_incidents=False)) for s in Strategy]
        write_report(args.out, scenario, comparison, digests)
        print(f"wrote {args.out}")
    except (SimulationError, ValueError) as exc:
        print(f"cannot write the {args.command}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"cannot write the {args.command}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


def decision(scenario: Scenario, args: argparse.Namespace) -> int:
    from estimators.decisions.breakeven import breakeven
    from estimators.decisions.executor import executor_from
    from estimators.decisions.sensitivity import tornado
    from estimators.decisions.sobol import sobol_indices
    from estimators.presentation.advice import as_json, breakeven_message

    cur = scenario.finance.currency
    try:
        executor = executor_from(args.executor)
        if args.command == "sensitivity":
            bars = tornado(scenario, executor=executor)
            sobol = sobol_indices(scenario, base_samples=args.base_samples,
                                  replicates=args.replicates, seed=args.seed) if args.sobol else {}
            if args.format == "json":
                out = {"currency": cur, "inputs": [b.to_dict() for b in bars]}
                if sobol:
                    out["sobol"] = {m.key: v.to_dict() for m, v in sobol.items()}
                print(json_text(out))
                return 0
            print(f"{scenario.name} — change of expected annual cost, input at P10 / P90")
            for bar in bars:
                print(f"{bar.uncertainty.name} ({bar.low:,.4g} / {bar.high:,.4g} "
                      f"{bar.uncertainty.unit})")
                for s in Strategy:
                    print(f"    {name_of('strategy', s):12} "
                          f"{format_money(bar.low_cost[s], cur):>16} "
                          f"{format_money(bar.high_cost[s], cur):>16}")
            for measure, indices in sobol.items():
                print(f"\nSobol indices of annual cost — {measure.key} (S1 ± 95 %, ST ± 95 %)")
                for u, s1, c1, st, ct in zip(indices.inputs, indices.first, indices.first_conf,
                                             indices.total, indices.total_conf, strict=True):
                    print(f"    {u.name:40} {s1:6.3f} ± {c1:5.3f}   {st:6.3f} ± {ct:5.3f}")
                if indices.noise_share is not None:
                    print(f"    incident randomness: {indices.noise_share:.0%} of one year's "
                          "variance")
            return 0
        result = breakeven(scenario, args.param, *args.between, low=args.low, high=args.high,
                           executor=executor)
    except ValueError as exc:
        print(f"cannot analyse: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json_text(as_json(result)))
    else:
        print(breakeven_message(result))
    return 0


def optimise(scenario: Scenario, args: argparse.Namespace) -> int:
    from estimators.decisions.executor import executor_from
    from estimators.decisions.optimise import (
        SCOPE_FIELDS,
        choose_vendor_tier,
        optimise_scope,
        optimise_staffing,
        preventive_curve,
    )
    from estimators.presentation.advice import (
        as_json,
        scope_reason,
        scope_summary,
        staffing_message,
        tier_message,
    )
    from estimators.queueing import UnstableQueueError

    cur = scenario.finance.currency
    try:
        executor = executor_from(args.executor)
        if args.what == "scope":
            result = optimise_scope(scenario, args.objective, args.availability, args.pricing,
                                    args.trials, executor=executor)
        elif args.what == "staffing":
            result = optimise_staffing(scenario, args.response_hours, args.level,
                                       trials=args.trials, executor=executor)
        elif args.what == "tier":
            result = choose_vendor_tier(scenario, availability_target=args.availability,
                                        trials=args.trials)
        else:
            result = preventive_curve(scenario, executor=executor)
    except (SimulationError, UnstableQueueError, ValueError) as exc:
        print(f"cannot optimise: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json_text(as_json(result)))
        return 0
    if args.what == "scope":
        print(f"{scenario.name} — who does what ({args.objective} cost, {args.pricing} pricing)")
        print(result.matrix().to_string())
        print(f"current {format_money(result.current_score.objective, cur)}, best "
              f"{format_money(result.best_score.objective, cur)}, saves "
              f"{format_money(result.savings, cur)} a year; P90 "
              f"{format_money(result.current_p90, cur)} -> {format_money(result.best_p90, cur)}")
        print(scope_summary(result))
        for cell in result.cells:
            print(f"  {cell.system} / {cell.field} ({SCOPE_FIELDS.index(cell.field) + 1}): "
                  f"{cell.party.value}: {scope_reason(cell, result)}")
    elif args.what == "staffing":
        print(staffing_message(result))
        for o in result.options[:10]:
            sim = "" if o.simulated_level is None else f", simulated {o.simulated_level:.1%}"
            print(f"  {o.coverage:15} {o.headcount} = {o.total_fte} FTE (needs "
                  f"{o.fte_needed:.2f}), Erlang C {o.erlang_level:.1%}{sim}, "
                  f"{format_money(o.annual_cost, cur)}")
    elif args.what == "tier":
        print(tier_message(result))
        for o in result.options:
            print(f"  {o.name:20} fee {format_money(o.monthly_fee, cur)}/month, "
                  f"{format_money(o.annual_cost, cur)}/yr, P90 {format_money(o.p90_cost, cur)}, "
                  f"lowest availability {100 * o.min_availability:.3f} %")
    else:
        for s in Strategy:
            print(f"{name_of('strategy', s):12} best {result.optimum_hours[s]:,.0f} "
                  "preventive h/yr "
                  f"({format_money(result.optimum_cost[s], cur)}/yr; today "
                  f"{result.current_hours:,.0f} h, {format_money(result.current_cost[s], cur)})")
    return 0
