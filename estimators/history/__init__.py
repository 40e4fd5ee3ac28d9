"""Bring your own incident history: import, clean, analyse, fit and calibrate a scenario.

The names are imported lazily (see :mod:`estimators.lazy`): reading an export needs pandas and
pyarrow, but the command line's options only need the presets' field names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from estimators.lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover - load_history's annotation
    from estimators.history.normalise import IncidentHistory


_SOURCES = {
    "ImportReport": "estimators.history.normalise",
    "IncidentHistory": "estimators.history.normalise",
    "normalise": "estimators.history.normalise",
    "FIELDS": "estimators.history.presets",
    "PRESETS": "estimators.history.presets",
    "severity_of": "estimators.history.presets",
    "HistoryError": "estimators.history.reader",
    "RawTable": "estimators.history.reader",
    "read_table": "estimators.history.reader",
}
"""Public name -> the module that defines it; with :func:`load_history`, the public API."""
__all__ = sorted([*_SOURCES, "load_history"])
__getattr__, __dir__ = lazy_exports(__name__, _SOURCES, __all__)


def load_history(source, *, name: str | None = None, preset: str | None = None,
                 mapping: dict[str, str] | None = None,
                 date_order: str | None = None) -> IncidentHistory:
    """Read and normalise an export (path or bytes) in one call."""
    from estimators.history.normalise import normalise
    from estimators.history.reader import read_table

    return normalise(read_table(source, name), preset, mapping, date_order)
