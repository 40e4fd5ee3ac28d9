"""The scope advice on a first screen (Home, Cost comparison): what to keep in-house, its
saving and risk, and a link to the matrix with a reason per cell."""

from __future__ import annotations

import streamlit as st

from estimators import Scenario
from estimators.decisions.optimise.scope import OBJECTIVES
from estimators.engine.simulation import SimulationError
from estimators.presentation.scope_brief import scope_brief
from estimators.queueing import UnstableQueueError
from pages import decision
from pages._optimise import scope_result, scope_too_large
from pages._shared import lang, page, plain, t, tx


def scope_brief_box(scenario: Scenario, key: str) -> None:
    """A bordered box with the recommended split; computed once per scenario in the
    background (several seconds on the samples, kept for every session), so the page's other
    numbers are drawn at once and the box fills in when the answer is ready."""
    with st.container(border=True):
        st.subheader(t("What to keep in-house"))
        if (reason := scope_too_large(scenario, "brief")) is not None:
            st.info(reason, icon=":material/info:")
            st.page_link(page(decision), label=t("See the matrix and the reason for each cell"),
                         icon=":material/grid_on:", query_params={"tab": "optimise"})
            return
        try:
            result = scope_result(scenario, OBJECTIVES[0], "pro_rata",
                                  scenario.availability_target)
        except (SimulationError, UnstableQueueError, ValueError) as exc:
            st.warning(tx(exc), icon=":material/warning:")
            return
        if result is None:  # computed in the background; the page reruns when it is ready
            st.caption(t("Trying splits of the work…"))
            return
        brief = scope_brief(result, lang())
        st.markdown(t("**Keep in-house** — {kept}", kept=plain(brief.kept)))
        c = st.columns(3)
        c[0].metric(t("Recommended split (per year)"), brief.cost,
                    delta=(t("saves {m}", m=brief.saving) if brief.saves
                           else t("+{m} over the split as entered", m=brief.saving)),
                    delta_color="normal" if brief.saves else "inverse", delta_arrow="off",
                    help=t("Expected annual cost of the split the optimiser recommends, against "
                           "the hybrid split as entered."))
        c[1].metric(t("P90 cost (per year)"), brief.p90,
                    help=t("Simulated annual cost exceeded one year in ten (the split as "
                           "entered: {p90}).", p90=brief.p90_entered))
        c[2].metric(t("Weakest system availability"), brief.weakest,
                    help=t("Expected availability of the weakest system under this split; "
                           "the scenario's target is {target}.", target=brief.target or "—"))
        st.caption(plain(brief.summary))
        st.page_link(page(decision), label=t("See the matrix and the reason for each cell"),
                     icon=":material/grid_on:", query_params={"tab": "optimise"})
