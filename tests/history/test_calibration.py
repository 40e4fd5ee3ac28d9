"""Calibration can't produce nonsense: the preview, its refusals and flags, and what is applied.

docs/model.md §19, "Calibration": rates need 30 days of history and 16 incidents; a rate or mean
repair time beyond ten times the scenario's needs confirmation; repair times need the fitting
code's minimum of resolved incidents.
"""

import csv
import io
import math
from pathlib import Path

import pandas as pd
import pytest

from estimators import compare_strategies, sample_scenario
from estimators.calendars.coverage import HOURS_PER_YEAR
from estimators.history import load_history
from estimators.history.analysis import (
    arrival_rates,
    fit_groups,
    fit_start,
    observation_span_hours,
)
from estimators.history.calibrate import (
    MIN_INCIDENTS,
    MIN_SPAN_DAYS,
    MISMATCH_FACTOR,
    calibrate,
    calibration_preview,
    repair_time_of,
)
from estimators.history.fitting import MIN_POINTS
from estimators.history.plan import Decision

SERVICENOW = Path(__file__).parents[2] / "data" / "history" / "servicenow_incident_event_log.csv"
HEADER = ("id", "opened", "resolved", "priority", "system")
START = pd.Timestamp("2024-01-01 00:00")


def history_of(times: list[pd.Timestamp], system: str = "Delivery routing",
               priority: str = "P3", hours: float | list[float] = 1.0):
    """A history of one system and priority: incidents opened at ``times``, each restored
    after ``hours`` (one value, or one per incident)."""
    hours = hours if isinstance(hours, list) else [hours] * len(times)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for i, (opened, h) in enumerate(zip(times, hours, strict=True)):
        writer.writerow([str(i), opened.strftime("%Y-%m-%d %H:%M"),
                         (opened + pd.Timedelta(hours=h)).strftime("%Y-%m-%d %H:%M"), priority,
                         system])
    return load_history(out.getvalue().encode("utf-8"), name="x.csv")


def every(n: int, minutes: float) -> list[pd.Timestamp]:
    return [START + pd.Timedelta(minutes=i * minutes) for i in range(n)]


def row(plan, system: str, severity: str):
    return next(r for r in plan.rows if r.system == system and r.severity == severity)


@pytest.fixture(scope="module")
def servicenow():
    return load_history(SERVICENOW)


@pytest.fixture(scope="module")
def home():
    return sample_scenario("home_delivery_cloud")


def test_minimum_count_comes_from_the_poisson_interval():
    # n events: relative 95 % half-width ≈ 1.96/√n; within ±50 % from n = 16.
    assert MIN_INCIDENTS == math.ceil((1.959963984540054 / 0.5) ** 2) == 16
    assert 1.96 / math.sqrt(MIN_INCIDENTS) <= 0.5 < 1.96 / math.sqrt(MIN_INCIDENTS - 1)


def test_servicenow_excerpt_is_refused_and_flagged(servicenow, home):
    plan = calibration_preview(home, servicenow)
    assert plan.span_days < 3  # two and a half days of a large service desk
    codes = [f.code for f in plan.findings]
    assert {"span_too_short", "volume_mismatch", "no_acknowledgement"} <= set(codes)
    volume = next(f for f in plan.findings if f.code == "volume_mismatch")
    assert volume.values["ratio"] > 1_000 and volume.values["systems"] == 4
    assert len(plan.rows) == 12
    for r in plan.rows:
        assert r.rate is Decision.keep
        assert any(f.code == "span_too_short" for f in r.findings)
        # Ticket lifetimes of days against repairs of hours: only with confirmation.
        assert r.repair is Decision.confirm
    assert plan.needs_confirmation and not plan.changes() and plan.changes(confirmed=True)

    calibrated, _ = calibrate(home, servicenow)
    assert calibrated == home  # nothing was allowed without confirmation
    before, after = compare_strategies(home), compare_strategies(calibrated)
    for strategy, costs in after.strategies.items():
        ratio = costs.annual_total / before.strategies[strategy].annual_total
        assert 0.5 <= ratio <= 2.0

    confirmed, _ = calibrate(home, servicenow, confirmed=True)
    for old, new in zip(home.systems, confirmed.systems, strict=True):
        for sev, profile in old.incidents.items():  # refused rates stay refused
            assert new.incidents[sev].rate_per_year == profile.rate_per_year
    for costs in compare_strategies(confirmed).strategies.values():
        assert (costs.outage_hours <= HOURS_PER_YEAR).all() or not math.isfinite(
            costs.annual_total)


def test_preview_values_are_the_scenarios_and_the_fits(servicenow, home):
    plan = calibration_preview(home, servicenow)
    fits = fit_groups(servicenow, "severity", start=fit_start(servicenow))
    totals = arrival_rates(servicenow, ("system", "severity")).groupby("severity")[
        "rate_per_year"].sum()
    for r in plan.rows:
        system = next(s for s in home.systems if s.name == r.system)
        profile = system.incidents[r.severity]
        assert r.old_rate == profile.rate_per_year and r.old_repair == profile.repair
        assert r.new_repair == repair_time_of(fits[r.severity][0][0])
        # No system name matches: the severity's total, shared by the current rates.
        current = [s.incidents[r.severity].rate_per_year for s in home.systems]
        assert r.new_rate == pytest.approx(totals[r.severity] * profile.rate_per_year
                                           / sum(current), rel=1e-12)
        assert r.incidents == int((servicenow.incidents["severity"] == r.severity).sum())
    frame = plan.to_frame()
    assert list(frame["old_median_hours"]) == [r.old_repair.median_hours for r in plan.rows]


@pytest.mark.parametrize(("last_minutes", "refused"), [(42_299, True), (42_301, False)])
def test_minimum_span_at_its_boundary(home, last_minutes, refused):
    # 48 incidents; the span is (last − first) · 48/47, so 42,300 minutes is exactly 30 days.
    times = every(47, 900) + [START + pd.Timedelta(minutes=last_minutes)]
    history = history_of(times)
    span_days = observation_span_hours(history) / 24.0
    assert (span_days < MIN_SPAN_DAYS) is refused
    assert span_days == pytest.approx(MIN_SPAN_DAYS, abs=0.01)
    rate = 48 / (span_days / 365.0)
    scenario = home.with_changes(**{"systems.0.incidents.S3.rate_per_year": rate})
    plan = calibration_preview(scenario, history)
    routing = row(plan, "Delivery routing", "S3")
    assert routing.new_rate == pytest.approx(rate, rel=1e-9)
    assert routing.rate is (Decision.keep if refused else Decision.use)
    assert any(f.code == "span_too_short" for f in plan.findings) is refused
    calibrated = plan.apply(scenario)
    assert calibrated.systems[0].incidents["S3"].rate_per_year == pytest.approx(rate)


@pytest.mark.parametrize(("n", "used"), [(MIN_INCIDENTS - 1, False), (MIN_INCIDENTS, True)])
def test_minimum_count_at_its_boundary(home, n, used):
    history = history_of(every(n, 60 * 24 * 90 / (n - 1)))  # about 90 days
    rate = n / (observation_span_hours(history) / HOURS_PER_YEAR)
    scenario = home.with_changes(**{"systems.0.incidents.S3.rate_per_year": rate / 2})
    routing = row(calibration_preview(scenario, history), "Delivery routing", "S3")
    assert routing.incidents == n
    assert routing.rate is (Decision.use if used else Decision.keep)
    if not used:
        finding = next(f for f in routing.findings if f.code == "too_few_incidents")
        assert finding.values == {"n": n, "min_n": MIN_INCIDENTS, "precision": 0.5}


def test_volume_mismatch_needs_confirmation(home):
    # 20 times the scenario's 18 S3 incidents a year on the routing system, over a year.
    n = 360
    history = history_of(every(n, 365 * 24 * 60 / n))
    plan = calibration_preview(home, history)
    routing = row(plan, "Delivery routing", "S3")
    assert routing.rate is Decision.confirm
    mismatch = next(f for f in routing.findings if f.code == "rate_mismatch")
    assert mismatch.values["ratio"] > MISMATCH_FACTOR
    assert any(f.code == "volume_mismatch" for f in plan.findings)
    assert plan.apply(home).systems[0].incidents["S3"].rate_per_year == 18
    assert plan.apply(home, confirmed=True).systems[0].incidents["S3"].rate_per_year == \
        pytest.approx(routing.new_rate)
    # Systems the history does not name keep everything, and say why.
    billing = row(plan, "Billing and collection", "S3")
    assert billing.rate is Decision.keep and billing.new_rate is None
    assert [f.code for f in billing.findings][0] == "system_not_in_history"


def test_repair_times_are_used_when_rates_are_refused(home):
    # Ten days, 20 resolved S2 incidents of about the routing system's repair time.
    hours = [1.0, 1.5, 2.0, 2.5, 1.2, 0.8, 3.0, 1.7, 1.1, 2.2] * 2
    history = history_of(every(20, 60 * 12), priority="P2", hours=hours)
    plan = calibration_preview(home, history)
    routing = row(plan, "Delivery routing", "S2")
    assert routing.rate is Decision.keep and routing.repair is Decision.use
    assert any(f.code == "few_resolved" for f in routing.findings)  # under 30: rough
    calibrated = plan.apply(home)
    assert calibrated.systems[0].incidents["S2"].rate_per_year == 6
    assert calibrated.systems[0].incidents["S2"].repair == routing.new_repair
    assert plan.counts() == (0, 1)


def test_too_few_resolved_incidents_keep_the_repair_time(home):
    history = history_of(every(MIN_POINTS - 1, 60), priority="P1")
    routing = row(calibration_preview(home, history), "Delivery routing", "S1")
    assert routing.repair is Decision.keep and routing.new_repair is None
    finding = next(f for f in routing.findings if f.code == "too_few_resolved")
    assert finding.values == {"n": MIN_POINTS - 1, "min_n": MIN_POINTS}
