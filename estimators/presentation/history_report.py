"""The history summary shared by the CLI (JSON contract) and its plain-text table."""

from __future__ import annotations

import math

from estimators.history.analysis import (
    arrival_rates,
    fit_groups,
    off_hours_share,
    sla_attainment,
    time_summary,
)
from estimators.history.normalise import IncidentHistory

__all__ = ["history_summary", "history_table"]


def _clean(value: float) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def history_summary(history: IncidentHistory) -> dict:
    """Everything ``python -m estimators history --format json`` prints.

    Contract keys: ``rows_read``, ``incidents``, ``dropped`` (reason → count), ``mttr_hours``
    (mean time to restore of resolved incidents) and ``restore_fits`` (all incidents, best first:
    ``distribution``, ``parameters``, ``aic``, ``bic``, ``ks``, ``median_hours``, ``mean_hours``).
    """
    report = history.report
    times = time_summary(history)
    fits = fit_groups(history, "severity")
    all_fits, all_notes = fits.pop("all")
    return {
        "rows_read": report.rows_read,
        "incidents": report.incidents,
        "dropped": dict(report.dropped),
        "event_rows_collapsed": report.event_rows_collapsed,
        "mttr_hours": _clean(times.loc["all", "mttr_hours"]),
        "restore_fits": [f.to_dict() for f in all_fits],
        "fit_notes": all_notes,
        "restore_fits_by_severity": {k: {"fits": [f.to_dict() for f in v[0]], "notes": v[1]}
                                     for k, v in fits.items()},
        "times_by_severity": {k: {c: _clean(v) for c, v in row.items()}
                              for k, row in times.to_dict(orient="index").items()},
        "arrivals": arrival_rates(history, ("severity",)).to_dict(orient="records"),
        "off_hours_share": off_hours_share(history),
        "sla_attainment": sla_attainment(history),
        "import": {
            "preset": report.preset, "mapping": report.mapping, "file_type": report.file_type,
            "encoding": report.encoding, "delimiter": report.delimiter,
            "date_order": report.date_order, "date_formats": report.date_formats,
            "notes": report.notes,
        },
    }


def history_table(summary: dict) -> str:
    """A plain-text rendering of :func:`history_summary`."""
    imp = summary["import"]
    lines = [
        f"Import: {summary['rows_read']:,} rows read, {summary['incidents']:,} incidents kept "
        f"({summary['event_rows_collapsed']:,} event rows collapsed); preset {imp['preset']}, "
        f"{imp['file_type']}, encoding {imp['encoding'] or '-'}, dates {imp['date_order']}",
    ]
    dropped = summary["dropped"]
    lines.append("Dropped: " + (", ".join(f"{n:,} {r}" for r, n in dropped.items())
                                if dropped else "none"))
    lines += [f"Note: {n}" for n in imp["notes"]]
    lines.append("")
    lines.append(f"{'severity':10}{'incidents':>10}{'open':>6}{'MTTR h':>10}{'P50':>9}"
                 f"{'P90':>9}{'MTTA h':>9}")
    for sev, row in summary["times_by_severity"].items():
        def fmt(v: float | None) -> str:
            return "-" if v is None else f"{v:,.2f}"
        lines.append(f"{sev:10}{row['incidents']:>10,}{row['open']:>6}{fmt(row['mttr_hours']):>10}"
                     f"{fmt(row['mttr_p50']):>9}{fmt(row['mttr_p90']):>9}"
                     f"{fmt(row['mtta_hours']):>9}")
    lines.append("")
    lines.append(f"Off-hours share (outside weekdays 09:00-18:00): "
                 f"{100 * summary['off_hours_share']:.1f} %")
    if summary["sla_attainment"]:
        lines.append("SLA met: " + ", ".join(f"{k} {100 * v:.1f} %"
                                             for k, v in summary["sla_attainment"].items()))
    lines.append("")
    lines.append("Time-to-restore fits, all incidents (best first by AIC):")
    lines.append(f"{'distribution':14}{'AIC':>12}{'BIC':>12}{'KS':>8}{'median h':>11}"
                 f"{'mean h':>10}  parameters")
    for f in summary["restore_fits"]:
        params = ", ".join(f"{k}={v:.4g}" for k, v in f["parameters"].items() if k != "loc")
        lines.append(f"{f['distribution']:14}{f['aic']:>12,.1f}{f['bic']:>12,.1f}"
                     f"{f['ks']:>8.3f}{f['median_hours']:>11.2f}{f['mean_hours']:>10.2f}  "
                     f"{params}")
    lines += [f"Note: {n}" for n in summary["fit_notes"]]
    return "\n".join(lines)
