"""What an imported incident history says, as the history page shows it: the import report,
the analysis (monthly counts, weekly heat map, times, arrivals) and the time-to-restore fits."""

from __future__ import annotations

import streamlit as st

from estimators.history import IncidentHistory
from estimators.history.analysis import (
    arrival_rates,
    fit_groups,
    fit_start,
    monthly_counts,
    off_hours_share,
    restore_durations,
    sla_attainment,
    time_summary,
    weekly_heatmap,
)
from estimators.presentation.charts import (
    fit_ecdf_figure,
    heatmap_figure,
    monthly_figure,
    qq_figure,
)
from estimators.presentation.history_tables import (
    arrivals_table,
    dropped_table,
    fits_table,
    group_name,
    import_caption,
    times_table,
)
from pages._shared import lang, plain, t, translated_choice, tx

__all__ = ["show_analysis", "show_fits", "show_report"]


@st.cache_data(max_entries=8, show_spinner="Fitting distributions…")
def _fits(_history: IncidentHistory, key: tuple, by: str, start: str) -> dict:
    return fit_groups(_history, by, start=start)


def show_report(history: IncidentHistory) -> None:
    r = history.report
    c = st.columns(4)
    c[0].metric(t("Rows read"), f"{r.rows_read:,}")
    c[1].metric(t("Incidents kept"), f"{r.incidents:,}",
                help=t("One per incident after collapsing event-log rows."))
    c[2].metric(t("Event rows collapsed"), f"{r.event_rows_collapsed:,}")
    c[3].metric(t("Rows dropped"), f"{sum(r.dropped.values()):,}")
    st.caption(plain(import_caption(r, lang())))
    if r.dropped:
        st.dataframe(dropped_table(r, lang()), hide_index=True)
    for note in r.notes:
        st.info(tx(note), icon=":material/info:")


def show_analysis(history: IncidentHistory) -> None:
    st.subheader(t("What the history says"))
    left, right = st.columns(2)
    left.plotly_chart(monthly_figure(monthly_counts(history), lang()), width="stretch")
    right.plotly_chart(heatmap_figure(weekly_heatmap(history), lang()), width="stretch")
    c = st.columns(3)
    c[0].metric(t("Opened outside weekdays 09:00–18:00"),
                f"{100 * off_hours_share(history):.1f} %",
                help=t("The share that would page an on-call engineer under business hours."))
    sla = sla_attainment(history)
    c[1].metric(t("SLA met"), f"{100 * sla['all']:.1f} %" if sla else t("not recorded"))
    opened = history.incidents["opened"]
    c[2].metric(t("Time span of opened incidents"),
                t("{n:,} days", n=(opened.max() - opened.min()).days))
    st.markdown(t("**Times per severity** (MTTR = mean time to restore, MTTA = mean time to "
                  "acknowledge; P = percentiles, hours; see the [Glossary](/glossary))"))
    st.dataframe(times_table(time_summary(history), lang()))
    st.markdown(t("**Arrivals** per system and severity (rate per year; Poisson checked "
                  "against overdispersion)"))
    st.dataframe(arrivals_table(arrival_rates(history, ("system", "severity")), lang()),
                 hide_index=True)


def show_fits(history: IncidentHistory, key: tuple) -> None:
    st.subheader(t("Time-to-restore fits"))
    start = fit_start(history)
    by = translated_choice(st.radio, t("Fit separately by"), ["severity", "category"], t,
                           "history_by", horizontal=True,
                           help=t("Fit each severity (or category) on its own as well as all "
                                  "incidents together."))
    fits = _fits(history, key, by, start)
    group = st.selectbox(t("Group"), list(fits), format_func=lambda g: group_name(g, lang()),
                         key=f"history_group::{by}")
    candidates, notes = fits[group or "all"]
    for note in notes:
        st.warning(tx(note), icon=":material/warning:")
    if not candidates:
        return
    st.dataframe(fits_table(candidates, lang()), hide_index=True)
    hours = restore_durations(history, start, by, group).dropna().to_numpy()
    left, right = st.columns(2)
    left.plotly_chart(fit_ecdf_figure(hours, candidates, t("Observed vs fitted ({g})",
                                                           g=group_name(group or "all", lang())),
                                      lang()), width="stretch")
    right.plotly_chart(qq_figure(hours, candidates[0], lang()), width="stretch")
