"""Incident history: the real ServiceNow export, encodings, dates, collapse, bad input, fits."""

import csv
import io
import json
import math
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from estimators import sample_scenario
from estimators.cli import main
from estimators.history import HistoryError, load_history, reader, severity_of
from estimators.history.analysis import arrival_rates, fit_groups, time_summary
from estimators.history.calibrate import calibrate, repair_time_of
from estimators.history.fitting import fit_restore_times

SERVICENOW = Path(__file__).parents[2] / "data" / "history" / "servicenow_incident_event_log.csv"


def independent_servicenow():
    """Incidents from the raw file with the csv module: first opened, last resolved."""
    opened, resolved = {}, {}
    with SERVICENOW.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = row["number"]
            o = datetime.strptime(row["opened_at"], "%d-%m-%Y %H:%M")
            opened[key] = min(opened.get(key, o), o)
            if row["resolved_at"] != "?":
                r = datetime.strptime(row["resolved_at"], "%d-%m-%Y %H:%M")
                resolved[key] = max(resolved.get(key, r), r)
    hours = [(resolved[k] - opened[k]).total_seconds() / 3600 for k in resolved]
    return opened, resolved, np.array(hours)


def test_servicenow_export():
    history = load_history(SERVICENOW)
    opened, resolved, hours = independent_servicenow()
    report = history.report
    assert report.preset == "servicenow"
    assert report.rows_read == 5998
    assert report.incidents == len(opened) == 890
    assert report.dropped == {}  # every row parsed: parse rate 100 %
    assert report.date_order == "dayfirst"
    assert report.event_rows_collapsed == 5998 - 890
    assert time_summary(history).loc["all", "mttr_hours"] == pytest.approx(hours.mean())
    assert history.incidents["resolved"].isna().sum() == 890 - len(resolved)
    assert set(history.incidents["severity"]) <= {"S1", "S2", "S3"}


def test_servicenow_fits_match_scipy_censored_mle():
    history = load_history(SERVICENOW)
    fits, notes = fit_groups(history, None)["all"]
    assert [f.distribution for f in fits][0] == "lognorm"  # right-skewed, as docs/model.md §19 says
    d = history.incidents
    t = history.restore_hours.dropna().to_numpy()
    t = np.where(t <= 0, 0.5 / 60, t)
    c = ((history.as_of - d.loc[d["resolved"].isna(), "opened"]).dt.total_seconds() / 3600
         ).to_numpy()
    data = stats.CensoredData(uncensored=t, right=c)
    s, _, scale = stats.lognorm.fit(data, floc=0)
    best = fits[0]
    assert best.parameters["s"] == pytest.approx(s, rel=1e-3)
    assert best.parameters["scale"] == pytest.approx(scale, rel=1e-3)
    assert best.censored == len(c) == 29
    loglik = stats.lognorm.logpdf(t, s, 0, scale).sum() + stats.lognorm.logsf(c, s, 0, scale).sum()
    assert best.aic == pytest.approx(2 * 2 - 2 * loglik, rel=1e-6)


@pytest.mark.parametrize("n", [400, 4000])
def test_round_trip_lognormal(n):
    rng = np.random.default_rng(n)
    mu, sigma = 0.7, 1.2
    fits, _ = fit_restore_times(rng.lognormal(mu, sigma, n))
    fit = next(f for f in fits if f.distribution == "lognorm")
    se = fit.standard_errors
    assert abs(fit.parameters["s"] - sigma) < 3 * se["s"]
    assert abs(fit.parameters["scale"] - math.exp(mu)) < 3 * se["scale"]
    # The SEs match the exact large-sample values: sigma / sqrt(2n) for s.
    assert se["s"] == pytest.approx(sigma / math.sqrt(2 * n), rel=0.1)
    assert fits[0].distribution == "lognorm"


def test_round_trip_weibull_with_censoring():
    rng = np.random.default_rng(7)
    k, lam, n = 1.6, 5.0, 3000
    x = lam * rng.weibull(k, n)
    cut = rng.uniform(0, 15, n)  # independent censoring times
    fits, _ = fit_restore_times(x[x <= cut], cut[x > cut])
    fit = next(f for f in fits if f.distribution == "weibull_min")
    assert fit.censored == int((x > cut).sum()) > 100
    assert abs(fit.parameters["c"] - k) < 3 * fit.standard_errors["c"]
    assert abs(fit.parameters["scale"] - lam) < 3 * fit.standard_errors["scale"]
    assert fits[0].distribution == "weibull_min"


def test_few_points_and_degenerate_data_say_so():
    fits, notes = fit_restore_times(np.array([1.0, 2.0]))
    assert fits == [] and "at least 5" in notes[0]
    fits, notes = fit_restore_times(np.full(10, 3.0))
    assert fits == [] and "same time" in notes[0]
    fits, notes = fit_restore_times(np.array([0.0, 0.0, 1.0, 100.0, 1e4, 3.0, 0.01]))
    assert fits and any("zero durations" in n for n in notes)
    assert any("rough" in n for n in notes)


def test_cp932_japanese_headers(tmp_path):
    frame = pd.DataFrame({
        "管理番号": ["A-1", "A-2", "A-3"],
        "システム名": ["配送①", "請求㈱", "配送①"],
        "重要度": ["緊急", "重大", "中"],
        "発生日時": ["2024/04/01 09:15", "2024/04/02 22:40", "2024/04/13 10:00"],
        "復旧日時": ["2024/04/01 11:45", "2024/04/03 01:10", "-"],
    })
    path = tmp_path / "障害一覧.csv"
    path.write_bytes(frame.to_csv(index=False).encode("cp932"))
    history = load_history(path)
    assert history.report.encoding == "cp932"
    assert history.report.mapping["opened"] == "発生日時"
    d = history.incidents
    assert list(d["severity"]) == ["S1", "S2", "S3"]
    assert list(d["system"]) == ["配送①", "請求㈱", "配送①"]
    assert history.restore_hours.iloc[0] == pytest.approx(2.5)
    assert history.restore_hours.iloc[1] == pytest.approx(2.5)
    assert pd.isna(history.restore_hours.iloc[2])  # "-" is missing: still open


def _csv(rows: list[list[str]], header=("id", "opened", "resolved", "priority")) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([list(header), *rows])
    return out.getvalue().encode("utf-8")


def test_date_order_inferred_and_overridden():
    day_first = _csv([["1", "13/04/2024 10:00", "13/04/2024 12:00", "P1"],
                      ["2", "02/05/2024 10:00", "02/05/2024 11:00", "P2"]])
    history = load_history(day_first, name="x.csv")
    assert history.report.date_order == "dayfirst"
    assert history.incidents["opened"].iloc[1] == pd.Timestamp("2024-05-02 10:00")
    month_first = _csv([["1", "04/13/2024 10:00", "04/13/2024 12:00", "P1"],
                        ["2", "05/02/2024 10:00", "05/02/2024 11:00", "P2"]])
    history = load_history(month_first, name="x.csv")
    assert history.report.date_order == "monthfirst"
    assert history.incidents["opened"].iloc[1] == pd.Timestamp("2024-05-02 10:00")
    ambiguous = _csv([["1", "02/05/2024 10:00", "02/05/2024 12:00", "P1"]])
    forced = load_history(ambiguous, name="x.csv", date_order="monthfirst")
    assert forced.incidents["opened"].iloc[0] == pd.Timestamp("2024-02-05 10:00")


def test_report_counts_every_dropped_row():
    rows = [
        ["1", "2024-01-01 10:00", "2024-01-01 12:00", "P1"],
        ["1", "2024-01-01 10:00", "2024-01-01 12:00", "P1"],  # exact duplicate
        ["2", "2024-01-02 10:00", "2024-01-02 09:00", "P2"],  # resolved before opened
        ["3", "not a date", "2024-01-03 10:00", "P3"],  # unparseable
        ["4", "?", "2024-01-03 10:00", "P3"],  # missing opened
        ["5", "2024-01-04 10:00", "N/A", "P3"],  # open
        ["6", "2024-01-05 10:00", "2024-01-05 10:30", "P3"],  # event log: two rows
        ["6", "2024-01-05 10:00", "2024-01-05 11:00", "P3"],
    ]
    history = load_history(_csv(rows), name="x.csv")
    report = history.report
    assert report.rows_read == 8
    assert report.dropped == {"duplicate rows": 1, "unparseable dates": 1, "no opened time": 1,
                              "resolved before opened": 1}
    assert report.incidents == 3 and report.event_rows_collapsed == 1
    six = history.incidents.set_index("id").loc["6"]
    assert six["resolved"] == pd.Timestamp("2024-01-05 11:00")


def test_excel_and_parquet(tmp_path):
    frame = pd.DataFrame({"Issue key": ["OPS-1", "OPS-2"], "Priority": ["Highest", "Low"],
                          "Created": pd.to_datetime(["2024-03-01 08:00", "2024-03-02 09:30"]),
                          "Resolved": pd.to_datetime(["2024-03-01 10:00", "2024-03-02 10:00"])})
    for suffix, write in ((".xlsx", frame.to_excel), (".parquet", frame.to_parquet)):
        path = tmp_path / f"jira{suffix}"
        write(path, index=False)
        history = load_history(path)
        assert history.report.preset == "jira"
        assert list(history.incidents["severity"]) == ["S1", "S3"]
        assert list(history.restore_hours) == pytest.approx([2.0, 0.5])


def test_pagerduty_offsets():
    data = _csv([["7", "2024-02-01T10:00:00Z", "600", "3600", "high"]],
                header=("incident_number", "created_at", "seconds_to_first_ack",
                        "seconds_to_resolve", "urgency"))
    history = load_history(data, name="pd.csv")
    assert history.report.preset == "pagerduty"
    assert history.ack_hours.iloc[0] == pytest.approx(600 / 3600)
    assert history.restore_hours.iloc[0] == pytest.approx(1.0)


@pytest.mark.parametrize(("content", "message"), [
    (b"\x00\x01\x02\xff" * 100, "binary"),
    (b"", "empty"),
    (b"   \n  ", "empty"),
    (b"name,count\nfoo,1\nbar,2\n", "no column for the opened time"),
    (_csv([["1", "garbage", "x", "P1"], ["2", "??", "y", "P2"]]), "no usable incident rows"),
    (b"only one column\nvalue\n", "no column delimiter"),
])
def test_bad_input_gets_a_clear_message(content, message):
    with pytest.raises(HistoryError, match=message):
        load_history(content, name="upload.csv")


def test_missing_opened_column_is_named_by_code_not_by_command_line_syntax():
    import pickle

    with pytest.raises(HistoryError) as info:
        load_history(b"name,count\nfoo,1\nbar,2\n", name="upload.csv")
    error = info.value
    assert error.code == "no_opened_column" and error.values == {"field": "opened"}
    assert "=" not in str(error) and "COLUMN" not in str(error)  # each interface words it
    again = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object, in memory
    assert (again.code, again.values, str(again)) == (error.code, error.values, str(error))


def test_oversized_upload(monkeypatch):
    monkeypatch.setattr(reader, "MAX_HISTORY_BYTES", 100)
    with pytest.raises(HistoryError, match="limit is 100"):
        load_history(b"x" * 101, name="big.csv")


def test_bad_mapping_names_the_columns():
    with pytest.raises(HistoryError, match="not in the file: Nope"):
        load_history(_csv([["1", "2024-01-01 10:00", "", "P1"]]), name="x.csv",
                     mapping={"opened": "Nope"})
    with pytest.raises(HistoryError, match="unknown field"):
        load_history(_csv([["1", "2024-01-01 10:00", "", "P1"]]), name="x.csv",
                     mapping={"start": "opened"})


@pytest.mark.parametrize(("label", "severity"), [
    ("1 - Critical", "S1"), ("2 - High", "S2"), ("3 - Moderate", "S3"), ("4 - Low", "S3"),
    ("P1", "S1"), ("P5", "S3"), ("Disaster", "S1"), ("High", "S2"), ("Average", "S3"),
    ("Highest", "S1"), ("緊急", "S1"), ("重大", "S2"), ("低", "S3"), ("whatever", None),
])
def test_severity_labels(label, severity):
    assert severity_of(label) == severity


def test_arrival_dispersion_check():
    rng = np.random.default_rng(3)
    start = pd.Timestamp("2023-01-01")

    def history_from(counts_per_week):
        times = []
        for week, count in enumerate(counts_per_week):
            times += list(start + pd.to_timedelta(week * 7 * 24 + rng.uniform(0, 168, count),
                                                  unit="h"))
        rows = [[str(i), t.strftime("%Y-%m-%d %H:%M"), "", "P3"] for i, t in enumerate(times)]
        return load_history(_csv(rows), name="x.csv")

    poisson = arrival_rates(history_from(rng.poisson(20, 20)), ("severity",)).iloc[0]
    assert poisson["verdict"] == "consistent with Poisson"
    assert poisson["rate_per_year"] == pytest.approx(20 * 52.18, rel=0.15)
    bursty = arrival_rates(history_from(rng.negative_binomial(2, 2 / 22, 20)),
                           ("severity",)).iloc[0]
    assert bursty["verdict"] == "overdispersed"


def test_calibrate_matching_systems():
    scenario = sample_scenario("home_delivery_cloud")
    rng = np.random.default_rng(5)
    rows = []
    start = pd.Timestamp("2024-01-01")
    for i in range(400):
        opened = start + pd.Timedelta(hours=float(rng.uniform(0, 2 * 8760)))
        hours = float(rng.lognormal(0.3, 0.8))
        system = "delivery routing" if i % 2 else "Billing and collection"
        rows.append([str(i), opened.strftime("%Y-%m-%d %H:%M"),
                     (opened + pd.Timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M"), "P2",
                     system])
    history = load_history(_csv(rows, header=("id", "opened", "resolved", "priority",
                                              "system")), name="x.csv")
    # About 100 incidents a year each, against 6 and 4 in the scenario: beyond the mismatch
    # factor, so they are applied only once confirmed.
    calibrated, plan = calibrate(scenario, history, confirmed=True)
    routing = next(s for s in calibrated.systems if s.name == "Delivery routing")
    assert routing.incidents["S2"].rate_per_year == pytest.approx(100, rel=0.05)
    assert routing.incidents["S2"].repair.distribution == "lognormal"
    assert routing.incidents["S2"].repair.median_hours == pytest.approx(math.exp(0.3), rel=0.1)
    # Unmatched systems and severities keep their rates.
    database = next(s for s in calibrated.systems if s.name == "Customer database")
    assert database.incidents["S1"].rate_per_year == 0.5
    assert plan.has("no_acknowledgement") and plan.has("rate_mismatch")
    unconfirmed, _ = calibrate(scenario, history)
    assert next(s for s in unconfirmed.systems if s.name == "Delivery routing"
                ).incidents["S2"].rate_per_year == 6


@pytest.mark.parametrize("family", ["lognorm", "expon", "weibull_min", "gamma"])
def test_repair_time_conversion_keeps_the_median(family):
    params = {"lognorm": {"s": 0.9, "loc": 0, "scale": 2.0}, "expon": {"loc": 0, "scale": 3.0},
              "weibull_min": {"c": 1.4, "loc": 0, "scale": 2.5},
              "gamma": {"a": 2.2, "loc": 0, "scale": 1.1}}[family]
    fit = fit_restore_times(getattr(stats, family)(**params).rvs(
        size=500, random_state=np.random.default_rng(1)))[0]
    fit = next(f for f in fit if f.distribution == family)
    repair = repair_time_of(fit)
    assert repair.frozen().median() == pytest.approx(fit.median_hours, rel=1e-9)
    assert repair.mean_hours == pytest.approx(fit.mean_hours, rel=1e-9)


def test_cli_history_json_contract(capsys):
    assert main(["history", str(SERVICENOW), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rows_read"] == 5998 and data["incidents"] == 890 and data["dropped"] == {}
    _, _, hours = independent_servicenow()
    assert data["mttr_hours"] == pytest.approx(hours.mean())
    fits = data["restore_fits"]
    assert [f["aic"] for f in fits] == sorted(f["aic"] for f in fits)
    for fit in fits:
        assert {"distribution", "parameters", "aic", "bic", "ks", "median_hours",
                "mean_hours"} <= set(fit)
        assert fit["distribution"] in {"lognorm", "expon", "weibull_min", "gamma"}


def test_cli_history_map_and_errors(tmp_path, capsys):
    path = tmp_path / "x.csv"
    path.write_bytes(_csv([["1", "2024-01-01 10:00", "2024-01-01 12:00", "P1"]],
                          header=("ref", "t0", "t1", "prio")))
    assert main(["history", str(path), "--map", "opened=t0", "--map", "resolved=t1",
                 "--map", "severity=prio", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["mttr_hours"] == pytest.approx(2.0)
    assert main(["history", str(path)]) == 1
    assert "opened=COLUMN" in capsys.readouterr().err
    assert main(["history", str(path), "--map", "opened"]) == 1
    garbage = tmp_path / "g.bin"
    garbage.write_bytes(bytes(range(256)) * 10)
    assert main(["history", str(garbage)]) == 1
    assert "binary" in capsys.readouterr().err


def test_restore_durations_start_where_most_incidents_are_acknowledged():
    from estimators.history.analysis import fit_start, restore_durations

    header = ("id", "opened", "acknowledged", "resolved", "priority")
    rows = [["1", "2024-01-01 10:00", "2024-01-01 10:30", "2024-01-01 12:00", "P1"],
            ["2", "2024-01-02 10:00", "2024-01-02 11:00", "2024-01-02 11:30", "P2"],
            ["3", "2024-01-03 10:00", "", "", "P2"]]
    history = load_history(_csv(rows, header), name="x.csv")
    assert fit_start(history) == "acknowledged"  # two of three acknowledged
    assert list(restore_durations(history, "acknowledged").dropna()) == [1.5, 0.5]
    assert list(restore_durations(history, "opened", "severity", "S2").dropna()) == [1.5]
    assert restore_durations(history, "opened", "severity", "all").count() == 2
    assert len(restore_durations(history, "opened", "severity", "S2")) == 2  # open one: NaN
    rows = [r[:2] + [""] + r[3:] for r in rows[:1]] + rows[1:]  # one of three acknowledged
    assert fit_start(load_history(_csv(rows, header), name="x.csv")) == "opened"
