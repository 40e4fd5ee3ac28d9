"""Hoshu: the entry file only routes (pages live in pages/, the model in estimators/)."""

import streamlit as st

from pages._shared import t


def main() -> None:
    st.set_page_config(page_title=t("Hoshu — maintenance cost"), page_icon="🛠️", layout="wide")
    pages = [
        st.Page("pages/home.py", title=t("Home"), icon=":material/home:", default=True),
        st.Page("pages/cost_comparison.py", title=t("Cost comparison"), icon=":material/balance:"),
        st.Page("pages/downtime_recovery.py", title=t("Downtime & recovery"),
                icon=":material/monitor_heart:"),
        st.Page("pages/incident_history.py", title=t("Incident history"),
                icon=":material/history:"),
        st.Page("pages/decision.py", title=t("Sensitivity & break-even"),
                icon=":material/tune:"),
        st.Page("pages/compare.py", title=t("Compare"), icon=":material/compare_arrows:"),
        st.Page("pages/workspace.py", title=t("Scenario library"),
                icon=":material/inventory_2:"),
        st.Page("pages/editor.py", title=t("Edit scenario"), icon=":material/edit:"),
        st.Page("pages/presenter.py", title=t("Presenter"), icon=":material/slideshow:"),
        st.Page("pages/glossary.py", title=t("Glossary"), icon=":material/menu_book:"),
    ]
    st.navigation(pages, position="top").run()


if __name__ == "__main__":
    main()
