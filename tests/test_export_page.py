"""The results pages' downloads hold what the page shows, in the session's language.

Streamlit builds a download's file when its button is clicked, on another thread, outside the
script run. The test records each button's builder during the run and calls it afterwards, as
Streamlit does: a builder that read the language or the what-ifs from the session then would
get English and the saved scenario.
"""

import dataclasses
import io

import openpyxl
import pytest
from streamlit.delta_generator import DeltaGenerator

from estimators import Strategy, compare_strategies, sample_scenario
from estimators.presentation.i18n import tr
from estimators.presentation.labels import name_of
from estimators.scenario.whatif import apply_what_if, what_if_of
from tests.test_app import goto, hoshu_test


@pytest.fixture
def offered(monkeypatch) -> dict[str, object]:
    """The data handed to each download button of a run, by the button's key."""
    found: dict[str, object] = {}

    def record(self, label, data, *args, key=None, **kwargs) -> bool:
        found[key] = data
        return False

    monkeypatch.setattr(DeltaGenerator, "download_button", record)
    return found


def test_cost_page_exports_what_it_shows_in_japanese(offered):
    at = hoshu_test().run()
    at.selectbox(key="language").set_value("ja").run()
    goto(at, "cost_comparison")
    at.slider(key="rate_multiplier::home_delivery_cloud").set_value(1.5).run()
    assert not at.exception
    assert tr("Export what you see", "ja") in [h.value for h in at.subheader]
    assert {"export_xlsx::cost_comparison", "export_html::cost_comparison",
            "export_csv::cost_comparison"} <= set(offered)

    book = openpyxl.load_workbook(io.BytesIO(offered["export_xlsx::cost_comparison"]()))
    base = sample_scenario("home_delivery_cloud")
    expected = compare_strategies(apply_what_if(base, dataclasses.replace(
        what_if_of(base), incident_rate_multiplier=1.5))).strategies
    summary = {r[0].value: r for r in book[tr("Summary", "ja")].iter_rows(min_row=2)}
    for strategy in Strategy:
        assert summary[name_of("strategy", strategy, "ja")][1].value == pytest.approx(
            expected[strategy].annual_total, rel=1e-15)
    listed = [[c.value for c in r] for r in book[tr("What-ifs applied", "ja")].iter_rows()]
    assert listed[1:] == [["障害発生率の倍率（シナリオ比）", "1.00倍", "1.50倍"]]

    page = offered["export_html::cost_comparison"]()
    assert "<html lang='ja'>" in page and "1.50倍" in page
    assert offered["export_csv::cost_comparison"]().startswith("戦略,費目,システム")
