"""Command line of the estimators (``python -m estimators --help``).

``schema``, ``validate FILE``, ``costs FILE [--format table|json]`` and
``simulate FILE --trials N --seed S [--strategy NAME] [--format table|json] [--out PATH.parquet]``.

Bad input never prints a traceback: the message goes to stderr and the exit status is 1
(2 for a malformed command line, as argparse does).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

import pandas as pd

from estimators.costs.expected import COST_LINES, CostComparison, compare_strategies
from estimators.engine.results import SimulationResult
from estimators.engine.simulation import SimulationError, simulate
from estimators.history import FIELDS, PRESETS, HistoryError, load_history
from estimators.presentation.formatting import format_money
from estimators.presentation.history_report import history_summary, history_table
from estimators.scenario.loading import ScenarioError, load_scenario
from estimators.scenario.model import MaintenanceType, Scenario
from estimators.scenario.strategies import Strategy

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
    sim = sub.add_parser("simulate", help="Monte Carlo downtime, recovery and cost risk")
    sim.add_argument("file")
    sim.add_argument("--trials", type=int, default=10_000, help="trial-years per strategy")
    sim.add_argument("--seed", type=int, default=0, help="random seed (same seed, same result)")
    sim.add_argument("--strategy", choices=[s.value for s in Strategy],
                     help="one strategy (default: all three)")
    sim.add_argument("--format", choices=("table", "json"), default="table")
    sim.add_argument("--out", help="write the per-incident table to this Parquet file")
    sim.add_argument("--uncertainty", action="store_true",
                     help="draw the scenario's uncertain inputs anew for every trial-year")
    sens = sub.add_parser("sensitivity", help="tornado (and Sobol indices): which inputs move "
                          "the answer most")
    sens.add_argument("file")
    sens.add_argument("--format", choices=("table", "json"), default="table")
    sens.add_argument("--sobol", action="store_true",
                      help="also Sobol indices of annual cost on the Monte Carlo")
    sens.add_argument("--base-samples", type=int, default=512,
                      help="Sobol base samples N (N·(inputs+2)·replicates trial-years)")
    sens.add_argument("--replicates", type=int, default=8,
                      help="trial-years per Sobol design row")
    sens.add_argument("--seed", type=int, default=0)
    sens.add_argument("--executor", default=None,
                      help="serial, local, local:N or a Dask scheduler address (tcp://...)")
    even = sub.add_parser("breakeven", help="the value of an input where two strategies tie")
    even.add_argument("file")
    even.add_argument("--param", required=True,
                      help="dotted path of a number, e.g. contract.monthly_fee")
    even.add_argument("--between", nargs=2, default=["in_house", "outsourced"],
                      choices=[s.value for s in Strategy], metavar="STRATEGY")
    even.add_argument("--low", type=float)
    even.add_argument("--high", type=float)
    even.add_argument("--format", choices=("table", "json"), default="table")
    even.add_argument("--executor", default=None,
                      help="serial, local, local:N or a Dask scheduler address (tcp://...)")
    opt = sub.add_parser("optimise", help="what to keep in-house, staffing, vendor tier, "
                         "preventive hours")
    opt.add_argument("file")
    opt.add_argument("--what", choices=("scope", "staffing", "tier", "preventive"),
                     default="scope")
    opt.add_argument("--objective", choices=("mean", "p90"), default="mean",
                     help="scope: minimise expected or P90 annual cost")
    opt.add_argument("--pricing", choices=("pro_rata", "split"), default="pro_rata",
                     help="scope: size vendor and team to their work, or keep the hybrid split's")
    opt.add_argument("--availability", type=float,
                     help="availability target, e.g. 0.999 (default: the scenario's; 0: none)")
    opt.add_argument("--response-hours", type=float,
                     help="staffing: start work within this many hours (default: S1 target)")
    opt.add_argument("--level", type=float, default=0.8,
                     help="staffing: share of incidents within the response time")
    opt.add_argument("--trials", type=int, default=2000,
                     help="trial-years per simulated candidate")
    opt.add_argument("--executor", default=None,
                     help="serial, local, local:N or a Dask scheduler address (tcp://...)")
    opt.add_argument("--format", choices=("table", "json"), default="table")
    report = sub.add_parser("report", help="self-contained interactive HTML report")
    report.add_argument("file")
    report.add_argument("--out", required=True, help="the .html file to write")
    report.add_argument("--trials", type=int, default=0,
                        help="also simulate this many trial-years per strategy (0: no)")
    report.add_argument("--seed", type=int, default=0)
    export = sub.add_parser("export", help="Excel workbook of inputs and results")
    export.add_argument("file")
    export.add_argument("--xlsx", required=True, help="the .xlsx file to write")
    hist = sub.add_parser("history", help="import, check, analyse and fit an incident export")
    hist.add_argument("file")
    hist.add_argument("--preset", choices=sorted(PRESETS), help="export format (default: detect)")
    hist.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                      help=f"map a field ({', '.join(FIELDS)}) to a column; repeatable")
    order = hist.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", action="store_const", const="dayfirst", dest="date_order")
    order.add_argument("--monthfirst", action="store_const", const="monthfirst",
                       dest="date_order")
    hist.add_argument("--format", choices=("table", "json"), default="table")
    args = parser.parse_args(argv)
    if args.command == "history":
        return _history(args)

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
    if args.command == "simulate":
        return _simulate(scenario, args)
    if args.command in ("report", "export"):
        return _write_outputs(scenario, args)
    if args.command in ("sensitivity", "breakeven"):
        return _decision(scenario, args)
    if args.command == "optimise":
        return _optimise(scenario, args)
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


def _simulate(scenario: Scenario, args: argparse.Namespace) -> int:
    strategies = [Strategy(args.strategy)] if args.strategy else list(Strategy)
    results: dict[Strategy, SimulationResult] = {}
    try:
        for strategy in strategies:
            results[strategy] = simulate(scenario, strategy, args.trials, args.seed,
                                         keep_incidents=args.out is not None,
                                         uncertainty=args.uncertainty)
    except (SimulationError, ValueError) as exc:
        print(f"cannot simulate: {exc}", file=sys.stderr)
        return 1
    if args.out:
        missing = [s.value for s, r in results.items() if r.table is None]
        if missing:
            print(f"cannot write {args.out}: too many incidents to keep for "
                  f"{', '.join(missing)}; lower --trials", file=sys.stderr)
            return 1
        frames = [r.table.to_frame().assign(strategy=s.value) for s, r in results.items()]
        try:
            pd.concat(frames, ignore_index=True).to_parquet(args.out, index=False)
        except OSError as exc:
            print(f"cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    if args.format == "json":
        payload = {"trials": args.trials, "seed": args.seed,
                   "strategies": {s.value: r.summary() for s, r in results.items()}}
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(simulation_table(scenario, results, args.trials, args.seed))
    return 0


def simulation_table(scenario: Scenario, results: dict[Strategy, SimulationResult],
                     trials: int, seed: int) -> str:
    """Plain-text summary of Monte Carlo results, one column per strategy."""
    cur = scenario.finance.currency
    summaries = {s: r.summary() for s, r in results.items()}

    def money(key: str, stat: str) -> list[str]:
        return [format_money(summ[key][stat], cur) for summ in summaries.values()]

    def number(values: list[float], fmt: str) -> list[str]:
        return [format(v, fmt) for v in values]

    rows: list[tuple[str, list[str]]] = [
        ("total cost, mean", money("total_cost", "mean")),
        ("total cost, P50", money("total_cost", "p50")),
        ("total cost, P90", money("total_cost", "p90")),
        ("total cost, P95", money("total_cost", "p95")),
        ("total cost, CVaR95", [format_money(s["total_cost_cvar95"], cur)
                                for s in summaries.values()]),
        ("downtime h/yr, mean", number([s["downtime_hours"]["mean"] for s in summaries.values()],
                                       ",.1f")),
        ("downtime h/yr, P90", number([s["downtime_hours"]["p90"] for s in summaries.values()],
                                      ",.1f")),
        ("availability, mean", number([100 * s["availability_mean"]
                                       for s in summaries.values()], ".3f")),
        ("time to restore h, mean", number([s["time_to_restore_hours"]["mean"]
                                            for s in summaries.values()], ".2f")),
        ("time to restore h, P90", number([s["time_to_restore_hours"]["p90"]
                                           for s in summaries.values()], ".2f")),
        ("wait h, mean", number([s["wait_hours"]["mean"] for s in summaries.values()], ".2f")),
        ("incidents/yr, mean", number([s["incidents_per_year"]["mean"]
                                       for s in summaries.values()], ".1f")),
    ]
    for sev in ("S1", "S2", "S3"):
        rows.append((f"P(breach {sev} in a year)",
                     number([s["p_breach"][sev] for s in summaries.values()], ".3f")))
    rows.append(("credits received, mean", [format_money(s["service_credits_mean"], cur)
                                            for s in summaries.values()]))
    rows.append(("pages/engineer/week", number([s["pages_per_engineer_week"]
                                                for s in summaries.values()], ".2f")))
    width = max(14, *(len(v) for _, vs in rows for v in vs))
    out = [f"{scenario.name} — {trials:,} trial-years per strategy, seed {seed} "
           "(availability in %)",
           f"{'':26}" + "".join(f"{s.label:>{width + 2}}" for s in results)]
    out += [f"{label:26}" + "".join(f"{v:>{width + 2}}" for v in values)
            for label, values in rows]
    for strategy, summ in summaries.items():
        conv = summ["convergence"]
        out.append(f"precision ({strategy.label}): mean ±{100 * conv['mean']:.1f} %, "
                   f"P90 ±{100 * conv['p90']:.1f} % at 95 %")
    return "\n".join(out)


def _history(args: argparse.Namespace) -> int:
    mapping = {}
    for item in args.map:
        field, sep, column = item.partition("=")
        if not sep or not field or not column:
            print(f"--map takes FIELD=COLUMN, got {item!r}", file=sys.stderr)
            return 1
        mapping[field.strip()] = column.strip()
    try:
        history = load_history(args.file, preset=args.preset, mapping=mapping,
                               date_order=args.date_order)
    except HistoryError as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 1
    summary = history_summary(history)
    if args.format == "json":
        print(json.dumps(summary, indent=2, ensure_ascii=False, default=str))
    else:
        print(history_table(summary))
    return 0


def _write_outputs(scenario: Scenario, args: argparse.Namespace) -> int:
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


def _decision(scenario: Scenario, args: argparse.Namespace) -> int:
    from estimators.decisions.breakeven import breakeven
    from estimators.decisions.executor import executor_from
    from estimators.decisions.sensitivity import tornado
    from estimators.decisions.sobol import sobol_indices

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
                    out["sobol"] = {k: v.to_dict() for k, v in sobol.items()}
                print(json.dumps(out, indent=2, ensure_ascii=False))
                return 0
            print(f"{scenario.name} — change of expected annual cost, input at P10 / P90")
            for bar in bars:
                print(f"{bar.uncertainty.name} ({bar.low:,.4g} / {bar.high:,.4g} "
                      f"{bar.uncertainty.unit})")
                for s in Strategy:
                    print(f"    {s.label:12} {format_money(bar.low_cost[s], cur):>16} "
                          f"{format_money(bar.high_cost[s], cur):>16}")
            for key, indices in sobol.items():
                print(f"\nSobol indices of annual cost — {key} (S1 ± 95 %, ST ± 95 %)")
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
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(result.message)
    return 0


def _optimise(scenario: Scenario, args: argparse.Namespace) -> int:
    from estimators.decisions.executor import executor_from
    from estimators.decisions.optimise import (
        SCOPE_FIELDS,
        choose_vendor_tier,
        optimise_scope,
        optimise_staffing,
        preventive_curve,
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
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return 0
    if args.what == "scope":
        print(f"{scenario.name} — who does what ({args.objective} cost, {args.pricing} pricing)")
        print(result.matrix().to_string())
        print(f"current {format_money(result.current_score.objective, cur)}, best "
              f"{format_money(result.best_score.objective, cur)}, saves "
              f"{format_money(result.savings, cur)} a year; P90 "
              f"{format_money(result.current_p90, cur)} -> {format_money(result.best_p90, cur)}")
        if not result.feasible:
            print("no split meets the availability target; this one comes closest")
        for cell in result.cells:
            print(f"  {cell.system} / {cell.field} ({SCOPE_FIELDS.index(cell.field) + 1}): "
                  f"{cell.party.value}: {cell.reason}")
    elif args.what == "staffing":
        print(result.message)
        for o in result.options[:10]:
            sim = "" if o.simulated_level is None else f", simulated {o.simulated_level:.1%}"
            print(f"  {o.coverage:15} {o.headcount} = {o.total_fte} FTE (needs "
                  f"{o.fte_needed:.2f}), Erlang C {o.erlang_level:.1%}{sim}, "
                  f"{format_money(o.annual_cost, cur)}")
    elif args.what == "tier":
        print(result.message)
        for o in result.options:
            print(f"  {o.name:20} fee {format_money(o.monthly_fee, cur)}/month, "
                  f"{format_money(o.annual_cost, cur)}/yr, P90 {format_money(o.p90_cost, cur)}, "
                  f"lowest availability {100 * o.min_availability:.3f} %")
    else:
        for s in Strategy:
            print(f"{s.label:12} best {result.optimum_hours[s]:,.0f} preventive h/yr "
                  f"({format_money(result.optimum_cost[s], cur)}/yr; today "
                  f"{result.current_hours:,.0f} h, {format_money(result.current_cost[s], cur)})")
    return 0
