"""Driving the real app in headless Chromium (Debian's, through Playwright): the server, the
browser and the waits every browser test shares.

Chromium comes from the system (``.ci/run`` installs Debian's package); without it (or without
Playwright) the browser tests are not collected, except under CI where that is a failure.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmarks.server import start_server as serve

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("HOSHU_CHROMIUM") or shutil.which("chromium") or shutil.which(
    "chromium-browser")

if not CHROMIUM and os.environ.get("CI"):
    raise RuntimeError("CI needs Chromium for the browser tests (apt-get install chromium)")

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the browser tests are then not collected (conftest.py)
    expect = sync_playwright = None


def start_server(data_dir: Path):
    """(URL, process) of a Hoshu server on a free port with its library in ``data_dir``."""
    try:
        return serve(data_dir)
    except RuntimeError as exc:
        pytest.fail(str(exc))


def settle(page) -> None:
    """Wait until the script has finished (twice over, for reruns), then for drawing."""
    for _ in range(2):
        page.wait_for_timeout(800)
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']",
                               timeout=90_000)
    page.wait_for_timeout(800)


@contextmanager
def browsing(browser, locale: str = "en-US"):
    """A page in a browser context of its own, closed afterwards."""
    context = browser.new_context(viewport={"width": 1440, "height": 1200}, locale=locale,
                                  accept_downloads=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def shot(page, name: str) -> Path:
    """A full-page screenshot in artifacts/screenshots/ (listed in the closing notes)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def no_exception(page) -> bool:
    return page.locator("[data-testid='stException']").count() == 0
