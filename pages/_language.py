"""Interface language: English or Japanese, chosen in the sidebar, applied to every text.

Choices whose labels are translated keep their value across a language switch
(:func:`translated_choice`).
"""

from __future__ import annotations

import streamlit as st

from estimators.presentation.i18n import LANGUAGES, tr, translate
from estimators.presentation.labels import STRATEGY
from estimators.presentation.markup import plain
from estimators.scenario.loading import ScenarioError

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
    return t(STRATEGY[str(getattr(strategy, "value", strategy))])


def language_picker(area=None) -> None:
    """The interface language's select box, in ``area`` (the sidebar by default)."""
    options = list(LANGUAGES)
    (area or st.sidebar).selectbox("Language / 言語", options, index=options.index(lang()),
                         format_func=LANGUAGES.get, key=LANG_KEY, persist_state="session")


def tx(item: object) -> str:
    """An estimator's message or error in the interface language (problems as a list), as
    Markdown that shows it as plain text: messages quote names, paths and the values a file or
    link held, which must never render as links, images or directives."""
    if isinstance(item, ScenarioError):
        lines = [f"- {plain(translate(m, lang()))}" for m in item.messages]
        return "\n".join([t("{source} is not a valid scenario:", source=plain(item.source)),
                          *lines])
    if isinstance(item, BaseException):
        item = item.args[0] if item.args else str(item)
    return plain(translate(item, lang()))
