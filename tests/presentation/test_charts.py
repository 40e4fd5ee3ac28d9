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
from estimators.presentation.charts.style import STRATEGY_COLORS
from estimators.presentation.labels import name_of


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
        axes = fig.layout.to_plotly_json()
        assert any(v.get("title", {}).get("text") for k, v in axes.items()
                   if k.startswith("xaxis"))
        assert any(v.get("title", {}).get("text") for k, v in axes.items()
                   if k.startswith("yaxis"))
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
    # Outsourced pays its transition up front and overtakes in-house later (in its second year
    # since both carry the team's operation line): the month is where the piecewise-linear
    # cumulative curves cross (found by root search).
    in_house = comparison.strategies["in_house"].cumulative
    outsourced = comparison.strategies["outsourced"].cumulative
    years = np.arange(in_house.size)
    gap = outsourced - in_house
    assert gap[0] > 0 > gap[-1]
    k = int(np.flatnonzero(gap < 0)[0])
    month = round(12 * optimize.brentq(lambda x: np.interp(x, years, gap), k - 1.0, float(k)))
    marks = [t for t in cumulative.data if t.mode == "markers"]
    assert len(marks) == 1
    assert f"Outsourced breaks even with In-house: month {month}" in marks[0].hovertemplate
    when = marks[0].x[0]
    assert np.interp(when, range(len(in_house)), outsourced) == pytest.approx(
        np.interp(when, range(len(in_house)), in_house))


def test_break_even_label_names_both_strategies_with_its_unit_inside_the_plot():
    comparison = compare_strategies(sample_scenario("ecommerce_24x7"))
    fig = cumulative_figure(comparison)
    (note,) = fig.layout.annotations
    in_house = comparison.strategies["in_house"].cumulative
    outsourced = comparison.strategies["outsourced"].cumulative
    years = np.arange(in_house.size)
    k = int(np.flatnonzero(outsourced - in_house < 0)[0])
    month = round(12 * optimize.brentq(
        lambda x: np.interp(x, years, outsourced - in_house), k - 1.0, float(k)))
    assert f"Outsourced = In-house at month {month}" in note.text  # both names and the unit
    # A bordered box placed within the plot area (domain coordinates 0-1), anchored inward.
    assert note.xref == "x domain" and note.yref == "y domain"
    assert 0 <= note.x <= 0.5 and note.xanchor == "left"
    assert 0.5 <= note.y <= 1 and note.yanchor == "top"
    assert note.bordercolor and note.borderwidth >= 1 and note.bgcolor
    assert not note.showarrow
    ja = cumulative_figure(comparison, "ja").layout.annotations[0].text
    assert f"{name_of('strategy', 'outsourced', 'ja')} = 内製（{month}か月目）" in ja
    # The legend runs horizontally under the plot instead of taking a third of its width.
    assert fig.layout.legend.orientation == "h"
    assert fig.layout.legend.yref == "container" and fig.layout.legend.y == 0


def test_no_break_even_no_box():
    # A vendor five times dearer never catches up with the team: no crossing, no box.
    base = sample_scenario("manufacturer_on_prem")
    comparison = compare_strategies(base.with_changes(**{
        "contract.monthly_fee": 5 * base.contract.monthly_fee}))
    fig = cumulative_figure(comparison)
    assert not [t for t in fig.data if t.mode == "markers"]
    assert not fig.layout.annotations


def test_downtime_figures_are_small_multiples_one_row_per_strategy(digests):
    scenario, ds = digests
    for fig in (downtime_histogram_figure(ds), availability_figure(ds),
                cost_distribution_figure(ds, scenario.finance.currency)):
        bars = [t for t in fig.data if t.type == "bar"]
        assert [b.yaxis for b in bars] == ["y", "y2", "y3"]  # one subplot (row) per strategy
        assert [a.text for a in fig.layout.annotations] == ["In-house", "Outsourced", "Hybrid"]
        # One shared x axis: the upper rows follow the bottom one, which carries the title.
        assert fig.layout.xaxis.matches == fig.layout.xaxis2.matches == "x3"
        assert fig.layout.xaxis3.title.text
        for bar, d in zip(bars, ds, strict=True):
            assert bar.marker.color == STRATEGY_COLORS[d.strategy.value]


def test_p50_and_p90_differ_by_dash_and_are_named_once(digests):
    scenario, ds = digests
    fig = cost_distribution_figure(ds, scenario.finance.currency)
    lines = [t for t in fig.data if t.type == "scatter"]
    p50 = [t for t in lines if t.legendgroup == "p50"]
    p90 = [t for t in lines if t.legendgroup == "p90"]
    assert len(p50) == len(p90) == len(ds)
    assert {t.line.dash for t in p50} == {"dot"} and {t.line.dash for t in p90} == {"dash"}
    assert {t.line.color for t in lines} == {"#222"}  # told apart by dash, not colour
    assert [t.name for t in lines if t.showlegend] == ["P50 (median)",
                                                      "P90 (one year in ten is dearer)"]
    for row, d in enumerate(ds, start=1):
        axis = "y" if row == 1 else f"y{row}"
        (median,) = [t for t in p50 if t.yaxis == axis]
        assert median.x[0] == d.summary.total_cost.p50


def test_breakeven_map_has_one_legend_entry_per_winning_strategy():
    from estimators.presentation.charts import breakeven_map_figure

    xs, ys = np.linspace(0, 1, 4), np.linspace(0, 1, 3)
    winner = np.array([[0, 0, 1, 1], [0, 1, 1, 1], [0, 0, 0, 1]])  # hybrid never wins
    margin = np.arange(12, dtype=float).reshape(3, 4)
    fig = breakeven_map_figure(xs, ys, winner, margin, "Fee (JPY/month)", "Rates (×)", "JPY")
    entries = [t for t in fig.data if t.type == "scatter" and t.showlegend is not False]
    assert [t.name for t in entries] == ["In-house", "Outsourced"]
    assert [t.marker.color for t in entries] == [STRATEGY_COLORS["in_house"],
                                                 STRATEGY_COLORS["outsourced"]]
    heatmaps = [t for t in fig.data if t.type == "heatmap"]
    assert [h.colorscale[-1][1] for h in heatmaps] == [e.marker.color for e in entries]
    assert all(h.colorscale[0][1] != "#ffffff" for h in heatmaps)  # a near tie keeps its hue
    assert fig.layout.xaxis.title.text == "Fee (JPY/month)"
    one = breakeven_map_figure(xs, ys, np.ones_like(winner), margin, "x", "y", "JPY")
    assert [t.name for t in one.data if t.type == "scatter"] == ["Outsourced"]
    assert one.layout.showlegend  # a single winner is still named


def test_sobol_bars_are_clipped_at_zero_with_the_interval_as_error_bar():
    from estimators.decisions.measures import Measure
    from estimators.decisions.sobol import SobolIndices
    from estimators.presentation.charts import sobol_figure
    from estimators.scenario.ranges import Uncertainty

    inputs = tuple(Uncertainty(path=f"p{k}", label=name, distribution="uniform", low=0, high=1)
                   for k, name in enumerate(("Noise", "Fee")))
    indices = SobolIndices(Measure.parse("in_house"), inputs,
                           first=np.array([-0.04, 0.5]), first_conf=np.array([0.06, 0.1]),
                           total=np.array([0.01, 0.6]), total_conf=np.array([0.03, 0.1]),
                           variance=1.0, noise_share=None)
    fig = sobol_figure(indices)
    first = fig.data[0]
    assert list(first.y) == ["Noise", "Fee"]  # largest total on top (drawn last)
    assert list(first.x) == [0.0, 0.5]  # never a bar below zero
    # The error bar spans the estimate's interval: −0.10 to 0.02 around a bar at 0.
    assert list(first.error_x.arrayminus) == pytest.approx([0.10, 0.1])
    assert list(first.error_x.array) == pytest.approx([0.02, 0.1])
    assert first.customdata[0] == "≈ 0 (−0.10 to 0.02)"
    assert fig.layout.xaxis.range[0] <= -0.10


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


def test_money_axes_read_in_full_yen_in_japanese():
    from estimators import compare_strategies, sample_scenario
    from estimators.presentation.charts import cost_by_line_figure, cumulative_figure

    comparison = compare_strategies(sample_scenario("home_delivery_cloud"))
    for build in (cost_by_line_figure, cumulative_figure):
        assert build(comparison, "ja").layout.yaxis.tickformat == ",.0f"  # not "35M"
        assert build(comparison, "en").layout.yaxis.tickformat is None
