"""The store of simulation runs that a server's sessions share (pages/_lru.py)."""

import sys
import threading

import pytest

from pages._lru import LRUCache


def test_least_recently_used_goes_first():
    cache = LRUCache(3)
    for key in "abc":
        cache.put(key, key.upper())
    assert cache.get("a") == "A"  # a is now the most recent
    cache.put("d", "D")
    assert cache.keys() == ["c", "a", "d"] and cache.get("b") is None
    cache.put("c", "C2")  # a write makes the key the most recent too
    cache.put("e", "E")
    assert cache.keys() == ["d", "c", "e"] and cache.get("c") == "C2"
    assert "d" in cache and cache.keys()[0] == "d"  # a membership test does not reorder


def test_bound_must_be_positive():
    with pytest.raises(ValueError, match="max_entries must be at least 1"):
        LRUCache(0)


def test_concurrent_writers_and_readers_keep_the_bound():
    """Eight threads write and read overlapping keys with thread switches forced every
    microsecond, while a ninth watches the size: no error, never more than the bound, each key
    holds its own value, and the store ends full."""
    bound, writers, per_writer = 24, 8, 1_500
    cache = LRUCache(bound)
    start = threading.Barrier(writers + 1)
    done = threading.Event()
    errors, sizes = [], []

    def write(worker: int) -> None:
        start.wait()
        try:
            for i in range(per_writer):
                key = (worker % 3, i % 50)  # threads share keys
                cache.put(key, key)
                value = cache.get((worker % 3, (i * 7) % 50))
                assert value is None or value == (worker % 3, (i * 7) % 50)
        except Exception as exc:  # collected for the main thread
            errors.append(exc)

    def watch() -> None:
        start.wait()
        while not done.is_set():
            sizes.append(len(cache))

    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
        watcher = threading.Thread(target=watch)
        for thread in [*threads, watcher]:
            thread.start()
        for thread in threads:
            thread.join()
        done.set()
        watcher.join()
    finally:
        sys.setswitchinterval(switch)
    assert not errors
    assert sizes and max(sizes) <= bound
    assert len(cache) == bound
    assert all(cache.get(key) == key for key in cache.keys())


def test_the_downtime_page_stores_each_strategy_once(monkeypatch):
    """Runs are kept per scenario, strategy, trials, seed, ...: a second request simulates
    nothing, and a run that shares some strategies with a stored one simulates only the rest."""
    from estimators import Strategy, sample_scenario
    from pages import _simulation as sim
    from pages._runs import latest_run, run_keys, runs

    runs.clear()
    scenario = sample_scenario("home_delivery_cloud")
    request = sim.Request(1_000, 3)
    assert latest_run(scenario) is None
    first = sim.run(scenario, request)
    assert [d.strategy for d in first] == list(Strategy)
    assert len(runs()) == len(Strategy) and sim.finished(scenario, request) is not None
    # The cost page finds this run as the scenario's latest.
    assert all(a is b for a, b in zip(latest_run(scenario), first, strict=True))
    simulated = []
    real = sim.simulate
    monkeypatch.setattr(sim, "simulate", lambda s, strategy, *a, **k: simulated.append(
        strategy) or real(s, strategy, *a, **k))
    again = sim.run(scenario, request)
    assert all(a is b for a, b in zip(again, first, strict=True)) and not simulated
    runs().put(run_keys(scenario, 1_000, 4, None, False)[Strategy.hybrid], first[2])
    sim.run(scenario, sim.Request(1_000, 4))
    assert simulated == [Strategy.in_house, Strategy.outsourced]
    runs.clear()


def test_an_interrupted_run_is_carried_on_not_redone(monkeypatch):
    """A run stopped partway (a slider moved, Cancel) keeps its finished chunks; asked again,
    it simulates only the rest and gives the uninterrupted run's figures."""
    from estimators import Strategy, sample_scenario
    from estimators.engine import simulation as engine
    from pages import _simulation as sim
    from pages._runs import runs

    class Stopped(Exception):
        pass

    runs.clear()
    sim.partials.clear()
    scenario = sample_scenario("home_delivery_cloud")
    request = sim.Request(20_000, 5)
    calls = []

    def stop_in_the_second_strategy(share: float, strategy: Strategy, done: int) -> None:
        calls.append((strategy, done))
        if strategy is Strategy.outsourced and done >= 10_000:
            raise Stopped

    with pytest.raises(Stopped):
        sim.run(scenario, request, stop_in_the_second_strategy)
    assert 0.5 <= sim.share_done(scenario, request) < 2 / 3
    chunks = []
    real = engine._chunk
    monkeypatch.setattr(engine, "_chunk", lambda *a, **k: chunks.append(a[2]) or real(*a, **k))
    resumed = sim.run(scenario, request)
    assert 20_000 <= sum(chunks) <= 30_000  # the outsourced rest and the hybrid run only
    monkeypatch.undo()
    runs.clear()
    sim.partials.clear()
    whole = sim.run(scenario, request)
    for a, b in zip(resumed, whole, strict=True):
        assert a.summary == b.summary
    runs.clear()
