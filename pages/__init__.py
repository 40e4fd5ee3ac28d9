"""Hoshu's pages: each module's ``render()`` is a page app.py registers with ``st.navigation``.

Importing a page module renders nothing. The one thing this package does on import is the
workaround below, kept here because it is the only code every route runs.

Streamlit 1.67 still treats a folder named ``pages/`` next to the entry file as a legacy
multipage app until some script calls ``st.navigation``: the first PagesManager of a server sets
the process-wide ``PagesManager.uses_pages_directory`` (``runtime/pages_manager.py``), and while
it is set the script runner skips app.py and runs ``_mpa_v1``, which executes the file matching
the URL (``pages/downtime_recovery.py``) as the script (``runtime/scriptrunner/script_runner.py``).
So the first request of a fresh server, when it is a deep link, never reaches app.py; with pages
as functions it would show a blank page. Only ``st.navigation`` clears the flag, and Streamlit
offers no setting for it (``client.showSidebarNavigation`` only hides the legacy menu); its own
advice is to rename the folder, which the layout fixes as ``pages/``.

Every such run imports this package (a page module imports ``pages._shared``; app.py imports the
pages), and the flag can only be set before the server's first run, so clearing it here and
rerunning sends that request through app.py, on the same URL and query. Remove this when
``tests/test_app.py::test_streamlit_still_discovers_the_pages_folder`` fails.
"""

from __future__ import annotations


def _route_through_app() -> None:
    """Rerun through app.py if Streamlit's legacy ``pages/`` discovery is running this script."""
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if PagesManager.uses_pages_directory and get_script_run_ctx() is not None:
        PagesManager.uses_pages_directory = False  # what st.navigation does on its first call
        st.rerun()


_route_through_app()
