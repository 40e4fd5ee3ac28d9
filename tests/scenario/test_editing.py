"""Editing through tables: a round trip changes nothing; bad cells get field messages."""

import pytest

from estimators import ScenarioError, sample_paths, sample_scenario
from estimators.presentation.tables import systems_frame
from estimators.scenario.editing import edit_scenario, hybrid_frame, levels_frame, terms_frame


@pytest.mark.parametrize("stem", sorted(sample_paths()))
def test_tables_round_trip(stem):
    scenario = sample_scenario(stem)
    edited = edit_scenario(scenario, systems=systems_frame(scenario),
                           levels=levels_frame(scenario), terms=terms_frame(scenario),
                           hybrid=hybrid_frame(scenario))
    assert edited == scenario


def test_edits_apply_and_validate():
    scenario = sample_scenario("home_delivery_cloud")
    systems = systems_frame(scenario)
    systems.loc[0, "S1_rate_per_year"] = 5.0
    levels = levels_frame(scenario)
    levels.loc[1, "headcount"] = 3
    hybrid = hybrid_frame(scenario)
    hybrid.loc[0, "recovery"] = "vendor"
    edited = edit_scenario(scenario, systems=systems, levels=levels, hybrid=hybrid,
                           fields={"finance.horizon_years": 7, "notes": "edited"})
    assert edited.systems[0].incidents["S1"].rate_per_year == 5.0
    assert edited.team.headcount == 4
    assert edited.hybrid.for_system(edited.systems[0].name).recovery == "vendor"
    assert edited.finance.horizon_years == 7 and edited.notes == "edited"


def test_bad_cells_name_the_field():
    scenario = sample_scenario("home_delivery_cloud")
    systems = systems_frame(scenario)
    systems.loc[2, "S2_rate_per_year"] = -4
    systems.loc[1, "kind"] = "mainframe"
    with pytest.raises(ScenarioError) as info:
        edit_scenario(scenario, systems=systems, fields={"finance.discount_rate": 2})
    paths = {m.split(":")[0] for m in info.value.messages}
    assert paths == {"systems[2].incidents.S2.rate_per_year", "systems[1].kind",
                     "finance.discount_rate"}


def test_ranges_and_correlations_round_trip_through_the_tables():
    from estimators.scenario.editing import correlation_frame, ranges_frame

    scenario = sample_scenario("manufacturer_on_prem")
    assert scenario.uncertainty.rank_correlation is not None
    again = edit_scenario(scenario, ranges=ranges_frame(scenario),
                          correlation=correlation_frame(scenario))
    assert again == scenario


def test_adding_a_range_keeps_the_other_correlations():
    import pandas as pd

    from estimators.scenario.editing import correlation_frame, ranges_frame

    scenario = sample_scenario("manufacturer_on_prem")
    ranges = pd.concat([ranges_frame(scenario), pd.DataFrame([{
        "path": "contract.onsite_visit_fee", "distribution": "uniform", "low": 10_000.0,
        "high": 40_000.0}])], ignore_index=True)
    edited = edit_scenario(scenario, ranges=ranges, correlation=correlation_frame(scenario))
    matrix = edited.uncertainty.correlation()
    assert matrix.shape == (7, 7)
    assert matrix[2, 3] == matrix[3, 2] == 0.6  # fee and overage rate, as before
    assert matrix[6, :6].tolist() == [0.0] * 6


def test_an_impossible_correlation_is_refused_with_the_nearest_matrix():
    from estimators.scenario.editing import correlation_frame, ranges_frame

    scenario = sample_scenario("manufacturer_on_prem")
    bad = correlation_frame(scenario)
    paths = list(bad.index)
    bad.loc[paths[0], paths[1]] = bad.loc[paths[1], paths[0]] = 0.9
    bad.loc[paths[0], paths[2]] = bad.loc[paths[2], paths[0]] = 0.9
    bad.loc[paths[1], paths[2]] = bad.loc[paths[2], paths[1]] = -0.9
    with pytest.raises(ScenarioError) as info:
        edit_scenario(scenario, ranges=ranges_frame(scenario), correlation=bad)
    text = " ".join(info.value.messages)
    assert "uncertainty" in text and "nearest valid matrix is [[1.000" in text


def test_a_correlation_typed_once_is_mirrored():
    import numpy as np

    from estimators.scenario.editing import correlation_frame, symmetrised

    start = correlation_frame(sample_scenario("manufacturer_on_prem"))
    edited = start.copy()
    edited.iloc[0, 4] = 0.3  # typed above the diagonal only
    edited.iloc[5, 1] = -0.2  # below only
    result = symmetrised(edited, start).to_numpy()
    assert result[4, 0] == 0.3 and result[1, 5] == -0.2
    assert np.allclose(result, result.T)


def test_vendor_tiers_round_trip_and_edit_through_the_table():
    import pandas as pd

    from estimators.scenario.editing import tiers_frame

    scenario = sample_scenario("home_delivery_cloud")
    assert edit_scenario(scenario, tiers=tiers_frame(scenario)) == scenario
    frame = tiers_frame(scenario)
    frame.loc[0, "monthly_fee"] = 777_000.0
    frame = pd.concat([frame, pd.DataFrame([{"name": "Basic", "monthly_fee": 400_000.0,
                                             "coverage": "business_hours"}])],
                      ignore_index=True)
    edited = edit_scenario(scenario, tiers=frame)
    first, *_, basic = edited.vendor_tiers
    assert first.monthly_fee == 777_000 and first.terms == scenario.vendor_tiers[0].terms
    assert first.coverage == scenario.vendor_tiers[0].coverage
    assert basic.coverage == scenario.contract.coverage and basic.terms == {}


def test_a_bad_tier_names_its_field():
    from estimators.scenario.editing import tiers_frame

    scenario = sample_scenario("home_delivery_cloud")
    frame = tiers_frame(scenario)
    frame.loc[1, "monthly_fee"] = -5.0
    with pytest.raises(ScenarioError, match=r"vendor_tiers\[1\].monthly_fee"):
        edit_scenario(scenario, tiers=frame)


def test_impact_windows_and_spares_edit_through_the_systems_table():
    scenario = sample_scenario("manufacturer_on_prem").with_changes(**{
        "systems.0.hardware.parts_cost_per_incident_by_severity": {"S1": 900_000.0},
        "systems.1.impact_window": {"mode": "business_hours", "days": ["mon", "tue", "wed",
                                                                       "thu", "fri"],
                                    "start": "08:00", "end": "17:00", "holidays_per_year": 16}})
    systems = systems_frame(scenario)
    assert systems.loc[1, "impact_window"] == "mon-fri 08:00-17:00"
    assert edit_scenario(scenario, systems=systems) == scenario  # nothing shown is lost
    systems.loc[0, "impact_window"] = "mon-thu,sat 06:00-22:00"
    systems.loc[0, "off_window_cost_factor"] = 0.1
    systems.loc[0, "workaround_hours"] = 4.0
    systems.loc[0, "spare_units"] = True
    systems.loc[0, "swap_hours"] = 0.5
    edited = edit_scenario(scenario, systems=systems).systems[0]
    assert edited.impact_window.days == ("mon", "tue", "wed", "thu", "sat")
    assert (f"{edited.impact_window.start:%H:%M}", f"{edited.impact_window.end:%H:%M}") == (
        "06:00", "22:00")
    assert (edited.off_window_cost_factor, edited.workaround_hours) == (0.1, 4.0)
    assert edited.hardware.spare_units and edited.hardware.swap_hours == 0.5
    # Fields the table does not show stay: parts by severity, the other window's holidays.
    assert edited.hardware.parts_cost_per_incident_by_severity == {"S1": 900_000.0}
    assert edit_scenario(scenario, systems=systems).systems[1].impact_window.holidays_per_year \
        == 16


@pytest.mark.parametrize("text", ["weekdays 9-5", "mon-xyz 05:00-20:00", "mon 05:00"])
def test_a_window_typed_wrongly_names_the_field_and_shows_the_form(text):
    scenario = sample_scenario("manufacturer_on_prem")
    systems = systems_frame(scenario)
    systems.loc[2, "impact_window"] = text
    with pytest.raises(ScenarioError) as err:
        edit_scenario(scenario, systems=systems)
    message = str(err.value.messages[0])
    assert "systems.2.impact_window" in message and "mon-sat 05:00-20:00" in message


def test_renaming_keeps_sole_experts_and_hidden_fields():
    scenario = sample_scenario("home_delivery_cloud")
    assert scenario.team.levels[0].sole_expert_for == ["Delivery routing"]
    systems, levels = systems_frame(scenario), levels_frame(scenario)
    systems.loc[0, "name"] = "Route planner"
    levels.loc[0, "name"] = "Lead engineer"
    experts = {lv.name: lv.sole_expert_for for lv in scenario.team.levels}  # as the page has them
    edited = edit_scenario(scenario, systems=systems, levels=levels,
                           hybrid=hybrid_frame(scenario), experts=experts)
    assert edited.team.levels[0].name == "Lead engineer"
    assert edited.team.levels[0].sole_expert_for == ["Route planner"]
    # The renamed system kept what the table does not show.
    assert edited.systems[0].impact_window == scenario.systems[0].impact_window
    assert edited.systems[0].workaround_hours == scenario.systems[0].workaround_hours
    # A system added at the end is new, not a rename.
    systems.loc[len(systems)] = systems.loc[1].to_dict() | {"name": "New tablet app"}
    edited = edit_scenario(scenario, systems=systems, levels=levels, experts=experts)
    assert [s.name for s in edited.systems][-1] == "New tablet app"
