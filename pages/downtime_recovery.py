"""Downtime & recovery: Monte Carlo spread of downtime, time to restore, breaches and cost."""

from __future__ import annotations

import streamlit as st

from estimators import Scenario, Strategy, compare_strategies
from estimators.calendars.impact import business_availability, has_impact_windows
from estimators.engine.digest import Digest
from estimators.engine.limits import MAX_RUN_SECONDS
from estimators.engine.simulation import SimulationError, WorkLimitError, planned_run
from estimators.engine.work import duration
from estimators.presentation.agreement import agreement_table
from estimators.presentation.charts import (
    availability_figure,
    breach_figure,
    cost_distribution_figure,
    downtime_histogram_figure,
    ttr_ecdf_figure,
)
from estimators.queueing import UnstableQueueError
from pages._export import export_panel
from pages._key_people import key_people_panel
from pages._run_slots import queued_text
from pages._shared import (
    View,
    current_view,
    lang,
    money,
    notice,
    plain,
    strategy_label,
    t,
    tx,
)
from pages._simulation import (
    Request,
    estimated_seconds,
    finished,
    quick,
    run,
    share_done,
)

TRIAL_CHOICES = (1_000, 5_000, 10_000, 50_000, 100_000, 250_000, 1_000_000)
RUNNING = "mc_running"
"""Session key: the token of the full run the user asked for (until it finishes or is
cancelled)."""


def settings(scenario: Scenario) -> tuple[int, int, float | None, bool]:
    st.sidebar.subheader(t("Simulation"))
    trials = st.sidebar.select_slider(
        t("Trial-years per strategy"), TRIAL_CHOICES, value=10_000, key="trials",
        persist_state="session", format_func=lambda n: f"{n:,}",
        help=t("Each trial is one simulated year of incidents. More trials narrow the "
               "uncertainty of the estimates (see the precision note under the charts)."),
    )
    seed = st.sidebar.number_input(
        t("Random seed"), min_value=0, max_value=2**31 - 1, value=0, step=1, key="seed",
        persist_state="session",
        help=t("The same seed gives the same results, so a run can be reproduced and shared."),
    )
    stop = st.sidebar.checkbox(
        t("Stop at ±3 % precision"), value=False, key="stop_early", persist_state="session",
        help=t("End each strategy's run as soon as the mean and the P90 of total cost are "
               "known within ±3 % at 95 % confidence (after at least 1,000 trial-years)."),
    )
    ranges = len(scenario.uncertainty.inputs)
    uncertain = st.sidebar.checkbox(
        t("Sample the uncertain inputs ({n})", n=ranges), value=False, key="sample_inputs",
        persist_state="session", disabled=ranges == 0,
        help=t("Draw the scenario's uncertain inputs (ranges and rank correlations set in the "
               "scenario) anew for every simulated year, so the spread shows what is not known "
               "about the inputs as well as the incidents' own randomness. The scenario has "
               "none when this is greyed out: add them under uncertainty in the Edit scenario "
               "page's JSON tab."))
    return int(trials), int(seed), (0.03 if stop else None), bool(uncertain and ranges)


def show(scenario: Scenario, digests: list[Digest], severity: str,
         view: View | None = None, quick: bool = False) -> None:
    """The simulation's figures and charts; with ``view`` (the page's), the export panel too,
    its files holding these digests."""
    cur = scenario.finance.currency
    windows = has_impact_windows(scenario)
    cols = st.columns(len(digests))
    for col, d in zip(cols, digests, strict=True):
        s = d.summary
        col.markdown(f"**{strategy_label(d.strategy)}**")
        col.metric(t("Downtime (outage-equivalent h/yr)"), f"{s.downtime_hours.mean:,.1f}",
                   help=t("Mean over trial-years of the hours of downtime, each incident "
                          "weighted by its severity's impact factor."))
        col.metric(t("Downtime in a bad year: P90 / P95 (h/yr)"),
                   f"{s.downtime_hours.p90:,.1f} / {s.downtime_hours.p95:,.1f}",
                   help=t("9 years in 10 (19 in 20) have less downtime than this, summed over "
                          "the systems. Plan spare capacity and SLAs on these, not the mean."))
        col.metric(t("Availability (mean)"), f"{100 * s.availability_mean:.3f} %",
                   help=t("1 − outage-equivalent downtime / 8,760 h, averaged over systems "
                          "and trial-years. See the [Glossary](/glossary) for nines."))
        if windows:
            business = s.business_downtime_hours.mean
            col.metric(t("In business hours: downtime (h/yr) · availability"),
                       f"{business:,.1f} · "
                       f"{100 * business_availability(scenario, business):.3f} %",
                       help=t("The part of the downtime inside the systems' business-impact "
                              "hours (their operating hours), and availability counted over "
                              "those hours only."))
        col.metric(t("Total cost P90 (per year)"), money(s.total_cost.p90, scenario),
                   help=t("9 years in 10 cost less than this. Mean {mean}, CVaR95 (mean of the "
                          "worst 5 %) {cvar}.", mean=money(s.total_cost.mean, scenario),
                          cvar=money(s.total_cost_cvar95, scenario)))
        col.metric(t("Service credits received (mean/yr)"),
                   money(s.service_credits_mean, scenario),
                   help=t("Credits the vendor owes for missed targets, by the contract's "
                          "schedule and monthly cap. See the [Glossary](/glossary)."))
        col.metric(t("On-call pages per engineer-week"), f"{s.pages_per_engineer_week:.2f}",
                   help=t("Off-hours pages shared over the team; {share} % of them between "
                          "22:00 and 05:00.", share=f"{100 * s.night_page_share:.0f}"))
    for d in digests:
        for template, values in d.summary.notices:
            st.info(notice(d.strategy, template, values),
                    icon=":material/info:")
    key_people_panel(scenario, digests, key="quick" if quick else "full")
    left, right = st.columns(2)
    left.plotly_chart(downtime_histogram_figure(digests, lang()), width="stretch")
    right.plotly_chart(availability_figure(digests, lang()), width="stretch")
    left, right = st.columns(2)
    left.plotly_chart(ttr_ecdf_figure(digests, severity, lang()), width="stretch")
    right.plotly_chart(breach_figure(digests, lang()), width="stretch")
    st.plotly_chart(cost_distribution_figure(digests, cur, lang()), width="stretch")
    st.caption(t("The same model in expectation (Cost comparison): the simulated mean and the "
                 "expected cost agree within sampling error."))
    st.dataframe(agreement_table(compare_strategies(scenario), digests, lang()),
                 hide_index=True)
    notes = "; ".join(
        t("{s}: mean {mean}, P90 {p90}", s=strategy_label(d.strategy),
          mean=_percent(d.summary.convergence.mean), p90=_percent(d.summary.convergence.p90))
        for d in digests)
    runs = ", ".join(f"{strategy_label(d.strategy)} {d.trials:,}" for d in digests)
    st.caption((t("Quick estimate. ") if quick else "") + t(
        "Trial-years run: {runs}. Precision of total cost at 95 % confidence — {notes}.",
        runs=runs, notes=notes))
    if view is not None:
        export_panel(view, digests, key="downtime_recovery")


def _ask(token: str | None) -> None:
    """Start (a token) or cancel (None) the full run: the buttons' callback."""
    if token is None:
        st.session_state.pop(RUNNING, None)
    else:
        st.session_state[RUNNING] = token


def _percent(share: float) -> str:
    """A relative precision as "±1.2 %" / "±0.04 %", never "±0.0 %"."""
    pct = 100 * share
    if pct >= 1:
        return f"±{pct:.1f} %"
    return f"±{pct:.2g} %" if pct >= 0.01 else "< ±0.01 %"


def _full_run(scenario: Scenario, request: Request, estimate: Request | None, area) -> None:
    """Offer the full run (after the quick ``estimate``, None when there is none), or run it
    with progress and a Cancel button, in ``area``. A full run over its budget of work is
    refused before it is offered (SimulationError; planned with the inputs as given: sampled
    inputs are checked when the run starts)."""
    token = request.token(scenario)
    if st.session_state.get(RUNNING) not in (None, token):
        st.session_state.pop(RUNNING)  # asked for other inputs: the user has moved on
    done = share_done(scenario, request)
    if st.session_state.get(RUNNING) != token:
        for strategy in Strategy:
            planned_run(scenario, strategy, request.trials, request.seed,
                        max_seconds=MAX_RUN_SECONDS)
        seconds = estimated_seconds(scenario, request)
        parts = [] if estimate is None else [
            t("Quick estimate from {quick:,} trial-years per strategy.", quick=estimate.trials)]
        if seconds is not None:
            parts.append(t("The full run of {n:,} trial-years per strategy takes about {s}.",
                           n=request.trials, s=tx(duration(seconds))))
        if done > 0:
            parts.append(t("{p} % of it is done already.", p=f"{100 * done:.0f}"))
        with area.container(border=True):
            st.markdown(" ".join(parts))
            st.button(t("Continue the full simulation") if done > 0 else
                      t("Run the full simulation"), on_click=_ask, args=(token,),
                      type="primary", icon=":material/play_arrow:", key="mc_run")
        return
    with area.container(border=True):
        bar = st.progress(done, text=t("Simulating…"))
        st.button(t("Cancel"), on_click=_ask, args=(None,), icon=":material/stop:",
                  key="mc_cancel", help=t("Stops the run; what is finished is kept, and "
                                          "Continue carries on from there."))

    def progress(share: float, strategy: Strategy, trials: int) -> None:
        bar.progress(share, text=t("Simulating {s}: {done:,} of {total:,} trial-years",
                                   s=strategy_label(strategy), done=trials,
                                   total=request.trials))

    run(scenario, request, progress, waiting=lambda ahead: bar.progress(
        done, text=queued_text(ahead)))
    st.session_state.pop(RUNNING, None)
    st.rerun()  # the page finds the full run in the store


def render() -> None:
    view = current_view()
    if view is None:
        return
    scenario = view.scenario
    request = Request(*settings(scenario))
    severity = st.sidebar.segmented_control(
        t("Severity for the time-to-restore chart"), ["S1", "S2", "S3"], default="S1",
        key="ecdf_severity", persist_state="session",
        help=t("S1 outage, S2 degraded, S3 minor. The chart's dashed line is the restore "
               "target."))
    severity = severity or "S1"
    st.title(t("Downtime & recovery"))
    st.caption(t("{name} — simulated years of incidents under each strategy: how much "
                 "downtime, how fast recovery, how often targets are missed, and the spread of "
                 "cost.", name=plain(scenario.name)))
    status = st.empty()  # the full run's offer or progress, above the figures
    try:
        digests = finished(scenario, request)
        estimate = None
        if digests is None:
            try:
                estimate = quick(scenario, request)
            except WorkLimitError as exc:  # too busy for one: the full run may still fit
                st.info(t("No quick estimate for this scenario: {e}", e=tx(exc)),
                        icon=":material/hourglass_disabled:")
        if digests is None and estimate == request:  # the whole run is a quick one
            digests = run(scenario, request)
        if digests is not None:
            show(scenario, digests, severity, view)
            return
        if estimate is not None:
            show(scenario, run(scenario, estimate), severity, view, quick=True)
        _full_run(scenario, request, estimate, status)
    except (UnstableQueueError, SimulationError, ValueError) as exc:
        status.empty()
        st.session_state.pop(RUNNING, None)
        st.error(t("This scenario cannot be simulated: {e}", e=tx(exc)), icon=":material/error:")
