"""Glossary: the words and the model behind the figures, in English and Japanese."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from estimators.presentation.glossary import TERMS
from pages._shared import lang, scenario_picker, t


def nines_table() -> pd.DataFrame:
    """Downtime allowed per year, month and week at each availability level."""
    levels = [0.99, 0.995, 0.999, 0.9995, 0.9999, 0.99999]
    rows = []
    for a in levels:
        down_h = (1 - a) * 8760
        rows.append({t("Availability"): f"{100 * a:g} %",
                     t("Downtime per year"): _duration(down_h),
                     t("per month"): _duration(down_h / 12),
                     t("per week"): _duration(down_h / 52.14)})
    return pd.DataFrame(rows)


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
