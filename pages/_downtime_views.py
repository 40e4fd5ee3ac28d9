"""The Downtime & recovery page's figures: the simulation's (:func:`show`) and, while it runs,
the expected model's (:func:`expected_preview`), marked as such."""

from __future__ import annotations

import streamlit as st

from estimators import Scenario, compare_strategies
from estimators.calendars.impact import business_availability, has_impact_windows
from estimators.engine.digest import Digest
from estimators.presentation.agreement import agreement_table
from estimators.presentation.charts import (
    availability_figure,
    breach_figure,
    cost_distribution_figure,
    downtime_histogram_figure,
    ttr_ecdf_figure,
)
from pages._export import export_panel
from pages._key_people import key_people_panel
from pages._shared import View, lang, money, notice, strategy_label, t

HOURS_PER_YEAR = 8_760.0


def expected_preview(scenario: Scenario) -> None:
    """Each strategy's expected downtime, availability and annual cost from the cost model (the
    mean the simulation estimates), drawn at once while the simulation runs and marked as the
    expected model's."""
    comparison = compare_strategies(scenario)
    st.caption(t("Expected model (the cost model’s means), shown until the simulated figures "
                 "are ready."))
    cols = st.columns(len(comparison.strategies))
    for col, (strategy, costs) in zip(cols, comparison.strategies.items(), strict=True):
        col.markdown(f"**{strategy_label(strategy)}**")
        hours = costs.outage_hours
        col.metric(t("Expected downtime (outage-equivalent h/yr)"), f"{float(hours.sum()):,.1f}")
        col.metric(t("Expected availability"),
                   f"{100 * float((1 - hours / HOURS_PER_YEAR).mean()):.3f} %")
        col.metric(t("Expected annual cost"), money(costs.annual_total, scenario))


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


def _percent(share: float) -> str:
    """A relative precision as "±1.2 %" / "±0.04 %", never "±0.0 %"."""
    pct = 100 * share
    if pct >= 1:
        return f"±{pct:.1f} %"
    return f"±{pct:.2g} %" if pct >= 0.01 else "< ±0.01 %"
