"""Scenario library: create, import, version, restore, rename, delete and export scenarios."""

from __future__ import annotations

from functools import partial

import streamlit as st

from estimators import ScenarioError, compare_strategies, sample_paths, sample_scenario
from estimators.presentation.export import XLSX_MIME, parquet_bytes
from estimators.presentation.versions import version_label, versions_table
from estimators.scenario.library import LibraryError, ScenarioLibrary, safe_filename
from pages._export import costs, report, workbook
from pages._shared import (
    DEFAULT_SAMPLE,
    LIBRARY_PREFIX,
    choose,
    current_scenario,
    lang,
    library,
    plain,
    sample_label,
    t,
    translated_choice,
    tx,
)


def _open(name: str) -> None:
    choose(LIBRARY_PREFIX + name)


def add_section(lib: ScenarioLibrary) -> None:
    st.subheader(t("Add a scenario"))
    left, right = st.columns(2)
    with left.form("new_from_sample", border=True):
        stems = list(sample_paths())
        stem = st.selectbox(t("Start from the sample"), stems, format_func=sample_label,
                            index=stems.index(DEFAULT_SAMPLE) if DEFAULT_SAMPLE in stems else 0,
                            key="new_sample")
        name = st.text_input(t("Name"), key="new_name", placeholder="e.g. Today: in-house",
                             help=t("How the scenario is called in the library (any text)."))
        if st.form_submit_button(t("Create"), icon=":material/add:"):
            try:
                if name.strip() in lib:
                    raise LibraryError(f"a scenario named {name.strip()!r} already exists")
                sample = sample_scenario(stem)
                lib.save(name, sample, note=f"new from sample {sample.name}")
                st.success(t("Created '{name}'.", name=plain(name.strip())))
            except LibraryError as exc:
                st.error(tx(exc))
    with right.form("import_json", border=True):
        upload = st.file_uploader(t("Import scenario JSON"), type=["json"], key="import_file",
                                  max_upload_size=5,
                                  help=t("A file exported from Hoshu or written by hand "
                                       "(python -m estimators schema prints its schema)."))
        name = st.text_input(t("Name in the library"), key="import_name")
        if st.form_submit_button(t("Import"), icon=":material/upload:") and upload is not None:
            try:
                lib.import_json(name or upload.name.removesuffix(".json"), upload.getvalue())
                st.success(t("Imported."))
            except ScenarioError as exc:
                st.error("\n".join([t("The file is not a valid scenario:")] +
                                   [f"- {tx(m)}" for m in exc.messages]))
            except LibraryError as exc:
                st.error(tx(exc))


def manage_section(lib: ScenarioLibrary) -> None:
    names = lib.names()
    st.subheader(t("Your scenarios"))
    if not names:
        st.info(t("The library is empty: create a scenario from a sample above."),
                icon=":material/inventory_2:")
        return
    name = st.selectbox(t("Scenario"), names, key="library_selected")
    versions = lib.versions(name)
    st.button(t("Open in the dashboard"), on_click=_open, args=(name,), type="primary",
              icon=":material/open_in_new:", key="library_open",
              help=t("Makes it the scenario every page shows (the sidebar picker)."))
    st.markdown(t("**Versions** — the newest {keep} saves are kept ({n} now).",
                  keep=lib.max_versions, n=len(versions)))
    table = versions_table(versions, lang())
    saved = table.columns[1]
    st.dataframe(table, hide_index=True, column_config={
        saved: st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm")})
    c1, c2, c3 = st.columns(3)
    older = {v.version: v for v in versions[1:]}
    if older:
        version = translated_choice(c1.selectbox, t("Restore version"), list(older),
                                    lambda n: version_label(older[n], lang()),
                                    "restore_version")
    else:
        version = c1.selectbox(t("Restore version"), [], placeholder=t("No earlier version"),
                               disabled=True, key="restore_version_none")
    if c1.button(t("Restore"), key="restore", disabled=version is None,
                 help=t("Saves the old version again as the newest; nothing is lost.")):
        lib.restore(name, version)
        st.rerun()
    new_name = c2.text_input(t("New name"), key="rename_to")
    for label, key, action in (("Rename", "rename", lib.rename),
                               ("Duplicate", "duplicate", lib.duplicate)):
        if c2.button(t(label), key=key) and new_name:
            try:
                action(name, new_name)
                st.rerun()
            except LibraryError as exc:
                c2.error(tx(exc))
    sure = c3.checkbox(t("I want to delete it with all its versions"), key="delete_sure")
    if c3.button(t("Delete"), key="delete", disabled=not sure, type="secondary"):
        lib.delete(name)
        st.rerun()
    downloads(lib, name)


def downloads(lib: ScenarioLibrary, name: str) -> None:
    """The library entry as saved, in files: JSON, workbook, report and cost tables.

    The workbook, report and CSV are built when clicked, outside the script run, by the
    builders the results pages use; the language is read here, while the session is at hand.
    """
    st.markdown(t("**Export**"))
    scenario = lib.load(name)
    language = lang()
    c = st.columns(5)
    c[0].download_button(t("Scenario JSON"), lib.load_json(name),
                         file_name=safe_filename(name, ".json"), mime="application/json",
                         key="dl_json")
    c[1].download_button(t("Excel workbook"), partial(workbook, scenario, (), None, language),
                         file_name=safe_filename(name, ".xlsx"), key="dl_xlsx", mime=XLSX_MIME)
    c[2].download_button(t("HTML report"), partial(report, scenario, (), None, language),
                         file_name=safe_filename(name, ".html"), mime="text/html",
                         key="dl_html", help=t("Interactive, self-contained; print it to PDF."))
    c[3].download_button(t("Cost table (CSV)"), partial(costs, scenario, language),
                         file_name=safe_filename(name, "-costs.csv"), mime="text/csv",
                         key="dl_csv")
    c[4].download_button(t("Cost table (Parquet)"),
                         lambda: parquet_bytes(compare_strategies(scenario).to_frame()),
                         file_name=safe_filename(name, "-costs.parquet"),
                         mime="application/vnd.apache.parquet", key="dl_parquet")


def render() -> None:
    current_scenario()
    st.title(t("Scenario library"))
    st.caption(t("Keep your own scenarios: every save is a new version you can go back to. "
                 "Edit them on the Edit scenario page, compare them on Compare."))
    lib = library()
    if lib is None:
        return
    try:
        add_section(lib)
        manage_section(lib)
    except LibraryError as exc:  # a read-only library, a full disk, a file gone meanwhile
        st.error(tx(exc), icon=":material/error:")
