"""Incident history: upload an export, check the import, analyse it, fit it, calibrate."""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from estimators import Scenario
from estimators.history import FIELDS, PRESETS, HistoryError, IncidentHistory, normalise
from estimators.history.calibrate import MISMATCH_FACTOR, calibration_preview
from estimators.history.isolate import read_upload
from estimators.history.plan import CalibrationPlan
from estimators.history.reader import RawTable
from estimators.presentation.calibration import (
    SERIOUS,
    finding_text,
    mapping_problem,
    plan_table,
    read_problem,
)
from estimators.presentation.labels import name_of
from pages._history_views import show_analysis, show_fits, show_report
from pages._shared import (
    current_view,
    lang,
    plain,
    set_calibrated,
    t,
    translated_choice,
)

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "history" / (
    "servicenow_incident_event_log.csv")
MAX_UPLOAD_MB = 50
NONE = "(none)"


@st.cache_data(max_entries=8, show_spinner="Reading the file…")
def _read(raw: bytes, name: str) -> RawTable:
    """The upload as text cells; a large one is parsed in a child process so that this
    session's parse cannot stall the others (:mod:`estimators.history.isolate`)."""
    return read_upload(raw, name)


@st.cache_data(max_entries=8, show_spinner="Checking and collapsing incidents…")
def _normalise(_raw: RawTable, key: tuple, preset: str | None, mapping: tuple,
               order: str | None) -> IncidentHistory:
    return normalise(_raw, preset, dict(mapping), order)


@st.cache_data(max_entries=8, show_spinner="Comparing the history with the scenario…")
def _preview(_scenario: Scenario, scenario_json: str, _history: IncidentHistory,
             key: tuple) -> CalibrationPlan:
    return calibration_preview(_scenario, _history)


def source() -> tuple[bytes, str] | None:
    upload = st.file_uploader(
        t("Incident export (CSV/TSV, Excel .xlsx or Parquet)"), type=["csv", "tsv", "txt", "xlsx",
                                                                   "parquet"],
        max_upload_size=MAX_UPLOAD_MB, key="history_upload",
        help=t("Exports from ServiceNow, Jira Service Management, PagerDuty, Opsgenie, Zabbix or "
               "a spreadsheet. Japanese Excel CSV (CP932) is read as is. The file stays in this "
               "session's memory; the limit is {mb} MB.", mb=MAX_UPLOAD_MB))
    if upload is not None:
        return upload.getvalue(), upload.name
    if st.toggle(t("Use the bundled ServiceNow sample (real, anonymised)"),
                 key="history_sample",
                 help=t("5,998 event rows of 890 incidents opened over less than three days at "
                        "a large real ServiceNow service desk (Amaral et al., UCI repository, "
                        "CC BY 4.0).")):
        return SAMPLE.read_bytes(), SAMPLE.name
    return None


def mapping_editor(raw: RawTable, detected: IncidentHistory | None) -> tuple:
    """The export format, the date order and one drop-down per field: (preset, mapping, order),
    the mapping holding only the user's changes to what was detected."""
    columns = [NONE, *raw.frame.columns]
    preset_keys = ["(detect)", *PRESETS]
    c1, c2 = st.columns(2)
    preset = translated_choice(c1.selectbox, t("Export format"), preset_keys,
                               lambda k: t("(detect)") if k == "(detect)"
                               else t(PRESETS[k].label), "history_preset",
                               help=t("Which tool the export comes from; it decides the default "
                                 "column for each field below."))
    order = translated_choice(c2.radio, t("Dates"), ["auto", "dayfirst", "monthfirst"],
                              lambda o: t({"auto": "Detect", "dayfirst": "Day first (31/12)",
                                           "monthfirst": "Month first (12/31)"}[o]),
                              "history_order", horizontal=True,
                              help=t("How to read dates such as 03/04/2024. Detection looks "
                                     "for a day above 12; if none is found, day first is "
                                     "assumed."))
    guessed = detected.report.mapping if detected else {}
    mapping = {}
    cols = st.columns(3)
    for i, field in enumerate(FIELDS):
        current = guessed.get(field, NONE)
        label = name_of("history_field", field, lang())
        choice = cols[i % 3].selectbox(
            label, columns, index=columns.index(current) if current in columns else 0,
            format_func=lambda c: t("(not in the file)") if c == NONE else c,
            key=f"history_map::{field}",
            help=t("The export column holding '{field}'.", field=label))
        if choice != NONE and choice != guessed.get(field):
            mapping[field] = choice
    return (None if preset == "(detect)" else preset, tuple(sorted(mapping.items())),
            None if order == "auto" else order)


def show_calibration(scenario: Scenario, history: IncidentHistory, key: tuple) -> None:
    """The preview of what calibration would change, and the explicit Apply (nothing changes
    before it is pressed)."""
    st.subheader(t("Calibrate the scenario"))
    st.caption(t("What this history would change in '{name}', per system and severity (S1 "
                 "outage, S2 degraded, S3 minor). Nothing changes until you press Apply.",
                 name=plain(scenario.name)))
    plan = _preview(scenario, scenario.model_dump_json(), history, key)
    for finding in plan.findings:
        show = st.warning if finding.code in SERIOUS else st.info
        show(plain(finding_text(finding, lang())),
             icon=":material/warning:" if finding.code in SERIOUS else ":material/info:")
    st.dataframe(plan_table(plan, lang()), hide_index=True)
    confirmed = plan.needs_confirmation and st.checkbox(
        t("Also apply the figures marked 'Apply if you confirm'"), key="history_confirm",
        help=t("They differ from the scenario's by more than {factor:,.0f} times either way: "
               "more likely another scope or another measure than a correction. Apply them only "
               "if the history really describes these systems.", factor=MISMATCH_FACTOR))
    rates, repairs = plan.counts(confirmed)
    if not rates + repairs:
        st.caption(t("Nothing to apply: every figure keeps the scenario's value."))
    if st.button(t("Apply to the scenario '{name}'", name=plain(scenario.name)), type="primary",
                 key="history_apply", disabled=not rates + repairs,
                 help=t("Sets the incident rates and repair times marked above from this "
                        "history. The other pages then use the calibrated scenario; the sidebar "
                        "takes you back to the scenario's own figures.")):
        set_calibrated(plan.apply(scenario, confirmed))
        st.success(t("Scenario calibrated: {rates} incident rate(s) and {repairs} repair "
                     "time(s) now come from the history.", rates=rates, repairs=repairs))


def render() -> None:
    view = current_view()
    st.title(t("Incident history"))
    st.caption(t("Bring your own incident export: Hoshu checks it, shows what it says, fits "
                 "time-to-restore distributions and calibrates the scenario from it."))
    picked = source()
    if picked is None:
        st.info(t("Upload an export, or use the bundled ServiceNow sample."),
                icon=":material/upload:")
        return
    raw_bytes, name = picked
    digest = hashlib.sha256(raw_bytes).hexdigest()
    try:
        raw = _read(raw_bytes, name)
    except HistoryError as exc:
        st.error(read_problem(exc, lang()), icon=":material/error:")
        return
    with st.expander(t("Preview and column mapping"), expanded=True):
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
        st.error(mapping_problem(exc, lang()), icon=":material/error:")
        return
    show_report(history)
    show_analysis(history)
    show_fits(history, key)
    if view is not None:
        show_calibration(view.base, history, key)
