"""A self-contained interactive HTML report: narrative, charts, results and every input.

The tables are :func:`~estimators.presentation.sheets.export_tables`, the workbook's, with
every value written as a reader reads it in the report's language (money with
``format_money``, shares as percentages, numbers grouped, booleans and weekdays in words). Wide
tables scroll inside their own box, so the page keeps the body's width. plotly.js is embedded
once (about 3 MB) so the file opens offline; the other charts reuse it. All text, user text
(scenario names, notes, system names) included, is escaped. A print style sheet keeps charts
and tables whole on A4 pages, so "Print to PDF" in a browser gives a clean document.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from estimators.costs.expected import CostComparison
from estimators.engine.digest import Digest
from estimators.presentation.cells import cell_text
from estimators.presentation.charts import (
    availability_figure,
    cost_by_line_figure,
    cost_distribution_figure,
    cumulative_figure,
    downtime_histogram_figure,
)
from estimators.presentation.i18n import tr
from estimators.presentation.narrative import narrative
from estimators.presentation.sheets import Sheet, export_tables
from estimators.presentation.whatifs import WhatIfRow
from estimators.scenario import Scenario

__all__ = ["html_report", "write_report"]

STYLE = """
body { font-family: "Noto Sans JP", "Segoe UI", Arial, sans-serif; margin: 2rem auto;
       max-width: 1100px; color: #222; line-height: 1.45; }
h1 { margin-bottom: 0.2rem; } .meta { color: #666; margin-top: 0; }
.table-wrap { max-width: 100%; overflow-x: auto; margin: 0.5rem 0 1.5rem; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: right; }
th, td.text { white-space: normal; overflow-wrap: break-word; max-width: 14rem; }
td { white-space: nowrap; } td.text { text-align: left; }
th { background: #f3f5f8; } td:first-child, th:first-child { text-align: left; }
.narrative li { margin-bottom: 0.3rem; } .notes { white-space: pre-wrap; color: #444; }
section { page-break-inside: avoid; }
@media print { body { margin: 0; max-width: none; } section { page-break-inside: avoid; }
               .table-wrap { overflow: visible; }
               .plotly-graph-div { page-break-inside: avoid; } a { color: inherit; } }
@page { size: A4; margin: 15mm; }
"""


def _table(sheet: Sheet, currency: str, lang: str) -> str:
    """A sheet as an HTML table in a box that scrolls sideways when it is wider than the page;
    every header and value escaped."""
    head = "".join(f"<th>{html.escape(title)}</th>" for title in sheet.header)
    body = "".join("<tr>" + "".join(
        f"<td{' class=text' if c.fmt.kind == 'text' else ''}>"
        f"{html.escape(cell_text(c, currency, lang))}</td>" for c in row) + "</tr>"
        for row in sheet.rows)
    return (f"<div class='table-wrap'><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div>")


def html_report(scenario: Scenario, comparison: CostComparison,
                digests: Sequence[Digest] | None = None, lang: str = "en", *,
                what_ifs: Sequence[WhatIfRow] = ()) -> str:
    """The report as one HTML string, in ``lang`` (English or Japanese).

    Args:
        scenario: the scenario as shown: what-ifs applied, in the display currency.
        comparison: ``compare_strategies(scenario)``.
        digests: the simulation of ``scenario``, one per strategy: its charts and a summary of
            the spread of cost and downtime (P50, P90, P95), availability and breaches.
        lang: the reader's language.
        what_ifs: what-if inputs that differ from the saved scenario; listed near the top.
    """
    cur = comparison.currency
    tables = export_tables(scenario, comparison, lang=lang, what_ifs=what_ifs, digests=digests)

    def h(text: str, **values: object) -> str:
        return html.escape(tr(text, lang, **values))

    def section(sheet: Sheet, level: int = 2) -> str:
        return (f"<section><h{level}>{html.escape(sheet.title)}</h{level}>"
                f"{_table(sheet, cur, lang)}</section>")

    figures = [cost_by_line_figure(comparison, lang), cumulative_figure(comparison, lang)]
    if digests:
        figures += [downtime_histogram_figure(list(digests), lang),
                    availability_figure(list(digests), lang),
                    cost_distribution_figure(list(digests), cur, lang)]
    charts = [fig.to_html(full_html=False, include_plotlyjs=(i == 0),
                          config={"displaylogo": False}) for i, fig in enumerate(figures)]
    parts = [
        f"<!DOCTYPE html><html lang='{html.escape(lang)}'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{h('Hoshu report — {name}', name=scenario.name)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{html.escape(scenario.name)}</h1>",
        "<p class='meta'>" + h("Hoshu maintenance cost report, {day} · currency {c} · horizon "
                               "{n} years · discount rate {r:.1f} %", day=date.today().isoformat(),
                               c=cur, n=comparison.horizon_years,
                               r=100 * scenario.finance.discount_rate) + "</p>",
        f"<section><h2>{h('In short')}</h2><ul class='narrative'>",
        *(f"<li>{html.escape(line)}</li>" for line in narrative(comparison, lang)),
        "</ul></section>",
    ]
    if tables.what_ifs is not None:
        parts.append(section(tables.what_ifs))
    parts += [f"<section><h2>{h('Charts')}</h2>", *charts, "</section>"]
    if tables.simulation is not None:
        parts.append(section(tables.simulation))
    parts += [section(sheet) for sheet in tables.results if sheet.key != "Cost detail"]
    parts.append(f"<h2>{h('Inputs and assumptions')}</h2>")
    parts += [section(sheet, 3) for sheet in tables.inputs]
    if scenario.notes:
        parts.append(f"<section><h3>{h('Where the figures come from')}</h3><p class='notes'>"
                     f"{html.escape(scenario.notes)}</p></section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(path: str | Path, scenario: Scenario, comparison: CostComparison,
                 digests: Sequence[Digest] | None = None, lang: str = "en", *,
                 what_ifs: Sequence[WhatIfRow] = ()) -> None:
    """:func:`html_report` written to ``path`` (UTF-8)."""
    Path(path).write_text(html_report(scenario, comparison, digests, lang, what_ifs=what_ifs),
                          encoding="utf-8")
