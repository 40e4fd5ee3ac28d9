"""Calibrate a scenario from an incident history: first what would change, then the copy.

:func:`calibration_preview` checks the history's span and volume against the scenario and
decides, per system and severity, what happens to the incident rate (incidents a year) and the
repair time (hours) — a :class:`~estimators.history.plan.CalibrationPlan`, which an interface
shows before anything is applied. :func:`calibrate` applies it. The rules (docs/model.md §19,
"Calibration"):

* **Repair times**: the best fit (lowest AIC) per severity, of resolved − acknowledged when more
  than half the incidents record an acknowledgement, else of resolved − opened (which also holds
  detection and waiting, so it overstates repair; a finding says so). A severity needs
  :data:`~estimators.history.fitting.MIN_POINTS` resolved incidents, the fitting code's minimum.
  Where system names match, the fit is of the matched systems' incidents and applies to them
  only; otherwise it is of every incident and applies to every system.
* **Rates**: per system and severity where the history's system names match the scenario's
  (case-insensitively); otherwise the history's total per severity, shared over the scenario's
  systems in proportion to their current rates (evenly where they have none). A rate is used
  only when the history spans at least :data:`MIN_SPAN_DAYS` days and at least
  :data:`MIN_INCIDENTS` incidents stand behind it; otherwise the scenario keeps its own.
* **Mismatch**: a rate or a mean repair time more than :data:`MISMATCH_FACTOR` times the
  scenario's (or less than its tenth) is applied only once the user confirms it.
"""

from __future__ import annotations

import math

from scipy import special, stats

from estimators.history.analysis import (
    arrival_rates,
    fit_groups,
    fit_start,
    observation_span_hours,
    restore_durations,
)
from estimators.history.fitting import MIN_POINTS, ROUGH_BELOW, RestoreFit
from estimators.history.normalise import IncidentHistory
from estimators.history.plan import CalibrationPlan, Decision, Finding, PlanRow
from estimators.scenario import SEVERITIES, IncidentProfile, RepairTime, Scenario

__all__ = ["MAX_RATE", "MIN_INCIDENTS", "MIN_SPAN_DAYS", "MISMATCH_FACTOR", "RATE_PRECISION",
           "calibrate", "calibration_preview", "repair_time_of"]

Z95 = float(stats.norm.ppf(0.975))
RATE_PRECISION = 0.5
"""Widest relative 95 % half-width of a rate that may replace the scenario's (±50 %)."""
MIN_INCIDENTS = math.ceil((Z95 / RATE_PRECISION) ** 2)
"""Fewest incidents behind a rate: n events give λ̂ = n/T with relative 95 % half-width
≈ 1.96/√n, within ±50 % from n = 16 (docs/model.md §19)."""
MIN_SPAN_DAYS = 30.0
"""Shortest history whose rates are annualised: every weekday four times, a month-end, and four
weekly counts for the dispersion test (docs/model.md §19)."""
MISMATCH_FACTOR = 10.0
"""A history's rate or mean repair time this many times the scenario's (or less than its
tenth) needs the user's confirmation: far beyond sampling error (docs/model.md §19)."""
MAX_RATE = next(m.le for m in IncidentProfile.model_fields["rate_per_year"].metadata
                if getattr(m, "le", None) is not None)
"""The largest rate a scenario accepts, incidents a year."""

_Cell = tuple[float, int]  # a history rate (incidents a year) and the incidents behind it


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


def calibration_preview(scenario: Scenario, history: IncidentHistory) -> CalibrationPlan:
    """What calibrating ``scenario`` from ``history`` would change, and why (nothing changes).

    One row per system and severity the scenario has or the history would add, in scenario
    order; findings about the whole history (span, volume, how repair times were measured, how
    systems were matched). See the module docstring for the rules.
    """
    span_days = observation_span_hours(history) / 24.0
    cells, matched = _history_rates(scenario, history)
    covered = _covered(scenario, history) if matched else history
    start = fit_start(covered)
    repairs = _repair_fits(covered, start)
    rows = []
    for system in scenario.systems:
        for sev in SEVERITIES:
            profile = system.incidents.get(sev)
            cell = cells.get((system.name, sev.value))
            if profile is None and (cell is None or cell[0] == 0):
                continue
            old_rate = profile.rate_per_year if profile else 0.0
            rate, rate_findings = _rate_decision(old_rate, cell, span_days)
            old_repair = profile.repair if profile else None
            new_repair, fit_findings = repairs[sev.value] if cell is not None else (None, ())
            repair, repair_findings = _repair_decision(old_repair, new_repair)
            rows.append(PlanRow(
                system=system.name, severity=sev.value, old_rate=old_rate,
                new_rate=None if cell is None else cell[0],
                incidents=0 if cell is None else cell[1], rate=rate, old_repair=old_repair,
                new_repair=new_repair, repair=repair,
                findings=(*rate_findings, *fit_findings, *repair_findings)))
    return CalibrationPlan(tuple(rows), _history_findings(scenario, rows, start, span_days,
                                                          matched), span_days, start)


def calibrate(scenario: Scenario, history: IncidentHistory, *,
              confirmed: bool = False) -> tuple[Scenario, CalibrationPlan]:
    """The calibrated copy of ``scenario`` and the plan behind it.

    Figures decided ``confirm`` (a mismatch beyond :data:`MISMATCH_FACTOR`) are applied only when
    ``confirmed``; refused ones never are.
    """
    plan = calibration_preview(scenario, history)
    return plan.apply(scenario, confirmed), plan


def _beyond(new: float, old: float) -> bool:
    """Whether ``new`` is more than :data:`MISMATCH_FACTOR` times ``old``, or under its tenth."""
    if old <= 0:
        return new > 0
    return not 1.0 / MISMATCH_FACTOR <= new / old <= MISMATCH_FACTOR


def _rate_decision(old: float, cell: _Cell | None, span_days: float
                   ) -> tuple[Decision, list[Finding]]:
    """Use, confirm or keep the history's rate for one system and severity, and why."""
    if cell is None:
        return Decision.keep, [Finding("system_not_in_history")]
    new, n = cell
    if span_days < MIN_SPAN_DAYS:
        return Decision.keep, [Finding("span_too_short", {"days": span_days,
                                                           "min_days": MIN_SPAN_DAYS})]
    if n < MIN_INCIDENTS:
        return Decision.keep, [Finding("too_few_incidents", {
            "n": n, "min_n": MIN_INCIDENTS, "precision": RATE_PRECISION})]
    if new > MAX_RATE:
        return Decision.keep, [Finding("rate_out_of_range", {"rate": new, "limit": MAX_RATE})]
    if _beyond(new, old):
        if old <= 0:
            return Decision.confirm, [Finding("rate_where_none", {"rate": new})]
        return Decision.confirm, [Finding("rate_mismatch", {
            "old": old, "new": new, "ratio": new / old, "factor": MISMATCH_FACTOR})]
    return Decision.use, []


def _repair_decision(old: RepairTime | None, new: RepairTime | None
                     ) -> tuple[Decision, list[Finding]]:
    """Use, confirm or keep the severity's fitted repair time for one system, and why."""
    if new is None:
        return Decision.keep, []
    if old is not None and _beyond(new.mean_hours, old.mean_hours):
        return Decision.confirm, [Finding("repair_mismatch", {
            "old": old.mean_hours, "new": new.mean_hours,
            "ratio": new.mean_hours / old.mean_hours, "factor": MISMATCH_FACTOR})]
    return Decision.use, []


def _repair_fits(history: IncidentHistory, start: str
                 ) -> dict[str, tuple[RepairTime | None, tuple[Finding, ...]]]:
    """Per severity: the best fit as a scenario repair time (None without one), and findings."""
    fits = fit_groups(history, "severity", start=start)
    out = {}
    for sev in SEVERITIES:
        candidates, _ = fits.get(sev.value, ([], []))
        if candidates:
            best = candidates[0]
            resolved = best.n - best.censored
            rough = (Finding("few_resolved", {"n": resolved, "rough": ROUGH_BELOW}),) \
                if resolved < ROUGH_BELOW else ()
            out[sev.value] = (repair_time_of(best), rough)
            continue
        resolved = int(restore_durations(history, start, "severity", sev.value).notna().sum())
        finding = (Finding("too_few_resolved", {"n": resolved, "min_n": MIN_POINTS})
                   if resolved < MIN_POINTS else Finding("no_repair_fit"))
        out[sev.value] = (None, (finding,))
    return out


def _covered(scenario: Scenario, history: IncidentHistory) -> IncidentHistory:
    """The history's incidents of the scenario's systems (names matched case-insensitively):
    what repair times are fitted on when names match. Open incidents stay censored at the
    export's latest time."""
    names = {s.name.casefold() for s in scenario.systems}
    d = history.incidents
    keep = d["system"].astype(str).str.casefold().isin(names).to_numpy()
    return IncidentHistory(d.loc[keep].reset_index(drop=True), history.report,
                           latest=history.as_of)


def _history_rates(scenario: Scenario, history: IncidentHistory
                   ) -> tuple[dict[tuple[str, str], _Cell], bool]:
    """The history's rate and incident count per (scenario system, severity), and whether
    they come from matching system names (else the severity totals shared over the systems).

    A cell is missing where the history says nothing about the system; a matched system's
    severity the history never saw is (0, 0).
    """
    table = arrival_rates(history, ("system", "severity"))
    by_name = {s.name.casefold(): s.name for s in scenario.systems}
    table["match"] = table["system"].astype(str).str.casefold().map(by_name)
    matched = table.dropna(subset=["match"])
    cells: dict[tuple[str, str], _Cell] = {}
    if not matched.empty:
        sums = matched.groupby(["match", "severity"])[["rate_per_year", "incidents"]].sum()
        for name in matched["match"].unique():
            for sev in SEVERITIES:
                rate, n = sums.loc[(name, sev.value)] if (name, sev.value) in sums.index \
                    else (0.0, 0)
                cells[(name, sev.value)] = (float(rate), int(n))
        return cells, True
    totals = table.groupby("severity")[["rate_per_year", "incidents"]].sum()
    for sev in SEVERITIES:
        total, n = totals.loc[sev.value] if sev.value in totals.index else (0.0, 0)
        current = [s.incidents[sev].rate_per_year if sev in s.incidents else 0.0
                   for s in scenario.systems]
        weights = current if sum(current) > 0 else [1.0] * len(current)
        for system, weight in zip(scenario.systems, weights, strict=True):
            cells[(system.name, sev.value)] = (float(total) * weight / sum(weights), int(n))
    return cells, False


def _history_findings(scenario: Scenario, rows: list[PlanRow], start: str, span_days: float,
                      matched: bool) -> tuple[Finding, ...]:
    """Findings about the whole history: how repair was measured, its span, how systems were
    matched, and its volume against the scenario's."""
    out = []
    if start == "opened":
        out.append(Finding("no_acknowledgement"))
    if span_days < MIN_SPAN_DAYS:
        out.append(Finding("span_too_short", {"days": span_days, "min_days": MIN_SPAN_DAYS}))
    elif span_days < 365.0:
        out.append(Finding("span_under_a_year", {"days": span_days}))
    if matched:
        names = {r.system for r in rows if r.new_rate is not None}
        out.append(Finding("systems_matched", {"matched": len(names),
                                               "systems": len(scenario.systems)}))
    else:
        out.append(Finding("systems_shared", {"systems": len(scenario.systems)}))
    history = sum(r.new_rate for r in rows if r.new_rate is not None)
    own = sum(r.old_rate for r in rows if r.new_rate is not None)
    if own > 0 and _beyond(history, own):
        out.append(Finding("volume_mismatch", {"history": history, "scenario": own,
                                               "ratio": history / own,
                                               "systems": len(scenario.systems),
                                               "factor": MISMATCH_FACTOR}))
    return tuple(out)
