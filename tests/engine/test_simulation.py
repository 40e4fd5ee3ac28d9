"""Monte Carlo engine: Erlang C, an independent SimPy reference, Little's law, seeds, edges.

Statistical tolerances come from the sample: standard errors are estimated by batch means over
trial-years (incidents within a year are correlated through the queue), and bounds are set at
Z = 4 standard errors of the difference, a false-alarm rate below 1e-4 per assertion.
"""

import math

import numpy as np
import pytest

from benchmarks.des_reference import simulate_reference
from estimators import Scenario, erlang_c, mean_wait, sample_scenario
from estimators.engine.simulation import SimulationError, simulate
from estimators.queueing import UnstableQueueError

Z = 4.0


def base_data(**team_changes) -> dict:
    """One cloud system, S1 only, no detection or acknowledgement delay."""
    data = {
        "name": "Queue check",
        "systems": [{
            "name": "Svc", "kind": "cloud", "downtime_cost_per_hour": 1_000,
            "incidents": {"S1": {"rate_per_year": 100,
                                 "repair": {"distribution": "exponential",
                                            "median_hours": math.log(2)}}},
        }],
        "team": {
            "levels": [{"name": "Eng", "headcount": 1, "annual_loaded_cost": 1_000_000}],
            "response_minutes": 0, "coverage": {"mode": "24x7"}, "min_on_duty": 1,
        },
        "contract": {"monthly_fee": 100_000, "terms": {
            "S1": {"response_hours": 1, "resolution_hours": 8},
            "S2": {"response_hours": 4, "resolution_hours": 24},
            "S3": {"response_hours": 8, "resolution_hours": 72}}},
        "effects": {"detection_minutes": {"none": 0, "basic": 0, "advanced": 0},
                    "triage_hours": 0},
    }
    data["team"].update(team_changes)
    return data


def batch_se(per_trial: np.ndarray) -> float:
    return float(np.std(per_trial, ddof=1) / np.sqrt(per_trial.size))


def per_trial_mean(result, column: str) -> np.ndarray:
    table = result.table.to_frame()
    return table.groupby("trial")[column].mean().to_numpy()


@pytest.mark.parametrize(("servers", "load"), [(1, 0.7), (3, 2.4)])
def test_waits_match_erlang_c(servers, load):
    # 24x7, exponential repair (mean 1 h), c identical engineers, no escalation: M/M/c.
    rate_per_hour = load
    data = base_data(min_on_duty=servers)
    data["systems"][0]["incidents"]["S1"]["rate_per_year"] = rate_per_hour * 8760
    scenario = Scenario.model_validate(data)
    result = simulate(scenario, "in_house", trials=30, seed=11)
    assert result.servers == servers
    frame = result.table.to_frame()
    waits = frame.groupby("trial")["wait_hours"].mean().to_numpy()
    waited = frame.assign(w=frame["wait_hours"] > 1e-12).groupby("trial")["w"].mean().to_numpy()
    expected_wait = mean_wait(rate_per_hour, 1.0, servers)
    expected_c = erlang_c(rate_per_hour, 1.0, servers)
    assert abs(waits.mean() - expected_wait) < Z * batch_se(waits)
    assert abs(waited.mean() - expected_c) < Z * batch_se(waited)
    # The check has teeth: the tolerance is a few per cent of the value.
    assert Z * batch_se(waits) < 0.1 * expected_wait


def reference_scenario() -> Scenario:
    """Lognormal repair, 2 engineers (senior and junior), weekdays 09:00-18:00, S1 on-call."""
    systems = []
    for name, kind, rates, median in [("Shop", "cloud", (3, 15, 40), 1.5),
                                      ("ERP", "software", (2, 12, 30), 2.5),
                                      ("Servers", "hardware", (2, 8, 25), 2.0)]:
        system = {"name": name, "kind": kind, "downtime_cost_per_hour": 50_000,
                  "monitoring": "basic",
                  "incidents": {sev: {"rate_per_year": r, "repair": {
                      "distribution": "lognormal", "median_hours": median * f, "sigma": 0.9}}
                      for sev, r, f in zip(("S1", "S2", "S3"), rates, (1.5, 1.0, 0.5),
                                           strict=True)}}
        if kind == "hardware":
            system["hardware"] = {"onsite_fraction": 0.4, "travel_hours": 0.75}
        systems.append(system)
    data = base_data()
    data["systems"] = systems
    data["team"] = {
        "levels": [
            {"name": "Senior", "headcount": 1, "annual_loaded_cost": 10_000_000,
             "repair_time_multiplier": 0.8, "escalation_probability": 0.05},
            {"name": "Junior", "headcount": 1, "annual_loaded_cost": 6_000_000,
             "repair_time_multiplier": 1.3, "escalation_probability": 0.25},
        ],
        "response_minutes": 20, "escalation_handover_hours": 0.5,
        "coverage": {"mode": "business_hours", "start": "09:00", "end": "18:00"},
        "on_call": {"enabled": True, "response_minutes": 40, "paged_severities": ["S1"]},
    }
    data["effects"] = {"detection_minutes": {"none": 60, "basic": 15, "advanced": 5}}
    return Scenario.model_validate(data)


def _batches(per_trial: list[np.ndarray], n_batches: int) -> list[np.ndarray]:
    return [np.concatenate(chunk) for chunk in np.array_split(np.array(per_trial, dtype=object),
                                                              n_batches)]


def test_agrees_with_the_simpy_reference():
    scenario = reference_scenario()
    engine = simulate(scenario, "in_house", trials=4_000, seed=3)
    assert engine.servers == 2
    ref = simulate_reference(scenario, engine.servers, trials=400, seed=5)
    frame = engine.table.to_frame()
    eng_ttr = [g.to_numpy() for _, g in frame.groupby("trial")["time_to_restore_hours"]]
    eng_wait = [g.to_numpy() for _, g in frame.groupby("trial")["wait_hours"]]

    def mean_and_se(per_trial: list[np.ndarray]) -> tuple[float, float]:
        means = np.array([x.mean() for x in per_trial if x.size])
        counts = np.array([x.size for x in per_trial if x.size])
        # Ratio estimator over trials: pooled mean and its batch standard error.
        pooled = float(np.sum(means * counts) / counts.sum())
        resid = (means - pooled) * counts / counts.mean()
        return pooled, float(resid.std(ddof=1) / np.sqrt(resid.size))

    def percentile(q: float):
        def stat(per_trial: list[np.ndarray]) -> tuple[float, float]:
            batches = [np.percentile(b, q) for b in _batches(per_trial, 20)]
            return (float(np.percentile(np.concatenate(per_trial), q)),
                    batch_se(np.array(batches)))
        stat.__name__ = f"p{q}"
        return stat

    # Business hours with a backlog at every opening: first come, first served by detection
    # shapes the tail of the time to restore, so the percentiles are checked, not only the mean.
    for stat, ours, theirs in ((mean_and_se, eng_ttr, ref.ttr),
                               (percentile(50), eng_ttr, ref.ttr),
                               (percentile(90), eng_ttr, ref.ttr),
                               (percentile(99), eng_ttr, ref.ttr),
                               (mean_and_se, eng_wait, ref.wait)):
        (a, sa), (b, sb) = stat(ours), stat(theirs)
        assert abs(a - b) < Z * math.hypot(sa, sb), (stat.__name__, a, b, sa, sb)
    down_a, down_b = engine.downtime_hours, ref.downtime
    tol = Z * math.hypot(batch_se(down_a), batch_se(down_b))
    assert abs(down_a.mean() - down_b.mean()) < tol
    assert tol < 0.1 * down_b.mean()


def test_littles_law():
    # Time-average number of open incidents = arrival rate × mean time to restore, with the
    # number measured independently by sampling the open incidents at random instants.
    scenario = reference_scenario()
    result = simulate(scenario, "in_house", trials=200, seed=8)
    frame = result.table.to_frame()
    rng = np.random.default_rng(0)
    sampled, little = [], []
    for _, g in frame.groupby("trial"):
        occurred = g["occurred"].to_numpy()
        restored = g["restored"].to_numpy()
        # Measure over the middle of the year, away from the empty start and the spill-over.
        t = rng.uniform(1000.0, 7760.0, 2000)
        open_count = ((occurred[None, :] <= t[:, None]) & (t[:, None] < restored[None, :]))
        sampled.append(open_count.sum(axis=1).mean())
        in_window = (occurred >= 1000.0) & (occurred < 7760.0)
        little.append(in_window.sum() / 6760.0 * (restored - occurred)[in_window].mean())
    sampled, little = np.array(sampled), np.array(little)
    diff = sampled - little
    assert abs(diff.mean()) < Z * batch_se(diff) + 0.01 * little.mean()
    assert little.mean() > 0.1


def test_same_seed_same_result_other_seed_differs():
    scenario = reference_scenario()
    a = simulate(scenario, "hybrid", trials=500, seed=42)
    b = simulate(scenario, "hybrid", trials=500, seed=42)
    c = simulate(scenario, "hybrid", trials=500, seed=43)
    np.testing.assert_array_equal(a.line_costs, b.line_costs)
    np.testing.assert_array_equal(a.time_to_restore.values(), b.time_to_restore.values())
    assert a.table.to_frame().equals(b.table.to_frame())
    assert not np.array_equal(a.total_cost, c.total_cost)


def test_zero_incident_system_and_tiny_rates():
    data = base_data()
    data["systems"].append({"name": "Quiet", "kind": "cloud", "downtime_cost_per_hour": 5,
                            "incidents": {"S1": {"rate_per_year": 0,
                                                 "repair": {"median_hours": 1}}}})
    data["systems"][0]["incidents"]["S1"]["rate_per_year"] = 0.001
    result = simulate(Scenario.model_validate(data), "in_house", trials=2_000, seed=1)
    assert result.incidents.sum() < 20
    assert np.all(result.outage_hours_by_system[:, 1] == 0)
    assert result.availability[:, 1].min() == 1.0
    summary = result.summary()
    assert summary["incidents_per_year"]["p50"] == 0
    assert math.isfinite(summary["total_cost"]["mean"])


def test_no_incidents_at_all():
    data = base_data()
    data["systems"][0]["incidents"]["S1"]["rate_per_year"] = 0
    result = simulate(Scenario.model_validate(data), "outsourced", trials=100, seed=1)
    assert result.incidents.sum() == 0
    assert result.time_to_restore.size == 0
    assert math.isnan(result.summary()["time_to_restore_hours"]["mean"])


def test_one_engineer_heavy_but_stable_load():
    # 0.9 Erlang on one engineer: stable, long waits, still the M/M/1 mean within tolerance.
    data = base_data(min_on_duty=1)
    data["systems"][0]["incidents"]["S1"]["rate_per_year"] = 0.9 * 8760
    result = simulate(Scenario.model_validate(data), "in_house", trials=40, seed=2)
    waits = per_trial_mean(result, "wait_hours")
    assert abs(waits.mean() - mean_wait(0.9, 1.0, 1)) < Z * batch_se(waits) + 0.03 * 9.0


def test_unstable_load_is_refused():
    data = base_data(min_on_duty=1)
    data["systems"][0]["incidents"]["S1"]["rate_per_year"] = 1.2 * 8760
    with pytest.raises(UnstableQueueError, match="grow without bound"):
        simulate(Scenario.model_validate(data), "in_house", trials=10, seed=1)
    # The vendor has no queue: the same load outsourced runs.
    simulate(Scenario.model_validate(data), "outsourced", trials=2, seed=1)


@pytest.mark.parametrize("trials", [0, -5, 10**9, 2.5, True])
def test_bad_trial_counts(trials):
    with pytest.raises(SimulationError, match="trials"):
        simulate(Scenario.model_validate(base_data()), "in_house", trials=trials)


def test_stops_at_target_precision():
    scenario = reference_scenario()
    result = simulate(scenario, "in_house", trials=200_000, seed=4, target_precision=0.03,
                      keep_incidents=False)
    assert result.trials < 200_000
    assert max(result.convergence().values()) <= 0.03


def test_mean_cost_close_to_expected_model(hand_scenario):
    # The deterministic model has no queueing and no vendor misses: on a 24x7, lightly loaded
    # in-house team they describe the same year, so the means agree within sampling error.
    from estimators import strategy_costs

    result = simulate(hand_scenario, "in_house", trials=20_000, seed=9)
    expected = strategy_costs(hand_scenario, "in_house").annual_total
    se = batch_se(result.total_cost)
    assert abs(result.total_cost.mean() - expected) < Z * se + 1e-3 * expected


def test_priority_by_severity_matches_cobham():
    # M/M/1 with two non-preemptive priority classes, exponential service of mean 1 h:
    # R = Σ λ_i E[S_i²] / 2, W_1 = R / (1 − ρ_1), W_2 = R / ((1 − ρ_1)(1 − ρ_1 − ρ_2))
    # (Cobham 1954). First come first served gives everyone ρ / (μ − λ).
    lam1, lam2 = 0.3, 0.4
    data = base_data(min_on_duty=1, queue_discipline="severity")
    repair = {"distribution": "exponential", "median_hours": math.log(2)}
    data["systems"][0]["incidents"] = {
        "S1": {"rate_per_year": lam1 * 8760, "repair": repair},
        "S2": {"rate_per_year": lam2 * 8760, "repair": repair},
    }
    result = simulate(Scenario.model_validate(data), "in_house", trials=40, seed=21)
    frame = result.table.to_frame()
    r = (lam1 + lam2) * 2.0 / 2.0
    expected = {"S1": r / (1 - lam1), "S2": r / ((1 - lam1) * (1 - lam1 - lam2))}
    for sev, want in expected.items():
        waits = frame[frame["severity"] == sev].groupby("trial")["wait_hours"].mean().to_numpy()
        assert abs(waits.mean() - want) < Z * batch_se(waits), (sev, waits.mean(), want)
    fcfs = simulate(Scenario.model_validate(base_data(min_on_duty=1) | {
        "systems": data["systems"]}), "in_house", trials=10, seed=21)
    assert fcfs.table.to_frame()["wait_hours"].mean() == pytest.approx(0.7 / 0.3, rel=0.1)


def test_a_year_with_too_many_incidents_is_refused_before_it_starts():
    from estimators.engine.simulation import MAX_INCIDENTS_PER_TRIAL, SimulationError

    scenario = sample_scenario("home_delivery_cloud").with_changes(**{
        "effects.incident_rate_multiplier": 100.0,
        "systems.0.incidents.S3.rate_per_year": 100_000.0})
    with pytest.raises(SimulationError, match=f"the cap is {MAX_INCIDENTS_PER_TRIAL:,}"):
        simulate(scenario, "outsourced", 10)


def test_a_run_that_would_not_fit_in_memory_is_refused_with_the_limit(monkeypatch):
    import estimators.engine.simulation as engine

    monkeypatch.setattr(engine, "memory_limit", lambda: 50_000_000)
    with pytest.raises(engine.SimulationError, match="limit here is 0.1 GB"):
        simulate(sample_scenario("home_delivery_cloud"), "in_house", 200_000)
    simulate(sample_scenario("home_delivery_cloud"), "in_house", 1_000)  # small runs still go


def test_busy_scenarios_run_in_smaller_chunks_reproducibly():
    scenario = sample_scenario("ecommerce_24x7").with_changes(**{
        "effects.incident_rate_multiplier": 20.0})  # ≈ 2,800 incidents a year
    a = simulate(scenario, "outsourced", 800, 3, keep_incidents=False)
    b = simulate(scenario, "outsourced", 800, 3, keep_incidents=False)
    np.testing.assert_array_equal(a.total_cost, b.total_cost)
    from estimators.calendars.timeline import effective_rates

    assert a.incidents.mean() == pytest.approx(effective_rates(scenario).sum(), rel=0.02)


def test_trials_frame_adds_up_to_the_run():
    from estimators.costs.lines import COST_LINES

    result = simulate(sample_scenario("home_delivery_cloud"), "hybrid", 500, 2)
    frame = result.trials_frame()
    assert len(frame) == 500 and list(frame["trial"]) == list(range(500))
    np.testing.assert_allclose(frame[list(COST_LINES)].sum(axis=1), frame["total_cost"])
    np.testing.assert_array_equal(frame["incidents"], result.incidents)
    per_trial = result.table.to_frame().groupby("trial").size().reindex(range(500),
                                                                          fill_value=0)
    np.testing.assert_array_equal(frame["incidents"], per_trial.to_numpy())
    breaches = result.table.to_frame().assign(
        any=lambda d: d.breach_response | d.breach_restore)
    for sev in ("S1", "S2", "S3"):
        counted = breaches[breaches.severity == sev].groupby("trial")["any"].sum().reindex(
            range(500), fill_value=0)
        np.testing.assert_array_equal(frame[f"breaches_{sev}"], counted.to_numpy())
