"""Monte Carlo engine: simulate trial-years of incidents under a strategy (docs/model.md §13).

One trial is one year. For each trial, independently:

1. Arrivals: Poisson(λ'_sv) incidents per system and severity (rates after the what-if
   multiplier, preventive and predictive work), each at a uniform time of the year: a Poisson
   process per system and severity.
2. Detection: exponential with the mean for the system's monitoring (cut by predictive work).
3. First response: in-house inside the team's window after an exponential acknowledgement
   (mean ``response_minutes``); outside it, on-call for paged severities (exponential with mean
   on-call ``response_minutes``), else at the next opening of the window. The vendor responds in
   its window (or at once for ``around_the_clock`` severities) after an exponential delay with
   P(T ≤ target) = p_response. When recovery is another party's, it takes over after the hand-over
   time, waiting for its own window from then.
4. In-house repair: a queue for the ``c`` engineers on duty (first come first served, or by
   severity when ``queue_discipline`` is "severity", non-preemptive; the team's
   FTE-hours spread over the window, at least ``min_on_duty``), each with its skill level's repair
   multiplier and escalation probability; a repair starts only inside the window and, once
   started, continues past its end. Off-hours pages go to the one on-call engineer, a queue of
   its own (skill drawn by FTE share). Escalation adds the hand-over and repairs at the fastest
   level's multiplier. Hardware incidents needing a site visit add the travel time.
5. Vendor repair: the system's repair time × the contract's multiplier (plus on-site response
   for hardware); the vendor meets its resolution target (from its clock start) with probability
   p_resolution, restoring by the target; a miss overruns the target by an exponential delay with
   the mean of its repair time.
6. Costs: the cost lines of :mod:`estimators.cost_lines` priced on each trial's activity;
   service credits capped per calendar month (730-hour months).

Trials are simulated in chunks (bounded memory) and each chunk is vectorised across trials: the
queue recursion steps over the incident index, never over trials (Kiefer-Wolfowitz workload
recursion for c servers: a job starts at max(ready, earliest server free time)).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from estimators.calendars.coverage import HOURS_PER_YEAR
from estimators.costs.lines import COST_LINES, Activity, cost_lines
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
    MAX_TRIALS,
    WORKERS,
    SimulationError,
    memory_limit,
    planned_memory,
)
from estimators.engine.response import respond
from estimators.engine.restoration import restore
from estimators.engine.results import HANDLERS, SimulationResult
from estimators.engine.trial_inputs import TrialInputs, trial_inputs
from estimators.scenario.model import SEVERITIES, Scenario
from estimators.scenario.strategies import Plan, Strategy, plan_for
from estimators.scenario.uncertainty import sample_inputs
from estimators.statistics import IncidentSample, relative_precision
from estimators.text import Text

__all__ = [
    "MAX_TRIALS", "SimulationError", "draw_inputs", "engineers_on_duty", "simulate",
    "simulate_all",
]

MONTH_HOURS = HOURS_PER_YEAR / 12.0
HANDLER_CODES = {name: code for code, name in enumerate(HANDLERS)}


def _chunk(scenario: Scenario, inp: StrategyInputs, n: int, rng: np.random.Generator,
           first_trial: int, keep: bool, varying: TrialInputs | None = None) -> dict:
    """Simulate ``n`` trial-years; returns per-trial arrays and, if ``keep``, the incidents.

    Incidents are flat arrays (one entry per incident of the chunk); only the queues are laid
    out as (trial, position) grids. ``varying`` gives these trials' uncertain inputs.
    """
    n_sys, n_sev = inp.rates.shape
    arrivals = draw_arrivals(inp, n, rng, varying)
    per_cell_counts, counts = arrivals.per_cell, arrivals.counts
    trial, cell, sys_idx, sev = arrivals.trial, arrivals.cell, arrivals.system, arrivals.severity
    occ, detected = arrivals.occurred, arrivals.detected
    responses = respond(inp, arrivals, rng)
    first_in, rec_in = responses.first_in, responses.rec_in
    responded, vendor_delay = responses.responded, responses.vendor_delay
    paged, on_call_job = responses.paged, responses.on_call_job
    restorations = restore(inp, arrivals, responses, rng)
    onsite, travel = restorations.onsite, restorations.travel
    start_in, finish_in, engineer = (restorations.start_in, restorations.finish_in,
                                     restorations.engineer)
    vendor_labour, met, restored = (restorations.vendor_labour, restorations.met,
                                    restorations.restored)
    work_start = restorations.work_start
    ttr = restored - occ
    wait = work_start - detected

    # Breaches: the organisation's targets (the contract's where none is set).
    breach_response = responded - detected > inp.target_response[sev]
    breach_restore = ttr > inp.target_restore[sev]
    vendor_in = ~(first_in & rec_in)
    vendor_breach = vendor_in & (
        (vendor_delay > inp.vendor_response_target[sev]) | (~rec_in & ~met))

    # Per-trial and per-system tallies.
    flat = trial * n_sys + sys_idx

    def per_system(values: np.ndarray) -> np.ndarray:
        return np.bincount(flat, weights=values, minlength=n * n_sys).reshape(n, n_sys)

    def per_cell(mask: np.ndarray) -> np.ndarray:
        return np.bincount((trial * n_sys * n_sev + cell)[mask],
                           minlength=n * n_sys * n_sev).reshape(n, n_sys, n_sev).astype(float)

    # Labour: the job's service time plus the trip back from a site visit, and triage.
    in_hours = np.where(rec_in, finish_in - start_in + travel, 0.0) + np.where(
        first_in, scenario.effects.triage_hours, 0.0)
    month = np.minimum((occ * (1.0 / MONTH_HOURS)).astype(np.intp), 11)
    credit = np.where(vendor_breach, inp.credit_pct[sev], 0.0)
    monthly = np.bincount(trial * 12 + month, weights=credit, minlength=n * 12).reshape(n, 12)
    capped = np.minimum(monthly, scenario.contract.credit_cap_pct / 100.0).sum(axis=1)
    raw = monthly.sum(axis=1)
    factor = np.divide(capped, raw, out=np.zeros(n), where=raw > 0)
    activity = Activity(
        incidents=per_cell_counts.reshape(n, n_sys, n_sev).astype(float),
        vendor_incidents=per_cell(vendor_in),
        in_house_hours=per_system(in_hours),
        vendor_hours=per_system(np.where(rec_in, 0.0, vendor_labour)),
        vendor_visits=per_system((~rec_in & onsite).astype(float)),
        pages=per_system(paged.astype(float)),
        parts_incidents=per_system(
            (inp.hardware[sys_idx] & ~inp.parts_by_vendor[sys_idx]).astype(float)),
        outage_hours=per_system(ttr * inp.impact[sev]),
        credit_fees=per_system(credit) * factor[:, None],
    )
    lines = cost_lines(scenario, inp.plan, inp.mix, activity,
                       None if varying is None else varying.prices)
    page_hour = np.mod(responses.paged_at, 24.0)
    night = paged & ((page_hour >= 22.0) | (page_hour < 5.0))
    breached = breach_response | breach_restore
    out = {
        "line_costs": np.stack([lines[name].total() for name in COST_LINES], axis=1),
        "incidents": counts,
        "outage_hours_by_system": activity.outage_hours,
        "breaches": np.bincount(trial * n_sev + sev, weights=breached,
                                minlength=n * n_sev).reshape(n, n_sev),
        "pages": np.bincount(trial, weights=paged, minlength=n),
        "night_pages": np.bincount(trial, weights=night, minlength=n),
        "ttr": ttr,
        "wait": wait,
        "severity": sev,
    }
    if varying is not None:
        out["input_values"] = varying.values
    if keep:
        handler = np.where(rec_in, np.where(on_call_job, HANDLER_CODES["on_call"],
                                            HANDLER_CODES["in_house"]), HANDLER_CODES["vendor"])
        out["table"] = {
            "trial": (trial + first_trial).astype(np.int32),
            "system": sys_idx.astype(np.int16),
            "severity": sev.astype(np.int8),
            "handler": handler.astype(np.int8),
            "engineer": engineer.astype(np.int16),
            "occurred": occ,
            "detected": detected,
            "responded": responded,
            "repair_started": work_start,
            "restored": restored,
            "wait_hours": wait,
            "time_to_restore_hours": ttr,
            "breach_response": breach_response,
            "breach_restore": breach_restore,
            "vendor_breach": vendor_breach,
            "paged": paged,
        }
    return out


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
    """
    if isinstance(trials, bool) or not isinstance(trials, (int, np.integer)):
        raise SimulationError(Text("trials must be a whole number, got {value}",
                                   value=repr(trials)))
    if not 1 <= trials <= MAX_TRIALS:
        raise SimulationError(Text("trials must be in [1, {limit:,}], got {value:,}",
                                   limit=MAX_TRIALS, value=trials))
    if target_precision is not None and not 0 < target_precision < 1:
        raise SimulationError(Text("target_precision must be in (0, 1), got {value}",
                                   value=repr(target_precision)))
    plan = strategy if isinstance(strategy, Plan) else plan_for(scenario, strategy)
    inp = strategy_inputs(scenario, plan)
    check_stable(inp)
    if uncertainty and varying is None and scenario.uncertainty.inputs:
        varying = draw_inputs(scenario, trials, seed)
    if varying is not None and varying.values.shape[0] != trials:
        raise SimulationError(Text("{rows} rows of inputs for {trials} trials",
                                   rows=varying.values.shape[0], trials=trials))
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
    ttr_sample = IncidentSample(len(SEVERITIES), exact)
    wait_sample = IncidentSample(len(SEVERITIES), exact)
    sizes = [min(chunk_trials, trials - first) for first in range(0, trials, chunk_trials)]
    # One generator per chunk, spawned from the seed: results do not depend on which worker
    # runs which chunk, and two chunks run at once (numpy releases the GIL in array work).
    streams = np.random.SeedSequence(seed).spawn(len(sizes))
    firsts = np.cumsum([0, *sizes[:-1]])
    parts: list[dict] = []
    done = 0
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for start in range(0, len(sizes), WORKERS):
            batch = range(start, min(start + WORKERS, len(sizes)))
            futures = [pool.submit(_chunk, scenario, inp, sizes[i],
                                   np.random.default_rng(streams[i]), int(firsts[i]), keep,
                                   None if varying is None
                                   else varying.rows(int(firsts[i]), sizes[i]))
                       for i in batch]
            for future in futures:
                part = future.result()
                ttr_sample.add(part.pop("ttr"), part["severity"])
                wait_sample.add(part.pop("wait"), part.pop("severity"))
                parts.append(part)
            done = int(firsts[batch[-1]] + sizes[batch[-1]])
            if progress is not None:
                progress(done, trials)
            if target_precision is not None and min_trials <= done < trials:
                totals = np.concatenate([p["line_costs"].sum(axis=1) for p in parts])
                if max(relative_precision(totals).values()) <= target_precision:
                    break
    return SimulationResult.from_chunks(
        strategy=plan.strategy, seed=seed, currency=scenario.finance.currency,
        systems=tuple(s.name for s in scenario.systems), servers=inp.servers,
        team_fte=inp.mix.total, chunks=parts, time_to_restore=ttr_sample, wait=wait_sample,
        inputs=() if varying is None else tuple(u.name for u in varying.inputs),
    )


INPUT_STREAM = 1 << 30
"""Spawn key of the stream that draws uncertain inputs (chunks use 0, 1, 2, ...)."""


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
