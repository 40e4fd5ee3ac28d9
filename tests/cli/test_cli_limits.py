"""The command line refuses what would hang it or run away (issue 17 §5): devices, FIFOs and
folders as input files, non-finite or out-of-range numbers, an unreachable Dask scheduler."""

from __future__ import annotations

import argparse
import math
import os
import socket
import subprocess
import sys
import time

import pytest

from estimators import sample_paths
from estimators.cli import main
from estimators.cli.parser import Number, build_parser

SAMPLE = str(sample_paths()["home_delivery_cloud"])
FILE_COMMANDS = ("validate", "costs", "history")


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "estimators", *args], capture_output=True,
                          text=True, timeout=timeout)


# ---------------------------------------------------------------- what is not a regular file
@pytest.mark.parametrize("command", FILE_COMMANDS)
@pytest.mark.parametrize(("target", "words"), [
    ("/dev/zero", "not a regular file"),  # st_size 0, endless: read whole it was a MemoryError
    ("/dev/urandom", "not a regular file"),
    ("folder", "is a directory"),
])
def test_devices_and_folders_are_refused_at_once(tmp_path, capsys, command, target, words):
    if target.startswith("/dev/") and not os.path.exists(target):
        pytest.skip(f"{target} does not exist here")
    path = str(tmp_path) if target == "folder" else target
    started = time.monotonic()
    assert main([command, path]) == 1
    assert time.monotonic() - started < 5
    err = capsys.readouterr().err
    assert path in err and words in err


@pytest.mark.parametrize("command", FILE_COMMANDS)
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path, command):
    """open() of a FIFO for reading blocks until a writer comes: the file must not be opened."""
    fifo = tmp_path / "scenario.json"
    os.mkfifo(fifo)
    result = run(command, str(fifo), timeout=60)  # the old code never returned
    assert result.returncode == 1
    assert "not a regular file" in result.stderr and str(fifo) in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_oversized_files_are_refused_by_their_limit(tmp_path, capsys):
    from estimators.scenario.loading import MAX_SCENARIO_BYTES

    path = tmp_path / "big.json"
    path.write_bytes(b" " * (MAX_SCENARIO_BYTES + 1))
    assert main(["validate", str(path)]) == 1
    assert f"limit is {MAX_SCENARIO_BYTES:,}" in capsys.readouterr().err


# ---------------------------------------------------------------- every numeric option
def _numeric_options() -> list[tuple[str, argparse.Action, list[str]]]:
    """(command, option, the other arguments it needs) for every option with a ``type``."""
    found = []
    subparsers = next(a for a in build_parser()._actions
                      if isinstance(a, argparse._SubParsersAction))
    for command, parser in subparsers.choices.items():
        required = []
        for action in parser._actions:
            if not action.option_strings and action.dest != "help":
                required.append(SAMPLE)
            elif action.required:
                required += [action.option_strings[0], "x"]
        found += [(command, action, required) for action in parser._actions
                  if action.type is not None]
    return found


NUMERIC = _numeric_options()


def _outside(number: Number) -> list[str]:
    """Values just outside the range at both ends."""
    step = 1 if number.whole else max(1e-6, (number.high - number.low) * 1e-3)
    low = number.low if number.low_open else number.low - step
    high = number.high if number.high_open else number.high + step
    kind = int if number.whole else float
    return [str(kind(low)), str(kind(high))]


def test_every_numeric_option_is_a_checked_number():
    """A new option with ``type=float`` (NaN, infinity, anything) fails here."""
    assert len(NUMERIC) >= 13
    unchecked = [f"{c} {a.option_strings[0]}" for c, a, _ in NUMERIC if not isinstance(a.type,
                                                                                       Number)]
    assert unchecked == []


@pytest.mark.parametrize(("command", "action", "required"), NUMERIC,
                         ids=[f"{c}{a.option_strings[0]}" for c, a, _ in NUMERIC])
def test_non_finite_and_out_of_range_numbers_are_refused(capsys, command, action, required):
    flag = action.option_strings[0]
    for value in ["nan", "inf", "-inf", "NaN", *_outside(action.type)]:
        with pytest.raises(SystemExit) as info:
            main([command, *required, f"{flag}={value}"])
        assert info.value.code == 2, (flag, value)
        err = capsys.readouterr().err
        assert f"argument {flag}: must be" in err and action.type.range in err, (flag, value)
        assert "Traceback" not in err and "pydantic" not in err


def test_numbers_inside_the_range_are_taken():
    for _, action, _ in NUMERIC:
        number = action.type
        inside = number.low + (1 if number.whole else (number.high - number.low) / 2)
        assert number(str(inside)) == inside
        assert math.isfinite(number(str(inside)))


def test_between_needs_two_different_strategies(capsys):
    with pytest.raises(SystemExit) as info:
        main(["breakeven", SAMPLE, "--param", "contract.monthly_fee", "--between", "hybrid",
              "hybrid"])
    assert info.value.code == 2
    assert "argument --between: needs two different strategies" in capsys.readouterr().err


@pytest.mark.parametrize("flags", [["--high", "1e14"], ["--low=-5", "--high", "10"]])
def test_breakeven_range_outside_the_input_is_refused_in_words(capsys, flags):
    code = main(["breakeven", SAMPLE, "--param", "contract.monthly_fee", "--executor", "serial",
                 *flags])
    assert code == 1
    err = capsys.readouterr().err
    assert "contract.monthly_fee allows finite values in [0, 1e+13]" in err
    assert "pydantic" not in err and "Input should be" not in err


# ---------------------------------------------------------------- an unreachable Dask scheduler
def _unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_dask_scheduler_is_a_message_within_seconds(capsys):
    """It was an OSError traceback after 30 s."""
    pytest.importorskip("distributed")
    address = f"tcp://127.0.0.1:{_unused_port()}"
    started = time.monotonic()
    assert main(["sensitivity", SAMPLE, "--executor", address]) == 1
    assert time.monotonic() - started < 15
    assert f"cannot reach the Dask scheduler at {address}" in capsys.readouterr().err
    result = run("breakeven", SAMPLE, "--param", "contract.monthly_fee", "--executor", address)
    assert result.returncode == 1
    assert f"cannot reach the Dask scheduler at {address}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("address", ["tcp://", "tcp://host-without-port", "foo://host:1"])
def test_a_malformed_dask_address_is_refused_before_connecting(capsys, address):
    pytest.importorskip("distributed")
    started = time.monotonic()
    assert main(["optimise", SAMPLE, "--executor", address]) == 1
    assert time.monotonic() - started < 5
    assert "is not a Dask scheduler address" in capsys.readouterr().err
