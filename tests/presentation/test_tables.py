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


def test_difference_view_has_worded_headers_and_names_the_cheapest():
    from estimators.presentation.comparison import difference_view

    base = sample_scenario("home_delivery_cloud")
    comparisons = {"base": compare_strategies(base),
                   "24x7": compare_strategies(sample_scenario("ecommerce_24x7"))}
    for lang in ("en", "ja"):
        view = difference_view(comparisons, lang)
        assert_worded(view.frame.columns)
        assert view.money <= set(view.frame.columns) and len(view.money) == 6
        assert "None" not in view.frame.astype(str).to_numpy()
    view = difference_view(comparisons)
    assert list(view.frame.columns) == [
        "Scenario", "In-house (per year)", "In-house vs first", "Outsourced (per year)",
        "Outsourced vs first", "Hybrid (per year)", "Hybrid vs first", "Cheapest"]
    assert list(view.frame["Cheapest"]) == [name_of("strategy", c.cheapest())
                                            for c in comparisons.values()]
    ja = difference_view(comparisons, "ja").frame
    assert ja.columns[0] == "シナリオ" and ja.columns[-1] == "最安"


def test_breakdown_table_hides_rows_that_are_all_zero():
    from estimators.presentation.comparison import breakdown_table

    comparison = compare_strategies(sample_scenario("home_delivery_cloud"))
    raw = comparison.breakdown("asset_kind")
    assert (raw.loc["software"] == 0).all()  # the sample has no software systems
    table = breakdown_table(comparison, "asset_kind")
    assert list(table.index) == ["Hardware", "Cloud"]
    assert table.index.name == "Asset kind"
    assert list(table.columns) == ["In-house", "Outsourced", "Hybrid"]
    assert table.loc["Cloud", "Hybrid"] == raw.loc["cloud", "hybrid"]
    manufacturer = compare_strategies(sample_scenario("manufacturer_on_prem"))
    assert "Predictive" not in breakdown_table(manufacturer, "maintenance_type").index
    ja = breakdown_table(comparison, "maintenance_type", "ja")
    assert_worded([ja.index.name, *ja.columns])
    lines = breakdown_table(comparison, "line")
    assert (lines != 0).any(axis=1).all() and "Labour" in lines.index


def test_versions_table_shows_local_times_in_words():
    from datetime import datetime

    from estimators.presentation.formatting import format_local_time, local_time
    from estimators.presentation.versions import version_label, versions_table
    from estimators.scenario.library import Version

    versions = [Version("Plan", 2, "2026-11-30T00:41:12+00:00", "edited"),
                Version("Plan", 1, "2026-11-29T15:00:00+00:00", "")]
    assert format_local_time(versions[0].saved_at, "ja") == "2026-11-30 09:41"  # Japan time
    assert local_time("2026-11-29T15:00:00", "ja") == datetime.fromisoformat(
        "2026-11-30T00:00:00+09:00")  # no offset: UTC
    ja = versions_table(versions, "ja")
    assert list(ja.columns) == ["版", "保存日時（JST）", "メモ"]
    assert list(ja["保存日時（JST）"]) == [datetime(2026, 11, 30, 9, 41, 12),
                                      datetime(2026, 11, 30, 0, 0)]
    assert version_label(versions[0], "ja") == "版 2 — 2026-11-30 09:41"
    en = versions_table(versions)
    assert_worded(en.columns)
    server = datetime.fromisoformat(versions[0].saved_at).astimezone()  # the server's zone
    assert en.iloc[0, 1] == server.replace(tzinfo=None)
    assert en.columns[1] == f"Saved ({server.tzname()})"
    assert "None" not in en.astype(str).to_numpy()


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


def test_scope_reasons_say_which_way_the_cost_or_availability_moves():
    from types import SimpleNamespace

    from estimators.decisions.optimise.scope import ScopeCell
    from estimators.presentation.advice import scope_reason
    from estimators.scenario import Party

    result = SimpleNamespace(currency="JPY", availability_target=0.999)  # what a reason reads
    dearer = ScopeCell("ERP", "recovery", Party.in_house, 1.2e6, "vendor_overage", 9e5)
    cheaper = ScopeCell("ERP", "recovery", Party.vendor, -3e5, "labour", -4e5)
    target = ScopeCell("ERP", "recovery", Party.in_house, -1e5, "availability_target",
                       limiting_system="ERP", limiting_availability=0.99812)
    assert scope_reason(dearer, result) == (
        "moving it to Vendor would raise the cost by ¥1.2M a year (most of all Vendor overage "
        "up ¥900k)")
    assert scope_reason(cheaper, result) == (
        "moving it to In-house would lower the cost by ¥300k a year (most of all Labour down "
        "¥400k)")
    assert scope_reason(target, result) == (
        "moving it to Vendor would bring the availability of ERP down to 99.812%, below the "
        "99.900% target")
    assert "上がります" in scope_reason(dearer, result, "ja")
