"""Read the packed formats, Parquet and Excel .xlsx, without trusting what they pack.

Both are small on disk and can be huge once unpacked, so each is measured from what it says
about itself before it is read: Parquet's footer gives rows, columns, values and uncompressed
bytes; the .xlsx zip directory gives every part's unzipped size. Python's :mod:`zipfile` stops
reading a part at the size its directory declares, so those sizes bound what openpyxl sees.
Dictionary-encoded text in Parquet is measured as it would be decoded (a few bytes of dictionary
can stand for gigabytes of text) before it is decoded. An Excel sheet is read row by row with
its width fixed by the header, so a stray cell at XFD1048576 cannot make a 17-billion-cell grid.

Both return a frame for :func:`estimators.history.reader.read_table` to turn into text cells.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from estimators.history.limits import (
    MAX_CELL_CHARS,
    MAX_COMPRESSION_RATIO,
    MAX_TEXT_BYTES,
    MAX_XLSX_PARTS,
    MAX_XLSX_XML_BYTES,
    HistoryError,
    cell_too_large,
    check_shape,
    too_much_text,
)
from estimators.text import Text

__all__ = ["STRING_DTYPES", "parquet_cells", "read_parquet", "read_xlsx", "xlsx_unpacked_bytes"]

EXCEL_ROWS = 1_048_576
"""Excel's last row: rows numbered beyond it are not read."""
RATIO_CHECKED_FROM = 1_000_000
"""Parts smaller than this (bytes unzipped) are not held to the compression ratio."""
STRING_DTYPES = {pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype()}
"""Arrow's string types as pandas' "string" (missing as <NA>), for ``to_pandas``."""
_TEXT_TYPES = (pa.types.is_string, pa.types.is_large_string, pa.types.is_binary,
               pa.types.is_large_binary)


def _unreadable(kind: str, exc: Exception) -> HistoryError:
    if kind == "parquet":
        return HistoryError(Text("not a readable Parquet file: {reason}", reason=str(exc)))
    return HistoryError(Text("not a readable Excel .xlsx file: {reason}", reason=str(exc)))


def _open_parquet(raw: bytes) -> pq.ParquetFile:
    """The file's footer (metadata and schema); nothing else is read."""
    try:
        return pq.ParquetFile(pa.BufferReader(raw))
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for bad files
        raise _unreadable("parquet", exc) from None


def parquet_cells(raw: bytes) -> int:
    """Rows × columns of a Parquet file, from its footer alone; refuses one over a cap (rows,
    columns, leaf values, uncompressed bytes) before any data page is read."""
    meta = _open_parquet(raw).metadata
    groups = [meta.row_group(i) for i in range(meta.num_row_groups)]
    values = sum(g.column(j).num_values for g in groups for j in range(g.num_columns))
    cells = meta.num_rows * meta.num_columns
    check_shape(meta.num_rows, meta.num_columns, max(values, cells))
    stored = sum(g.total_byte_size for g in groups)
    if stored > MAX_TEXT_BYTES:
        raise too_much_text(stored)
    return cells


def read_parquet(raw: bytes) -> pd.DataFrame:
    """The first table of a Parquet file; text columns as strings, others as stored."""
    parquet_cells(raw)
    schema = _open_parquet(raw).schema_arrow
    text = [f.name for f in schema if any(is_(f.type) for is_ in _TEXT_TYPES)
            or (pa.types.is_dictionary(f.type) and any(is_(f.type.value_type)
                                                        for is_ in _TEXT_TYPES))]
    try:
        # Text columns arrive dictionary-encoded (indices only) so their decoded size can be
        # measured before any of it exists.
        table = pq.read_table(pa.BufferReader(raw), read_dictionary=text)
    except Exception as exc:  # noqa: BLE001
        raise _unreadable("parquet", exc) from None
    decoded, columns = 0, []
    for name, column in zip(table.column_names, table.columns, strict=True):
        if pa.types.is_dictionary(column.type):
            for chunk in column.chunks:
                lengths = pc.take(pc.binary_length(chunk.dictionary), chunk.indices)
                decoded += pc.sum(lengths).as_py() or 0
                longest = pc.max(lengths).as_py() or 0
                if longest > MAX_CELL_CHARS:
                    raise cell_too_large(str(name), longest)
            if decoded > MAX_TEXT_BYTES:
                raise too_much_text(decoded)
            column = pa.chunked_array([c.dictionary_decode() for c in column.chunks],
                                      type=column.type.value_type)
        else:
            decoded += column.nbytes
        columns.append(column)
    if decoded > MAX_TEXT_BYTES:
        raise too_much_text(decoded)
    table = pa.table(columns, names=table.column_names)
    return table.to_pandas(types_mapper=STRING_DTYPES.get)


def xlsx_unpacked_bytes(raw: bytes) -> int:
    """Bytes of a workbook's parts once unzipped, read from its zip directory (nothing is
    inflated); refuses too many parts, too many bytes, or a part that compresses more than
    :data:`MAX_COMPRESSION_RATIO` times (a bomb, not a spreadsheet)."""
    parts = raw.count(b"PK\x01\x02")  # central directory entries, an upper bound
    if parts > MAX_XLSX_PARTS:
        raise HistoryError(Text("the workbook has {found:,} parts; the limit is {limit:,}",
                                found=parts, limit=MAX_XLSX_PARTS), "too_many_parts",
                           found=parts, limit=MAX_XLSX_PARTS)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _unreadable("xlsx", exc) from None
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_XLSX_XML_BYTES:
        raise HistoryError(Text("the workbook unpacks to {found:,} bytes; the limit is "
                                "{limit:,}", found=unpacked, limit=MAX_XLSX_XML_BYTES),
                           "unpacked_too_large", found=unpacked, limit=MAX_XLSX_XML_BYTES)
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_CHECKED_FROM and ratio > MAX_COMPRESSION_RATIO:
            raise HistoryError(Text("the workbook part {part} unpacks {found:,.0f} times its "
                                    "size; the limit is {limit:,}", part=info.filename[:80],
                                    found=ratio, limit=MAX_COMPRESSION_RATIO),
                               "compression_ratio", found=round(ratio), part=info.filename,
                               limit=MAX_COMPRESSION_RATIO)
    return unpacked


def read_xlsx(raw: bytes) -> pd.DataFrame:
    """The first sheet of a workbook: its first non-empty row names the columns, blank rows are
    skipped, and cells right of the header are not read."""
    import openpyxl

    xlsx_unpacked_bytes(raw)
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True,
                                      keep_links=False, rich_text=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises several types for bad files
        raise _unreadable("xlsx", exc) from None
    try:
        if not book.worksheets:
            raise HistoryError(Text("the workbook has no sheet"))
        return _sheet_frame(book.worksheets[0])
    except HistoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - bad XML surfaces while rows are read
        raise _unreadable("xlsx", exc) from None
    finally:
        book.close()


def _sheet_frame(sheet) -> pd.DataFrame:
    """A read-only worksheet as text columns, its size checked row by row.

    Rows past Excel's last (1,048,576) are not read: a row number in the XML can be any
    integer, and openpyxl yields an empty row for every number skipped.
    """
    sheet.reset_dimensions()  # the <dimension> a file declares is not trusted
    rows = enumerate(sheet.iter_rows(max_row=EXCEL_ROWS, values_only=True), start=1)
    header_row, first = next(((n, r) for n, r in rows if r.count(None) < len(r)), (0, None))
    if first is None:
        raise HistoryError(Text("the file is empty"))
    header = [_cell_text(v) for v in first]
    while header and header[-1] in (None, ""):
        header.pop()
    width = len(header)
    if not width:
        raise HistoryError(Text("the file is empty"))
    check_shape(0, width)
    names = [h if h not in (None, "") else f"Unnamed: {i}" for i, h in enumerate(header)]
    data: list[list[str | None]] = []
    text = 0
    for number, row in enumerate(sheet.iter_rows(min_row=header_row + 1, max_row=EXCEL_ROWS,
                                                 max_col=width, values_only=True),
                                 start=header_row + 1):
        if row.count(None) == width:
            continue
        cells = [_cell_text(v) for v in row]
        lengths = [len(c) for c in cells if c is not None]
        text += sum(lengths)
        if max(lengths) > MAX_CELL_CHARS:
            raise cell_too_large(Text("row {n:,}", n=number), max(lengths))
        data.append(cells)
        if text > MAX_TEXT_BYTES:
            raise too_much_text(text)
        if len(data) % 10_000 == 0:
            check_shape(len(data), width)
    check_shape(len(data), width)
    columns = list(zip(*data, strict=True)) if data else [()] * width
    return pd.DataFrame({i: pd.array(c, dtype="string") for i, c in enumerate(columns)}
                        ).set_axis(names, axis=1)


def _cell_text(value: object) -> str | None:
    """A cell's value as text: whole numbers without ".0", times in ISO form."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)
