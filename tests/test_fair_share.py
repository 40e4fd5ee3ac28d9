"""The fair share of the simulation slots (issue 16 §4): runs take turns chunk by chunk, so a
short run is never stuck behind another session's long one; one queue place per session; a run
cancelled while queued leaves no trace and no thread."""

import threading
import time

import pytest

from pages._fair_share import FairShare, Replaced

POLL = 0.01
TIMEOUT = 10.0


class Log:
    """What the runs did, in order, from every thread."""

    def __init__(self) -> None:
        self.lines: list[tuple] = []
        self._lock = threading.Lock()

    def add(self, *line) -> None:
        with self._lock:
            self.lines.append(line)

    def until(self, line: tuple) -> None:
        """Wait (a few seconds at most) until ``line`` was logged."""
        deadline = time.monotonic() + TIMEOUT
        while line not in self.lines:
            assert time.monotonic() < deadline, f"{line} never came: {self.lines}"
            time.sleep(0.001)


def start(target, *args) -> threading.Thread:
    thread = threading.Thread(target=target, args=args, daemon=True)
    thread.start()
    return thread


def join(*threads: threading.Thread) -> None:
    for thread in threads:
        thread.join(TIMEOUT)
    assert not [t for t in threads if t.is_alive()]  # no thread left behind


def work(share: FairShare, session: str, turns: int, log: Log,
         before=lambda turn: None, check=None) -> None:
    """A run of ``turns`` turns: each logged as (session, turn), a turn boundary between two."""
    ticket = share.enter(session)
    try:
        share.wait(ticket, POLL, check, lambda ahead: log.add(session, "queued", ahead))
        for turn in range(turns):
            before(turn)
            log.add(session, turn)
            if turn < turns - 1:
                share.turn(ticket, POLL, check)
        log.add(session, "done")
    except Exception as exc:
        log.add(session, type(exc).__name__)
    finally:
        share.leave(ticket)


def test_a_short_run_finishes_between_the_turns_of_a_long_one():
    share, log = FairShare(1), Log()

    def after_the_short_one_queued(turn: int) -> None:
        if turn == 1:  # past the first turn boundary, which nobody else was waiting at
            log.add("long", "gate")
            log.until(("short", "queued", 0))

    long = start(work, share, "long", 50, log, after_the_short_one_queued)
    log.until(("long", "gate"))
    short = start(work, share, "short", 2, log)
    join(short, long)
    assert log.lines[:9] == [
        ("long", 0), ("long", "gate"), ("short", "queued", 0), ("long", 1),
        ("short", 0), ("long", 2), ("short", 1), ("short", "done"), ("long", 3)]
    assert log.lines[-1] == ("long", "done") and len(log.lines) == 51 + 1 + 4
    assert share.state() == ([], [])


def test_three_sessions_take_turns_and_are_told_exactly_how_many_are_ahead():
    share, log = FairShare(1), Log()
    hold = threading.Event()
    first = start(work, share, "a", 3, log, lambda turn: turn == 0 and hold.wait(TIMEOUT))
    # a holds the slot (held up in its first turn) before b and c ask
    deadline = time.monotonic() + TIMEOUT
    while share.state() != (["a"], []):
        assert time.monotonic() < deadline
        time.sleep(0.001)
    # b, once it has the slot, waits until c has seen that it moved up to first in the queue
    second = start(work, share, "b", 2, log,
                   lambda turn: turn == 0 and log.until(("c", "queued", 0)))
    log.until(("b", "queued", 0))
    third = start(work, share, "c", 2, log)
    log.until(("c", "queued", 1))
    assert share.state() == (["a"], ["b", "c"])
    hold.set()
    join(first, second, third)
    turns = [line for line in log.lines if line[1] != "queued"]
    assert turns == [("a", 0), ("b", 0), ("c", 0), ("a", 1), ("b", 1), ("b", "done"),
                     ("c", 1), ("c", "done"), ("a", 2), ("a", "done")]
    # c was second in the queue, then first once a went behind it
    assert [line for line in log.lines if line[0] == "c" and line[1] == "queued"] == [
        ("c", "queued", 1), ("c", "queued", 0)]


def test_a_sessions_new_run_takes_the_place_of_its_queued_one():
    share = FairShare(1)
    running = share.enter("a")
    old = share.enter("b")
    other = share.enter("c")
    new = share.enter("b")
    assert share.state() == (["a"], ["b", "c"])
    assert share.ahead(new) == 0 and share.ahead(other) == 1 and share.ahead(old) is None
    with pytest.raises(Replaced):
        share.wait(old, POLL)
    share.leave(running)
    assert share.state() == (["b"], ["c"]) and new.holding


def test_a_run_cancelled_while_queued_leaves_the_queue_and_its_thread_ends():
    share, log = FairShare(1), Log()
    running = share.enter("a")
    cancel = threading.Event()

    class Cancelled(Exception):
        pass

    def check() -> None:
        if cancel.is_set():
            raise Cancelled

    waiting = start(work, share, "b", 3, log, lambda turn: None, check)
    log.until(("b", "queued", 0))
    cancel.set()
    join(waiting)
    assert log.lines == [("b", "queued", 0), ("b", "Cancelled")]
    assert share.state() == (["a"], [])
    share.leave(running)
    share.leave(running)  # twice: nothing more happens
    assert share.state() == ([], [])


def test_first_come_first_served_without_rotation_and_two_slots_run_two():
    share = FairShare(1, rotate=False)
    a, b = share.enter("a"), share.enter("b")
    share.turn(a, POLL)  # no hand-over: a keeps the slot
    assert share.state() == (["a"], ["b"]) and a.holding
    share.leave(a)
    assert b.holding
    pair = FairShare(2)
    x, y, z = pair.enter("x"), pair.enter("y"), pair.enter("z")
    assert pair.state() == (["x", "y"], ["z"]) and pair.ahead(z) == 0
    pair.leave(y)
    assert pair.state() == (["x", "z"], [])
    for ticket in (x, z):
        pair.leave(ticket)
    share.leave(b)
    assert pair.state() == ([], []) and share.state() == ([], [])
    with pytest.raises(ValueError, match="at least 1"):
        FairShare(0)
