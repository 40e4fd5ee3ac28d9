"""Load benchmark: concurrent sessions against a Hoshu server on localhost, measured fairly.

Run by hand from the repository root:
``python benchmarks/load.py [--sessions 1 5 20] [--think 1.0] [--ramp 0]``.

The server is started for each count of sessions, pinned to one core (its affinity, all its
threads), and the clients run on the other cores, so the figures are the server's, not twenty
browsers' competing with it for the same two cores (issue 16 §4: the first version of this
benchmark drove twenty Chromium instances on the server's cores and measured them). The clients
are light: each session speaks Streamlit's own websocket protocol (protobuf BackMsg/ForwardMsg,
what the browser sends: a script run with the page, the address's query and the widgets
triggered) and reads what the server draws, without rendering it.

The server records its own time (benchmarks/timed_server.py): the wall time of each script run
of each session, its script thread's CPU time, and each simulation's waits for its slot.

Each session, after a warm-up session nobody counts, opens its own scenario through a share
link (the home-delivery sample with a monthly fee of its own), with ``--think`` seconds between
steps and the sessions' starts spread over ``--ramp`` seconds (0: all at once, the worst case):

1. the Downtime & recovery page: the quick estimate (1,000 trial-years per strategy), drawn;
2. "Run the full simulation" (10,000 per strategy): until the page has drawn the full run
   (the run's waits for its slot are recorded: first in the queue, then between its turns);
3. a switch to the Cost comparison page, whose outsourced cost must be the one of *this*
   session's scenario (no session may see another's);
4. a switch back to Downtime & recovery (the finished run, from the store).

Prints, per count of sessions and per step, p50 and p95 of the server's own time (the session's
script runs during the step, summed) and of the time the client saw, against the targets
(page switch p95 <= 2 s, quick estimate p95 <= 3 s), the full runs' queue waits, the largest
"queued, N ahead" a session was shown, the errors and the isolation failures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from benchmarks.server import start_server  # noqa: E402
from estimators import compare_strategies, format_money, sample_scenario  # noqa: E402
from estimators.scenario.share import pack_scenario  # noqa: E402

TARGETS = {"quick": 3.0, "switch": 2.0, "back": 2.0}
"""p95 targets (s) of the server's time with 20 sessions on its share of the machine."""
STEPS = {"quick": "Monte Carlo page with its quick estimate",
         "full": "full run (3 × 10,000 trial-years) until drawn",
         "switch": "page switch to Cost comparison",
         "back": "page switch back to Downtime (run stored)"}
STEP_TIMEOUT = 600.0
"""Seconds a step may take before the session gives up (reported as an error)."""


class Client:
    """One browser tab's worth of Streamlit protocol: ask for script runs, read what is drawn."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.session_id = ""
        self.pages: dict[str, str] = {}  # URL path -> page script hash
        self.buttons: dict[str, str] = {}  # user key -> widget id
        self.metrics: list[str] = []
        self.progress: list[str] = []
        self.exceptions: list[str] = []

    async def run(self, page: str, query: str = "", trigger: str | None = None) -> None:
        """A script run of ``page`` (its URL path), with the button of user key ``trigger``
        pressed; returns once the server has finished it and any rerun it asked for."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string, state.page_name = query, page
        state.page_script_hash = self.pages.get(page, "")
        if trigger is not None:
            widget = state.widget_states.widgets.add()
            widget.id, widget.trigger_value = self.buttons[trigger], True
        self.metrics, self.progress, self.exceptions = [], [], []
        await self.ws.send(msg.SerializeToString())
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(await asyncio.wait_for(self.ws.recv(), STEP_TIMEOUT))
            kind = reply.WhichOneof("type")
            if kind == "new_session":
                self.session_id = reply.new_session.initialize.session_id
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash
                              for p in reply.navigation.app_pages}
            elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                self._read(reply.delta.new_element)
            elif kind == "script_finished" and reply.script_finished in (
                    ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR):
                return

    def _read(self, element) -> None:
        kind = element.WhichOneof("type")
        if kind == "button" and "-" in element.button.id:
            self.buttons[element.button.id.rsplit("-", 1)[-1]] = element.button.id
        elif kind == "metric":
            self.metrics.append(element.metric.body)
        elif kind == "progress":
            self.progress.append(element.progress.text)
        elif kind == "exception":
            self.exceptions.append(element.exception.message[:200])


@dataclass
class Results:
    """Per step: (session id, client start, client end) of each session's step."""

    steps: dict[str, list[tuple[str, float, float]]] = field(
        default_factory=lambda: defaultdict(list))
    ahead: list[int] = field(default_factory=list)  # most "N ahead" each full run was shown
    errors: list[str] = field(default_factory=list)
    isolation: list[str] = field(default_factory=list)


async def session(url: str, k: int, delay: float, think: float, results: Results | None) -> None:
    """Session ``k``: its own scenario, the four steps; ``results`` None for the warm-up."""
    import websockets

    scenario = sample_scenario("home_delivery_cloud").with_changes(
        **{"contract.monthly_fee": 500_000.0 + 7_919.0 * k})
    expected = format_money(compare_strategies(scenario).strategies["outsourced"].annual_total,
                            "JPY")
    query = f"s={pack_scenario(scenario)}"
    await asyncio.sleep(delay)
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    step = "connect"
    try:
        async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None,
                                      open_timeout=STEP_TIMEOUT) as ws:
            client = Client(ws)
            for step, page, trigger in (("quick", "downtime_recovery", None),
                                        ("full", "downtime_recovery", "mc_run"),
                                        ("switch", "cost_comparison", None),
                                        ("back", "downtime_recovery", None)):
                if step != "quick":
                    await asyncio.sleep(think)
                if trigger is not None and trigger not in client.buttons:
                    raise RuntimeError(f"no {trigger} button on the page")
                start = time.time()
                await client.run(page, query, trigger)
                end = time.time()
                if results is None:
                    continue
                results.steps[step].append((client.session_id, start, end))
                if client.exceptions:
                    results.errors.append(f"session {k} {step}: {client.exceptions[0]}")
                if step == "full":
                    shown = [int(text.split(",")[1].split()[0]) for text in client.progress
                             if text.startswith("Queued,")]
                    shown += [0 for text in client.progress if text.startswith("Queued:")]
                    results.ahead.append(max(shown, default=-1))
                if step == "switch" and expected not in client.metrics:
                    results.isolation.append(
                        f"session {k}: expected {expected}, saw {client.metrics[:3]}")
    except Exception as exc:  # a benchmark reports every failure rather than stopping
        if results is not None:
            first = str(exc).splitlines()[0][:200] if str(exc) else ""
            results.errors.append(f"session {k} {step}: {type(exc).__name__}: {first}")


def read_log(path: Path) -> tuple[dict[str, list[tuple[float, float, float]]], list[tuple]]:
    """The server's script runs by session (start, end, cpu) and its slot waits."""
    runs: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    waits: list[tuple] = []
    for line in path.read_text().splitlines():
        fields = line.split("\t")
        if fields[0] == "run":
            runs[fields[1]].append((float(fields[3]), float(fields[4]), float(fields[5])))
        elif fields[0] == "wait":
            waits.append((fields[1], fields[2], fields[3], float(fields[4])))
    return runs, waits


def server_times(runs: list[tuple[float, float, float]], start: float,
                 end: float) -> tuple[float, float]:
    """Wall and CPU seconds of a session's script runs that started within a step."""
    inside = [r for r in runs if start - 0.05 <= r[0] <= end]
    return sum(e - s for s, e, _ in inside), sum(c for _, _, c in inside)


def percentile(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def measure(count: int, think: float, ramp: float, server_cpus: set[int]) -> None:
    """Start a pinned, timed server, run ``count`` sessions, print the figures."""
    folder = Path(tempfile.mkdtemp(prefix="hoshu-load-"))
    log = folder / "server-times.tsv"
    url, process = start_server(folder / "data", timing_log=log, cpus=server_cpus)
    results = Results()
    try:
        asyncio.run(session(url, 10_000, 0.0, 0.0, None))  # warm-up: imports, caches
        started = time.time()
        asyncio.run(_all(url, count, think, ramp, results))
        wall = time.time() - started
    finally:
        process.terminate()
        process.wait(timeout=30)
    runs, waits = read_log(log)
    measured = {sid for done in results.steps.values() for sid, _, _ in done}
    waits = [w for w in waits if w[2] in measured]  # not the warm-up's
    print(f"\n{count} concurrent session(s), think {think:g} s, starts spread over {ramp:g} s: "
          f"{wall:.1f} s in all (server on core(s) {sorted(server_cpus)}, clients on "
          f"{sorted(os.sched_getaffinity(0))})")
    for step, label in STEPS.items():
        done = results.steps[step]
        server = [server_times(runs[sid], s, e) for sid, s, e in done]
        walls, cpus = [w for w, _ in server], [c for _, c in server]
        seen = [e - s for _, s, e in done]
        target = TARGETS.get(step)
        verdict = "" if target is None or not walls else (
            f"; target p95 <= {target:g} s: {percentile(walls, 95) / target:.2f}× target")
        print(f"  {label} ({len(done)} done): server p50 {percentile(walls, 50):.2f} s, "
              f"p95 {percentile(walls, 95):.2f} s (script-thread CPU p50 "
              f"{percentile(cpus, 50):.2f} s); client saw p50 {percentile(seen, 50):.2f} s, "
              f"p95 {percentile(seen, 95):.2f} s{verdict}")
    for pool in ("quick", "full"):
        first = [w for p, kind, _, w in waits if p == pool and kind == "first"]
        turns: dict[str, float] = defaultdict(float)
        for p, kind, sid, w in waits:
            if p == pool and kind == "turn":
                turns[sid] += w
        if first:
            print(f"  {pool} runs' wait for a slot before starting: p50 {percentile(first, 50):.2f}"
                  f" s, p95 {percentile(first, 95):.2f} s, most {max(first):.2f} s ({len(first)} "
                  f"waits)" + (f"; waits between turns, per run: p50 "
                               f"{percentile(list(turns.values()), 50):.2f} s, p95 "
                               f"{percentile(list(turns.values()), 95):.2f} s" if turns else ""))
    if results.ahead:
        print(f"  'queued, N ahead' shown: most N per full run p50 "
              f"{percentile([float(a) for a in results.ahead], 50):.0f}, most {max(results.ahead)}"
              f" (-1: never queued)")
    print(f"  errors: {len(results.errors)}; sessions that saw another's scenario: "
          f"{len(results.isolation)}")
    for line in results.errors + results.isolation:
        print("   ", line)


async def _all(url: str, count: int, think: float, ramp: float, results: Results) -> None:
    await asyncio.gather(*(session(url, k, ramp * k / max(1, count), think, results)
                           for k in range(count)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 20])
    parser.add_argument("--think", type=float, default=1.0,
                        help="seconds between a session's steps")
    parser.add_argument("--ramp", type=float, default=0.0,
                        help="seconds over which the sessions start (0: all at once)")
    args = parser.parse_args()
    cores = sorted(os.sched_getaffinity(0))
    server_cpus = {cores[0]}
    if len(cores) > 1:  # the clients (this process) on the other cores
        os.sched_setaffinity(0, set(cores[1:]))
    for count in args.sessions:
        measure(count, args.think, args.ramp, server_cpus)


if __name__ == "__main__":
    main()
