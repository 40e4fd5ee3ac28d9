"""Widgets and state shared by every page: the chosen scenario and its what-if inputs.

Widget values persist for the whole session (``persist_state="session"``), so a page switch keeps
the scenario and the sliders; what-if keys carry the scenario's file stem, so each sample keeps
its own values.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

import streamlit as st

from estimators import Scenario, ScenarioError, format_money, sample_paths, sample_scenario
from estimators.i18n import LANGUAGES, STRATEGY_LABELS, tr
from estimators.library import LibraryError, ScenarioLibrary, default_library_path
from estimators.money import CURRENCY_SYMBOLS, convert_currency
from estimators.share import pack_scenario, unpack_scenario
from estimators.whatif import COVERAGE_CHOICES, WhatIf, apply_what_if, what_if_of

SCENARIO_KEY = "scenario_name"  # the picker widget
CHOICE_KEY = "scenario_choice"  # the chosen option, kept across pages
DEFAULT_SAMPLE = "home_delivery_cloud"
COVERAGE_LABELS = {
    "business_hours": "Business hours only",
    "business_hours_on_call": "Business hours + on-call",
    "24x7": "24x7 shifts",
}
NUMBER_FORMAT = {"JPY": "yen", "USD": "dollar", "EUR": "euro"}
LANG_KEY = "language"


def lang() -> str:
    """The interface language: the user's choice, else the browser's (Japanese or English)."""
    chosen = st.session_state.get(LANG_KEY)
    if chosen in LANGUAGES:
        return chosen
    locale = (st.context.locale or "") if hasattr(st, "context") else ""
    return "ja" if locale.lower().startswith("ja") else "en"


def t(text: str, **values: object) -> str:
    """``text`` in the interface language."""
    return tr(text, lang(), **values)


def headline(comparison, scenario: Scenario) -> None:
    """One metric per strategy: expected annual cost and the gap to the cheapest."""
    cheapest = comparison.cheapest()
    cols = st.columns(len(comparison.strategies))
    for col, (strategy, costs) in zip(cols, comparison.strategies.items(), strict=True):
        gap = costs.annual_total - comparison.strategies[cheapest].annual_total
        col.metric(
            t("{s} (per year)", s=strategy_label(strategy)), money(costs.annual_total, scenario),
            delta=t("cheapest") if strategy is cheapest else f"+{money(gap, scenario)}",
            delta_color="off" if strategy is cheapest else "inverse",
            delta_arrow="off" if strategy is cheapest else "auto",
            help=t("Expected annual cost including downtime and the transition spread over {n} "
                   "years. {n}-year total {total}, NPV {npv}.", n=comparison.horizon_years,
                   total=money(costs.horizon_total, scenario), npv=money(costs.npv, scenario)),
        )


def translated_choice(widget, label: str, options: list, fmt, key: str, default=None,
                      **options_kw):
    """A radio, select box or segmented control whose labels are translated and whose value
    survives a language switch: the widget's key carries the language, and the chosen option
    is kept under ``key`` itself, which the new-language widget starts from."""
    current = st.session_state.get(key, default if default is not None else options[0])
    if current not in options:
        current = options[0]
    widget_key = f"{key}::{lang()}"

    def keep() -> None:
        st.session_state[key] = st.session_state[widget_key]

    if widget.__name__ == "segmented_control":
        options_kw["default"] = current
    else:
        options_kw["index"] = options.index(current)
    labels = {option: fmt(option) for option in options}  # fixed now, in this language
    value = widget(label, options, format_func=labels.__getitem__, key=widget_key,
                   on_change=keep, **options_kw)
    st.session_state[key] = value if value in options else current
    return st.session_state[key]


def strategy_label(strategy) -> str:
    """A strategy's name in the interface language."""
    return t(STRATEGY_LABELS[str(getattr(strategy, "value", strategy))])


def language_picker() -> None:
    options = list(LANGUAGES)
    st.sidebar.selectbox("Language / 言語", options, index=options.index(lang()),
                         format_func=LANGUAGES.get, key=LANG_KEY, persist_state="session")


def ensure_routed() -> None:
    """Rerun through ``app.py`` if Streamlit's legacy ``pages/`` discovery ran this page directly.

    Until a script has called ``st.navigation``, Streamlit lists ``pages/`` itself, so the
    first deep link a fresh server receives runs the page script without ``app.py`` (and
    without our navigation). Switching the legacy mode off and rerunning routes it properly;
    ``st.navigation`` switches it off the same way.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory and not st.session_state.get("_routed"):
        st.session_state["_routed"] = True  # once per session: never lose a later click
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_data(max_entries=32, show_spinner=False)
def _load_sample(stem: str) -> dict:
    return sample_scenario(stem).model_dump(mode="json")


def sample_label(stem: str) -> str:
    try:
        return Scenario.model_validate(_load_sample(stem)).name
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
        st.sidebar.warning(str(exc), icon=":material/warning:")
        return None


def scenario_options() -> list[str]:
    """Samples (by file stem), library scenarios (``library:NAME``) and a shared link."""
    options = list(sample_paths())
    lib = library()
    if lib is not None:
        options += [LIBRARY_PREFIX + name for name in lib.names()]
    if "shared_scenario" in st.session_state:
        options.append(SHARED)
    return options


def option_label(option: str) -> str:
    if option == SHARED:
        return t("Shared link: {name}", name=Scenario.model_validate_json(
            st.session_state["shared_scenario"]).name)
    if option.startswith(LIBRARY_PREFIX):
        return t("Library: {name}", name=option.removeprefix(LIBRARY_PREFIX))
    return sample_label(option)


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
        return
    st.session_state["link_read"] = True
    params = st.query_params
    if "s" in params:
        try:
            shared = unpack_scenario(params["s"])
        except ScenarioError as exc:
            st.error(t("The shared link could not be opened: {e}", e=exc),
                     icon=":material/link_off:")
            return
        st.session_state["shared_scenario"] = shared.model_dump_json()
        choose(SHARED)
    elif "lib" in params:
        choose(LIBRARY_PREFIX + params["lib"])


def choose(option: str) -> None:
    """Make ``option`` the scenario every page shows (also from a button's callback)."""
    st.session_state[CHOICE_KEY] = option
    st.session_state.pop(SCENARIO_KEY, None)  # the picker is rebuilt on the chosen option


def _picked() -> None:
    st.session_state[CHOICE_KEY] = st.session_state[SCENARIO_KEY]


def scenario_picker() -> tuple[str, Scenario] | None:
    """Sidebar select box over samples, library scenarios and a shared link."""
    language_picker()
    _read_link()
    options = scenario_options()
    if not options:
        st.error(t("No sample scenarios were found in data/scenarios/."))
        return None
    choice = st.session_state.get(CHOICE_KEY)
    if choice not in options:
        choice = DEFAULT_SAMPLE if DEFAULT_SAMPLE in options else options[0]
    if st.session_state.get(SCENARIO_KEY, choice) not in options:
        st.session_state.pop(SCENARIO_KEY)
    option = st.sidebar.selectbox(
        t("Scenario"), options, index=options.index(choice), format_func=option_label,
        key=SCENARIO_KEY, on_change=_picked,
        help=t("A bundled sample, a scenario from your library (see Scenario library) or one "
               "opened from a shared link. Every figure on the page is computed from it."),
    )
    try:
        scenario = load_option(option)
    except (ScenarioError, LibraryError) as exc:
        st.error(str(exc))
        return None
    calibrated = st.session_state.get(_calibrated_key(option))
    if calibrated is not None:
        scenario = Scenario.model_validate_json(calibrated)
        st.sidebar.caption(":material/tune: " + t("Rates and repair times calibrated from an "
                                                   "incident history."))
        if st.sidebar.button(t("Back to the scenario's own figures"),
                             key=f"uncalibrate::{option}"):
            del st.session_state[_calibrated_key(option)]
            st.rerun()
    return option, scenario


def _calibrated_key(stem: str) -> str:
    return f"calibrated::{stem}"


def set_calibrated(scenario: Scenario) -> None:
    """Use ``scenario`` (calibrated from a history) in place of the chosen sample everywhere."""
    st.session_state[_calibrated_key(st.session_state[SCENARIO_KEY])] = scenario.model_dump_json()


def what_if_sidebar(base: WhatIf, currency: str, stem: str, area=None) -> WhatIf:
    """The inputs that move cost most, each with a one-line description under it.

    Keys carry the scenario so each keeps its own values; ``area`` is where they go (the
    sidebar by default, the page in presenter mode).
    """
    area = area or st.sidebar
    symbol = CURRENCY_SYMBOLS[currency]
    area.subheader(t("What if…"))
    rate = area.slider(
        t("Incident-rate multiplier (× scenario rates)"), 0.25, 4.0,
        base.incident_rate_multiplier, 0.05, key=f"rate_multiplier::{stem}",
        persist_state="session",
        help=t("Scales every system's incident rate per year. 2.0 means twice as many failures; "
               "it drives corrective labour, vendor hours, per-incident fees and downtime cost."),
    )
    area.caption(t("How often things break, relative to the scenario."))
    fte = area.slider(
        t("In-house team size (FTE)"), 0.0, max(20.0, 3 * base.team_fte), base.team_fte, 0.5,
        key=f"team_fte::{stem}", persist_state="session",
        help=t("Full-time equivalents in the in-house team; each skill level keeps its share. "
               "The model adds FTE automatically when the coverage window needs more people."),
    )
    area.caption(t("Engineers you employ; coverage may need more."))
    fee_max = max(1000.0, 3 * base.vendor_monthly_fee)
    fee = area.slider(
        t("Vendor monthly fee ({symbol}/month)", symbol=symbol), 0.0, fee_max,
        base.vendor_monthly_fee, fee_max / 300, format=NUMBER_FORMAT.get(currency, "localized"),
        key=f"vendor_fee::{stem}", persist_state="session",
        help=t("The contract's fixed fee per month. Included hours, overage rate and service "
               "credits (a % of this fee) stay as in the contract."),
    )
    area.caption(t("The vendor contract's fixed fee."))
    coverage = translated_choice(
        area.radio, t("In-house coverage"), list(COVERAGE_CHOICES),
        lambda c: t(COVERAGE_LABELS[c]), f"coverage::{stem}", default=base.coverage,
        help=t("When the in-house team responds. Off-hours incidents wait for the window unless "
               "on-call is on; a 24x7 seat needs about 4.7 FTE (168 h a week / net hours per "
               "FTE). See the [Glossary](/glossary)."),
    )
    area.caption(t("When your own team answers incidents."))
    return WhatIf(rate, fte, fee, coverage)


YEN_PER = {"JPY": 1.0, "USD": 150.0, "EUR": 160.0}
"""Default exchange rates (yen per unit), editable in the sidebar."""


def display_currency(scenario: Scenario, area=None) -> Scenario:
    """Show the scenario in another currency at an exchange rate the user sets."""
    area = area or st.sidebar
    options = ["JPY", "USD", "EUR"]
    own = scenario.finance.currency
    default = "JPY" if lang() == "ja" else own  # yen by default in Japanese
    shown = area.selectbox(t("Display currency"), options, index=options.index(default),
                           key=f"display_currency::{own}", persist_state="session",
                           help=t("Show every amount in another currency, converted at the "
                                  "rate below (the scenario itself is not changed)."))
    if shown == own:
        return scenario
    default = YEN_PER[shown] / YEN_PER[own]
    rate = area.number_input(t("1 {to} = ? {own}", to=shown, own=own), min_value=1e-6,
                             max_value=1e6, value=default, format="%.4f",
                             key=f"rate::{own}->{shown}", persist_state="session",
                             help=t("The exchange rate to use; set today's rate."))
    return convert_currency(scenario, shown, 1.0 / rate)


def current_scenario(area=None) -> Scenario | None:
    """The chosen scenario with the what-if values applied (None after an error).

    The what-if inputs go in ``area`` (the sidebar by default; the page in presenter mode).
    """
    picked = scenario_picker()
    if picked is None:
        return None
    option, scenario = picked
    # Keys carry the option and, for editable scenarios, a fingerprint of the saved figures,
    # so the sliders start again from the scenario after it is edited.
    key = option if option in sample_paths() else (
        f"{option}#{hashlib.sha1(scenario.model_dump_json().encode()).hexdigest()[:10]}")
    what_if = what_if_sidebar(what_if_of(scenario), scenario.finance.currency, key, area)
    effective = display_currency(apply_what_if(scenario, what_if))
    share_box(effective, option)
    return effective


def share_box(scenario: Scenario, option: str) -> None:
    """A link that reopens this scenario, what-if values included, on this page."""
    with st.sidebar.popover(t("Share this view"), icon=":material/share:", width="stretch"):
        base = (st.context.url or "").split("?")[0]
        st.caption(t("Anyone with the link sees this scenario as it is now (the link holds it)."))
        st.code(f"{base}?s={pack_scenario(scenario)}", language=None, wrap_lines=True)
        if option.startswith(LIBRARY_PREFIX):
            name = option.removeprefix(LIBRARY_PREFIX)
            st.caption(t("Or, for users of this server, the library entry:"))
            st.code(f"{base}?lib={quote(name)}", language=None)


def money(value: float, scenario: Scenario, compact: bool = False) -> str:
    return format_money(value, scenario.finance.currency, compact=compact)
