"""A scenario and its results as plain tables: for spreadsheets, reports and the editor.

Tables carry the model's keys, never display text: inputs are flattened to one row per system
or skill level (``S1_rate_per_year``, ``S1_median_hours``, ...) and key/value tables for the
rest; results come from :class:`~estimators.costs.expected.CostComparison`, with strategies,
cost lines and the like as their keys (``in_house``, ``vendor_fixed``).
:mod:`estimators.presentation.sheets` turns them into words in a language. Each table says
which of its cells hold money: for inputs, the columns (or, in a key/value table, the rows) of
fields the scenario types as ``Money``; for results, every amount by construction. Writers
format those with the currency and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pydantic import BaseModel

from estimators.costs.expected import CostComparison
from estimators.scenario import (
    PLANNED_TYPES,
    HardwareNeeds,
    HybridSplit,
    Scenario,
    Severity,
    SeverityTerms,
    SkillLevel,
    System,
)
from estimators.scenario.currency import is_money_field, is_money_path
from estimators.scenario.editing import hybrid_frame, levels_frame, terms_frame, window_text

__all__ = ["Table", "input_tables", "result_tables", "systems_frame"]


@dataclass(frozen=True)
class Table:
    """A table and where its money is (amounts in the scenario's currency).

    Attributes:
        frame: the values, columns and values named by the model's keys.
        money: names of the columns that hold money.
        money_rows: in a key/value table (key in the first column), the keys whose value is
            money.
    """

    frame: pd.DataFrame
    money: frozenset[str] = frozenset()
    money_rows: frozenset[str] = frozenset()


def _money_fields(*models: type[BaseModel]) -> frozenset[str]:
    """Names of the fields the given scenario parts type as Money."""
    return frozenset(name for model in models for name, info in model.model_fields.items()
                     if is_money_field(info))


def _typed(frame: pd.DataFrame, *models: type[BaseModel]) -> Table:
    money = _money_fields(*models)
    return Table(frame, frozenset(c for c in frame.columns if c in money))


def systems_frame(scenario: Scenario) -> pd.DataFrame:
    """One row per system: its fields, incidents per severity, planned hours, hardware."""
    rows = []
    for s in scenario.systems:
        row = {"name": s.name, "kind": s.kind.value, "criticality": s.criticality.value,
               "monitoring": s.monitoring.value, "downtime_cost_per_hour": s.downtime_cost_per_hour,
               "build_cost": s.build_cost}
        for sev in Severity:
            profile = s.incidents.get(sev)
            row[f"{sev.value}_rate_per_year"] = profile.rate_per_year if profile else 0.0
            row[f"{sev.value}_repair"] = profile.repair.distribution if profile else "lognormal"
            row[f"{sev.value}_median_hours"] = profile.repair.median_hours if profile else 1.0
            row[f"{sev.value}_sigma"] = profile.repair.sigma if profile else 1.0
            row[f"{sev.value}_shape"] = profile.repair.shape if profile else 1.5
        for kind in PLANNED_TYPES:
            row[f"{kind.value}_hours_per_year"] = s.planned(kind)
        hw = s.hardware
        row["hardware"] = hw is not None
        row["parts_cost_per_year"] = hw.parts_cost_per_year if hw else 0.0
        row["parts_cost_per_incident"] = hw.parts_cost_per_incident if hw else 0.0
        row["onsite_fraction"] = hw.onsite_fraction if hw else 0.0
        row["travel_hours"] = hw.travel_hours if hw else 0.0
        row["spare_units"] = hw.spare_units if hw else False
        row["swap_hours"] = hw.swap_hours if hw else 1.0
        row["impact_window"] = window_text(s.impact_window)
        row["off_window_cost_factor"] = s.off_window_cost_factor
        row["workaround_hours"] = s.workaround_hours
        rows.append(row)
    return pd.DataFrame(rows)


def _key_values(model, prefix: str = "") -> list[tuple[str, object]]:
    """``(dotted key, value)`` of a model's fields, one level of nesting flattened; lists stay
    lists (weekdays, severities) for the writers to put in words."""
    out = []
    for key, value in model.model_dump(mode="json").items():
        if isinstance(value, dict):
            out += [(f"{prefix}{key}.{k}", v if not isinstance(v, dict) else str(v))
                    for k, v in value.items()]
        else:
            out.append((f"{prefix}{key}", value))
    return out


def _settings(scenario: Scenario, rows: list[tuple[str, object]], column: str,
              path: str = "") -> Table:
    """A key/value table; ``path`` is where its keys sit in the scenario (for money)."""
    frame = pd.DataFrame(rows, columns=[column, "value"])
    return Table(frame, money_rows=frozenset(
        key for key, _ in rows if is_money_path(scenario, path + key)))


def input_tables(scenario: Scenario) -> dict[str, Table]:
    """Every input of the scenario, as named tables."""
    team = scenario.team
    team_settings = [(k, v) for k, v in _key_values(team) if not k.startswith("levels")]
    contract_settings = [(k, v) for k, v in _key_values(scenario.contract)
                         if not k.startswith("terms")]
    assumptions = (_key_values(scenario.finance, "finance.") + _key_values(scenario.effects,
                                                                           "effects.")
                   + [("availability_target", scenario.availability_target),
                      ("hybrid.team_scale", scenario.hybrid.team_scale),
                      ("hybrid.vendor_fee_scale", scenario.hybrid.vendor_fee_scale)]
                   + [(f"targets.{sev}.{k}", v) for sev, t in scenario.targets.items()
                      for k, v in t.model_dump().items()])
    return {
        "Systems": _typed(systems_frame(scenario), System, HardwareNeeds),
        "Team levels": _typed(levels_frame(scenario), SkillLevel),
        "Team settings": _settings(scenario, team_settings, "setting", "team."),
        "Contract": _settings(scenario, contract_settings, "term", "contract."),
        "Contract terms": _typed(terms_frame(scenario), SeverityTerms),
        "Hybrid split": _typed(hybrid_frame(scenario), HybridSplit),
        "Assumptions": _settings(scenario, assumptions, "assumption"),
    }


def result_tables(comparison: CostComparison) -> dict[str, Table]:
    """The expected-cost results as named tables (money in the comparison's currency).

    Strategies are named by their keys: the breakdowns have one column per strategy
    (``in_house``), the multi-year table ``in_house.cumulative`` and ``in_house.in_year``.
    """
    horizon = comparison.horizon_years
    years = np.arange(horizon + 1)
    multi = pd.DataFrame({"year": years})
    for strategy, costs in comparison.strategies.items():
        multi[f"{strategy.value}.cumulative"] = costs.cumulative
        multi[f"{strategy.value}.in_year"] = np.concatenate([[costs.upfront], costs.yearly])
    amounts = ("annual_total", "spend_excl_downtime", f"{horizon}_year_total", "npv")
    summary = pd.DataFrame([{
        "strategy": s.value, "annual_total": c.annual_total,
        "spend_excl_downtime": c.spend,
        f"{horizon}_year_total": c.horizon_total, "npv": c.npv,
        "outage_hours_per_year": float(c.outage_hours.sum()),
        "business_downtime_hours_per_year": float(c.business_hours.sum()),
        "in_house_fte": c.team.total,
    } for s, c in comparison.strategies.items()])

    def breakdown(by: str) -> Table:
        frame = comparison.breakdown(by)
        return Table(frame.reset_index(), frozenset(frame.columns))

    return {
        "Summary": Table(summary, frozenset(amounts)),
        "Costs by line": breakdown("line"),
        "Costs by type": breakdown("maintenance_type"),
        "Costs by asset kind": breakdown("asset_kind"),
        "Costs by system": breakdown("system"),
        "Multi-year": Table(multi, frozenset(multi.columns) - {"year"}),
        "Cost detail": Table(comparison.to_frame(), frozenset({"amount"})),
    }
