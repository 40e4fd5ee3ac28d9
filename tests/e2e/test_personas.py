"""Issue 14's acceptance test: one browser test per persona, each asserting the NUMBERS the
screen shows against the library's own, computed here independently (estimators).

- IT manager (Japanese): what-ifs on Cost comparison move the headline, the cheapest strategy
  and the scope advice to the library's figures; the downtime page, in the same session, keeps
  the what-ifs and shows the library's P90 downtime of the cheapest strategy.
- Finance (Japanese): the workbook and HTML report downloaded after a what-if hold the screen's
  totals, in Japanese, with the what-if listed.
- Consultant (English): presenter mode answers the fee slider with the library's figures; the
  full Monte Carlo run gives the library's mean downtime and is kept when a slider comes back.
- Every page photographed in English and in Japanese (artifacts/screenshots/).

Figures must match exactly as formatted: the app and the library run the same seeded code.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import openpyxl
import pytest

from estimators import Strategy, compare_strategies, format_money, sample_scenario
from estimators.decisions.optimise import optimise_scope
from estimators.engine.simulation import simulate
from estimators.presentation.export import excel_bytes
from estimators.presentation.i18n import tr
from estimators.scenario.localize import localized
from estimators.scenario.whatif import apply_what_if, what_if_of
from tests.e2e.driver import (
    box_with_heading,
    browsing,
    expect,
    keyed,
    metric_value,
    metrics,
    navigate,
    no_exception,
    press_slider,
    settle,
    shot,
    slider_value,
)

SAMPLE = "home_delivery_cloud"
FEE, TEAM, RATE = (f"{w}::{SAMPLE}" for w in ("vendor_fee", "team_fte", "rate_multiplier"))
TRIALS = "trials"  # the Monte Carlo's trial-years (a select slider in the sidebar)
NAMES = {"en": {Strategy.in_house: "In-house", Strategy.outsourced: "Outsourced",
                Strategy.hybrid: "Hybrid"},
         "ja": {Strategy.in_house: "内製", Strategy.outsourced: "外部委託",
                Strategy.hybrid: "ハイブリッド"}}
PER_YEAR = {"en": "{s} (per year)", "ja": "{s}（年）"}
CHEAPEST = {"en": "cheapest", "ja": "最安"}
WAIT = 30_000  # ms: Streamlit may draw the figures in stages after the script has settled


def number(text: str) -> float:
    """A number as a slider shows it ("￥840,000", "1.50", "×1.25")."""
    return float(re.sub(r"[^\d.]", "", text))


def shown_scenario(lang: str, **changes):
    """(saved scenario, what-if on screen, scenario the screen computes from), as the app makes
    them: the sample in the session's language, the what-if values applied."""
    base = localized(sample_scenario(SAMPLE), lang)
    what_if = replace(what_if_of(base), **changes)
    return base, what_if, apply_what_if(base, what_if)


def expect_headline(page, comparison, lang: str, compact: bool) -> None:
    """The three headline metrics hold the library's annual totals and the cheapest is marked
    (the others show their gap to it)."""
    cheapest = comparison.cheapest()
    low = comparison.strategies[cheapest].annual_total
    for strategy, costs in comparison.strategies.items():
        label = PER_YEAR[lang].format(s=NAMES[lang][strategy])
        value = metric_value(page, label)
        expect(value).to_have_text(
            format_money(costs.annual_total, "JPY", compact=compact, lang=lang), timeout=WAIT)
        delta = value.locator("xpath=..").locator("[data-testid='stMetricDelta']")
        expect(delta).to_have_text(
            CHEAPEST[lang] if strategy is cheapest else
            "+" + format_money(costs.annual_total - low, "JPY", compact=compact, lang=lang))
    marked = [label for label, _, delta in metrics(page) if delta == CHEAPEST[lang]]
    assert marked == [PER_YEAR[lang].format(s=NAMES[lang][cheapest])]


def strategy_columns(page, label: str) -> dict[str, str]:
    """{bold title of the column: value} of the metrics labelled ``label`` (the Downtime page
    shows one column per strategy, its name in bold above the metrics)."""
    return page.evaluate(
        """(label) => Object.fromEntries(
            [...document.querySelectorAll("[data-testid='stColumn']")].flatMap(col => {
                const metric = [...col.querySelectorAll("[data-testid='stMetric']")].find(m =>
                    m.querySelector("[data-testid='stMetricLabel']")?.innerText.trim() === label);
                const title = col.querySelector("strong");
                return metric && title ? [[title.innerText.trim(),
                    metric.querySelector("[data-testid='stMetricValue']").innerText.trim()]] : [];
            }))""", label)


# 1. IT manager, in Japanese ---------------------------------------------------------------

def test_it_manager_in_japanese(server, browser):
    lang = "ja"
    with browsing(browser, locale="ja-JP") as page:
        page.goto(f"{server}/cost_comparison")
        settle(page)
        assert page.locator("h1").first.inner_text().strip() == "コスト比較"
        sidebar = page.locator("[data-testid='stSidebar']")
        expect(sidebar.get_by_role("combobox", name="Language / 言語")).to_have_value(
            "日本語")  # from the browser's locale
        assert sidebar.get_by_text("もしも…").count() == 1
        # A cheaper vendor and a bigger team: the cheapest strategy changes hands.
        press_slider(page, FEE, "ArrowLeft", 40)
        press_slider(page, TEAM, "ArrowRight", 1)
        fee, team = number(slider_value(page, FEE)), number(slider_value(page, TEAM))
        assert (fee, team) == (360_000, 2.0), (slider_value(page, FEE), slider_value(page, TEAM))
        base, what_if, scenario = shown_scenario(lang, vendor_monthly_fee=fee, team_fte=team)
        comparison = compare_strategies(scenario)
        assert compare_strategies(base).cheapest() is not comparison.cheapest()  # a real change
        expect_headline(page, comparison, lang, compact=True)
        # The scope advice box: the recommended split's annual cost, as the optimiser gives it.
        box = box_with_heading(page, "社内に残すもの")
        expect(box).to_be_visible(timeout=WAIT)
        scope = optimise_scope(scenario, objective="mean", pricing="pro_rata",
                               availability_target=scenario.availability_target)
        def yen(amount: float) -> str:
            return format_money(amount, "JPY", compact=True, lang=lang)

        cost = metric_value(page, "推奨する分担（年あたり）", within=box)
        expect(cost).to_have_text(yen(scope.best_score.objective), timeout=WAIT)
        assert scope.savings > 0
        expect(cost.locator("xpath=..").locator("[data-testid='stMetricDelta']")).to_have_text(
            f"{yen(scope.savings)}削減")
        expect(metric_value(page, "P90コスト（年あたり）", within=box)).to_have_text(
            yen(scope.best_p90))
        expect(metric_value(page, "最も弱いシステムの可用性", within=box)).to_have_text(
            f"{scope.best_score.availability.min():.3%}")
        shot(page, "persona_it_manager_cost_ja")
        assert no_exception(page)

        # Downtime & recovery, same session: the what-ifs are still applied.
        navigate(page, tr("Results", lang), tr("Downtime & recovery", lang))
        assert page.locator("h1").first.inner_text().strip() == "ダウンタイムと復旧"
        assert number(slider_value(page, FEE)) == fee
        assert number(slider_value(page, TEAM)) == team
        label = "悪い年のダウンタイム: P90 / P95（時間/年）"
        cheapest = NAMES[lang][comparison.cheapest()]
        summary = simulate(scenario, comparison.cheapest(), 1_000, seed=0,
                           keep_incidents=False).summarise()
        expected = f"{summary.downtime_hours.p90:,.1f} / {summary.downtime_hours.p95:,.1f}"
        # 10,000 trial-years by default: a quick estimate of 1,000 first, the full run offered.
        expect(page.get_by_role("button", name="本実行を開始")).to_be_visible(timeout=WAIT)
        expect(page.get_by_text("戦略ごとに1,000試行年の概算です。")).to_be_visible()
        assert strategy_columns(page, label)[cheapest] == expected
        # 1,000 trial-years asked for: the same seeded run, now the whole of it.
        press_slider(page, TRIALS, "Home")
        assert slider_value(page, TRIALS) == "1,000"
        expect(page.get_by_role("button", name="本実行を開始")).to_have_count(0, timeout=WAIT)
        expect(page.get_by_text(re.compile(r"^計算した試行年: 内製 1,000"))).to_be_visible(
            timeout=WAIT)
        columns = strategy_columns(page, label)
        assert list(columns) == [NAMES[lang][s] for s in Strategy]
        assert columns[cheapest] == expected
        shot(page, "persona_it_manager_downtime_ja")
        assert no_exception(page)


# 2. Finance, in Japanese --------------------------------------------------------------------

def download(page, label: str) -> bytes:
    """The file behind the download button labelled ``label`` (built when clicked)."""
    with page.expect_download(timeout=60_000) as started:
        page.get_by_role("button", name=label, exact=True).click()
    return open(started.value.path(), "rb").read()


def test_finance_exports_in_japanese(server, browser):
    lang = "ja"
    with browsing(browser, locale="ja-JP") as page:
        page.goto(f"{server}/cost_comparison")
        settle(page)
        press_slider(page, RATE, "ArrowRight", 5)  # incidents × 1.25
        rate = number(slider_value(page, RATE))
        assert rate == 1.25, slider_value(page, RATE)
        base, what_if, scenario = shown_scenario(lang, incident_rate_multiplier=rate)
        comparison = compare_strategies(scenario)
        expect_headline(page, comparison, lang, compact=True)
        export = tr("Export what you see", lang)
        assert export == "表示中の内容をエクスポート"
        expect(page.get_by_role("heading", name=export, exact=True)).to_be_visible()
        expect(page.get_by_text("What-if の変更 1 件を適用")).to_be_visible()
        workbook = openpyxl.load_workbook(io.BytesIO(download(page, "Excel ブック")))
        report = download(page, "HTML レポート").decode("utf-8")
        assert no_exception(page)

    # The workbook: Japanese sheet titles and headers, the screen's totals to the yen.
    english = openpyxl.load_workbook(io.BytesIO(excel_bytes(scenario, comparison, lang="en")))
    assert workbook.sheetnames[:3] == ["概要", "サマリー", "費目別コスト"]
    assert "適用した What-if" in workbook.sheetnames
    assert not set(workbook.sheetnames) & set(english.sheetnames)  # none left in English
    summary = workbook["サマリー"]
    header = [c.value for c in summary[1]]
    assert header[:2] == ["戦略", "年間期待コスト"], header
    rows = {row[0]: row for row in summary.iter_rows(min_row=2, values_only=True) if row[0]}
    assert list(rows) == [NAMES[lang][s] for s in Strategy]
    for strategy, costs in comparison.strategies.items():
        assert abs(rows[NAMES[lang][strategy]][1] - costs.annual_total) < 1, strategy
        assert abs(rows[NAMES[lang][strategy]][3] - costs.horizon_total) < 1, strategy
    assert summary["B2"].number_format.startswith('"¥"#,##0')
    what_ifs = list(workbook["適用した What-if"].iter_rows(values_only=True))
    assert what_ifs == [("What-if の入力項目", "シナリオの値", "使用した値"),
                        ("障害発生率の倍率（シナリオ比）", "1.00倍", "1.25倍")]
    about = [row[0] for row in workbook["概要"].iter_rows(values_only=True) if row[0]]
    assert about[0] == f"Hoshu — {scenario.name}" and scenario.name == base.name
    assert any("障害発生率の倍率（シナリオ比） 1.00倍 → 1.25倍" in line for line in about)

    # The report: Japanese, the same annual totals (headline 万円 and full yen), the what-if.
    assert report.startswith("<!DOCTYPE html><html lang='ja'>")
    assert f"<h1>{scenario.name}</h1>" in report
    for costs in comparison.strategies.values():
        assert format_money(costs.annual_total, "JPY", lang=lang) in report
    cheapest = comparison.cheapest()  # "In short" names it with its amount
    assert re.search(rf"<li>[^<]*{NAMES[lang][cheapest]}[^<]*" + re.escape(format_money(
        comparison.strategies[cheapest].annual_total, "JPY", lang=lang)), report)
    assert re.search(r"<h2>適用した What-if</h2>.*?"
                     r"<td class=text>障害発生率の倍率（シナリオ比）</td>"
                     r"<td class=text>1\.00倍</td><td class=text>1\.25倍</td>", report, re.S)


# 3. Consultant, in English: presenter mode, then the full Monte Carlo --------------------------

def present(page, server: str, presses: int, check: bool = True):
    """Presenter mode with the fee moved by ``presses`` steps: its headline and downtime figures
    are the library's (unless not ``check``ed). Returns the scenario on screen."""
    lang = "en"
    page.goto(f"{server}/presenter")
    settle(page)
    assert page.locator("[data-testid='stSidebar']").is_hidden()
    inputs = box_with_heading(page, "What if…")
    assert keyed(inputs, FEE).count() == 1  # the inputs are in the page
    if check:
        expect_headline(page, compare_strategies(shown_scenario(lang)[2]), lang, compact=False)
    press_slider(page, FEE, "ArrowRight", presses)
    fee = number(slider_value(page, FEE))
    assert fee == 600_000 + 6_000 * presses, slider_value(page, FEE)
    _, _, scenario = shown_scenario(lang, vendor_monthly_fee=fee)
    assert page.locator("h1").first.inner_text().strip() == scenario.name
    if not check:
        return scenario
    expect_headline(page, compare_strategies(scenario), lang, compact=False)
    # Downtime per strategy: never simulated here, so the quick estimate (1,000, seed 0).
    for strategy in Strategy:
        hours = simulate(scenario, strategy, 1_000, seed=0,
                         keep_incidents=False).summarise().downtime_hours
        value = metric_value(page, f"{NAMES[lang][strategy]}: downtime (h/yr)")
        expect(value).to_have_text(f"{hours.mean:,.0f}", timeout=WAIT)
        expect(value.locator("xpath=..").locator("[data-testid='stMetricDelta']")
               ).to_have_text(f"P90 {hours.p90:,.0f} h · P95 {hours.p95:,.0f} h")
    assert no_exception(page)
    return scenario


def full_monte_carlo(page, scenario) -> None:
    """On Downtime & recovery with ``scenario`` (English): 5,000 trial-years, the quick estimate
    and the offer first, then the full run, the library's mean downtime, and the finished run
    shown again (not offered anew) after a slider goes and comes back."""
    assert page.locator("h1").first.inner_text().strip() == "Downtime & recovery"
    press_slider(page, TRIALS, "ArrowLeft", 1)
    assert slider_value(page, TRIALS) == "5,000"
    run = page.get_by_role("button", name="Run the full simulation")
    expect(run).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("Quick estimate from 1,000 trial-years per strategy.")
           ).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Quick estimate\. Trial-years run: In-house 1,000"))
           ).to_be_visible()
    run.click()
    settle(page)
    full = page.get_by_text(re.compile(r"^Trial-years run: In-house 5,000, Outsourced "
                                       r"5,000, Hybrid 5,000\."))
    expect(full).to_be_visible(timeout=120_000)
    settle(page)
    expect(run).to_have_count(0)
    mean = simulate(scenario, Strategy.in_house, 5_000, seed=0,
                    keep_incidents=False).summarise().downtime_hours.mean
    label = "Downtime (outage-equivalent h/yr)"
    expect(metric_value(page, label)).to_have_text(f"{mean:,.1f}", timeout=WAIT)
    assert strategy_columns(page, label)["In-house"] == f"{mean:,.1f}"
    shot(page, "persona_consultant_full_run_en")
    # Another input, then back: the finished run is shown again, not offered anew.
    press_slider(page, RATE, "ArrowRight", 1)
    expect(run).to_be_visible(timeout=WAIT)
    press_slider(page, RATE, "ArrowLeft", 1)
    assert slider_value(page, RATE) == "1.00"
    expect(full).to_be_visible(timeout=WAIT)
    expect(run).to_have_count(0)
    expect(metric_value(page, label)).to_have_text(f"{mean:,.1f}")
    assert no_exception(page)


def test_consultant_presents(server, page):
    present(page, server, presses=25)
    shot(page, "persona_consultant_presenter_en")


def test_consultant_goes_from_presenter_to_the_monte_carlo(server, page):
    scenario = present(page, server, presses=20, check=False)
    page.get_by_role("link", name="Leave presenter mode").click()
    settle(page)
    navigate(page, "Results", "Downtime & recovery")
    shown = page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first
    assert shown.inner_text().startswith(scenario.name + " — ")  # the scenario presented...
    assert keyed(page, FEE).count() == 1  # ...and its moved fee
    assert number(slider_value(page, FEE)) == scenario.contract.monthly_fee
    full_monte_carlo(page, scenario)


def test_consultant_runs_the_full_monte_carlo(server, page):
    page.goto(f"{server}/downtime_recovery")
    settle(page)
    press_slider(page, FEE, "ArrowRight", 15)
    fee = number(slider_value(page, FEE))
    assert fee == 690_000, slider_value(page, FEE)
    full_monte_carlo(page, shown_scenario("en", vendor_monthly_fee=fee)[2])


# 4. Every page, photographed in English and in Japanese ---------------------------------------

PAGES = ["", "cost_comparison", "downtime_recovery", "incident_history", "decision", "compare",
         "workspace", "editor", "presenter", "glossary"]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")  # kana or kanji


@pytest.mark.parametrize("path", PAGES)
def test_every_page_in_english_and_japanese(server, browser, path):
    name = path or "home"
    titles = {}
    for lang, locale in (("en", "en-US"), ("ja", "ja-JP")):
        with browsing(browser, locale=locale) as page:
            page.goto(f"{server}/{path}")
            settle(page)
            shot(page, f"{name}_{lang}")
            assert no_exception(page), (name, lang)
            titles[lang] = page.locator("h1").first.inner_text().strip()
    assert titles["en"] and titles["ja"]
    assert JAPANESE.search(titles["ja"]), titles
    if path:  # Home's title mixes both languages
        assert titles["ja"] != titles["en"], titles
        assert not JAPANESE.search(titles["en"]), titles
