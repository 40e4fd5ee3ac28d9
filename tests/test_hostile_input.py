"""Property-based tests: any input loads or gets a clear message; nothing else escapes.

Hypothesis generates scenario documents (a sample with one field replaced by a hostile value,
or arbitrary JSON), raw bytes, incident exports, share links and command lines. The property
is always the same: the call returns a result or raises the module's own error, whose message
names the problem; a loaded scenario can be costed; and nothing already saved changes.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from estimators import ScenarioError, compare_strategies, sample_scenario
from estimators.cli import main
from estimators.engine.simulation import SimulationError, simulate
from estimators.history import HistoryError, load_history
from estimators.queueing import UnstableQueueError
from estimators.scenario.library import LibraryError, ScenarioLibrary
from estimators.scenario.loading import parse_scenario
from estimators.scenario.share import unpack_scenario

SAMPLE = sample_scenario("home_delivery_cloud").model_dump(mode="json")
DEEP = "HOSHU_HYPOTHESIS_EXAMPLES" in os.environ
EXAMPLES = int(os.environ.get("HOSHU_HYPOTHESIS_EXAMPLES", "60"))
"""Examples per property: 60 keeps the suite quick and, derandomised, the same on every run (a
red CI always means a change); set the variable for a deep run with fresh random examples."""
FAST = settings(max_examples=EXAMPLES, deadline=None, derandomize=not DEEP,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def _leaves(node, path=()):
    """Every (path, value) leaf of a JSON document."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _leaves(v, (*path, i))
    else:
        yield path, node


LEAVES = [p for p, _ in _leaves(SAMPLE)]
HOSTILE = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=50),
    st.sampled_from(["", "=1+1", "NaN", "-0", "1e999", "９９", "２４x７", "\x00", "0" * 400]),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(),
                                                         max_size=2))


def _replace(document, path, value):
    data = json.loads(json.dumps(document))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


def _dumps(data) -> str:
    return json.dumps(data, allow_nan=True, ensure_ascii=False)


def _assert_clear(error: ScenarioError) -> None:
    assert error.messages, "an error must say what is wrong"
    for message in error.messages:
        assert str(message).strip() and "Traceback" not in str(message)


@FAST
@given(st.sampled_from(LEAVES), HOSTILE)
def test_a_hostile_field_loads_or_is_named(path, value):
    raw = _dumps(_replace(SAMPLE, path, value))
    try:
        scenario = parse_scenario(raw)
    except ScenarioError as error:
        _assert_clear(error)
        # The message points at the field: some key of its path (a value that breaks a rule
        # across fields is reported at the part that holds the rule) or the whole file.
        keys = [str(k) for k in path if not isinstance(k, int)]
        assert any(any(k in str(m) for k in keys) or "top level" in str(m)
                   for m in error.messages), (path, error.messages)
        return
    # Whatever loads can be costed and simulated: finite numbers or a clear refusal.
    try:
        totals = [c.annual_total for c in compare_strategies(scenario).strategies.values()]
    except (UnstableQueueError, ValueError) as error:
        assert str(error)
        return
    assert all(math.isfinite(t) for t in totals)
    for strategy in ("in_house", "outsourced", "hybrid"):
        try:
            result = simulate(scenario, strategy, 20, 0, keep_incidents=False)
        except (UnstableQueueError, SimulationError) as error:
            assert str(error)
            continue
        assert np.isfinite(result.total_cost).all()


json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.text(max_size=10), children, max_size=4), max_leaves=30)


@FAST
@given(json_values)
def test_any_json_document_loads_or_is_refused_clearly(document):
    try:
        parse_scenario(_dumps(document))
    except ScenarioError as error:
        _assert_clear(error)


@FAST
@given(st.binary(max_size=2_000))
def test_any_bytes_are_refused_clearly(raw):
    with pytest.raises(ScenarioError) as info:
        parse_scenario(raw)
    _assert_clear(info.value)


@FAST
@given(st.text(max_size=300))
def test_any_share_link_opens_or_is_refused(code):
    try:
        unpack_scenario(code)
    except ScenarioError as error:
        _assert_clear(error)


cells = st.one_of(st.text(max_size=25), st.sampled_from([
    "2024-01-05 09:30", "05/01/2024 09:30", "2024/13/45 25:61", "?", "", "N/A", "=HYPERLINK()",
    "+1", "-1", "@SUM(A1)", "１２３", "障害", "P1", "critical", "1e309", "-5"]))
HEADERS = ["number", "opened_at", "resolved_at", "priority", "cmdb_ci", "発生日時", "復旧日時",
           "重要度", "created", "x"]


@FAST
@given(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6, unique=True),
       st.lists(st.lists(cells, min_size=6, max_size=6), max_size=25),
       st.sampled_from(["utf-8", "cp932", "utf-8-sig"]), st.sampled_from([",", "\t", ";"]))
def test_any_incident_export_imports_or_is_refused(header, rows, encoding, delimiter):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(r[: len(header)] for r in rows)
    raw = out.getvalue().encode(encoding, errors="replace")
    try:
        history = load_history(raw, name="export.csv")
    except HistoryError as error:
        assert str(error).strip()
        return
    assert history.report.incidents == len(history.incidents)


@FAST
@given(st.binary(max_size=3_000), st.sampled_from(["x.csv", "x.xlsx", "x.parquet", "x.txt"]))
def test_any_upload_is_read_or_refused(raw, name):
    try:
        load_history(raw, name=name)
    except HistoryError as error:
        assert str(error).strip()


@settings(max_examples=max(10, EXAMPLES // 3), deadline=None, derandomize=not DEEP)
@given(st.lists(st.sampled_from([
    "validate", "costs", "simulate", "sensitivity", "breakeven", "optimise", "history",
    "--format", "json", "table", "--trials", "0", "-5", "1e9", "abc", "--param", "x.y",
    "--seed", "--what", "scope", "--low", "--high", "nan", "--between", "in_house"]),
    max_size=7), st.binary(max_size=400))
def test_the_command_line_never_shows_a_traceback(tmp_path_factory, args, content):
    path = tmp_path_factory.mktemp("cli") / "input.json"
    path.write_bytes(content)
    argv = [a if a != "FILE" else str(path) for a in args]
    if argv and argv[0] in ("validate", "costs", "simulate", "sensitivity", "breakeven",
                            "optimise", "history"):
        argv.insert(1, str(path))
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse: usage error, exit status 2
        assert exit_.code in (0, 2)
        return
    assert code in (0, 1)


@settings(max_examples=max(10, EXAMPLES // 2), deadline=None, derandomize=not DEEP)
@given(st.text(max_size=200), json_values)
def test_hostile_saves_leave_saved_versions_unchanged(tmp_path_factory, name, document):
    library = ScenarioLibrary(tmp_path_factory.mktemp("lib") / "library.sqlite3")
    good = sample_scenario("home_delivery_cloud")
    library.save("kept", good)
    before = library.versions("kept")
    try:
        library.save(name, parse_scenario(_dumps(document)))
    except (ScenarioError, LibraryError):
        pass
    try:
        library.save(name, good)
    except LibraryError as error:
        assert str(error).strip()
    assert library.versions("kept") == before
    assert library.load("kept") == good


def test_nan_and_infinity_never_reach_the_model():
    for token in ("NaN", "Infinity", "-Infinity"):
        raw = _dumps(SAMPLE).replace('"included_hours_per_month": 45.0',
                                     f'"included_hours_per_month": {token}')
        with pytest.raises(ScenarioError) as info:
            parse_scenario(raw)
        assert "contract.included_hours_per_month" in str(info.value)
    assert np.isfinite(parse_scenario(_dumps(SAMPLE)).contract.included_hours_per_month)


def test_epoch_times_out_of_range_are_unreadable_rows_not_a_crash():
    # Found by the property above: a time column of numbers, one of them 1e309.
    raw = (b"number,opened_at,resolved_at\n1,1700000000,1700003600\n2,1e309,1700007200\n"
           b"3,1700010000,99999999999999999999\n")
    history = load_history(raw, name="export.csv")
    assert history.report.incidents == 1
    assert sum(history.report.dropped.values()) == 2


@pytest.mark.parametrize(("path", "value", "words"), [
    # Found by the property test: a number where a time of day belongs was read as a UTC
    # timestamp and then compared with a local time.
    (("team", "coverage", "start"), 0, "team.coverage.start: must be a time such as 09:00"),
    # and an unbounded detection delay overflowed the calendar lookup in the simulation.
    (("effects", "detection_minutes", "none"), 1.4e20,
     "effects.detection_minutes.none: must be at most 525600"),
])
def test_values_found_by_the_properties_are_refused(path, value, words):
    with pytest.raises(ScenarioError, match=words.replace(".", r"\.")):
        parse_scenario(_dumps(_replace(SAMPLE, path, value)))


LONG_NUMBER = "9" * 5_000
"""More digits than Python's int-string limit (4,300) converts: ``int()`` raises ValueError."""


def _with_long_number() -> str:
    """The sample's JSON with its horizon a 5,000-digit number (written as text: ``json.dumps``
    itself cannot write such an int)."""
    raw = _dumps(SAMPLE)
    assert raw.count('"horizon_years": 5') == 1
    return raw.replace('"horizon_years": 5', f'"horizon_years": {LONG_NUMBER}')


def _assert_names_the_long_number(error: ScenarioError) -> None:
    assert str(error.messages) == str([
        "finance.horizon_years: must have at most 4,300 digits (allowed range [1, 30]); got a "
        "number with 5,000 digits"])


def test_a_number_too_long_for_python_is_a_field_error():
    with pytest.raises(ScenarioError) as info:
        parse_scenario(_with_long_number())
    _assert_names_the_long_number(info.value)
    with pytest.raises(ScenarioError, match=r"systems\[0\]\.x: must have at most 4,300 digits"):
        parse_scenario('{"systems": [{"x": -' + LONG_NUMBER + "}]}")  # where nothing belongs


def test_a_number_too_long_for_python_in_a_link_is_a_field_error():
    import base64
    import zlib

    packed = base64.urlsafe_b64encode(zlib.compress(_with_long_number().encode(), 9))
    with pytest.raises(ScenarioError) as info:
        unpack_scenario(packed.decode("ascii").rstrip("="))
    _assert_names_the_long_number(info.value)


def test_a_number_too_long_for_python_is_not_imported(tmp_path):
    library = ScenarioLibrary(tmp_path / "library.sqlite3")
    with pytest.raises(ScenarioError) as info:
        library.import_json("long", _with_long_number().encode())
    _assert_names_the_long_number(info.value)
    assert library.names() == []


@pytest.mark.parametrize("command", ["validate", "costs", "simulate"])
def test_a_number_too_long_for_python_on_the_command_line(tmp_path, capsys, command):
    path = tmp_path / "long.json"
    path.write_text(_with_long_number(), encoding="utf-8")
    assert main([command, str(path)]) == 1
    err = capsys.readouterr().err
    assert "finance.horizon_years: must have at most 4,300 digits" in err
    assert "Traceback" not in err
