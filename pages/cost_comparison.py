"""Cost comparison: the three strategies side by side for the chosen scenario."""

from __future__ import annotations

import streamlit as st

from estimators import compare_strategies
from estimators.charts import cost_by_line_figure, cumulative_figure
from estimators.costs import build_cost_band
from pages._shared import NUMBER_FORMAT, current_scenario, ensure_routed, money


def render() -> None:
    ensure_routed()
    scenario = current_scenario()
    if scenario is None:
        return
    comparison = compare_strategies(scenario)
    currency = scenario.finance.currency
    cheapest = comparison.cheapest()

    st.title("Cost comparison")
    st.caption(
        f"{scenario.name} — expected cost per year of keeping maintenance in-house, outsourcing "
        f"it, or splitting it, with downtime costed at each system's business cost per hour. "
        f"Means from expected incident counts; the spread comes with the Monte Carlo engine."
    )
    cols = st.columns(len(comparison.strategies))
    for col, (strategy, costs) in zip(cols, comparison.strategies.items(), strict=True):
        gap = costs.annual_total - comparison.strategies[cheapest].annual_total
        col.metric(
            f"{strategy.label} (per year)", money(costs.annual_total, scenario),
            delta="cheapest" if strategy is cheapest else f"+{money(gap, scenario)}",
            delta_color="off" if strategy is cheapest else "inverse",
            delta_arrow="off" if strategy is cheapest else "auto",
            help=f"Expected annual cost including downtime and the transition spread over "
                 f"{comparison.horizon_years} years. "
                 f"{comparison.horizon_years}-year total {money(costs.horizon_total, scenario)}, "
                 f"NPV {money(costs.npv, scenario)}.",
        )
    for costs in comparison.strategies.values():
        for warning in costs.warnings:
            st.info(f"**{costs.strategy.label}:** {warning}", icon=":material/info:")

    left, right = st.columns([3, 2])
    left.plotly_chart(cost_by_line_figure(comparison), width="stretch", key="by_line")
    right.plotly_chart(cumulative_figure(comparison), width="stretch", key="cumulative")

    money_col = st.column_config.NumberColumn(format=NUMBER_FORMAT.get(currency, "localized"))
    table_cols = {s.label: money_col for s in comparison.strategies}
    a, b = st.columns(2)
    for column, by, title in ((a, "maintenance_type", "Maintenance type"),
                              (b, "asset_kind", "Asset kind")):
        table = comparison.breakdown(by).rename(index=str.capitalize).rename_axis(title)
        column.subheader(f"By {title.lower()} (per year)")
        column.dataframe(table, column_config=table_cols)
    horizon = comparison.horizon_years
    st.subheader(f"Over {horizon} years")
    st.dataframe(
        {
            "Strategy": [s.label for s in comparison.strategies],
            "Spend per year (excl. downtime)": [c.spend for c in comparison.strategies.values()],
            f"{horizon}-year total": [c.horizon_total for c in comparison.strategies.values()],
            "NPV": [c.npv for c in comparison.strategies.values()],
            "Outage-equivalent downtime (h/yr)": [
                c.outage_hours.sum() for c in comparison.strategies.values()
            ],
        },
        column_config={f"{horizon}-year total": money_col, "NPV": money_col,
                       "Spend per year (excl. downtime)": money_col,
                       "Outage-equivalent downtime (h/yr)": st.column_config.NumberColumn(
                           format="%.1f",
                           help="Expected hours of downtime a year, each incident weighted by "
                                "its severity's impact (an S2 hour counts 30 % by default).")},
        hide_index=True,
    )
    band = build_cost_band(scenario)
    if band is not None:
        build, low, high = band
        st.caption(
            f"Sanity check: Japanese rules of thumb put annual maintenance at about 5–15 % of the "
            f"original build cost — {money(low, scenario)} to {money(high, scenario)} a year for "
            f"these systems' build cost of {money(build, scenario)}. Compare with the spend "
            f"column above (sources disagree on the band; team salaries often exceed it for small "
            f"estates)."
        )
    with st.expander("About this scenario"):
        st.text(scenario.notes or "No notes.")
    with st.expander("How the figures are computed"):
        st.markdown(
            "- **Corrective** cost uses expected incidents per year × mean time to restore "
            "(detection + response + repair + travel); no queueing yet.\n"
            "- **Shared** costs (salaries, fees, tools) are split over maintenance types and "
            "systems pro rata to the hours each party works on them.\n"
            "- **Multi-year**: salaries, vendor prices and other costs escalate at their own "
            "rates; transition is paid up front; NPV discounts at the scenario's rate.\n"
            "- Run `python -m estimators costs FILE` for the same numbers on the command line."
        )


render()
