"""The summary of one strategy's Monte Carlo run, as a typed object (and its JSON form)."""

from __future__ import annotations

from dataclasses import dataclass, field

from estimators.statistics import Summary, describe

__all__ = ["Precision", "SimulationSummary"]


@dataclass(frozen=True)
class Precision:
    """95 % half-width of the mean and of the P90 of total cost, as shares of the estimate."""

    mean: float
    p90: float

    def to_dict(self) -> dict[str, float]:
        return {"mean": self.mean, "p90": self.p90}


@dataclass(frozen=True)
class SimulationSummary:
    """What a run says about one strategy, per trial-year unless stated.

    Attributes:
        total_cost: annual total cost (money).
        downtime_hours: outage-equivalent downtime summed over systems (hours a year).
        business_downtime_hours: the part of it inside the systems' impact windows (their
            business's operating hours), hours a year.
        time_to_restore_hours, wait_hours: per incident (hours); the wait runs from detection
            to the start of repair.
        incidents_per_year: incidents in a trial-year.
        total_cost_cvar95: mean of the worst 5 % of years' cost (money).
        availability_mean: mean availability over trial-years and systems (0-1).
        p_breach: probability of at least one breach of the target in a year, by severity.
        service_credits_mean: credits received, mean (money a year, positive).
        by_line_mean: mean cost per cost line (money a year).
        pages_per_engineer_week: off-hours pages per engineer per week, mean.
        night_page_share: share of pages between 22:00 and 05:00.
        engineers_on_duty: engineers staffing the day queue.
        convergence: precision of the mean and P90 of total cost.
        notices: things a user should know, as (English template, values) — e.g. a system
            down the whole year in some trial-years (docs/model.md §10, "Downtime cap"). Not
            part of the JSON contract.
        under_strength_days: days a year with fewer people present than the team has
            (docs/model.md §7b); all zero without key-person events.
        under_strength_incident_share: share of incidents detected on such a day.
        sole_expert_absent_share: share of incidents whose system's only experts were away
            (sent to the vendor at time and materials, or waiting for their return).
        departures_per_year: leavers a year, mean.
    """

    total_cost: Summary
    downtime_hours: Summary
    business_downtime_hours: Summary
    time_to_restore_hours: Summary
    wait_hours: Summary
    incidents_per_year: Summary
    total_cost_cvar95: float
    availability_mean: float
    p_breach: dict[str, float]
    service_credits_mean: float
    by_line_mean: dict[str, float]
    pages_per_engineer_week: float
    night_page_share: float
    engineers_on_duty: int
    convergence: Precision
    notices: tuple[tuple[str, dict], ...] = field(default=())
    under_strength_days: Summary = field(default_factory=lambda: describe([0.0, 0.0]))
    under_strength_incident_share: float = 0.0
    sole_expert_absent_share: float = 0.0
    departures_per_year: float = 0.0

    def to_dict(self) -> dict:
        """The JSON contract of ``python -m estimators simulate --format json`` per strategy."""
        return {
            "total_cost": self.total_cost.to_dict(),
            "downtime_hours": self.downtime_hours.to_dict(),
            "business_downtime_hours": self.business_downtime_hours.to_dict(),
            "time_to_restore_hours": self.time_to_restore_hours.to_dict(),
            "wait_hours": self.wait_hours.to_dict(),
            "incidents_per_year": self.incidents_per_year.to_dict(),
            "total_cost_cvar95": self.total_cost_cvar95,
            "availability_mean": self.availability_mean,
            "p_breach": dict(self.p_breach),
            "service_credits_mean": self.service_credits_mean,
            "by_line_mean": dict(self.by_line_mean),
            "pages_per_engineer_week": self.pages_per_engineer_week,
            "night_page_share": self.night_page_share,
            "engineers_on_duty": self.engineers_on_duty,
            "convergence": self.convergence.to_dict(),
            "under_strength_days": self.under_strength_days.to_dict(),
            "under_strength_incident_share": self.under_strength_incident_share,
            "sole_expert_absent_share": self.sole_expert_absent_share,
            "departures_per_year": self.departures_per_year,
        }
