"""Calibrate a scenario from an incident history: incident rates and repair-time distributions.

* Repair times: the best fit (lowest AIC) per severity, of resolved − acknowledged when the
  export has acknowledgements (hands-on repair after the response), else resolved − opened
  (which also holds detection and waiting, so it overstates repair; the notes say so).
* Rates: per system and severity where the history's system names match the scenario's
  (case-insensitively); otherwise the history's total per severity, shared over the scenario's
  systems in proportion to their current rates (evenly where they have none).
"""

from __future__ import annotations

import math

from scipy import special

from estimators.history.analysis import arrival_rates, fit_groups, fit_start
from estimators.history.fitting import RestoreFit
from estimators.history.normalise import IncidentHistory
from estimators.scenario import RepairTime, Scenario, Severity
from estimators.text import Text

__all__ = ["calibrate", "repair_time_of"]


def repair_time_of(fit: RestoreFit) -> RepairTime:
    """The scenario's median-parameterised repair time for a fitted scipy family."""
    p = fit.parameters
    if fit.distribution == "lognorm":
        return RepairTime(distribution="lognormal", median_hours=_median(p["scale"]),
                          sigma=min(max(p["s"], 1e-3), 5.0))
    if fit.distribution == "expon":
        return RepairTime(distribution="exponential",
                          median_hours=_median(p["scale"] * math.log(2)))
    if fit.distribution == "weibull_min":
        shape = min(max(p["c"], 1e-3), 50.0)
        return RepairTime(distribution="weibull", shape=shape,
                          median_hours=_median(p["scale"] * math.log(2) ** (1 / shape)))
    shape = min(max(p["a"], 1e-3), 50.0)
    return RepairTime(distribution="gamma", shape=shape,
                      median_hours=_median(p["scale"] * float(special.gammaincinv(shape, 0.5))))


def _median(hours: float) -> float:
    return min(max(hours, 1e-4), 10_000.0)


def calibrate(scenario: Scenario, history: IncidentHistory) -> tuple[Scenario, list[str]]:
    """A validated copy of ``scenario`` with rates and repair times from ``history``; notes."""
    notes: list[str] = []
    start = fit_start(history)
    if start == "opened":
        notes.append(Text("the export has no acknowledgement times: repair times are fitted on "
                          "the whole time to restore, which includes detection and waiting"))
    fits = fit_groups(history, "severity", start=start)
    repairs: dict[str, RepairTime] = {}
    for sev in Severity:
        candidates, fit_notes = fits.get(sev.value, ([], []))
        if candidates:
            repairs[sev.value] = repair_time_of(candidates[0])
            notes.append(Text("{sev}: repair time {family} (median {median:.2f} h)",
                              sev=sev.value, family=candidates[0].distribution,
                              median=candidates[0].median_hours))
        else:
            notes.append(Text("{sev}: repair time kept ({why})", sev=sev.value,
                              why="; ".join(fit_notes) or Text("no data")))

    rates = arrival_rates(history, ("system", "severity"))
    by_name = {s.name.casefold(): s.name for s in scenario.systems}
    matched = rates[rates["system"].astype(str).str.casefold().isin(by_name)]
    data = scenario.model_dump(mode="json")
    if not matched.empty:
        for row in matched.itertuples():
            name = by_name[str(row.system).casefold()]
            system = next(s for s in data["systems"] if s["name"] == name)
            profile = system["incidents"].setdefault(row.severity, {
                "rate_per_year": 0.0, "repair": RepairTime(median_hours=1.0).model_dump()})
            profile["rate_per_year"] = float(row.rate_per_year)
        notes.append(Text("rates set per system for {n} matching system name(s)",
                          n=matched["system"].nunique()))
    else:
        totals = rates.groupby("severity")["rate_per_year"].sum()
        for sev, total in totals.items():
            current = [s["incidents"].get(sev, {}).get("rate_per_year", 0.0)
                       for s in data["systems"]]
            weights = current if sum(current) > 0 else [1.0] * len(current)
            for system, weight in zip(data["systems"], weights, strict=True):
                profile = system["incidents"].setdefault(sev, {
                    "rate_per_year": 0.0, "repair": RepairTime(median_hours=1.0).model_dump()})
                profile["rate_per_year"] = float(total * weight / sum(weights))
        notes.append(Text("no system names match the scenario: the history's rate per severity "
                          "is shared over the scenario's systems in proportion to their current "
                          "rates"))
    for system in data["systems"]:
        for sev, repair in repairs.items():
            if sev in system["incidents"]:
                system["incidents"][sev]["repair"] = repair.model_dump(mode="json")
    span = float(rates["span_years"].max()) if not rates.empty else 0.0
    if span < 0.25:
        notes.append(Text("the history spans only {days:.0f} days: rates per year are rough",
                          days=span * 365))
    return Scenario.model_validate(data), notes
