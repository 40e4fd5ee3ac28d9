"""Executors: the same sweep gives the same numbers in-process, on local processes and on Dask."""

import pytest

from estimators import sample_scenario
from estimators.decisions.breakeven import breakeven_map
from estimators.decisions.executor import (
    DaskExecutor,
    LocalProcesses,
    SerialExecutor,
    executor_from,
)
from estimators.decisions.sensitivity import tornado


def _bars(executor):
    scenario = sample_scenario("home_delivery_cloud")
    return [b.to_dict() for b in tornado(scenario, executor=executor)]


def test_local_processes_give_the_serial_answer():
    pool = LocalProcesses(2, min_items=0)
    try:
        assert _bars(pool) == _bars(SerialExecutor())
        scenario = sample_scenario("home_delivery_cloud")
        args = (scenario, "contract.monthly_fee", (1e5, 3e6), "team.levels.0.annual_loaded_cost",
                (4e6, 9e6), 4)
        a = breakeven_map(*args, executor=pool)
        b = breakeven_map(*args, executor=SerialExecutor())
        for x, y in zip(a, b, strict=True):
            assert (x == y).all()
    finally:
        pool.close()


def test_dask_cluster_gives_the_serial_answer():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        assert _bars(DaskExecutor(client)) == _bars(SerialExecutor())


@pytest.mark.parametrize(("setting", "kind"), [
    (None, LocalProcesses), ("local", LocalProcesses), ("serial", SerialExecutor),
])
def test_settings_name_an_executor(setting, kind):
    assert isinstance(executor_from(setting), kind)
    assert executor_from("local:3").workers == 3


@pytest.mark.parametrize("setting", ["local:0", "local:x", "cluster"])
def test_bad_settings_say_what_is_allowed(setting):
    with pytest.raises(ValueError, match="local"):
        executor_from(setting)
