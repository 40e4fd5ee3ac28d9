"""What an incident export may not exceed, and the error that says so.

An upload is hostile until read: a 235 KB Parquet file can hold 20 million dictionary-encoded
rows (5.6 GB once decoded), a 1.2 MB .xlsx can inflate to 316 MB of sheet XML, and a 100 KB
header can name 50,000 columns. Every cap below is checked on what a file *says* about itself
(Parquet metadata, the zip directory, the first record of a CSV) before the expensive read, and
again on what was read. The README's Security section lists them with their reasons.
"""

from __future__ import annotations

from estimators.text import Text

__all__ = ["LIMIT_CODES", "MAX_CELLS", "MAX_CELL_CHARS", "MAX_COLUMNS", "MAX_COMPRESSION_RATIO",
           "MAX_HISTORY_BYTES", "MAX_ROWS", "MAX_TEXT_BYTES", "MAX_XLSX_PARTS",
           "MAX_XLSX_XML_BYTES", "HistoryError", "cell_too_large", "check_shape", "few",
           "too_much_text"]

MAX_HISTORY_BYTES = 200_000_000
"""Bytes of the file as stored (the page's upload limit is lower)."""
MAX_ROWS = 1_000_000
"""Data rows: the largest export the benchmark imports (benchmarks/history.py, about 10 s)."""
MAX_COLUMNS = 500
"""Columns: an export needs about ten; the header work grows with the count."""
MAX_CELLS = 20_000_000
"""Rows × columns (Parquet: every leaf value): bounds the table in memory."""
MAX_CELL_CHARS = 1_000_000
"""Characters of one cell: far beyond any field of an incident record."""
MAX_TEXT_BYTES = 400_000_000
"""Characters (Parquet: bytes) of the table's text once decoded: Parquet pages uncompressed and
dictionaries expanded, Excel's shared strings counted in every cell that uses them."""
MAX_XLSX_XML_BYTES = 100_000_000
"""Bytes of a workbook's parts once unzipped: openpyxl parses about 2.5 MB of XML a second."""
MAX_XLSX_PARTS = 1_000
"""Parts (files) in a workbook's zip: a real export has about ten."""
MAX_COMPRESSION_RATIO = 100
"""Unzipped ÷ zipped size of one part over 1 MB: real sheets compress 5 to 30 times."""


LIMIT_CODES = frozenset({
    "file_too_large", "too_many_rows", "too_many_columns", "too_many_cells", "cell_too_large",
    "unpacked_too_large", "compression_ratio", "too_many_parts", "parse_timeout",
    "parse_memory"})
"""The codes of a refusal by a cap (the file may be fine, only too large to read here)."""


class HistoryError(ValueError):
    """An incident history could not be read or mapped.

    The message says what is wrong in neutral terms; ``code`` and ``values`` say it for an
    interface to word in its own terms — the page names its drop-downs, the command line its
    options (``code="no_opened_column"``, ``values={"field": "opened"}``). ``code`` is
    ``"unreadable"`` unless a more specific one is given; a refusal by a cap has the cap's code
    (``"too_many_rows"``, ``"too_many_columns"``, …) with ``found`` and ``limit``.
    """

    def __init__(self, message: str, code: str = "unreadable", **values: object) -> None:
        super().__init__(message)
        self.code = code
        self.values = values

    def __reduce__(self):
        return (_history_error, (self.args[0], self.code, self.values))


def _history_error(message: str, code: str, values: dict) -> HistoryError:
    return HistoryError(message, code, **values)


def few(names: list[str], shown: int = 3) -> str:
    """At most ``shown`` names for a message, then an ellipsis (never 50,000 of them)."""
    listed = ", ".join(str(n)[:40] for n in names[:shown])
    return listed + (", …" if len(names) > shown else "")


def check_shape(rows: int, columns: int, values: int | None = None) -> None:
    """Refuse a table of more than :data:`MAX_ROWS` rows, :data:`MAX_COLUMNS` columns or
    :data:`MAX_CELLS` values (``values`` defaults to rows × columns)."""
    if columns > MAX_COLUMNS:
        raise HistoryError(Text("the file has {found:,} columns; the limit is {limit:,}",
                                found=columns, limit=MAX_COLUMNS), "too_many_columns",
                           found=columns, limit=MAX_COLUMNS)
    if rows > MAX_ROWS:
        raise HistoryError(Text("the file has {found:,} rows; the limit is {limit:,}",
                                found=rows, limit=MAX_ROWS), "too_many_rows",
                           found=rows, limit=MAX_ROWS)
    cells = rows * columns if values is None else values
    if cells > MAX_CELLS:
        raise HistoryError(Text("the file has {found:,} cells (rows × columns); the limit is "
                                "{limit:,}", found=cells, limit=MAX_CELLS), "too_many_cells",
                           found=cells, limit=MAX_CELLS)


def cell_too_large(where: str, found: int | None = None) -> HistoryError:
    """One cell longer than :data:`MAX_CELL_CHARS`; ``where`` names its column, row or line,
    ``found`` its length when known (Python's csv reader only says that it is too long)."""
    return HistoryError(Text("a cell ({where}) is longer than {limit:,} characters, the limit",
                             where=where, limit=MAX_CELL_CHARS), "cell_too_large",
                        found=found, limit=MAX_CELL_CHARS, where=str(where))


def too_much_text(found: int) -> HistoryError:
    """A table whose decoded text exceeds :data:`MAX_TEXT_BYTES`."""
    return HistoryError(Text("the file unpacks to {found:,} bytes of text; the limit is "
                             "{limit:,}", found=found, limit=MAX_TEXT_BYTES),
                        "unpacked_too_large", found=found, limit=MAX_TEXT_BYTES)
