"""Nothing from a link becomes markup: names and messages render as the characters they hold.

Streamlit renders Markdown in titles, captions, alerts, widget labels and tooltips, radio and
segmented-control options, tabs, expanders, page links and ``st.table`` cells. A scenario
opened from ``?s=`` (or a library entry from ``?lib=``) whose every name is an image from
another host, a link, bold text, a colour directive and LaTeX must reach all of them escaped.
The browser side (no ``<img>`` or ``<a>`` to those hosts) is checked in
``tests/e2e/test_browser.py``.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import element_tree as tree

from estimators.presentation.markup import plain
from estimators.scenario.library import ScenarioLibrary
from estimators.scenario.share import pack_scenario
from pages._scenario_state import CHOICE_KEY, LIBRARY_PREFIX, SHARED
from tests.hoshu_app import GOTO, picker
from tests.hostile import BEACON_HOST, EVIL, LINK_HOST, OTHER, hostile_scenario
from tests.test_app import hoshu_test

MARKDOWN = (tree.Markdown, tree.HeadingBase, tree.AlertBase, tree.Toast, tree.PageLink)
"""Elements whose value is rendered as Markdown (Caption, Divider and Latex are Markdown too)."""

MARKDOWN_OPTIONS = (tree.Radio, tree.ButtonGroup)
"""Widgets whose options are rendered as Markdown (a select box's options are plain text)."""

LEFT_AS_MARKUP = ("![", ":red[", "$x^2$", "**b", BEACON_HOST, LINK_HOST)
"""What a hostile name leaves behind when it is not escaped; none of Hoshu's own texts holds
any of these outside an escape."""

AUTOLINKED = re.compile(r"(?i)(?:https?\\?:\\?/\\?/|www\\?\.|\\?@)(?:attacker|evil)\\?\.example")
"""A hostile address that GFM would still make a link: escapes do not stop autolinks (they are
found after escapes are resolved), a word joiner does."""

_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
_ESCAPED = re.compile(r"\\" + _PUNCTUATION.pattern)
_JOINER = "\u2060"


def markdown_texts(node) -> list[tuple[str, str]]:
    """(where, Markdown source) for every text of the page that Streamlit renders as Markdown."""
    found: list[tuple[str, str]] = []
    children = getattr(node, "children", {})
    if isinstance(node, tree.Block):
        proto = getattr(node, "proto", None)  # expanders, tabs, popovers carry a label
        label = getattr(node, "label", None) or getattr(getattr(proto, node.type, None),
                                                        "label", None)
        if isinstance(label, str) and label:
            found.append((f"{node.type} label", label))
    elif isinstance(node, MARKDOWN):
        found.append((type(node).__name__, str(node.value)))
    elif isinstance(node, tree.Table):
        frame = node.value
        found += [("table", str(cell)) for cell in [*frame.columns, *frame.to_numpy().ravel()]]
    else:
        for attribute in ("label", "help"):
            text = getattr(node, attribute, None)
            if isinstance(text, str) and text:
                found.append((f"{type(node).__name__} {attribute}", text))
        if isinstance(node, MARKDOWN_OPTIONS):
            found += [(f"{type(node).__name__} option", str(o)) for o in node.options]
    for child in children.values():
        found += markdown_texts(child)
    return found


def unescaped(text: str) -> str:
    """``text`` with every backslash escape and word joiner taken out: what is left is markup."""
    return _ESCAPED.sub("", text).replace(_JOINER, "")


def check_plain(at: AppTest) -> list[str]:
    """Every Markdown text of the page that renders a hostile name as markup."""
    assert not at.exception, [e.value for e in at.exception]
    return [f"{where}: {text[:160]}" for where, text in markdown_texts(at._tree)
            if any(mark in unescaped(text) for mark in LEFT_AS_MARKUP)
            or AUTOLINKED.search(text)]


PAGES = ["home", "cost_comparison", "presenter", "decision", "compare", "workspace", "editor",
         "incident_history", "glossary",
         "downtime_recovery"]


def opened(link: str, option: str) -> AppTest:
    """Hoshu opened from a link (``s=...`` or ``lib=...``), with the hostile scenario in the
    library too (its name is hostile as well), showing the picker ``option`` it opened."""
    ScenarioLibrary().save(EVIL, hostile_scenario())
    at = hoshu_test()
    key, value = link.split("=", 1)
    at.query_params[key] = value
    at.run()
    assert at.session_state[CHOICE_KEY] == option
    return at


def rerun(at: AppTest) -> AppTest:
    """Run the app again, the picker keeping its choice.

    AppTest sends a select box's value back by its label, which the picker's format_func can
    only compute inside a script run (it reads the shared scenario from the session): give it
    the label, as a browser does.
    """
    box = picker(at)
    label = next(o for o in box.options if o.startswith(
        "Shared link: " if at.session_state[CHOICE_KEY] == SHARED else "Library: "))
    box.set_value(label)
    return at.run()


def visit(at: AppTest, name: str) -> AppTest:
    """:func:`goto` for an app showing a shared or library scenario."""
    at.session_state[GOTO] = name
    return rerun(at)


@pytest.mark.parametrize("name", PAGES)
def test_a_shared_scenario_s_names_are_plain_text_on_every_page(name):
    at = opened(f"s={pack_scenario(hostile_scenario())}", SHARED)
    visit(at, name)
    if name == "decision":  # tabs are lazy: open each that shows names in words
        for tab in ("Sensitivity", "Break-even", "Optimise"):
            at.session_state["decision_tab"] = tab
            rerun(at)
            assert check_plain(at) == [], tab
        return
    if name == "incident_history":
        at.toggle(key="history_sample").set_value(True)
        rerun(at)
    assert check_plain(at) == []


@pytest.mark.parametrize("name", ["home", "workspace", "editor", "compare"])
def test_a_library_entry_s_name_is_plain_text(name):
    at = opened(f"lib={EVIL}", LIBRARY_PREFIX + EVIL)
    visit(at, name)
    assert check_plain(at) == []


def test_the_names_are_shown_escaped_not_dropped():
    """The escaped names do reach the page (the checks above would pass on a blank page)."""
    at = opened(f"s={pack_scenario(hostile_scenario())}", SHARED)
    assert any(plain(EVIL) in text for _, text in markdown_texts(at._tree))  # the headline
    at.selectbox(key="language").set_value("ja")
    rerun(at)
    assert check_plain(at) == []
    assert any(plain(EVIL + " ja") in text for _, text in markdown_texts(at._tree))


def test_a_link_naming_a_missing_library_entry_quotes_it_plainly():
    at = hoshu_test()
    at.query_params["lib"] = EVIL
    at.run()
    assert check_plain(at) == []
    assert any("library does not hold" in w.value for w in at.warning)


@pytest.mark.parametrize("text", [EVIL, OTHER, "a\n\n# h\n    code", "&amp; &#x3C;img&#x3E;",
                                  "<img src=x onerror=alert(1)>", "1. list", "> quote",
                                  "| a | b |", "WWW.evil.example", "mailto:x@evil.example",
                                  "\\*not bold*", "名前 :material/home:"])
def test_plain_escapes_every_markup_character_and_keeps_the_text(text):
    shown = plain(text)
    assert not _PUNCTUATION.search(unescaped(shown)), shown  # nothing left unescaped
    assert not AUTOLINKED.search(shown)
    kept = re.sub(r"\\(.)", r"\1", shown).replace(_JOINER, "")
    assert kept == re.sub(r"\r\n|\r|\n", " ", text)  # and what is escaped is the text itself
