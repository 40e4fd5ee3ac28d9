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

CONNECT_TIMEOUT = 5  # seconds to reach a Dask scheduler


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
    already made (for example on a ``LocalCluster``). A scheduler that does not answer within
    ``CONNECT_TIMEOUT`` seconds is a ValueError naming the address (Dask's own default waits
    30 s, then raises a bare OSError).
    """

    def __init__(self, address: Any):
        try:
            from distributed import Client
        except ImportError as exc:
            raise ValueError(Text(
                "a Dask cluster needs the optional extra: pip install \"hoshu[dask]\""
            )) from exc
        if isinstance(address, Client):
            self.client = address
            return
        _check_address(str(address))
        try:
            self.client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, ValueError, TypeError) as exc:  # unreachable, refused, malformed
            raise ValueError(Text(
                "cannot reach the Dask scheduler at {address} within {seconds} s ({reason}); "
                "check the address and that the scheduler is running, or use --executor local",
                address=str(address), seconds=CONNECT_TIMEOUT, reason=str(exc) or
                type(exc).__name__)) from None

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
        items = list(items)
        futures = self.client.map(fn, items, pure=False)
        return self.client.gather(futures)

    def __repr__(self) -> str:
        return f"DaskExecutor({self.client.scheduler.address!r})"


def _check_address(address: str) -> None:
    """Refuse an address Dask cannot parse before a Client is made (a Client that fails on a
    malformed address waits 10 s on its way out and prints a traceback)."""
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import backends

    try:
        scheme, location = parse_address(address, strict=True)
        if scheme not in backends:
            raise ValueError(f"unknown scheme {scheme}://")
        parse_host_port(location)
    except ValueError as exc:
        raise ValueError(Text("{address} is not a Dask scheduler address ({reason}); give one "
                              "such as tcp://host:8786", address=address, reason=str(exc))) \
            from None


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
