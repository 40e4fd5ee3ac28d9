"""Glossary: the words and the model behind the figures, in English and Japanese."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from estimators.presentation.availability import allowed_downtime
from estimators.presentation.glossary import TERMS
from pages._shared import lang, scenario_picker, t


def nines_table() -> pd.DataFrame:
    """Downtime allowed per year, month and week at each availability level."""
    hours = allowed_downtime()
    return pd.DataFrame({t("Availability"): [f"{100 * a:g} %" for a in hours["availability"]],
                         t("Downtime per year"): hours["per_year"].map(_duration),
                         t("per month"): hours["per_month"].map(_duration),
                         t("per week"): hours["per_week"].map(_duration)})


def _duration(hours: float) -> str:
    if hours >= 1:
        return t("{h:.2f} h", h=hours)
    return t("{m:.1f} min", m=hours * 60)


def render() -> None:
    scenario_picker()
    st.title(t("Glossary"))
    for title, body in TERMS[lang()]:
        st.subheader(title)
        st.markdown(body)
        if title in ("Availability and nines", "可用性とナイン"):
            st.dataframe(nines_table(), hide_index=True)
