"""Bring your own incident history: import, clean, analyse, fit and calibrate a scenario."""

from estimators.history.normalise import ImportReport, IncidentHistory, normalise
from estimators.history.presets import FIELDS, PRESETS, severity_of
from estimators.history.reader import HistoryError, RawTable, read_table

__all__ = [
    "FIELDS",
    "PRESETS",
    "HistoryError",
    "ImportReport",
    "IncidentHistory",
    "RawTable",
    "load_history",
    "normalise",
    "read_table",
    "severity_of",
]


def load_history(source, *, name: str | None = None, preset: str | None = None,
                 mapping: dict[str, str] | None = None,
                 date_order: str | None = None) -> IncidentHistory:
    """Read and normalise an export (path or bytes) in one call."""
    return normalise(read_table(source, name), preset, mapping, date_order)
