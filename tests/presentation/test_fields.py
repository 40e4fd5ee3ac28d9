"""The editor's fields: shown and stored values, and out-of-range sentences from the model's
own limits."""

import pytest

from estimators import sample_scenario
from estimators.presentation.fields import CONTRACT_FIELDS, GENERAL_FIELDS, out_of_range
from estimators.scenario.loading import field_bounds

FIELDS = {f.path: f for f in (*GENERAL_FIELDS, *CONTRACT_FIELDS)}


@pytest.mark.parametrize("stem", ["home_delivery_cloud", "ecommerce_24x7",
                                  "manufacturer_on_prem"])
def test_an_untouched_field_stores_the_scenario_value_exactly(stem):
    scenario = sample_scenario(stem)
    for field in FIELDS.values():
        stored = scenario.number_at(field.path)
        assert field.stored(field.shown(stored)) == stored
        assert out_of_range(field, field.shown(stored)) is None


def test_rates_are_typed_as_percentages():
    rate = FIELDS["finance.discount_rate"]
    assert rate.shown(0.03) == pytest.approx(3.0) and rate.stored(3.0) == 0.03
    assert FIELDS["availability_target"].stored(99.9) == 0.999


def test_sentences_name_the_field_range_and_unit():
    assert out_of_range(FIELDS["finance.horizon_years"], -5) == (
        "Horizon must be between 1 and 30 years; you typed -5.")
    assert out_of_range(FIELDS["finance.discount_rate"], 9999) == (
        "Discount rate must be between 0 and 50 % a year; you typed 9,999.")
    assert out_of_range(FIELDS["availability_target"], 100.0) == (
        "Availability target must be more than 0 and less than 100 %; you typed 100.")
    assert out_of_range(FIELDS["contract.monthly_fee"], -1.0, currency="USD") == (
        "Monthly fee must be at least 0 $/month; you typed -1.")
    assert out_of_range(FIELDS["finance.horizon_years"], None) == "Horizon needs a number."
    assert out_of_range(FIELDS["finance.horizon_years"], 40, "ja") == (
        "検討期間は1〜30年の範囲で入力してください（入力値: 40）。")


def test_the_limits_are_the_models():
    bounds = field_bounds("finance.horizon_years")
    assert (bounds.low, bounds.high) == (1, 30)
    assert 30 in bounds and 31 not in bounds and float("nan") not in bounds
    target = field_bounds("availability_target")
    assert not target.low_closed and 0.0 not in target and 0.5 in target
    assert field_bounds("name") == (None, None, True, True)
