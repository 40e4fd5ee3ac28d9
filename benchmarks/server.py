"""A local Hoshu server for the browser tests and the load benchmark."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path | str, timeout: float = 60.0, timing_log: Path | None = None,
                 cpus: set[int] | None = None) -> tuple[str, subprocess.Popen]:
    """Streamlit serving app.py on a free localhost port, its library in ``data_dir``.

    With ``timing_log``, the server records its own time per script run and per slot wait
    there (benchmarks/timed_server.py; the load benchmark); with ``cpus``, it runs on those
    cores only (its affinity, set before it starts, so every thread of it inherits it).

    Returns (base URL, process) once the health check answers; RuntimeError if it does not
    within ``timeout`` seconds.
    """
    port = free_port()
    env = {**os.environ, "HOSHU_DATA_DIR": str(data_dir)}
    launcher = ([sys.executable, "-m", "streamlit"] if timing_log is None else
                [sys.executable, str(ROOT / "benchmarks" / "timed_server.py"), str(timing_log)])
    process = subprocess.Popen(
        [*launcher, "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        preexec_fn=None if cpus is None else lambda: os.sched_setaffinity(0, cpus))
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return url, process
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError(f"the Streamlit server did not start within {timeout:.0f} s")
