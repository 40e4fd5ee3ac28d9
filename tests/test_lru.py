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
    from pages import downtime_recovery as page
    from pages._runs import latest_run, run_keys, runs

    runs.clear()
    scenario = sample_scenario("home_delivery_cloud")
    assert latest_run(scenario) is None
    first = page._run(scenario, 1_000, 3, None)
    assert [d.strategy for d in first] == list(Strategy)
    assert len(runs()) == len(Strategy) and page._finished(scenario, 1_000, 3, None, False)
    # The cost page finds this run as the scenario's latest.
    assert all(a is b for a, b in zip(latest_run(scenario), first, strict=True))
    simulated = []
    real = page.simulate
    monkeypatch.setattr(page, "simulate", lambda s, strategy, *a, **k: simulated.append(
        strategy) or real(s, strategy, *a, **k))
    again = page._run(scenario, 1_000, 3, None)
    assert all(a is b for a, b in zip(again, first, strict=True)) and not simulated
    runs().put(run_keys(scenario, 1_000, 4, None, False)[Strategy.hybrid], first[2])
    page._run(scenario, 1_000, 4, None)
    assert simulated == [Strategy.in_house, Strategy.outsourced]
    runs.clear()
