"""A self-contained interactive HTML report: narrative, charts, results and every input.

plotly.js is embedded once (about 3 MB) so the file opens offline; the other charts reuse it.
User text (scenario names, notes) is escaped. A print style sheet keeps charts and tables whole
on A4 pages, so "Print to PDF" in a browser gives a clean document.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from estimators.costs.expected import CostComparison
from estimators.engine.digest import Digest
from estimators.presentation.charts import (
    availability_figure,
    cost_by_line_figure,
    cost_distribution_figure,
    cumulative_figure,
    downtime_histogram_figure,
)
from estimators.presentation.formatting import format_money
from estimators.presentation.i18n import tr
from estimators.presentation.labels import name_of
from estimators.presentation.narrative import narrative
from estimators.presentation.tables import input_tables, result_tables
from estimators.scenario import Scenario

__all__ = ["html_report", "write_report"]

STYLE = """
body { font-family: "Noto Sans JP", "Segoe UI", Arial, sans-serif; margin: 2rem auto;
       max-width: 1100px; color: #222; line-height: 1.45; }
h1 { margin-bottom: 0.2rem; } .meta { color: #666; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.85rem; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: right; }
th { background: #f3f5f8; } td:first-child, th:first-child { text-align: left; }
.narrative li { margin-bottom: 0.3rem; } .notes { white-space: pre-wrap; color: #444; }
section { page-break-inside: avoid; }
@media print { body { margin: 0; max-width: none; } section { page-break-inside: avoid; }
               .plotly-graph-div { page-break-inside: avoid; } a { color: inherit; } }
@page { size: A4; margin: 15mm; }
"""


def _table(frame, money_columns: set[str], currency: str, lang: str) -> str:
    shown = frame.copy()
    for column in shown.columns:
        if column in money_columns:
            shown[column] = [format_money(v, currency, lang=lang)
                             if isinstance(v, (int, float)) else v for v in shown[column]]
        elif shown[column].dtype.kind == "f":
            shown[column] = shown[column].map(lambda v: f"{v:,.2f}")
    return shown.to_html(index=False, escape=True, border=0)


def html_report(scenario: Scenario, comparison: CostComparison,
                digests: list[Digest] | None = None, lang: str = "en") -> str:
    """The report as one HTML string, in ``lang`` (English or Japanese)."""
    cur = comparison.currency

    def h(text: str, **values: object) -> str:
        return html.escape(tr(text, lang, **values))

    figures = [cost_by_line_figure(comparison, lang), cumulative_figure(comparison, lang)]
    if digests:
        figures += [downtime_histogram_figure(digests, lang), availability_figure(digests, lang),
                    cost_distribution_figure(digests, cur, lang)]
    charts = [fig.to_html(full_html=False, include_plotlyjs=(i == 0),
                          config={"displaylogo": False}) for i, fig in enumerate(figures)]
    parts = [
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>",
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
        f"<section><h2>{h('Charts')}</h2>", *charts, "</section>",
    ]
    if digests:
        rows = "".join(
            f"<tr><td>{html.escape(name_of('strategy', d.strategy, lang))}</td>"
            f"<td>{d.trials:,}</td><td>{d.summary.downtime_hours.mean:,.1f}</td>"
            f"<td>{100 * d.summary.availability_mean:.3f} %</td>"
            f"<td>{html.escape(format_money(d.summary.total_cost.p90, cur, lang=lang))}</td></tr>"
            for d in digests)
        headers = "".join(f"<th>{h(c)}</th>" for c in (
            "Strategy", "Trial-years", "Downtime h/yr (mean)", "Availability", "Total cost P90"))
        parts.append(f"<section><h2>{h('Simulated risk')}</h2><table><tr>{headers}</tr>{rows}"
                     "</table></section>")
    for title, table in result_tables(comparison).items():
        if title == "Cost detail":
            continue
        parts.append(f"<section><h2>{h(title)}</h2>{_table(table.frame, table.money, cur, lang)}"
                     "</section>")
    parts.append(f"<h2>{h('Inputs and assumptions')}</h2>")
    for title, table in input_tables(scenario).items():
        parts.append(f"<section><h3>{h(title)}</h3>{_table(table.frame, table.money, cur, lang)}"
                     "</section>")
    if scenario.notes:
        parts.append(f"<section><h3>{h('Where the figures come from')}</h3><p class='notes'>"
                     f"{html.escape(scenario.notes)}</p></section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(path: str | Path, scenario: Scenario, comparison: CostComparison,
                 digests: list[Digest] | None = None, lang: str = "en") -> None:
    Path(path).write_text(html_report(scenario, comparison, digests, lang), encoding="utf-8")
