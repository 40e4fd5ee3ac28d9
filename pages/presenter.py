"""Presenter mode: large figures, the charts that matter, a few inputs, nothing else.

The inputs (language, scenario, what-ifs, currency) sit in a column of the page, since the
sidebar is hidden; every figure answers a slider at once (expected costs, and the downtime of
the latest simulation of the scenario, else a quick estimate).
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from estimators import compare_strategies
from estimators.engine.simulation import SimulationError
from estimators.presentation.charts import cost_by_line_figure, cumulative_figure
from estimators.queueing import UnstableQueueError
from pages import cost_comparison
from pages._runs import latest_run
from pages._shared import current_view, headline, lang, page, plain, strategy_label, t, tx
from pages._simulation import QUICK_TRIALS, Request, quick, run

# Our own constant style sheet (no user text): hide the editing chrome, enlarge the figures,
# keep the title on one line.
PRESENTER_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stToolbar"] { display: none !important; }
[data-testid="stMetricValue"] { font-size: 2.6rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.2rem !important; }
h1 { font-size: 2.4rem !important; white-space: nowrap; overflow: hidden;
     text-overflow: ellipsis; }
</style>"""

CHART_FONT = 18
"""Chart text size in presenter mode (px): readable from the back of a meeting room."""


def _large(figure: go.Figure) -> go.Figure:
    """The figure with text sized for a projector."""
    return figure.update_layout(font_size=CHART_FONT, title_font_size=CHART_FONT + 4,
                                legend_font_size=CHART_FONT - 2)


def downtime_row(scenario) -> None:
    """Annual downtime per strategy, mean and P90: from the latest simulation of this exact
    scenario on this server, else a quick estimate (1,000 trial-years, fewer for a busy
    scenario; cached)."""
    digests = latest_run(scenario)
    try:
        digests = digests or run(scenario, quick(scenario, Request(QUICK_TRIALS, 0)))
    except (UnstableQueueError, SimulationError, ValueError) as exc:
        st.warning(t("This scenario cannot be simulated: {e}", e=tx(exc)),
                   icon=":material/warning:")
        return
    cols = st.columns(len(digests))
    for col, d in zip(cols, digests, strict=True):
        hours = d.summary.downtime_hours
        col.metric(t("{s}: downtime (h/yr)", s=strategy_label(d.strategy)),
                   f"{hours.mean:,.0f}",
                   delta=t("P90 {p90} h · P95 {p95} h", p90=f"{hours.p90:,.0f}",
                           p95=f"{hours.p95:,.0f}"),
                   delta_color="off", delta_arrow="off",
                   help=t("Mean annual downtime over {n:,} simulated years; 9 years in 10 "
                          "stay under the P90, 19 in 20 under the P95.", n=d.trials))


def render() -> None:
    st.html(PRESENTER_CSS)
    inputs, main = st.columns([1, 3], gap="large")
    with inputs:
        view = current_view(area=st.container())
    if view is None:
        return
    scenario = view.scenario
    comparison = compare_strategies(scenario)
    with main:
        st.title(plain(scenario.name))
        headline(comparison, scenario)
        downtime_row(scenario)
        st.plotly_chart(_large(cost_by_line_figure(comparison, lang())), width="stretch",
                        key="presenter_lines")
        st.plotly_chart(_large(cumulative_figure(comparison, lang())), width="stretch",
                        key="presenter_cumulative")
        st.page_link(page(cost_comparison), label=t("Leave presenter mode"),
                     icon=":material/close_fullscreen:")
