"""Key-person risk in words (estimators/presentation/key_people.py): the figures of the run and
of the paired comparison, in both languages."""

from __future__ import annotations

from estimators import Strategy, sample_scenario
from estimators.engine.simulation import key_person_cost, simulate
from estimators.presentation.formatting import format_money
from estimators.presentation.key_people import key_person_cost_sentence, under_strength_sentence


def test_under_strength_in_words_carries_the_runs_figures() -> None:
    run = simulate(sample_scenario("one_person_it"), Strategy.in_house, 400, 3,
                   keep_incidents=False).summarise()
    text = under_strength_sentence("in_house", run)
    assert f"{run.under_strength_days.mean:.0f} days a year" in text
    assert f"{run.under_strength_incident_share:.0%} of incidents" in text
    assert f"{run.sole_expert_absent_share:.1%} find nobody" in text
    ja = under_strength_sentence("in_house", run, "ja")
    assert "内製" in ja and "days" not in ja


def test_no_team_no_sentence() -> None:
    run = simulate(sample_scenario("one_person_it"), Strategy.outsourced, 200, 3,
                   keep_incidents=False).summarise()
    assert under_strength_sentence("outsourced", run) == ""


def test_the_cost_sentence_states_the_paired_differences() -> None:
    cost = key_person_cost(sample_scenario("one_person_it"), Strategy.in_house, 400, 1)
    text = key_person_cost_sentence("in_house", cost, "JPY")
    assert format_money(cost.extra_p95, "JPY") in text
    assert format_money(cost.p95_with, "JPY") in text and format_money(cost.p95_without,
                                                                           "JPY") in text
    assert cost.extra_mean > 0  # a one-person department's absences cost money
