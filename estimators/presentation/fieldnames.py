"""English names, in words and with their units, of every column and setting an export shows.

The tables of :mod:`estimators.presentation.tables` carry the model's keys (``annual_total``,
``S1_rate_per_year``, ``coverage.days``); a workbook or report shows these names instead,
translated with :func:`~estimators.presentation.i18n.tr`. The dicts here are registered in
:mod:`estimators.presentation.labels`, so :func:`~estimators.presentation.labels.name_of` reads
them and the catalogue finds every name. Keys of settings are paths relative to the table's
part of the scenario (``on_call.response_minutes`` in Team settings); keys that repeat per
severity or maintenance type are templates (:data:`PER_SEVERITY`, :data:`PLANNED`).

Which values are shares (written as percentages) is said here too: :data:`SHARES` and
:data:`FINE_SHARES` are fractions (0.03 is 3 %), :data:`PERCENT_POINTS` are already in percent
(5.0 is 5 %). Money is not: the scenario's ``Money`` type says which fields hold amounts.
"""

from __future__ import annotations

__all__ = ["ASSET_KIND", "CLOCK", "COLUMNS", "COVERAGE_MODE", "CRITICALITY", "DISTRIBUTION",
           "FINE_SHARES", "INPUTS", "MAINTENANCE_TYPE", "MONITORING", "PERCENT_POINTS",
           "PER_SEVERITY", "PLANNED", "QUEUE", "SHARES", "WEEKDAY"]

INPUTS = {
    # systems
    "name": "Name", "kind": "Asset kind", "criticality": "Criticality",
    "monitoring": "Monitoring", "downtime_cost_per_hour": "Downtime cost per hour",
    "build_cost": "Original build cost", "hardware": "Hardware needs",
    "parts_cost_per_year": "Parts per year", "parts_cost_per_incident": "Parts per incident",
    "onsite_fraction": "Incidents needing a site visit",
    "travel_hours": "Travel to site (hours)",
    "spare_units": "Spare unit on site", "swap_hours": "Swap to the spare (hours)",
    "impact_window": "Business-impact hours",
    "off_window_cost_factor": "Outage cost outside those hours",
    "workaround_hours": "Workaround after (hours)",
    # skill levels
    "headcount": "People (FTE if part-time)", "part_time": "Part-time (兼任)",
    "annual_loaded_cost": "Loaded cost per FTE-year",
    "repair_time_multiplier": "Repair-time multiplier",
    "escalation_probability": "Incidents escalated",
    "training_cost_per_year": "Training per FTE-year", "ramp_up_months": "Ramp-up (months)",
    # team settings
    "hours_per_week_per_fte": "Contract hours per week per FTE",
    "shrinkage": "Shrinkage (leave, training, sickness)",
    "maintenance_share": "Share of net hours for maintenance",
    "min_on_duty": "Engineers on duty (minimum)",
    "response_minutes": "Response inside the window (minutes)",
    "escalation_handover_hours": "Escalation hand-over (hours)",
    "queue_discipline": "Queue order",
    "coverage.mode": "Coverage", "coverage.days": "Covered days",
    "coverage.start": "Window start", "coverage.end": "Window end",
    "coverage.holidays_per_year": "Closed holidays a year",
    "on_call.enabled": "On-call", "on_call.response_minutes": "On-call response (minutes)",
    "on_call.allowance_per_week": "On-call allowance per week",
    "on_call.callout_premium": "Premium per off-hours page",
    "on_call.paged_severities": "Severities that page after hours",
    "on_call.max_share": "Most weeks on call per person",
    "premiums.overtime": "Overtime premium (outside the window)",
    "premiums.late_night": "Late-night premium (22:00-05:00)",
    "premiums.holiday": "Statutory-holiday premium",
    "premiums.statutory_holiday": "Statutory holiday (weekday)",
    "leave_days_per_year": "Paid leave taken (days per person a year)",
    "sick_days_per_year": "Sickness absence (days per person a year)",
    "vacancy_months": "Time to replace a leaver (months)",
    "new_hire_repair_factor": "New hire's repair time on the first day (×)",
    "sole_expert_fallback": "While a sole expert is away",
    "sole_expert_for": "Systems only this level knows",
    "tools_cost_per_year": "Tools per year",
    "attrition_rate": "Attrition (leavers per FTE-year)",
    "attrition_per_weekly_night_page": "Extra attrition per weekly night page",
    "recruiting_cost": "Cost to hire a replacement",
    # contract
    "vendor": "Vendor", "monthly_fee": "Monthly fee",
    "included_hours_per_month": "Included hours per month",
    "overage_rate": "Overage rate (per hour)",
    "onsite_response_hours": "On-site response (hours)",
    "onsite_visit_fee": "Fee per on-site visit", "parts_included": "Parts included",
    "credit_cap_pct": "Credit cap (% of monthly fee)",
    "annual_escalation": "Price escalation (per year)",
    "minimum_term_months": "Minimum term (months)",
    "transition_cost": "Transition cost (one-off)",
    "management_fte": "Vendor management (FTE)",
    "management_cost_per_fte": "Vendor management cost per FTE-year",
    # contract terms
    "severity": "Severity", "response_hours": "Response target (hours)",
    "resolution_hours": "Resolution target (hours)",
    "p_response": "Responses within target", "p_resolution": "Resolutions within target",
    "per_incident_fee": "Fee per incident",
    "credit_pct": "Credit per breach (% of monthly fee)", "around_the_clock": "Handled 24x7",
    # hybrid split
    "system": "System",
    # assumptions (paths from the scenario)
    "finance.currency": "Currency", "finance.horizon_years": "Horizon (years)",
    "finance.discount_rate": "Discount rate (per year)",
    "finance.salary_escalation": "Salary escalation (per year)",
    "finance.general_inflation": "General inflation (per year)",
    "finance.include_operation": "Include operation (運用) in every strategy",
    "effects.incident_rate_multiplier": "Incident-rate multiplier",
    "effects.detection_minutes.none": "Detection delay, no monitoring (minutes)",
    "effects.detection_minutes.basic": "Detection delay, basic monitoring (minutes)",
    "effects.detection_minutes.advanced": "Detection delay, advanced monitoring (minutes)",
    "effects.preventive_max_reduction": "Preventive work: largest cut in incidents",
    "effects.preventive_saturation_hours": "Preventive work: saturation (hours)",
    "effects.predictive_max_avoidance": "Predictive work: largest share of incidents avoided",
    "effects.predictive_max_detection_cut": "Predictive work: largest cut in detection time",
    "effects.predictive_saturation_hours": "Predictive work: saturation (hours)",
    "effects.predictive_tooling_cost_per_year": "Predictive tooling per year",
    "effects.triage_hours": "Triage per incident (hours)",
    "effects.overtime_premium": "Overtime premium", "availability_target": "Availability target",
    "hybrid.team_scale": "Hybrid: share of the team kept",
    "hybrid.vendor_fee_scale": "Hybrid: share of the vendor's fixed fee",
}
"""Inputs: columns of the input tables and keys of their settings tables."""

PER_SEVERITY = {
    "rate_per_year": "{sev}: incidents per year",
    "repair": "{sev}: repair-time distribution",
    "median_hours": "{sev}: median repair (hours)",
    "sigma": "{sev}: spread σ (lognormal)",
    "shape": "{sev}: shape (Weibull, gamma)",
    "effects.impact_factor": "{sev}: impact factor",
    "targets.response_hours": "{sev} target: response (hours)",
    "targets.restore_hours": "{sev} target: restore (hours)",
    "targets.clock": "{sev} target: clock",
}
"""Names of keys that repeat per severity (``S1_rate_per_year``, ``targets.S1.clock``)."""

PLANNED = {"hours_per_year": "{type}: planned hours per year"}
"""Names of keys that repeat per planned maintenance type (``preventive_hours_per_year``)."""

COLUMNS = {
    "strategy": "Strategy", "annual_total": "Expected annual cost",
    "spend_excl_downtime": "Spend per year (excl. downtime)", "npv": "NPV",
    "outage_hours_per_year": "Outage-equivalent downtime (h/yr)",
    "business_downtime_hours_per_year": "Downtime in business hours (h/yr)",
    "in_house_fte": "In-house FTE", "line": "Cost line", "maintenance_type": "Maintenance type",
    "asset_kind": "Asset kind", "year": "Year", "amount": "Amount per year",
    "setting": "Setting", "term": "Term", "assumption": "Assumption", "value": "Value",
    "year_total": "{n}-year total", "cumulative": "{s}: cumulative",
    "in_year": "{s}: in the year",
}
"""Results: columns of the result tables (the last three are templates)."""

SHARES = frozenset({
    "onsite_fraction", "off_window_cost_factor", "escalation_probability", "shrinkage",
    "maintenance_share", "attrition_rate", "attrition_per_weekly_night_page", "p_response",
    "p_resolution",
    "annual_escalation", "finance.discount_rate", "finance.salary_escalation",
    "finance.general_inflation", "effects.impact_factor", "effects.preventive_max_reduction",
    "effects.predictive_max_avoidance", "effects.predictive_max_detection_cut",
    "effects.overtime_premium", "hybrid.team_scale", "hybrid.vendor_fee_scale",
    "on_call.max_share", "premiums.overtime", "premiums.late_night", "premiums.holiday"})
"""Keys whose values are fractions (0.03 = 3 %), shown as percentages."""

FINE_SHARES = frozenset({"availability_target"})
"""Fractions near 1 (0.9995), shown as percentages with two decimals (99.95 %)."""

PERCENT_POINTS = frozenset({"credit_pct", "credit_cap_pct"})
"""Keys whose values are percentages already (5.0 = 5 %)."""

CRITICALITY = {"low": "Low", "medium": "Medium", "high": "High", "critical": "Critical"}
MONITORING = {"none": "No monitoring", "basic": "Basic", "advanced": "Advanced"}
DISTRIBUTION = {"lognormal": "Lognormal", "exponential": "Exponential", "weibull": "Weibull",
                "gamma": "Gamma"}
"""Repair-time distributions (the scenario's names)."""
QUEUE = {"fcfs": "First come, first served", "severity": "By severity (S1 first)"}
COVERAGE_MODE = {"business_hours": "Business hours", "24x7": "24x7"}
CLOCK = {"wall": "Wall clock", "business_hours": "Coverage hours only"}
ASSET_KIND = {"hardware": "Hardware", "software": "Software", "cloud": "Cloud"}
MAINTENANCE_TYPE = {"corrective": "Corrective", "adaptive": "Adaptive",
                    "preventive": "Preventive", "perfective": "Perfective",
                    "predictive": "Predictive", "operation": "Operation (not maintenance)"}
WEEKDAY = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat",
           "sun": "Sun"}
