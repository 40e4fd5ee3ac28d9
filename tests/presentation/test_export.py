"""Excel workbook and HTML report: sheets, formatted values, formula injection, escaping."""

import html
import re

import openpyxl
import pytest

from estimators import Scenario, compare_strategies, sample_scenario
from estimators.cli import main
from estimators.presentation.export import excel_bytes, write_excel
from estimators.presentation.labels import name_of
from estimators.presentation.report import html_report


def test_excel_has_the_sheets_and_values(tmp_path):
    scenario = sample_scenario("home_delivery_cloud")
    comparison = compare_strategies(scenario)
    path = tmp_path / "out.xlsx"
    write_excel(path, scenario, comparison)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "About", "Summary", "Costs by line", "Costs by type", "Costs by asset kind",
        "Costs by system", "Multi-year", "Cost detail", "Systems", "Team levels",
        "Team settings", "Contract", "Contract terms", "Hybrid split", "Assumptions"]
    summary = book["Summary"]
    header = [c.value for c in summary[1]]
    assert header[:2] == ["strategy", "annual_total"]
    rows = {r[0]: r for r in summary.iter_rows(min_row=2, values_only=True)}
    for strategy, costs in comparison.strategies.items():
        assert rows[name_of("strategy", strategy)][1] == pytest.approx(costs.annual_total)
    assert summary["B2"].number_format.startswith('"¥"#,##0')
    by_line = book["Costs by line"]
    labour = next(r for r in by_line.iter_rows(min_row=2, values_only=True) if r[0] == "labour")
    assert labour[1] == pytest.approx(comparison.strategies["in_house"].by_line["labour"])
    systems = book["Systems"]
    names = [r[0] for r in systems.iter_rows(min_row=2, values_only=True)]
    assert names == [s.name for s in scenario.systems]
    detail = book["Cost detail"]
    total = sum(r[-1] for r in detail.iter_rows(min_row=2, values_only=True))
    assert total == pytest.approx(sum(c.annual_total for c in comparison.strategies.values()))


def test_formula_injection_is_neutralised():
    data = sample_scenario("ecommerce_24x7").model_dump(mode="json")
    data["systems"][0]["name"] = '=HYPERLINK("http://evil","x")'
    data["name"] = "+cmd|' /C calc'!A0"
    scenario = Scenario.model_validate(data)
    import io

    book = openpyxl.load_workbook(io.BytesIO(excel_bytes(scenario, compare_strategies(scenario))))
    cell = book["Systems"]["A2"]
    assert cell.value == data["systems"][0]["name"]
    assert cell.data_type == "s" and cell.quotePrefix
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f", (sheet.title, c.coordinate, c.value)


def test_html_report_is_self_contained_and_escaped():
    data = sample_scenario("manufacturer_on_prem").model_dump(mode="json")
    data["name"] = "<script>alert(1)</script> Plant"
    scenario = Scenario.model_validate(data)
    comparison = compare_strategies(scenario)
    page = html_report(scenario, comparison)
    assert "<script>alert(1)</script>" not in page
    assert html.escape("<script>alert(1)</script>") in page
    assert page.count("plotly.js v") == 1  # the library embedded once, no external script
    assert not re.search(r"<script[^>]+src=[\"']https?:", page)
    assert "Cheapest expected cost: In-house" in page
    assert "@media print" in page
    for table in ("Costs by line", "Systems", "Assumptions"):
        assert f"{table}</h" in page


def test_cli_report_and_export(tmp_path, capsys):
    scenario_file = "data/scenarios/ecommerce_24x7.json"
    out = tmp_path / "r.html"
    assert main(["report", scenario_file, "--out", str(out), "--trials", "300"]) == 0
    assert "Simulated risk" in out.read_text(encoding="utf-8")
    xlsx = tmp_path / "e.xlsx"
    assert main(["export", scenario_file, "--xlsx", str(xlsx)]) == 0
    assert "Summary" in openpyxl.load_workbook(xlsx).sheetnames
    assert main(["export", scenario_file, "--xlsx", str(tmp_path / "no" / "dir.xlsx")]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_csv_neutralises_formulas():
    import pandas as pd

    from estimators.presentation.export import csv_text

    frame = pd.DataFrame({"system": ["=cmd()", "+1", "-2", "@x", "plain"], "amount": [-5.0, 1, 2,
                                                                                       3, 4]})
    text = csv_text(frame)
    lines = text.splitlines()
    assert lines[1] == "'=cmd(),-5.0" and lines[2].startswith("'+1")
    assert lines[3].startswith("'-2") and lines[4].startswith("'@x")
    assert lines[5] == "plain,4.0"  # numbers, negative ones included, stay numbers


def test_money_columns_are_the_fields_typed_as_money():
    """Which columns a writer formats as money comes from the scenario's Money annotation (for
    inputs) and from construction (for results), never from the column's name."""
    from estimators.presentation.tables import input_tables, result_tables

    scenario = sample_scenario("manufacturer_on_prem")
    inputs = input_tables(scenario)
    assert inputs["Systems"].money == {"downtime_cost_per_hour", "build_cost",
                                       "parts_cost_per_year", "parts_cost_per_incident"}
    assert inputs["Team levels"].money == {"annual_loaded_cost", "training_cost_per_year"}
    assert inputs["Team settings"].money == frozenset()
    results = result_tables(compare_strategies(scenario))
    assert results["Costs by line"].money == {"In-house", "Outsourced", "Hybrid"}
    assert "year" not in results["Multi-year"].money
    assert results["Summary"].money >= {"annual_total", "npv"}
    assert not results["Summary"].money & {"outage_hours_per_year", "in_house_fte"}


def test_parquet_download_reads_back():
    import io

    import pandas as pd

    from estimators.presentation.export import parquet_bytes

    frame = compare_strategies(sample_scenario("home_delivery_cloud")).to_frame()
    back = pd.read_parquet(io.BytesIO(parquet_bytes(frame)))
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)
