"""Analytics of an incident history: volumes, MTTA/MTTR, when incidents happen, SLA, arrivals.

MTTR here is the mean time to restore (resolved − opened); MTTA the mean time to acknowledge
(acknowledged − opened), when the export has it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from estimators.calendars.coverage import HOURS_PER_YEAR
from estimators.history.fitting import RestoreFit, fit_restore_times
from estimators.history.normalise import IncidentHistory
from estimators.scenario import WEEKDAYS, Coverage

__all__ = [
    "ArrivalCheck",
    "arrival_rates",
    "fit_groups",
    "fit_start",
    "monthly_counts",
    "observation_span_hours",
    "off_hours_share",
    "restore_durations",
    "sla_attainment",
    "time_summary",
    "weekly_heatmap",
]



def monthly_counts(history: IncidentHistory) -> pd.Series:
    """Incidents opened per calendar month."""
    opened = history.incidents["opened"]
    return opened.dt.to_period("M").value_counts().sort_index().rename("incidents")


def time_summary(history: IncidentHistory) -> pd.DataFrame:
    """Per severity (and all): incidents, open, MTTA and MTTR with P50/P90/P95, hours."""
    d = history.incidents.assign(restore=history.restore_hours, ack=history.ack_hours)
    rows = []
    for label, group in [("all", d), *d.groupby("severity", sort=True)]:
        restore, ack = group["restore"].dropna(), group["ack"].dropna()
        row = {"severity": label, "incidents": len(group), "open": int(group["resolved"].isna()
                                                                         .sum())}
        for name, values in (("mttr", restore), ("mtta", ack)):
            row[f"{name}_hours"] = float(values.mean()) if len(values) else np.nan
            for q in (50, 90, 95):
                row[f"{name}_p{q}"] = float(np.percentile(values, q)) if len(values) else np.nan
        rows.append(row)
    return pd.DataFrame(rows).set_index("severity")


def weekly_heatmap(history: IncidentHistory) -> pd.DataFrame:
    """Incidents opened per weekday (rows, Monday first) and hour of day (columns 0-23)."""
    opened = history.incidents["opened"]
    table = pd.crosstab(opened.dt.day_of_week, opened.dt.hour)
    table = table.reindex(index=range(7), columns=range(24), fill_value=0)
    table.index = [d.capitalize() for d in WEEKDAYS]
    return table


def off_hours_share(history: IncidentHistory, coverage: Coverage | None = None) -> float:
    """Share of incidents opened outside the window (default weekdays 09:00-18:00): on-call load.

    Public holidays are not known from the export and are counted as working days.
    """
    coverage = coverage or Coverage()
    if coverage.mode == "24x7":
        return 0.0
    opened = history.incidents["opened"]
    minutes = opened.dt.hour * 60 + opened.dt.minute
    start = coverage.start.hour * 60 + coverage.start.minute
    end = coverage.end.hour * 60 + coverage.end.minute
    open_days = [WEEKDAYS.index(day) for day in coverage.days]
    inside = opened.dt.day_of_week.isin(open_days) & (minutes >= start) & (minutes < end)
    return float(1.0 - inside.mean())


def sla_attainment(history: IncidentHistory) -> dict[str, float]:
    """Share of incidents with the SLA met, overall and per severity (where recorded)."""
    d = history.incidents.dropna(subset=["sla_met"])
    if d.empty:
        return {}
    out = {"all": float(d["sla_met"].astype(bool).mean())}
    for severity, group in d.groupby("severity", sort=True):
        out[str(severity)] = float(group["sla_met"].astype(bool).mean())
    return out


@dataclass(frozen=True)
class ArrivalCheck:
    """Arrival rate of one group and a test of Poisson counts against overdispersion.

    Under a Poisson process the counts per period have variance = mean, so the dispersion
    statistic D = Σ (x − x̄)² / x̄ follows χ² with m − 1 degrees of freedom (m periods).
    """

    incidents: int
    span_years: float
    rate_per_year: float
    periods: int
    dispersion: float
    p_value: float
    verdict: str


def observation_span_hours(history: IncidentHistory) -> float:
    """The window the history observed arrivals in, hours (at least one).

    The span of opened times, widened by one mean gap, n/(n − 1), so that n incidents in it
    estimate the rate without the bias of ending on an incident (docs/model.md §19).
    """
    opened = history.incidents["opened"]
    n = len(opened)
    gap_widening = n / (n - 1) if n > 1 else 1.0
    return max((opened.max() - opened.min()).total_seconds() / 3600.0 * gap_widening, 1.0)


def arrival_rates(history: IncidentHistory, by: tuple[str, ...] = ("system", "severity")
                  ) -> pd.DataFrame:
    """Rate per year for each group, with the dispersion test (weekly or monthly counts), over
    the window of :func:`observation_span_hours`."""
    d = history.incidents
    start, end = d["opened"].min(), d["opened"].max()
    span_hours = observation_span_hours(history)
    period = "W" if span_hours < 24 * 183 else "M"
    bins = pd.period_range(start, end, freq=period)
    rows = []
    for key, group in d.groupby(list(by), sort=True):
        counts = group["opened"].dt.to_period(period).value_counts().reindex(bins, fill_value=0)
        x = counts.to_numpy(dtype=float)
        mean = x.mean()
        if len(x) >= 3 and mean > 0:
            dispersion = float(((x - mean) ** 2).sum() / mean)
            p_value = float(stats.chi2.sf(dispersion, len(x) - 1))
            verdict = "overdispersed" if p_value < 0.05 else "consistent with Poisson"
        else:
            dispersion, p_value, verdict = np.nan, np.nan, "too few periods to test"
        check = ArrivalCheck(len(group), span_hours / HOURS_PER_YEAR,
                             len(group) / (span_hours / HOURS_PER_YEAR), len(x), dispersion,
                             p_value, verdict)
        keys = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(by, keys, strict=True)), **check.__dict__})
    return pd.DataFrame(rows)


def fit_start(history: IncidentHistory) -> str:
    """Where restore times are measured from for fitting: ``acknowledged`` when more than half
    the incidents record it (hands-on repair time), else ``opened``."""
    return "acknowledged" if history.incidents["acknowledged"].notna().mean() > 0.5 else "opened"


def restore_durations(history: IncidentHistory, start: str = "opened", by: str | None = None,
                      group: str | None = None) -> pd.Series:
    """Hours from ``start`` (opened or acknowledged) to resolved, NaN while open: of every
    incident, or of those whose ``by`` column is ``group`` (``"all"`` keeps every incident)."""
    d = history.incidents
    hours = (d["resolved"] - d[start]).dt.total_seconds() / 3600.0
    if by and group not in (None, "all"):
        hours = hours[(d[by] == group).to_numpy()]
    return hours


def fit_groups(history: IncidentHistory, by: str | None = "severity",
               start: str = "opened") -> dict[str, tuple[list[RestoreFit], list[str]]]:
    """Fits per group (and "all"): durations from ``start`` (opened or acknowledged) to resolved.

    Open incidents are right-censored at the export's latest time.
    """
    d = history.incidents
    begin = d[start]
    hours = restore_durations(history, start)
    censored = (history.as_of - begin).dt.total_seconds() / 3600.0
    is_open = d["resolved"].isna() & begin.notna()
    groups = [("all", slice(None))]
    if by:
        groups += [(str(k), (d[by] == k).to_numpy()) for k in sorted(d[by].dropna().unique())]
    out = {}
    for label, rows in groups:
        t = hours[rows].dropna().to_numpy()
        c = censored[rows][is_open[rows]].dropna().to_numpy()
        out[label] = fit_restore_times(t, c)
    return out
