"""Excel export for finance: results, what-ifs, simulation, inputs and assumptions on sheets.

The tables come from :func:`~estimators.presentation.sheets.export_tables`, in the reader's
language, the same as the HTML report's: titles and headers in words, money as numbers with the
currency's format (``"¥"#,##0``, so sums and pivots work), shares as numbers with a percentage
format (0.03 shown as 3.0%), other numbers grouped, booleans and weekday lists in words.
Headers are bold and frozen. Text that a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-`` or ``@``) is written as text with Excel's quote prefix, never as a formula.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from estimators.costs.expected import CostComparison
from estimators.engine.digest import Digest
from estimators.presentation.cells import number_pattern
from estimators.presentation.formatting import CURRENCY_SYMBOLS
from estimators.presentation.i18n import tr
from estimators.presentation.narrative import narrative
from estimators.presentation.sheets import Sheet, export_tables, result_sheet
from estimators.presentation.tables import Table
from estimators.presentation.whatifs import WhatIfRow
from estimators.scenario import Scenario

__all__ = ["FORMULA_PREFIXES", "cost_csv", "csv_text", "excel_bytes", "parquet_bytes",
           "write_excel"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""Starts of text a spreadsheet may run as a formula (OWASP, CSV injection)."""

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _inert(cell) -> None:
    """Make a worksheet cell holding formula-like text plain text (quote prefix)."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"
        cell.quotePrefix = True


def _money_format(currency: str) -> str:
    """Excel's number format for amounts in ``currency``: symbol, grouping, no decimals."""
    symbol = CURRENCY_SYMBOLS.get(currency, currency + " ")
    return f'"{symbol}"#,##0;-"{symbol}"#,##0'


def _title(title: str, taken: set[str]) -> str:
    """A valid, unused sheet title: no ``[]:*?/\\``, at most 31 characters."""
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _write_sheet(book: Workbook, sheet_data: Sheet, money: str, taken: set[str]) -> None:
    sheet = book.create_sheet(_title(sheet_data.title, taken))
    sheet.append(list(sheet_data.header))
    for cell in sheet[1]:
        _inert(cell)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(sheet_data.rows, start=2):
        for c, data in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=data.value)
            _inert(cell)
            if data.fmt.kind == "money" and isinstance(cell.value, (int, float)):
                cell.number_format = money
            elif (pattern := number_pattern(data)) is not None:
                cell.number_format = pattern
    for i, title in enumerate(sheet_data.header, start=1):
        width = max([len(title) // 2 + 1] + [len(str(row[i - 1].value))
                                              for row in sheet_data.rows[:200]])
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 10), 45)
    sheet.freeze_panes = "A2"


def excel_bytes(scenario: Scenario, comparison: CostComparison,
                extra: dict[str, Table] | None = None, lang: str = "en", *,
                what_ifs: Sequence[WhatIfRow] = (),
                digests: Sequence[Digest] | None = None) -> bytes:
    """The workbook as bytes (for a download button), every sheet in ``lang``.

    Args:
        scenario: the scenario as shown: what-ifs applied, in the display currency.
        comparison: ``compare_strategies(scenario)``.
        extra: more tables, after the results.
        lang: the reader's language ("en" or "ja").
        what_ifs: what-if inputs that differ from the saved scenario; listed on their own sheet.
        digests: the simulation of ``scenario``, one per strategy; summarised on its own sheet.
    """
    tables = export_tables(scenario, comparison, lang=lang, what_ifs=what_ifs,
                           digests=digests, extra=extra)
    book = Workbook()
    about = book.active
    taken: set[str] = set()
    about.title = _title(tr("About", lang), taken)
    finance = scenario.finance
    lines = [f"Hoshu — {scenario.name}",
             tr("Currency: {c}; horizon {n} years; discount rate {r:.1f} %", lang,
                c=comparison.currency, n=finance.horizon_years, r=100 * finance.discount_rate),
             tr("What-if values applied (sheet {sheet}): {changes}.", lang,
                sheet=tables.what_ifs.title, changes="; ".join(
                    f"{r.label} {r.scenario_value} → {r.used_value}" for r in what_ifs))
             if tables.what_ifs else tr("No what-if changes: the scenario as saved.", lang),
             "", *narrative(comparison, lang), "",
             tr("Sheets: results first, then every input and assumption of the scenario.", lang)]
    for line in lines:
        about.append([line])
        _inert(about.cell(row=about.max_row, column=1))
    about["A1"].font = Font(bold=True, size=14)
    about.column_dimensions["A"].width = 120
    money = _money_format(comparison.currency)
    for sheet in tables.sheets():
        _write_sheet(book, sheet, money, taken)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_excel(path: str | Path, scenario: Scenario, comparison: CostComparison,
                extra: dict[str, Table] | None = None, lang: str = "en", *,
                what_ifs: Sequence[WhatIfRow] = (),
                digests: Sequence[Digest] | None = None) -> None:
    """:func:`excel_bytes` written to ``path``."""
    Path(path).write_bytes(excel_bytes(scenario, comparison, extra, lang, what_ifs=what_ifs,
                                       digests=digests))


def cost_csv(comparison: CostComparison, lang: str = "en") -> str:
    """The cost detail (one row per strategy, cost line, system and maintenance type) as CSV,
    headers and names in ``lang``, amounts as plain numbers in the comparison's currency."""
    return csv_text(result_sheet(comparison, "Cost detail", lang).frame())


_SEGMENTS = re.compile(r"(\r\n|\r|\n|,)")
"""Where a reader may start a new cell: a line break (one that splits lines before it reads
quotes) or the delimiter."""


def _inert_text(text: str) -> str:
    """``text`` with a leading apostrophe (the OWASP advice for CSV injection) wherever a
    spreadsheet could read the start of a cell as a formula: the text's start and every part
    after a line break or a comma, for a reader that splits lines or cells before quotes."""
    parts = _SEGMENTS.split(text)
    parts[::2] = ["'" + part if part.startswith(FORMULA_PREFIXES) else part
                  for part in parts[::2]]
    text = "".join(parts)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text  # a leading line break


def csv_text(frame: pd.DataFrame) -> str:
    """CSV of a table (headers included) with text that a spreadsheet would run as a formula
    made inert; numbers are written as numbers.

    Each line of a text cell, and each part after a comma, that starts with ``=``, ``+``, ``-``,
    ``@`` or a tab gets a leading apostrophe (:func:`_inert_text`). Lines end in CRLF (RFC 4180),
    which also makes the writer quote every cell holding a CR or an LF: besides the delimiter and
    the quote character, Python 3.11 and 3.12 quote only the characters of the line terminator,
    so with pandas' default ``\\n`` a bare CR went unquoted and a reader saw a new row start
    inside the cell (``Router\\r=cmd|...``).
    """
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(lambda v: _inert_text(v) if isinstance(v, str) else v)
    safe.columns = [_inert_text(c) if isinstance(c, str) else c for c in safe.columns]
    return safe.to_csv(index=False, lineterminator="\r\n")


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """A table as a Parquet file (without the index), for a download."""
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()
