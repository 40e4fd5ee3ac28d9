"""The server's simulation slots and a session's cancel token, for :mod:`pages._simulation`.

Quick estimates and full runs take separate slots (one per two cores each), so a quick estimate
never waits behind another session's long run; a run waiting for a slot gives up when its
script run is stopped or its session ends (:class:`SessionToken`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from contextlib import contextmanager

import streamlit as st
from streamlit import runtime
from streamlit.runtime import RuntimeState
from streamlit.runtime.scriptrunner import get_script_run_ctx

from estimators.engine.simulation import SimulationCancelled

__all__ = ["SLOT_POLL", "SessionToken", "interrupt_point", "slot"]

SLOT_POLL = 0.25
"""Seconds between two looks at the session while a run waits for a slot."""


@st.cache_resource
def _slots() -> threading.BoundedSemaphore:
    """Full simulations running at once on this server, all sessions together: one per core pair
    (each run already uses two threads). More would only share the cores and add up memory."""
    return threading.BoundedSemaphore(max(1, (os.cpu_count() or 2) // 2))


@st.cache_resource
def _quick_slots() -> threading.BoundedSemaphore:
    """Quick estimates running at once on this server, apart from the full runs' slots so that
    none waits behind a long run: one per core pair, each a second or two of work at most."""
    return threading.BoundedSemaphore(max(1, (os.cpu_count() or 2) // 2))


class SessionToken:
    """The cancel token of a run a session started (:class:`estimators.engine.simulation.
    CancelToken`): set when asked, when the session has ended (its tab closed: the runtime no
    longer counts it active) or when the server is stopping (SIGTERM).

    The run's worker threads ask :meth:`is_set` every few queue steps; the runtime's
    ``is_active_session`` and ``state`` may be read from any thread. Without a runtime (a bare
    script, AppTest's stand-in) only :meth:`set` sets it.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        ctx = get_script_run_ctx(suppress_warning=True)
        self._session_id = None if ctx is None else ctx.session_id

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        if not self._event.is_set() and runtime.exists():
            server = runtime.get_instance()
            if server.state in (RuntimeState.STOPPING, RuntimeState.STOPPED) or (
                    self._session_id is not None
                    and server.is_active_session(self._session_id) is False):
                self._event.set()
        return self._event.is_set()


def interrupt_point() -> None:
    """Let Streamlit stop or rerun this script run here if it was asked to (the user moved a
    slider, pressed Cancel, left the page): reading session state is one of its interrupt
    points, so a run whose callbacks draw nothing still stops at its next chunk boundary."""
    st.session_state.get("mc_interrupt_point")


@contextmanager
def slot(quick_run: bool, token: SessionToken, waiting: Callable[[], None] | None = None):
    """Hold one of the server's quick or full simulation slots; while waiting for it, give up
    when the script run is stopped or rerun, or the token is set."""
    slots = _quick_slots() if quick_run else _slots()
    if not slots.acquire(blocking=False):
        if waiting is not None:
            waiting()
        while not slots.acquire(timeout=SLOT_POLL):
            interrupt_point()
            if token.is_set():
                raise SimulationCancelled
    try:
        yield
    finally:
        slots.release()


