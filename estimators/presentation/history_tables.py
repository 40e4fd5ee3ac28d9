"""An incident history's tables in words, for the page: times per severity, arrivals, fits.

Headers name the quantity and its unit, distributions and verdicts are words, numbers have
separators (:func:`~estimators.presentation.calibration.shown_number`) and a missing value is
"—" — never a model key (``rate_per_year``, ``weibull_min``) or "None".
"""

from __future__ import annotations

import math
import re

import pandas as pd

from estimators.history.fitting import RestoreFit
from estimators.history.normalise import ImportReport
from estimators.history.presets import PRESETS
from estimators.presentation.calibration import MISSING, shown_number
from estimators.presentation.formatting import format_number
from estimators.presentation.i18n import tr
from estimators.presentation.labels import name_of

__all__ = ["arrivals_table", "dropped_table", "fits_table", "group_name", "import_caption",
           "times_table"]

TIME_COLUMNS = {
    "incidents": "Incidents", "open": "Still open",
    "mttr_hours": "MTTR (h)", "mttr_p50": "Restore P50 (h)", "mttr_p90": "Restore P90 (h)",
    "mttr_p95": "Restore P95 (h)", "mtta_hours": "MTTA (h)", "mtta_p50": "Acknowledge P50 (h)",
    "mtta_p90": "Acknowledge P90 (h)", "mtta_p95": "Acknowledge P95 (h)",
}
"""The columns of :func:`~estimators.history.analysis.time_summary`, in words."""

VERDICTS = {
    "overdispersed": "Overdispersed (bursts)",
    "consistent with Poisson": "Consistent with Poisson",
    "too few periods to test": "Too few periods to test",
}
"""The dispersion test's verdicts (:class:`~estimators.history.analysis.ArrivalCheck`)."""

PARAMETERS = {"s": "log-sd σ", "c": "shape", "a": "shape", "scale": "scale"}
"""scipy parameter names of the fitted families, in words (``loc`` is fixed at 0)."""


DATE_ORDERS = {
    "iso": "ISO (2024-12-31)", "yearfirst": "year first (2024/12/31)",
    "dayfirst": "day first (31/12)", "monthfirst": "month first (12/31)",
}
"""How the import read dates (``ImportReport.date_order``)."""

DELIMITERS = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}
"""Column delimiters of a text table."""

FILE_TYPES = {"csv": "CSV or TSV text", "xlsx": "Excel workbook", "parquet": "Parquet file"}
"""What kind of file was read (``ImportReport.file_type``)."""

_DATE_CODES = {"%Y": "YYYY", "%y": "YY", "%m": "MM", "%d": "DD", "%H": "hh", "%I": "hh",
               "%M": "mm", "%S": "ss", "%p": "AM/PM", "%b": "Mon"}


def _date_pattern(fmt: str, lang: str) -> str:
    """A parsing format as a reader sees it: ``%d-%m-%Y %H:%M`` → ``DD-MM-YYYY hh:mm``."""
    if fmt == "ISO8601":
        return "ISO 8601"
    if fmt.startswith("epoch"):
        return tr("seconds since 1970", lang) if fmt.endswith(" s") else tr(
            "milliseconds since 1970", lang)
    if fmt in ("-", "unrecognised"):
        return tr("not recognised", lang)
    return re.sub(r"%[a-zA-Z]", lambda m: _DATE_CODES.get(m.group(0), m.group(0)), fmt)


def import_caption(report: ImportReport, lang: str = "en") -> str:
    """How the file was read, in words: file type, encoding, delimiter, dates, export format."""
    formats = _listed([f"{name_of('history_field', field, lang)}: {_date_pattern(fmt, lang)}"
                       for field, fmt in report.date_formats.items()], lang)
    preset = PRESETS.get(report.preset)
    return tr("Read as {type}, encoding {encoding}, delimiter {delimiter}; dates {order} "
              "({formats}); export format: {preset}.", lang,
              type=tr(FILE_TYPES[report.file_type], lang),
              encoding=report.encoding or MISSING,
              delimiter=tr(DELIMITERS[report.delimiter], lang)
              if report.delimiter in DELIMITERS else MISSING,
              order=tr(DATE_ORDERS[report.date_order], lang), formats=formats or MISSING,
              preset=tr(preset.label, lang) if preset else report.preset)


def dropped_table(report: ImportReport, lang: str = "en") -> pd.DataFrame:
    """Rows the import dropped, by reason, in words."""
    return pd.DataFrame({tr("Reason", lang): [tr(r, lang) for r in report.dropped],
                         tr("Rows", lang): [format_number(n, lang)
                                            for n in report.dropped.values()]})


def group_name(group: str, lang: str = "en") -> str:
    """A fit or summary group: "All incidents" for ``"all"``, else the group's own name."""
    return tr("All incidents", lang) if group == "all" else str(group)


def _count(value: float, lang: str = "en") -> str:
    """A count with separators; "—" when missing."""
    return MISSING if value is None or not math.isfinite(value) else format_number(value, lang)


def times_table(summary: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """:func:`~estimators.history.analysis.time_summary` in words: hours with separators."""
    out = pd.DataFrame(index=[group_name(g, lang) for g in summary.index])
    out.index.name = tr("Severity", lang)
    for key in TIME_COLUMNS:
        shown = _count if key in ("incidents", "open") else shown_number
        out[tr(TIME_COLUMNS[key], lang)] = [shown(float(v), lang) for v in summary[key]]
    return out


def arrivals_table(rates: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """:func:`~estimators.history.analysis.arrival_rates` in words: span in days, rate a year,
    the dispersion test's statistic, p-value and verdict."""
    def p_value(v: float) -> str:
        return MISSING if not math.isfinite(v) else format_number(v, lang, 3)

    out = pd.DataFrame({
        tr("System", lang): rates["system"].astype(str),
        tr("Severity", lang): rates["severity"].astype(str),
        tr("Incidents", lang, context="count"): [_count(v, lang) for v in rates["incidents"]],
        tr("Span (days)", lang): [shown_number(v * 365.0, lang) for v in rates["span_years"]],
        tr("Incidents a year", lang): [shown_number(v, lang) for v in rates["rate_per_year"]],
        tr("Periods counted", lang): [_count(v, lang) for v in rates["periods"]],
        tr("Dispersion D", lang): [shown_number(v, lang) for v in rates["dispersion"]],
        tr("p-value", lang): [p_value(v) for v in rates["p_value"]],
        tr("Verdict", lang): [tr(VERDICTS[v], lang) for v in rates["verdict"]],
    })
    return out


def _parameters(fit: RestoreFit, lang: str) -> str:
    """The fit's parameters in words: "σ 1.21, scale 3.40 h" (scale in hours)."""
    parts = []
    for key, value in fit.parameters.items():
        if key == "loc":
            continue
        shown = shown_number(value, lang)
        parts.append(f"{tr(PARAMETERS[key], lang)} "
                     + (tr("{hours} h", lang, hours=shown) if key == "scale" else shown))
    return _listed(parts, lang)


def _listed(items: list[str], lang: str) -> str:
    """Items in a list, with the language's separator (", " or "、")."""
    return tr(", ", lang, context="between items").join(items)


def fits_table(fits: list[RestoreFit], lang: str = "en") -> pd.DataFrame:
    """Fitted time-to-restore distributions, best first: family in words, AIC, BIC, the KS
    statistic, median and mean in hours, open incidents (censored) and the parameters."""
    return pd.DataFrame([{
        tr("Distribution", lang): name_of("fit", f.distribution, lang),
        "AIC": format_number(f.aic, lang, 1),
        "BIC": format_number(f.bic, lang, 1),
        tr("KS statistic", lang): format_number(f.ks, lang, 3),
        tr("Median (h)", lang): shown_number(f.median_hours, lang),
        tr("Mean (h)", lang): shown_number(f.mean_hours, lang),
        tr("Still open (censored)", lang): format_number(f.censored, lang),
        tr("Parameters", lang): _parameters(f, lang),
    } for f in fits])
