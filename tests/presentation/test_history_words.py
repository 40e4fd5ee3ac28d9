"""The history's tables and the calibration preview in words: every finding code has words,
headers name the quantity and unit, no model keys, no "None", numbers with separators."""

import re
from pathlib import Path

import pytest

from estimators import sample_scenario
from estimators.history import load_history
from estimators.history.analysis import arrival_rates, fit_groups, time_summary
from estimators.history.calibrate import calibration_preview
from estimators.presentation.calibration import (
    HISTORY_FINDINGS,
    ROW_FINDINGS,
    finding_text,
    plan_table,
    shown_number,
)
from estimators.presentation.history_tables import (
    arrivals_table,
    fits_table,
    import_caption,
    times_table,
)

ROOT = Path(__file__).resolve().parents[2]
SERVICENOW = ROOT / "data" / "history" / "servicenow_incident_event_log.csv"
RAW_KEYS = ("rate_per_year", "p_value", "span_years", "weibull_min", "lognorm", "expon",
            "mttr_p50", "dayfirst", "servicenow", "None", "nan", "%d")


@pytest.fixture(scope="module")
def history():
    return load_history(SERVICENOW)


@pytest.fixture(scope="module")
def plan(history):
    return calibration_preview(sample_scenario("home_delivery_cloud"), history)


def test_every_finding_code_has_words():
    source = (ROOT / "estimators" / "history" / "calibrate.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'Finding\("(\w+)"', source))
    history_level = source[source.index("def _history_findings"):]
    assert codes <= set(ROW_FINDINGS) | set(HISTORY_FINDINGS)
    assert set(re.findall(r'Finding\("(\w+)"', history_level)) <= set(HISTORY_FINDINGS)


def _no_raw_keys(text: str) -> None:
    found = [key for key in RAW_KEYS if key in text]
    assert not found, f"model keys or missing values shown: {found}"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_preview_table_in_words(plan, lang):
    table = plan_table(plan, lang)
    _no_raw_keys(table.to_string() + " ".join(table.columns))
    if lang == "ja":
        assert "年間件数: シナリオ" in table.columns
        assert "シナリオの値のまま" in set(table.iloc[:, 4])
    else:
        assert table.loc[2, "Incidents a year: history"] == "32,262"  # separators
        assert table.loc[0, "Repair-time distribution: history"] == "Weibull"
        assert "history spans 2.60 days, under 30" in table.loc[0, "Why"]
    for finding in plan.findings:
        _no_raw_keys(finding_text(finding, lang))


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_history_tables_in_words(history, lang):
    fits, _ = fit_groups(history, None)["all"]
    for table in (times_table(time_summary(history), lang),
                  arrivals_table(arrival_rates(history, ("system", "severity")), lang),
                  fits_table(fits, lang)):
        _no_raw_keys(table.to_string() + " ".join(map(str, table.columns)))
    caption = import_caption(history.report, lang)
    _no_raw_keys(caption)
    assert ("DD-MM-YYYY hh:mm" in caption) and (
        "ServiceNow" in caption)
    if lang == "en":
        assert fits_table(fits, lang).loc[0, "Distribution"] == "Lognormal"
        assert "Opened at" in caption and "day first" in caption


def test_numbers_for_tables():
    assert [shown_number(v) for v in (0.754, 12.34, 1234.5, None, float("nan"))] == [
        "0.75", "12.3", "1,234", "—", "—"]
