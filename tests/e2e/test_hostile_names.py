"""End-to-end: a shared link whose every name is markup makes the browser fetch nothing from
the attacker's host and shows no link to it, on every page (``tests/test_plain_text.py``
checks the Markdown the pages send; this checks what Chromium makes of it)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from estimators.scenario.share import pack_scenario
from tests.e2e.driver import no_exception, settle, shot
from tests.hostile import BEACON_HOST, LINK_HOST, hostile_scenario

HOSTS = {BEACON_HOST, LINK_HOST, f"www.{LINK_HOST}"}
PAGES = ["", "cost_comparison", "incident_history", "decision", "compare", "workspace",
         "editor", "presenter", "glossary",
         "downtime_recovery"]


@pytest.mark.parametrize("path", PAGES)
def test_a_hostile_link_fetches_nothing_and_links_nowhere(server, page, path):
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url)
            if urlsplit(request.url).hostname in HOSTS else None)
    page.goto(f"{server}/{path}?s={pack_scenario(hostile_scenario())}")
    settle(page)
    if path == "decision":  # the tabs that word names: break-even, the optimisers' advice
        for tab in ("Break-even", "Optimise"):
            page.get_by_role("tab", name=tab).click()
            settle(page)
    assert no_exception(page)
    hosts = "els => els.map(e => new URL(e.src || e.href, location.href).hostname)"
    images = page.eval_on_selector_all("img[src]", hosts)
    links = page.eval_on_selector_all("a[href]", hosts)
    shot(page, f"hostile_{path or 'home'}")
    assert not HOSTS & {*images, *links}, (images, links)
    assert fetched == []
    assert page.locator("[data-testid='stMarkdownContainer'] strong", has_text="bold").count() == 0
