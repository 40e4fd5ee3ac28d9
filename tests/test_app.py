"""The Streamlit app, driven headless with AppTest: load, switch scenario, move a slider.

Pages are functions registered by app.py's ``st.navigation``; the tests run app.py's main()
through ``tests/hoshu_app.py`` and open a page with :func:`goto`, which goes through
``st.switch_page`` like the app's own links.
"""

import dataclasses
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from estimators import Strategy, compare_strategies, format_money, sample_scenario
from estimators.presentation.advice import breakeven_message, staffing_message
from estimators.presentation.labels import name_of
from estimators.presentation.markup import plain
from estimators.scenario.whatif import apply_what_if, what_if_of
from tests.hoshu_app import GOTO, picker

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 180  # a guard, not a target: the decision page waits for its background answers


def hoshu_test() -> AppTest:
    return AppTest.from_file("hoshu_app.py", default_timeout=TIMEOUT)


def goto(at: AppTest, name: str) -> AppTest:
    """Open the page of ``pages/<name>.py`` and run it."""
    at.session_state[GOTO] = name
    return at.run()


@pytest.fixture
def app() -> AppTest:
    at = hoshu_test().run()
    assert not at.exception
    return at


def field(at: AppTest, kind: str, path: str):
    """The editor's widget of ``kind`` for a scenario field (its key ends in ``::path``)."""
    found = [w for w in getattr(at, kind) if str(w.key).endswith(f"::{path}")]
    assert len(found) == 1, f"{kind} for {path}: {len(found)} found"
    return found[0]


def shown_totals(at: AppTest) -> dict[str, str]:
    """The headline: each strategy's expected annual cost as shown."""
    names = {name_of("strategy", s) for s in Strategy}
    return {m.label.split(" (")[0]: m.value for m in at.metric
            if m.label.split(" (")[0] in names}


def expected_totals(scenario) -> dict[str, str]:
    comparison = compare_strategies(scenario)
    return {name_of("strategy", s): format_money(c.annual_total, c.currency)
            for s, c in comparison.strategies.items()}


def test_default_scenario_totals(app):
    assert shown_totals(app) == expected_totals(sample_scenario("home_delivery_cloud"))


def test_switch_scenario_then_move_sliders(app):
    picker(app).set_value("ecommerce_24x7").run()
    assert not app.exception
    base = sample_scenario("ecommerce_24x7")
    assert shown_totals(app) == expected_totals(base)
    assert "$" in shown_totals(app)["In-house"]

    app.slider(key="rate_multiplier::ecommerce_24x7").set_value(2.0).run()
    app.slider(key="vendor_fee::ecommerce_24x7").set_value(90_000.0).run()
    assert not app.exception
    what_if = dataclasses.replace(what_if_of(base), incident_rate_multiplier=2.0,
                                  vendor_monthly_fee=90_000.0)
    expected = expected_totals(apply_what_if(base, what_if))
    assert shown_totals(app) == expected
    assert expected != expected_totals(base)


def test_coverage_and_team_size(app):
    key = "home_delivery_cloud"
    app.radio(key=f"coverage::{key}::en").set_value("24x7").run()
    app.slider(key=f"team_fte::{key}").set_value(6.0).run()
    assert not app.exception
    base = sample_scenario(key)
    what_if = dataclasses.replace(what_if_of(base), coverage="24x7", team_fte=6.0)
    assert shown_totals(app) == expected_totals(apply_what_if(base, what_if))


def test_downtime_page_shows_the_simulation(app):
    goto(app, "downtime_recovery")
    app.select_slider(key="trials").set_value(1_000).run()
    app.number_input(key="seed").set_value(5).run()
    assert not app.exception
    from estimators.engine.simulation import simulate

    scenario = sample_scenario("home_delivery_cloud")
    expected = simulate(scenario, "in_house", 1_000, 5, keep_incidents=False).summary()
    shown = [m.value for m in app.metric if m.label.startswith("Downtime")]
    assert shown[0] == f"{expected['downtime_hours']['mean']:,.1f}"
    bad_year = expected["downtime_hours"]
    assert shown[1] == f"{bad_year['p90']:,.1f} / {bad_year['p95']:,.1f}"  # P90 / P95
    assert any("In-house 1,000" in c.value for c in app.caption)
    assert not any("±0.0 %" in c.value for c in app.caption)
    # The what-if sliders are shared with the cost page and move the simulation too.
    app.slider(key="rate_multiplier::home_delivery_cloud").set_value(2.0).run()
    assert not app.exception
    doubled = [m.value for m in app.metric if m.label.startswith("Downtime")]
    assert float(doubled[0].replace(",", "")) > 1.5 * expected["downtime_hours"]["mean"]


def test_the_full_run_waits_to_be_asked_and_is_never_redone(app):
    from pages._runs import runs

    runs.clear()
    goto(app, "downtime_recovery")
    app.select_slider(key="trials").set_value(5_000).run()
    assert not app.exception
    # At once: the quick estimate, and an offer of the full run (nothing long starts by itself).
    assert any(c.value.startswith("Quick estimate") for c in app.caption)
    assert app.button(key="mc_run").label == "Run the full simulation"
    app.button(key="mc_run").click().run()
    assert not app.exception
    assert any("In-house 5,000" in c.value for c in app.caption)
    assert not any(c.value.startswith("Quick estimate") for c in app.caption)
    full = [m.value for m in app.metric if m.label.startswith("Downtime")]
    # A what-if moved: a quick estimate again, the full run only on request.
    slider = app.slider(key="rate_multiplier::home_delivery_cloud")
    slider.set_value(1.5).run()
    assert any(c.value.startswith("Quick estimate") for c in app.caption)
    assert len(runs()) == 9  # the full run, two quick estimates
    # Back to where it was: the finished run is shown as it was, nothing simulated.
    app.slider(key="rate_multiplier::home_delivery_cloud").set_value(1.0).run()
    assert [m.value for m in app.metric if m.label.startswith("Downtime")] == full
    assert len(runs()) == 9
    runs.clear()


def test_a_failed_full_run_leaves_no_progress_behind(app, monkeypatch):
    from estimators.engine.simulation import SimulationError
    from pages import _simulation
    from pages._runs import runs

    real = _simulation.simulate

    def fails_when_long(scenario, strategy, trials, *args, **options):
        if trials > _simulation.QUICK_TRIALS:
            raise SimulationError("this run would need about 99 GB of memory")
        return real(scenario, strategy, trials, *args, **options)

    runs.clear()
    monkeypatch.setattr(_simulation, "simulate", fails_when_long)
    goto(app, "downtime_recovery")
    app.select_slider(key="trials").set_value(5_000).run()
    app.button(key="mc_run").click().run()
    assert not app.exception
    assert "cannot be simulated" in app.error[0].value and "99 GB" in app.error[0].value
    assert not app.get("progress")  # no bar left running
    assert not [b for b in app.button if b.key in ("mc_cancel", "mc_run")]
    runs.clear()


def test_history_page_imports_and_calibrates(app):
    """Upload, preview, apply: the preview shows what would change, nothing is applied before
    the button, and flagged figures need the confirmation box (docs/model.md §19)."""
    from estimators.history import load_history
    from estimators.history.calibrate import calibrate

    goto(app, "incident_history")
    assert not app.exception
    app.toggle(key="history_sample").set_value(True).run()
    assert not app.exception
    shown = {m.label: m.value for m in app.metric}
    assert shown["Rows read"] == "5,998" and shown["Incidents kept"] == "890"
    preview = app.dataframe[-1].value
    assert list(preview.columns)[:5] == ["System", "Severity", "Incidents a year: scenario",
                                         "Incidents a year: history", "Rate"]
    assert set(preview["Rate"]) == {"Keep the scenario's"}  # two and a half days: refused
    assert set(preview["Repair time"]) == {"Apply if you confirm"}
    warnings = " ".join(w.value for w in app.warning)
    assert plain("spans only 2.60 days") in warnings  # shown as plain text (escaped)
    assert plain("1,180 times as many") in warnings
    for frame in app.dataframe[1:]:  # the tables in words: no model keys, no None
        text = frame.value.to_string()
        assert "None" not in text and "nan" not in text
        assert not {"rate_per_year", "p_value", "weibull_min", "lognorm"} & set(
            frame.value.columns)
    assert app.button(key="history_apply").disabled  # nothing allowed without confirmation
    assert not any(k.startswith("calibrated::") for k in app.session_state)

    app.checkbox(key="history_confirm").check().run()
    assert not app.exception and not app.button(key="history_apply").disabled
    assert not any(k.startswith("calibrated::") for k in app.session_state)  # not yet
    app.button(key="history_apply").click().run()
    assert not app.exception and app.success
    goto(app, "cost_comparison")
    base = sample_scenario("home_delivery_cloud")
    history = load_history("data/history/servicenow_incident_event_log.csv")
    calibrated, _ = calibrate(base, history, confirmed=True)
    assert [s.incidents for s in calibrated.systems] != [s.incidents for s in base.systems]
    assert shown_totals(app) == expected_totals(apply_what_if(calibrated, what_if_of(calibrated)))
    app.button(key="uncalibrate::home_delivery_cloud").click().run()
    assert shown_totals(app) == expected_totals(base)


def test_library_edit_compare_and_share(app):
    from estimators.scenario.library import ScenarioLibrary
    from estimators.scenario.share import unpack_scenario

    goto(app, "workspace")
    app.selectbox(key="new_sample").set_value("home_delivery_cloud")
    app.text_input(key="new_name").set_value("Plan A")
    app.button[0].click()  # the "Create" form button
    app.run()
    assert not app.exception and app.success
    app.button(key="library_open").click().run()
    goto(app, "editor")
    field(app, "number_input", "finance.horizon_years").set_value(8)
    field(app, "number_input", "contract.monthly_fee").set_value(700_000.0)
    app.button(key="ed_save").click().run()
    assert not app.exception and "Saved version 2" in app.success[0].value
    library = ScenarioLibrary()
    saved = library.load("Plan A")
    assert saved.finance.horizon_years == 8 and saved.contract.monthly_fee == 700_000
    assert library.load("Plan A", 1) == sample_scenario("home_delivery_cloud")
    # The dashboard now shows the edited library scenario.
    goto(app, "cost_comparison")
    assert shown_totals(app) == expected_totals(apply_what_if(saved, what_if_of(saved)))
    # Compare: the library scenario against the sample it came from.
    goto(app, "compare")
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table["Scenario"]) == ["Library: Plan A", sample_scenario(
        "home_delivery_cloud").name]
    assert table["Outsourced vs first"].iloc[1] == pytest.approx(
        expected_cost(sample_scenario("home_delivery_cloud"), "outsourced")
        - expected_cost(saved, "outsourced"))
    # Share: the link holds the scenario as shown.
    code = [c.value for c in app.code if "?s=" in c.value][0]
    assert unpack_scenario(code.split("?s=")[1]) == apply_what_if(saved, what_if_of(saved))


def test_invalid_edit_is_not_saved(app):
    goto(app, "workspace")
    app.text_input(key="new_name").set_value("Plan B")
    app.button[0].click()
    app.run()
    app.button(key="library_open").click().run()
    goto(app, "editor")
    field(app, "text_area", "json").set_value('{"name": "x", "systems": []}')
    app.button(key="ed_save").click().run()
    assert not app.exception
    assert "Not saved" in app.error[0].value and "systems" in app.error[0].value
    from estimators.scenario.library import ScenarioLibrary

    assert len(ScenarioLibrary().versions("Plan B")) == 1


def test_out_of_range_values_are_refused_in_words_and_kept(app):
    from estimators.scenario.library import ScenarioLibrary

    goto(app, "workspace")
    app.text_input(key="new_name").set_value("Plan C")
    app.button[0].click()
    app.run()
    app.button(key="library_open").click().run()
    goto(app, "editor")
    field(app, "number_input", "finance.horizon_years").set_value(-5)
    field(app, "number_input", "finance.discount_rate").set_value(9999.0)
    app.button(key="ed_save").click().run()
    assert not app.exception and not app.success
    refusal = app.error[-1].value
    assert "Not saved" in refusal
    assert "Horizon must be between 1 and 30 years; you typed -5." in refusal
    assert "Discount rate must be between 0 and 50 % a year; you typed 9,999." in refusal
    assert field(app, "number_input", "finance.horizon_years").value == -5  # kept as typed
    assert len(ScenarioLibrary().versions("Plan C")) == 1
    # Fixed, it saves; saving again without a change makes no version.
    field(app, "number_input", "finance.horizon_years").set_value(7)
    field(app, "number_input", "finance.discount_rate").set_value(4.0)
    app.button(key="ed_save").click().run()
    assert "Saved version 2" in app.success[0].value
    saved = ScenarioLibrary().load("Plan C")
    assert (saved.finance.horizon_years, saved.finance.discount_rate) == (7, 0.04)
    assert field(app, "number_input", "finance.horizon_years").value == 7
    app.button(key="ed_save").click().run()
    assert "Nothing has changed" in app.info[0].value
    assert len(ScenarioLibrary().versions("Plan C")) == 2


def test_refusal_speaks_japanese(app):
    goto(app, "editor")
    app.button(key="ed_copy").click().run()
    app.selectbox(key="language").set_value("ja").run()
    field(app, "number_input", "finance.horizon_years").set_value(40)
    app.button(key="ed_save").click().run()
    refusal = app.error[-1].value
    assert "Horizon" not in refusal and "40" in refusal and "30" in refusal


def test_copy_to_library_keeps_the_copy_chosen_while_editing(app):
    from estimators.scenario.library import ScenarioLibrary

    goto(app, "editor")
    app.button(key="ed_copy").click().run()
    name = sample_scenario("home_delivery_cloud").name + " (copy)"
    assert picker(app).value == "library:" + name
    app.button(key="ed_save").click().run()  # the copy as it was: nothing to save
    assert "Nothing has changed" in app.info[0].value
    field(app, "text_input", "name").set_value("Renamed in the editor")
    app.run()
    assert picker(app).value == "library:" + name
    app.button(key="ed_save").click().run()
    assert "Saved version 2" in app.success[0].value
    assert ScenarioLibrary().load(name).name == "Renamed in the editor"
    assert ScenarioLibrary().names().count(name) == 1


def test_shared_link_opens_the_scenario():
    from estimators.scenario.share import pack_scenario

    shared = sample_scenario("ecommerce_24x7").with_changes(**{"contract.monthly_fee": 12_345})
    at = hoshu_test()
    at.query_params["s"] = pack_scenario(shared)
    at.run()
    assert not at.exception
    assert picker(at).value == "shared:link"
    assert shown_totals(at) == expected_totals(shared)


def _long_number_json() -> str:
    """The sample's JSON with a 5,000-digit horizon (past Python's int-string limit)."""
    raw = sample_scenario("home_delivery_cloud").model_dump_json()
    assert raw.count('"horizon_years":5') == 1
    return raw.replace('"horizon_years":5', '"horizon_years":' + "9" * 5_000)


LONG_NUMBER_REFUSED = plain("finance.horizon_years: must have at most 4,300 digits")
"""The refusal of :func:`_long_number_json`, as the page's Markdown (escaped) holds it."""


def test_a_link_with_a_number_too_long_for_python_is_refused_by_field():
    import base64
    import zlib

    packed = base64.urlsafe_b64encode(zlib.compress(_long_number_json().encode(), 9))
    at = hoshu_test()
    at.query_params["s"] = packed.decode("ascii").rstrip("=")
    at.run()
    assert not at.exception
    assert LONG_NUMBER_REFUSED in at.error[0].value
    assert picker(at).value == "home_delivery_cloud"


def test_the_json_tab_refuses_a_number_too_long_for_python_by_field(app):
    goto(app, "editor")
    app.button(key="ed_copy").click().run()
    field(app, "text_area", "json").set_value(_long_number_json())
    app.button(key="ed_save").click().run()
    assert not app.exception
    assert "Not saved" in app.error[0].value and LONG_NUMBER_REFUSED in app.error[0].value


def expected_cost(scenario, strategy) -> float:
    return compare_strategies(scenario).strategies[strategy].annual_total


def test_language_switch_keeps_values(app):
    goto(app, "cost_comparison")
    app.slider(key="rate_multiplier::home_delivery_cloud").set_value(1.5).run()
    before = list(shown_totals(app).values())
    app.selectbox(key="language").set_value("ja").run()
    assert not app.exception
    assert app.title[0].value == "コスト比較"
    # Same numbers, same slider value, written the Japanese way (headlines in 万円).
    amounts = [float(v.replace("¥", "").replace(",", "")) for v in before]
    assert [m.value for m in app.metric[:3]] == [format_money(a, "JPY", compact=True, lang="ja")
                                                 for a in amounts]
    assert app.metric[0].value.endswith("万円")
    assert app.metric[0].label == "内製（年）"
    app.selectbox(key="language").set_value("en").run()
    assert app.title[0].value == "Cost comparison"


def test_home_presenter_and_glossary(app):
    assert not app.exception
    assert app.title[0].value.startswith("Hoshu")
    assert shown_totals(app) == expected_totals(sample_scenario("home_delivery_cloud"))
    goto(app, "presenter")
    assert not app.exception
    app.slider(key="vendor_fee::home_delivery_cloud").set_value(300_000.0).run()
    base = sample_scenario("home_delivery_cloud")
    moved = apply_what_if(base, dataclasses.replace(what_if_of(base),
                                                    vendor_monthly_fee=300_000.0))
    assert shown_totals(app) == expected_totals(moved)
    goto(app, "glossary")
    assert not app.exception
    nines = app.dataframe[0].value
    row = nines[nines["Availability"] == "99.9 %"].iloc[0]
    assert row["Downtime per year"] == "8.76 h"


def test_display_currency(app):
    app.selectbox(key="display_currency::JPY").set_value("USD").run()
    app.number_input(key="rate::JPY->USD").set_value(100.0).run()
    assert not app.exception
    from estimators.scenario.currency import convert_currency

    converted = convert_currency(sample_scenario("home_delivery_cloud"), "USD", 1 / 100)
    assert shown_totals(app) == expected_totals(converted)


def test_library_rename_and_duplicate(app):
    from estimators.scenario.library import ScenarioLibrary

    goto(app, "workspace")
    app.text_input(key="new_name").set_value("Plan C")
    app.button[0].click()
    app.run()
    app.text_input(key="rename_to").set_value("Plan D")
    app.button(key="duplicate").click().run()
    assert not app.exception
    assert ScenarioLibrary().names() == ["Plan C", "Plan D"]
    app.selectbox(key="library_selected").set_value("Plan C").run()
    app.text_input(key="rename_to").set_value("Plan D")
    app.button(key="rename").click().run()
    assert "already exists" in app.error[0].value
    app.text_input(key="rename_to").set_value("Plan E")
    app.button(key="rename").click().run()
    assert ScenarioLibrary().names() == ["Plan D", "Plan E"]


def test_decision_page(app):
    from estimators.decisions.breakeven import breakeven

    goto(app, "decision")
    assert not app.exception
    app.session_state["decision_tab"] = "Break-even"  # tabs are lazy: open this one
    app.run()
    assert not app.exception
    base = sample_scenario("home_delivery_cloud")
    expected = breakeven(base, "effects.incident_rate_multiplier", "in_house", "outsourced",
                         low=0.0, high=3.0)
    assert app.success[0].value == plain(breakeven_message(expected, unit="×"))
    app.selectbox(key="be_input").set_value("contract.monthly_fee").run()
    assert not app.exception
    fee = breakeven(base, "contract.monthly_fee", "in_house", "outsourced", low=0.0,
                    high=3 * base.contract.monthly_fee)
    assert app.success[0].value == plain(breakeven_message(fee, unit="JPY/month"))


def test_sensitivity_tab_offers_every_measure(app):
    from estimators.decisions.measures import MEASURES
    from estimators.presentation.charts import tornado_figure
    from estimators.presentation.labels import measure_name

    goto(app, "decision")
    control = app.button_group(key="decision_measure::en")
    assert control.options == [measure_name(m) for m in MEASURES]
    for measure in MEASURES:
        app.button_group(key="decision_measure::en").set_value(measure.key).run()
        assert not app.exception
        shown = json.loads(app.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
        assert shown == tornado_figure([], measure, "JPY").layout.title.text


def test_optimise_tab_shows_the_optimisers_answers(app):
    from estimators.decisions.optimise import optimise_staffing

    goto(app, "decision")
    app.session_state["decision_tab"] = "Optimise"
    app.run()
    assert not app.exception
    base = sample_scenario("home_delivery_cloud")
    staffing = optimise_staffing(base, 1.0, 0.8)
    shown = [m.value for m in [*app.success, *app.warning]]
    assert plain(staffing_message(staffing)) in shown
    assert len(app.get("plotly_chart")) >= 2  # the scope matrix and the preventive curve


def test_streamlit_still_discovers_the_pages_folder(monkeypatch):
    """Why pages/__init__.py reroutes: with a ``pages/`` folder beside app.py, Streamlit starts a
    server in its legacy multipage mode, in which a deep link runs the page's file instead of
    app.py. When this fails, Streamlit has dropped that mode: remove the workaround."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import script_runner

    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)  # as on a fresh server
    PagesManager(str(ROOT / "app.py"))
    assert PagesManager.uses_pages_directory is True
    assert hasattr(script_runner, "_mpa_v1")


def test_first_deep_link_of_a_fresh_server_renders_through_app(monkeypatch):
    """AppTest starts every run as a fresh server does (legacy mode on, see above), so opening a
    page before the first run is a deep link as a fresh server's first request."""
    for name in [m for m in sys.modules if m in ("app", "pages") or m.startswith("pages.")]:
        monkeypatch.delitem(sys.modules, name)  # nothing imported yet, as in a new process
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.switch_page("pages/glossary.py").run()
    assert not at.exception
    assert at.title[0].value == "Glossary"
    assert at.dataframe[0].value["Availability"].iloc[0] == "99 %"
    # Without the reroute (pages/ is imported now, so it does not run again), Streamlit runs
    # pages/glossary.py itself, which only defines functions: the page stays blank.
    bare = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    bare.switch_page("pages/glossary.py").run()
    assert not bare.exception and not bare.title and not bare.main.children


def test_both_pages_show_the_expected_and_the_simulated_answer_side_by_side(app):
    """After a simulation, the cost page shows each strategy's simulated mean ± its 95 %
    interval beside the expected cost, and the downtime page the reverse, with the numbers
    of the model and the engine."""
    from estimators.engine.simulation import simulate
    from estimators.statistics import Z95
    from pages._runs import runs

    runs.clear()
    goto(app, "downtime_recovery")
    app.select_slider(key="trials").set_value(1_000).run()
    app.number_input(key="seed").set_value(7).run()
    assert not app.exception
    scenario = sample_scenario("home_delivery_cloud")
    expected = compare_strategies(scenario).strategies
    for page in ("downtime_recovery", "cost_comparison"):
        goto(app, page)
        tables = [d.value for d in app.dataframe
                  if "Simulated mean (95 % interval)" in d.value.columns]
        assert len(tables) == 1, page
        table = tables[0]
        for strategy, row in zip(Strategy, table.itertuples(index=False), strict=True):
            total = simulate(scenario, strategy, 1_000, 7, keep_incidents=False).total_cost
            mean = total.mean()
            half = Z95 * total.std(ddof=1) / np.sqrt(total.size)
            assert row[1] == format_money(expected[strategy].annual_total, "JPY")
            assert row[2] == f"{format_money(mean, 'JPY')} ± {format_money(half, 'JPY')}"
    runs.clear()
