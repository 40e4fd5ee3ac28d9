"""The dashboard when the scenario library cannot be used: every page still works, and says why
(issue 17 §2: a data directory that is a symlink loop gave a traceback on every page)."""

from __future__ import annotations

import os

import pytest

from estimators.scenario.library import LibraryError, ScenarioLibrary
from tests.test_app import goto, hoshu_test

PAGES = ("workspace", "editor", "compare", "cost_comparison", "home")


@pytest.fixture
def loop(tmp_path, monkeypatch):
    """HOSHU_DATA_DIR is a symlink to itself."""
    path = tmp_path / "loop"
    os.symlink(path, path)
    monkeypatch.setenv("HOSHU_DATA_DIR", str(path))
    return path


def test_every_page_works_without_a_library(loop):
    at = hoshu_test().run()
    assert not at.exception
    assert at.metric  # the default sample's figures are shown
    for name in PAGES:
        goto(at, name)
        assert not at.exception, name
        # shown as plain text: Markdown characters escaped
        warnings = " ".join(w.value for w in at.sidebar.warning).replace("\\", "")
        assert str(loop) in warnings and "HOSHU_DATA_DIR" in warnings, name


def test_a_library_that_refuses_to_save_is_an_error_message(monkeypatch):
    """A read-only library or a full disk: the editor's copy says so instead of failing."""
    def refuse(self, *args, **kwargs):
        raise LibraryError("the library is read-only")

    monkeypatch.setattr(ScenarioLibrary, "save", refuse)
    at = hoshu_test().run()
    goto(at, "editor")
    at.button(key="ed_copy").click().run()
    assert not at.exception
    assert any("read-only" in e.value.replace("\\", "") for e in at.error)  # plain text
