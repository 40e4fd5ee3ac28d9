"""The server's simulation slots and a session's cancel token, for :mod:`pages._simulation`.

Quick estimates and full runs take separate slots (one per two of the server's cores each), so a
quick estimate never waits behind another session's long run. Full runs share theirs fairly
(:class:`pages._fair_share.FairShare`): one place in the queue per session, and a running run
hands its slot to the next one queued after each pair of chunks, so a session waits behind one
turn of each run ahead of it ("queued, N ahead"), never behind a whole million-trial run. Quick
estimates are served first come, first served, and full runs pause at their turn boundaries
while any runs (a few seconds at most). A run waiting for a slot gives up when its
script run is stopped or its session ends (:class:`SessionToken`).
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit import runtime
from streamlit.runtime import RuntimeState
from streamlit.runtime.scriptrunner import get_script_run_ctx

from estimators.engine.simulation import SimulationCancelled
from pages._fair_share import FairShare, Replaced
from pages._language import t

__all__ = ["SLOT_POLL", "SessionToken", "interrupt_point", "queued_text", "slot",
           "yield_to_quick"]

SLOT_POLL = 0.25
"""Seconds between two looks at the session while a run waits for a slot."""
QUICK_FIRST = 3.0
"""Seconds a full run pauses at most, at a turn boundary, while quick estimates run or wait:
they are what a user waits for on opening the page, each a second or two of work at most."""
QUICK_POLL = 0.02
"""Seconds between two looks at the quick estimates while a full run pauses for them."""


def _core_pairs() -> int:
    """Pairs of the cores this server may run on (its affinity: the load benchmark pins it to
    one core), at least one."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 2
    return max(1, cores // 2)


@st.cache_resource
def _slots() -> FairShare:
    """Full simulations running at once on this server, all sessions together: one per core pair
    (each run already uses two threads), taking turns a pair of chunks at a time."""
    return FairShare(_core_pairs(), rotate=True)


@st.cache_resource
def _quick_slots() -> FairShare:
    """Quick estimates running at once on this server, apart from the full runs' slots so that
    none waits behind a long run: one per core pair, each a second or two of work at most, in
    the order asked."""
    return FairShare(_core_pairs(), rotate=False)


_anonymous = itertools.count()
"""Stand-in session ids for runs outside a Streamlit session (each its own)."""


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
        self._session_id: str | None = None if ctx is None else ctx.session_id

    @property
    def session(self) -> str | None:
        """The id of the session that started the run; None outside a Streamlit session."""
        return self._session_id

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


def yield_to_quick(check: Callable[[], None], most: float = QUICK_FIRST) -> None:
    """Pause a full run (at a turn boundary) while quick estimates run or wait, ``most``
    seconds at most, so the cores go to what users are waiting for on opening the page."""
    deadline = time.monotonic() + most
    while _quick_slots().busy() and time.monotonic() < deadline:
        check()
        time.sleep(QUICK_POLL)


def queued_text(ahead: int) -> str:
    """What a queued full run's progress bar says: how many runs will take a turn first."""
    if ahead == 0:
        return t("Queued: this run is next on the server…")
    return t("Queued, {n} ahead: runs on this server take turns…", n=ahead)


@contextmanager
def slot(quick_run: bool, token: SessionToken,
         waiting: Callable[[int], None] | None = None) -> Iterator[Callable[[], None]]:
    """Hold one of the server's quick or full simulation slots, as the session's one place in
    their queue; while queued, ``waiting(ahead)`` is told how many runs are ahead each time that
    changes, and the run gives up when its script run is stopped or rerun, or the token is set
    (SimulationCancelled; also when the session's next run replaced this one in the queue).

    Yields ``turn``, to call at each boundary of the run's work (after a pair of chunks): a full
    run hands its slot to the next queued run there and waits for its next turn, then lets the
    quick estimates go first (:func:`yield_to_quick`)."""
    slots = _quick_slots() if quick_run else _slots()
    session = token.session if token.session is not None else next(_anonymous)

    def check() -> None:
        interrupt_point()
        if token.is_set():
            raise SimulationCancelled

    def turn() -> None:
        slots.turn(ticket, SLOT_POLL, check)
        if not quick_run:
            yield_to_quick(check)

    ticket = slots.enter(session)
    try:
        slots.wait(ticket, SLOT_POLL, check, waiting)
        yield turn
    except Replaced:
        raise SimulationCancelled from None
    finally:
        slots.leave(ticket)
