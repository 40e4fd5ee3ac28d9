"""What the decision tools found, in words and tables: break-even, scope, staffing, tiers.

The decision tools return numbers and the reason codes behind them; this module turns them into
sentences and display tables in the reader's language and currency, for the pages, the report
and the command line alike.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from estimators.decisions.breakeven import BreakEven
from estimators.decisions.optimise.scope import ScopeCell, ScopeResult
from estimators.decisions.optimise.staffing import MAX_FTE, StaffingResult
from estimators.decisions.optimise.tiers import CURRENT, TierOption, TierResult
from estimators.decisions.sobol import SobolIndices
from estimators.presentation.formatting import format_money
from estimators.presentation.i18n import tr
from estimators.presentation.labels import input_name, name_of

__all__ = ["as_json", "breakeven_message", "scope_reason", "scope_reasons_table", "scope_summary",
           "sobol_share", "sobol_table", "staffing_message", "staffing_table", "tier_message",
           "tier_table"]


def breakeven_message(result: BreakEven, lang: str = "en", unit: str = "") -> str:
    """Where two strategies cost the same, or which stays cheaper over the whole range.

    ``unit`` is the input's unit as its range names it (``"×"``, ``"JPY/month"``); it follows
    every value of the input in the sentence.
    """
    a, b = name_of("strategy", result.a, lang), name_of("strategy", result.b, lang)

    def value(x: float) -> str:
        return f"{x:,.6g} {unit}" if unit else f"{x:,.6g}"

    if result.value is None:
        return tr("{a} and {b} never cost the same between {low} and {high}: "
                  "{cheaper} stays cheaper", lang, a=a, b=b, low=value(result.low),
                  high=value(result.high), cheaper=name_of("strategy", result.cheaper, lang))
    return tr("{a} and {b} cost the same at {value}", lang, a=a, b=b, value=value(result.value))


def _share_digits(value: float) -> str:
    """A share to two decimals with a true minus sign; a value that rounds to zero is 0.00."""
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text.replace("-", "−")


def sobol_share(value: float, half_width: float, lang: str = "en") -> str:
    """A Sobol index with its 95 % interval: ``0.42 (0.38 to 0.46)``.

    An index is a share of variance, never below zero; an estimate whose interval reaches zero
    is within its noise and reads ``≈ 0 (−0.02 to 0.03)``, so no bare negative share is shown.
    """
    low, high = _share_digits(value - half_width), _share_digits(value + half_width)
    if value - half_width <= 0:
        return tr("≈ 0 ({low} to {high})", lang, low=low, high=high)
    return tr("{value} ({low} to {high})", lang, value=_share_digits(value), low=low,
              high=high)


def sobol_table(indices: SobolIndices, lang: str = "en") -> pd.DataFrame:
    """One row per input, largest total index first: its first-order and total index, each
    with its 95 % interval (:func:`sobol_share`), in ``lang``."""
    order = np.argsort(-indices.total, kind="stable")
    return pd.DataFrame({
        tr("Input", lang): [input_name(indices.inputs[k].name, lang) for k in order],
        tr("First order (alone)", lang): [
            sobol_share(indices.first[k], indices.first_conf[k], lang) for k in order],
        tr("Total (with interactions)", lang): [
            sobol_share(indices.total[k], indices.total_conf[k], lang) for k in order]})


def scope_reason(cell: ScopeCell, result: ScopeResult, lang: str = "en") -> str:
    """Why one cell of the scope matrix went to its party: what flipping it alone would do,
    said with its direction ("would raise the cost by ¥1.2M a year", "would bring the
    availability of ERP down to 99.812 %, below the 99.900 % target")."""
    other = name_of("party", "vendor" if cell.party.value == "in_house" else "in_house", lang)
    if cell.decided_by == "availability_target":
        return tr("moving it to {other} would bring the availability of {system} down to "
                  "{value:.3%}, below the {target:.3%} target", lang, other=other,
                  system=cell.limiting_system, value=cell.limiting_availability,
                  target=result.availability_target)
    if cell.decided_by == "no_work":
        return tr("no work of this kind on this system", lang)
    if not cell.decided_by:
        return tr("either party costs the same here (no work of this kind, or equal cost)",
                  lang)

    def money(value: float) -> str:
        return format_money(abs(value), result.currency, compact=True, lang=lang)

    line = name_of("cost_line", cell.decided_by, lang)
    moves = (tr("{line} up {amount}", lang, line=line, amount=money(cell.line_delta))
             if cell.line_delta >= 0 else
             tr("{line} down {amount}", lang, line=line, amount=money(cell.line_delta)))
    if cell.flip_change >= 0:
        return tr("moving it to {other} would raise the cost by {change} a year (most of all "
                  "{moves})", lang, other=other, change=money(cell.flip_change), moves=moves)
    return tr("moving it to {other} would lower the cost by {change} a year (most of all "
              "{moves})", lang, other=other, change=money(cell.flip_change), moves=moves)


def scope_summary(result: ScopeResult, lang: str = "en") -> str:
    """The scope answer in one sentence; when no split meets the availability target, that
    first, then the most available split and the cheapest one with their costs."""
    def money(value: float) -> str:
        return format_money(value, result.currency, lang=lang)

    best = result.best_score
    if result.feasible or result.cheapest_score is None:
        return tr("The cheapest split that meets the availability target costs {best} a year "
                  "against {current} for the hybrid split as entered.", lang,
                  best=money(best.objective), current=money(result.current_score.objective))
    cheap = result.cheapest_score
    return tr("No split keeps every system at {target:.3%}. The most available split (shown) "
              "costs {best} a year with its weakest system at {best_av:.3%}; the cheapest "
              "split costs {cheap} with its weakest system at {cheap_av:.3%}.", lang,
              target=result.availability_target, best=money(best.objective),
              best_av=float(best.availability.min()), cheap=money(cheap.objective),
              cheap_av=float(cheap.availability.min()))


def scope_reasons_table(result: ScopeResult, lang: str = "en") -> pd.DataFrame:
    """One row per cell: system, work, who does it and why, in ``lang``."""
    cells = result.cells
    return pd.DataFrame({
        tr("System", lang): [c.system for c in cells],
        tr("Work", lang): [name_of("scope_work", c.field, lang) for c in cells],
        tr("Who", lang): [name_of("party", c.party, lang) for c in cells],
        tr("Reason", lang): [scope_reason(c, result, lang) for c in cells]})


def staffing_message(result: StaffingResult, lang: str = "en") -> str:
    """The staffing answer in one sentence: the cheapest confirmed team, or why there is none."""
    t, p = result.target_hours, result.target_level
    if result.acknowledgement_share is not None:
        return tr("the acknowledgement alone (mean {m:g} min) is within {t:g} h for only "
                  "{p:.1%} of incidents: no team size reaches {goal:.0%}; shorten the "
                  "acknowledgement or relax the target", lang, m=result.acknowledgement_minutes,
                  t=t, p=result.acknowledgement_share, goal=p)
    if not result.options:
        return tr("no team of up to {n} FTE starts work within {t:g} h for {p:.0%} of "
                  "incidents, even by Erlang C", lang, n=MAX_FTE, t=t, p=p)
    best = result.best
    if best is None:
        simulated = [o.simulated_level for o in result.options if o.simulated_level is not None]
        return tr("none of the {k} cheapest teams that pass the Erlang C screen was confirmed "
                  "by simulation to start work within {t:g} h for {p:.0%} of incidents; the "
                  "best reached {sim:.1%}", lang, k=len(simulated), t=t, p=p,
                  sim=max(simulated, default=0.0))
    return tr("cheapest team: {fte} FTE ({mix}) on {coverage} coverage; the target needs "
              "{needed:.2f} FTE; simulated {sim:.1%} of all S1 incidents started within {t:g} h "
              "of detection, wall clock (Erlang C, day queue: {erl:.1%})", lang,
              fte=best.total_fte, mix=", ".join(f"{k} {v}" for k, v in best.headcount.items()),
              coverage=name_of("coverage_in_text", best.coverage, lang), needed=best.fte_needed,
              sim=best.simulated_level, t=t, erl=best.erlang_level)


def staffing_table(result: StaffingResult, lang: str = "en") -> pd.DataFrame:
    """The shortlist, cheapest first: coverage, headcount per level, FTE, the service levels
    reached (percentages) and annual cost, in ``lang``."""
    options = result.options
    names = list(options[0].headcount) if options else []
    return pd.DataFrame({
        tr("Coverage", lang): [name_of("coverage", o.coverage, lang) for o in options],
        **{name: [o.headcount[name] for o in options] for name in names},
        tr("FTE (whole)", lang): [o.total_fte for o in options],
        tr("FTE the target needs", lang): [round(o.fte_needed, 2) for o in options],
        tr("Engineers on duty", lang): [o.servers for o in options],
        tr("Erlang C level", lang): [f"{o.erlang_level:.1%}" for o in options],
        tr("Simulated level", lang): [f"{o.simulated_level:.1%}"
                                      if o.simulated_level is not None else ""
                                      for o in options],
        tr("Annual cost", lang): [format_money(o.annual_cost, result.currency, lang=lang)
                                  for o in options]})


def _option_name(option: TierOption, lang: str) -> str:
    """The current contract's name is translated; tiers' names are data, shown as entered."""
    return tr(CURRENT, lang) if option.name == CURRENT else option.name


def tier_message(result: TierResult, lang: str = "en") -> str:
    """The cheapest contract option meeting the availability target, or the closest one."""
    target = result.availability_target
    if result.best is not None:
        return tr("{name} is the cheapest option that keeps every system at {target:.2%} or "
                  "better", lang, name=_option_name(result.best, lang), target=target)
    if result.options:
        closest = max(result.options, key=lambda o: o.min_availability)
        return tr("no option keeps every system at {target:.2%}; the closest is {name} at "
                  "{value:.3%}", lang, target=target, value=closest.min_availability,
                  name=_option_name(closest, lang))
    return tr("no option could be simulated", lang)


def tier_table(result: TierResult, lang: str = "en") -> pd.DataFrame:
    """One row per contract option, as shown, in ``lang``."""
    def money(value: float) -> str:
        return format_money(value, result.currency, lang=lang)

    options = result.options
    return pd.DataFrame({
        tr("Option", lang): [_option_name(o, lang) for o in options],
        tr("Monthly fee", lang): [money(o.monthly_fee) for o in options],
        tr("Annual cost", lang): [money(o.annual_cost) for o in options],
        tr("P90 cost", lang): [money(o.p90_cost) for o in options],
        tr("Lowest system availability", lang): [f"{100 * o.min_availability:.3f} %"
                                                 for o in options],
        tr("Meets the target", lang): [o.meets for o in options]})


def as_json(result: BreakEven | ScopeResult | StaffingResult | TierResult | object) -> dict:
    """A decision result's JSON (the command line's contract): its numbers, plus its message
    or per-cell reasons in English."""
    data = result.to_dict()
    if isinstance(result, BreakEven):
        data["message"] = breakeven_message(result)
    elif isinstance(result, StaffingResult):
        data["message"] = staffing_message(result)
    elif isinstance(result, TierResult):
        data["message"] = tier_message(result)
    elif isinstance(result, ScopeResult):
        data["message"] = scope_summary(result)
        for cell, row in zip(result.cells, data["cells"], strict=True):
            row["reason"] = scope_reason(cell, result)
    return data
