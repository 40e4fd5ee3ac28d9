"""How much downtime an availability level allows: the glossary's table of nines."""

from __future__ import annotations

import pandas as pd

from estimators.calendars.coverage import HOURS_PER_YEAR

__all__ = ["LEVELS", "WEEKS_PER_YEAR", "allowed_downtime"]

LEVELS = (0.99, 0.995, 0.999, 0.9995, 0.9999, 0.99999)
"""The availability levels the glossary lists, two nines to five nines."""

WEEKS_PER_YEAR = 52.14


def allowed_downtime(levels: tuple[float, ...] = LEVELS) -> pd.DataFrame:
    """Hours of downtime allowed per year, month and week at each availability ``A``.

    Per year (1 − A) × 8,760 h; a month is a twelfth of it, a week 1/52.14. One row per level:
    ``availability``, ``per_year``, ``per_month``, ``per_week`` (hours).
    """
    year = [(1 - a) * HOURS_PER_YEAR for a in levels]
    return pd.DataFrame({"availability": levels, "per_year": year,
                         "per_month": [h / 12 for h in year],
                         "per_week": [h / WEEKS_PER_YEAR for h in year]})
