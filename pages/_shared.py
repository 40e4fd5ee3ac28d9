"""Widgets shared by every page: the what-if inputs, display currency, sharing, headline.

Also :func:`page`, how app.py registers a page module and how a page links to another.

The language and the chosen scenario live in :mod:`pages._language` and
:mod:`pages._scenario_state`; this module re-exports what pages use, so a page imports from one
place.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import partial
from types import ModuleType
from urllib.parse import quote

import streamlit as st

from estimators import Scenario, format_money, sample_paths
from estimators.presentation.markup import plain
from estimators.scenario.library import safe_filename
from estimators.scenario.localize import localized
from estimators.scenario.share import MAX_LINK_CHARS, link_code
from estimators.scenario.whatif import (
    WhatIf,
    apply_what_if,
    what_if_of,
)
from pages._language import (  # noqa: F401 - re-exported for the pages
    LANG_KEY,
    lang,
    strategy_label,
    t,
    translated_choice,
    tx,
)
from pages._scenario_state import (  # noqa: F401 - re-exported for the pages
    CHOICE_KEY,
    DEFAULT_SAMPLE,
    LIBRARY_PREFIX,
    SCENARIO_KEY,
    choose,
    library,
    load_option,
    option_label,
    sample_label,
    scenario_options,
    scenario_picker,
    set_calibrated,
)
from pages._sidebar_inputs import (  # noqa: E402,F401 - re-exported for the pages
    NUMBER_FORMAT,
    YEN_PER,
    display_currency,
    what_if_sidebar,
)


def page(module: ModuleType, **options) -> st.Page:
    """The page a module of ``pages/`` renders: its ``render()`` at the module's name as URL path
    (``/cost_comparison``), so links made before pages were functions keep working.

    app.py passes title, icon and ``default``; a page linking to another passes nothing (the
    link's label and icon are its own; Streamlit matches the page by its URL path).
    """
    return st.Page(module.render, url_path=module.__name__.rpartition(".")[2], **options)


def headline(comparison, scenario: Scenario) -> None:
    """One metric per strategy: expected annual cost and the gap to the cheapest (Japanese
    headlines read in 万円 / 億円; the help keeps full amounts)."""
    compact = lang() == "ja"
    cheapest = comparison.cheapest()
    cols = st.columns(len(comparison.strategies))
    for col, (strategy, costs) in zip(cols, comparison.strategies.items(), strict=True):
        gap = costs.annual_total - comparison.strategies[cheapest].annual_total
        if not costs.feasible:  # never "cheapest": the team cannot carry it (see its notice)
            delta, colour = t("infeasible"), "red"
        elif strategy is cheapest:
            delta, colour = t("cheapest"), "off"
        else:
            delta, colour = f"+{money(gap, scenario, compact=compact)}", "inverse"
        col.metric(
            t("{s} (per year)", s=strategy_label(strategy)),
            money(costs.annual_total, scenario, compact=compact),
            delta=delta, delta_color=colour,
            delta_arrow="off" if colour != "inverse" else "auto",
            help=t("Expected annual cost including downtime and the transition spread over {n} "
                   "years. {n}-year total {total}, NPV {npv}.", n=comparison.horizon_years,
                   total=money(costs.horizon_total, scenario), npv=money(costs.npv, scenario)),
        )


def notice(strategy, template: str, values: dict) -> str:
    """A strategy's notice (:attr:`~estimators.costs.expected.StrategyCosts.notices`) as an
    alert shows it: the strategy in bold, then the message, whose names (a system's) are plain
    text."""
    shown = {k: plain(v) if isinstance(v, str) else v for k, v in values.items()}
    return f"**{strategy_label(strategy)}:** {t(template, **shown)}"


@dataclass(frozen=True)
class View:
    """What a page shows: the chosen scenario, the what-if values on it, and the result.

    Attributes:
        option: the picker option (sample stem, ``library:NAME`` or the shared link).
        base: the scenario as chosen (calibrated when a history was applied).
        base_what_if: the what-if values the scenario has itself.
        what_if: the values the sliders hold now.
        scenario: ``base`` with the what-ifs applied, in the display currency: every figure on
            the page, and every export made from it, is computed from this one.
    """

    option: str
    base: Scenario
    base_what_if: WhatIf
    what_if: WhatIf
    scenario: Scenario


def current_view(area=None) -> View | None:
    """The chosen scenario, its what-if values and the scenario they make (None after an error).

    The what-if inputs go in ``area`` (the sidebar by default; the page in presenter mode).
    """
    picked = scenario_picker(area)
    if picked is None:
        return None
    option, scenario = picked
    scenario = localized(scenario, lang())
    # Keys carry the option and, for editable scenarios, a fingerprint of the saved figures,
    # so the sliders start again from the scenario after it is edited.
    key = option if option in sample_paths() else (
        f"{option}#{hashlib.sha1(scenario.model_dump_json().encode()).hexdigest()[:10]}")
    base_what_if = what_if_of(scenario)
    what_if = what_if_sidebar(base_what_if, scenario.finance.currency, key, area)
    effective = display_currency(apply_what_if(scenario, what_if), area)
    share_box(effective, option, area)
    return View(option, scenario, base_what_if, what_if, effective)


def current_scenario(area=None) -> Scenario | None:
    """The chosen scenario with the what-if values applied (None after an error)."""
    view = current_view(area)
    return None if view is None else view.scenario


def share_box(scenario: Scenario, option: str, area=None) -> None:
    """A link that reopens this scenario, what-if values included, on this page; only one the
    app accepts: a scenario too large for a link gets its library entry's link (``?lib=``) or
    the advice to save it and its JSON to download."""
    area = area or st.sidebar
    with area.popover(t("Share this view"), icon=":material/share:", width="stretch"):
        base = (st.context.url or "").split("?")[0]
        code = link_code(scenario)
        if code is not None:
            st.caption(t("Anyone with the link sees this scenario as it is now (the link holds "
                         "it)."))
            st.code(f"{base}?s={code}", language=None, wrap_lines=True)
        else:
            st.caption(t("This view is too large for a link that holds it (at most {limit:,} "
                         "characters).", limit=MAX_LINK_CHARS))
        if option.startswith(LIBRARY_PREFIX):
            name = option.removeprefix(LIBRARY_PREFIX)
            st.caption(t("Or, for users of this server, the library entry:") if code is not None
                       else t("For users of this server, the library entry (as saved, without "
                              "the what-if values):"))
            st.code(f"{base}?lib={quote(name)}", language=None)
        elif code is None:
            st.caption(t("Save it to your library (Edit scenario) to share it with users of "
                         "this server, or download it:"))
        if code is None:
            st.download_button(t("Scenario JSON"), partial(scenario.model_dump_json, indent=2),
                               file_name=safe_filename(scenario.name, ".json"),
                               mime="application/json", on_click="ignore", key="share_json",
                               icon=":material/download:")


def money(value: float, scenario: Scenario, compact: bool = False) -> str:
    return format_money(value, scenario.finance.currency, compact=compact, lang=lang())
