"""From a raw export to one normalised incident table, with a report of every row not kept.

Steps: map the export's columns to the fields (a preset, the user's mapping, or both); parse the
times with one format per column, inferring day-first or month-first from the values (unless
overridden); drop exact duplicate rows; collapse event logs (several rows per id) to one row per
incident: first opened, first acknowledged, last resolved, last closed, latest labels; drop rows
that cannot be incidents (no parseable opened time, resolved before opened). Open incidents
(no resolved time) are kept: the fits treat them as right-censored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from estimators.history.presets import (
    FIELDS,
    PRESETS,
    TIME_FIELDS,
    Preset,
    detect_preset,
    severity_of,
)
from estimators.history.reader import HistoryError, RawTable
from estimators.text import N_, Text

__all__ = ["ImportReport", "IncidentHistory", "normalise"]

DATE_FORMATS = {
    "iso": ["ISO8601"],
    "dayfirst": ["%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S",
                 "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d/%m/%Y", "%d-%m-%Y"],
    "monthfirst": ["%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p",
                   "%m-%d-%Y %H:%M", "%m-%d-%Y %H:%M:%S", "%m/%d/%Y", "%m-%d-%Y",
                   "%d/%b/%y %I:%M %p", "%d/%b/%Y %H:%M"],
    "yearfirst": ["%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d", "%Y.%m.%d %H:%M",
                  "%Y年%m月%d日 %H:%M", "%Y年%m月%d日 %H時%M分", "%Y-%m-%d %H:%M"],
}
SAMPLE = 2_000


@dataclass
class ImportReport:
    """What the import did: rows read and kept, and every row dropped with its reason."""

    rows_read: int
    incidents: int = 0
    event_rows_collapsed: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    preset: str = "generic"
    mapping: dict[str, str] = field(default_factory=dict)
    date_formats: dict[str, str] = field(default_factory=dict)
    date_order: str = "iso"
    file_type: str = "csv"
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)

    def drop(self, reason: str, count: int) -> None:
        if count:
            self.dropped[reason] = self.dropped.get(reason, 0) + int(count)


@dataclass
class IncidentHistory:
    """One row per incident; times as datetime64, durations derived in hours.

    ``latest`` fixes :attr:`as_of` for a part of an export (e.g. some of its systems), so its
    open incidents stay censored at the whole export's latest time.
    """

    incidents: pd.DataFrame
    report: ImportReport
    latest: pd.Timestamp | None = None

    @property
    def restore_hours(self) -> pd.Series:
        """Time to restore (resolved − opened), hours; NaN while open."""
        d = self.incidents
        return (d["resolved"] - d["opened"]).dt.total_seconds() / 3600.0

    @property
    def ack_hours(self) -> pd.Series:
        d = self.incidents
        return (d["acknowledged"] - d["opened"]).dt.total_seconds() / 3600.0

    @property
    def as_of(self) -> pd.Timestamp:
        """The latest time in the export: open incidents are censored at this instant."""
        if self.latest is not None:
            return self.latest
        times = self.incidents[list(TIME_FIELDS)].max()
        return times.max()


def normalise(raw: RawTable, preset: str | None = None, mapping: dict[str, str] | None = None,
              date_order: str | None = None) -> IncidentHistory:
    """Map, parse, collapse and validate; raises :class:`HistoryError` when nothing usable is left.

    Args:
        preset: a key of :data:`PRESETS`; None detects one from the columns.
        mapping: field → column, overriding the preset (e.g. ``{"opened": "発生日時"}``).
        date_order: "dayfirst" or "monthfirst" to override the inference.
    """
    frame = raw.frame
    columns = list(frame.columns)
    if preset and preset not in PRESETS:
        raise HistoryError(Text("unknown preset {preset}; choose one of {names}",
                                preset=preset, names=", ".join(PRESETS)), "unknown_preset",
                           preset=preset)
    chosen = PRESETS[preset] if preset else detect_preset(columns)
    report = ImportReport(rows_read=len(frame), preset=chosen.name, file_type=raw.file_type,
                          encoding=raw.encoding, delimiter=raw.delimiter)
    mapping = dict(mapping or {})
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise HistoryError(Text("unknown field(s) in the mapping: {names}; fields are {fields}",
                                names=", ".join(unknown), fields=", ".join(FIELDS)),
                           "unknown_fields", fields=unknown)
    missing = sorted(c for c in mapping.values() if c not in columns)
    if missing:
        raise HistoryError(Text("the mapping names column(s) not in the file: {names}; columns "
                                "are {columns}", names=", ".join(missing),
                                columns=", ".join(columns[:40])), "columns_not_in_file",
                           columns=missing)
    resolved_columns = _resolve(chosen, columns, mapping)
    report.mapping = {f: c for f, c in resolved_columns.items() if isinstance(c, str)}
    if "opened" not in resolved_columns:
        raise HistoryError(Text("no column for the opened time (columns are {columns})",
                                columns=", ".join(columns[:40])), "no_opened_column",
                           field="opened")
    if len(frame) == 0:
        raise HistoryError(Text("the file has a header but no rows"))

    duplicated = frame.duplicated()
    report.drop(N_("duplicate rows"), duplicated.sum())
    frame = frame.loc[~duplicated.to_numpy()]

    out = pd.DataFrame(index=frame.index)
    for name in ("id", "system", "category", "severity"):
        column = resolved_columns.get(name)
        out[name] = frame[column] if isinstance(column, str) else pd.Series(
            pd.NA, index=frame.index, dtype="string")
    order = date_order or _infer_order(frame, resolved_columns)
    report.date_order = order
    unparseable = pd.Series(False, index=frame.index)
    for name in TIME_FIELDS:
        column = resolved_columns.get(name)
        if isinstance(column, str):
            parsed, fmt, failed = _parse_times(frame[column], order)
            report.date_formats[name] = fmt
            out[name] = parsed
            if name in ("opened", "resolved"):
                unparseable |= failed
        else:
            out[name] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    for name, (candidates, unit) in chosen.offsets.items():
        column = next((c for c in candidates if c in columns), None)
        if column is None or (name in resolved_columns and isinstance(
                resolved_columns[name], str)):
            continue
        seconds = pd.to_numeric(frame[column], errors="coerce") * unit
        out[name] = out["opened"] + pd.to_timedelta(seconds, unit="s")
        report.mapping[name] = f"opened + {column}"
    sla = resolved_columns.get("sla_met")
    out["sla_met"] = _parse_bool(frame[sla]) if isinstance(sla, str) else pd.Series(
        pd.NA, index=frame.index, dtype="boolean")

    report.drop(N_("unparseable dates"), unparseable.sum())
    out = out.loc[~unparseable.to_numpy()]
    no_open = out["opened"].isna()
    report.drop(N_("no opened time"), no_open.sum())
    out = out.loc[~no_open.to_numpy()]

    out, collapsed = _collapse(out)
    report.event_rows_collapsed = collapsed
    backwards = out["resolved"].notna() & (out["resolved"] < out["opened"])
    report.drop(N_("resolved before opened"), backwards.sum())
    out = out.loc[~backwards.to_numpy()].reset_index(drop=True)
    if out.empty:
        raise HistoryError(Text("no usable incident rows: {reasons}", reasons=", ".join(
            f"{count:,} {reason}" for reason, count in report.dropped.items()) or "-"))
    out["priority"] = out["severity"]
    labels = out["priority"].dropna().unique()
    out["severity"] = out["priority"].map({v: severity_of(v) for v in labels}).astype("string")
    if out["severity"].isna().all():
        out["severity"] = "S3"
        report.notes.append(Text("no severity column or labels: every incident counted as S3"))
    elif out["severity"].isna().any():
        n = int(out["severity"].isna().sum())
        report.notes.append(Text("{n:,} incidents with an unrecognised severity label were "
                                 "counted as S3", n=n))
        out["severity"] = out["severity"].fillna("S3")
    if out["system"].isna().all():
        out["system"] = "All systems"
    elif out["system"].isna().any():
        out["system"] = out["system"].fillna("(unspecified)")
    report.incidents = len(out)
    return IncidentHistory(out, report)


def _resolve(preset: Preset, columns: list[str], mapping: dict[str, str]) -> dict[str, str]:
    found = {}
    for name in FIELDS:
        if name in mapping:
            found[name] = mapping[name]
            continue
        for candidate in preset.columns.get(name, ()):
            if candidate in columns:
                found[name] = candidate
                break
    return found


def _infer_order(frame: pd.DataFrame, columns: dict[str, str]) -> str:
    """ISO, year-first, day-first or month-first, from which numeric fields exceed 12."""
    values = pd.concat([frame[c].dropna().head(SAMPLE) for f, c in columns.items()
                        if f in TIME_FIELDS and isinstance(c, str)])
    if values.empty:
        return "iso"
    text = values.astype(str)
    if text.str.match(r"^\d{4}-\d{2}-\d{2}").mean() > 0.5:
        return "iso"
    if text.str.match(r"^\d{4}[/.年]").mean() > 0.5:
        return "yearfirst"
    parts = text.str.extract(r"^(\d{1,2})[-/.](\d{1,2})[-/.]")
    first = pd.to_numeric(parts[0], errors="coerce")
    second = pd.to_numeric(parts[1], errors="coerce")
    if (first > 12).any() and not (second > 12).any():
        return "dayfirst"
    if (second > 12).any() and not (first > 12).any():
        return "monthfirst"
    if text.str.match(r"^\d{1,2}/[A-Za-z]{3}/").mean() > 0.5:
        return "monthfirst"
    return "dayfirst"  # ambiguous everywhere: day-first, as in most of the world; overridable


def _parse_times(values: pd.Series, order: str) -> tuple[pd.Series, str, pd.Series]:
    """Parse with the format that reads most of a sample; (times, format, failed-mask)."""
    present = values.dropna()
    nothing = pd.Series(False, index=values.index)
    if present.empty:
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]"), "-", nothing
    numeric = pd.to_numeric(present.head(SAMPLE), errors="coerce")
    if numeric.notna().all():
        # Epoch times: milliseconds when too large to be seconds.
        unit = "ms" if numeric.abs().median() > 1e11 else "s"
        # Out-of-range numbers (1e309, far past or future) become missing, reported as
        # unreadable, rather than stopping the import.
        numbers = pd.to_numeric(values, errors="coerce")
        numbers = numbers.where(np.isfinite(numbers))
        parsed = pd.to_datetime(numbers, unit=unit, errors="coerce")
        return parsed, f"epoch {unit}", values.notna() & parsed.isna()
    candidates = DATE_FORMATS[order] + [f for k, fs in DATE_FORMATS.items() if k != order
                                        for f in fs]
    sample = present.head(SAMPLE)
    best, best_ok = None, -1
    for fmt in candidates:
        ok = _to_datetime(sample, fmt).notna().sum()
        if ok > best_ok:
            best, best_ok = fmt, ok
        if ok == len(sample):
            break
    if best_ok <= 0:
        empty = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
        return empty, "unrecognised", values.notna()
    parsed = _to_datetime(values, best)
    return parsed, best, values.notna() & parsed.isna()


def _to_datetime(values: pd.Series, fmt: str) -> pd.Series:
    """Parse with one format; unparseable values become NaT. Plain numeric formats go through
    Arrow's vectorised strptime (several times faster on large exports)."""
    if fmt == "ISO8601":
        parsed = pd.to_datetime(values, format="ISO8601", errors="coerce", utc=True)
        return parsed.dt.tz_convert(None)
    if not any(code in fmt for code in ("%p", "%b", "%I", "年")):
        array = pa.array(values.astype("string").to_numpy(dtype=object, na_value=None),
                         type=pa.string())
        parsed = pc.strptime(array, format=fmt, unit="s", error_is_null=True)
        return pd.Series(parsed.to_numpy(zero_copy_only=False), index=values.index).astype(
            "datetime64[ns]")
    return pd.to_datetime(values, format=fmt, errors="coerce")


def _parse_bool(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip().str.lower()
    true = text.isin(["true", "1", "yes", "y", "met", "○", "達成", "はい"])
    false = text.isin(["false", "0", "no", "n", "missed", "breached", "×", "未達", "いいえ"])
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[true.fillna(False).to_numpy()] = True
    out[false.fillna(False).to_numpy()] = False
    return out


def _collapse(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """One row per id: first opened and acknowledged, last resolved and closed, latest labels."""
    has_id = frame["id"].notna()
    if not has_id.any() or not frame.loc[has_id, "id"].duplicated().any():
        return frame, 0
    with_id = frame.loc[has_id.to_numpy()]
    grouped = with_id.groupby("id", sort=False)
    collapsed = pd.DataFrame({
        "system": grouped["system"].last(),
        "category": grouped["category"].last(),
        "severity": grouped["severity"].last(),
        "opened": grouped["opened"].min(),
        "acknowledged": grouped["acknowledged"].min(),
        "resolved": grouped["resolved"].max(),
        "closed": grouped["closed"].max(),
        "sla_met": grouped["sla_met"].last(),
    }).reset_index()
    merged = len(with_id) - len(collapsed)
    rest = frame.loc[~has_id.to_numpy()]
    return pd.concat([collapsed, rest], ignore_index=True), merged

