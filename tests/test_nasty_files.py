"""The corpus of nasty files (tests/data/nasty): each loads or is refused with a clear message.

Scenario files go through the loader and ``python -m estimators validate``; incident exports
through the importer; formula-like text that an export carries into a spreadsheet must arrive
inert.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from estimators import ScenarioError, compare_strategies, load_scenario, sample_scenario
from estimators.history import HistoryError, load_history
from estimators.presentation.export import FORMULA_PREFIXES, csv_text, excel_bytes

NASTY = Path(__file__).parent / "data" / "nasty"
SCENARIOS = {
    "truncated.json": "malformed JSON at line",
    "deep_nesting.json": "nested too deeply",
    "huge_numbers.json": "rate_per_year: must be at most 100000",
    "nan_infinity.json": "contract.included_hours_per_month: must be a finite number",
    "wrong_types.json": "systems[0].downtime_cost_per_hour: must be a number",
    "empty.json": "malformed JSON at line 1, column 1",
    "utf16.json": "not UTF-8 text",
    "binary.json": "not UTF-8 text",
    "negative_times.json": "team.response_minutes: must be at least 0",
}


@pytest.mark.parametrize(("name", "words"), SCENARIOS.items())
def test_nasty_scenario_files_are_refused_with_the_reason(name, words):
    with pytest.raises(ScenarioError) as info:
        load_scenario(NASTY / name)
    assert words in str(info.value)


def test_every_problem_of_a_file_is_listed():
    with pytest.raises(ScenarioError) as info:
        load_scenario(NASTY / "wrong_types.json")
    text = str(info.value)
    assert "team: must be an object" in text and "finance.horizon_years" in text
    with pytest.raises(ScenarioError) as info:
        load_scenario(NASTY / "nan_infinity.json")
    assert "contract.overage_rate: must be a finite number" in str(info.value)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_command_line_refuses_them_without_a_traceback(name):
    done = subprocess.run([sys.executable, "-m", "estimators", "validate", str(NASTY / name)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "is not a valid scenario" in done.stderr and "Traceback" not in done.stderr


def test_negative_durations_are_dropped_and_reported():
    history = load_history(NASTY / "negative_times.csv")
    report = history.report
    assert report.rows_read == 4
    assert report.dropped == {"resolved before opened": 1}  # INC2 only
    assert "INC2" not in set(history.incidents.get("id", []))
    assert (history.restore_hours.dropna() >= 0).all()


def test_mixed_encodings_load_or_are_refused_clearly():
    try:
        history = load_history(NASTY / "mixed_encoding.csv")
    except HistoryError as error:
        assert str(error).strip()
        return
    assert history.report.rows_read == 2


@pytest.mark.parametrize("name", ["only_header.csv", "not_really.xlsx"])
def test_empty_or_fake_exports_are_refused_clearly(name):
    with pytest.raises(HistoryError) as info:
        load_history(NASTY / name)
    assert str(info.value).strip()


def test_formula_text_from_an_export_arrives_inert():
    history = load_history(NASTY / "formula_injection.csv")
    frame = history.incidents.astype({c: object for c in history.incidents.columns
                                      if history.incidents[c].dtype == "string"})
    text = csv_text(frame)
    for line in text.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.startswith(FORMULA_PREFIXES), line
    # System names taken from the export into a scenario are inert in the workbook too.
    data = sample_scenario("home_delivery_cloud").model_dump(mode="json")
    names = sorted(set(history.incidents["system"].dropna()))
    assert any(n.startswith(FORMULA_PREFIXES) for n in names)
    for system, name in zip(data["systems"], names, strict=False):
        system["name"] = name
    data["hybrid"]["per_system"] = {}
    for level in data["team"]["levels"]:
        level["sole_expert_for"] = []  # they named the systems renamed above
    from estimators import Scenario

    scenario = Scenario.model_validate(data)
    book = openpyxl.load_workbook(io.BytesIO(excel_bytes(scenario,
                                                         compare_strategies(scenario))))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)
