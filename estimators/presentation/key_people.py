"""Key-person risk (属人化) in words: what the Monte Carlo's absences, vacancies and sole experts
mean for one strategy (docs/model.md §7b), in the user's language."""

from __future__ import annotations

from estimators.engine.simulation import KeyPersonCost
from estimators.engine.summary import SimulationSummary
from estimators.presentation.formatting import format_money
from estimators.presentation.i18n import tr
from estimators.presentation.labels import name_of

__all__ = ["key_person_cost_sentence", "under_strength_sentence"]


def under_strength_sentence(strategy: str, summary: SimulationSummary, lang: str = "en") -> str:
    """How often the team is short, and how many incidents meet it so; empty when the strategy
    keeps no team (no key-person events)."""
    days = summary.under_strength_days
    if days.mean <= 0 and summary.under_strength_incident_share <= 0:
        return ""
    text = tr("{s}: the team is under strength {mean:.0f} days a year (P90 {p90:.0f}: leave, "
              "sickness, empty seats); {hit:.0%} of incidents arrive on such a day.", lang,
              s=name_of("strategy", strategy, lang), mean=days.mean, p90=days.p90,
              hit=summary.under_strength_incident_share)
    if summary.sole_expert_absent_share > 0:
        text += " " + tr("{away:.1%} find nobody who knows their system present.", lang,
                         away=summary.sole_expert_absent_share)
    return text


def key_person_cost_sentence(strategy: str, cost: KeyPersonCost, currency: str,
                             lang: str = "en") -> str:
    """"A resignation or absence costs you ¥X in a bad year": the paired comparison's P95
    and mean differences, money a year."""
    return tr("{s}: absences and departures add {mean} to the average year and {p95} to the "
              "worst year in twenty (P95 {with_} with them, {without} without).", lang,
              s=name_of("strategy", strategy, lang),
              mean=format_money(cost.extra_mean, currency, lang=lang),
              p95=format_money(cost.extra_p95, currency, lang=lang),
              with_=format_money(cost.p95_with, currency, lang=lang),
              without=format_money(cost.p95_without, currency, lang=lang))
