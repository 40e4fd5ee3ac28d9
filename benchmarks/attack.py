"""Attack benchmark (issue 17 §1): does the worst allowed share link slow other sessions down?

Run by hand from the repository root: ``python benchmarks/attack.py [--attackers 3]
[--rounds 3]``. A server is started on a free localhost port (and stopped at the end). A light
client, Debian's Chromium through Playwright, times another session's Home page (a fresh browser
context each time, until the script has finished) three ways:

1. with no attack;
2. while ``--attackers`` browser contexts hold the attack link (benchmarks/attack_case.py: 500
   systems, a million incidents a year, tiny repairs, 1,000 engineers) open on
   /downtime_recovery;
3. after those contexts are closed.

It prints the median of each, the ratios to the first against the target (at most 2x), the
server's CPU seconds in each phase, and what the attack page showed. Before the work plan the
attack's quick estimate ran for hours: Home went from 5-7 s to 16-19 s and stayed slow after the
tabs closed.
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

from benchmarks.attack_case import attack_scenario  # noqa: E402
from benchmarks.load import settle  # noqa: E402
from benchmarks.server import start_server  # noqa: E402
from estimators.scenario.share import pack_scenario  # noqa: E402

TARGET = 2.0
"""Largest acceptable slow-down of another session's Home page during the attack."""


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of process ``pid`` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def home_time(browser, url: str) -> float:
    """Seconds until a fresh session's Home page has finished."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(300_000)
    try:
        start = time.perf_counter()
        await page.goto(url, wait_until="commit")
        await page.wait_for_selector("[data-testid='stMetricValue']")
        await settle(page)
        return time.perf_counter() - start
    finally:
        await context.close()


async def phase(browser, url: str, rounds: int, pid: int) -> tuple[list[float], float]:
    """Home times of ``rounds`` fresh sessions, one after the other, and the server's CPU."""
    cpu = cpu_seconds(pid)
    times = [await home_time(browser, url) for _ in range(rounds)]
    return times, cpu_seconds(pid) - cpu


async def run(url: str, pid: int, attackers: int, rounds: int) -> None:
    from playwright.async_api import async_playwright

    chromium = os.environ.get("HOSHU_CHROMIUM") or shutil.which("chromium")
    link = f"{url}/downtime_recovery?s={pack_scenario(attack_scenario())}"
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        await home_time(browser, url)  # warm up the server (imports, caches)
        before, cpu_before = await phase(browser, url, rounds, pid)

        contexts, pages = [], []
        for _ in range(attackers):
            context = await browser.new_context(viewport={"width": 1280, "height": 900})
            page = await context.new_page()
            await page.goto(link, wait_until="commit")
            contexts.append(context)
            pages.append(page)
        await asyncio.sleep(3.0)  # let the attack's scripts get going
        during, cpu_during = await phase(browser, url, rounds, pid)
        shown = []
        for page in pages:
            try:
                await page.wait_for_selector("[data-testid='stAlertContentError']",
                                             timeout=30_000)
                shown.append((await page.locator(
                    "[data-testid='stAlertContentError']").first.inner_text())[:300])
            except Exception as exc:  # a benchmark reports rather than stops
                shown.append(f"no refusal shown ({type(exc).__name__})")
        for context in contexts:
            await context.close()
        await asyncio.sleep(3.0)
        after, cpu_after = await phase(browser, url, rounds, pid)
        await browser.close()

    base = statistics.median(before)
    print(f"Home page of another session, {rounds} fresh sessions each, median (all):")
    for label, times, cpu in (("no attack", before, cpu_before),
                              (f"{attackers} attack tabs open", during, cpu_during),
                              ("after they closed", after, cpu_after)):
        mid = statistics.median(times)
        print(f"  {label:22s} {mid:6.2f} s  ({', '.join(f'{t:.2f}' for t in times)})  "
              f"ratio {mid / base:4.2f}x (target <= {TARGET:.0f}x)  server CPU {cpu:6.1f} s")
    print("The attack page showed:")
    for text in sorted(set(shown)):
        print(f"  {text}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attackers", type=int, default=3, help="browser contexts attacking")
    parser.add_argument("--rounds", type=int, default=3, help="Home loads per phase")
    args = parser.parse_args()
    url, process = start_server(tempfile.mkdtemp(prefix="hoshu-attack-"))
    try:
        asyncio.run(run(url, process.pid, args.attackers, args.rounds))
    finally:
        stopped = time.perf_counter()
        process.terminate()  # SIGTERM, as an operator's stop
        process.wait(timeout=60)
        print(f"server stopped {time.perf_counter() - stopped:.1f} s after SIGTERM")


if __name__ == "__main__":
    main()
