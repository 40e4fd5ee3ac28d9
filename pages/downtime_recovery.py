"""Downtime & recovery: Monte Carlo spread of downtime, time to restore, breaches and cost."""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager

import streamlit as st

from estimators import Scenario, Strategy, compare_strategies
from estimators.engine.digest import Digest, digest
from estimators.engine.simulation import SimulationError, simulate
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
from pages._runs import run_keys, runs
from pages._shared import View, current_scenario, lang, money, strategy_label, t, tx

TRIAL_CHOICES = (1_000, 5_000, 10_000, 50_000, 100_000, 250_000, 1_000_000)
QUICK_TRIALS = 1_000


@st.cache_resource
def _slots() -> threading.BoundedSemaphore:
    """Simulations running at once on this server, all sessions together: one per core (each
    run already uses two threads). More would only share the cores and add up the memory."""
    return threading.BoundedSemaphore(max(1, (os.cpu_count() or 2) // 2))


def _finished(scenario: Scenario, trials: int, seed: int, precision: float | None,
              uncertain: bool) -> bool:
    """Whether every strategy of this run is in the shared store."""
    return all(key in runs() for key in run_keys(scenario, trials, seed, precision,
                                                uncertain).values())


@contextmanager
def _slot(trials: int, bar=None):
    """Hold one of the server's simulation slots (a quick estimate never waits for one)."""
    if trials <= QUICK_TRIALS:
        yield
        return
    slots = _slots()
    if not slots.acquire(blocking=False):
        if bar is not None:
            bar.progress(0.0, text=t("Waiting for another simulation on this server to "
                                     "finish…"))
        slots.acquire()
    try:
        yield
    finally:
        slots.release()


def _run(scenario: Scenario, trials: int, seed: int, precision: float | None,
         uncertain: bool = False, bar=None) -> list[Digest]:
    """One digest per strategy: from the shared store, the missing ones simulated now."""
    keys = run_keys(scenario, trials, seed, precision, uncertain)
    store = runs()
    digests = {strategy: store.get(key) for strategy, key in keys.items()}
    missing = [strategy for strategy, found in digests.items() if found is None]
    if missing:
        with _slot(trials, bar):
            for i, strategy in enumerate(missing):
                def report(done: int, total: int, i: int = i,
                           strategy: Strategy = strategy) -> None:
                    if bar is not None:
                        bar.progress((i + done / total) / len(missing),
                                     text=t("Simulating {s}: {done:,} of {total:,} trial-years",
                                            s=strategy_label(strategy), done=done, total=total))
                result = simulate(scenario, strategy, trials, seed, keep_incidents=False,
                                  target_precision=precision, progress=report,
                                  uncertainty=uncertain)
                digests[strategy] = digest(scenario, result)
                store.put(keys[strategy], digests[strategy])
    return [digests[strategy] for strategy in Strategy]


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
         view: View | None = None) -> None:
    """The simulation's figures and charts; with ``view`` (the page's), the export panel too,
    its files holding these digests."""
    cur = scenario.finance.currency
    cols = st.columns(len(digests))
    for col, d in zip(cols, digests, strict=True):
        s = d.summary
        col.markdown(f"**{strategy_label(d.strategy)}**")
        col.metric(t("Downtime (outage-equivalent h/yr)"), f"{s.downtime_hours.mean:,.1f}",
                   help=t("Mean over trial-years of the hours of downtime, each incident "
                          "weighted by its severity's impact factor."))
        col.metric(t("Availability (mean)"), f"{100 * s.availability_mean:.3f} %",
                   help=t("1 − outage-equivalent downtime / 8,760 h, averaged over systems "
                          "and trial-years. See the [Glossary](/glossary) for nines."))
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
        t("{s}: mean ±{mean} %, P90 ±{p90} %", s=strategy_label(d.strategy),
          mean=f"{100 * d.summary.convergence.mean:.1f}",
          p90=f"{100 * d.summary.convergence.p90:.1f}") for d in digests)
    runs = ", ".join(f"{strategy_label(d.strategy)} {d.trials:,}" for d in digests)
    st.caption(t("Trial-years run: {runs}. Precision of total cost at 95 % confidence — "
                 "{notes}.", runs=runs, notes=notes))
    if view is not None:
        export_panel(view, digests, key="downtime_recovery")


def render() -> None:
    scenario = current_scenario()
    if scenario is None:
        return
    trials, seed, precision, uncertain = settings(scenario)
    severity = st.sidebar.segmented_control(
        t("Severity for the time-to-restore chart"), ["S1", "S2", "S3"], default="S1",
        key="ecdf_severity", persist_state="session",
        help=t("S1 outage, S2 degraded, S3 minor. The chart's dashed line is the restore "
               "target."))
    severity = severity or "S1"
    st.title(t("Downtime & recovery"))
    st.caption(t("{name} — simulated years of incidents under each strategy: how much "
                 "downtime, how fast recovery, how often targets are missed, and the spread of "
                 "cost.", name=scenario.name))
    try:
        if trials <= QUICK_TRIALS or _finished(scenario, trials, seed, precision, uncertain):
            show(scenario, _run(scenario, trials, seed, precision, uncertain), severity)
            return
        # Not run yet: show a quick estimate at once, run the full simulation with progress,
        # then rerun the page, which finds the full result in the store.
        bar = st.progress(0.0, text=t("Simulating…"))
        st.info(t("Quick estimate from {quick:,} trial-years while the full run of {n:,} "
                  "finishes…", quick=QUICK_TRIALS, n=trials), icon=":material/timer:")
        show(scenario, _run(scenario, QUICK_TRIALS, seed, None, uncertain), severity)
        _run(scenario, trials, seed, precision, uncertain, bar)
    except (UnstableQueueError, SimulationError, ValueError) as exc:
        st.error(t("This scenario cannot be simulated: {e}", e=tx(exc)), icon=":material/error:")
        return
    st.rerun()
