"""Hoshu: the entry file only routes (pages live in pages/, the model in estimators/)."""

import streamlit as st


def main() -> None:
    st.set_page_config(page_title="Hoshu — maintenance cost", page_icon="🛠️", layout="wide")
    pages = [
        st.Page("pages/cost_comparison.py", title="Cost comparison", icon=":material/balance:",
                default=True),
        st.Page("pages/downtime_recovery.py", title="Downtime & recovery",
                icon=":material/monitor_heart:"),
        st.Page("pages/incident_history.py", title="Incident history",
                icon=":material/history:"),
        st.Page("pages/compare.py", title="Compare", icon=":material/compare_arrows:"),
        st.Page("pages/workspace.py", title="Scenario library",
                icon=":material/inventory_2:"),
        st.Page("pages/editor.py", title="Edit scenario", icon=":material/edit:"),
    ]
    st.navigation(pages, position="top").run()


if __name__ == "__main__":
    main()
