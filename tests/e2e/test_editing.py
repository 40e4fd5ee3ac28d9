"""Edits in the real browser: what is saved is there after a reload; what is refused stays on
screen with the reason, in words."""

from __future__ import annotations

from tests.e2e.driver import no_exception, settle, shot

TITLE = "Plan saved in the browser"


def _copy_sample_to_library(page, server: str) -> None:
    page.goto(f"{server}/editor")
    settle(page)
    page.get_by_role("button", name="Copy to my library and edit").click()
    settle(page)


def test_edits_are_saved_and_found_after_a_reload(server, page):
    _copy_sample_to_library(page, server)
    title = page.get_by_role("textbox", name="Scenario title")
    title.fill(TITLE)
    title.press("Enter")
    settle(page)
    horizon = page.get_by_role("spinbutton", name="Horizon (years)")
    horizon.fill("9")
    horizon.press("Enter")
    settle(page)
    assert page.get_by_role("textbox", name="Scenario title").input_value() == TITLE
    page.get_by_role("button", name="Save as a new version").click()
    settle(page)
    assert page.get_by_text("Saved version 2").count() == 1
    assert "lib=" in page.url  # the address names the entry, so a reload reopens it
    page.reload()
    settle(page)
    assert page.get_by_role("textbox", name="Scenario title").input_value() == TITLE
    assert page.get_by_role("spinbutton", name="Horizon (years)").input_value() == "9"
    shot(page, "editor_after_reload")
    assert no_exception(page)


def test_an_invalid_value_is_refused_in_words_and_stays_typed(server, page):
    _copy_sample_to_library(page, server)
    horizon = page.get_by_role("spinbutton", name="Horizon (years)")
    horizon.fill("-5")
    horizon.press("Enter")
    settle(page)
    page.get_by_role("button", name="Save as a new version").click()
    settle(page)
    refusal = "Horizon must be between 1 and 30 years; you typed -5."
    assert page.get_by_text("Not saved").count() == 1
    assert page.get_by_text(refusal).count() >= 1
    assert page.get_by_role("spinbutton", name="Horizon (years)").input_value() == "-5"
    assert page.get_by_text("Saved version").count() == 0
    shot(page, "editor_refused")
    assert no_exception(page)
