"""Typed results of a Monte Carlo run: per-trial aggregates, per-incident table, summaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from estimators.calendars.coverage import HOURS_PER_YEAR
from estimators.costs.lines import COST_LINES
from estimators.engine.summary import Precision, SimulationSummary
from estimators.scenario import SEVERITIES, Severity
from estimators.scenario.strategies import Strategy
from estimators.statistics import IncidentSample, cvar, describe, relative_precision
from estimators.text import N_

if TYPE_CHECKING:  # the tally builds the chunks and imports this module
    import pandas as pd

    from estimators.engine.tally import ChunkResult

__all__ = ["IncidentTable", "SimulationResult"]

HANDLERS = ("in_house", "on_call", "vendor")


@dataclass(frozen=True)
class IncidentTable:
    """One row per simulated incident; times in hours from the start of the trial-year."""

    columns: dict[str, np.ndarray]
    systems: tuple[str, ...]

    def __len__(self) -> int:
        return int(self.columns["trial"].size)

    def to_frame(self) -> pd.DataFrame:
        """The table with system, severity and handler as labelled categories."""
        import pandas as pd

        cols = dict(self.columns)
        frame = pd.DataFrame(cols)
        frame["system"] = pd.Categorical.from_codes(cols["system"], categories=list(self.systems))
        frame["severity"] = pd.Categorical.from_codes(
            cols["severity"], categories=[s.value for s in SEVERITIES])
        frame["handler"] = pd.Categorical.from_codes(cols["handler"], categories=list(HANDLERS))
        return frame

    def to_parquet(self, path: str | Path) -> None:
        """Write the table as Parquet (via pyarrow), for pandas, DuckDB, Excel's Power Query."""
        self.to_frame().to_parquet(path, engine="pyarrow", index=False)


@dataclass(frozen=True)
class SimulationResult:
    """A Monte Carlo run of one strategy.

    Attributes:
        line_costs: cost per trial-year by line, shape (trials, lines), in ``currency``.
        incidents: incidents per trial-year.
        outage_hours_by_system: outage-equivalent downtime (hours × severity impact) per
            trial-year and system, at most the year's 8,760 hours (docs/model.md §10).
        business_hours_by_system: the part of it inside each system's impact window (its
            business's operating hours; all of it for a 24x7 window).
        breaches: incidents breaching the organisation's targets, per trial-year and severity.
        pages, night_pages: off-hours pages per trial-year, and those between 22:00 and 05:00.
        time_to_restore, wait: per incident (all trials) by severity, hours; ``wait`` runs
            from detection to the start of repair (exact, or binned for very large runs).
        table: the per-incident table, when it was kept.
        inputs, input_values: names of the uncertain inputs sampled per trial-year and their
            values, shape (trials, inputs); empty and None when none were.
        under_strength_days: per trial-year, days with fewer people present than the team has
            (docs/model.md §7b); zeros when the run had no key-person events (as below).
        under_strength_incidents: per trial-year, incidents detected on such a day.
        sole_expert_absent: per trial-year, incidents whose system's only experts were all
            away (escalated to the vendor at T&M, or waiting for their return).
        departures, exposure: per trial-year, leavers and person-years in post.
    """

    strategy: Strategy
    seed: int | None
    currency: str
    systems: tuple[str, ...]
    servers: int
    team_fte: float
    line_costs: np.ndarray
    incidents: np.ndarray
    outage_hours_by_system: np.ndarray
    business_hours_by_system: np.ndarray
    breaches: np.ndarray
    pages: np.ndarray
    night_pages: np.ndarray
    time_to_restore: IncidentSample
    wait: IncidentSample
    table: IncidentTable | None = field(default=None, repr=False)
    inputs: tuple[str, ...] = ()
    input_values: np.ndarray | None = field(default=None, repr=False)
    team_people: int = 0  # people kept (part-timers count), the rota a person's burden is on
    team_hours: np.ndarray | None = field(default=None, repr=False)  # per trial-year, hours
    team_capacity: float = 0.0  # kept FTE · net hours · maintenance_share, hours a year
    under_strength_days: np.ndarray | None = field(default=None, repr=False)
    under_strength_incidents: np.ndarray | None = field(default=None, repr=False)
    sole_expert_absent: np.ndarray | None = field(default=None, repr=False)
    departures: np.ndarray | None = field(default=None, repr=False)
    exposure: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def from_chunks(cls, *, strategy: Strategy, seed: int | None, currency: str,
                    systems: tuple[str, ...], servers: int, team_fte: float,
                    chunks: list[ChunkResult], time_to_restore: IncidentSample,
                    wait: IncidentSample, inputs: tuple[str, ...] = (),
                    team_people: int = 0, team_capacity: float = 0.0) -> SimulationResult:
        """Join a run's chunks, in trial order, with the samples of its incidents' times."""
        def cat(name: str) -> np.ndarray:
            return np.concatenate([getattr(c, name) for c in chunks])

        def people(name: str) -> np.ndarray:
            """A key-person output per trial-year; zeros for chunks without the stage."""
            return np.concatenate([np.zeros(c.incidents.size) if getattr(c, name) is None
                                   else getattr(c, name) for c in chunks])

        table = None
        if all(c.table is not None for c in chunks):
            table = IncidentTable(
                {k: np.concatenate([c.table[k] for c in chunks]) for k in chunks[0].table},
                systems,
            )
        return cls(
            strategy=strategy, seed=seed, currency=currency, systems=systems, servers=servers,
            team_fte=team_fte, line_costs=cat("line_costs"), incidents=cat("incidents"),
            outage_hours_by_system=cat("outage_hours_by_system"),
            business_hours_by_system=cat("business_hours_by_system"), breaches=cat("breaches"),
            pages=cat("pages"), night_pages=cat("night_pages"), time_to_restore=time_to_restore,
            wait=wait, table=table, inputs=inputs,
            input_values=cat("input_values") if inputs else None, team_people=team_people,
            team_hours=cat("team_hours") if all(c.team_hours is not None for c in chunks)
            else None, team_capacity=team_capacity,
            under_strength_days=people("under_strength_days"),
            under_strength_incidents=people("under_strength_incidents"),
            sole_expert_absent=people("sole_expert_absent"),
            departures=people("departures"), exposure=people("exposure"),
        )

    # ----------------------------------------------------------------- per trial-year
    @property
    def trials(self) -> int:
        return int(self.incidents.size)

    @property
    def total_cost(self) -> np.ndarray:
        return self.line_costs.sum(axis=1)

    @property
    def downtime_hours(self) -> np.ndarray:
        """Outage-equivalent downtime per trial-year, summed over systems, hours."""
        return self.outage_hours_by_system.sum(axis=1)

    @property
    def business_downtime_hours(self) -> np.ndarray:
        """Outage-equivalent downtime inside the systems' impact windows per trial-year, hours."""
        return self.business_hours_by_system.sum(axis=1)

    @property
    def availability(self) -> np.ndarray:
        """Availability per trial-year and system: 1 − outage-equivalent hours / 8,760."""
        return np.clip(1.0 - self.outage_hours_by_system / HOURS_PER_YEAR, 0.0, 1.0)

    @property
    def capped_share(self) -> np.ndarray:
        """Per system, the share of trial-years whose outage-equivalent hours reached the cap of
        8,760 h (the incidents added up to more downtime than the year has, docs/model.md §10)."""
        return (self.outage_hours_by_system >= HOURS_PER_YEAR).mean(axis=0)

    @property
    def notices(self) -> tuple[tuple[str, dict], ...]:
        """Things a user should know about this run, as (English template, values) like
        :attr:`~estimators.costs.expected.StrategyCosts.notices`: each system down the whole
        year in some trial-years (its downtime was capped there)."""
        return tuple(
            (N_("{system}: in {share:.0%} of the simulated years its incidents add up to more "
                "outage-equivalent hours than the {year:,.0f} hours in a year; those years count "
                "it as down the whole year. Check its incident rates and repair times."),
             {"system": system, "share": float(share), "year": HOURS_PER_YEAR})
            for system, share in zip(self.systems, self.capped_share, strict=True) if share > 0)

    @property
    def warnings(self) -> tuple[str, ...]:
        """:attr:`notices` in English."""
        return tuple(template.format(**values) for template, values in self.notices)

    @property
    def service_credits(self) -> np.ndarray:
        """Service credits received per trial-year (positive amounts)."""
        return -self.line_costs[:, COST_LINES.index("service_credits")]

    def p_breach(self) -> dict[str, float]:
        """Probability of at least one breach of the target in a year, per severity."""
        return {s.value: float(np.mean(self.breaches[:, j] > 0))
                for j, s in enumerate(SEVERITIES)}

    def _people(self, name: str) -> np.ndarray:
        values = getattr(self, name)
        return np.zeros(self.trials) if values is None else values

    def under_strength_share(self) -> float:
        """Share of the run's incidents detected on an under-strength day (docs/model.md §7b)."""
        total = self.incidents.sum()
        return float(self._people("under_strength_incidents").sum() / total) if total else 0.0

    def sole_expert_absent_share(self) -> float:
        """Share of the run's incidents whose system's sole-expert level was all away."""
        total = self.incidents.sum()
        return float(self._people("sole_expert_absent").sum() / total) if total else 0.0

    def pages_per_engineer_week(self) -> float:
        """Mean off-hours pages per person per week (the rota is the whole team's people,
        part-timers included: a person's burden, so people, not FTE)."""
        rota = max(self.team_people or self.team_fte, 1.0)
        return float(self.pages.mean() / 52.0 / rota)

    def utilisation(self) -> float | None:
        """Mean maintenance hours the team worked a year (incident + planned) over the hours it
        has for maintenance (kept FTE · net hours · maintenance_share), as the expected model's
        ``StrategyCosts.utilisation``; None when the team does no maintenance."""
        if self.team_hours is None or not self.team_hours.any():
            return None
        mean = float(self.team_hours.mean())
        return mean / self.team_capacity if self.team_capacity > 0 else float("inf")

    def night_share(self) -> float:
        """Share of pages between 22:00 and 05:00."""
        pages = self.pages.sum()
        return float(self.night_pages.sum() / pages) if pages else 0.0

    # ----------------------------------------------------------------- summaries
    def convergence(self) -> dict[str, float]:
        """95 % half-width relative to the estimate, for mean and P90 of total cost."""
        return relative_precision(self.total_cost)

    def ttr_ecdf(self, grid: np.ndarray, severity: Severity | str | None = None) -> np.ndarray:
        """ECDF of time to restore on a fixed grid (hours), optionally for one severity."""
        group = None if severity is None else SEVERITIES.index(Severity(severity))
        return self.time_to_restore.ecdf(grid, group)

    def summarise(self) -> SimulationSummary:
        """The run's summary: distributions, risk measures, breaches, burden, precision."""
        precision = self.convergence()
        return SimulationSummary(
            total_cost=describe(self.total_cost),
            downtime_hours=describe(self.downtime_hours),
            business_downtime_hours=describe(self.business_downtime_hours),
            time_to_restore_hours=self.time_to_restore.describe(),
            wait_hours=self.wait.describe(),
            incidents_per_year=describe(self.incidents),
            total_cost_cvar95=cvar(self.total_cost, 0.95),
            availability_mean=float(self.availability.mean()) if self.systems else 1.0,
            p_breach=self.p_breach(),
            service_credits_mean=float(self.service_credits.mean()),
            by_line_mean=dict(zip(COST_LINES, self.line_costs.mean(axis=0).tolist(),
                                  strict=True)),
            pages_per_engineer_week=self.pages_per_engineer_week(),
            night_page_share=self.night_share(),
            engineers_on_duty=self.servers,
            convergence=Precision(precision["mean"], precision["p90"]),
            notices=self.notices,
            under_strength_days=describe(self._people("under_strength_days")),
            under_strength_incident_share=self.under_strength_share(),
            sole_expert_absent_share=self.sole_expert_absent_share(),
            departures_per_year=float(self._people("departures").mean()),
        )

    def summary(self) -> dict:
        """The JSON contract of ``python -m estimators simulate --format json``."""
        return self.summarise().to_dict()

    def trials_frame(self) -> pd.DataFrame:
        """One row per trial-year: cost lines, total, incidents, downtime, breaches, pages."""
        import pandas as pd

        frame = pd.DataFrame(self.line_costs, columns=list(COST_LINES))
        frame.insert(0, "trial", np.arange(self.trials))
        frame["total_cost"] = self.total_cost
        frame["incidents"] = self.incidents
        frame["downtime_hours"] = self.downtime_hours
        frame["business_downtime_hours"] = self.business_downtime_hours
        for j, sev in enumerate(SEVERITIES):
            frame[f"breaches_{sev.value}"] = self.breaches[:, j]
        frame["pages"] = self.pages
        frame["under_strength_days"] = self._people("under_strength_days")
        for k, name in enumerate(self.inputs):
            frame[name] = self.input_values[:, k]
        return frame
