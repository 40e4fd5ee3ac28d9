"""Tables the pages show, computed without Streamlit: nines and the scenario comparison."""

import pytest

from estimators import Strategy, compare_strategies, sample_scenario
from estimators.presentation.availability import allowed_downtime
from estimators.presentation.comparison import difference_table
from estimators.presentation.labels import name_of


def test_allowed_downtime_of_the_nines():
    table = allowed_downtime((0.99, 0.999, 0.99999)).set_index("availability")
    assert table.loc[0.999, "per_year"] == pytest.approx(8.76)  # (1 − 0.999) × 8,760 h
    assert table.loc[0.99, "per_month"] == pytest.approx(87.6 / 12)
    assert table.loc[0.99999, "per_week"] == pytest.approx(0.0876 / 52.14)
    assert list(allowed_downtime()["availability"]) == [0.99, 0.995, 0.999, 0.9995, 0.9999,
                                                         0.99999]


def test_difference_table_against_the_first_scenario():
    base = sample_scenario("home_delivery_cloud")
    dearer = base.with_changes(**{"contract.monthly_fee": base.contract.monthly_fee + 1_000})
    comparisons = {"base": compare_strategies(base), "dearer": compare_strategies(dearer)}
    table = difference_table(comparisons).set_index("scenario")
    assert list(table.index) == ["base", "dearer"]
    for s in Strategy:
        label = name_of("strategy", s)
        assert table.loc["base", f"{label} vs first"] == 0
        assert table.loc["dearer", label] == comparisons["dearer"].strategies[s].annual_total
        assert table.loc["dearer", f"{label} vs first"] == pytest.approx(
            comparisons["dearer"].strategies[s].annual_total
            - comparisons["base"].strategies[s].annual_total)
    assert table.loc["dearer", "Outsourced vs first"] > 0
    assert table.loc["base", "cheapest"] == comparisons["base"].cheapest().value
    assert table.loc["dearer", "In-house vs first"] == pytest.approx(0)  # no vendor in-house
