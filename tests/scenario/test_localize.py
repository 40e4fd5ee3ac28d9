"""Names in the reader's language change names only: the numbers stay the same."""

import pytest

from estimators import compare_strategies, sample_scenario
from estimators.scenario.localize import localized, localized_name
from estimators.scenario.model import Scenario


@pytest.mark.parametrize("stem", ["home_delivery_cloud", "ecommerce_24x7",
                                  "manufacturer_on_prem"])
def test_samples_carry_japanese_names_for_everything_named(stem):
    scenario = sample_scenario(stem)
    ja = localized(scenario, "ja")
    named = [ja.name, ja.contract.vendor, *(s.name for s in ja.systems),
             *(lv.name for lv in ja.team.levels), *(t.name for t in ja.vendor_tiers)]
    assert all(any(ord(c) > 0x3000 for c in name) for name in named), named  # kana or kanji
    assert set(ja.hybrid.per_system) == {localized_name(scenario, n, "ja")
                                         for n in scenario.hybrid.per_system}
    before, after = compare_strategies(scenario), compare_strategies(ja)
    for strategy, costs in before.strategies.items():
        assert after.strategies[strategy].annual_total == costs.annual_total
    assert localized(scenario, "en") is scenario


def test_colliding_names_leave_the_scenario_as_it_is():
    scenario = sample_scenario("home_delivery_cloud")
    first, second = (s.name for s in scenario.systems[:2])
    clash = scenario.model_copy(update={"localized_names": {"ja": {first: "X", second: "X"}}})
    assert localized(clash, "ja") is clash


def test_language_codes_are_checked():
    data = sample_scenario("home_delivery_cloud").model_dump()
    data["localized_names"] = {"japanese": {"a": "b"}}
    with pytest.raises(ValueError):
        Scenario.model_validate(data)
