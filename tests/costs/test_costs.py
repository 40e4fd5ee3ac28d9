"""Every cost line of the hand-computed scenario against arithmetic done by hand."""

import math

import numpy as np
import pytest
from scipy import integrate, stats

from estimators import COST_LINES, Scenario, Strategy, compare_strategies, strategy_costs
from estimators.costs.expected import build_cost_band

RATE = 10.0  # S1 incidents per year
DETECT = 15 / 60  # basic monitoring
MEAN_REPAIR = 2.0
VENDOR_RESPONSE = 1.0 / -math.log(1 - 0.5)  # exponential with P(T <= 1 h) = 0.5
LATE = 1 - 0.8  # 1 − p_resolution: late restorations wait one more vendor repair on average
BACKLOG = LATE * 1.5 * MEAN_REPAIR


def vendor_breach() -> float:
    """P(response after 1 h or restoration after 8 h) for the hand scenario's vendor, by
    numerical integration: R ~ Exp(mean VENDOR_RESPONSE), a visit of 4 h half the time, repair
    1.5·Y ~ Exp(mean 3 h), plus for the late 20 % a backlog ~ Exp(mean 3 h) (so repair and
    backlog together are Erlang-2 with mean 3 h each)."""
    def repair_cdf(x: float, late: bool) -> float:
        if x <= 0:
            return 0.0
        return stats.gamma.cdf(x, a=2 if late else 1, scale=3.0)

    def met(late: bool, visit: float) -> float:
        return integrate.quad(lambda r: stats.expon.pdf(r, scale=VENDOR_RESPONSE)
                              * repair_cdf(8.0 - visit - r, late), 0.0, 1.0,
                              epsabs=1e-13, epsrel=1e-12)[0]

    on_time = 0.5 * met(False, 0.0) + 0.5 * met(False, 4.0)
    late = 0.5 * met(True, 0.0) + 0.5 * met(True, 4.0)
    return 1.0 - ((1 - LATE) * on_time + LATE * late)


def capped_credits(breaches_per_year: float, credit: float, cap: float) -> float:
    """12 × E[min(credit · N, cap)] for N ~ Poisson(breaches a month), summed directly."""
    n = np.arange(200)
    return 12 * float(np.minimum(credit * n, cap)
                      @ stats.poisson.pmf(n, breaches_per_year / 12))


def queue_wait() -> float:
    """Pollaczek–Khinchine M/G/1 wait for the one engineer on duty (24x7, 10 incidents a year):
    S = ack (Exp, mean 0.5 h) + travel (1 h half the time) + repair (Exp, mean 2 h), so
    E[S] = 3 h and E[S²] = 0.5 + 0.5 + 8 + 2·(0.5·0.5 + 0.5·2 + 0.5·2) = 13.5 h²."""
    lam = RATE / 8760
    return lam * 13.5 / (2 * (1 - lam * 3.0))


def expected_in_house() -> dict[str, float]:
    # detect, ack, repair, half need 1 h travel, and the wait for the engineer
    ttr = DETECT + 0.5 + MEAN_REPAIR + 0.5 * 1.0 + queue_wait()
    return {
        "labour": 5 * 6_000_000,
        "training": 5 * 100_000,
        "attrition": 5 * 0.1 * (1_000_000 + 6_000_000 / 12 * 6 * 0.5),
        "tools": 500_000,
        "parts_and_onsite": 200_000 + RATE * 10_000,
        "downtime": RATE * ttr * 10_000,
    }


def expected_outsourced() -> dict[str, float]:
    ttr = DETECT + VENDOR_RESPONSE + 1.5 * MEAN_REPAIR + 0.5 * 4.0 + BACKLOG
    vendor_hours = RATE * (1.5 * MEAN_REPAIR + 0.25) + 150  # repair and the vendor's triage
    return {
        "vendor_fixed": 12 * 1_000_000,
        "vendor_overage": (vendor_hours - 120) * 20_000,
        "vendor_per_incident": RATE * 50_000,
        "vendor_management": 0.5 * 8_000_000,
        "transition": 2_400_000 / 4,
        "parts_and_onsite": 200_000 + RATE * 10_000 + RATE * 0.5 * 30_000,
        "downtime": RATE * ttr * 10_000,
        "service_credits": -capped_credits(RATE * vendor_breach(), 0.10, 1.0) * 1_000_000,
    }


def expected_hybrid() -> dict[str, float]:
    # Default split: in-house first response, vendor recovery and adaptive work, in-house
    # perfective. 40 % of 5 people = 2 people, never topped up (24x7 needs 5: infeasible).
    fte = 2
    ttr = DETECT + 0.5 + 0.5 + VENDOR_RESPONSE + 1.5 * MEAN_REPAIR + 0.5 * 4.0 + BACKLOG
    vendor_hours = RATE * 1.5 * MEAN_REPAIR + 100
    return {
        "labour": fte * 6_000_000,
        "training": fte * 100_000,
        "attrition": fte * 0.1 * (1_000_000 + 6_000_000 / 12 * 6 * 0.5),
        "tools": 500_000,
        "vendor_fixed": 12 * 500_000,
        "vendor_overage": (vendor_hours - 60) * 20_000,
        "vendor_per_incident": RATE * 50_000,
        "vendor_management": 0.5 * 8_000_000,
        "transition": 2_400_000 / 4,
        "parts_and_onsite": 200_000 + RATE * 10_000 + RATE * 0.5 * 30_000,
        "downtime": RATE * ttr * 10_000,
        "service_credits": -capped_credits(RATE * vendor_breach(), 0.10, 1.0) * 500_000,
    }


@pytest.mark.parametrize(
    ("strategy", "expected"),
    [("in_house", expected_in_house), ("outsourced", expected_outsourced),
     ("hybrid", expected_hybrid)],
)
def test_each_line(hand_scenario, strategy, expected):
    result = strategy_costs(hand_scenario, strategy)
    want = {line: 0.0 for line in COST_LINES} | expected()
    for line in COST_LINES:
        # The breach probability averages over 2,000 repair-time quantiles: 1e-6 relative.
        rel = 1e-6 if line == "service_credits" else 1e-12
        assert result.by_line[line] == pytest.approx(want[line], rel=rel, abs=1e-6), line
    assert result.annual_total == pytest.approx(sum(want.values()), rel=1e-8)


def test_breakdowns_add_up(hand_scenario):
    for result in compare_strategies(hand_scenario).strategies.values():
        total = result.annual_total
        assert sum(result.by_maintenance_type.values()) == pytest.approx(total, rel=1e-12)
        assert sum(result.by_asset_kind.values()) == pytest.approx(total, rel=1e-12)
        assert result.by_asset_kind["hardware"] == pytest.approx(total, rel=1e-12)
        assert result.to_frame()["amount"].sum() == pytest.approx(total, rel=1e-12)


def test_in_house_by_maintenance_type(hand_scenario):
    # Shared team costs follow hours: incidents 10 × (0.25 triage + 2 repair + 2 × 0.5 travel)
    # = 32.5 h, adaptive 100 h, perfective 50 h.
    lines = expected_in_house()
    shared = lines["labour"] + lines["training"] + lines["attrition"] + lines["tools"]
    hours = {"corrective": 32.5, "adaptive": 100.0, "perfective": 50.0}
    total_hours = sum(hours.values())
    got = strategy_costs(hand_scenario, "in_house").by_maintenance_type
    direct = lines["parts_and_onsite"] + lines["downtime"]
    assert got["corrective"] == pytest.approx(shared * 32.5 / total_hours + direct, rel=1e-12)
    assert got["adaptive"] == pytest.approx(shared * 100 / total_hours, rel=1e-12)
    assert got["perfective"] == pytest.approx(shared * 50 / total_hours, rel=1e-12)
    assert got["preventive"] == 0.0 and got["predictive"] == 0.0


def test_multi_year_escalation_and_npv(hand_scenario):
    lines = expected_in_house()
    salary = lines["labour"] + lines["training"] + lines["attrition"]
    other = lines["tools"] + lines["parts_and_onsite"] + lines["downtime"]
    yearly = [salary * 1.03**t + other for t in range(4)]
    result = strategy_costs(hand_scenario, "in_house")
    np.testing.assert_allclose(result.yearly, yearly, rtol=1e-12)
    assert result.horizon_total == pytest.approx(sum(yearly), rel=1e-12)
    assert result.npv == pytest.approx(sum(y / 1.05 ** (t + 1) for t, y in enumerate(yearly)))

    out = strategy_costs(hand_scenario, "outsourced")
    o = expected_outsourced()
    run = sum(o.values()) - o["transition"]
    management = o["vendor_management"]
    yearly = [run - management + management * 1.03**t for t in range(4)]
    np.testing.assert_allclose(out.yearly, yearly, rtol=1e-8)  # credits: 1e-6 of 3 % of it
    assert out.upfront == 2_400_000
    assert out.horizon_total == pytest.approx(2_400_000 + sum(yearly), rel=1e-8)
    assert out.npv == pytest.approx(
        2_400_000 + sum(y / 1.05 ** (t + 1) for t, y in enumerate(yearly)), rel=1e-8
    )
    np.testing.assert_allclose(out.cumulative, 2_400_000 + np.r_[0, np.cumsum(yearly)])


def test_minimum_term_beyond_horizon_is_paid(hand_data):
    hand_data["contract"]["minimum_term_months"] = 60  # 12 months beyond a 4-year horizon
    scenario = Scenario.model_validate(hand_data)
    base = strategy_costs(Scenario.model_validate(hand_data | {"contract": {
        **hand_data["contract"], "minimum_term_months": 12}}), "outsourced")
    longer = strategy_costs(scenario, "outsourced")
    assert longer.yearly[-1] - base.yearly[-1] == pytest.approx(12 * 1_000_000)


def test_credits_are_capped_per_month(hand_data):
    # A 2 % cap under a 10 % credit: a month pays 2 % of the fee if it had any breach.
    hand_data["contract"]["credit_cap_pct"] = 2.0
    result = strategy_costs(Scenario.model_validate(hand_data), "outsourced")
    months_with_a_breach = 12 * -math.expm1(-RATE * vendor_breach() / 12)
    assert result.by_line["service_credits"] == pytest.approx(
        -0.02 * months_with_a_breach * 1_000_000, rel=1e-6)


def test_coverage_shortfall_is_infeasible_not_topped_up(hand_data):
    # 24x7 is 168 h a week; one person is present 40 × 9/8 = 45 h of it: 3.73 FTE, 4 people.
    # Two are costed as two, and flagged.
    hand_data["team"]["levels"][0]["headcount"] = 2
    comparison = compare_strategies(Scenario.model_validate(hand_data))
    result = comparison.strategies[Strategy.in_house]
    assert result.team.total == 2.0
    assert result.by_line["labour"] == pytest.approx(2 * 6_000_000)
    assert not result.feasible
    assert any("needs 4 people (3.73 FTE); the team has 2 (2.00 FTE)" in w
               for w in result.warnings)
    assert comparison.cheapest() is not Strategy.in_house
    assert comparison.to_dict()["strategies"]["in_house"]["feasible"] is False


def test_overtime_beyond_capacity(hand_data):
    hand_data["systems"][0]["planned_hours_per_year"]["perfective"] = 12_000
    result = strategy_costs(Scenario.model_validate(hand_data), "in_house")
    hours = 32.5 + 100 + 12_000
    overtime = hours - 5 * 2080
    hourly = 30_000_000 / (5 * 2080)
    assert result.by_line["labour"] == pytest.approx(30_000_000 + overtime * hourly * 1.25)
    assert any("overtime" in w for w in result.warnings)


def test_preventive_work_cuts_rates_with_diminishing_returns(hand_data):
    costs = []
    for hours in (0, 80, 160, 5e4):
        hand_data["systems"][0]["planned_hours_per_year"]["preventive"] = hours
        result = strategy_costs(Scenario.model_validate(hand_data), "in_house")
        costs.append(result.profile.rates[0, 0])
    factor = [1 - 0.3 * (1 - math.exp(-h / 80)) for h in (0, 80, 160, 5e4)]
    np.testing.assert_allclose(costs, np.array(factor) * RATE, rtol=1e-12)


def test_business_hours_response_waits_or_pages(hand_data):
    team = hand_data["team"]
    team["coverage"] = {"mode": "business_hours", "start": "09:00", "end": "18:00"}
    team["levels"][0]["headcount"] = 5
    no_call = strategy_costs(Scenario.model_validate(hand_data), "in_house")
    team["on_call"] = {"enabled": True, "response_minutes": 30, "allowance_per_week": 10_000,
                       "callout_premium": 5_000, "paged_severities": ["S1"]}
    team["premiums"] = {"overtime": 0, "late_night": 0, "holiday": 0}  # test_premiums.py
    on_call = strategy_costs(Scenario.model_validate(hand_data), "in_house")
    off = 1 - 2349 / 8760  # 261 weekdays × 9 h covered
    mean_wait = (209 * 15**2 + 52 * 63**2) / 2 / (209 * 15 + 52 * 63)
    base = DETECT + MEAN_REPAIR + 0.5
    # Four engineers on duty for ten incidents a year: waiting for one is under 1e-6 h.
    assert no_call.profile.restore_hours[0, 0] == pytest.approx(
        base + (1 - off) * 0.5 + off * (mean_wait + 0.5), abs=1e-6)
    # Off-hours pages queue for the one on-call engineer: the M/G/1 wait of queue_wait(), at
    # the same rate per off-hour (10 a year × off / off-hours = 10 / 8,760 h).
    assert on_call.profile.restore_hours[0, 0] == pytest.approx(
        base + 0.5 + off * queue_wait(), rel=1e-9)
    # Allowance, a fee per page, and the call-out hours paid at the hourly rate (no premium
    # here): 5 people at 6,000,000 a year over their net hours.
    hourly = 6_000_000 / 2080
    called = float((on_call.profile.rates[..., None] * on_call.profile.callout_hours)[
        ..., :2].sum())
    assert called > 0
    assert on_call.by_line["on_call"] == pytest.approx(
        52 * 10_000 + RATE * off * 5_000 + hourly * called)


def test_zero_incidents_and_empty_team(hand_data):
    hand_data["systems"][0]["incidents"]["S1"]["rate_per_year"] = 0
    hand_data["team"]["levels"][0]["headcount"] = 0
    comparison = compare_strategies(Scenario.model_validate(hand_data))
    for result in comparison.strategies.values():
        assert np.isfinite(result.cube).all()
        assert result.by_line["downtime"] == 0.0
    assert comparison.strategies[Strategy.outsourced].team.total == 0.0


def test_json_contract(hand_scenario):
    data = compare_strategies(hand_scenario).to_dict()
    assert data["currency"] == "JPY"
    assert set(data["strategies"]) == {"in_house", "outsourced", "hybrid"}
    for block in data["strategies"].values():
        for key in ("annual_total", "by_line", "by_maintenance_type", "by_asset_kind",
                    "horizon_total", "npv"):
            assert key in block
        assert set(block["by_line"]) == set(COST_LINES)
        assert set(block["by_maintenance_type"]) == {
            "corrective", "adaptive", "preventive", "perfective", "predictive", "operation"}
        assert set(block["by_asset_kind"]) == {"hardware", "software", "cloud"}


def _business_hours(hand_data, vendor_too: bool) -> None:
    window = {"mode": "business_hours", "start": "09:00", "end": "18:00"}
    hand_data["team"]["coverage"] = window
    if vendor_too:
        hand_data["contract"]["coverage"] = window


def test_hand_over_does_not_wait_twice(hand_data):
    # Same window for team and vendor: an incident that waited overnight for the team is handed
    # over inside the window, so hybrid adds only the hand-over, the vendor's response and the
    # repair difference (plus the few hand-overs that cross 18:00).
    _business_hours(hand_data, vendor_too=True)
    scenario = Scenario.model_validate(hand_data)
    in_house = strategy_costs(scenario, "in_house").profile.restore_hours[0, 0]
    hybrid = strategy_costs(scenario, "hybrid").profile.restore_hours[0, 0]
    travel_diff = 0.5 * (4.0 - 1.0)
    expected_gap = 0.5 + VENDOR_RESPONSE + (1.5 - 1.0) * MEAN_REPAIR + travel_diff
    off_hours_wait = (1 - 2349 / 8760) * 19.76  # what a second overnight wait would add
    assert abs((hybrid - in_house) - expected_gap) < 0.1 * off_hours_wait


def test_around_the_clock_severity_ignores_the_vendor_window(hand_data):
    full = strategy_costs(Scenario.model_validate(hand_data), "outsourced")
    _business_hours(hand_data, vendor_too=True)
    office = strategy_costs(Scenario.model_validate(hand_data), "outsourced")
    hand_data["contract"]["terms"]["S1"]["around_the_clock"] = True
    urgent = strategy_costs(Scenario.model_validate(hand_data), "outsourced")
    assert office.profile.restore_hours[0, 0] > full.profile.restore_hours[0, 0] + 10
    assert urgent.profile.restore_hours[0, 0] == pytest.approx(full.profile.restore_hours[0, 0])


def test_vendor_first_response_pages_in_house_recovery_off_hours(hand_data):
    _business_hours(hand_data, vendor_too=False)
    hand_data["team"]["on_call"] = {"enabled": True, "paged_severities": ["S1"]}
    hand_data["hybrid"]["default"] = {"first_response": "vendor", "recovery": "in_house"}
    result = strategy_costs(Scenario.model_validate(hand_data), "hybrid")
    # The 24x7 vendor hands over after detection + response + hand-over; the team is paged
    # when that lands outside 09:00-18:00 on weekdays: about the off-hours share of the year.
    assert result.profile.night_pages[0, 0] == pytest.approx(1 - 2349 / 8760, abs=0.02)


def test_spend_and_build_cost_band(hand_data):
    scenario = Scenario.model_validate(hand_data)
    assert build_cost_band(scenario) is None
    result = strategy_costs(scenario, "in_house")
    assert result.spend == pytest.approx(result.annual_total - expected_in_house()["downtime"])
    hand_data["systems"][0]["build_cost"] = 40_000_000
    assert build_cost_band(Scenario.model_validate(hand_data)) == pytest.approx(
        (40_000_000, 2_000_000, 6_000_000))


def test_predictive_tooling_is_paid_in_every_strategy(hand_data):
    base = compare_strategies(Scenario.model_validate(hand_data))
    hand_data["effects"]["predictive_tooling_cost_per_year"] = 120_000
    tooled = compare_strategies(Scenario.model_validate(hand_data))
    for strategy in Strategy:
        before, after = base.strategies[strategy], tooled.strategies[strategy]
        assert after.by_line["tools"] - before.by_line["tools"] == pytest.approx(120_000)
        assert after.by_maintenance_type["predictive"] == pytest.approx(120_000)


def test_parts_per_incident_can_differ_by_severity(hand_data):
    # Every incident is S1: an S1 price replaces the general one; an S2 price changes nothing.
    hardware = hand_data["systems"][0]["hardware"]
    hardware["parts_cost_per_incident_by_severity"] = {"S1": 50_000, "S2": 999_999}
    result = strategy_costs(Scenario.model_validate(hand_data), "in_house")
    assert result.by_line["parts_and_onsite"] == pytest.approx(200_000 + RATE * 50_000)
