"""A fair share of the server's simulation slots among its sessions (issue 16 §4).

Plain threads, no Streamlit import, so that the scheduling is unit-tested on its own
(:mod:`pages._run_slots` wires it to the sessions and the pages).

Each session has at most one place in the queue (:meth:`FairShare.enter`: a session's new run
takes the place of its own queued one, which gives up with :class:`Replaced`). Runs start in
queue order as slots free up. With ``rotate`` a running run gives its slot up at each turn
boundary (:meth:`FairShare.turn`, called by the Monte Carlo's progress after each pair of chunks)
to the first run waiting and queues again behind the others: runs interleave chunk by chunk, so
no session waits behind another's million-trial run, only behind one turn of each run ahead of
it. Without ``rotate`` the queue is first come, first served (the quick estimates': each is
short, and finishing them in order keeps their worst wait lowest).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Hashable

__all__ = ["FairShare", "Replaced", "Ticket"]


class Replaced(Exception):
    """The session asked for another run while this one was queued: this one is dropped."""


class Ticket:
    """One run's place in a :class:`FairShare`: queued, holding a slot, or gone."""

    __slots__ = ("session", "holding", "replaced", "gone")

    def __init__(self, session: Hashable) -> None:
        self.session = session
        self.holding = False
        self.replaced = False
        self.gone = False

    def __repr__(self) -> str:
        state = ("gone" if self.gone else "holding" if self.holding else
                 "replaced" if self.replaced else "queued")
        return f"Ticket({self.session!r}, {state})"


class FairShare:
    """``slots`` runs at once, the others queued, one place per session; with ``rotate``, a
    running run hands its slot to the first one queued at each :meth:`turn` (round robin)."""

    def __init__(self, slots: int, rotate: bool = True) -> None:
        if slots < 1:
            raise ValueError(f"slots must be at least 1, not {slots}")
        self.slots, self.rotate = slots, rotate
        self._cond = threading.Condition()
        self._queue: deque[Ticket] = deque()
        self._running: list[Ticket] = []

    def enter(self, session: Hashable) -> Ticket:
        """A place for a run of ``session``: a free slot at once, else the place of the
        session's own queued run (replaced), else the end of the queue."""
        ticket = Ticket(session)
        with self._cond:
            old = next((q for q in self._queue if q.session == session), None)
            if old is None:
                self._queue.append(ticket)
            else:
                self._queue[self._queue.index(old)] = ticket
                old.replaced = True
            self._grant()
        return ticket

    def wait(self, ticket: Ticket, poll: float, check: Callable[[], None] | None = None,
             waiting: Callable[[int], None] | None = None) -> None:
        """Block until ``ticket`` holds a slot. Meanwhile ``waiting(ahead)`` is called each time
        the number of runs queued ahead of it changes (first before any wait) and ``check()``
        every ``poll`` seconds at most; whatever either raises gives up the place (and is
        raised), as does :class:`Replaced` when the session's next run took it."""
        shown = None
        try:
            while True:
                with self._cond:
                    ahead = self._standing(ticket)
                    if ahead is None:
                        return
                    if ahead == shown:
                        self._cond.wait(poll)
                        ahead = self._standing(ticket)
                        if ahead is None:
                            return
                if waiting is not None and ahead != shown:
                    waiting(ahead)
                shown = ahead
                if check is not None:
                    check()
        except BaseException:
            self.leave(ticket)
            raise

    def turn(self, ticket: Ticket, poll: float, check: Callable[[], None] | None = None) -> None:
        """A turn boundary of a running run: with ``rotate`` and a run queued, hand the slot
        to it and queue behind the others (:meth:`wait`, without ``waiting``); else go on."""
        with self._cond:
            if not (self.rotate and self._queue and ticket.holding):
                return
            self._running.remove(ticket)
            ticket.holding = False
            self._queue.append(ticket)
            self._grant()
        self.wait(ticket, poll, check)

    def leave(self, ticket: Ticket) -> None:
        """Give up ``ticket``'s slot or place (the run ended, failed or was cancelled); the
        next queued run takes the slot. Leaving twice does nothing."""
        with self._cond:
            if ticket.gone:
                return
            ticket.gone = True
            if ticket.holding:
                self._running.remove(ticket)
                ticket.holding = False
            elif ticket in self._queue:
                self._queue.remove(ticket)
            self._grant()

    def busy(self) -> bool:
        """Whether any run holds a slot or waits for one."""
        with self._cond:
            return bool(self._running or self._queue)

    def ahead(self, ticket: Ticket) -> int | None:
        """Runs queued ahead of ``ticket``; None when it is not queued."""
        with self._cond:
            return self._queue.index(ticket) if ticket in self._queue else None

    def state(self) -> tuple[list[Hashable], list[Hashable]]:
        """The sessions running and those queued, in order (for tests and diagnostics)."""
        with self._cond:
            return [t.session for t in self._running], [t.session for t in self._queue]

    def _standing(self, ticket: Ticket) -> int | None:
        """Runs queued ahead of ``ticket``, or None once it holds a slot; :class:`Replaced`
        when the session's next run took its place (the lock is held)."""
        if ticket.holding:
            return None
        if ticket.replaced:
            raise Replaced
        return self._queue.index(ticket)

    def _grant(self) -> None:
        """Free slots go to the first queued runs (the lock is held)."""
        while len(self._running) < self.slots and self._queue:
            first = self._queue.popleft()
            first.holding = True
            self._running.append(first)
        self._cond.notify_all()
