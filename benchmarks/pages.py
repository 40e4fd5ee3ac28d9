"""Benchmark: how fast each page answers, server-side (AppTest) and optionally in Chromium.

Run by hand from the repository root: ``python benchmarks/pages.py [--repeats N] [--browser]``.

Targets (issue 16, "the Monte Carlo page keeps up with the user"):

- any widget change on any page shows updated numbers within 0.5 s server-side; on Downtime &
  recovery that is the first updated number (the quick estimate, or the expected model marked
  as such), the full run streaming after it;
- page open -> first number within 1.5 s on a warm server (``--browser``: headless Chromium);
- the Sensitivity & break-even page's Break-even tab within 2 s.

Server-side figures are timed from the widget change (or page switch) to the first element
showing a number that the script run draws (a metric, chart, table or message: Streamlit sends
each to the browser as it is drawn); "complete" is the whole run, answers computed in the
background and the rerun that draws them included. Every figure is the best of
``--repeats`` runs, each on a what-if value not seen before (nothing cached for it), except the
page opens, which come warm (the page's module imported, as on a running server).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from tests.hoshu_app import GOTO  # noqa: E402

SAMPLE = "home_delivery_cloud"
RATE = f"rate_multiplier::{SAMPLE}"
WIDGET_TARGET = 0.5
OPEN_TARGET = 1.5
BREAKEVEN_TARGET = 2.0
PAGES = ("home", "cost_comparison", "downtime_recovery", "decision", "presenter", "compare")
BROWSER_PAGES = ("home", "cost_comparison", "downtime_recovery")


def app() -> AppTest:
    """Hoshu as the tests drive it (tests/hoshu_app.py), its first run done."""
    at = AppTest.from_file(str(ROOT / "tests" / "hoshu_app.py"), default_timeout=120)
    at.run()
    return at


NUMBERS = {"metric", "plotly_chart", "dataframe", "alert"}
"""Elements that show a number: the first of them drawn after a change is the figure timed."""
_first: list[float] = []


def _watch_numbers() -> None:
    """Note when the script run draws its first number (Streamlit sends each element to the
    browser as it is drawn, so this is when the user sees one)."""
    from streamlit.delta_generator import DeltaGenerator

    enqueue = DeltaGenerator._enqueue

    def noting(self, delta_type, *args, **kwargs):
        if delta_type in NUMBERS and not _first:
            _first.append(time.perf_counter())
        return enqueue(self, delta_type, *args, **kwargs)

    DeltaGenerator._enqueue = noting


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """(seconds to the first number drawn, seconds to the end of the run: the page complete,
    background answers included)."""
    _first.clear()
    start = time.perf_counter()
    action()
    end = time.perf_counter()
    return (_first[0] if _first else end) - start, end - start


def report(name: str, figures: list[tuple[float, float]], target: float) -> None:
    seconds = min(f[0] for f in figures)
    complete = min(f[1] for f in figures)
    verdict = "met" if seconds <= target else "missed"
    print(f"{name:50} {seconds:6.2f} s  target {target:4.1f} s  ratio {seconds / target:5.2f}"
          f"  {verdict:6} (complete {complete:5.2f} s)", flush=True)


def goto(at: AppTest, name: str) -> AppTest:
    at.session_state[GOTO] = name
    return at.run()


def check(at: AppTest, what: str) -> None:
    if at.exception:
        raise RuntimeError(f"{what}: {at.exception[0].message}")


def slider_values(repeats: int) -> list[float]:
    """Rate multipliers not used before in this process (no cached result for them)."""
    return [round(1.05 + 0.05 * i, 2) for i in range(repeats)]


def server_side(repeats: int) -> None:
    print("Server-side (AppTest), best of", repeats, "- seconds to the first number drawn")
    _watch_numbers()
    at = app()
    values = iter(slider_values(len(PAGES) * repeats * 2 + 8))
    for name in PAGES:
        opens = []
        for _ in range(repeats):
            goto(at, "glossary")
            opens.append(timed(lambda n=name: goto(at, n)))
            check(at, name)
        report(f"{name}: open", opens, OPEN_TARGET)
        moves = []
        for _ in range(repeats):
            value = next(values)
            moves.append(timed(lambda v=value: at.slider(key=RATE).set_value(v).run()))
            check(at, name)
        label = ("downtime_recovery: what-if moved -> quick estimate"
                 if name == "downtime_recovery" else f"{name}: what-if slider moved")
        report(label, moves, WIDGET_TARGET)
        if name == "downtime_recovery":
            shown = [c.value for c in at.caption if "Trial-years run" in c.value]
            print(f"    (shown: {shown[0][:90] if shown else 'no simulation caption'}...)")
        at.slider(key=RATE).set_value(1.0).run()
    trials = []
    for _ in range(repeats):
        goto(at, "downtime_recovery")
        value = next(values)
        at.slider(key=RATE).set_value(value)
        trials.append(timed(lambda: at.select_slider(key="trials").set_value(1_000).run()))
        check(at, "trials")
        at.select_slider(key="trials").set_value(10_000).run()
    report("downtime_recovery: trial-years 10,000 -> 1,000", trials, WIDGET_TARGET)
    breakeven_tab(at, repeats, values)


def breakeven_tab(at: AppTest, repeats: int, values) -> None:
    goto(at, "decision")
    opens, moves = [], []
    for _ in range(repeats):
        at.session_state["decision_tab"] = "Sensitivity"
        at.slider(key=RATE).set_value(next(values)).run()
        at.session_state["decision_tab"] = "Break-even"
        opens.append(timed(at.run))
        check(at, "break-even")
        moves.append(timed(lambda: at.slider(key=RATE).set_value(next(values)).run()))
        check(at, "break-even")
    report("decision: Break-even tab opened (new scenario)", opens, BREAKEVEN_TARGET)
    report("decision: what-if moved on the Break-even tab", moves, WIDGET_TARGET)
    at.session_state["decision_tab"] = "Sensitivity"


def browser(repeats: int) -> None:
    """Page open -> first metric in headless Chromium, on a cold then a warm server."""
    from playwright.sync_api import sync_playwright

    from benchmarks.server import start_server
    from tests.e2e.driver import CHROMIUM, browsing

    if not CHROMIUM:
        print("Chromium not found: browser figures skipped")
        return
    print("Browser (headless Chromium): page open -> first number shown")
    data = Path(tempfile.mkdtemp(prefix="hoshu-bench-"))
    url, server = start_server(data)
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for round_ in range(repeats + 1):
                for name in BROWSER_PAGES:
                    with browsing(chromium) as page:
                        start = time.perf_counter()
                        page.goto(f"{url}/{name}")
                        page.wait_for_selector("[data-testid='stMetricValue']", timeout=120_000)
                        seconds = time.perf_counter() - start
                    if round_ == 0:
                        print(f"{name + ': cold server':50} {seconds:6.2f} s")
                    else:
                        report(f"{name}: warm server (round {round_})", [(seconds, seconds)],
                               OPEN_TARGET)
            chromium.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)


def main() -> None:
    os.environ.setdefault("HOSHU_DATA_DIR", tempfile.mkdtemp(prefix="hoshu-bench-lib-"))
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--browser", action="store_true", help="also time Chromium page opens")
    parser.add_argument("--browser-only", action="store_true", help="only the Chromium figures")
    args = parser.parse_args()
    if not args.browser_only:
        server_side(args.repeats)
    if args.browser_only:
        browser(args.repeats)
        return
    if args.browser:
        browser(args.repeats)


if __name__ == "__main__":
    main()
