"""Read an incident export into a table of strings: CSV/TSV (any common encoding), Excel, Parquet.

Text files are decoded strictly as UTF-8 (with or without BOM), then CP932 (Japanese Excel; a
superset of Shift_JIS that also has ①, ㈱), then by detection (charset-normalizer). The
delimiter is sniffed among comma, tab, semicolon and pipe. Every cell is read as text; typing
happens in :mod:`estimators.history.normalise`, where each failure is counted, never silent.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from estimators.history.containers import STRING_DTYPES, read_parquet, read_xlsx
from estimators.history.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_HISTORY_BYTES,
    HistoryError,
    cell_too_large,
    check_shape,
    few,
)
from estimators.text import Text

__all__ = ["MAX_HISTORY_BYTES", "HistoryError", "RawTable", "file_type", "read_table",
           "unique_names"]

MISSING_TOKENS = ("", "?", "-", "N/A", "n/a", "NA", "null", "NULL", "None", "none", "#N/A")
DELIMITERS = ",\t;|"
# Python's csv reader (the header, the ragged-file fallback) refuses a field at its limit,
# 131,072 characters by default; raised once for the process to the importer's own cap.
csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL_CHARS + 1))


@dataclass(frozen=True)
class RawTable:
    """The export as read: text cells (missing tokens as <NA>) and how it was read."""

    frame: pd.DataFrame
    file_type: str  # "csv", "xlsx" or "parquet"
    encoding: str | None
    delimiter: str | None


def read_table(source: str | Path | bytes, name: str | None = None) -> RawTable:
    """Read a file path or uploaded bytes; ``name`` (a file name) helps tell the type."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > MAX_HISTORY_BYTES:
                raise HistoryError(Text("the file is {size:,} bytes; the limit is {limit:,}",
                                        size=size, limit=MAX_HISTORY_BYTES), "file_too_large",
                                   found=size, limit=MAX_HISTORY_BYTES)
            raw = path.read_bytes()
        except OSError as exc:
            raise HistoryError(Text("cannot read {path}: {reason}", path=str(path),
                                    reason=str(exc.strerror or exc))) from None
        name = name or path.name
    else:
        raw = bytes(source)
        if len(raw) > MAX_HISTORY_BYTES:
            raise HistoryError(Text("the upload is {size:,} bytes; the limit is {limit:,}",
                                    size=len(raw), limit=MAX_HISTORY_BYTES), "file_too_large",
                               found=len(raw), limit=MAX_HISTORY_BYTES)
    if not raw.strip():
        raise HistoryError(Text("the file is empty"))
    if not raw.strip():
        raise HistoryError(Text("the file is empty"))
    kind = file_type(raw, name)
    if kind == "parquet":
        return RawTable(_text_cells(read_parquet(raw)), "parquet", None, None)
    if kind == "xlsx":
        return RawTable(_text_cells(read_xlsx(raw)), "xlsx", None, None)
    text, encoding = decode(raw)
    delimiter = sniff_delimiter(text)
    _check_header(text, delimiter)
    try:
        utf8 = raw if encoding == "utf-8" else text.encode("utf-8")
        frame = pd.read_csv(io.BytesIO(utf8), sep=delimiter, dtype=str,
                            keep_default_na=False, engine="pyarrow")
    except Exception:  # noqa: BLE001 - pyarrow is strict about ragged rows; fall back
        _check_fields(text, delimiter)  # the fallback would skip an over-long field unsaid
        try:
            frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str,
                                keep_default_na=False, engine="python", on_bad_lines="skip")
        except (pd.errors.ParserError, ValueError) as exc:
            raise HistoryError(Text("cannot parse the file as a {delimiter}-separated table: "
                                    "{reason}", delimiter=_delimiter_name(delimiter),
                                    reason=str(exc))) from None
    if frame.shape[1] < 2:
        raise HistoryError(Text("found fewer than two columns: is this an incident table? "
                                "(expected a CSV/TSV, Excel or Parquet export)"))
    check_shape(*frame.shape)
    return RawTable(_text_cells(frame), "csv", encoding, delimiter)


def file_type(raw: bytes, name: str | None) -> str:
    """"parquet", "xlsx" or "csv", from the magic bytes first, then the file name."""
    suffix = Path(name or "").suffix.lower()
    if raw[:4] == b"PAR1" or suffix == ".parquet":
        return "parquet"
    if raw[:4] == b"PK\x03\x04" or suffix in {".xlsx", ".xlsm"}:
        return "xlsx"
    return "csv"


def decode(raw: bytes) -> tuple[str, str]:
    """Text and the encoding that decoded it: UTF-8 (BOM or not), CP932, else detection."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if b"\x00" in raw[:4096]:
        raise HistoryError(Text("this looks like a binary file, not a text table "
                                "(expected CSV/TSV, Excel .xlsx or Parquet)"))
    for encoding in ("utf-8", "cp932"):
        try:
            return raw.decode(encoding, errors="strict"), encoding
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:200_000]).best()
    if best is None or best.encoding is None:
        raise HistoryError(Text("cannot tell the text encoding; save the file as UTF-8 CSV"))
    try:
        return raw.decode(best.encoding, errors="strict"), best.encoding
    except (UnicodeDecodeError, LookupError):
        raise HistoryError(Text("the file is not valid {encoding} text; save it as UTF-8 CSV",
                                encoding=best.encoding)) from None


def sniff_delimiter(text: str) -> str:
    """The delimiter of a text table, from its first lines."""
    sample = "\n".join(text[:200_000].splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = sample.splitlines()[0] if sample else ""
        counts = {d: header.count(d) for d in DELIMITERS}
        best = max(counts, key=counts.get)
        if counts[best] == 0:
            raise HistoryError(Text("found no column delimiter (comma, tab, semicolon or pipe) "
                                    "in the first line")) from None
        return best


def _delimiter_name(delimiter: str) -> str:
    return {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}.get(delimiter, delimiter)


def _check_header(text: str, delimiter: str) -> None:
    """Refuse more than :data:`MAX_COLUMNS` columns from the first line alone, before pandas
    spends minutes on a 50,000-name header; the message gives the count and three names."""
    end = text.find("\n")
    line = text if end < 0 else text[:end]
    try:
        names = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        raise cell_too_large(Text("line {n:,}", n=1)) from None
    if len(names) > MAX_COLUMNS:
        raise HistoryError(Text("the file has {found:,} columns ({names}); the limit is "
                                "{limit:,}", found=len(names), names=few(names),
                                limit=MAX_COLUMNS), "too_many_columns", found=len(names),
                           limit=MAX_COLUMNS)


def _check_fields(text: str, delimiter: str) -> None:
    """Refuse a field over :data:`MAX_CELL_CHARS`, which pandas' Python engine would drop
    with its line without a word (it reads with Python's csv module, whose limit it is)."""
    records = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for _ in records:
            pass
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise cell_too_large(Text("line {n:,}", n=records.line_num)) from None


def _text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Every column as strings, stripped, with the missing-value tokens as <NA>.

    Columns are taken by position and their names made unique in one pass (a repeated name
    gets ".1", ".2", … as pandas does), and each is converted with a few Arrow kernels, so
    the work grows linearly with the column count at tens of microseconds a column (pandas'
    string methods cost milliseconds a column). Datetime columns (from Parquet) are written
    in ISO form so they parse exactly. Refuses a cell longer than :data:`MAX_CELL_CHARS`.
    """
    names = unique_names([str(c).strip() for c in frame.columns])
    missing = pa.array(MISSING_TOKENS, pa.string())
    columns = []
    for i, name in enumerate(names):
        text = pc.utf8_trim_whitespace(_as_text(frame.iloc[:, i]))
        longest = pc.max(pc.utf8_length(text)).as_py()
        if longest is not None and longest > MAX_CELL_CHARS:
            raise cell_too_large(name, longest)
        columns.append(pc.if_else(pc.is_in(text, value_set=missing),
                                  pa.scalar(None, text.type), text))
    table = pa.table(columns, names=names)
    return table.to_pandas(types_mapper=STRING_DTYPES.get).set_axis(frame.index)


def _as_text(series: pd.Series) -> pa.Array:
    """A column as an Arrow string array: times as 2024-01-05T09:30:00, other values cast by
    Arrow, and what Arrow cannot cast (bytes, mixed objects) as pandas writes it."""
    if pd.api.types.is_datetime64_any_dtype(series):
        series = series.dt.strftime("%Y-%m-%dT%H:%M:%S")
    try:
        array = pa.array(series, from_pandas=True)
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        if pa.types.is_dictionary(array.type):
            array = array.dictionary_decode()
        return array.cast(pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return _as_text(series.astype("string"))


def unique_names(names: list[str]) -> list[str]:
    """``names`` with each repeat renamed ``name.1``, ``name.2``, … (skipping names already
    taken), in time linear in the count."""
    taken = set(names)
    if len(taken) == len(names):
        return names
    seen: set[str] = set()
    counts: dict[str, int] = {}
    out = []
    for name in names:
        if name not in seen:
            seen.add(name)
            out.append(name)
            continue
        count = counts.get(name, 0)
        candidate = f"{name}.{count + 1}"
        while candidate in taken:
            count += 1
            candidate = f"{name}.{count + 1}"
        counts[name] = count + 1
        taken.add(candidate)
        out.append(candidate)
    return out
