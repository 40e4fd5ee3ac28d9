"""Excel workbook and HTML report: sheets, formatted values, formula injection, escaping."""

import dataclasses
import html
import io
import re

import openpyxl
import pytest

from estimators import Scenario, Strategy, compare_strategies, sample_scenario
from estimators.cli import main
from estimators.presentation.export import excel_bytes, write_excel
from estimators.presentation.i18n import tr
from estimators.presentation.labels import name_of
from estimators.presentation.report import html_report
from estimators.presentation.whatifs import what_if_rows
from estimators.scenario.whatif import apply_what_if, what_if_of


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
    assert header[:4] == ["Strategy", "Expected annual cost", "Spend per year (excl. downtime)",
                          "5-year total"]
    rows = {r[0]: r for r in summary.iter_rows(min_row=2, values_only=True)}
    for strategy, costs in comparison.strategies.items():
        assert rows[name_of("strategy", strategy)][1] == pytest.approx(costs.annual_total)
    assert summary["B2"].number_format.startswith('"¥"#,##0')
    by_line = book["Costs by line"]
    assert [c.value for c in by_line[1]] == ["Cost line", "In-house", "Outsourced", "Hybrid"]
    labour = next(r for r in by_line.iter_rows(min_row=2, values_only=True) if r[0] == "Labour")
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


BROKEN_LINES = ["Router\r=cmd|' /C notepad'!A0", "Switch\n+cmd|' /C calc'!A0",
                "Proxy\r\n@SUM(1+1)*cmd|' /C calc'!A0", "\r=cmd|' /C notepad'!A0",
                "Gateway,-2+3+cmd|' /C calc'!A0", "Firewall\t\r\t=1+1", "plain, fine"]
"""System names that smuggle a formula onto a line (or past a comma) of their own."""


def _naive_cells(text: str) -> list[str]:
    """The cells of a CSV as a reader that splits lines (on CR, LF or CRLF) and commas before
    it looks at quotes sees them, the quotes around a cell taken off."""
    return [cell.strip('"') for line in re.split(r"\r\n|\r|\n", text)
            for cell in line.split(",")]


def test_csv_keeps_each_cell_whole_and_no_line_of_it_a_formula():
    """A CR inside a cell (unquoted by Python 3.11's writer under pandas' LF line ends) let a
    reader start a new row at ``=cmd|...``; now every cell with a line break is quoted, and
    every line and comma-separated part of a cell is neutralised."""
    import csv

    import pandas as pd

    from estimators.presentation.export import FORMULA_PREFIXES, csv_text

    frame = pd.DataFrame({"system": BROKEN_LINES, "=HYPERLINK(\"x\")": range(len(BROKEN_LINES)),
                          "amount": [-1.5] * len(BROKEN_LINES)})
    text = csv_text(frame)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 1 + len(BROKEN_LINES)  # no row split off inside a cell
    assert rows[0] == ["system", "'=HYPERLINK(\"x\")", "amount"]
    assert [row[1:] for row in rows[1:]] == [[str(n), "-1.5"] for n in range(len(BROKEN_LINES))]
    for row, name in zip(rows[1:], BROKEN_LINES, strict=True):
        assert row[0].replace("'", "") == name.replace("'", "")  # only apostrophes added
        for part in re.split(r"\r\n|\r|\n|,", row[0]):
            assert not part.startswith(FORMULA_PREFIXES), repr(row[0])
        assert not row[0].startswith(FORMULA_PREFIXES)
    assert rows[1][0] == "Router\r'=cmd|' /C notepad'!A0"
    naive = _naive_cells(text)
    assert not [c for c in naive if c.startswith(FORMULA_PREFIXES) and c != "-1.5"], naive


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
    assert inputs["Contract"].money_rows == {"monthly_fee", "overage_rate", "onsite_visit_fee",
                                             "transition_cost", "management_cost_per_fte"}
    assert "effects.predictive_tooling_cost_per_year" in inputs["Assumptions"].money_rows
    assert "finance.discount_rate" not in inputs["Assumptions"].money_rows
    results = result_tables(compare_strategies(scenario))
    assert results["Costs by line"].money == {"in_house", "outsourced", "hybrid"}
    assert "year" not in results["Multi-year"].money
    assert results["Summary"].money >= {"annual_total", "npv"}
    assert not results["Summary"].money & {"outage_hours_per_year", "in_house_fte"}


def test_parquet_download_reads_back():
    import pandas as pd

    from estimators.presentation.export import parquet_bytes

    frame = compare_strategies(sample_scenario("home_delivery_cloud")).to_frame()
    back = pd.read_parquet(io.BytesIO(parquet_bytes(frame)))
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)


# --- what the screen shows: what-ifs applied and listed, in the session's language -----------

RAW_KEYS = ("annual_total", "vendor_fixed", "rate_per_year", "spend_excl_downtime", "npv",
            "in_house", "downtime_cost_per_hour", "coverage.days", "hours_per_year")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def same(value: float):
    """Equal as an .xlsx file holds a number (16 significant digits; Excel shows 15)."""
    return pytest.approx(value, rel=1e-15, abs=0)


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows(sheet) -> dict[object, tuple]:
    return {row[0].value: row for row in sheet.iter_rows(min_row=2)}


def test_the_workbook_holds_the_figures_with_the_what_ifs_applied(shown):
    base, before, after, scenario = shown
    rows = what_if_rows(before, after, "JPY", "ja")
    book = _book(excel_bytes(scenario, compare_strategies(scenario), lang="ja", what_ifs=rows))
    expected = compare_strategies(apply_what_if(base, after)).strategies
    summary = _rows(book[tr("Summary", "ja")])
    for strategy in Strategy:
        assert summary[name_of("strategy", strategy, "ja")][1].value == \
            same(expected[strategy].annual_total)
    assert expected["in_house"].annual_total != \
        compare_strategies(base).strategies["in_house"].annual_total
    listed = [[c.value for c in r] for r in book[tr("What-ifs applied", "ja")].iter_rows()]
    assert listed == [["What-if の入力項目", "シナリオの値", "使用した値"],
                      ["障害発生率の倍率（シナリオ比）", "1.00倍", "1.50倍"],
                      ["ベンダー月額料金（¥/月）", "600,000円", "450,000円"],
                      ["内製の対応時間帯", "営業時間＋オンコール", "24時間365日シフト"]]
    assert "450,000円" in book[tr("About", "ja")]["A3"].value


def test_the_japanese_workbook_is_in_words(shown, digests):
    scenario = shown[3]
    book = _book(excel_bytes(scenario, compare_strategies(scenario), lang="ja",
                             digests=digests))
    for sheet in book.worksheets:
        assert JAPANESE.search(sheet.title), sheet.title
        if sheet.title == tr("About", "ja"):
            continue
        for cell in sheet[1]:
            assert isinstance(cell.value, str) and "_" not in cell.value, (sheet.title,
                                                                           cell.value)
            assert not any(key in cell.value for key in RAW_KEYS), (sheet.title, cell.value)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                assert not isinstance(cell.value, bool), (sheet.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert cell.value not in ("True", "False", "vendor_fixed", "in_house")
                    assert "['" not in cell.value, (sheet.title, cell.value)
    settings = {r[0].value: r[1].value for r in book[tr("Team settings", "ja")].iter_rows()}
    assert settings["対応曜日"] == "月〜土"  # the sample's team: Mon-Sat 07:00-16:00
    assert settings["オンコール"] == "はい"
    assert settings["対応開始時刻"] == "07:00"


def test_rates_are_percentages_and_amounts_money(shown):
    scenario = shown[3]
    book = _book(excel_bytes(scenario, compare_strategies(scenario)))
    assumptions = _rows(book["Assumptions"])
    discount = assumptions["Discount rate (per year)"][1]
    assert discount.value == scenario.finance.discount_rate
    assert discount.number_format == "#,##0.0%"
    contract = _rows(book["Contract"])
    assert contract["Monthly fee"][1].value == 450_000.0
    assert contract["Monthly fee"][1].number_format.startswith('"¥"#,##0')
    cap = contract["Credit cap (% of monthly fee)"][1]  # entered in percent: 20 → 20.0 %
    assert cap.value == scenario.contract.credit_cap_pct / 100 and cap.number_format.endswith("%")
    assert contract["Parts included"][1].value == "No"
    systems = book["Systems"]
    header = [c.value for c in systems[1]]
    first = [c for c in systems[2]]
    downtime = first[header.index("Downtime cost per hour")]
    assert downtime.value == scenario.systems[0].downtime_cost_per_hour
    assert downtime.number_format.startswith('"¥"#,##0')
    assert first[header.index("S1: repair-time distribution")].value == "Lognormal"
    for title in ("Costs by line", "Multi-year", "Cost detail"):
        sheet = book[title]
        for row in sheet.iter_rows(min_row=2):
            for cell in row[1:]:
                if isinstance(cell.value, float):
                    assert cell.number_format.startswith('"¥"#,##0'), (title, cell.coordinate)
    terms = book["Contract terms"]
    assert terms["D1"].value == "Responses within target"
    assert terms["D2"].number_format == "#,##0.0%"


def test_the_simulation_sheet_holds_the_digests_figures(shown, digests):
    scenario = shown[3]
    book = _book(excel_bytes(scenario, compare_strategies(scenario), lang="ja",
                             digests=digests))
    sheet = book[tr("Simulated risk", "ja")]
    header = [c.value for c in sheet[1]]
    rows = _rows(sheet)
    for d in digests:
        row = [c.value for c in rows[name_of("strategy", d.strategy, "ja")]]
        assert row[header.index("年間コスト P90")] == same(d.summary.total_cost.p90)
        assert row[header.index("年間コスト P50")] == same(d.summary.total_cost.p50)
        assert row[header.index("ダウンタイム 時間/年 P90")] == same(d.summary.downtime_hours.p90)
        assert row[header.index("ダウンタイム 時間/年 P95")] == same(d.summary.downtime_hours.p95)
        assert row[header.index("可用性（平均）")] == same(d.summary.availability_mean)
        assert row[header.index("試行年数")] == d.trials
        assert row[header.index("S1: 年に1回以上目標を超過する確率")] == \
            same(d.summary.p_breach["S1"])
    assert len(rows) == len(Strategy)
    assert sheet.cell(row=2, column=header.index("年間コスト P90") + 1).number_format \
        .startswith('"¥"#,##0')
    assert sheet.cell(row=2, column=header.index("可用性（平均）") + 1).number_format \
        == "#,##0.000%"


def test_what_if_rows_list_only_what_moved():
    base = what_if_of(sample_scenario("home_delivery_cloud"))
    assert what_if_rows(base, base, "JPY") == []
    assert base.team_fte == 1.5  # one engineer and a half-time 兼任 office worker
    moved = dataclasses.replace(base, team_fte=base.team_fte + 1.5)
    (row,) = what_if_rows(base, moved, "JPY")
    assert (row.label, row.scenario_value, row.used_value) == (
        "In-house team size (FTE)", "1.50 FTE", "3 FTE")
