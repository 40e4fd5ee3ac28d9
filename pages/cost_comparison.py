"""Cost comparison: the three strategies side by side for the chosen scenario."""

from __future__ import annotations

import streamlit as st

from estimators import compare_strategies
from estimators.calendars.impact import has_impact_windows
from estimators.costs.expected import build_cost_band
from estimators.presentation.agreement import agreement_table
from estimators.presentation.charts import cost_by_line_figure, cumulative_figure
from estimators.presentation.comparison import breakdown_table
from estimators.presentation.operation import band_verdicts, maintenance_operation_frame
from pages._export import export_panel
from pages._runs import latest_run
from pages._scope_brief import scope_brief_box
from pages._shared import (
    NUMBER_FORMAT,
    current_view,
    headline,
    lang,
    money,
    notice,
    plain,
    strategy_label,
    t,
)

METHOD = ("- **Corrective** cost uses expected incidents per year × mean time to restore "
          "(detection + response + waiting for a free engineer + repair + travel, and the "
          "vendor's backlog): the mean of what the Downtime & recovery page simulates.\n"
          "- **Shared** costs (salaries, fees, tools) are split over maintenance types and "
          "systems pro rata to the hours each party works on them.\n"
          "- **Multi-year**: salaries, vendor prices and other costs escalate at their own rates; "
          "transition is paid up front; NPV discounts at the scenario's rate.\n"
          "- Run `python -m estimators costs FILE` for the same numbers on the command line.")


def render() -> None:
    view = current_view()
    if view is None:
        return
    scenario = view.scenario
    comparison = compare_strategies(scenario)
    currency = scenario.finance.currency
    st.title(t("Cost comparison"))
    st.caption(t("{name} — expected cost per year of keeping maintenance in-house, outsourcing "
                 "it, or splitting it, with downtime costed at each system's business cost per "
                 "hour. Means from expected incident counts; the spread is on Downtime & "
                 "recovery.", name=plain(scenario.name)))
    headline(comparison, scenario)
    simulated = latest_run(scenario)
    if simulated is not None:
        st.caption(t("The same model simulated (Downtime & recovery): the expected cost and the "
                     "simulated mean agree within sampling error."))
        st.dataframe(agreement_table(comparison, simulated, lang()), hide_index=True)
    for costs in comparison.strategies.values():
        for template, values in costs.notices:
            st.info(notice(costs.strategy, template, values), icon=":material/info:")

    left, right = st.columns([3, 2])
    left.plotly_chart(cost_by_line_figure(comparison, lang()), width="stretch", key="by_line")
    right.plotly_chart(cumulative_figure(comparison, lang()), width="stretch", key="cumulative")
    scope_brief_box(scenario, key="cost_comparison")

    money_col = st.column_config.NumberColumn(format=NUMBER_FORMAT.get(currency, "localized"))
    a, b = st.columns(2)
    for column, by, title in ((a, "maintenance_type", "Maintenance type"),
                              (b, "asset_kind", "Asset kind")):
        table = breakdown_table(comparison, by, lang())
        column.subheader(t("By {what} (per year)", what=t(title).lower()))
        column.dataframe(table, column_config={c: money_col for c in table.columns})
    horizon = comparison.horizon_years
    st.subheader(t("Over {n} years", n=horizon))
    total_col, spend_col, npv_col = t("{n}-year total", n=horizon), t(
        "Spend per year (excl. downtime)"), t("NPV")
    down_col = t("Outage-equivalent downtime (h/yr)")
    business_col = t("In business hours (h/yr)")
    st.dataframe(
        {
            t("Strategy"): [strategy_label(s) for s in comparison.strategies],
            spend_col: [c.spend for c in comparison.strategies.values()],
            total_col: [c.horizon_total for c in comparison.strategies.values()],
            npv_col: [c.npv for c in comparison.strategies.values()],
            down_col: [round(float(c.outage_hours.sum()), 1)
                       for c in comparison.strategies.values()],
            **({business_col: [round(float(c.business_hours.sum()), 1)
                               for c in comparison.strategies.values()]}
               if has_impact_windows(scenario) else {}),
        },
        column_config={total_col: money_col, npv_col: money_col, spend_col: money_col,
                       down_col: st.column_config.NumberColumn(
                           format="localized",
                           help=t("Expected hours of downtime a year, each incident weighted by "
                                  "its severity's impact (an S2 hour counts 30 % by default).")),
                       business_col: st.column_config.NumberColumn(
                           format="localized",
                           help=t("The part of that downtime inside the systems' "
                                  "business-impact hours (their operating hours)."))},
        hide_index=True,
    )
    st.subheader(t("Maintenance and operation (per year)"))
    frame = maintenance_operation_frame(comparison, lang())
    util = t("Team utilisation")
    st.dataframe(frame, hide_index=True, column_config={
        **{c: money_col for c in frame.columns[1:-1]},
        util: st.column_config.ProgressColumn(
            format="percent", min_value=0.0, max_value=1.0,
            help=t("Maintenance hours the team works ÷ the hours it has for maintenance (its "
                   "people's net hours × the maintenance share). Above 85 % there is no slack "
                   "for a bad month."))})
    st.caption(t("Operation (運用: backups, accounts, monitoring, help desk) is the team's "
                 "non-maintenance share of time. It stays when maintenance is outsourced, so it "
                 "is the same in every strategy; the strategies differ in maintenance and "
                 "downtime."))
    band = build_cost_band(scenario)
    if band is not None:
        build, low, high = band
        st.caption(t("Sanity check: Japanese rules of thumb put annual maintenance at about "
                     "5–15 % of the original build cost — {low} to {high} a year for these "
                     "systems' build cost of {build}. The rule describes maintenance contracts, "
                     "so it is held against the vendor contract and maintenance labour alone "
                     "(not operation or downtime); sources disagree on the band.",
                     low=money(low, scenario), high=money(high, scenario),
                     build=money(build, scenario))
                   + " " + " ".join(band_verdicts(comparison, scenario, lang())))
    with st.expander(t("About this scenario")):
        st.text(scenario.notes or t("No notes."))
    with st.expander(t("How the figures are computed")):
        st.markdown(t(METHOD))
    export_panel(view, simulated, key="cost_comparison")
