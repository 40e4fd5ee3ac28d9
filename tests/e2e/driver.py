"""Driving the real app in headless Chromium (Debian's, through Playwright): the server, the
browser and the waits every browser test shares.

Chromium comes from the system (``.ci/run`` installs Debian's package); without it (or without
Playwright) the browser tests are not collected, except under CI where that is a failure.
"""

from __future__ import annotations

import os
import re
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


TALLEST_SHOT = 16_000
"""Pixels: the tallest screenshot :func:`shot` takes (a longer page is cut there)."""


def shot(page, name: str) -> Path:
    """A full-page screenshot in artifacts/screenshots/ (listed in the closing notes).

    Streamlit scrolls inside its main area, not the document, so Playwright's ``full_page``
    alone stops at the window: the window is made as tall as the content for the picture."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    size = page.viewport_size
    tall = page.evaluate("""() => Math.max(document.documentElement.scrollHeight, ...[
        ...document.querySelectorAll("[data-testid='stMain'], [data-testid='stSidebarContent']")
        ].map(e => e.scrollHeight))""")
    grow = size is not None and tall > size["height"]
    if grow:
        page.set_viewport_size({"width": size["width"], "height": min(tall, TALLEST_SHOT)})
        page.wait_for_timeout(600)  # charts and tables draw the newly visible part
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        if grow:
            page.set_viewport_size(size)
    return path


def no_exception(page) -> bool:
    return page.locator("[data-testid='stException']").count() == 0


# Reading figures and moving widgets (the persona tests, test_personas.py) ---------------------

def keyed(page, key: str):
    """The element a widget with ``key`` sits in (Streamlit writes ``::`` as ``--`` in its
    ``st-key-`` class)."""
    return page.locator(f".st-key-{key.replace('::', '--')}")


def slider_value(page, key: str) -> str:
    """What the slider with ``key`` shows on its thumb ("￥618,000", "1.25")."""
    return keyed(page, key).locator("[data-testid='stSliderThumbValue']").first.inner_text().strip()


def press_slider(page, key: str, press: str, times: int = 1) -> None:
    """Move the slider with ``key`` by ``times`` key presses (``ArrowRight``, ``ArrowLeft``...)
    and wait for the reruns. A press sent before the widget is live can be lost, so the input's
    own value is checked and the missing presses sent again (arrows only)."""
    box = keyed(page, key).locator("[data-testid='stSlider'] input").first
    box.wait_for(state="attached", timeout=30_000)
    step = float(box.get_attribute("step") or 1)
    start = float(box.get_attribute("value"))
    sign = {"ArrowRight": 1, "ArrowUp": 1, "ArrowLeft": -1, "ArrowDown": -1}.get(press)
    for _ in range(3):
        box.focus()
        for _ in range(times):
            box.press(press)
        settle(page)
        if sign is None:
            return
        done = round((float(box.get_attribute("value")) - start) / step) * sign
        if done >= times:
            return
        times -= done
        start = float(box.get_attribute("value"))
    raise AssertionError(f"slider {key} did not take the key presses")


def metrics(page, area: str = "") -> list[tuple[str, str, str | None]]:
    """(label, value, delta) of every metric on the page (or under the selector ``area``), in
    page order; delta None when the metric has none."""
    return page.evaluate(
        """(area) => [...document.querySelectorAll(area + " [data-testid='stMetric']")].map(m => [
            m.querySelector("[data-testid='stMetricLabel']")?.innerText.trim(),
            m.querySelector("[data-testid='stMetricValue']")?.innerText.trim(),
            m.querySelector("[data-testid='stMetricDelta']")?.innerText.trim() ?? null])""",
        area)


def metric_value(page, label: str, nth: int = 0, within=None):
    """The value element of the ``nth`` metric labelled exactly ``label`` (for ``expect``),
    on the page or ``within`` a locator."""
    labelled = (within or page).locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']",
                         has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")))
    return labelled.nth(nth).locator("[data-testid='stMetricValue']")


def box_with_heading(page, heading: str):
    """The innermost block (a bordered container, a column...) holding the heading."""
    return page.locator("[data-testid='stVerticalBlock']").filter(
        has=page.get_by_role("heading", name=heading, exact=True)).last


def navigate(page, group: str, title: str) -> None:
    """Open a page through the top navigation (the session, and its what-ifs, are kept; a
    ``goto`` would start a new session)."""
    page.locator("[data-testid='stTopNavSection']").filter(has_text=group).first.click()
    page.locator("[data-testid='stTopNavDropdownLink']").filter(has_text=title).first.click()
    settle(page)
