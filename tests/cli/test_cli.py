"""``python -m estimators``: schema, validate, costs; bad input exits non-zero with the message."""

import json
import subprocess
import sys

import pytest

from estimators import compare_strategies, load_scenario, sample_paths
from estimators.cli import main

SAMPLE = sample_paths()["home_delivery_cloud"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "estimators", *args], capture_output=True,
                          text=True, timeout=60)


def test_schema_is_json_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Scenario"
    assert {"systems", "team", "contract"} <= set(schema["required"])


def test_validate_ok(capsys):
    assert main(["validate", str(SAMPLE)]) == 0
    assert "valid scenario" in capsys.readouterr().out


def test_costs_json_matches_the_model(capsys):
    assert main(["costs", str(SAMPLE), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    expected = compare_strategies(load_scenario(SAMPLE)).to_dict()
    assert data["currency"] == "JPY"
    for name in ("in_house", "outsourced", "hybrid"):
        got = data["strategies"][name]
        assert got["annual_total"] == pytest.approx(expected["strategies"][name]["annual_total"])
        assert got["by_line"] == pytest.approx(expected["strategies"][name]["by_line"])
        assert got["npv"] == pytest.approx(expected["strategies"][name]["npv"])


EXISTING_KEYS = {"annual_total", "by_line", "by_maintenance_type", "by_asset_kind",
                 "horizon_total", "npv", "yearly", "upfront", "outage_hours", "in_house_fte",
                 "warnings"}


def test_costs_json_people_contract(capsys, hand_data, tmp_path):
    """Issue 15 §2: per strategy ``feasible``, ``warnings`` and ``utilisation`` (null where the
    team does no maintenance), every earlier key kept."""
    hand_data["team"]["levels"][0]["headcount"] = 2  # 24x7 needs 5 people: infeasible
    path = tmp_path / "two.json"
    path.write_text(json.dumps(hand_data), encoding="utf-8")
    assert main(["costs", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)["strategies"]
    for block in data.values():
        assert EXISTING_KEYS | {"feasible", "utilisation"} <= set(block)
        assert isinstance(block["feasible"], bool) and isinstance(block["warnings"], list)
    assert data["in_house"]["feasible"] is False
    assert any("infeasible" in w.lower() for w in data["in_house"]["warnings"])
    assert data["outsourced"]["feasible"] is True
    assert data["outsourced"]["utilisation"] is None
    assert data["in_house"]["utilisation"] == pytest.approx(
        (10 * (0.25 + 2.0 + 1.0) + 150) / (2 * 2080 * 1.0))


def test_costs_table_formats_yen(capsys):
    assert main(["costs", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    total = compare_strategies(load_scenario(SAMPLE)).strategies
    assert f"¥{round(total['in_house'].annual_total):,}" in out
    assert "annual total" in out and "." not in out.split("annual total")[1].split("\n")[0]


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"\x00\xff\xfe garbage", "not UTF-8"), (b'{"name": ', "malformed JSON"),
     (b'{"name": "x"}', "systems: is required")],
)
def test_bad_files_exit_non_zero_without_traceback(tmp_path, content, needle):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    for command in ("validate", "costs"):
        result = run(command, str(path))
        assert result.returncode == 1
        assert needle in result.stderr
        assert "Traceback" not in result.stderr + result.stdout


def test_usage_error_exits_2():
    result = run("costs")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_simulate_json_contract(tmp_path, capsys):
    out = tmp_path / "incidents.parquet"
    code = main(["simulate", str(SAMPLE), "--trials", "300", "--seed", "7", "--format", "json",
                 "--strategy", "hybrid", "--out", str(out)])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["trials"] == 300 and data["seed"] == 7
    block = data["strategies"]["hybrid"]
    for key in ("total_cost", "downtime_hours", "time_to_restore_hours", "wait_hours",
                "incidents_per_year"):
        assert set(block[key]) >= {"mean", "mean_se", "p50", "p90", "p95", "p99"}
        assert block[key]["p50"] <= block[key]["p90"] <= block[key]["p95"] <= block[key]["p99"]
    assert block["total_cost_cvar95"] >= block["total_cost"]["p95"]
    assert 0 < block["availability_mean"] <= 1
    assert set(block["p_breach"]) == {"S1", "S2", "S3"}
    assert block["service_credits_mean"] >= 0
    import pandas as pd

    table = pd.read_parquet(out)
    assert len(table) == pytest.approx(block["incidents_per_year"]["mean"] * 300)
    assert set(table["strategy"]) == {"hybrid"}
    restore = table["restored"] - table["occurred"]
    assert (restore - table["time_to_restore_hours"]).abs().max() < 1e-9


def test_simulate_json_has_the_key_person_figures(tmp_path, capsys):
    path = tmp_path / "one_person.json"
    scenario = json.loads(SAMPLE.read_text(encoding="utf-8"))
    scenario["team"]["levels"][0]["sole_expert_for"] = [scenario["systems"][0]["name"]]
    path.write_text(json.dumps(scenario), encoding="utf-8")
    assert main(["simulate", str(path), "--trials", "300", "--seed", "2", "--format", "json",
                 "--strategy", "in_house"]) == 0
    block = json.loads(capsys.readouterr().out)["strategies"]["in_house"]
    days = block["under_strength_days"]
    assert set(days) == {"mean", "mean_se", "p50", "p90", "p95", "p99"}
    assert 0 < days["mean"] <= 365 and days["p50"] <= days["p95"]
    assert 0 < block["under_strength_incident_share"] < 1
    assert 0 <= block["sole_expert_absent_share"] <= block["under_strength_incident_share"]
    assert block["departures_per_year"] >= 0
    assert "time_and_materials" in block["by_line_mean"]


def test_simulate_same_seed_same_json(capsys):
    outputs = []
    for _ in range(2):
        main(["simulate", str(SAMPLE), "--trials", "200", "--seed", "3", "--format", "json"])
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("trials", ["0", "-3", "5000000"])
def test_simulate_bad_trials(trials):
    result = run("simulate", str(SAMPLE), "--trials", trials)
    assert result.returncode == 2  # refused as the command line is read
    assert "argument --trials: must be a whole number in [1, 1,000,000]" in result.stderr
    assert "Traceback" not in result.stderr


def test_simulate_refuses_a_run_over_its_work_budget_unless_allowed(tmp_path, capsys):
    from benchmarks.attack_case import attack_scenario

    path = tmp_path / "attack.json"
    path.write_text(attack_scenario().model_dump_json())
    assert main(["simulate", str(path), "--trials", "1000"]) == 1
    err = capsys.readouterr().err
    assert "would take about" in err and "limit here is 10 min" in err
    assert "--max-seconds" in err
    assert main(["simulate", str(path), "--trials", "100", "--strategy", "outsourced",
                 "--max-seconds", "30"]) == 1  # planned at about 45 s
    capsys.readouterr()
    assert main(["simulate", str(path), "--trials", "1", "--strategy", "outsourced",
                 "--max-seconds", "0", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["trials"] == 1


def test_sensitivity_with_sobol_prints_the_indices_as_json(capsys):
    from estimators.decisions.sobol import sobol_indices

    assert main(["sensitivity", str(SAMPLE), "--sobol", "--base-samples", "32",
                 "--replicates", "2", "--executor", "serial", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"currency", "inputs", "sobol"}
    assert set(data["sobol"]) == {"in_house", "outsourced", "hybrid", "outsourced-in_house",
                                  "hybrid-in_house"}
    direct = sobol_indices(load_scenario(SAMPLE), base_samples=32, replicates=2)
    for measure, indices in direct.items():
        got = data["sobol"][measure.key]
        assert [i["path"] for i in got["inputs"]] == [u.path for u in indices.inputs]
        assert [i["total"] for i in got["inputs"]] == pytest.approx(indices.total.tolist())
        assert got["noise_share"] == pytest.approx(indices.noise_share)


@pytest.mark.parametrize(("what", "keys"), [
    ("scope", {"objective", "pricing", "current", "best", "cells", "savings", "feasible"}),
    ("staffing", {"target_hours", "target_level", "best", "options", "message"}),
    ("tier", {"strategy", "availability_target", "options", "best", "message"}),
    ("preventive", {"hours", "cost", "optimum_hours", "optimum_cost", "current_hours"}),
])
def test_optimise_prints_json(capsys, what, keys):
    assert main(["optimise", str(SAMPLE), "--what", what, "--trials", "300", "--executor",
                 "serial", "--format", "json"]) == 0
    assert keys <= set(json.loads(capsys.readouterr().out))


def test_bad_executor_exits_with_the_allowed_settings(capsys):
    assert main(["sensitivity", str(SAMPLE), "--executor", "cluster"]) == 1
    assert "use serial, local, local:N or a Dask scheduler address" in capsys.readouterr().err


def test_output_cut_short_by_a_pipe_is_not_an_error():
    # The reader closes its end before the command writes (like ``| head`` finishing first).
    process = subprocess.Popen([sys.executable, "-m", "estimators", "schema"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0
    assert b"Traceback" not in err
