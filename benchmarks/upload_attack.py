"""Benchmark: another session's Home while one session uploads each attack file of issue 17.

Run by hand from the repository root: ``python benchmarks/upload_attack.py [--url URL]``.
Without ``--url`` a server is started on a free port (benchmarks/server.py) and stopped at the
end; with it, any running Hoshu (e.g. an older checkout, for the figures before the fix).

Two browser sessions (Debian's Chromium through Playwright; ``HOSHU_CHROMIUM`` overrides the
path). First session B opens Home three times alone: the baseline. Then, for each file written
by benchmarks/upload_files.py, session A opens Incident history and uploads it, and one second
later session B opens Home. Printed per file: A's time from the upload to the page's answer (the
refusal, or the preview once read) with its first words, and B's Home time beside the baseline.

The files: the Parquet bomb (20 M dictionary-encoded rows, ~175 KB), the xlsx bomb (316 MB of
sheet XML in ~1.2 MB), an ordinary workbook under the caps whose 40 MB of XML takes openpyxl
tens of seconds (parsed in the child process), the 50,000-column header and a 19 MB cell (the
issue's was 50 MB, but the server refuses any upload over ``server.maxUploadSize``, 20 MB).
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
from benchmarks.upload_files import (  # noqa: E402
    big_cell_csv,
    parquet_bomb,
    wide_csv,
    xlsx_file,
)

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
TIMEOUT_MS = 600_000


async def settle(page) -> None:
    """Until the script has finished, twice (pages rerun once after a run)."""
    for _ in range(2):
        await page.wait_for_timeout(300)
        await page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)


async def open_home(context, url: str) -> float:
    """Seconds from navigation to Home's figures drawn and its script finished."""
    page = await context.new_page()
    try:
        start = time.perf_counter()
        await page.goto(f"{url}/", wait_until="commit", timeout=TIMEOUT_MS)
        await page.wait_for_selector("[data-testid='stMetricValue']", timeout=TIMEOUT_MS)
        await settle(page)
        return time.perf_counter() - start
    finally:
        await page.close()


async def upload(context, url: str, path: Path) -> tuple[float, str]:
    """Seconds from choosing the file to the page's answer, and the answer's first words."""
    page = await context.new_page()
    try:
        await page.goto(f"{url}/incident_history", timeout=TIMEOUT_MS)
        await page.wait_for_selector("input[type=file]", state="attached", timeout=TIMEOUT_MS)
        await settle(page)
        start = time.perf_counter()
        await page.locator("input[type=file]").set_input_files(str(path))
        answer = page.locator("[data-testid='stAlertContentError'], "
                              "[data-testid='stDataFrame'], "
                              "[data-testid='stFileChipIconError']").first
        await answer.wait_for(timeout=TIMEOUT_MS)
        await settle(page)
        seconds = time.perf_counter() - start
        if await page.locator("[data-testid='stFileChipIconError']").count():
            return seconds, "refused by the server's upload limit"
        errors = await page.locator("[data-testid='stAlertContentError']").all_inner_texts()
        if not errors:
            return seconds, "read: preview shown"
        lines = [line for line in errors[0].splitlines() if len(line) > 20]  # not the icon
        return seconds, (lines[0] if lines else errors[0])[:110]
    finally:
        await page.close()


def attack_files(folder: Path) -> dict[str, Path]:
    return {
        "Parquet bomb, 20 M dictionary rows": parquet_bomb(folder / "bomb.parquet"),
        "xlsx bomb, 316 MB of sheet XML": xlsx_file(folder / "bomb.xlsx", 1_560_000,
                                                    repeat=True),
        "ordinary xlsx, 40 MB of XML": xlsx_file(folder / "big.xlsx", 200_000),
        "CSV header of 50,000 columns": wide_csv(folder / "wide.csv"),
        # The cell was 50 MB; the server takes at most server.maxUploadSize (20 MB).
        "CSV with a 19 MB cell": big_cell_csv(folder / "cell.csv", 19_000_000),
    }


async def run(url: str, files: dict[str, Path]) -> tuple[list[float], list[tuple]]:
    from playwright.async_api import async_playwright

    chromium = os.environ.get("HOSHU_CHROMIUM") or shutil.which("chromium")
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        uploader = await browser.new_context(viewport={"width": 1280, "height": 900})
        viewer = await browser.new_context(viewport={"width": 1280, "height": 900})
        await open_home(viewer, url)  # warm: the first run of a page imports its modules
        baseline = [await open_home(viewer, url) for _ in range(3)]
        rows = []
        print(f"Home alone: {', '.join(f'{b:.1f}' for b in baseline)} s", flush=True)
        for label, path in files.items():
            print(f"{label}: uploading", flush=True)
            task = asyncio.create_task(upload(uploader, url, path))
            await asyncio.sleep(1.0)  # the upload is under way (its page is already open)
            home = await open_home(viewer, url)
            seconds, answer = await task
            rows.append((label, path.stat().st_size, seconds, answer, home))
            print(f"    answered in {seconds:.1f} s, Home meanwhile {home:.1f} s", flush=True)
        await browser.close()
    return baseline, rows


def server_memory(pid: int | None) -> dict[str, str]:
    """The server process's peak and current resident memory (Linux), e.g. "812 MB"."""
    try:
        with open(f"/proc/{pid}/status") as status:
            lines = dict(line.split(":", 1) for line in status if ":" in line)
    except (OSError, TypeError):
        return {}
    return {k: f"{int(lines[k].split()[0]) / 1024:,.0f} MB" for k in ("VmHWM", "VmRSS")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", help="a running server (default: start one)")
    parser.add_argument("--pid", type=int, help="the running server's process, for its memory")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hoshu-upload-attack-"))
    files = attack_files(folder)
    process = None
    url = args.url
    if url is None:
        url, process = start_server(folder / "data")
    pid = args.pid if process is None else process.pid
    try:
        baseline, rows = asyncio.run(run(url, files))
        memory = server_memory(pid)
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    alone = statistics.median(baseline)
    print(f"Home alone: median {alone:.1f} s ({', '.join(f'{b:.1f}' for b in baseline)})")
    for label, size, seconds, answer, home in rows:
        print(f"{label} ({size:,} bytes): answered in {seconds:.1f} s — {answer}")
        print(f"    another session's Home meanwhile: {home:.1f} s ({home / alone:.1f}× alone)")
    if memory:
        print(f"Server process memory: peak {memory['VmHWM']}, still held {memory['VmRSS']}")


if __name__ == "__main__":
    main()
