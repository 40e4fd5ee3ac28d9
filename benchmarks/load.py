"""Load benchmark: concurrent sessions against a running Hoshu server on localhost.

Run by hand from the repository root: ``python benchmarks/load.py [--sessions 20] [--url URL]``.
Without ``--url`` a server is started on a free port (and stopped at the end). Each session is
a separate browser context in Debian's Chromium (Playwright), opening its own scenario through
a share link (the home-delivery sample with a monthly fee of its own), then:

1. the Downtime & recovery page with its defaults: a quick estimate (1,000 trial-years per
   strategy) at once, then the full run (10,000 per strategy), timed until the page has
   finished;
2. a switch to the Cost comparison page, timed until its figures are drawn, whose outsourced
   cost must be the one of *this* session's scenario (no session may see another's).

The server runs one full simulation per core pair at a time (pages/downtime_recovery.py), so
the later sessions queue; client and server share this machine's cores.

Prints p50 and p95 of each step, the errors and the isolation failures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.server import start_server  # noqa: E402
from estimators import compare_strategies, format_money, sample_scenario  # noqa: E402
from estimators.scenario.share import pack_scenario  # noqa: E402

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


async def settle(page) -> None:
    """Until the script has finished, twice (pages rerun once after a run)."""
    for _ in range(2):
        await page.wait_for_timeout(500)
        await page.wait_for_selector(IDLE, timeout=300_000)


async def session(browser, url: str, k: int, results: dict) -> None:
    scenario = sample_scenario("home_delivery_cloud").with_changes(
        **{"contract.monthly_fee": 500_000.0 + 7_919.0 * k})
    expected = format_money(compare_strategies(scenario).strategies["outsourced"].annual_total,
                            "JPY")
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(300_000)
    try:
        start = time.perf_counter()
        await page.goto(f"{url}/downtime_recovery?s={pack_scenario(scenario)}",
                        wait_until="commit", timeout=300_000)
        await settle(page)
        results["simulate"].append(time.perf_counter() - start)
        if await page.locator("[data-testid='stException']").count():
            results["errors"].append(f"session {k}: exception on the Downtime page")
        start = time.perf_counter()
        await page.get_by_role("link", name="Cost comparison").first.click()
        await page.wait_for_function(
            "() => document.querySelector('h1')?.innerText.trim() === 'Cost comparison'")
        await page.wait_for_selector("[data-testid='stMetricValue']")
        await settle(page)
        results["switch"].append(time.perf_counter() - start)
        values = await page.locator("[data-testid='stMetricValue']").all_inner_texts()
        if not values:
            results["errors"].append(f"session {k}: no figures on the Cost comparison page")
        elif expected not in values:
            results["isolation"].append(f"session {k}: expected {expected}, saw {values[:3]}")
    except Exception as exc:  # a benchmark reports every failure rather than stopping
        first = str(exc).splitlines()[0][:200] if str(exc) else ""
        results["errors"].append(f"session {k}: {type(exc).__name__}: {first}")
    finally:
        await context.close()


async def run(url: str, sessions: int) -> dict:
    from playwright.async_api import async_playwright

    chromium = os.environ.get("HOSHU_CHROMIUM") or shutil.which("chromium")
    results = {"simulate": [], "switch": [], "errors": [], "isolation": []}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        await asyncio.gather(*(session(browser, url, k, results) for k in range(sessions)))
        await browser.close()
    return results


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(
        values) > 1 else (values[0] if values else float("nan"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--url", help="a running server (default: start one)")
    args = parser.parse_args()
    process = None
    url = args.url
    if url is None:
        url, process = start_server(tempfile.mkdtemp(prefix="hoshu-load-"))
    try:
        start = time.perf_counter()
        results = asyncio.run(run(url, args.sessions))
        wall = time.perf_counter() - start
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
    print(f"{args.sessions} concurrent sessions against {url} in {wall:.1f} s")
    for step, label in (("simulate", "Monte Carlo page (3 × 10,000 trial-years)"),
                        ("switch", "page switch to Cost comparison")):
        times = results[step]
        print(f"  {label}: p50 {percentile(times, 50):.1f} s, p95 {percentile(times, 95):.1f} s "
              f"({len(times)} done)")
    print(f"  errors: {len(results['errors'])}; sessions that saw another's scenario: "
          f"{len(results['isolation'])}")
    for line in results["errors"] + results["isolation"]:
        print("   ", line)


if __name__ == "__main__":
    main()
