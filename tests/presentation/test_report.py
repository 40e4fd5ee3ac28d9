"""The HTML report: what the screen shows (what-ifs listed), the simulation's spread, values
written for a reader in the report's language, and tables that stay within the page."""

import re

from estimators import compare_strategies
from estimators.presentation.formatting import format_money, format_number
from estimators.presentation.i18n import tr
from estimators.presentation.labels import name_of
from estimators.presentation.report import STYLE, html_report
from estimators.presentation.whatifs import what_if_rows


def _inputs_part(page: str, lang: str) -> str:
    """The report from its inputs heading on (the input tables)."""
    return page[page.index(f"<h2>{tr('Inputs and assumptions', lang)}</h2>"):]


def test_the_japanese_report_shows_the_simulated_spread(shown, digests):
    scenario = shown[3]
    page = html_report(scenario, compare_strategies(scenario), digests, "ja")
    section = page[page.index(f"<h2>{tr('Simulated risk', 'ja')}</h2>"):]
    section = section[:section.index("</section>")]
    assert "ダウンタイム 時間/年 P90" in section and "ダウンタイム 時間/年 P95" in section
    for d in digests:
        assert f">{name_of('strategy', d.strategy, 'ja')}<" in section
        for value in (d.summary.downtime_hours.p90, d.summary.downtime_hours.p95):
            assert f">{format_number(value, 'ja', 1)}<" in section, value
        assert f">{format_money(d.summary.total_cost.p90, 'JPY', lang='ja')}<" in section


def test_input_values_are_written_for_a_reader(shown):
    scenario = shown[3]
    for lang, yes, weekdays in (("en", "Yes", "Mon–Fri"), ("ja", "はい", "月〜金")):
        inputs = _inputs_part(html_report(scenario, compare_strategies(scenario), lang=lang),
                              lang)
        cells = re.findall(r"<td[^>]*>([^<]*)</td>", inputs)
        assert cells
        assert not {"True", "False", "None", "nan"} & set(cells)
        # Python's own writing of a number: 600000.0, 1500000, 0.025 (grouped, two decimals at
        # most and whole numbers without ".0" are the formatted ones)
        raw = [c for c in cells if re.fullmatch(r"-?\d{4,}(\.\d+)?|-?\d+\.0|-?\d*\.\d{3,}", c)]
        assert not raw, raw[:5]
        assert not [c for c in cells if "[" in c or "_" in c]  # no lists, no model keys
        assert weekdays in cells and yes in cells
        assert format_money(450_000.0, "JPY", lang=lang) in cells  # the fee as used
        assert "3.0%" in cells or "2.0%" in cells  # the rates as percentages
        assert "600000.0" not in inputs


def test_what_ifs_are_listed_near_the_top(shown):
    base, before, after, scenario = shown
    rows = what_if_rows(before, after, "JPY", "ja")
    page = html_report(scenario, compare_strategies(scenario), lang="ja", what_ifs=rows)
    listed = page.index(f"<h2>{tr('What-ifs applied', 'ja')}</h2>")
    assert listed < page.index(f"<h2>{tr('Charts', 'ja')}</h2>")
    for row in rows:
        assert row.label in page and row.used_value in page
    assert tr("What-ifs applied", "ja") not in html_report(
        scenario, compare_strategies(scenario), lang="ja")


def test_wide_tables_scroll_inside_the_page(shown, digests):
    scenario = shown[3]
    page = html_report(scenario, compare_strategies(scenario), digests, "en")
    assert page.count("<table") == page.count("<div class='table-wrap'><table") > 10
    assert re.search(r"\.table-wrap \{[^}]*overflow-x: auto", STYLE)
    assert re.search(r"max-width: 1100px", STYLE)
    assert re.search(r"th, td\.text \{[^}]*white-space: normal", STYLE)  # text cells wrap
