"""Maintenance vs operation on the cost page, and the build-cost band held against the vendor
contract and maintenance labour alone (estimators/presentation/operation.py)."""

from __future__ import annotations

import pytest

from estimators import Strategy, compare_strategies, sample_scenario
from estimators.costs.expected import BAND_LINES, build_cost_band
from estimators.presentation.operation import band_verdicts, maintenance_operation_frame


def test_the_table_splits_each_total_into_maintenance_operation_and_downtime() -> None:
    comparison = compare_strategies(sample_scenario("manufacturer_on_prem"))
    frame = maintenance_operation_frame(comparison)
    for row, costs in zip(frame.itertuples(index=False), comparison.strategies.values(),
                          strict=True):
        maintenance, band, operation, downtime, total = row[1:6]
        assert maintenance + operation + downtime == pytest.approx(total)
        assert band == pytest.approx(sum(costs.by_line[line] for line in BAND_LINES))
        assert band <= maintenance + 1e-6
    # Operation is the team's non-maintenance time, the same in every strategy.
    assert frame.iloc[:, 3].nunique() == 1 and frame.iloc[0, 3] > 0


def test_band_verdicts_read_the_contract_and_labour_against_5_to_15_percent() -> None:
    scenario = sample_scenario("manufacturer_on_prem")
    comparison = compare_strategies(scenario)
    build, low, high = build_cost_band(scenario)
    verdicts = band_verdicts(comparison, scenario)
    for verdict, costs in zip(verdicts, comparison.strategies.values(), strict=True):
        share = costs.contract_and_labour / build
        assert f"{share:.1%} of the build cost" in verdict
        word = "below" if costs.contract_and_labour < low else (
            "above" if costs.contract_and_labour > high else "within")
        assert word in verdict
    ja = band_verdicts(comparison, scenario, "ja")
    assert "構築費" in ja[0] and "In-house" not in ja[0]


def test_no_build_cost_no_verdict() -> None:
    scenario = sample_scenario("ecommerce_24x7")
    scenario = scenario.with_changes(**{f"systems.{i}.build_cost": None
                                        for i in range(len(scenario.systems))})
    assert band_verdicts(compare_strategies(scenario), scenario) == []
    assert Strategy.in_house in compare_strategies(scenario).strategies
