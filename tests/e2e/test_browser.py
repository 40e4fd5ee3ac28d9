"""End-to-end: the real app in headless Chromium (Debian's, driven by Playwright).

A Streamlit server starts on a free localhost port; every page is opened, checked for
exceptions and photographed (artifacts/screenshots/); a slider is moved and the figure it
drives must change; the language is switched. Chromium comes from the system (``.ci/run``
installs Debian's package); without it the module is skipped, except under CI where that is
a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmarks.server import start_server as serve

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
PAGES = ["", "cost_comparison", "downtime_recovery", "incident_history", "decision", "compare",
         "workspace", "editor", "presenter", "glossary"]
CHROMIUM = os.environ.get("HOSHU_CHROMIUM") or shutil.which("chromium") or shutil.which(
    "chromium-browser")

if not CHROMIUM:
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Chromium for the browser tests (apt-get install chromium)")
    pytest.skip("no Chromium on this machine", allow_module_level=True)

playwright_api = pytest.importorskip("playwright.sync_api")
sync_playwright, expect = playwright_api.sync_playwright, playwright_api.expect


def start_server(data_dir: Path) -> tuple[str, subprocess.Popen]:
    try:
        return serve(data_dir)
    except RuntimeError as exc:
        pytest.fail(str(exc))


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


def settle(page) -> None:
    """Wait until the script has finished (twice over, for reruns), then for drawing."""
    for _ in range(2):
        page.wait_for_timeout(800)
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']",
                               timeout=90_000)
    page.wait_for_timeout(800)


@contextmanager
def browsing(browser):
    """A page in a browser context of its own, closed afterwards."""
    context = browser.new_context(viewport={"width": 1440, "height": 1200})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser):
    with browsing(browser) as opened:
        yield opened


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_without_exception(server, page, path):
    page.goto(f"{server}/{path}")
    settle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("h1").first.inner_text().strip()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{path or 'home'}.png"), full_page=True)


def test_slider_moves_the_figures(server, page):
    page.goto(f"{server}/cost_comparison")
    settle(page)
    metric = page.locator("[data-testid='stMetricValue']").first
    before = metric.inner_text()
    slider = page.locator("[data-testid='stSidebar'] [data-testid='stSlider'] input").first
    for attempt in range(3):  # a busy machine may drop a key press sent before the widget is live
        slider.focus()
        slider.press("End")  # incident-rate multiplier to its maximum
        settle(page)
        try:
            expect(metric).not_to_have_text(before, timeout=20_000)  # the rerun may start late
            break
        except AssertionError:
            if attempt == 2:
                raise
    assert page.locator("[data-testid='stException']").count() == 0


def test_language_switch(server, page):
    page.goto(f"{server}/cost_comparison")
    settle(page)
    assert page.locator("h1").first.inner_text().strip() == "Cost comparison"
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
    page.get_by_role("option", name="日本語").click()
    settle(page)
    assert page.locator("h1").first.inner_text().strip() == "コスト比較"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "cost_comparison_ja.png"), full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0


def test_decision_tabs_each_render(server, page):
    page.goto(f"{server}/decision")
    settle(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, shot in (("Global sensitivity", "decision_sobol"), ("Break-even",
                       "decision_breakeven"), ("Optimise", "decision_optimise")):
        page.get_by_role("tab", name=name).click()
        settle(page)
        if name == "Global sensitivity":
            page.get_by_role("button", name="Compute Sobol indices").click()
            settle(page)
            assert page.locator("[data-testid='stPlotlyChart']").count() >= 1
        assert page.locator("[data-testid='stException']").count() == 0, name
        page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    # The optimise tab draws the scope matrix and the preventive curve.
    assert page.locator("[data-testid='stPlotlyChart']").count() >= 2


def test_links_between_pages(server, page):
    """Pages link to each other through their st.Page: Home's button and link, Presenter's way
    out."""
    page.goto(server)
    settle(page)
    page.get_by_role("button", name="Open its cost comparison").click()
    settle(page)
    assert page.url.split("?")[0] == f"{server}/cost_comparison"
    assert page.locator("h1").first.inner_text().strip() == "Cost comparison"
    page.goto(server)
    settle(page)
    page.get_by_role("link", name="Bring your incident history").click()
    settle(page)
    assert page.locator("h1").first.inner_text().strip() == "Incident history"
    page.goto(f"{server}/presenter")
    settle(page)
    page.get_by_role("link", name="Leave presenter mode").click()
    settle(page)
    assert page.url.split("?")[0] == f"{server}/cost_comparison"
    assert page.locator("[data-testid='stException']").count() == 0


NAVIGATION = ["Home", "Cost comparison", "Downtime & recovery", "Incident history",
              "Sensitivity & break-even", "Compare", "Scenario library", "Edit scenario",
              "Presenter", "Glossary"]


def test_deep_link_as_the_first_request_of_a_fresh_server(browser, tmp_path):
    """A fresh server's first run belongs to Streamlit's legacy pages/ discovery, which runs the
    linked file instead of app.py (pages/__init__.py). A shared link as the very first request
    still shows its page and scenario, under app.py's one navigation, with no "Page not found"."""
    from estimators import sample_scenario
    from estimators.scenario.share import pack_scenario

    shared = sample_scenario("ecommerce_24x7").with_changes(**{"contract.monthly_fee": 54_321})
    url, process = start_server(tmp_path)
    try:
        with browsing(browser) as page:
            page.goto(f"{url}/cost_comparison?s={pack_scenario(shared)}")
            settle(page)
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "fresh_server_deep_link.png"), full_page=True)
            assert page.locator("h1").first.inner_text().strip() == "Cost comparison"
            assert page.get_by_text(shared.name).count() >= 1
            links = page.locator("[data-testid='stTopNavLink']").all_inner_texts()
            assert [text.strip().split("\n")[-1] for text in links] == NAVIGATION
            assert page.locator("[data-testid='stSidebarNav']").count() == 0  # no legacy menu
            assert page.get_by_text("Page not found").count() == 0
            assert page.locator("[data-testid='stException']").count() == 0
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_server_killed_during_a_save_loses_nothing(browser, tmp_path):
    """Save versions through the editor, SIGKILL the server mid-save, restart: every version
    confirmed before the kill is there, the library is consistent, and the app opens it."""
    import signal
    import sqlite3

    from estimators import sample_scenario
    from estimators.scenario.library import ScenarioLibrary

    ScenarioLibrary(tmp_path / "library.sqlite3").save("Plan", sample_scenario(
        "home_delivery_cloud"))
    url, process = start_server(tmp_path)
    context = browser.new_context(viewport={"width": 1440, "height": 1200})
    page = context.new_page()
    try:
        page.goto(f"{url}/editor?lib=Plan")
        settle(page)
        confirmed = 1
        for _ in range(3):
            page.get_by_role("button", name="Save as a new version").click()
            settle(page)
            confirmed += 1
            assert page.get_by_text(f"Saved version {confirmed}").count() == 1
        page.get_by_role("button", name="Save as a new version").click()
        page.wait_for_timeout(150)  # the save is under way
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=20)
    finally:
        context.close()
    library = ScenarioLibrary(tmp_path / "library.sqlite3")
    numbers = sorted(v.version for v in library.versions("Plan"))
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= confirmed
    for number in numbers:
        assert library.load("Plan", number) == sample_scenario("home_delivery_cloud")
    with sqlite3.connect(tmp_path / "library.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    url, process = start_server(tmp_path)  # restart on the same library
    try:
        context = browser.new_context(viewport={"width": 1440, "height": 1200})
        page = context.new_page()
        page.goto(f"{url}/workspace?lib=Plan")
        settle(page)
        assert page.locator("[data-testid='stException']").count() == 0
        context.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
