"""The one registry of display labels: every key the model uses, with its English name.

The English name is the catalogue's key (:func:`estimators.presentation.i18n.tr` translates it),
so a page, a chart, the report, the workbook and the command line all name a thing the same way.
The model itself carries keys only (``"in_house"``, ``"vendor_fixed"``, ``"24x7"``).
"""

from __future__ import annotations

from estimators.decisions.measures import Measure, MeasureKind
from estimators.presentation import fieldnames
from estimators.presentation.i18n import tr
from estimators.scenario.uncertainty import NAMED_PREFIXES

__all__ = ["COST_LINES", "COVERAGE", "COVERAGE_IN_TEXT", "FIT", "HISTORY_FIELD", "PARTY", "REPAIR",
           "SCOPE_WORK", "STRATEGY", "has_name", "input_label", "input_name", "measure_name",
           "name_of", "registry"]

STRATEGY = {"in_house": "In-house", "outsourced": "Outsourced", "hybrid": "Hybrid"}
PARTY = {"in_house": "In-house", "vendor": "Vendor"}
COST_LINES = {
    "labour": "Labour", "on_call": "On-call", "training": "Training", "attrition": "Attrition",
    "tools": "Tools & licences", "vendor_fixed": "Vendor fixed fee",
    "vendor_overage": "Vendor overage",
    "time_and_materials": "Vendor time & materials (key person away)",
    "vendor_per_incident": "Vendor per-incident fees",
    "vendor_management": "Vendor management", "transition": "Transition (annualised)",
    "parts_and_onsite": "Parts & on-site visits", "downtime": "Downtime",
    "service_credits": "Service credits received",
    "operation": "Operation (not maintenance)",
}
COVERAGE = {
    "business_hours": "Business hours only",
    "business_hours_on_call": "Business hours + on-call",
    "24x7": "24x7 shifts",
}
"""The what-if coverage choices, as a control shows them."""
COVERAGE_IN_TEXT = {"business_hours": "business hours", "24x7": "24x7"}
"""A coverage mode inside a sentence ("on business hours coverage")."""
SCOPE_WORK = {"first_response": "First response", "recovery": "Recovery",
              "adaptive": "Adaptive", "preventive": "Preventive", "perfective": "Perfective",
              "predictive": "Predictive"}
"""The scope matrix's columns (the hybrid assignment's fields)."""
FIT = {"lognorm": "Lognormal", "weibull_min": "Weibull", "gamma": "Gamma",
       "expon": "Exponential"}
"""Repair-time distributions fitted to a history (scipy names)."""
REPAIR = fieldnames.DISTRIBUTION
"""A scenario's repair-time distributions (``RepairTime.distribution``)."""
HISTORY_FIELD = {
    "id": "Incident number", "system": "System", "category": "Category",
    "severity": "Severity / priority", "opened": "Opened at", "acknowledged": "Acknowledged at",
    "resolved": "Resolved at", "closed": "Closed at", "sla_met": "SLA met (yes/no)",
}
"""The fields of an imported incident history (``estimators.history.FIELDS``)."""

_KINDS = {"strategy": STRATEGY, "party": PARTY, "cost_line": COST_LINES, "coverage": COVERAGE,
          "coverage_in_text": COVERAGE_IN_TEXT, "scope_work": SCOPE_WORK, "fit": FIT,
          # what exports show for the scenario's keys and values (.fieldnames)
          "input": fieldnames.INPUTS, "per_severity": fieldnames.PER_SEVERITY,
          "planned": fieldnames.PLANNED, "column": fieldnames.COLUMNS,
          "criticality": fieldnames.CRITICALITY, "monitoring": fieldnames.MONITORING,
          "distribution": fieldnames.DISTRIBUTION, "queue": fieldnames.QUEUE,
          "coverage_mode": fieldnames.COVERAGE_MODE, "clock": fieldnames.CLOCK,
          "asset_kind": fieldnames.ASSET_KIND, "maintenance_type": fieldnames.MAINTENANCE_TYPE,
          "weekday": fieldnames.WEEKDAY, "repair": REPAIR, "history_field": HISTORY_FIELD}


def registry() -> dict[str, dict[str, str]]:
    """Every kind of label and its names (English, the catalogue's keys)."""
    return {kind: dict(names) for kind, names in _KINDS.items()}


def has_name(kind: str, key: object) -> bool:
    """Whether ``key`` (an enum or its value) has a name of ``kind``."""
    return str(getattr(key, "value", key)) in _KINDS[kind]


def name_of(kind: str, key: object, lang: str = "en", **values: object) -> str:
    """The shown name of ``key`` (an enum or its value) of ``kind`` in ``lang``; ``values``
    fill a template's placeholders (``name_of("per_severity", "sigma", lang, sev="S1")``)."""
    return tr(_KINDS[kind][str(getattr(key, "value", key))], lang, **values)


def input_name(name: str, lang: str = "en") -> str:
    """An uncertain input's label in ``lang``; a level or system name in it is kept as entered."""
    for prefix in NAMED_PREFIXES:
        if name.startswith(prefix):
            return tr(prefix.strip(), lang) + " " + name.removeprefix(prefix)
    return tr(name, lang)


def input_label(name: str, unit: str = "", lang: str = "en") -> str:
    """An uncertain input's label with its unit, for an axis or a list: ``Incident rates (×)``;
    the name alone when it has no unit."""
    shown = input_name(name, lang)
    return f"{shown} ({unit})" if unit else shown


def measure_name(measure: Measure, lang: str = "en") -> str:
    """A sensitivity measure's shown name: a strategy, "A − B" or "Downtime: A"."""
    strategy = name_of("strategy", measure.strategy, lang)
    if measure.kind is MeasureKind.outage:
        return tr("Downtime: {s}", lang, s=strategy)
    if measure.kind is MeasureKind.gap:
        return tr("{a} − {b}", lang, a=strategy, b=name_of("strategy", measure.baseline, lang))
    return strategy
