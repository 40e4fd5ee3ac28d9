"""Monte Carlo engine: simulate trial-years of incidents under a strategy (docs/model.md §13).

One trial is one independent year. A chunk of trials goes through four stages, each a module
of this package that passes a frozen dataclass of arrays (one entry per incident) to the next:

1. :mod:`~estimators.engine.arrivals` — Poisson arrivals per system and severity at uniform
   times, detection, repair draws → :class:`~estimators.engine.arrivals.Arrivals`;
2. :mod:`~estimators.engine.response` — first response and hand-over on the team's and the
   vendor's calendars, on-call pages → :class:`~estimators.engine.response.Responses`;
3. :mod:`~estimators.engine.restoration` — site visits, the in-house day and on-call queues
   (:mod:`~estimators.engine.queue`), escalation, vendor restoration →
   :class:`~estimators.engine.restoration.Restorations`;
4. :mod:`~estimators.engine.tally` — breaches, monthly-capped credits, the activity priced by
   the cost lines, per-trial outputs → :class:`~estimators.engine.tally.ChunkResult`.

The stages read a strategy's parameters from :class:`~estimators.engine.inputs.StrategyInputs`,
built once per run. This module orchestrates: it checks the request against the caps of
:mod:`~estimators.engine.limits`, splits the trials into chunks (bounded memory), runs two at a
time in threads with one random stream each, reports progress, stops early at a target
precision, and joins the chunks into a :class:`~estimators.engine.results.SimulationResult`.

Every chunk is vectorised across its trials; only the queue recursion steps over the incident
index, never over trials. Results depend on the seed alone: the stages draw from the chunk's
stream in a fixed order (arrivals, responses, restorations; the tally draws nothing).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from estimators.costs.lines import COST_LINES
from estimators.engine.arrivals import draw_arrivals
from estimators.engine.inputs import (
    StrategyInputs,
    check_stable,
    engineers_on_duty,
    strategy_inputs,
)
from estimators.engine.limits import (
    CHUNK_INCIDENTS,
    CHUNK_TRIALS,
    MAX_EXACT_INCIDENTS,
    MAX_INCIDENTS_PER_TRIAL,
    MAX_KEPT_INCIDENTS,
    MAX_RUN_SECONDS,
    MAX_TRIALS,
    WORKERS,
    SimulationCancelled,
    SimulationError,
    WorkLimitError,
    memory_limit,
    planned_memory,
)
from estimators.engine.people import draw_people
from estimators.engine.response import respond
from estimators.engine.restoration import restore
from estimators.engine.results import SimulationResult
from estimators.engine.tally import ChunkResult, IncidentTimes, tally
from estimators.engine.trial_inputs import TrialInputs, trial_inputs
from estimators.engine.work import Work, duration, planned_work
from estimators.scenario import SEVERITIES, Scenario
from estimators.scenario.strategies import Plan, Strategy, plan_for
from estimators.scenario.uncertainty import sample_inputs
from estimators.statistics import IncidentSample, relative_precision
from estimators.text import Text

__all__ = [
    "MAX_INCIDENTS_PER_TRIAL", "MAX_RUN_SECONDS", "MAX_TRIALS", "THREAD_PREFIX", "CancelToken",
    "Checkpoint", "KeyPersonCost", "SimulationCancelled", "SimulationError", "WorkLimitError",
    "draw_inputs", "engineers_on_duty", "key_person_cost", "planned_run", "simulate",
    "simulate_all",
]

INPUT_STREAM = 1 << 30
"""Spawn key of the stream that draws uncertain inputs (chunks use 0, 1, 2, ...)."""
KEY_PERSON_STREAM = (1 << 30) + 1
"""First spawn key of the streams that draw key-person events: chunk ``i`` draws its people
from ``SeedSequence(entropy, spawn_key=(KEY_PERSON_STREAM, i))``, so the other stages' streams,
the chunking and checkpoints are those of a run without key-person events (docs/model.md §7b)."""
THREAD_PREFIX = "hoshu-simulate"
"""Name prefix of a run's worker threads (so a test or an operator can tell them apart)."""


class CancelToken(Protocol):
    """What stops a run early: a :class:`threading.Event`, or any object whose ``is_set()``
    may be asked from the run's worker threads."""

    def is_set(self) -> bool: ...


def _chunk(scenario: Scenario, inp: StrategyInputs, n: int, rng: np.random.Generator,
           first_trial: int, keep: bool, varying: TrialInputs | None = None,
           stop: Callable[[], bool] | None = None,
           people_rng: np.random.Generator | None = None,
           lap: Callable[[str], None] | None = None) -> tuple[ChunkResult, IncidentTimes]:
    """Simulate ``n`` trial-years (the trials from ``first_trial``) through every stage.

    Returns their per-trial outputs (with the incident table if ``keep``) and the incidents'
    times. ``varying`` gives these trials' uncertain inputs. ``stop()`` is asked between the
    stages and by the queues; True ends the chunk with :class:`SimulationCancelled`.
    ``people_rng`` is the chunk's key-person stream (used when ``inp.people`` is set).
    ``lap(stage)`` is called as each stage ends (the benchmark's per-stage clock).
    """
    def check(stage: str) -> None:
        if lap is not None:
            lap(stage)
        if stop is not None and stop():
            raise SimulationCancelled

    arrivals = draw_arrivals(inp, n, rng, varying)
    check("arrivals")
    responses = respond(inp, arrivals, rng)
    check("response")
    people = None
    if inp.people is not None and people_rng is not None:
        people = draw_people(inp.people, arrivals, people_rng, waits=not inp.people.to_vendor)
        check("people")
    restorations = restore(inp, arrivals, responses, rng, stop, people, people_rng)
    check("restoration")
    out = tally(scenario, inp, arrivals, responses, restorations, first_trial, keep, varying,
                people)
    check("tally")
    return out


@dataclass(frozen=True)
class _RunPlan:
    """How a run is cut up: whether it keeps the incident table and exact times, the
    trial-years of each chunk with the index of its first trial, and its planned work."""

    keep: bool
    exact: bool
    sizes: list[int]
    firsts: list[int]
    work: Work


@dataclass(frozen=True)
class Checkpoint:
    """The chunks a run has finished, enough to carry it on later to the very result an
    uninterrupted run gives (a chunk's random stream depends on the seed and its index only).

    Attributes:
        sizes: trial-years of every chunk of the run (a checkpoint fits only the same plan).
        parts: the finished chunks' outputs, in order.
        time_to_restore, wait: the per-incident samples after those chunks.
    """

    sizes: tuple[int, ...]
    parts: tuple[ChunkResult, ...]
    time_to_restore: IncidentSample
    wait: IncidentSample

    @property
    def done(self) -> int:
        """Trial-years finished."""
        return sum(self.sizes[:len(self.parts)])


def _check_request(trials: int, target_precision: float | None) -> None:
    """Refuse a trial count that is not a whole number in [1, MAX_TRIALS], or a target
    precision outside (0, 1)."""
    if isinstance(trials, bool) or not isinstance(trials, (int, np.integer)):
        raise SimulationError(Text("trials must be a whole number, got {value}",
                                   value=repr(trials)))
    if not 1 <= trials <= MAX_TRIALS:
        raise SimulationError(Text("trials must be in [1, {limit:,}], got {value:,}",
                                   limit=MAX_TRIALS, value=trials))
    if target_precision is not None and not 0 < target_precision < 1:
        raise SimulationError(Text("target_precision must be in (0, 1), got {value}",
                                   value=repr(target_precision)))


def _plan_run(scenario: Scenario, inp: StrategyInputs, trials: int, chunk_trials: int,
              keep_incidents: bool, varying: TrialInputs | None,
              max_seconds: float | None) -> _RunPlan:
    """Refuse a run that exceeds the caps, this machine's memory or ``max_seconds`` of planned
    work (None: no bound), before it starts; else cut it into chunks of at most
    ``chunk_trials`` trial-years and :data:`CHUNK_INCIDENTS` expected incidents
    (docs/model.md §13, "Chunking and memory", "Planned work")."""
    per_trial = np.array([inp.rates.sum()]) if varying is None or varying.rates is None else (
        varying.rates.sum(axis=(1, 2)))
    busiest = float(per_trial.max())
    if busiest > MAX_INCIDENTS_PER_TRIAL:
        raise SimulationError(Text(
            "the scenario expects {n:,.0f} incidents in a trial-year; the cap is {cap:,} "
            "(check the incident rates and the rate multiplier)", n=busiest,
            cap=MAX_INCIDENTS_PER_TRIAL))
    expected_incidents = float(per_trial.mean()) * trials
    keep = keep_incidents and expected_incidents <= MAX_KEPT_INCIDENTS
    exact = expected_incidents <= MAX_EXACT_INCIDENTS
    chunk_trials = max(1, min(chunk_trials, int(CHUNK_INCIDENTS // max(busiest, 1.0))))
    values = len(COST_LINES) + len(scenario.systems) + len(SEVERITIES) + 3 + (
        0 if varying is None else varying.values.shape[1])
    need = planned_memory(float(per_trial.mean()), trials, chunk_trials, values, keep, exact)
    limit = memory_limit()
    if need > limit:
        raise SimulationError(Text(
            "this run would need about {need:.1f} GB of memory; the limit here is {limit:.1f} "
            "GB. Run fewer trial-years, or fewer at a time", need=need / 1e9,
            limit=limit / 1e9))
    sizes = [min(chunk_trials, trials - first) for first in range(0, trials, chunk_trials)]
    firsts = [int(f) for f in np.cumsum([0, *sizes[:-1]])]
    rates = inp.rates if varying is None or varying.rates is None else varying.rates
    work = planned_work(inp, rates, sizes, firsts, values)
    if max_seconds is not None and work.seconds > max_seconds:
        raise WorkLimitError(Text(
            "this run would take about {need} of computing ({trials:,} trial-years, "
            "{incidents:,.0f} incidents in all); the limit here is {limit}. Run fewer "
            "trial-years, or lower the incident rates", need=duration(work.seconds),
            trials=trials, incidents=work.incidents, limit=duration(max_seconds)))
    return _RunPlan(keep, exact, sizes, firsts, work)


def _prepare(scenario: Scenario, strategy: Strategy | str | Plan, trials: int,
             seed: int | None, uncertainty: bool, varying: TrialInputs | None,
             key_person: bool = True) -> tuple[Plan, StrategyInputs, TrialInputs | None]:
    """The strategy's plan and inputs, and the per-trial inputs (drawn when ``uncertainty``
    asks for them and none are given); refuses an unstable queue or mismatched inputs.
    ``key_person`` False switches the key-person events off."""
    plan = strategy if isinstance(strategy, Plan) else plan_for(scenario, strategy)
    inp = strategy_inputs(scenario, plan)
    if not key_person and inp.people is not None:
        inp = replace(inp, people=None, escalation_late=None, escalation_delay=None)
    check_stable(inp)
    if uncertainty and varying is None and scenario.uncertainty.inputs:
        varying = draw_inputs(scenario, trials, seed)
    if varying is not None and varying.values.shape[0] != trials:
        raise SimulationError(Text("{rows} rows of inputs for {trials} trials",
                                   rows=varying.values.shape[0], trials=trials))
    return plan, inp, varying


def planned_run(scenario: Scenario, strategy: Strategy | str | Plan, trials: int,
                seed: int | None = 0, *, uncertainty: bool = False,
                keep_incidents: bool = False, chunk_trials: int = CHUNK_TRIALS,
                max_seconds: float | None = None) -> Work:
    """The planned work of :func:`simulate` with these arguments, without running it; it refuses
    what ``simulate`` would (the caps, the memory plan, an unstable queue, more than
    ``max_seconds`` of work: None, no bound) with the same SimulationError."""
    _check_request(trials, None)
    _, inp, varying = _prepare(scenario, strategy, trials, seed, uncertainty, None)
    return _plan_run(scenario, inp, trials, chunk_trials, keep_incidents, varying,
                     max_seconds).work


def simulate(
    scenario: Scenario,
    strategy: Strategy | str | Plan = Strategy.in_house,
    trials: int = 10_000,
    seed: int | None = 0,
    *,
    target_precision: float | None = None,
    min_trials: int = 1_000,
    chunk_trials: int = CHUNK_TRIALS,
    keep_incidents: bool = True,
    progress: Callable[[int, int], None] | None = None,
    uncertainty: bool = False,
    varying: TrialInputs | None = None,
    resume: Checkpoint | None = None,
    checkpoint: Callable[[Checkpoint], None] | None = None,
    max_seconds: float | None = MAX_RUN_SECONDS,
    cancel: CancelToken | None = None,
    key_person: bool = True,
    workers: int = WORKERS,
) -> SimulationResult:
    """Simulate ``trials`` independent trial-years of ``scenario`` under ``strategy``.

    ``strategy`` may also be a :class:`Plan` (an assignment the optimisers try out).

    Args:
        trials: trial-years to run, 1 to :data:`MAX_TRIALS` (the most, with a target precision).
        seed: seed for ``np.random.default_rng``; the same seed gives the same result.
        target_precision: stop early, at a chunk boundary after ``min_trials``, once the 95 %
            half-width of both the mean and the P90 of total cost is at most this share of
            the estimate (0.03 is the ±3 % rule).
        keep_incidents: keep the per-incident table (up to 5 million rows).
        progress: called with (trials done, trials asked) after each chunk.
        uncertainty: draw the scenario's uncertain inputs (``scenario.uncertainty``), one set
            per trial-year with their rank correlation, so the spread of results reflects both
            the inputs and the incidents. The draws depend on the seed only, so every strategy
            run with the same seed sees the same inputs.
        varying: explicit per-trial inputs (one row per trial), e.g. a Sobol design.
        resume: the checkpoint of an interrupted run with the same arguments: its chunks are
            not run again (ignored when it belongs to another plan of chunks).
        checkpoint: called with the finished chunks after each pair of chunks, before
            ``progress``, so a caller can keep them if the run is interrupted.
        max_seconds: refuse, before anything is drawn, a run whose planned work
            (:mod:`estimators.engine.work`) exceeds this many core-seconds; None: no bound.
        cancel: stop the run when ``cancel.is_set()``: asked before each pair of chunks, and
            by the chunks in flight between their stages and every few queue steps, so the
            run ends with :class:`SimulationCancelled` within a few milliseconds of work.
        key_person: draw the key-person events (leave, sickness, departures, sole experts away,
            docs/model.md §7b) from their own stream; False gives the model without them on the
            very same draws of everything else (a paired comparison, :func:`key_person_cost`).
        workers: chunks run at once, each in a thread of its own (numpy releases the GIL in
            array work); 1 runs them one after another. The result does not depend on it.

    Whatever ends the run early (``cancel``, an exception from ``progress`` or ``checkpoint``)
    also stops the chunks in flight, and no thread of the run outlives this call.
    """
    _check_request(trials, target_precision)
    if not 1 <= workers <= WORKERS:
        raise SimulationError(Text("workers must be in [1, {limit}], got {value}",
                                   limit=WORKERS, value=workers))
    plan, inp, varying = _prepare(scenario, strategy, trials, seed, uncertainty, varying,
                                  key_person)
    run = _plan_run(scenario, inp, trials, chunk_trials, keep_incidents, varying, max_seconds)
    sizes, firsts = run.sizes, run.firsts
    if resume is not None and resume.sizes == tuple(sizes):
        ttr_sample, wait_sample = resume.time_to_restore.snapshot(), resume.wait.snapshot()
        parts: list[ChunkResult] = list(resume.parts)
    else:
        ttr_sample = IncidentSample(len(SEVERITIES), run.exact)
        wait_sample = IncidentSample(len(SEVERITIES), run.exact)
        parts = []
    # One generator per chunk, spawned from the seed: results do not depend on which worker
    # runs which chunk, and two chunks run at once (numpy releases the GIL in array work).
    root = np.random.SeedSequence(seed)
    streams = root.spawn(len(sizes))

    def people_rng(i: int) -> np.random.Generator | None:
        if inp.people is None:
            return None
        return np.random.default_rng(np.random.SeedSequence(
            root.entropy, spawn_key=(KEY_PERSON_STREAM, i)))
    halt = threading.Event()  # set when the run ends early: the chunks in flight stop too

    def stopped() -> bool:
        return halt.is_set() or (cancel is not None and cancel.is_set())

    with (ThreadPoolExecutor(max_workers=workers, thread_name_prefix=THREAD_PREFIX)
          if workers > 1 else _InlineExecutor()) as pool:
        try:
            for start in range(len(parts), len(sizes), workers):
                if stopped():
                    raise SimulationCancelled
                batch = range(start, min(start + workers, len(sizes)))
                futures = [pool.submit(_chunk, scenario, inp, sizes[i],
                                       np.random.default_rng(streams[i]), firsts[i], run.keep,
                                       None if varying is None else
                                       varying.rows(firsts[i], sizes[i]), stopped,
                                       people_rng(i))
                           for i in batch]
                for future in futures:
                    part, times = future.result()
                    ttr_sample.add(times.time_to_restore, times.severity)
                    wait_sample.add(times.wait, times.severity)
                    parts.append(part)
                del futures, times  # the samples hold the times now: free the chunks' copies
                done = firsts[batch[-1]] + sizes[batch[-1]]
                if checkpoint is not None:
                    checkpoint(Checkpoint(tuple(sizes), tuple(parts), ttr_sample.snapshot(),
                                          wait_sample.snapshot()))
                if progress is not None:
                    progress(done, trials)
                if target_precision is not None and min_trials <= done < trials:
                    totals = np.concatenate([p.line_costs.sum(axis=1) for p in parts])
                    if max(relative_precision(totals).values()) <= target_precision:
                        break
        except BaseException:
            halt.set()  # before the pool's exit waits for the chunks in flight
            raise
    return _join(scenario, plan, inp, varying, seed, parts, ttr_sample, wait_sample)


class _InlineExecutor:
    """The executor of a one-worker run: each chunk runs in the calling thread when submitted
    (no thread to start or to wait for; a profiler sees the stages)."""

    def __enter__(self) -> _InlineExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def submit(self, fn: Callable, *args: object) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as error:  # noqa: BLE001 - handed to the caller by result()
            future.set_exception(error)
        return future


def _join(scenario: Scenario, plan: Plan, inp: StrategyInputs, varying: TrialInputs | None,
          seed: int | None, parts: list[ChunkResult], ttr_sample: IncidentSample,
          wait_sample: IncidentSample) -> SimulationResult:
    """The run's result from its finished chunks, in trial order, and its incidents' samples."""
    return SimulationResult.from_chunks(
        strategy=plan.strategy, seed=seed, currency=scenario.finance.currency,
        systems=tuple(s.name for s in scenario.systems), servers=inp.servers,
        team_fte=inp.mix.total, chunks=parts, time_to_restore=ttr_sample, wait=wait_sample,
        inputs=() if varying is None else tuple(u.name for u in varying.inputs),
        team_people=inp.mix.total_people,
        team_capacity=inp.mix.total * scenario.team.net_hours_per_fte
        * scenario.team.maintenance_share,
    )

def draw_inputs(scenario: Scenario, trials: int, seed: int | None) -> TrialInputs:
    """One draw of the scenario's uncertain inputs per trial, from ``seed``'s own stream."""
    entropy = np.random.SeedSequence(seed).entropy
    rng = np.random.default_rng(np.random.SeedSequence(entropy, spawn_key=(INPUT_STREAM,)))
    spec = scenario.uncertainty
    return trial_inputs(scenario, spec.inputs, sample_inputs(spec, trials, rng))


def simulate_all(scenario: Scenario, trials: int = 10_000, seed: int | None = 0,
                 **options) -> dict[Strategy, SimulationResult]:
    """Simulate every strategy with the same seed (common random numbers across strategies)."""
    return {s: simulate(scenario, s, trials, seed, **options) for s in Strategy}


@dataclass(frozen=True)
class KeyPersonCost:
    """What key-person events (leave, sickness, departures, sole experts away; docs/model.md
    §7b) cost one strategy: the same trial-years run with and without them (paired: the same
    seed, only the key-person stream switched off), money a year.

    Attributes:
        mean_with, mean_without: mean total cost.
        p95_with, p95_without: the worst year in twenty (P95 of total cost).
        extra_mean, extra_p95: with − without; ``extra_p95`` is "a resignation costs you ¥X in
            a bad year".
        extra_mean_se: standard error of ``extra_mean`` from the paired differences.
        under_strength_days: the run's under-strength days a year, mean.
    """

    mean_with: float
    mean_without: float
    p95_with: float
    p95_without: float
    extra_mean_se: float
    under_strength_days: float

    @property
    def extra_mean(self) -> float:
        return self.mean_with - self.mean_without

    @property
    def extra_p95(self) -> float:
        return self.p95_with - self.p95_without

    def to_dict(self) -> dict[str, float]:
        return {"mean_with": self.mean_with, "mean_without": self.mean_without,
                "p95_with": self.p95_with, "p95_without": self.p95_without,
                "extra_mean": self.extra_mean, "extra_mean_se": self.extra_mean_se,
                "extra_p95": self.extra_p95, "under_strength_days": self.under_strength_days}


def key_person_cost(scenario: Scenario, strategy: Strategy | str | Plan = Strategy.in_house,
                    trials: int = 10_000, seed: int | None = 0,
                    **options) -> KeyPersonCost:
    """The paired comparison of a strategy with and without key-person events: two runs of
    :func:`simulate` on the same seed (so the same incidents, responses and repairs), the second
    with ``key_person=False``. ``seed`` None draws one seed for both. ``options`` go to both
    runs (``keep_incidents`` defaults to False)."""
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1)[0])
    options.setdefault("keep_incidents", False)
    with_events = simulate(scenario, strategy, trials, seed, **options)
    without = simulate(scenario, strategy, trials, seed, key_person=False, **options)
    a, b = with_events.total_cost, without.total_cost
    diff = a - b
    se = float(diff.std(ddof=1) / np.sqrt(diff.size)) if diff.size > 1 else float("nan")
    return KeyPersonCost(
        mean_with=float(a.mean()), mean_without=float(b.mean()),
        p95_with=float(np.percentile(a, 95)), p95_without=float(np.percentile(b, 95)),
        extra_mean_se=se,
        under_strength_days=float(with_events._people("under_strength_days").mean()))
