"""Slow answers (the scope optimiser, the break-even map, the sensitivity sweeps) computed beside
the script run, so a page draws its other numbers at once.

A page asks with :func:`later`: the answer when it is ready, else None (the page shows a
placeholder) while a background thread computes it. At the end of the script run app.py calls
:func:`settle`, which waits for this run's pending answers and then reruns the script to draw
them. The wait reads session state between short sleeps, so a widget the user moves meanwhile
interrupts it at once: the new run draws the new numbers without waiting for the old answer. A
job whose session has moved on (asked for other answers since) is abandoned at its next check
(:class:`Abandoned`), when the function takes a ``check`` callable.

Answers are kept by (name, arguments) for every session of the server: reopening a page or going
back to a what-if value already seen reuses them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, TypeVar

import streamlit as st

from pages._lru import LRUCache

__all__ = ["Abandoned", "carried_notices", "later", "notice", "settle", "start_run"]

T = TypeVar("T")
KEPT = 48
"""Answers kept (each a few kB to a few hundred kB)."""
POLL = 0.1
"""Seconds between two looks at the session while the run waits for its answers."""
NOW, BEFORE = "bg_asked_now", "bg_asked_before"
NOTICES = "bg_notices"
"""Messages of a run that :func:`settle` repeats: drawn again until the page is complete."""


class Abandoned(Exception):
    """Raised inside a job nobody waits for any more (its session asked for other answers)."""


class _Job:
    def __init__(self) -> None:
        self.wanted = threading.Event()
        self.wanted.set()
        self.future: Future | None = None

    def check(self, *_: Any) -> None:
        """The job's ``check`` (also usable as a progress callback): stop if abandoned."""
        if not self.wanted.is_set():
            raise Abandoned


@st.cache_resource
def _jobs() -> tuple[ThreadPoolExecutor, LRUCache[_Job]]:
    """One worker for the whole server: the answers are CPU-bound Python, so a second worker
    would only share the interpreter; the server's other core stays with the script runs and
    the Monte Carlo."""
    return ThreadPoolExecutor(1, thread_name_prefix="hoshu-later"), LRUCache(KEPT)


def start_run() -> None:
    """Forget the answers the previous script run asked for (app.py, before the page)."""
    st.session_state[NOW] = []


def notice(kind: str, text: str, icon: str | None = None) -> None:
    """Draw a one-time message (``kind``: "warning" or "error") that must survive the reruns
    :func:`settle` makes to draw the background answers: it is drawn again on each of them
    (by :func:`carried_notices`) and forgotten once the page is complete."""
    st.session_state.setdefault(NOTICES, []).append((kind, text, icon))
    _draw(kind, text, icon)


def carried_notices() -> None:
    """Draw the messages the run that :func:`settle` repeated had drawn (where that run drew
    them: the page calls this at the same place it would call :func:`notice`)."""
    for kind, text, icon in st.session_state.get(NOTICES, []):
        _draw(kind, text, icon)


def _draw(kind: str, text: str, icon: str | None) -> None:
    {"warning": st.warning, "error": st.error}[kind](text, icon=icon)


def later(name: str, fn: Callable[..., T], *args: Hashable, check: bool = False) -> T | None:
    """``fn(*args)`` (with ``check=job.check`` as keyword when ``check``) from the background:
    its value when ready (its exception raised here when it failed), None while it is computed.
    ``name`` and the hashable ``args`` identify the answer."""
    pool, store = _jobs()
    key = (name, args)
    job = store.get(key)
    if job is None or job.future is None or job.future.cancelled() or (
            job.future.done() and isinstance(job.future.exception(), Abandoned)):
        job = _Job()
        job.future = pool.submit(fn, *args, **({"check": job.check} if check else {}))
        store.put(key, job)
    job.wanted.set()
    st.session_state.setdefault(NOW, []).append(key)
    return job.future.result() if job.future.done() else None


def settle() -> None:
    """End of a script run: abandon what this session asked for before and no longer asks for,
    wait for this run's pending answers (a new widget value interrupts the wait), then rerun to
    draw them."""
    _, store = _jobs()
    now = list(st.session_state.get(NOW, []))
    for key in set(st.session_state.get(BEFORE, [])) - set(now):
        job = store.get(key)
        if job is not None and job.future is not None and not job.future.done():
            job.wanted.clear()
            job.future.cancel()  # not started yet: never starts
    st.session_state[BEFORE] = now
    pending = [job.future for key in now if (job := store.get(key)) is not None
               and job.future is not None and not job.future.done()]
    if not pending:
        st.session_state.pop(NOTICES, None)  # the page is complete: its messages were seen
        return
    while pending:
        _, left = wait(pending, timeout=POLL, return_when=FIRST_COMPLETED)
        pending = list(left)
        st.session_state.get("bg_interrupt_point")  # Streamlit may stop or rerun the run here
    st.rerun()
