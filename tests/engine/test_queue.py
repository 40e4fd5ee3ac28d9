"""The queue alone, against exact results: hand-worked schedules, Erlang C and Cobham.

Statistical checks run many independent queues (one per "trial") fed with Poisson arrivals and
exponential service times drawn here, not by the engine. Each trial's mean is one independent
observation, so the standard error is the spread of the per-trial means over √trials; bounds are
Z = 4 standard errors (a false alarm below 1e-4 per assertion). Jobs arriving in the first
WARM_UP hours are served but not measured, so the empty start does not bias the steady-state
figures (the relaxation time of these queues is under 40 h).
"""

import math

import numpy as np
import pytest

from estimators.engine.queue import job_order, run_queue
from estimators.queueing import erlang_c, mean_wait, service_level
from estimators.scenario import Coverage

Z = 4.0
HORIZON = 3_000.0  # hours of arrivals per trial
WARM_UP = 300.0


def fixed(job):
    """Service = the job's ``hours`` column."""
    return job["hours"]


def poisson_jobs(rates: list[float], trials: int, seed: int):
    """Per trial, a Poisson stream per class over HORIZON; exponential service of mean 1 h."""
    rng = np.random.default_rng(seed)
    trial, ready, cls = [], [], []
    for k, rate in enumerate(rates):
        counts = rng.poisson(rate * HORIZON, trials)
        trial.append(np.repeat(np.arange(trials), counts))
        ready.append(rng.uniform(0.0, HORIZON, counts.sum()))
        cls.append(np.full(counts.sum(), k))
    trial, ready, cls = (np.concatenate(x) for x in (trial, ready, cls))
    return trial, ready, cls, {"hours": rng.standard_exponential(ready.size)}


def per_trial_mean(values: np.ndarray, trial: np.ndarray, mask: np.ndarray, trials: int):
    """Mean of ``values`` per trial over the measured jobs, and its standard error."""
    m = mask & (trial >= 0)
    sums = np.bincount(trial[m], weights=values[m], minlength=trials)
    counts = np.bincount(trial[m], minlength=trials)
    means = sums / counts
    return float(means.mean()), float(means.std(ddof=1) / math.sqrt(trials))


# ----------------------------------------------------------------- exact schedules
def test_one_server_first_come_first_served_by_hand():
    # Two trials; jobs given out of order. Trial 0: ready 0, 1, 2, 10, two hours each.
    trial = np.array([0, 1, 0, 0, 0, 1])
    ready = np.array([2.0, 5.0, 0.0, 10.0, 1.0, 4.0])
    hours = np.array([2.0, 1.0, 2.0, 2.0, 2.0, 3.0])
    out = run_queue(trial, ready, {"hours": hours}, 2, 1, None, fixed, np.random.default_rng(0))
    # Trial 0 in ready order: 0→[0,2], 1→[2,4], 2→[4,6], 10→[10,12]. Trial 1: 4→[4,7], 5→[7,8].
    np.testing.assert_array_equal(out.start, [4.0, 7.0, 0.0, 10.0, 2.0, 4.0])
    np.testing.assert_array_equal(out.finish, [6.0, 8.0, 2.0, 12.0, 4.0, 7.0])
    np.testing.assert_array_equal(out.server, 0)


def test_the_earliest_free_server_takes_the_next_job():
    trial = np.zeros(4, dtype=int)
    ready = np.array([0.0, 0.1, 0.2, 0.3])
    hours = np.array([5.0, 1.0, 1.0, 1.0])
    out = run_queue(trial, ready, {"hours": hours}, 1, 2, None, fixed, np.random.default_rng(0))
    # Server 0 takes the long job; server 1 frees at 1.1 and 2.1 and takes the next two.
    np.testing.assert_allclose(out.start, [0.0, 0.1, 1.1, 2.1])
    np.testing.assert_array_equal(out.server, [0, 1, 1, 1])


def test_a_job_waits_for_the_window_and_runs_past_its_end():
    # Mon-Fri 09:00-18:00, day 0 a Monday. Saturday 10:00 (130 h) starts Monday 09:00 (177 h);
    # twelve hours later (21:00) the window is shut, so the next job starts Tuesday 09:00.
    window = Coverage(mode="business_hours")
    trial = np.zeros(2, dtype=int)
    ready = np.array([5 * 24 + 10.0, 7 * 24 + 17.0])
    hours = np.array([12.0, 1.0])
    out = run_queue(trial, ready, {"hours": hours}, 1, 1, window, fixed,
                    np.random.default_rng(0))
    np.testing.assert_array_equal(out.start, [7 * 24 + 9.0, 8 * 24 + 9.0])
    np.testing.assert_array_equal(out.finish, [7 * 24 + 21.0, 8 * 24 + 10.0])


def test_priority_takes_the_waiting_higher_class_first_without_preempting():
    trial = np.zeros(4, dtype=int)
    ready = np.array([0.0, 1.0, 2.0, 20.0])
    cls = np.array([1, 1, 0, 0])
    hours = np.array([3.0, 1.0, 1.0, 1.0])
    out = run_queue(trial, ready, {"hours": hours}, 1, 1, None, fixed,
                    np.random.default_rng(0), cls)
    # The class-1 job at 0 is not preempted; at 3 the class-0 job (ready 2) goes before the
    # class-1 job (ready 1); the server is idle when the last job arrives, so it starts at once.
    np.testing.assert_array_equal(out.start, [0.0, 4.0, 3.0, 20.0])


def test_u_is_drawn_first_one_per_job_in_given_order_and_nothing_without_jobs():
    ready = np.array([3.0, 1.0, 2.0])
    seen = run_queue(np.zeros(3, dtype=int), ready, {}, 1, 1, None,
                     lambda job: job["u"], np.random.default_rng(7))
    u = np.random.default_rng(7).random(3)
    np.testing.assert_allclose(seen.finish - seen.start, u, rtol=1e-12)
    rng = np.random.default_rng(7)
    empty = run_queue(np.empty(0, dtype=int), np.empty(0), {}, 4, 2, None, fixed, rng)
    assert empty.start.size == 0
    assert rng.random() == np.random.default_rng(7).random()  # no draw was made


# ----------------------------------------------------------------- against queueing theory
@pytest.mark.parametrize(("servers", "rate"), [(1, 0.7), (3, 2.4)])
def test_fcfs_matches_erlang_c(servers, rate):
    trials = 200
    trial, ready, _, jobs = poisson_jobs([rate], trials, seed=servers)
    out = run_queue(trial, ready, jobs, trials, servers, None, fixed, np.random.default_rng(1))
    wait = out.start - ready
    measured = ready >= WARM_UP
    mean, se = per_trial_mean(wait, trial, measured, trials)
    expected = mean_wait(rate, 1.0, servers)
    assert abs(mean - expected) < Z * se, (mean, expected, se)
    assert Z * se < 0.06 * expected  # the check has teeth
    for t in (0.0, 1.0):  # P(W > t) = C · exp(−(c − a) t / s)
        share, se = per_trial_mean((wait > t + 1e-12).astype(float), trial, measured, trials)
        want = 1.0 - service_level(rate, 1.0, servers, t)
        assert abs(share - want) < Z * se, (t, share, want, se)
    assert want < erlang_c(rate, 1.0, servers)  # t = 1 is a different point from P(W > 0)


@pytest.mark.parametrize(("servers", "rates"), [(1, [0.3, 0.4]), (2, [0.6, 0.8])])
def test_priority_matches_cobham(servers, rates):
    # Non-preemptive priority, M/M/c with one service rate μ = 1/h for both classes (Cobham
    # 1954): W_k = W_0 / ((1 − σ_{k−1})(1 − σ_k)), σ_k = Σ_{i≤k} λ_i / (c μ),
    # W_0 = C(c, a) / (c μ). For c = 1, W_0 = R = Σ λ_i E[S_i²] / 2 = ρ.
    trials = 200
    trial, ready, cls, jobs = poisson_jobs(rates, trials, seed=10 + servers)
    out = run_queue(trial, ready, jobs, trials, servers, None, fixed, np.random.default_rng(2),
                    cls)
    wait = out.start - ready
    w0 = erlang_c(sum(rates), 1.0, servers) / servers
    sigma = np.cumsum(rates) / servers
    expected = [w0 / (1 - sigma[0]), w0 / ((1 - sigma[0]) * (1 - sigma[1]))]
    for k, want in enumerate(expected):
        mean, se = per_trial_mean(wait, trial, (cls == k) & (ready >= WARM_UP), trials)
        assert abs(mean - want) < Z * se, (k, mean, want, se)
        assert Z * se < 0.08 * want
    # First come, first served would give both classes the same wait; priority does not.
    assert expected[1] > 2 * expected[0]


# ----------------------------------------------------------------- the jobs' order
@pytest.mark.parametrize("tiebreak", [True, False])
def test_job_order_is_lexsorts_with_ties_and_near_ties(tiebreak):
    """The composite-key order equals np.lexsort's exactly: exact ties (a window opening),
    ties on both keys (given order decides), times closer than the key's precision."""
    rng = np.random.default_rng(3)
    size = 20_000
    group = np.sort(rng.integers(0, 3_000, size))
    ready = rng.uniform(0.0, 9_000.0, size)
    ready[::7] = 9.0  # many jobs entering at one opening
    ready[1::11] = ready[0::11][: ready[1::11].size] + 1e-9  # closer than 2^-20 h at 2^32
    second = rng.integers(0, 4, size).astype(float)  # repeated: ties on both keys too
    expected = np.lexsort((second, ready, group) if tiebreak else (ready, group))
    np.testing.assert_array_equal(job_order(group, ready, second if tiebreak else None),
                                  expected)


# ----------------------------------------------------------------- compiled and numpy paths
@pytest.mark.parametrize("servers,classes,windowed", [(1, 1, False), (3, 1, True),
                                                      (2, 3, True), (3, 3, False)])
def test_compiled_recursion_gives_the_numpy_paths_numbers(monkeypatch, servers, classes,
                                                         windowed):
    """Where numba is installed the recursion runs compiled; it must give the numpy path's
    start, finish and server for every job, bit for bit (same grid, same tie rules)."""
    import estimators.engine.queue as queue

    if queue.compiled_serve() is None:
        pytest.skip("numba is not installed: only the numpy path runs here")
    trial, ready, cls, jobs = poisson_jobs([0.3 / classes] * classes, 60, seed=5)
    ready = np.round(ready * 4) / 4  # many exact ties, as at a window opening
    window = Coverage(mode="business_hours", start="09:00", end="18:00") if windowed else None
    args = (trial, ready, jobs, 60, servers, window, fixed)
    kw = {"priority": cls if classes > 1 else None, "tiebreak": -ready}
    compiled = run_queue(*args, np.random.default_rng(9), **kw)
    monkeypatch.setattr(queue, "compiled_serve", lambda: None)
    plain = run_queue(*args, np.random.default_rng(9), **kw)
    for name in ("start", "finish", "server"):
        np.testing.assert_array_equal(getattr(compiled, name), getattr(plain, name))


@pytest.mark.parametrize("compiled", [True, False])
def test_a_trial_out_of_jobs_never_serves_another_class_again(monkeypatch, compiled):
    """Trial 0 has the most jobs of any class (four S1) but fewer jobs in all than trial 1:
    while trial 1 is still served, trial 0 idles on its pad slot. Its one class-1 job starts
    at 4 h, after the four class-0 jobs, and is not served a second time."""
    import estimators.engine.queue as queue

    if not compiled:
        monkeypatch.setattr(queue, "compiled_serve", lambda: None)
    elif queue.compiled_serve() is None:
        pytest.skip("numba is not installed")
    trial = np.array([0, 0, 0, 0, 0] + [1] * 7)
    ready = np.array([0.0, 1.0, 2.0, 3.0, 0.5] + [0.0] * 7)
    cls = np.array([0, 0, 0, 0, 1] + [0, 0, 0, 1, 1, 1, 1])
    out = run_queue(trial, ready, {"hours": np.ones(12)}, 2, 1, None, fixed,
                    np.random.default_rng(0), priority=cls)
    np.testing.assert_array_equal(out.start[:5], [0.0, 1.0, 2.0, 3.0, 4.0])
    np.testing.assert_array_equal(out.start[5:], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0])


@pytest.mark.parametrize("compiled", [True, False])
def test_a_backlog_of_years_serves_every_job_once(monkeypatch, compiled):
    """One engineer, forty 1,500-hour jobs: the backlog runs past three years. Every job is
    served once, in order within its class, and no emptied class's padding is taken for a job
    (the pad time is beyond any backlog)."""
    import estimators.engine.queue as queue

    if not compiled:
        monkeypatch.setattr(queue, "compiled_serve", lambda: None)
    elif queue.compiled_serve() is None:
        pytest.skip("numba is not installed")
    cls = np.array([0, 0] + [1] * 38)
    out = run_queue(np.zeros(40, dtype=int), np.zeros(40), {"hours": np.full(40, 1_500.0)}, 1,
                    1, None, fixed, np.random.default_rng(0), priority=cls)
    np.testing.assert_array_equal(np.sort(out.start), np.arange(40) * 1_500.0)
    np.testing.assert_array_equal(out.finish - out.start, np.full(40, 1_500.0))
    np.testing.assert_array_equal(out.start[:2], [0.0, 1_500.0])  # class 0 first


def test_job_order_with_negative_or_missing_tiebreaks_is_lexsorts():
    ready = np.array([1.0, 1.0, 50.0, 50.0, 100.0, 100.0])
    group = np.zeros(6, dtype=int)
    for second in (np.array([0.0, 1.0, -60.0, -61.0, 0.0, 0.0]),
                   np.array([-5.0, -3.0, -9.0, -9.0, -4.0, -8.0]),
                   np.array([0.0, np.nan, 1.0, np.inf, 2.0, 2.0])):
        np.testing.assert_array_equal(job_order(group, ready, second),
                                      np.lexsort((second, ready, group)))


@pytest.mark.parametrize("compiled", [True, False])
def test_a_set_token_stops_the_queue_within_its_next_look(monkeypatch, compiled):
    """The queue asks ``stop`` as it goes (every STOP_TRIALS trials compiled, every STOP_EVERY
    steps in numpy), not only between stages: a token set at the second look ends it."""
    import estimators.engine.queue as queue
    from estimators.engine.limits import SimulationCancelled

    if not compiled:
        monkeypatch.setattr(queue, "compiled_serve", lambda: None)
    elif queue.compiled_serve() is None:
        pytest.skip("numba is not installed")
    trials = 3 * queue.STOP_TRIALS
    trial = np.repeat(np.arange(trials), 3 * queue.STOP_EVERY)
    looks = []

    def stop() -> bool:
        looks.append(1)
        return len(looks) >= 2

    with pytest.raises(SimulationCancelled):
        run_queue(trial, np.zeros(trial.size), {"hours": np.ones(trial.size)}, trials, 1, None,
                  fixed, np.random.default_rng(0), stop=stop)
    assert len(looks) == 2


def test_the_compiled_queue_falls_back_without_a_writable_cache(monkeypatch):
    """Where numba cannot write its cache, the recursion compiles without it (and where it
    cannot compile at all, the numpy path serves): never an error for the user."""
    numba = pytest.importorskip("numba")
    import estimators.engine.compiled as compiled

    real = numba.njit

    def no_cache(*args, **kwargs):
        if kwargs.get("cache"):
            raise RuntimeError("cannot cache function '_serve_trials': no locator available")
        return real(*args, **kwargs)

    monkeypatch.setattr(numba, "njit", no_cache)
    compiled.compiled_serve.cache_clear()
    try:
        assert compiled.compiled_serve() is not None
        compiled.compiled_serve.cache_clear()
        monkeypatch.setattr(numba, "njit", lambda *a, **k: (lambda f: None))  # cannot compile
        assert compiled.compiled_serve() is None
    finally:
        compiled.compiled_serve.cache_clear()


@pytest.mark.parametrize("classes,tiebreak", [(1, True), (3, True), (3, False)])
def test_the_compiled_per_trial_order_is_job_orders(classes, tiebreak):
    """Jobs grouped by trial (as the engine gives them) are ordered trial by trial when compiled;
    the order and the counts per trial and class are job_order's, ties and near-ties included."""
    import estimators.engine.queue as queue

    if queue.compiled_order() is None:
        pytest.skip("numba is not installed")
    rng = np.random.default_rng(11)
    n = 700
    trial = np.sort(rng.integers(0, n, 40_000))
    ready = rng.uniform(0.0, 9_000.0, trial.size)
    ready[::5] = np.floor(ready[::5] / 24) * 24 + 9  # window openings: exact ties
    ready[1::13] = ready[0::13][: ready[1::13].size] + 1e-12  # near-ties
    cls = rng.integers(0, classes, trial.size) if classes > 1 else None
    second = rng.integers(0, 3, trial.size).astype(float) if tiebreak else None
    group = trial if cls is None else trial * classes + cls
    order, counts = queue._order_compiled(trial, ready, cls, second, n, classes, None)
    expected = job_order(group, ready, second)
    np.testing.assert_array_equal(order, expected)
    np.testing.assert_array_equal(counts, np.bincount(group, minlength=n * classes))
