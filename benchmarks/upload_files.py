"""Hostile incident exports of issue 17, written to a folder without holding them in memory.

Used by the regression tests (tests/history/test_upload_limits.py) and by the hand-run
measurement ``benchmarks/upload_attack.py``. Each writer returns the path it wrote.

* :func:`parquet_bomb`: 20 M rows of one dictionary-encoded value, about 175 KB.
* :func:`xlsx_file`: a real workbook (openpyxl reads it) whose sheet XML is streamed into the
  zip; with ``repeat=True`` every row is the same, so 100 MB of XML packs into a few hundred KB.
* :func:`wide_csv`: a header of 50,000 columns named ``a`` (100 KB).
* :func:`big_cell_csv`: one row whose last cell is 50 MB.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

__all__ = ["big_cell_csv", "parquet_bomb", "wide_csv", "xlsx_file"]

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_PARTS = {
    "[Content_Types].xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{_PKG}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/></Types>'),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>'),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<sheets><sheet name="incidents" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        '</Relationships>'),
}
HEADER = ("number", "opened_at", "resolved_at", "priority")


def _cells(values: tuple[str, ...]) -> str:
    return "<row>" + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values) + (
        "</row>")


def xlsx_file(path: Path, rows: int, repeat: bool = False, tail: str = "") -> Path:
    """A workbook of ``rows`` incident rows (ServiceNow-like columns) on its one sheet.

    The sheet is written in chunks of 10,000 rows, so a 300 MB sheet never exists in memory.
    ``repeat``: every row the same (the shape of the 1.2 MB, 316 MB-unpacked bomb); ``tail``:
    sheet XML written after the rows (e.g. a stray cell far away).
    """
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">'
                        f'<sheetData>{_cells(HEADER)}'.encode())
            same = _cells(("INC0000001", "2024-01-05 09:30", "2024-01-05 11:00", "P3"))
            for start in range(0, rows, 10_000):
                chunk = range(start, min(rows, start + 10_000))
                sheet.write("".join(same if repeat else _cells((
                    f"INC{i:07d}", f"2024-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:00",
                    f"2024-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:45",
                    f"P{1 + i % 4}")) for i in chunk).encode())
            sheet.write(f"{tail}</sheetData></worksheet>".encode())
    return path


def parquet_bomb(path: Path, rows: int = 20_000_000, value: str = "2024-01-05 09:30") -> Path:
    """``rows`` rows of one dictionary-encoded opened time (``value``) and priority: about
    175 KB for 20 M rows, written a million at a time (4 MB of indices in memory at once)."""
    schema = pa.schema([("opened_at", pa.dictionary(pa.int32(), pa.string())),
                        ("priority", pa.dictionary(pa.int32(), pa.string()))])
    step = min(rows, 1_000_000)
    indices = pa.array(np.zeros(step, dtype=np.int32))
    opened = pa.DictionaryArray.from_arrays(indices, pa.array([value]))
    priority = pa.DictionaryArray.from_arrays(indices, pa.array(["P1"]))
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for start in range(0, rows, step):
            n = min(step, rows - start)
            writer.write_table(pa.table([opened.slice(0, n), priority.slice(0, n)],
                                        schema=schema))
    return path


def wide_csv(path: Path, columns: int = 50_000) -> Path:
    """A header of ``columns`` columns all named ``a`` and one row of ones (100 KB)."""
    path.write_text(",".join(["a"] * columns) + "\n" + ",".join(["1"] * columns) + "\n")
    return path


def big_cell_csv(path: Path, size: int = 50_000_000) -> Path:
    """An incident whose description is one cell of ``size`` characters."""
    with path.open("wb") as out:
        out.write(b"number,opened_at,description\nINC1,2024-01-05 09:30,")
        for _ in range(size // 1_000_000):
            out.write(b"x" * 1_000_000)
        out.write(b"x" * (size % 1_000_000) + b"\n")
    return path
