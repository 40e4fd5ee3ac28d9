"""Figures are built from digests and estimator results, and stay small for the browser."""

import numpy as np
import pytest
from scipy import optimize

from estimators import compare_strategies, sample_scenario
from estimators.engine.digest import TTR_GRID_HOURS, digest, nines
from estimators.engine.simulation import simulate
from estimators.presentation.charts import (
    availability_figure,
    breach_figure,
    cost_by_line_figure,
    cost_distribution_figure,
    cumulative_figure,
    downtime_histogram_figure,
    ttr_ecdf_figure,
)


@pytest.fixture(scope="module")
def digests():
    scenario = sample_scenario("manufacturer_on_prem")
    return scenario, [digest(scenario, simulate(scenario, s, 3_000, 1, keep_incidents=False))
                      for s in ("in_house", "outsourced", "hybrid")]


def test_digest_matches_the_samples():
    scenario = sample_scenario("home_delivery_cloud")
    result = simulate(scenario, "in_house", 2_000, 3, keep_incidents=False)
    d = digest(scenario, result)
    assert d.total_cost.counts.sum() == 2_000
    assert d.downtime_hours.counts.sum() == 2_000
    ttr = np.sort(result.time_to_restore.values())
    expected = np.searchsorted(ttr, TTR_GRID_HOURS, side="right") / ttr.size
    np.testing.assert_allclose(d.ttr_ecdf["all"], expected)
    assert np.all(np.diff(d.ttr_ecdf["S1"]) >= 0)
    assert d.targets_restore_hours["S1"] == scenario.targets["S1"].restore_hours


def test_nines():
    np.testing.assert_allclose(nines(np.array([0.99, 0.999, 0.9999])), [2, 3, 4])
    assert nines(np.array([1.0]))[0] == pytest.approx(6.0)


def test_monte_carlo_figures_are_small_and_faithful(digests):
    scenario, ds = digests
    figures = [downtime_histogram_figure(ds), availability_figure(ds),
               cost_distribution_figure(ds, scenario.finance.currency),
               ttr_ecdf_figure(ds, "S2"), breach_figure(ds)]
    for fig in figures:
        assert fig.layout.title.text
        assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
        assert len(fig.to_json()) < 1_000_000
    ecdf = figures[3]
    np.testing.assert_allclose(ecdf.data[0].y, 100 * ds[0].ttr_ecdf["S2"])
    breach = figures[4]
    assert list(breach.data[1].y) == pytest.approx(
        [100 * v for v in ds[1].summary.p_breach.values()])


def test_cost_figures_add_up():
    scenario = sample_scenario("ecommerce_24x7")
    comparison = compare_strategies(scenario)
    fig = cost_by_line_figure(comparison)
    bars = [t for t in fig.data if t.type == "bar"]
    totals = np.sum([np.array(t.y, dtype=float) for t in bars], axis=0)
    expected = [c.annual_total for c in comparison.strategies.values()]
    np.testing.assert_allclose(totals, expected)
    cumulative = cumulative_figure(comparison)
    lines = [t for t in cumulative.data if t.mode == "lines+markers"]
    for trace, costs in zip(lines, comparison.strategies.values(), strict=True):
        assert trace.y[-1] == pytest.approx(costs.horizon_total)
    # Outsourced pays its transition up front and overtakes in-house within the first year:
    # the month is where the piecewise-linear cumulative curves cross (found by root search).
    in_house = comparison.strategies["in_house"].cumulative
    outsourced = comparison.strategies["outsourced"].cumulative
    years = np.arange(in_house.size)
    gap = outsourced - in_house
    assert gap[0] > 0 > gap[1]
    month = round(12 * optimize.brentq(lambda x: np.interp(x, years, gap), 0.0, 1.0))
    marks = [t for t in cumulative.data if t.mode == "markers+text"]
    assert len(marks) == 1 and marks[0].text[0] == f"break-even: month {month}"
    assert f"Outsourced breaks even with In-house: month {month}" in marks[0].hovertemplate
    when = marks[0].x[0]
    assert np.interp(when, range(len(in_house)), outsourced) == pytest.approx(
        np.interp(when, range(len(in_house)), in_house))


def test_tornado_figure_sorts_by_the_shown_measure():
    from estimators.decisions.sensitivity import tornado
    from estimators.presentation.charts import tornado_figure

    scenario = sample_scenario("home_delivery_cloud")
    bars = tornado(scenario)
    fig = tornado_figure(bars, "in_house", "JPY")
    low, high = fig.data[0], fig.data[1]
    swings = [max(abs(a), abs(b)) for a, b in zip(low.x, high.x, strict=True)]
    assert swings == sorted(swings)  # bottom to top: the largest swing is drawn on top
    widest = max(bars, key=lambda b: max(abs(b.low_cost["in_house"]),
                                         abs(b.high_cost["in_house"])))
    assert high.y[-1] == f"{widest.uncertainty.name} ({widest.uncertainty.unit})"


def test_measure_names_come_from_the_label_registry():
    from estimators.decisions.measures import MEASURES, Measure
    from estimators.presentation.labels import measure_name

    assert measure_name(Measure.parse("outsourced-in_house")) == "Outsourced − In-house"
    assert measure_name(Measure.parse("hybrid")) == "Hybrid"
    assert measure_name(Measure.parse("outage:in_house")) == "Downtime: In-house"
    assert measure_name(Measure.parse("outage:in_house"), "ja") == "ダウンタイム: 内製"
    assert len({measure_name(m, lang) for m in MEASURES for lang in ("en", "ja")}) == 16


def test_tornado_figure_takes_a_measure_or_its_key():
    from estimators.decisions.measures import Measure
    from estimators.decisions.sensitivity import tornado
    from estimators.presentation.charts import tornado_figure

    bars = tornado(sample_scenario("home_delivery_cloud"))
    gap = Measure.gap("hybrid", "in_house")
    typed, keyed = tornado_figure(bars, gap, "JPY"), tornado_figure(bars, gap.key, "JPY")
    assert typed.to_json() == keyed.to_json()
    low = dict(zip(typed.data[0].y, typed.data[0].x, strict=True))
    for bar in bars:
        name = bar.uncertainty.name + (f" ({bar.uncertainty.unit})" if bar.uncertainty.unit
                                       else "")
        assert low[name] == bar.low_gap[gap] == bar.change(gap)[0]
    assert typed.layout.title.text == "What moves the cost difference Hybrid − In-house"
    with pytest.raises(ValueError, match="is not a measure"):
        tornado_figure(bars, "hybrid+in_house", "JPY")


def test_tornado_of_downtime_shows_outage_hours():
    from estimators.decisions.sensitivity import tornado
    from estimators.presentation.charts import tornado_figure

    bars = tornado(sample_scenario("home_delivery_cloud"))
    fig = tornado_figure(bars, "outage:in_house", "JPY")
    low = dict(zip(fig.data[0].y, fig.data[0].x, strict=True))
    for bar in bars:
        name = bar.uncertainty.name + (f" ({bar.uncertainty.unit})" if bar.uncertainty.unit
                                       else "")
        assert low[name] == bar.low_outage["in_house"]
    assert "hours" in fig.layout.xaxis.title.text
