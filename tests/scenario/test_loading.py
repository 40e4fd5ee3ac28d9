"""Scenario files: the samples load; every kind of bad file gets a message naming the field."""

import json

import pytest

from estimators import ScenarioError, load_scenario, parse_scenario, sample_paths
from estimators.scenario.loading import MAX_DEPTH


def test_three_samples_are_bundled():
    assert set(sample_paths()) >= {"home_delivery_cloud", "manufacturer_on_prem", "ecommerce_24x7"}


@pytest.mark.parametrize("stem", sorted(sample_paths()))
def test_every_sample_loads_and_round_trips(stem):
    scenario = load_scenario(sample_paths()[stem])
    assert scenario.notes, "each sample says where its figures come from"
    again = parse_scenario(scenario.model_dump_json())
    assert again == scenario


def _problems(data) -> list[str]:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    with pytest.raises(ScenarioError) as info:
        parse_scenario(raw, source="test.json")
    return info.value.messages


def test_negative_rate_names_field_and_range(hand_data):
    hand_data["systems"][0]["incidents"]["S1"]["rate_per_year"] = -1
    (message,) = _problems(hand_data)
    assert message.startswith("systems[0].incidents.S1.rate_per_year:")
    assert "[0, 100000]" in message and "got -1" in message


def test_missing_field(hand_data):
    del hand_data["systems"][0]["downtime_cost_per_hour"]
    assert _problems(hand_data) == ["systems[0].downtime_cost_per_hour: is required"]


def test_wrong_type(hand_data):
    hand_data["team"]["levels"][0]["headcount"] = "five"
    (message,) = _problems(hand_data)
    assert message.startswith("team.levels[0].headcount:")
    assert "number" in message and '"five"' in message


def test_unknown_field_lists_the_allowed_ones(hand_data):
    hand_data["contract"]["monthly_fees"] = 3
    (message,) = _problems(hand_data)
    assert message.startswith("contract.monthly_fees: is not a known field")
    assert "monthly_fee" in message


def test_all_errors_reported_at_once(hand_data):
    hand_data["systems"][0]["kind"] = "mainframe"
    hand_data["finance"]["horizon_years"] = 0
    hand_data["contract"]["terms"]["S1"]["p_response"] = 1.5
    messages = _problems(hand_data)
    assert len(messages) == 3
    paths = {m.split(":")[0] for m in messages}
    assert paths == {"systems[0].kind", "finance.horizon_years", "contract.terms.S1.p_response"}
    assert any("[1, 30]" in m for m in messages)
    assert any("(0, 1)" in m for m in messages)


def test_cross_field_rules(hand_data):
    hand_data["contract"]["terms"]["S2"]["resolution_hours"] = 2
    hand_data["hybrid"]["per_system"] = {"Nope": {"recovery": "in_house"}}
    messages = _problems(hand_data)
    assert any(m.startswith("contract.terms.S2:") and "resolution_hours" in m for m in messages)


def test_unknown_system_in_hybrid_split(hand_data):
    hand_data["hybrid"]["per_system"] = {"Nope": {"recovery": "in_house"}}
    (message,) = _problems(hand_data)
    assert "hybrid.per_system names unknown systems: Nope" in message


def test_duplicate_system_names(hand_data):
    hand_data["systems"].append(dict(hand_data["systems"][0]))
    (message,) = _problems(hand_data)
    assert "repeated: App" in message


def test_malformed_json():
    (message,) = _problems(b'{"name": "x",\n "systems": [}')
    assert message.startswith("malformed JSON at line 2, column")


def test_non_utf8_file(tmp_path):
    path = tmp_path / "sjis.json"
    path.write_bytes('{"name": "保守"}'.encode("cp932"))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert "not UTF-8" in info.value.messages[0]
    assert str(path) in str(info.value)


def test_utf8_bom_is_accepted(hand_data):
    raw = b"\xef\xbb\xbf" + json.dumps(hand_data, ensure_ascii=False).encode()
    assert parse_scenario(raw).name == "Hand-computed"


def test_top_level_must_be_an_object():
    assert _problems(b"[1, 2]") == ["the top level must be a JSON object {...}"]


def test_deep_nesting_is_refused():
    raw = ("[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5)).encode()
    assert "nested too deeply" in _problems(raw)[0]


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path / "absent.json")


def test_coverage_window_rules(hand_data):
    hand_data["team"]["coverage"] = {"mode": "business_hours", "start": "18:00", "end": "09:00"}
    (message,) = _problems(hand_data)
    assert message.startswith("team.coverage:") and "end must be later than start" in message
    hand_data["team"]["coverage"] = {"mode": "business_hours", "start": "09:10", "end": "18:00"}
    assert "15-minute" in _problems(hand_data)[0]
