"""Streamlit serving Hoshu with the server's own time recorded, for the load benchmark only.

``python benchmarks/timed_server.py LOG streamlit-run-arguments...`` runs ``streamlit run``
in this process after wrapping two things, so the app itself is unchanged (nothing is recorded
by a normal server):

- each script run of a session (``ScriptRunner._run_script``: one request of the browser,
  with the reruns it asks for): one line ``run <session> <page> <start> <end> <cpu>``, start and
  end wall clock (``time.time()``, s), cpu the script thread's CPU time (s; the Monte Carlo's
  worker threads are not counted);
- each wait of a simulation for its slot (:meth:`pages._fair_share.FairShare.wait`, from the
  end of the first script run that imported it: the benchmark's warm-up session): one line
  ``wait <quick|full> <first|turn> <session> <seconds>``, ``first`` before the run started,
  ``turn`` between two of its turns.

Lines are appended to LOG (tab-separated) as they happen.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _wrap(log_path: str) -> None:
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    lock = threading.Lock()
    out = open(log_path, "a", buffering=1)  # noqa: SIM115 - open for the server's lifetime

    def write(*fields: object) -> None:
        with lock:
            out.write("\t".join(str(f) for f in fields) + "\n")

    run_script = ScriptRunner._run_script

    def timed_run_script(self, rerun_data) -> None:
        start, cpu = time.time(), time.thread_time()
        try:
            run_script(self, rerun_data)
        finally:
            time_the_waits()
            write("run", self._session_id, rerun_data.page_name or "-", f"{start:.4f}",
                  f"{time.time():.4f}", f"{time.thread_time() - cpu:.4f}")

    started: dict[int, object] = {}  # id -> ticket (kept, so that no new ticket reuses its id)

    def time_the_waits() -> None:
        """Wrap FairShare.wait once the app has imported it: importing ``pages`` here, before
        the first script run, would skip the package's routing workaround (pages/__init__.py)."""
        module = sys.modules.get("pages._fair_share")
        if module is None or getattr(module.FairShare.wait, "timed", False):
            return
        wait = module.FairShare.wait

        def timed_wait(self, ticket, *args, **kwargs) -> None:
            kind = "turn" if started.get(id(ticket)) is ticket else "first"
            start = time.perf_counter()
            try:
                wait(self, ticket, *args, **kwargs)
            finally:
                write("wait", "full" if self.rotate else "quick", kind, ticket.session,
                      f"{time.perf_counter() - start:.4f}")
            started[id(ticket)] = ticket

        timed_wait.timed = True
        module.FairShare.wait = timed_wait

    ScriptRunner._run_script = timed_run_script


if __name__ == "__main__":
    _wrap(sys.argv[1])
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[2:]]
    cli.main()
