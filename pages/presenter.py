"""Presenter mode: large figures, the charts that matter, a few inputs, nothing else."""

from __future__ import annotations

import streamlit as st

from estimators import compare_strategies
from estimators.presentation.charts import cost_by_line_figure, cumulative_figure
from pages import cost_comparison
from pages._shared import current_scenario, headline, lang, page, t

# Our own constant style sheet (no user text): hide the editing chrome, enlarge the figures.
PRESENTER_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stToolbar"] { display: none !important; }
[data-testid="stMetricValue"] { font-size: 3rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.3rem !important; }
h1 { font-size: 2.6rem !important; }
</style>"""


def render() -> None:
    st.html(PRESENTER_CSS)
    inputs, main = st.columns([1, 3], gap="large")
    with inputs:
        scenario = current_scenario(area=st.container())
    if scenario is None:
        return
    comparison = compare_strategies(scenario)
    with main:
        st.title(scenario.name)
        headline(comparison, scenario)
        st.plotly_chart(cost_by_line_figure(comparison, lang()), width="stretch",
                        key="presenter_lines")
        st.plotly_chart(cumulative_figure(comparison, lang()), width="stretch",
                        key="presenter_cumulative")
        st.page_link(page(cost_comparison), label=t("Leave presenter mode"),
                     icon=":material/close_fullscreen:")
