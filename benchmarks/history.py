"""Benchmark: import, collapse and fit a 1,000,000-row incident export (target: under 10 s).

Run by hand from the repository root: ``python benchmarks/history.py``. Writes a synthetic
ServiceNow-style event log (250,000 incidents × 4 update rows, day-first timestamps, ``?`` for
missing values) to a temporary folder, then times reading (pyarrow engine), normalising,
collapsing and fitting the four families on all incidents and per severity.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from estimators.history import load_history  # noqa: E402
from estimators.history.analysis import fit_groups  # noqa: E402

INCIDENTS = 250_000
ROWS_PER_INCIDENT = 4


def write_export(path: Path) -> None:
    rng = np.random.default_rng(0)
    opened = pd.Timestamp("2023-01-01") + pd.to_timedelta(
        rng.uniform(0, 2 * 8760, INCIDENTS), unit="h")
    restore = pd.to_timedelta(rng.lognormal(1.0, 1.3, INCIDENTS), unit="h")
    resolved = (opened + restore).strftime("%d-%m-%Y %H:%M").to_numpy(dtype=object)
    resolved[opened > opened.max() - pd.Timedelta(hours=6)] = "?"  # still open at export
    priority = rng.choice(["1 - Critical", "2 - High", "3 - Moderate", "4 - Low"], INCIDENTS,
                          p=[0.02, 0.08, 0.6, 0.3])
    frame = pd.DataFrame({
        "number": [f"INC{i:07d}" for i in range(INCIDENTS)],
        "incident_state": "Active",
        "opened_at": opened.strftime("%d-%m-%Y %H:%M"),
        "priority": priority,
        "cmdb_ci": rng.choice(["?", "ERP", "Mail", "Web"], INCIDENTS),
        "category": "Category 1",
        "resolved_at": resolved,
        "closed_at": "?",
        "made_sla": rng.choice(["TRUE", "FALSE"], INCIDENTS),
    })
    events = frame.loc[frame.index.repeat(ROWS_PER_INCIDENT)].copy()
    events.insert(2, "sys_mod_count", np.tile(np.arange(ROWS_PER_INCIDENT), INCIDENTS))
    events.to_csv(path, index=False)


def main() -> None:
    path = Path(tempfile.gettempdir()) / "hoshu_history_benchmark.csv"
    if not path.exists():
        write_export(path)
    start = time.perf_counter()
    history = load_history(path)
    loaded = time.perf_counter() - start
    fits = fit_groups(history, "severity")
    total = time.perf_counter() - start
    print(f"rows read {history.report.rows_read:,}, incidents {history.report.incidents:,}, "
          f"dropped {history.report.dropped}")
    print(f"import + collapse: {loaded:.2f} s; with fits (all + per severity): {total:.2f} s "
          f"(target < 10 s: {'met' if total < 10 else 'missed'}, ratio {10 / total:.1f}x)")
    best = fits["all"][0][0]
    print(f"best fit on all incidents: {best.distribution} {best.parameters}")


if __name__ == "__main__":
    main()
