"""Incident history: upload an export, check the import, analyse it, fit it, calibrate."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from estimators.charts import fit_ecdf_figure, heatmap_figure, monthly_figure, qq_figure
from estimators.history import FIELDS, PRESETS, HistoryError, IncidentHistory, normalise
from estimators.history.analysis import (
    arrival_rates,
    fit_groups,
    monthly_counts,
    off_hours_share,
    sla_attainment,
    time_summary,
    weekly_heatmap,
)
from estimators.history.calibrate import calibrate
from estimators.history.reader import RawTable, read_table
from pages._shared import current_scenario, ensure_routed, set_calibrated

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "history" / (
    "servicenow_incident_event_log.csv")
MAX_UPLOAD_MB = 50
NONE = "(none)"


@st.cache_data(max_entries=8, show_spinner="Reading the file…")
def _read(raw: bytes, name: str) -> RawTable:
    return read_table(raw, name)


@st.cache_data(max_entries=8, show_spinner="Checking and collapsing incidents…")
def _normalise(_raw: RawTable, key: tuple, preset: str | None, mapping: tuple,
               order: str | None) -> IncidentHistory:
    return normalise(_raw, preset, dict(mapping), order)


@st.cache_data(max_entries=8, show_spinner="Fitting distributions…")
def _fits(_history: IncidentHistory, key: tuple, by: str, start: str) -> dict:
    return fit_groups(_history, by, start=start)


def source() -> tuple[bytes, str] | None:
    upload = st.file_uploader(
        "Incident export (CSV/TSV, Excel .xlsx or Parquet)", type=["csv", "tsv", "txt", "xlsx",
                                                                   "parquet"],
        max_upload_size=MAX_UPLOAD_MB, key="history_upload",
        help="Exports from ServiceNow, Jira Service Management, PagerDuty, Opsgenie, Zabbix or "
             "a spreadsheet. Japanese Excel CSV (CP932) is read as is. The file stays in this "
             f"session's memory; the limit is {MAX_UPLOAD_MB} MB.")
    if upload is not None:
        return upload.getvalue(), upload.name
    if st.toggle("Use the bundled ServiceNow sample (real, anonymised)", key="history_sample",
                 help="5,998 event rows of 890 incidents from a real ServiceNow instance "
                      "(Amaral et al., UCI repository, CC BY 4.0)."):
        return SAMPLE.read_bytes(), SAMPLE.name
    return None


def mapping_editor(raw: RawTable, detected: IncidentHistory | None) -> tuple:
    columns = [NONE, *raw.frame.columns]
    preset_keys = ["(detect)", *PRESETS]
    c1, c2 = st.columns(2)
    preset = c1.selectbox("Export format", preset_keys, key="history_preset",
                          format_func=lambda k: k if k == "(detect)" else PRESETS[k].label,
                          help="Which tool the export comes from; it decides the default "
                               "column for each field below.")
    order = c2.radio("Dates", ["auto", "dayfirst", "monthfirst"], horizontal=True,
                     key="history_order",
                     format_func={"auto": "Detect", "dayfirst": "Day first (31/12)",
                                  "monthfirst": "Month first (12/31)"}.get,
                     help="How to read dates such as 03/04/2024. Detection looks for a day "
                          "above 12; if none is found, day first is assumed.")
    guessed = detected.report.mapping if detected else {}
    mapping = {}
    cols = st.columns(3)
    for i, field in enumerate(FIELDS):
        current = guessed.get(field, NONE)
        choice = cols[i % 3].selectbox(
            f"{field}", columns, index=columns.index(current) if current in columns else 0,
            key=f"history_map::{field}", help=f"The export column holding '{field}'.")
        if choice != NONE and choice != guessed.get(field):
            mapping[field] = choice
    return (None if preset == "(detect)" else preset, tuple(sorted(mapping.items())),
            None if order == "auto" else order)


def show_report(history: IncidentHistory) -> None:
    r = history.report
    c = st.columns(4)
    c[0].metric("Rows read", f"{r.rows_read:,}")
    c[1].metric("Incidents kept", f"{r.incidents:,}",
                help="One per incident after collapsing event-log rows.")
    c[2].metric("Event rows collapsed", f"{r.event_rows_collapsed:,}")
    c[3].metric("Rows dropped", f"{sum(r.dropped.values()):,}")
    st.caption(f"Read as {r.file_type}, encoding {r.encoding or '—'}, delimiter "
               f"{repr(r.delimiter) if r.delimiter else '—'}, dates {r.date_order} "
               f"({', '.join(f'{k}: {v}' for k, v in r.date_formats.items())}); preset "
               f"{r.preset}.")
    if r.dropped:
        st.dataframe(pd.DataFrame({"reason": list(r.dropped), "rows": list(r.dropped.values())}),
                     hide_index=True)
    for note in r.notes:
        st.info(note, icon=":material/info:")


def show_analysis(history: IncidentHistory) -> None:
    st.subheader("What the history says")
    left, right = st.columns(2)
    left.plotly_chart(monthly_figure(monthly_counts(history)), width="stretch")
    right.plotly_chart(heatmap_figure(weekly_heatmap(history)), width="stretch")
    c = st.columns(3)
    c[0].metric("Opened outside weekdays 09:00–18:00", f"{100 * off_hours_share(history):.1f} %",
                help="The share that would page an on-call engineer under business hours.")
    sla = sla_attainment(history)
    c[1].metric("SLA met", f"{100 * sla['all']:.1f} %" if sla else "not recorded")
    opened = history.incidents["opened"]
    c[2].metric("Time span of opened incidents", f"{(opened.max() - opened.min()).days:,} days")
    times = time_summary(history).round(2)
    times.columns = [c.replace("_", " ").replace("hours", "(h)").upper() for c in times.columns]
    st.markdown("**Times per severity** (MTTR = mean time to restore, MTTA = mean time to "
                "acknowledge; P = percentiles, hours)")
    st.dataframe(times)
    st.markdown("**Arrivals** per system and severity (rate per year; Poisson checked against "
                "overdispersion)")
    st.dataframe(arrival_rates(history, ("system", "severity")).round(3), hide_index=True)


def show_fits(history: IncidentHistory, key: tuple) -> None:
    st.subheader("Time-to-restore fits")
    start = "acknowledged" if history.incidents["acknowledged"].notna().mean() > 0.5 else "opened"
    by = st.radio("Fit separately by", ["severity", "category"], horizontal=True,
                  key="history_by", help="Fit each severity (or category) on its own as well as "
                                         "all incidents together.")
    fits = _fits(history, key, by, start)
    group = st.selectbox("Group", list(fits), key=f"history_group::{by}")
    candidates, notes = fits[group or "all"]
    for note in notes:
        st.warning(note, icon=":material/warning:")
    if not candidates:
        return
    st.dataframe(pd.DataFrame([{
        "distribution": f.distribution, "AIC": f.aic, "BIC": f.bic, "KS": f.ks,
        "median (h)": f.median_hours, "mean (h)": f.mean_hours, "censored": f.censored,
        "parameters": ", ".join(f"{k}={v:.4g}" for k, v in f.parameters.items() if k != "loc"),
    } for f in candidates]).round(3), hide_index=True)
    d = history.incidents
    rows = slice(None) if group in (None, "all") else (d[by] == group).to_numpy()
    hours = ((d["resolved"] - d[start]).dt.total_seconds() / 3600.0)[rows].dropna()
    left, right = st.columns(2)
    left.plotly_chart(fit_ecdf_figure(hours.to_numpy(), candidates,
                                      f"Observed vs fitted ({group or 'all'})"), width="stretch")
    right.plotly_chart(qq_figure(hours.to_numpy(), candidates[0]), width="stretch")


def render() -> None:
    ensure_routed()
    scenario = current_scenario()
    st.title("Incident history")
    st.caption("Bring your own incident export: Hoshu checks it, shows what it says, fits "
               "time-to-restore distributions and calibrates the scenario from it.")
    picked = source()
    if picked is None:
        st.info("Upload an export, or use the bundled ServiceNow sample.", icon=":material/upload:")
        return
    raw_bytes, name = picked
    digest = hashlib.sha256(raw_bytes).hexdigest()
    try:
        raw = _read(raw_bytes, name)
    except HistoryError as exc:
        st.error(f"This file cannot be read: {exc}", icon=":material/error:")
        return
    with st.expander("Preview and column mapping", expanded=True):
        st.dataframe(raw.frame.head(20))
        try:
            detected = _normalise(raw, (digest,), None, (), None)
        except HistoryError:
            detected = None  # the user maps the columns below
        preset, mapping, order = mapping_editor(raw, detected)
    key = (digest, preset, mapping, order)
    try:
        history = _normalise(raw, key, preset, mapping, order)
    except HistoryError as exc:
        st.error(f"This file cannot be used as it is mapped: {exc}", icon=":material/error:")
        return
    show_report(history)
    show_analysis(history)
    show_fits(history, key)
    if scenario is not None and st.button(
            f"Apply to the scenario '{scenario.name}'", type="primary", key="history_apply",
            help="Sets incident rates and repair-time distributions from this history (the "
                 "best fit per severity). The other pages then use the calibrated scenario."):
        calibrated, notes = calibrate(scenario, history)
        set_calibrated(calibrated)
        st.success("Scenario calibrated. " + " ".join(f"{n}." for n in notes))


render()
