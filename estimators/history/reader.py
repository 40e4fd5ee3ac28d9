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

from estimators.text import Text

__all__ = ["MAX_HISTORY_BYTES", "HistoryError", "RawTable", "read_table"]

MAX_HISTORY_BYTES = 200_000_000
MISSING_TOKENS = ("", "?", "-", "N/A", "n/a", "NA", "null", "NULL", "None", "none", "#N/A")
DELIMITERS = ",\t;|"


class HistoryError(ValueError):
    """An incident history could not be read or mapped.

    The message says what is wrong in neutral terms; ``code`` and ``values`` say it for an
    interface to word in its own terms — the page names its drop-downs, the command line its
    options (``code="no_opened_column"``, ``values={"field": "opened"}``). ``code`` is
    ``"unreadable"`` unless a more specific one is given.
    """

    def __init__(self, message: str, code: str = "unreadable", **values: object) -> None:
        super().__init__(message)
        self.code = code
        self.values = values

    def __reduce__(self):
        return (_history_error, (self.args[0], self.code, self.values))


def _history_error(message: str, code: str, values: dict) -> HistoryError:
    return HistoryError(message, code, **values)


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
                                        size=size, limit=MAX_HISTORY_BYTES))
            raw = path.read_bytes()
        except OSError as exc:
            raise HistoryError(Text("cannot read {path}: {reason}", path=str(path),
                                    reason=str(exc.strerror or exc))) from None
        name = name or path.name
    else:
        raw = bytes(source)
        if len(raw) > MAX_HISTORY_BYTES:
            raise HistoryError(Text("the upload is {size:,} bytes; the limit is {limit:,}",
                                    size=len(raw), limit=MAX_HISTORY_BYTES))
    if not raw.strip():
        raise HistoryError(Text("the file is empty"))
    suffix = Path(name or "").suffix.lower()
    if raw[:4] == b"PAR1" or suffix == ".parquet":
        return RawTable(_text_cells(_read_parquet(raw)), "parquet", None, None)
    if raw[:4] == b"PK\x03\x04" or suffix in {".xlsx", ".xlsm"}:
        return RawTable(_text_cells(_read_excel(raw)), "xlsx", None, None)
    text, encoding = decode(raw)
    delimiter = sniff_delimiter(text)
    try:
        utf8 = raw if encoding == "utf-8" else text.encode("utf-8")
        frame = pd.read_csv(io.BytesIO(utf8), sep=delimiter, dtype=str,
                            keep_default_na=False, engine="pyarrow")
    except Exception:  # noqa: BLE001 - pyarrow is strict about ragged rows; fall back
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
    return RawTable(_text_cells(frame), "csv", encoding, delimiter)


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


def _read_parquet(raw: bytes) -> pd.DataFrame:
    try:
        return pd.read_parquet(io.BytesIO(raw), engine="pyarrow")
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for bad files
        raise HistoryError(Text("not a readable Parquet file: {reason}",
                                reason=str(exc))) from None


def _read_excel(raw: bytes) -> pd.DataFrame:
    try:
        return pd.read_excel(io.BytesIO(raw), sheet_name=0, dtype=str, engine="openpyxl")
    except Exception as exc:  # noqa: BLE001 - openpyxl raises several types for bad files
        raise HistoryError(Text("not a readable Excel .xlsx file: {reason}",
                                reason=str(exc))) from None


def _text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Every column as strings, stripped, with the missing-value tokens as <NA>.

    Datetime columns (from Parquet or Excel) are written in ISO form so they parse exactly.
    """
    out = {}
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            text = series.dt.strftime("%Y-%m-%dT%H:%M:%S").astype("string")
        else:
            text = series.astype("string").str.strip()
        out[str(column).strip()] = text.mask(text.isin(MISSING_TOKENS))
    return pd.DataFrame(out)
