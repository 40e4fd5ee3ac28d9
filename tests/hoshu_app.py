"""Hoshu as the AppTests run it: app.py's main(), after opening the page a test asked for.

``AppTest.switch_page()`` reaches file pages only; Hoshu's pages are functions, which
``st.switch_page`` reaches by their ``st.Page``, as the app's own links do. A test puts the page
module's name under ``GOTO`` in session state and reruns (``tests/test_app.py::goto``).

This file sits in ``tests/``, where no ``pages/`` folder is beside it, so Streamlit's legacy
``pages/`` discovery (``pages/__init__.py``) plays no part; ``test_app.py`` covers that case with
app.py itself. The ``__main__`` guard keeps worker processes, which import the main script, from
running the app.
"""

import importlib

import streamlit as st

from app import main
from pages._shared import page

GOTO = "test_goto"


def picker(at):
    """The scenario picker of an AppTest (its key changes when a scenario is chosen from
    elsewhere: a link, a button)."""
    found = [s for s in at.selectbox if str(s.key).startswith("scenario_name")]
    assert len(found) == 1, [s.key for s in at.selectbox]
    return found[0]


def run() -> None:
    goto = st.session_state.pop(GOTO, None)
    if goto is not None:
        st.switch_page(page(importlib.import_module(f"pages.{goto}")))
    main()


if __name__ == "__main__":
    run()
