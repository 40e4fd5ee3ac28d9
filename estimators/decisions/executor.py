"""Where sweeps run: in this process, in local worker processes, or on a Dask cluster.

Every sweep (tornado, break-even map, the optimisers' candidate screens) hands its evaluations
to an :class:`Executor`, whose one method is ``map(fn, items) -> list`` in the order of
``items``. ``fn`` must be a module-level function and the items picklable, so the same sweep
runs unchanged on any executor.

* :class:`SerialExecutor`: a plain loop (tests, notebooks, tiny sweeps).
* :class:`LocalProcesses` (the default): a pool of worker processes on this machine, started
  once (about 2 s: each worker imports numpy, scipy and pandas) and reused. Sweeps smaller
  than ``min_items`` run in this process: one evaluation of the expected model takes about
  8 ms, so shipping a small sweep elsewhere costs more than it saves.
* :class:`DaskExecutor`: a ``distributed.Client`` connected to a running Dask scheduler
  (``pip install "hoshu[dask]"``); Dask does the scheduling, data movement and retries.

:func:`executor_from` turns a user's setting ("serial", "local", "local:4", or a scheduler
address such as "tcp://10.0.0.5:8786") into one.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol

from estimators.text import Text

__all__ = ["DaskExecutor", "Executor", "LocalProcesses", "SerialExecutor", "default_executor",
           "executor_from"]


class Executor(Protocol):
    """Runs ``fn`` over ``items`` and returns the results in order."""

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]: ...


class SerialExecutor:
    """Evaluate one item after another in this process."""

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
        return [fn(item) for item in items]

    def __repr__(self) -> str:
        return "SerialExecutor()"


class LocalProcesses:
    """A reusable pool of ``workers`` local processes ("spawn": safe beside threads)."""

    def __init__(self, workers: int | None = None, min_items: int = 64):
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.min_items = min_items
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
        items = list(items)
        if self.workers == 1 or len(items) < self.min_items:
            return [fn(item) for item in items]
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
        chunk = max(1, len(items) // (4 * self.workers))
        return list(self._pool.map(fn, items, chunksize=chunk))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def __repr__(self) -> str:
        return f"LocalProcesses(workers={self.workers})"


class DaskExecutor:
    """Submit the evaluations to a Dask distributed cluster at ``address``.

    ``address`` is a scheduler address ("tcp://host:8786"), or a ``distributed.Client``
    already made (for example on a ``LocalCluster``).
    """

    def __init__(self, address: Any):
        try:
            from distributed import Client
        except ImportError as exc:
            raise ValueError(Text(
                "a Dask cluster needs the optional extra: pip install \"hoshu[dask]\""
            )) from exc
        self.client = address if isinstance(address, Client) else Client(address)

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
        items = list(items)
        futures = self.client.map(fn, items, pure=False)
        return self.client.gather(futures)

    def __repr__(self) -> str:
        return f"DaskExecutor({self.client.scheduler.address!r})"


_DEFAULT: LocalProcesses | None = None


def default_executor() -> LocalProcesses:
    """The process-wide local pool (created on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = LocalProcesses()
    return _DEFAULT


def executor_from(setting: str | None) -> Executor:
    """An executor from a setting: None/"local", "local:N", "serial" or a Dask address."""
    text = (setting or "local").strip()
    if text == "serial":
        return SerialExecutor()
    if text == "local":
        return default_executor()
    if text.startswith("local:"):
        count = text.removeprefix("local:")
        if not count.isdigit() or not 1 <= int(count) <= 256:
            raise ValueError(Text("local:N needs a number of processes from 1 to 256, got "
                                  "{value}", value=count))
        return LocalProcesses(int(count))
    if "://" in text:
        return DaskExecutor(text)
    raise ValueError(Text("unknown executor {value}: use serial, local, local:N or a Dask "
                          "scheduler address such as tcp://host:8786", value=text))
