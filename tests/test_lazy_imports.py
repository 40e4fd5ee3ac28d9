"""The public API is imported lazily (PEP 562), and the light commands stay light: ``import
estimators``, ``validate`` and ``costs`` import none of scipy.stats, pandas, plotly, SALib or
Streamlit (issue 16: the command line starts at once)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import estimators
import estimators.history

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "data/scenarios/home_delivery_cloud.json"
HEAVY = ("scipy.stats", "scipy.optimize", "pandas", "pyarrow", "plotly", "SALib", "streamlit",
         "openpyxl")


def imported_by(code: str) -> set[str]:
    """Top modules and scipy's subpackages in ``sys.modules`` after ``code`` runs in a fresh
    interpreter on this checkout (its standard output is discarded)."""
    probe = (f"import contextlib, io, json, sys\n"
             f"with contextlib.redirect_stdout(io.StringIO()):\n"
             f"    exec({code!r})\n"
             f"names = {{'.'.join(m.split('.')[:2]) for m in sys.modules}}\n"
             f"print(json.dumps(sorted(names)))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return set(json.loads(out))


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules for h in HEAVY if m == h or m.startswith(h + "."))


@pytest.mark.parametrize("package", [estimators, estimators.history],
                         ids=["estimators", "estimators.history"])
def test_every_public_name_resolves(package):
    for name in package.__all__:
        value = getattr(package, name)
        assert value is not None, name
        assert name in dir(package)
    namespace: dict[str, object] = {}
    exec(f"from {package.__name__} import *", namespace)  # noqa: S102 - the star import itself
    assert set(package.__all__) <= set(namespace)


def test_names_are_the_defining_modules_objects():
    from estimators.costs.expected import compare_strategies
    from estimators.engine.simulation import simulate
    from estimators.scenario.loading import load_scenario

    assert estimators.compare_strategies is compare_strategies
    assert estimators.simulate is simulate
    assert estimators.load_scenario is load_scenario
    from estimators import Scenario, Strategy  # the from-import form too

    assert Strategy("in_house").value == "in_house"
    assert Scenario.__name__ == "Scenario"


def test_subpackages_and_unknown_names():
    assert estimators.engine.__name__ == "estimators.engine"
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        estimators.no_such_name  # noqa: B018
    assert not hasattr(estimators, "no_such_name")


def test_a_submodule_never_hides_the_public_name_it_shares():
    # A fresh interpreter: the submodule estimators.history.normalise imported before the
    # function estimators.history.normalise is first asked for (as the history page does).
    imported_by("import importlib\n"
                "m = importlib.import_module('estimators.history.normalise')\n"
                "import estimators.history as h\n"
                "from estimators.history import normalise\n"
                "assert normalise is m.normalise is h.normalise and callable(normalise)\n"
                "import estimators.history.presets\n"
                "assert h.presets is __import__('sys').modules['estimators.history.presets']")


def test_import_estimators_is_light():
    modules = imported_by("import estimators")
    assert heavy_in(modules) == []
    assert "scipy" not in modules


def test_validate_imports_neither_scipy_nor_pandas():
    modules = imported_by(f"from estimators.cli import main; "
                          f"assert main(['validate', {SAMPLE!r}]) == 0")
    assert heavy_in(modules) == []
    assert "scipy" not in modules  # numpy and pydantic are all it needs


def test_costs_imports_neither_scipy_nor_pandas():
    modules = imported_by(f"from estimators.cli import main; "
                          f"assert main(['costs', {SAMPLE!r}]) == 0")
    assert heavy_in(modules) == []
    # Every repair time of the sample is lognormal: Φ⁻¹ and the Poisson functions are numpy's.
    assert "scipy" not in modules


def test_simulate_imports_neither_scipy_stats_nor_pandas():
    modules = imported_by("from estimators.cli import main; "
                          "assert main(['simulate', 'benchmarks/startup_24x7.json', "
                          "'--trials', '50', '--strategy', 'in_house']) == 0")
    assert heavy_in(modules) == []
