"""The tables of an export in one language: the same data for the workbook and the report.

:func:`export_tables` takes the scenario as shown (what-ifs applied, in the display currency),
its cost comparison, the what-if rows and simulation digests, and gives every table with its
title and headers in words in ``lang``, values typed as :class:`~.cells.Cell` (money, shares,
numbers, words). The Excel writer (:mod:`.export`) and the HTML report (:mod:`.report`) only lay
them out, so both show the same figures the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from estimators.costs.expected import CostComparison
from estimators.engine.digest import Digest
from estimators.presentation.cells import (
    FINE_PERCENT,
    MONEY,
    NUMBER,
    PERCENT,
    Cell,
    Fmt,
    in_words,
)
from estimators.presentation.fieldnames import FINE_SHARES, PERCENT_POINTS, SHARES
from estimators.presentation.i18n import N_, tr
from estimators.presentation.labels import has_name, name_of
from estimators.presentation.tables import Table, input_tables, result_tables
from estimators.presentation.whatifs import WhatIfRow
from estimators.scenario import PLANNED_TYPES, Scenario

__all__ = ["ExportTables", "Sheet", "export_tables", "header_name", "result_sheet",
           "simulation_sheet", "what_if_sheet"]

HOURS = Fmt("number", 1)
"""Hours a year in the simulation summary: one decimal."""


@dataclass(frozen=True)
class Sheet:
    """One table of an export.

    Attributes:
        key: what the table is, in English (the catalogue's key: "Summary", "Systems").
        title: the title in the export's language.
        header: column titles in the export's language.
        rows: the cells, one tuple per row.
    """

    key: str
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def frame(self) -> pd.DataFrame:
        """The values (numbers as numbers, words as words) under the translated headers."""
        return pd.DataFrame([[c.value for c in row] for row in self.rows],
                            columns=list(self.header))


@dataclass(frozen=True)
class ExportTables:
    """Every table of an export, in the order a reader meets them."""

    currency: str
    lang: str
    results: tuple[Sheet, ...]
    what_ifs: Sheet | None
    simulation: Sheet | None
    inputs: tuple[Sheet, ...]

    def sheets(self) -> tuple[Sheet, ...]:
        """Results, the what-ifs applied, the simulation summary, then every input."""
        middle = tuple(s for s in (self.what_ifs, self.simulation) if s is not None)
        return (*self.results, *middle, *self.inputs)


_PER_SEVERITY = re.compile(r"^(S\d)_(\w+)$")
_TARGET = re.compile(r"^targets\.(S\d)\.(\w+)$")
_IMPACT = re.compile(r"^(effects\.impact_factor)\.(S\d)$")
_PLANNED = re.compile(rf"^({'|'.join(t.value for t in PLANNED_TYPES)})_(hours_per_year)$")
_HORIZON = re.compile(r"^(\d+)_year_total$")


def header_name(key: str, lang: str = "en") -> str:
    """A column or setting key of :mod:`.tables` in words (``S1_rate_per_year`` →
    "S1: incidents per year"); a key with no registered name is translated as it is."""
    for kind in ("input", "column", "strategy", "scope_work"):
        if has_name(kind, key):
            return name_of(kind, key, lang)
    if m := _PER_SEVERITY.match(key):
        return name_of("per_severity", m[2], lang, sev=m[1])
    if m := _TARGET.match(key):
        return name_of("per_severity", f"targets.{m[2]}", lang, sev=m[1])
    if m := _IMPACT.match(key):
        return name_of("per_severity", m[1], lang, sev=m[2])
    if m := _PLANNED.match(key):
        return name_of("planned", m[2], lang, type=name_of("maintenance_type", m[1], lang))
    if m := _HORIZON.match(key):
        return name_of("column", "year_total", lang, n=int(m[1]))
    strategy, _, what = key.partition(".")
    if has_name("strategy", strategy) and what in ("cumulative", "in_year"):
        return name_of("column", what, lang, s=name_of("strategy", strategy, lang))
    return tr(key, lang)


def _bare(key: str) -> str:
    """The key without its severity: what decides a value's format and words."""
    if m := _PER_SEVERITY.match(key):
        return m[2]
    if m := _TARGET.match(key):
        return f"targets.{m[2]}"
    if m := _IMPACT.match(key):
        return m[1]
    return key


def _plain(value: object) -> object:
    """A table value as a plain Python value (numpy scalars unwrapped, NaN as None)."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def _cell(key: str, value: object, money: bool, lang: str) -> Cell:
    """A value of ``key`` typed for display: money, a share, a number, or words."""
    value, bare = _plain(value), _bare(key)
    if value is None:
        return Cell(None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if money:
            return Cell(value, MONEY)
        if bare in PERCENT_POINTS:
            return Cell(value / 100.0, PERCENT)
        if bare in FINE_SHARES:
            return Cell(value, Fmt("percent", 2))
        return Cell(value, PERCENT if bare in SHARES else NUMBER)
    return Cell(in_words(bare, value, lang))


def _sheet(key: str, table: Table, lang: str) -> Sheet:
    """A table of :mod:`.tables` in words; a key/value table (a ``value`` column second) has
    its keys named and each value typed by its own key."""
    frame = table.frame
    columns = [str(c) for c in frame.columns]
    if columns[1:] == ["value"]:
        rows = tuple((Cell(header_name(k, lang)), _cell(k, v, k in table.money_rows, lang))
                     for k, v in frame.itertuples(index=False))
    else:
        seen: dict[tuple[str, object], Cell] = {}  # words repeat in long tables: name once

        def cell(column: str, value: object) -> Cell:
            if not isinstance(value, str):
                return _cell(column, value, column in table.money, lang)
            if (column, value) not in seen:
                seen[column, value] = _cell(column, value, column in table.money, lang)
            return seen[column, value]

        rows = tuple(tuple(cell(c, v) for c, v in zip(columns, row, strict=True))
                     for row in frame.itertuples(index=False, name=None))
    return Sheet(key, tr(key, lang), tuple(header_name(c, lang) for c in columns), rows)


def result_sheet(comparison: CostComparison, key: str, lang: str = "en") -> Sheet:
    """One result table of :func:`~.tables.result_tables` (``"Cost detail"``) in ``lang``."""
    return _sheet(key, result_tables(comparison)[key], lang)


SIMULATION_COLUMNS = (
    (N_("Trial-years"), NUMBER, lambda d: d.trials),
    (N_("Annual cost (mean)"), MONEY, lambda d: d.summary.total_cost.mean),
    (N_("Annual cost P50"), MONEY, lambda d: d.summary.total_cost.p50),
    (N_("Annual cost P90"), MONEY, lambda d: d.summary.total_cost.p90),
    (N_("Annual cost P95"), MONEY, lambda d: d.summary.total_cost.p95),
    (N_("Annual cost CVaR95 (mean of the worst 5 %)"), MONEY,
     lambda d: d.summary.total_cost_cvar95),
    (N_("Downtime h/yr (mean)"), HOURS, lambda d: d.summary.downtime_hours.mean),
    (N_("Downtime h/yr P50"), HOURS, lambda d: d.summary.downtime_hours.p50),
    (N_("Downtime h/yr P90"), HOURS, lambda d: d.summary.downtime_hours.p90),
    (N_("Downtime h/yr P95"), HOURS, lambda d: d.summary.downtime_hours.p95),
    (N_("Downtime in business hours h/yr (mean)"), HOURS,
     lambda d: d.summary.business_downtime_hours.mean),
    (N_("Availability (mean)"), FINE_PERCENT, lambda d: d.summary.availability_mean),
    (N_("Service credits received (mean/yr)"), MONEY, lambda d: d.summary.service_credits_mean),
)
"""The simulation summary's columns after the strategy: title, format, value of a digest.
Costs are per trial-year in the scenario's currency; downtime is outage-equivalent hours."""


def simulation_sheet(digests: Sequence[Digest], lang: str = "en") -> Sheet:
    """One row per simulated strategy: the spread of annual cost and downtime, availability,
    the chance of a target breach in a year per severity, and service credits."""
    severities = sorted({sev for d in digests for sev in d.summary.p_breach})
    header = (tr("Strategy", lang), *(tr(title, lang) for title, _, _ in SIMULATION_COLUMNS),
              *(tr("{sev}: chance of a target breach a year", lang, sev=sev)
                for sev in severities))
    rows = tuple((Cell(name_of("strategy", d.strategy, lang)),
                  *(Cell(_plain(value(d)), fmt) for _, fmt, value in SIMULATION_COLUMNS),
                  *(Cell(d.summary.p_breach.get(sev), PERCENT) for sev in severities))
                 for d in digests)
    return Sheet("Simulated risk", tr("Simulated risk", lang), header, rows)


def what_if_sheet(rows: Sequence[WhatIfRow], lang: str = "en") -> Sheet:
    """The what-if inputs that differ from the scenario: input, scenario value, value used."""
    header = (tr("What-if input", lang), tr("Scenario value", lang), tr("Value used", lang))
    return Sheet("What-ifs applied", tr("What-ifs applied", lang), header,
                 tuple((Cell(r.label), Cell(r.scenario_value), Cell(r.used_value))
                       for r in rows))


def export_tables(scenario: Scenario, comparison: CostComparison, *, lang: str = "en",
                  what_ifs: Sequence[WhatIfRow] = (), digests: Sequence[Digest] | None = None,
                  extra: Mapping[str, Table] | None = None) -> ExportTables:
    """Every table of an export of ``scenario`` in ``lang``.

    Args:
        scenario: the scenario as shown (what-ifs applied, in the display currency).
        comparison: ``compare_strategies(scenario)``.
        what_ifs: the what-if inputs that differ from the saved scenario (listed on a sheet).
        digests: simulation results of ``scenario``, one per strategy (a summary sheet).
        extra: more tables to put after the results, titled by their keys.
    """
    results = {**result_tables(comparison), **(extra or {})}
    return ExportTables(
        currency=comparison.currency, lang=lang,
        results=tuple(_sheet(key, table, lang) for key, table in results.items()),
        what_ifs=what_if_sheet(what_ifs, lang) if what_ifs else None,
        simulation=simulation_sheet(digests, lang) if digests else None,
        inputs=tuple(_sheet(key, table, lang) for key, table in input_tables(scenario).items()))
