"""Downloads of what a results page shows: workbook, HTML report and cost table.

Every file is made from the page's :class:`~pages._shared.View`: the scenario with the what-if
values applied, in the display currency, the what-ifs listed, in the session's language, and,
on the Downtime & recovery page, with the simulation shown. Building a workbook or a report
takes about 0.3-0.8 s on the samples (the report embeds plotly.js), too long for every rerun, so
each file is built when its button is clicked. Streamlit runs that on another thread, outside
the script run, where the session's state and language cannot be read: everything a file needs,
the language included, is taken now and handed to the builder as values.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import streamlit as st

from estimators import Scenario, compare_strategies
from estimators.engine.digest import Digest
from estimators.presentation.export import XLSX_MIME, cost_csv, excel_bytes
from estimators.presentation.report import html_report
from estimators.presentation.whatifs import WhatIfRow, what_if_rows
from estimators.scenario.library import safe_filename
from pages._shared import View, lang, t

__all__ = ["costs", "export_panel", "report", "workbook"]


def workbook(scenario: Scenario, what_ifs: Sequence[WhatIfRow],
             digests: Sequence[Digest] | None, language: str) -> bytes:
    """The Excel workbook of ``scenario`` (as shown) in ``language``."""
    return excel_bytes(scenario, compare_strategies(scenario), lang=language,
                       what_ifs=what_ifs, digests=digests)


def report(scenario: Scenario, what_ifs: Sequence[WhatIfRow],
           digests: Sequence[Digest] | None, language: str) -> str:
    """The self-contained HTML report of ``scenario`` (as shown) in ``language``."""
    return html_report(scenario, compare_strategies(scenario), digests, language,
                       what_ifs=what_ifs)


def costs(scenario: Scenario, language: str) -> str:
    """The cost detail of ``scenario`` (as shown) as CSV, headers and names in ``language``."""
    return cost_csv(compare_strategies(scenario), language)


def export_panel(view: View, digests: Sequence[Digest] | None = None, *, key: str) -> None:
    """Download buttons for the workbook, the report and the cost CSV of what the page shows.

    ``digests`` is the simulation the page shows (one per strategy), summarised in both files;
    ``key`` tells this page's buttons from another's.
    """
    language = lang()  # read here, in the script run: the builders run outside it
    scenario = view.scenario
    rows = what_if_rows(view.base_what_if, view.what_if, view.base.finance.currency, language)
    shown = tuple(digests) if digests else None
    st.subheader(t("Export what you see"))
    if rows:
        st.caption(t("The files hold the figures on this page: the scenario with {n} what-if "
                     "change(s) applied and listed, amounts in {c}.", n=len(rows),
                     c=scenario.finance.currency))
    else:
        st.caption(t("The files hold the figures on this page: the scenario as saved, amounts "
                     "in {c}.", c=scenario.finance.currency))
    files = (
        (t("Excel workbook"), partial(workbook, scenario, rows, shown, language), ".xlsx",
         XLSX_MIME, "xlsx", ":material/table_view:", None),
        (t("HTML report"), partial(report, scenario, rows, shown, language), ".html",
         "text/html", "html", ":material/description:",
         t("Interactive, self-contained; print it to PDF.")),
        (t("Cost table (CSV)"), partial(costs, scenario, language), "-costs.csv", "text/csv",
         "csv", ":material/download:", None),
    )
    for column, (label, build, suffix, mime, kind, icon, help_text) in zip(
            st.columns(len(files)), files, strict=True):
        column.download_button(label, build, file_name=safe_filename(scenario.name, suffix),
                               mime=mime, on_click="ignore", key=f"export_{kind}::{key}",
                               icon=icon, help=help_text)
