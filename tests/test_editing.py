"""Editing through tables: a round trip changes nothing; bad cells get field messages."""

import pytest

from estimators import ScenarioError, sample_paths, sample_scenario
from estimators.editing import edit_scenario, hybrid_frame, levels_frame, terms_frame
from estimators.tables import systems_frame


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
