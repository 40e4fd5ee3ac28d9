"""One request must not hold the server (issue 17 §1): the Monte Carlo page's runs are bounded by
their planned work, take a slot, and stop when their session or the server goes."""

import threading
import time

import pytest

from benchmarks.attack_case import attack_scenario
from estimators import sample_scenario
from estimators.engine.limits import QUICK_RUN_SECONDS
from estimators.engine.simulation import THREAD_PREFIX, SimulationError, planned_run
from estimators.scenario.share import pack_scenario, unpack_scenario
from pages import _run_slots, _simulation
from pages._fair_share import FairShare
from pages._runs import runs
from pages._scenario_state import CHOICE_KEY, SHARED
from pages._simulation import MIN_QUICK_TRIALS, QUICK_TRIALS, Request, SessionToken, quick
from tests.hoshu_app import picker
from tests.test_app import goto, hoshu_test


def test_the_attack_link_is_refused_on_the_downtime_page_before_anything_runs():
    runs.clear()
    at = hoshu_test()  # AppTest's timeout (TIMEOUT) bounds the answer; before, it took hours
    # The link's scenario, as _scenario_state._read_link keeps it (AppTest's page switch drops
    # the address's query), opened straight on the Downtime page as the link does.
    at.session_state["link_read"] = True
    at.session_state["shared_scenario"] = unpack_scenario(
        pack_scenario(attack_scenario())).model_dump_json()
    at.session_state[CHOICE_KEY] = SHARED
    goto(at, "downtime_recovery")
    assert not at.exception
    assert picker(at).value == SHARED
    # The quick estimate shrank as far as it may (100 trial-years), then was refused ...
    shown = at.info[0].value.replace("\\", "")  # the message is shown as plain text (escaped)
    assert "No quick estimate" in shown and "100 trial-years" in shown
    # ... and so is the full run, before it is offered.
    error = at.error[0].value.replace("\\", "")
    assert "cannot be simulated" in error and "would take about" in error
    assert "10,000 trial-years" in error and "limit here is 10 min" in error
    assert not [m for m in at.metric if m.label.startswith("Downtime")]
    assert len(runs()) == 0  # nothing was simulated
    assert not at.button  # no full run offered


def test_a_scenario_too_busy_for_a_quick_estimate_may_still_run_in_full():
    runs.clear()
    busy = attack_scenario().with_changes(**{"effects.incident_rate_multiplier": 0.01})
    at = hoshu_test()  # 10,000 incidents a year: 100 trial-years are over the quick budget
    at.session_state["link_read"] = True
    at.session_state["shared_scenario"] = busy.model_dump_json()
    at.session_state[CHOICE_KEY] = SHARED
    goto(at, "downtime_recovery")
    assert not at.exception and not at.error
    assert "No quick estimate" in at.info[0].value
    assert at.button(key="mc_run")  # the full run (planned under its budget) is offered
    assert len(runs()) == 0


def test_the_quick_estimate_of_a_busy_scenario_shrinks_to_its_budget():
    busy = sample_scenario("ecommerce_24x7").with_changes(
        **{"effects.incident_rate_multiplier": 20.0})  # ≈ 2,800 incidents a year
    estimate = quick(busy, Request(10_000, 0))
    assert MIN_QUICK_TRIALS <= estimate.trials < QUICK_TRIALS
    for strategy in ("in_house", "outsourced", "hybrid"):
        assert planned_run(busy, strategy, estimate.trials).seconds <= QUICK_RUN_SECONDS
    ordinary = quick(sample_scenario("home_delivery_cloud"), Request(10_000, 3))
    assert ordinary == Request(QUICK_TRIALS, 3)
    with pytest.raises(SimulationError, match="would take about"):
        quick(attack_scenario(), Request(10_000, 0))


class Recording(FairShare):
    """A fair share that counts the runs that asked for a place."""

    def __init__(self, rotate: bool) -> None:
        super().__init__(1, rotate)
        self.taken = 0

    def enter(self, session):
        self.taken += 1
        return super().enter(session)


def test_a_quick_estimate_takes_a_quick_slot_and_never_a_full_one(monkeypatch):
    runs.clear()
    quick_slots, full_slots = Recording(rotate=False), Recording(rotate=True)
    monkeypatch.setattr(_run_slots, "_quick_slots", lambda: quick_slots)
    monkeypatch.setattr(_run_slots, "_slots", lambda: full_slots)
    full_slots.enter("another session")  # its long run holds the full slot
    scenario = sample_scenario("manufacturer_on_prem")
    _simulation.run(scenario, quick(scenario, Request(50_000, 11)))
    assert quick_slots.taken == 1 and full_slots.taken == 1  # only the holder's
    assert quick_slots.state() == ([], []) and full_slots.state() == (["another session"], [])
    runs.clear()


def test_a_short_full_run_finishes_between_the_turns_of_a_long_one(monkeypatch):
    """Two sessions' full runs on one slot take turns a pair of chunks at a time: the short one
    (one chunk per strategy), asked for while the long one (two pairs per strategy) runs, is
    finished when the long one is half done; nothing is left running."""
    runs.clear()
    _simulation.partials.clear()
    share = FairShare(1)
    monkeypatch.setattr(_run_slots, "_slots", lambda: share)
    scenario = sample_scenario("home_delivery_cloud")
    log: list[tuple] = []

    def long_progress(done: float, strategy, trials: int) -> None:
        log.append(("long", strategy.value, trials))
        while len(log) == 1 and not share.state()[1]:  # after its first pair: until the
            time.sleep(0.001)  # short run is queued

    def short_run() -> None:
        _simulation.run(scenario, Request(2_500, 2),
                        lambda done, strategy, trials: log.append(
                            ("short", strategy.value, trials)),
                        waiting=lambda ahead: log.append(("short queued", ahead)))

    long = threading.Thread(target=_simulation.run,
                            args=(scenario, Request(10_000, 1), long_progress))
    long.start()
    while not log:
        time.sleep(0.001)
    short = threading.Thread(target=short_run)
    short.start()
    long.join(120)
    short.join(120)
    assert not long.is_alive() and not short.is_alive()
    assert log == [("long", "in_house", 5_000), ("short queued", 0),
                   ("short", "in_house", 2_500), ("long", "in_house", 10_000),
                   ("short", "outsourced", 2_500), ("long", "outsourced", 5_000),
                   ("short", "hybrid", 2_500),  # the short run is finished here
                   ("long", "outsourced", 10_000), ("long", "hybrid", 5_000),
                   ("long", "hybrid", 10_000)]
    assert share.state() == ([], [])
    assert not [t for t in threading.enumerate() if t.name.startswith(THREAD_PREFIX)]
    assert len(runs()) == 6
    runs.clear()


def test_a_full_run_pauses_at_its_turn_while_quick_estimates_run(monkeypatch):
    """Quick estimates go first: a full run at a turn boundary waits while one runs, for a
    bounded time, and gives up when cancelled meanwhile."""
    from estimators.engine.simulation import SimulationCancelled

    quick_slots = FairShare(1, rotate=False)
    monkeypatch.setattr(_run_slots, "_quick_slots", lambda: quick_slots)
    looks: list[int] = []
    _run_slots.yield_to_quick(lambda: looks.append(1))
    assert looks == []  # nothing quick running: no pause at all
    held = quick_slots.enter("a session's quick estimate")
    timer = threading.Timer(0.2, quick_slots.leave, [held])
    timer.start()
    _run_slots.yield_to_quick(lambda: looks.append(1), most=60.0)
    assert looks and not quick_slots.busy()  # it waited until the quick estimate was done
    timer.join()
    held = quick_slots.enter("another")
    _run_slots.yield_to_quick(lambda: None, most=0.05)
    assert quick_slots.busy()  # it went on after its most, the quick estimate still running

    def cancelled() -> None:
        raise SimulationCancelled

    with pytest.raises(SimulationCancelled):
        _run_slots.yield_to_quick(cancelled, most=60.0)
    quick_slots.leave(held)


def test_a_run_whose_callbacks_draw_nothing_stops_at_a_chunk_boundary(monkeypatch):
    """The script run is asked to stop (Streamlit raises at its next interrupt point): the
    quick estimate, which has no progress bar, stops too, and leaves no thread behind."""
    class Stopped(Exception):
        pass

    def interrupted() -> None:
        raise Stopped

    runs.clear()
    monkeypatch.setattr(_simulation, "interrupt_point", interrupted)
    with pytest.raises(Stopped):
        _simulation.run(sample_scenario("home_delivery_cloud"), Request(QUICK_TRIALS, 5))
    assert not [t for t in threading.enumerate() if t.name.startswith(THREAD_PREFIX)]
    assert len(runs()) == 0
    runs.clear()


class FakeRuntime:
    def __init__(self, state, active: bool) -> None:
        self.state, self.active = state, active

    def is_active_session(self, session_id: str) -> bool:
        return self.active


@pytest.mark.parametrize(("state", "active", "cancelled"), [
    ("ONE_OR_MORE_SESSIONS_CONNECTED", True, False),
    ("ONE_OR_MORE_SESSIONS_CONNECTED", False, True),  # the tab was closed
    ("STOPPING", True, True),  # SIGTERM
    ("STOPPED", True, True),
])
def test_the_session_token_is_set_when_the_session_or_the_server_goes(monkeypatch, state, active,
                                                                      cancelled):
    from streamlit.runtime import RuntimeState

    token = SessionToken()
    token._session_id = "a-session"
    fake = FakeRuntime(RuntimeState[state], active)
    monkeypatch.setattr(_run_slots.runtime, "exists", lambda: True)
    monkeypatch.setattr(_run_slots.runtime, "get_instance", lambda: fake)
    assert token.is_set() is cancelled
    fake.state, fake.active = RuntimeState.ONE_OR_MORE_SESSIONS_CONNECTED, True
    assert token.is_set() is cancelled  # once set, it stays set


def test_the_scope_optimiser_is_not_started_for_a_scenario_too_large_for_it():
    """Home and Cost comparison start the scope optimiser on their own: never for a scenario
    whose splits or P90 runs would hold the server (the attack link's 500 systems)."""
    from benchmarks.attack_case import attack_scenario
    from estimators import sample_scenario
    from pages._optimise import SCOPE_SYSTEMS, scope_too_large

    assert "500 systems" in scope_too_large(attack_scenario(), "brief")
    assert "500 systems" in scope_too_large(attack_scenario(), "tab")
    small = attack_scenario().model_copy(update={
        "systems": attack_scenario().systems[:SCOPE_SYSTEMS["brief"]]})
    assert "computing" in scope_too_large(small, "brief")  # its P90 runs are over budget
    for stem in ("home_delivery_cloud", "ecommerce_24x7", "manufacturer_on_prem"):
        assert scope_too_large(sample_scenario(stem), "brief") is None
