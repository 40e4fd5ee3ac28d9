"""Edit a scenario through tables and fields, validated in one place.

The editor shows systems, skill levels, contract terms and the hybrid split as tables (the
layout of :mod:`estimators.tables`) and other settings as dotted paths. :func:`edit_scenario`
turns the edited tables back into the scenario model and validates the whole; problems come
back as a :class:`~estimators.loading.ScenarioError` whose messages name the field and range.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
from pydantic import ValidationError

from estimators.scenario import PLANNED_TYPES, WEEKDAYS, Assignment, Coverage, Scenario, Severity
from estimators.scenario.loading import ScenarioError, describe_errors
from estimators.text import Text

__all__ = ["RANGE_COLUMNS", "chosen_edit", "correlation_frame", "edit_scenario", "hybrid_frame",
           "levels_frame", "matrix_from", "parse_window", "ranges_frame", "renamed",
           "symmetrised", "terms_frame", "tiers_frame", "window_text"]

RANGE_COLUMNS = ("path", "label", "unit", "distribution", "low", "mode", "high", "mean", "sd",
                 "median", "sigma")
"""Columns of the uncertain-inputs table (the fields of
:class:`estimators.scenario.ranges.Uncertainty`)."""


def _value(value: object) -> object:
    """Table cells back to JSON values: NaN and empty strings are missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, str) and not value.strip():
        return None
    return value


WINDOW_PATTERN = re.compile(
    r"^\s*(?P<days>[a-z]{3}(?:\s*[-,]\s*[a-z]{3})*)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*"
    r"(?P<end>\d{1,2}:\d{2})\s*$")
"""An impact window typed in a table cell: ``mon-sat 05:00-20:00`` or ``mon,wed,fri 09:00-17:00``
(or ``24x7``)."""


def window_text(coverage: Coverage) -> str:
    """A coverage window as one table cell: ``24x7`` or ``mon-sat 05:00-20:00``."""
    if coverage.mode == "24x7":
        return "24x7"
    days = [WEEKDAYS.index(d) for d in coverage.days]
    days.sort()
    runs, start = [], days[0]
    for prev, day in zip(days, days[1:] + [None], strict=True):
        if day != prev + 1:
            runs.append(WEEKDAYS[start] if start == prev
                        else f"{WEEKDAYS[start]}-{WEEKDAYS[prev]}")
            start = day
    return f"{','.join(runs)} {coverage.start:%H:%M}-{coverage.end:%H:%M}"


def parse_window(text: object, field: str, before: dict | None = None) -> dict:
    """A table cell back to a coverage window (the JSON form); ``before`` is the window it
    replaces, whose holidays are kept. Raises ScenarioError naming ``field`` with an example."""
    value = str(text or "24x7").strip().lower()
    if before is not None and value == window_text(Coverage.model_validate(before)):
        return before  # unchanged: keep every field of the window as it was
    if value in ("24x7", "24/7"):
        return {"mode": "24x7"}
    match = WINDOW_PATTERN.match(value)
    days: list[str] = []
    if match:
        for part in re.split(r"\s*,\s*", match["days"]):
            ends = [d.strip() for d in part.split("-")]
            if any(d not in WEEKDAYS for d in ends):
                match = None
                break
            first, last = WEEKDAYS.index(ends[0]), WEEKDAYS.index(ends[-1])
            days += [WEEKDAYS[k] for k in range(first, last + 1)]
    if not match or not days:
        raise ScenarioError([Text('{field}: write a window as "24x7" or as days and hours '
                                  'such as "mon-sat 05:00-20:00"; got "{value}".',
                                  field=field, value=str(text))], "the edited scenario")
    holidays = (before or {}).get("holidays_per_year", 0) if (before or {}).get(
        "mode") == "business_hours" else 0
    return {"mode": "business_hours", "days": list(dict.fromkeys(days)),
            "start": match["start"].zfill(5), "end": match["end"].zfill(5),
            "holidays_per_year": holidays}


def renamed(old_names: list[str], new_names: list[object]) -> dict[str, str]:
    """Rows renamed in an edited table: ``{old name: new name}`` for each row whose position
    held an item of another name that no row keeps (tables keep their rows in order and add
    new ones at the end)."""
    kept = set(new_names)
    return {old: str(new) for old, new in zip(old_names, new_names, strict=False)
            if new is not None and new != old and old not in kept}


def _earlier(rows: list[dict], items: list[dict]) -> list[dict]:
    """For each edited row, the item it edits: the one of its name, else (a renamed row) the one
    at its position; {} for a new row."""
    by_name = {item["name"]: item for item in items}
    moved = renamed([item["name"] for item in items], [row.get("name") for row in rows])
    at = {new: by_name[old] for old, new in moved.items()}
    return [by_name.get(row.get("name")) or at.get(row.get("name")) or {} for row in rows]


def _systems_from(frame: pd.DataFrame, scenario: Scenario | None = None) -> list[dict]:
    """Table rows back to systems. A row named like a system of ``scenario`` (or renamed in
    place) starts from that system, so fields the table does not show (parts by severity, a
    window's holidays) are kept."""
    rows = [{k: _value(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]
    earlier = _earlier(rows, [s.model_dump(mode="json")
                              for s in (scenario.systems if scenario else ())])
    systems = []
    for k, (row, old) in enumerate(zip(rows, earlier, strict=True)):
        incidents = {}
        for sev in Severity:
            rate = row.get(f"{sev.value}_rate_per_year")
            if rate is None or (rate == 0 and sev.value not in old.get("incidents", {})):
                continue  # a severity the system never had stays absent
            incidents[sev.value] = {"rate_per_year": rate, "repair": {
                "distribution": row.get(f"{sev.value}_repair") or "lognormal",
                "median_hours": row.get(f"{sev.value}_median_hours"),
                "sigma": row.get(f"{sev.value}_sigma") or 1.0,
                "shape": row.get(f"{sev.value}_shape") or 1.5}}
        system = old | {
            "name": row.get("name"), "kind": row.get("kind"),
            "criticality": row.get("criticality") or "medium",
            "monitoring": row.get("monitoring") or "basic",
            "downtime_cost_per_hour": row.get("downtime_cost_per_hour"),
            "incidents": incidents,
            "planned_hours_per_year": {k.value: row.get(f"{k.value}_hours_per_year") or 0.0
                                       for k in PLANNED_TYPES},
            "build_cost": row.get("build_cost"),
            "impact_window": parse_window(row.get("impact_window"),
                                          f"systems.{k}.impact_window",
                                          old.get("impact_window")),
            "off_window_cost_factor": _or(row.get("off_window_cost_factor"), 1.0),
            "workaround_hours": row.get("workaround_hours"),
        }
        if row.get("hardware"):
            system["hardware"] = (old.get("hardware") or {}) | {
                "parts_cost_per_year": row.get("parts_cost_per_year") or 0.0,
                "parts_cost_per_incident": row.get("parts_cost_per_incident") or 0.0,
                "onsite_fraction": row.get("onsite_fraction") or 0.0,
                "travel_hours": row.get("travel_hours") or 0.0,
                "spare_units": bool(row.get("spare_units")),
                "swap_hours": _or(row.get("swap_hours"), 1.0)}
        else:
            system["hardware"] = None
        systems.append(system)
    return systems


def _or(value: object, default: object) -> object:
    """``value``, or ``default`` where the cell was left empty (0 is a value)."""
    return default if value is None else value


def levels_frame(scenario: Scenario) -> pd.DataFrame:
    """One row per skill level; the systems a level alone knows are edited beside the table
    (``edit_scenario(experts=...)``), so a row keeps them."""
    return pd.DataFrame([lv.model_dump(exclude={"sole_expert_for"})
                         for lv in scenario.team.levels])


def terms_frame(scenario: Scenario) -> pd.DataFrame:
    return pd.DataFrame([{"severity": sev.value, **t.model_dump()}
                         for sev, t in scenario.contract.terms.items()])


def hybrid_frame(scenario: Scenario) -> pd.DataFrame:
    """Who does what under the hybrid strategy, one row per system (defaults filled in)."""
    return pd.DataFrame([{"system": s.name, **scenario.hybrid.for_system(s.name).model_dump(
        mode="json")} for s in scenario.systems])


def ranges_frame(scenario: Scenario) -> pd.DataFrame:
    """The scenario's uncertain inputs, one row each."""
    rows = [u.model_dump() for u in scenario.uncertainty.inputs]
    return pd.DataFrame(rows, columns=list(RANGE_COLUMNS)).astype(
        {c: "float64" for c in RANGE_COLUMNS[4:]})


def correlation_frame(scenario: Scenario) -> pd.DataFrame:
    """The rank-correlation matrix labelled by input path (identity when none is set)."""
    paths = [u.path for u in scenario.uncertainty.inputs]
    return pd.DataFrame(scenario.uncertainty.correlation(), index=paths, columns=paths)


def matrix_from(correlation: pd.DataFrame | None, paths: list[str]) -> list[list[float]]:
    """A matrix for ``paths`` from an edited one: entries of inputs it knows, else 0 (1 on the
    diagonal). Inputs added or removed in the ranges table keep the others' correlations."""
    out = [[1.0 if i == j else 0.0 for j in range(len(paths))] for i in range(len(paths))]
    if correlation is None:
        return out
    known = {str(p): k for k, p in enumerate(correlation.index)}
    values = correlation.to_numpy(dtype=float)
    for i, a in enumerate(paths):
        for j, b in enumerate(paths):
            if i != j and a in known and b in known:
                out[i][j] = float(values[known[a], known[b]])
    return out


def symmetrised(edited: pd.DataFrame, start: pd.DataFrame) -> pd.DataFrame:
    """An edited correlation table with each changed cell mirrored across the diagonal.

    A user types a correlation once; where only one of (i, j) and (j, i) changed from
    ``start``, both take the new value (where both changed, they are left for the check).
    """
    a, b = edited.to_numpy(dtype=float).copy(), start.to_numpy(dtype=float)
    changed = a != b
    typed_opposite = (changed & ~changed.T).T  # (i, j) unchanged, but (j, i) was typed
    return pd.DataFrame(np.where(typed_opposite, a.T, a), index=edited.index,
                        columns=edited.columns)


TIER_COLUMNS = ("name", "monthly_fee", "included_hours_per_month", "overage_rate", "coverage",
                "repair_time_multiplier", "onsite_response_hours", "notes")
"""Columns of the vendor-tiers table; ``coverage`` is "", "24x7" or "business_hours"."""


def tiers_frame(scenario: Scenario) -> pd.DataFrame:
    """The vendor's other contract options, one row each (per-severity terms stay in JSON)."""
    rows = [{**tier.model_dump(mode="json", exclude={"terms", "coverage"}),
             "coverage": tier.coverage.mode if tier.coverage else ""}
            for tier in scenario.vendor_tiers]
    return pd.DataFrame(rows, columns=list(TIER_COLUMNS)).astype(
        {c: "float64" for c in TIER_COLUMNS if c not in ("name", "coverage", "notes")})


def _tiers_from(scenario: Scenario, frame: pd.DataFrame) -> list[dict]:
    """Table rows back to tiers; a row named like an existing tier keeps its terms and window."""
    before = {t.name: t for t in scenario.vendor_tiers}
    tiers = []
    for row in frame.to_dict(orient="records"):
        row = {k: _value(v) for k, v in row.items()}
        if not any(row.values()):
            continue
        old = before.get(row.get("name"))
        mode = row.pop("coverage", None)
        if mode is None:
            coverage = None
        elif old is not None and old.coverage is not None and old.coverage.mode == mode:
            coverage = old.coverage.model_dump(mode="json")
        elif mode == "business_hours":
            coverage = scenario.contract.coverage.model_dump(mode="json") | {"mode": mode}
        else:
            coverage = {"mode": mode}
        tier = {k: v for k, v in row.items() if v is not None}
        tier["coverage"] = coverage
        tier["terms"] = old.model_dump(mode="json")["terms"] if old else {}
        tiers.append(tier)
    return tiers


def edit_scenario(scenario: Scenario, *, systems: pd.DataFrame | None = None,
                  levels: pd.DataFrame | None = None, terms: pd.DataFrame | None = None,
                  hybrid: pd.DataFrame | None = None,
                  ranges: pd.DataFrame | None = None, correlation: pd.DataFrame | None = None,
                  tiers: pd.DataFrame | None = None,
                  fields: dict[str, object] | None = None,
                  experts: dict[str, list[str]] | None = None) -> Scenario:
    """The scenario with edited tables and dotted-path fields, validated as a whole;
    ``experts`` gives, by skill level name, the systems only that level knows."""
    data = scenario.model_dump(mode="json")
    names = [system.name for system in scenario.systems]
    if systems is not None:
        data["systems"] = _systems_from(systems, scenario)
    moved = renamed(names, [system.get("name") for system in data["systems"]])
    level_names = [level.name for level in scenario.team.levels]
    if levels is not None:
        rows = [{k: _value(v) for k, v in row.items()}
                for row in levels.to_dict(orient="records")]
        earlier = _earlier(rows, data["team"]["levels"])
        data["team"]["levels"] = [{"sole_expert_for": old.get("sole_expert_for", [])} | row
                                  for row, old in zip(rows, earlier, strict=True)]
    levels_moved = renamed(level_names, [level.get("name") for level in data["team"]["levels"]])
    by_new_name = {levels_moved.get(k, k): v for k, v in (experts or {}).items()}
    for level in data["team"]["levels"]:
        if level.get("name") in by_new_name:
            level["sole_expert_for"] = list(by_new_name[level["name"]])
        # A system renamed in the table keeps its sole experts.
        level["sole_expert_for"] = [moved.get(n, n) for n in level.get("sole_expert_for", [])]
    if terms is not None:
        data["contract"]["terms"] = {
            row["severity"]: {k: _value(v) for k, v in row.items() if k != "severity"}
            for row in terms.to_dict(orient="records") if _value(row.get("severity"))}
    if hybrid is not None:
        default = Assignment.model_validate(data["hybrid"]["default"]).model_dump(mode="json")
        data["hybrid"]["per_system"] = {
            moved.get(row["system"], row["system"]): {
                k: v for k, v in row.items() if k != "system" and v != default[k]}
            for row in hybrid.to_dict(orient="records")}
        data["hybrid"]["per_system"] = {k: v for k, v in data["hybrid"]["per_system"].items()
                                        if v}
    if tiers is not None:
        data["vendor_tiers"] = _tiers_from(scenario, tiers)
    if ranges is not None:
        inputs = [{k: _value(v) for k, v in row.items() if _value(v) is not None}
                  for row in ranges.to_dict(orient="records")]
        inputs = [row for row in inputs if row]
        paths = [str(row.get("path", "")) for row in inputs]
        matrix = matrix_from(correlation, paths)
        identity = all(matrix[i][j] == (i == j) for i in range(len(paths))
                       for j in range(len(paths)))
        data["uncertainty"] = {"inputs": inputs,
                               "rank_correlation": None if identity else matrix}
    for path, value in (fields or {}).items():
        node = data
        keys = path.split(".")
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = _value(value)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(describe_errors(exc, Scenario), "the edited scenario") from None


def chosen_edit(saved: Scenario, from_tables: Scenario, raw_json: str) -> Scenario:
    """The edit to save: the JSON tab's text when it was changed, else the other tabs' edit.

    Raises ScenarioError when both were changed (one would silently win) or the JSON is not a
    valid scenario.
    """
    from estimators.scenario.loading import parse_scenario, read_json

    before = saved.model_dump(mode="json")
    if read_json(raw_json, source="the JSON tab") == before:
        return from_tables
    if from_tables.model_dump(mode="json") != before:
        raise ScenarioError([Text("The JSON tab and the other tabs were both changed: save one "
                                  "of them at a time (reload the page to drop the other's "
                                  "changes).")], "the edited scenario")
    return parse_scenario(raw_json, source="the JSON tab")
