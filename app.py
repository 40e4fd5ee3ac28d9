"""Hoshu: the entry file only routes (pages live in pages/, the model in estimators/).

Each page is a module of ``pages/`` whose ``render()`` is registered here. A fresh server's first
request can bypass this file (Streamlit's legacy ``pages/`` discovery); pages/__init__.py, which
every route imports, sends it back here.
"""

import streamlit as st

from pages import (
    compare,
    cost_comparison,
    decision,
    downtime_recovery,
    editor,
    glossary,
    home,
    incident_history,
    presenter,
    workspace,
)
from pages._background import settle, start_run
from pages._shared import page, t


def pages() -> dict[str, list[st.Page]]:
    """Every page, grouped as the top menu shows them: each module's render() at its module's
    URL path. Four groups keep every page one click away at laptop widths."""
    return {
        t("Results"): [
            page(home, title=t("Home"), icon=":material/home:", default=True),
            page(cost_comparison, title=t("Cost comparison"), icon=":material/balance:"),
            page(downtime_recovery, title=t("Downtime & recovery"),
                 icon=":material/monitor_heart:"),
            page(presenter, title=t("Presenter"), icon=":material/slideshow:"),
        ],
        t("Decide"): [
            page(decision, title=t("Sensitivity & break-even"), icon=":material/tune:"),
            page(compare, title=t("Compare"), icon=":material/compare_arrows:"),
        ],
        t("Scenarios"): [
            page(workspace, title=t("Scenario library"), icon=":material/inventory_2:"),
            page(editor, title=t("Edit scenario"), icon=":material/edit:"),
            page(incident_history, title=t("Incident history"), icon=":material/history:"),
        ],
        t("Help"): [
            page(glossary, title=t("Glossary"), icon=":material/menu_book:"),
        ],
    }


def main() -> None:
    st.set_page_config(page_title=t("Hoshu — maintenance cost"), page_icon="🛠️", layout="wide")
    start_run()
    st.navigation(pages(), position="top").run()
    settle()  # the page's answers computed in the background: wait, then draw them


if __name__ == "__main__":
    main()
