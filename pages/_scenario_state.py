"""Which scenario every page shows: samples, the user's library, a shared link, calibration.

The chosen option is kept in session state across pages; the sidebar picker starts from it.
Also opening the scenario library.
"""

from __future__ import annotations

import unicodedata
from functools import partial

import streamlit as st

from estimators import Scenario, ScenarioError, sample_paths, sample_scenario
from estimators.presentation.i18n import tr
from estimators.presentation.markup import plain
from estimators.scenario.library import LibraryError, ScenarioLibrary, default_library_path
from estimators.scenario.localize import localized_name
from estimators.scenario.share import unpack_scenario
from pages._background import carried_notices, notice
from pages._language import lang, language_picker, t, tx

SCENARIO_KEY = "scenario_name"  # the picker widget
CHOICE_KEY = "scenario_choice"  # the chosen option, kept across pages
GENERATION_KEY = "scenario_choice_generation"  # how often it was chosen from elsewhere
DEFAULT_SAMPLE = "home_delivery_cloud"
LABEL_FITS = 26  # columns the sidebar's select box shows whole (a CJK character takes two)


@st.cache_data(max_entries=32, show_spinner=False)
def _load_sample(stem: str) -> dict:
    return sample_scenario(stem).model_dump(mode="json")


def sample_label(stem: str, language: str | None = None) -> str:
    """A sample's name in ``language`` (the session's by default)."""
    try:
        return localized_name(Scenario.model_validate(_load_sample(stem)),
                              _load_sample(stem)["name"], language or lang())
    except ScenarioError:
        return stem


SHARED = "shared:link"
LIBRARY_PREFIX = "library:"


@st.cache_resource(show_spinner=False)
def _open_library(path: str) -> ScenarioLibrary:
    return ScenarioLibrary(path)


def library() -> ScenarioLibrary | None:
    """The user's scenario library (None, with a warning, when it cannot be opened)."""
    try:
        return _open_library(str(default_library_path()))
    except LibraryError as exc:
        st.sidebar.warning(tx(exc), icon=":material/warning:")
        return None


def scenario_options() -> list[str]:
    """Samples (by file stem), library scenarios (``library:NAME``) and a shared link."""
    options = list(sample_paths())
    lib = library()
    if lib is not None:
        try:
            options += [LIBRARY_PREFIX + name for name in lib.names()]
        except LibraryError as exc:  # opened, but unreadable since (file gone, disk error)
            st.sidebar.warning(tx(exc), icon=":material/warning:")
    if "shared_scenario" in st.session_state:
        options.append(SHARED)
    return options


def option_label(option: str, language: str | None = None) -> str:
    """How the picker names an option, in ``language`` (the session's by default; a widget
    passes the language it was drawn in, so its labels never mix two)."""
    language = language or lang()
    if option == SHARED:
        shared = Scenario.model_validate_json(st.session_state["shared_scenario"])
        return tr("Shared link: {name}", language,
                  name=localized_name(shared, shared.name, language))
    if option.startswith(LIBRARY_PREFIX):
        return tr("Library: {name}", language, name=option.removeprefix(LIBRARY_PREFIX))
    return sample_label(option, language)


def load_option(option: str) -> Scenario:
    """The scenario behind a picker option; ScenarioError or LibraryError when it fails."""
    if option == SHARED:
        return Scenario.model_validate_json(st.session_state["shared_scenario"])
    if option.startswith(LIBRARY_PREFIX):
        lib = library()
        if lib is None:
            raise LibraryError("the scenario library cannot be opened")
        return lib.load(option.removeprefix(LIBRARY_PREFIX))
    return Scenario.model_validate(_load_sample(option))


def _read_link() -> None:
    """Open a shared link once per session: ``?s=`` (packed scenario) or ``?lib=NAME``."""
    if st.session_state.get("link_read"):
        carried_notices()  # a problem with the link stays in sight until the page is complete
        return
    st.session_state["link_read"] = True
    params = st.query_params
    if "s" in params:
        try:
            shared = unpack_scenario(params["s"])
        except ScenarioError as exc:
            notice("error", t("The shared link could not be opened: {e}", e=tx(exc)),
                   icon=":material/link_off:")
            return
        st.session_state["shared_scenario"] = shared.model_dump_json()
        choose(SHARED)
    elif "lib" in params:
        lib = library()
        if lib is not None and params["lib"] in lib:
            choose(LIBRARY_PREFIX + params["lib"])
        else:
            notice("warning", t("The link names the library scenario '{name}', which this "
                                "server's library does not hold (it may have been renamed or "
                                "deleted). Showing a sample instead.", name=plain(params["lib"])),
                   icon=":material/link_off:")


def choose(option: str) -> None:
    """Make ``option`` the scenario every page shows (from a button's callback, a link or a
    page's script); the picker takes it up on its next run."""
    st.session_state[CHOICE_KEY] = option
    st.session_state[GENERATION_KEY] = st.session_state.get(GENERATION_KEY, 0) + 1


def picker_key() -> str:
    """The picker widget's key now: it changes whenever the scenario is chosen elsewhere."""
    generation = st.session_state.get(GENERATION_KEY, 0)
    return SCENARIO_KEY if generation == 0 else f"{SCENARIO_KEY}::{generation}"


def _picked(key: str) -> None:
    st.session_state[CHOICE_KEY] = st.session_state[key]


def scenario_picker(area=None) -> tuple[str, Scenario] | None:
    """Select box over samples, library scenarios and a shared link, with the language picker
    above it, in ``area`` (the sidebar by default)."""
    area = area or st.sidebar
    language_picker(area)
    _read_link()
    options = scenario_options()
    if not options:
        st.error(t("No sample scenarios were found in data/scenarios/."))
        return None
    choice = st.session_state.get(CHOICE_KEY)
    if choice not in options:
        choice = DEFAULT_SAMPLE if DEFAULT_SAMPLE in options else options[0]
    st.session_state[CHOICE_KEY] = choice
    # The chosen option is kept apart from the widget and handed to it as its index. A browser
    # keeps the value it last had for a widget it already knows, and a widget drawn anew (on
    # Presenter it sits in the page, elsewhere in the sidebar) starts from its index: so the
    # index is always the choice, and a choice made elsewhere (a button, a link) gives the
    # widget a new key, which the browser does not know yet.
    key = picker_key()
    option = area.selectbox(
        t("Scenario"), options, index=options.index(choice),
        format_func=partial(option_label, language=lang()), key=key, on_change=_picked,
        args=(key,),
        help=t("A bundled sample, a scenario from your library (see Scenario library) or one "
               "opened from a shared link. Every figure on the page is computed from it."),
    )
    label = option_label(option)
    if _width(label) > LABEL_FITS:  # the box cuts long names: the whole name under it
        area.caption(plain(label))
    _keep_in_address(option)
    try:
        scenario = load_option(option)
    except (ScenarioError, LibraryError) as exc:
        st.error(tx(exc))
        return None
    calibrated = st.session_state.get(_calibrated_key(option))
    if calibrated is not None:
        scenario = Scenario.model_validate_json(calibrated)
        area.caption(":material/tune: " + t("Rates and repair times calibrated from an "
                                                   "incident history."))
        if area.button(t("Back to the scenario's own figures"),
                             key=f"uncalibrate::{option}"):
            del st.session_state[_calibrated_key(option)]
            st.rerun()
    return option, scenario


def _width(text: str) -> int:
    """Columns ``text`` takes: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _keep_in_address(option: str) -> None:
    """Name the chosen library entry in the address (``?lib=NAME``), so a reload or a bookmark
    opens it again; a sample leaves the address plain."""
    params = st.query_params
    if option.startswith(LIBRARY_PREFIX):
        if params.get("lib") != option.removeprefix(LIBRARY_PREFIX):
            params["lib"] = option.removeprefix(LIBRARY_PREFIX)
        params.pop("s", None)
    else:
        params.pop("lib", None)
        if option != SHARED:
            params.pop("s", None)


def _calibrated_key(stem: str) -> str:
    return f"calibrated::{stem}"


def set_calibrated(scenario: Scenario) -> None:
    """Use ``scenario`` (calibrated from a history) in place of the chosen sample everywhere."""
    st.session_state[_calibrated_key(st.session_state[CHOICE_KEY])] = scenario.model_dump_json()
