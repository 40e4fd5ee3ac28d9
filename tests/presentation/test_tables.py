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


RAW_KEYS = ["scenario", "cheapest", "saved_at", "p_value", "name", "version", "note",
            "in_house", "outsourced", "hybrid", "maintenance_type", "asset_kind"]
"""Keys of the model that must never reach a shown table as a header."""


def assert_worded(columns) -> None:
    shown = [str(c) for c in columns]
    assert not set(shown) & set(RAW_KEYS), shown
    assert all(c[:1].isupper() or not c[:1].isascii() for c in shown), shown


def test_sobol_share_reads_noise_as_about_zero_with_its_interval():
    from estimators.presentation.advice import sobol_share

    assert sobol_share(-0.04, 0.06) == "≈ 0 (−0.10 to 0.02)"
    assert sobol_share(0.005, 0.025) == "≈ 0 (−0.02 to 0.03)"
    assert sobol_share(0.42, 0.04) == "0.42 (0.38 to 0.46)"
    assert sobol_share(-0.001, 0.0) == "≈ 0 (0.00 to 0.00)"  # never a bare −0.00
    assert sobol_share(-0.04, 0.06, "ja") == "≈ 0（−0.10〜0.02）"


def test_sobol_table_has_worded_headers_and_no_bare_negative_share():
    import numpy as np

    from estimators.decisions.measures import Measure
    from estimators.decisions.sobol import SobolIndices
    from estimators.presentation.advice import sobol_table
    from estimators.scenario.ranges import Uncertainty

    inputs = tuple(Uncertainty(path=f"p{k}", label=name, distribution="uniform", low=0, high=1)
                   for k, name in enumerate(("Noise", "Fee")))
    indices = SobolIndices(Measure.parse("in_house"), inputs, first=np.array([-0.04, 0.5]),
                           first_conf=np.array([0.06, 0.1]), total=np.array([-0.01, 0.6]),
                           total_conf=np.array([0.03, 0.1]), variance=1.0, noise_share=None)
    table = sobol_table(indices)
    assert_worded(table.columns)
    assert list(table["Input"]) == ["Fee", "Noise"]  # largest total first
    assert list(table.iloc[1, 1:]) == ["≈ 0 (−0.10 to 0.02)", "≈ 0 (−0.04 to 0.02)"]
    assert not any(cell.startswith(("-", "−")) for cell in table.iloc[:, 1:].to_numpy().ravel())
