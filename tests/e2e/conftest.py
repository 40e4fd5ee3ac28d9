"""Fixtures of the browser tests: one server and one Chromium per module, a fresh page per
test."""

from __future__ import annotations

import pytest

from tests.e2e.driver import CHROMIUM, browsing, start_server, sync_playwright

if not CHROMIUM or sync_playwright is None:
    collect_ignore_glob = ["test_*.py"]  # no browser on this machine (CI insists on one)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url, process = start_server(tmp_path_factory.mktemp("data"))
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    with browsing(browser) as opened:
        yield opened
