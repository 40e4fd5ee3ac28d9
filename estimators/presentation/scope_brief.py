"""The scope advice in brief, for a first screen: which work the recommended split keeps
in-house, what it saves against the hybrid split as entered, and its risk.

The full answer (the matrix and a reason per cell) is on the Sensitivity & break-even page; this
words the same :class:`~estimators.decisions.optimise.scope.ScopeResult`, so both agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from estimators.decisions.optimise.scope import SCOPE_FIELDS, ScopeResult
from estimators.presentation.advice import scope_summary
from estimators.presentation.formatting import format_money
from estimators.presentation.i18n import tr
from estimators.presentation.labels import name_of

__all__ = ["ScopeBrief", "scope_brief"]


@dataclass(frozen=True)
class ScopeBrief:
    """The recommended split in a few lines, in one language.

    Attributes:
        kept: which work stays in-house, by kind of work ("Recovery: all systems; ...").
        cost: the split's annual cost (money, formatted).
        saving: the difference a year to the hybrid split as entered (formatted, positive).
        saves: whether the split costs less than the hybrid split as entered.
        p90, p90_entered: simulated annual cost exceeded one year in ten, this split and the
            split as entered (formatted).
        weakest: availability of the weakest system under the split (formatted %).
        target: the availability target (formatted %; empty when there is none).
        summary: the optimiser's own sentence (says when no split meets the target).
    """

    kept: str
    cost: str
    saving: str
    saves: bool
    p90: str
    p90_entered: str
    weakest: str
    target: str
    summary: str


def _kept_in_house(result: ScopeResult, lang: str) -> str:
    matrix = result.matrix("best")
    parts = []
    for work in SCOPE_FIELDS:
        inside = [system for system, party in matrix[work].items() if party == "in_house"]
        if not inside:
            continue
        where = (tr("all systems", lang) if len(inside) == len(matrix)
                 else tr(", ", lang).join(inside))
        parts.append(tr("{work}: {where}", lang, work=name_of("scope_work", work, lang),
                        where=where))
    if not parts:
        return tr("Nothing: the vendor does all the work.", lang)
    return tr("; ", lang).join(parts)


def scope_brief(result: ScopeResult, lang: str = "en") -> ScopeBrief:
    """The scope answer as a first screen shows it, in ``lang``."""
    def money(value: float) -> str:
        return format_money(value, result.currency, compact=lang == "ja", lang=lang)

    saving = result.savings
    weakest = float(result.best_score.availability.min())
    target = result.availability_target
    return ScopeBrief(
        kept=_kept_in_house(result, lang),
        cost=money(result.best_score.objective),
        saving=money(abs(saving)),
        saves=saving > 0,
        p90=money(result.best_p90),
        p90_entered=money(result.current_p90),
        weakest=f"{weakest:.3%}",
        target=f"{target:.3%}" if target else "",
        summary=scope_summary(result, lang),
    )
