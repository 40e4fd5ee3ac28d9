"""Downtime & recovery: Monte Carlo spread of downtime, time to restore, breaches and cost."""

from __future__ import annotations

import streamlit as st

from estimators import Scenario, Strategy
from estimators.engine.limits import MAX_RUN_SECONDS
from estimators.engine.simulation import SimulationError, WorkLimitError, planned_run
from estimators.engine.work import duration
from estimators.queueing import UnstableQueueError
from pages._downtime_views import expected_preview, show
from pages._run_slots import queued_text
from pages._shared import current_view, plain, strategy_label, t, tx
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


def _ask(token: str | None) -> None:
    """Start (a token) or cancel (None) the full run: the buttons' callback."""
    if token is None:
        st.session_state.pop(RUNNING, None)
    else:
        st.session_state[RUNNING] = token


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
    early = st.empty()  # the expected model's figures until the simulation's replace them
    try:
        digests = finished(scenario, request)
        estimate = None
        if digests is None:
            with early.container():
                expected_preview(scenario)
            try:
                estimate = quick(scenario, request)
            except WorkLimitError as exc:  # too busy for one: the full run may still fit
                st.info(t("No quick estimate for this scenario: {e}", e=tx(exc)),
                        icon=":material/hourglass_disabled:")
        if digests is None and estimate == request:  # the whole run is a quick one
            digests = run(scenario, request)
        if digests is not None:
            with early.container():  # in its place: no figure of the last run stays behind
                show(scenario, digests, severity, view)
            return
        if estimate is not None:
            estimated = run(scenario, estimate)
            with early.container():
                show(scenario, estimated, severity, view, quick=True)
        _full_run(scenario, request, estimate, status)
    except (UnstableQueueError, SimulationError, ValueError) as exc:
        status.empty()
        early.empty()
        st.session_state.pop(RUNNING, None)
        st.error(t("This scenario cannot be simulated: {e}", e=tx(exc)), icon=":material/error:")
