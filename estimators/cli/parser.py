"""The command line's arguments (``python -m estimators --help``).

Every numeric option is a :class:`Number`: a finite number in a stated range, checked as the
command line is read, so NaN, infinity or an absurd value is refused at once with a message
naming the option and its range (exit status 2) instead of reaching the model.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from dataclasses import dataclass

from estimators.decisions.sobol import BASE_SAMPLES, REPLICATES
from estimators.engine.limits import MAX_RUN_SECONDS, MAX_TRIALS
from estimators.history.presets import FIELDS, PRESETS
from estimators.scenario.strategies import Strategy

__all__ = ["Number", "build_parser"]

MAX_SEED = 2**32 - 1
HOURS_PER_YEAR = 8760
MAX_MAGNITUDE = 1e15  # --low/--high; the input's own range is checked by breakeven()


@dataclass(frozen=True)
class Number:
    """An argparse ``type=``: a finite (whole) number from ``low`` to ``high``.

    ``low_open``/``high_open`` leave the limit itself out. argparse prefixes the refusal with
    the option's name (``argument --level: must be a number in (0, 1), got nan``).
    """

    low: float
    high: float
    whole: bool = False
    low_open: bool = False
    high_open: bool = False

    @property
    def range(self) -> str:
        """The range in interval notation, e.g. ``[1, 1,000,000]`` or ``(0, 1)``."""
        def show(limit: float) -> str:
            whole = float(limit).is_integer() and abs(limit) < 1e12
            return f"{int(limit):,}" if whole else f"{limit:g}"

        return (f"{'(' if self.low_open else '['}{show(self.low)}, "
                f"{show(self.high)}{')' if self.high_open else ']'}")

    def __contains__(self, value: float) -> bool:
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return math.isfinite(value) and above and below

    def __call__(self, text: str) -> int | float:
        kind = "a whole number" if self.whole else "a number"
        try:
            value = int(text) if self.whole else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be {kind} in {self.range}, got {text!r}") \
                from None
        if value not in self:
            raise argparse.ArgumentTypeError(f"must be {kind} in {self.range}, got {text}")
        return value


class TwoStrategies(argparse.Action):
    """``--between A B``: two different strategies (a strategy never breaks even with itself)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: str | Sequence[object] | None, option_string: str | None = None) -> None:
        first, second = values or ("", "")  # nargs=2: argparse passes two
        if first == second:
            raise argparse.ArgumentError(self, f"needs two different strategies, got {first} "
                                               "twice")
        setattr(namespace, self.dest, [first, second])


TRIALS = Number(1, MAX_TRIALS, whole=True)
SEED = Number(0, MAX_SEED, whole=True)
VALUE = Number(-MAX_MAGNITUDE, MAX_MAGNITUDE)


def build_parser() -> argparse.ArgumentParser:
    """Every command and option of the command line."""
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
    sim.add_argument("--trials", type=TRIALS, default=10_000, help="trial-years per strategy")
    sim.add_argument("--seed", type=SEED, default=0, help="random seed (same seed, same result)")
    sim.add_argument("--strategy", choices=[s.value for s in Strategy],
                     help="one strategy (default: all three)")
    sim.add_argument("--format", choices=("table", "json"), default="table")
    sim.add_argument("--out", help="write the per-incident table to this Parquet file")
    sim.add_argument("--uncertainty", action="store_true",
                     help="draw the scenario's uncertain inputs anew for every trial-year")
    sim.add_argument("--max-seconds", type=Number(0.0, 7 * 24 * 3600.0),
                     default=MAX_RUN_SECONDS, metavar="SECONDS",
                     help="refuse a strategy's run planned to take more than this many seconds "
                          f"of one core (default {MAX_RUN_SECONDS:,.0f}; 0: no limit)")
    sens = sub.add_parser("sensitivity", help="tornado (and Sobol indices): which inputs move "
                          "the answer most")
    sens.add_argument("file")
    sens.add_argument("--format", choices=("table", "json"), default="table")
    sens.add_argument("--sobol", action="store_true",
                      help="also Sobol indices of annual cost on the Monte Carlo")
    sens.add_argument("--base-samples", type=Number(*BASE_SAMPLES, whole=True), default=512,
                      help="Sobol base samples N (N·(inputs+2)·replicates trial-years)")
    sens.add_argument("--replicates", type=Number(*REPLICATES, whole=True), default=8,
                      help="trial-years per Sobol design row")
    sens.add_argument("--seed", type=SEED, default=0)
    sens.add_argument("--executor", default=None,
                      help="serial, local, local:N or a Dask scheduler address (tcp://...)")
    even = sub.add_parser("breakeven", help="the value of an input where two strategies tie")
    even.add_argument("file")
    even.add_argument("--param", required=True,
                      help="dotted path of a number, e.g. contract.monthly_fee")
    even.add_argument("--between", nargs=2, action=TwoStrategies,
                      default=["in_house", "outsourced"], choices=[s.value for s in Strategy],
                      metavar="STRATEGY", help="the two strategies compared (two different)")
    even.add_argument("--low", type=VALUE, help="lowest value tried (default 0)")
    even.add_argument("--high", type=VALUE,
                      help="highest value tried (default 3 × the scenario's)")
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
    opt.add_argument("--availability", type=Number(0, 1, high_open=True),
                     help="availability target, e.g. 0.999 (default: the scenario's; 0: none)")
    opt.add_argument("--response-hours", type=Number(0, HOURS_PER_YEAR, low_open=True),
                     help="staffing: start work within this many hours (default: S1 target)")
    opt.add_argument("--level", type=Number(0, 1, low_open=True, high_open=True), default=0.8,
                     help="staffing: share of incidents within the response time")
    opt.add_argument("--trials", type=TRIALS, default=2000,
                     help="trial-years per simulated candidate")
    opt.add_argument("--executor", default=None,
                     help="serial, local, local:N or a Dask scheduler address (tcp://...)")
    opt.add_argument("--format", choices=("table", "json"), default="table")
    report = sub.add_parser("report", help="self-contained interactive HTML report")
    report.add_argument("file")
    report.add_argument("--out", required=True, help="the .html file to write")
    report.add_argument("--trials", type=Number(0, MAX_TRIALS, whole=True), default=0,
                        help="also simulate this many trial-years per strategy (0: no)")
    report.add_argument("--seed", type=SEED, default=0)
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
    return parser
