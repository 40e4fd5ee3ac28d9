"""A calibration plan in words: the preview table a page shows before "Apply", and the notes.

The model names what it found by code (:class:`~estimators.history.plan.Finding`); this module
words each code in English or Japanese, formats its numbers for the language (separators, units)
and builds the table with headers in words. Missing values show as "—", never "None".
"""

from __future__ import annotations

import math

import pandas as pd

from estimators.history.limits import LIMIT_CODES, HistoryError
from estimators.history.plan import CalibrationPlan, Decision, Finding
from estimators.presentation.formatting import format_number, format_percent
from estimators.presentation.i18n import tr, translate
from estimators.presentation.labels import name_of
from estimators.presentation.markup import plain

__all__ = ["DECISIONS", "HISTORY_FINDINGS", "ROW_FINDINGS", "SERIOUS", "finding_text",
           "mapping_problem", "read_problem",
           "plan_notes", "plan_table", "shown_number"]

MISSING = "—"

HISTORY_FINDINGS = {
    "no_acknowledgement": "The export has no acknowledgement times: repair times are fitted on "
                          "the whole time from opened to resolved, which includes detection and "
                          "waiting, so they overstate hands-on repair.",
    "span_too_short": "The history spans only {days} days of opened incidents. A rate a year "
                      "from less than {min_days} days would stretch a few weeks to a whole year, "
                      "so every incident rate stays as the scenario has it.",
    "span_under_a_year": "The history spans {days} days, less than a year: seasonal changes are "
                         "not in its rates.",
    "systems_matched": "{matched} of the scenario's {systems} systems were found by name in the "
                       "history; the others keep their rates.",
    "systems_shared": "No system name in the history matches the scenario's {systems} systems: "
                      "each severity's rate is shared over them in proportion to their current "
                      "rates.",
    "volume_mismatch": "The history has {history} incidents a year where the scenario has "
                       "{scenario} for its {systems} systems ({ratio} times as many). It may "
                       "cover far more (or fewer) systems than the scenario, such as a whole "
                       "service desk: check what it covers before applying.",
}
"""Findings about the whole history, as sentences."""

ROW_FINDINGS = {
    "system_not_in_history": "not in the history",
    "span_too_short": "history spans {days} days, under {min_days}",
    "too_few_incidents": "{n} incidents: at least {min_n} are needed to know a rate within "
                         "±{precision}",
    "rate_out_of_range": "{rate} a year is above the scenario's limit of {limit}",
    "rate_where_none": "the scenario has none; the history {rate} a year",
    "rate_mismatch": "rate {ratio} times the scenario's",
    "few_resolved": "repair time from only {n} resolved incidents (rough below {rough})",
    "too_few_resolved": "{n} resolved incidents: at least {min_n} are needed to fit a repair "
                        "time",
    "no_repair_fit": "every resolved incident took the same time: no repair time fitted",
    "repair_mismatch": "mean repair {new} h against {old} h ({ratio} times)",
}
"""Findings about one system and severity, as short phrases for the table's "Why" column."""

SERIOUS = frozenset({"span_too_short", "volume_mismatch", "no_acknowledgement"})
"""Findings about the history an interface shows as warnings (the others as information)."""

DECISIONS = {
    Decision.use: "Apply",
    Decision.confirm: "Apply if you confirm",
    Decision.keep: "Keep the scenario's",
}
"""What happens to a figure, in words."""

_PERCENT = ("precision",)
_WHOLE = ("n", "min_n", "rough", "matched", "systems", "min_days", "factor")


def shown_number(value: float | None, lang: str = "en") -> str:
    """A rate or a number of hours for a table: grouped digits, two decimals under 10, one under
    100, none above (about three significant digits); "—" when missing."""
    if value is None or not math.isfinite(value):
        return MISSING
    digits = 2 if abs(value) < 10 else 1 if abs(value) < 100 else 0
    return format_number(value, lang, digits)


def _value(key: str, value: object, lang: str) -> object:
    """A finding's value as it is shown: percentages, whole numbers, or :func:`shown_number`."""
    if not isinstance(value, (int, float)):
        return value
    if key in _PERCENT:
        return format_percent(float(value), lang, 0)
    if key in _WHOLE:
        return format_number(float(value), lang)
    return shown_number(float(value), lang)


def finding_text(finding: Finding, lang: str = "en", *, row: bool = False) -> str:
    """One finding in words: a phrase for a table row (``row=True``), else a sentence."""
    values = {k: _value(k, v, lang) for k, v in finding.values.items()}
    return tr(ROW_FINDINGS[finding.code] if row else HISTORY_FINDINGS[finding.code], lang,
              **values)


def plan_notes(plan: CalibrationPlan, lang: str = "en") -> list[str]:
    """The findings about the whole history, as sentences."""
    return [finding_text(f, lang) for f in plan.findings]


def plan_table(plan: CalibrationPlan, lang: str = "en") -> pd.DataFrame:
    """The preview: per system and severity, the scenario's rate and repair median, the
    history's, and what happens to each, with headers in words and units."""
    rows = []
    for r in plan.rows:
        rows.append({
            tr("System", lang): r.system,
            tr("Severity", lang): r.severity,
            tr("Incidents a year: scenario", lang): shown_number(r.old_rate, lang),
            tr("Incidents a year: history", lang): shown_number(r.new_rate, lang),
            tr("Rate", lang): tr(DECISIONS[r.rate], lang),
            tr("Median repair (h): scenario", lang): shown_number(
                r.old_repair.median_hours if r.old_repair else None, lang),
            tr("Median repair (h): history", lang): shown_number(
                r.new_repair.median_hours if r.new_repair else None, lang),
            tr("Repair-time distribution: history", lang): name_of(
                "repair", r.new_repair.distribution, lang) if r.new_repair else MISSING,
            tr("Repair time", lang): tr(DECISIONS[r.repair], lang),
            tr("Why", lang): tr("; ", lang, context="between reasons").join(
                finding_text(f, lang, row=True) for f in r.findings) or MISSING,
        })
    return pd.DataFrame(rows)


def read_problem(exc: HistoryError, lang: str = "en") -> str:
    """Why a file cannot be read, and what to do when a limit refused it, in the page's terms
    (Markdown: the file's own words quoted in the error are plain text)."""
    text = tr("This file cannot be read: {e}", lang, e=plain(translate(exc.args[0], lang)))
    if exc.code in LIMIT_CODES:
        text += "\n\n" + tr("The limits keep one upload from slowing down everyone's pages: "
                             "export a shorter period, or only the columns you need.", lang)
    return text


def mapping_problem(exc: HistoryError, lang: str = "en") -> str:
    """What to do about a file that cannot be used as mapped, in the page's terms (its
    drop-downs, not the command line's options)."""
    if exc.code == "no_opened_column":
        return tr("No column is mapped to when each incident was opened. Pick it in the "
                  "drop-down '{field}' under 'Preview and column mapping'.", lang,
                  field=name_of("history_field", exc.values["field"], lang))
    return tr("This file cannot be used as it is mapped: {e}", lang,
              e=plain(translate(exc.args[0], lang)))
