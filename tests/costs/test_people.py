"""Issue 15 §2: whole people, no silent top-up, the on-call rota, operation (運用), utilisation
and the statutory premiums on call-outs — each against arithmetic done by hand."""

import math
from datetime import datetime, timedelta

import numpy as np
import pytest

from estimators import Scenario, Strategy, compare_strategies, strategy_costs
from estimators.calendars.bands import hours_in_bands
from estimators.calendars.timeline import team_mix
from estimators.costs.lines import Activity, cost_lines
from estimators.costs.premiums import expected_job_hours, premium_bands
from estimators.engine.simulation import simulate
from estimators.scenario import Coverage
from estimators.scenario.loading import ScenarioError, parse_scenario
from estimators.scenario.samples import sample_scenario
from estimators.scenario.strategies import plan_for
from estimators.scenario.team import SkillLevel, kept_headcount

WINDOW = {"mode": "business_hours", "start": "09:00", "end": "18:00"}  # Mon-Fri, no holidays
COVERED = 261 * 9  # 2,349 h a year (day 0 a Monday, 365 days)
SATURDAY_21 = 5 * 24 + 21.0  # hours from the start of the year: day 5 is a Saturday
SUNDAY_21 = 6 * 24 + 21.0


def scenario(data: dict) -> Scenario:
    return Scenario.model_validate(data)


# ----------------------------------------------------------------------------- whole people


def test_fractional_headcount_is_refused_with_the_fix(hand_data):
    hand_data["team"]["levels"][0]["headcount"] = 1.5
    import json
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(json.dumps(hand_data))
    (message,) = caught.value.messages
    assert message.startswith("team.levels[0]: headcount is 1.5 people")
    assert '"part_time": true' in message


def test_part_time_level_is_its_fte_share_and_whole_people(hand_data):
    hand_data["team"]["levels"].append({"name": "Kenmu", "headcount": 0.5, "part_time": True,
                                        "annual_loaded_cost": 4_000_000})
    team = scenario(hand_data).team
    assert team.headcount == 5.5 and team.people == 6
    assert team.levels[1].people == 1


def test_kept_headcount_rounds_people_up_by_largest_remainder():
    levels = [SkillLevel(name=n, headcount=h, annual_loaded_cost=1.0)
              for n, h in (("senior", 2), ("mid", 4), ("junior", 2))]
    # 0.6 × 8 = 4.8 → 5 people: floors 1, 2, 1 and the largest remainder (mid's 0.4) gets one.
    assert kept_headcount(levels, 0.6) == [1.0, 3.0, 1.0]
    assert kept_headcount(levels, 1.0) == [2.0, 4.0, 2.0]
    assert kept_headcount(levels, 0.0) == [0.0, 0.0, 0.0]
    two = levels[:1] + [SkillLevel(name="kenmu", headcount=0.5, part_time=True,
                                   annual_loaded_cost=1.0)]
    assert kept_headcount(two, 0.75) == [2.0, 0.375]  # ceil(1.5) = 2; part-time scales


def test_hybrid_team_is_whole_people(hand_data):
    hand_data["hybrid"]["team_scale"] = 0.5  # 2.5 of 5 people → 3
    hand_data["team"]["coverage"] = WINDOW
    s = scenario(hand_data)
    mix = team_mix(s, plan_for(s, Strategy.hybrid))
    assert mix.total == 3.0 and mix.total_people == 3
    assert mix.fte.tolist() == [3.0]


# ------------------------------------------------------------------ feasibility, no top-up


def test_zero_people_is_infeasible_and_never_cheapest(hand_data):
    hand_data["team"]["levels"][0]["headcount"] = 0
    comparison = compare_strategies(scenario(hand_data))
    in_house = comparison.strategies[Strategy.in_house]
    assert in_house.team.total == 0.0  # no top-up: nobody is added at average cost
    assert in_house.by_line["labour"] == 0.0
    assert not in_house.feasible
    assert any("no engineers" in w for w in in_house.warnings)
    # Cheapest on paper (no salaries), yet never named the cheapest.
    assert in_house.annual_total < comparison.strategies[Strategy.outsourced].annual_total
    assert comparison.cheapest() is Strategy.outsourced
    assert comparison.ranked()[-1] is not Strategy.outsourced
    assert in_house.utilisation == math.inf


def test_window_needs_whole_people(hand_data):
    # One person (40 h a week + the statutory hour's break = 45 h present) covers Mon-Fri 09-18,
    # 45 h a week: the one-person IT department is feasible (its leave is key-person risk).
    hand_data["team"]["coverage"] = WINDOW
    hand_data["team"]["levels"][0]["headcount"] = 1
    one = strategy_costs(scenario(hand_data), "in_house")
    assert one.feasible and one.team.needed_people == 1
    assert one.team.window_fte == pytest.approx(45 / 45)
    assert one.team.coverage_fte == pytest.approx(COVERED / 2080)  # all year, leave included
    # Mon-Sat 07:00-19:00 is 72 h a week: 72 / 45 = 1.6 FTE, 2 people.
    hand_data["team"]["coverage"] = WINDOW | {"days": ["mon", "tue", "wed", "thu", "fri", "sat"],
                                              "start": "07:00", "end": "19:00"}
    one = strategy_costs(scenario(hand_data), "in_house")
    assert not one.feasible and one.team.needed_people == 2
    assert any("needs 2 people (1.60 FTE); the team has 1 (1.00 FTE)" in w for w in one.warnings)
    hand_data["team"]["levels"][0]["headcount"] = 2
    assert strategy_costs(scenario(hand_data), "in_house").feasible
    # 24x7 is 168 h a week: 168 / 45 = 3.73 FTE, 4 people.
    hand_data["team"]["coverage"] = {"mode": "24x7"}
    four = strategy_costs(scenario(hand_data), "in_house")
    assert not four.feasible and four.team.needed_people == 4


def test_outsourced_is_always_feasible(hand_data):
    hand_data["team"]["levels"][0]["headcount"] = 0
    result = strategy_costs(scenario(hand_data), "outsourced")
    assert result.feasible and result.utilisation is None


# ---------------------------------------------------------------------------------- rota


def test_rota_warning_numbers(hand_data):
    team = hand_data["team"]
    team["coverage"] = WINDOW
    team["levels"][0]["headcount"] = 3
    team["on_call"] = {"enabled": True, "max_share": 0.2}  # needs ceil(1 / 0.2) = 5 people
    result = strategy_costs(scenario(hand_data), "in_house")
    (rota,) = [w for w in result.warnings if "rota" in w]
    assert rota == ("The on-call rota needs 5 people so nobody is on call more than 20% of the "
                    "weeks; the team has 3 (2 missing): each is on call 33% of the weeks, 17 "
                    "weeks a year.")
    team["levels"][0]["headcount"] = 5
    assert not [w for w in strategy_costs(scenario(hand_data), "in_house").warnings
                if "rota" in w]


def test_part_timers_count_as_people_in_the_rota(hand_data):
    team = hand_data["team"]
    team["coverage"] = WINDOW
    team["levels"][0]["headcount"] = 3
    team["levels"].append({"name": "Kenmu", "headcount": 0.5, "part_time": True,
                           "annual_loaded_cost": 4_000_000})
    team["on_call"] = {"enabled": True}
    result = strategy_costs(scenario(hand_data), "in_house")
    assert result.team.total_people == 4
    assert not [w for w in result.warnings if "rota" in w]


# ----------------------------------------------------------------------- operation (運用)


def _gap(data: dict, share: float) -> float:
    data["team"]["maintenance_share"] = share
    costs = compare_strategies(scenario(data)).strategies
    return costs[Strategy.in_house].annual_total - costs[Strategy.outsourced].annual_total


def test_maintenance_share_moves_the_gap_by_the_operation_share(hand_data):
    labour = 5 * 6_000_000  # Σ headcount × loaded cost
    # Little in-house work (32.5 + 150 h a year), so no overtime at either share.
    assert _gap(hand_data, 0.3) - _gap(hand_data, 1.0) == pytest.approx(-0.7 * labour,
                                                                          rel=1e-12)
    hand_data["team"]["maintenance_share"] = 0.3
    costs = compare_strategies(scenario(hand_data)).strategies
    for result in costs.values():  # the same in every strategy, the whole team's
        assert result.by_line["operation"] == pytest.approx(0.7 * labour, rel=1e-12)
        assert result.operation == pytest.approx(0.7 * labour, rel=1e-12)
        assert sum(result.by_maintenance_type.values()) == pytest.approx(result.annual_total)
        assert result.maintenance_cost == pytest.approx(
            result.annual_total - result.by_line["downtime"] - 0.7 * labour)
    assert costs[Strategy.in_house].by_line["labour"] == pytest.approx(0.3 * labour)


def test_operation_can_be_left_out(hand_data):
    hand_data["team"]["maintenance_share"] = 0.3
    hand_data["finance"] = {**hand_data.get("finance", {}), "include_operation": False}
    for result in compare_strategies(scenario(hand_data)).strategies.values():
        assert result.by_line["operation"] == 0.0
        assert result.by_maintenance_type["operation"] == 0.0


def test_operation_escalates_with_salaries(hand_data):
    hand_data["team"]["maintenance_share"] = 0.5
    hand_data["finance"] = {"salary_escalation": 0.1, "general_inflation": 0.0,
                            "horizon_years": 2}
    out = strategy_costs(scenario(hand_data), "outsourced")
    base = strategy_costs(scenario({**hand_data, "team": {**hand_data["team"],
                                                          "maintenance_share": 1.0}}),
                          "outsourced")
    assert (out.yearly - base.yearly).tolist() == pytest.approx([15e6, 15e6 * 1.1])


# ---------------------------------------------------------------------------- utilisation


def test_utilisation_formula_and_warning(hand_data):
    hand_data["team"]["maintenance_share"] = 0.5
    result = strategy_costs(scenario(hand_data), "in_house")
    worked = 10 * (0.25 + 2.0 + 2 * 0.5) + 150  # triage, repair, travel both ways; planned
    assert result.utilisation == pytest.approx(worked / (5 * 2080 * 0.5), rel=1e-12)
    assert not [w for w in result.warnings if "utilised" in w]
    hand_data["systems"][0]["planned_hours_per_year"]["perfective"] = 4_500  # > 85 % of 5,200
    busy = strategy_costs(scenario(hand_data), "in_house")
    assert busy.utilisation == pytest.approx((worked + 4_450) / 5_200, rel=1e-12)
    assert any("utilised on maintenance" in w for w in busy.warnings)


# ------------------------------------------------------------------------------- premiums


def test_call_out_hours_by_hand():
    bands = premium_bands(Coverage(**WINDOW), "sun")
    # Saturday 21:00 for 3 h: 3 h overtime (not the holiday), 22:00-24:00 at night.
    assert hours_in_bands(bands, np.array(SATURDAY_21), np.array(SATURDAY_21 + 3)).tolist() == [
        3.0, 0.0, 2.0]
    # Sunday 21:00 for 3 h: 3 h on the statutory holiday, 2 of them at night.
    assert hours_in_bands(bands, np.array(SUNDAY_21), np.array(SUNDAY_21 + 3)).tolist() == [
        0.0, 3.0, 2.0]
    # Friday 17:00 for 3 h: the first hour is inside the window, the other two overtime.
    friday = 4 * 24 + 17.0
    assert hours_in_bands(bands, np.array(friday), np.array(friday + 3)).tolist() == [2.0, 0.0, 0.0]


def _priced(hand_data, hours: list[float]) -> float:
    """The premium the cost lines put on one job of ``hours`` per band, for the hand team
    (5 engineers at 6,000,000 a year, 2,080 net hours each)."""
    hand_data["team"]["coverage"] = WINDOW
    s = scenario(hand_data)
    plan = plan_for(s, Strategy.in_house)
    zeros = np.zeros((1, 3))
    activity = Activity(incidents=zeros, vendor_incidents=zeros, in_house_hours=np.zeros(1),
                        vendor_hours=np.zeros(1), vendor_visits=np.zeros(1),
                        pages=np.zeros(1), parts_incidents=zeros, outage_hours=np.zeros(1),
                        credit_fees=np.zeros(1), callout_hours=np.array([hours]))
    return float(cost_lines(s, plan, team_mix(s, plan), activity)["on_call"].total())


def test_premiums_priced_by_hand(hand_data):
    # Call-out hours are outside the contract hours: each is paid at the hourly rate plus its
    # band's premium (Saturday 21:00 + 3 h: 3 h at +25 %, 2 of them at night +25 % more).
    hourly = 6_000_000 / 2080
    assert _priced(hand_data, [3.0, 0.0, 2.0]) == pytest.approx(
        hourly * (3 * 1.25 + 2 * 0.25), rel=1e-12)
    assert _priced(hand_data, [0.0, 3.0, 2.0]) == pytest.approx(
        hourly * (3 * 1.35 + 2 * 0.25), rel=1e-12)
    hand_data["team"]["premiums"] = {"overtime": 0.5, "late_night": 0.3, "holiday": 0.6}
    assert _priced(hand_data, [0.0, 3.0, 2.0]) == pytest.approx(
        hourly * (3 * 1.6 + 2 * 0.3), rel=1e-12)


def test_expected_job_hours_is_the_job_on_the_bands():
    bands = premium_bands(Coverage(**WINDOW), "sun")
    one = np.array([[0.5, 0.9, 0.5, 0.9]])  # level 0, no visit, the median repair, no escalation
    got = expected_job_hours(bands, np.array([SATURDAY_21]), one, lambda u: np.full(u.shape, 3.0),
                             np.array([1.0]), np.array([1.0]), np.array([0.0]), 0.5, 0.0, 1.0)
    assert got.tolist() == [3.0, 0.0, 2.0]


def _by_hand(start: float, end: float) -> tuple[float, float, float]:
    """Overtime, holiday and night hours of [start, end] outside Mon-Fri 09-18, minute by
    minute with the standard library's calendar (2024-01-01 was a Monday)."""
    origin = datetime(2024, 1, 1)
    totals = [0.0, 0.0, 0.0]
    minutes = int(round((end - start) * 60))
    for k in range(minutes):
        at = origin + timedelta(hours=start, minutes=k + 0.5)
        at = origin + timedelta(hours=((at - origin).total_seconds() / 3600) % 8760)
        inside = at.weekday() < 5 and 9 <= at.hour < 18
        if inside:
            continue
        totals[1 if at.weekday() == 6 else 0] += 1 / 60
        if at.hour >= 22 or at.hour < 5:
            totals[2] += 1 / 60
    return tuple(totals)


def test_simulated_premiums_are_the_incidents_on_the_clock(hand_data):
    """The Monte Carlo's premium equals its own incidents' worked hours split by hand."""
    team = hand_data["team"]
    team["coverage"] = WINDOW
    team["on_call"] = {"enabled": True, "response_minutes": 30}
    s = scenario(hand_data)
    result = simulate(s, Strategy.in_house, 40, 3)
    table = result.table.columns
    start, end = table["repair_started"], table["restored"]
    # Whole minutes keep the hand split exact: compare on jobs of the grid only where it is.
    hours = np.array([_by_hand(a, b) for a, b in zip(start, end, strict=True)])
    # The same split through the bands, exact for any times.
    bands = premium_bands(s.team.coverage, "sun")
    exact = hours_in_bands(bands, start, end)
    np.testing.assert_allclose(hours, exact, atol=2 / 60)  # minute sampling of the ends
    hourly = 6_000_000 / 2080
    premium = hourly * (exact @ np.array([1.25, 1.35, 0.25]))  # base pay + premium
    simulated = result.line_costs[:, 1].sum()  # on_call: no allowance or call-out fee here
    assert simulated == pytest.approx(premium.sum(), rel=1e-9)


def test_engines_agree_on_premiums_and_utilisation():
    s = sample_scenario("home_delivery_cloud")
    costs = strategy_costs(s, Strategy.in_house)
    expected = costs.by_line["on_call"]
    run = simulate(s, Strategy.in_house, 1_500, 7, keep_incidents=False)
    on_call = run.line_costs[:, 1]
    se = on_call.std() / math.sqrt(on_call.size)
    assert abs(on_call.mean() - expected) <= max(0.03 * expected, 4 * se)
    hours_se = run.team_hours.std() / math.sqrt(run.team_hours.size) / run.team_capacity
    assert abs(run.utilisation() - costs.utilisation) <= max(0.03 * costs.utilisation,
                                                             4 * hours_se)
    assert simulate(s, Strategy.outsourced, 50, 7).utilisation() is None
