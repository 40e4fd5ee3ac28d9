"""The library's saved versions as a reader sees them: numbered, at local time, with notes."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from estimators.presentation.formatting import format_local_time, local_time
from estimators.presentation.i18n import tr
from estimators.scenario.library import Version

__all__ = ["version_label", "versions_table"]


def versions_table(versions: Sequence[Version], lang: str = "en") -> pd.DataFrame:
    """One row per version, newest first as the library lists them: its number, when it was
    saved as the local wall-clock time (naive, to the minute when shown; the header names the
    zone, e.g. "Saved (JST)") and its note (empty when there is none)."""
    times = [local_time(v.saved_at, lang) for v in versions]
    zone = times[0].tzname() if times else ""
    saved = tr("Saved ({zone})", lang, zone=zone) if zone else tr("Saved", lang)
    return pd.DataFrame({
        tr("Version", lang): [v.version for v in versions],
        saved: pd.to_datetime([t.replace(tzinfo=None) for t in times]),
        tr("Note", lang): [v.note or "" for v in versions]})


def version_label(version: Version, lang: str = "en") -> str:
    """A version in a picker: ``Version 3 — 2026-11-30 09:41``."""
    return tr("Version {n} — {time}", lang, n=version.version,
              time=format_local_time(version.saved_at, lang))
