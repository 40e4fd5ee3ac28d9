"""Excel export for finance: inputs, assumptions and every results table on their own sheets.

Money is written as numbers with the currency's format (``"¥"#,##0``), so sums and pivots work;
headers are bold and frozen. Text that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-`` or ``@``) is written as text with Excel's quote prefix, never as a formula.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from estimators.costs.expected import CostComparison
from estimators.presentation.formatting import CURRENCY_SYMBOLS
from estimators.presentation.i18n import tr
from estimators.presentation.narrative import narrative
from estimators.presentation.tables import Table, input_tables, result_tables
from estimators.scenario import Scenario

__all__ = ["FORMULA_PREFIXES", "csv_text", "excel_bytes", "parquet_bytes", "write_excel"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""Starts of text a spreadsheet may run as a formula (OWASP, CSV injection)."""


def _inert(cell) -> None:
    """Make a worksheet cell holding formula-like text plain text (quote prefix)."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"
        cell.quotePrefix = True


def _money_format(currency: str) -> str:
    return f'"{CURRENCY_SYMBOLS.get(currency, currency + " ")}"#,##0;-"' \
           f'{CURRENCY_SYMBOLS.get(currency, currency + " ")}"#,##0'


def _write_sheet(book: Workbook, title: str, table: Table, money: str) -> None:
    frame = table.frame
    sheet = book.create_sheet(title[:31])
    sheet.append([str(c) for c in frame.columns])
    for cell in sheet[1]:
        _inert(cell)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    money_columns = {i + 1 for i, c in enumerate(frame.columns) if c in table.money}
    for row in frame.itertuples(index=False):
        sheet.append([_plain(v) for v in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            _inert(cell)
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                if cell.column in money_columns:
                    cell.number_format = money
                elif isinstance(cell.value, float):
                    cell.number_format = "#,##0.00"
    for i, column in enumerate(frame.columns, start=1):
        width = max([len(str(column))] + [len(str(v)) for v in frame.iloc[:200, i - 1]])
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 10), 45)
    sheet.freeze_panes = "A2"


def _plain(value: object) -> object:
    """Cell values openpyxl accepts: numbers, text, booleans, None."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (int, float, str, bool)):
        return value
    return str(value)


def excel_bytes(scenario: Scenario, comparison: CostComparison,
                extra: dict[str, Table] | None = None, lang: str = "en") -> bytes:
    """The workbook as bytes (for a download button); the About sheet in ``lang``."""
    book = Workbook()
    about = book.active
    about.title = "About"
    money = _money_format(scenario.finance.currency)
    finance = scenario.finance
    lines = [f"Hoshu — {scenario.name}",
             tr("Currency: {c}; horizon {n} years; discount rate {r:.1f} %", lang,
                c=finance.currency, n=finance.horizon_years, r=100 * finance.discount_rate),
             "", *narrative(comparison, lang), "",
             tr("Sheets: results first, then every input and assumption of the scenario.", lang)]
    for line in lines:
        about.append([line])
        _inert(about.cell(row=about.max_row, column=1))
    about["A1"].font = Font(bold=True, size=14)
    about.column_dimensions["A"].width = 120
    tables = {**result_tables(comparison), **(extra or {}), **input_tables(scenario)}
    for title, table in tables.items():
        _write_sheet(book, title, table, money)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_excel(path: str | Path, scenario: Scenario, comparison: CostComparison,
                extra: dict[str, Table] | None = None, lang: str = "en") -> None:
    Path(path).write_bytes(excel_bytes(scenario, comparison, extra, lang))


def csv_text(frame: pd.DataFrame) -> str:
    """CSV of a table with text that a spreadsheet would run as a formula made inert.

    Cells starting with ``=``, ``+``, ``-`` or ``@`` get a leading apostrophe (the OWASP advice
    for CSV injection); numbers are written as numbers.
    """
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_PREFIXES)
                else v)
    return safe.to_csv(index=False)


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """A table as a Parquet file (without the index), for a download."""
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()
