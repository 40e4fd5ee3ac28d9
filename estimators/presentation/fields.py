"""The scenario editor's single fields: label, unit and shown scale per dotted path, and the
sentence that says a typed value is out of range.

The range itself is the scenario model's (:func:`estimators.scenario.loading.field_bounds`), so
the form and a scenario file refuse the same values; only the wording lives here. Rates are
typed as percentages (3 for 0.03) because that is how people say them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from estimators.presentation.formatting import CURRENCY_SYMBOLS
from estimators.presentation.i18n import N_, tr
from estimators.scenario.loading import field_bounds

__all__ = ["CONTRACT_FIELDS", "GENERAL_FIELDS", "SYSTEM_COLUMN_HELP", "TEAM_FIELDS", "FormField",
           "out_of_range"]

SANITY_CAP = 1e9
"""Upper limits from here on guard against typos rather than describe the field."""


@dataclass(frozen=True)
class FormField:
    """One number the editor shows as a field.

    Attributes:
        path: the scenario field (dotted path).
        label: its name (English; the catalogue's key).
        unit: its unit as shown (``{symbol}`` becomes the currency symbol).
        scale: shown value = stored value × scale (100 for a rate typed in %).
        whole: typed as a whole number.
        decimals: decimals shown.
        help: what the number means (English; the catalogue's key).
    """

    path: str
    label: str
    unit: str = ""
    scale: float = 1.0
    whole: bool = False
    decimals: int = 0
    help: str = ""

    def shown(self, stored: float) -> float | int:
        """The stored value as the field shows it."""
        value = stored * self.scale
        return int(round(value)) if self.whole else round(value, self.decimals + 6)

    def stored(self, shown: float) -> float | int:
        """The typed value as the scenario stores it."""
        if self.whole:
            return int(shown)
        # 99.9 % / 100 is 0.9990000000000001 in binary: 12 significant digits keep a typed
        # value equal to the one it shows, and an untouched field equal to the scenario.
        return shown if self.scale == 1 else float(f"{shown / self.scale:.12g}")

    def label_in(self, lang: str, currency: str) -> str:
        """``Label (unit)`` in ``lang``, the currency symbol filled in."""
        unit = tr(self.unit, lang, symbol=CURRENCY_SYMBOLS.get(currency, currency))
        return tr(self.label, lang) + (f" ({unit})" if unit else "")


GENERAL_FIELDS = (
    FormField("finance.horizon_years", N_("Horizon"), N_("years"), whole=True,
              help=N_("How many years the multi-year totals and the NPV cover.")),
    FormField("finance.discount_rate", N_("Discount rate"), N_("% a year"), 100, decimals=2,
              help=N_("For the net present value: a yen next year is worth 1/(1 + rate) today.")),
    FormField("finance.salary_escalation", N_("Salary escalation"), N_("% a year"), 100,
              decimals=2, help=N_("How fast in-house salaries rise each year.")),
    FormField("finance.general_inflation", N_("General inflation"), N_("% a year"), 100,
              decimals=2, help=N_("Tools, parts and downtime cost.")),
    FormField("availability_target", N_("Availability target"), "%", 100, decimals=3,
              help=N_("The share of the year each system should be up, e.g. 99.9 %.")),
)
"""The General tab's numbers, in the order shown."""

CONTRACT_FIELDS = (
    FormField("contract.monthly_fee", N_("Monthly fee"), N_("{symbol}/month")),
    FormField("contract.included_hours_per_month", N_("Included hours"), N_("h/month"),
              decimals=1, help=N_("Vendor work hours the fee covers each month.")),
    FormField("contract.overage_rate", N_("Overage rate"), N_("{symbol}/h"),
              help=N_("Price per vendor hour beyond the included hours.")),
    FormField("contract.transition_cost", N_("Transition cost (one-off)"), N_("{symbol}")),
    FormField("contract.minimum_term_months", N_("Minimum term"), N_("months"), whole=True),
    FormField("contract.annual_escalation", N_("Price escalation"), N_("% a year"), 100,
              decimals=2),
    FormField("contract.credit_cap_pct", N_("Credit cap"), N_("% of the monthly fee"),
              decimals=1, help=N_("Service credits in a month never exceed this share of the "
                                  "fee.")),
)
"""The Contract tab's numbers, in the order shown."""


SYSTEM_COLUMN_HELP = {
    "impact_window": N_("When an outage costs the full downtime cost per hour: the business's "
                        "operating hours for this system. \"24x7\" for a shop that never "
                        "closes, or days and hours such as \"mon-sat 05:00-20:00\" for a "
                        "delivery service from early morning."),
    "off_window_cost_factor": N_("Share of the downtime cost per hour an outage hour costs "
                                 "outside those hours, 0–1 (0: nobody notices at night; 1: "
                                 "every hour costs the same)."),
    "workaround_hours": N_("Hours after which the business works around an outage (paper "
                           "slips, manual delivery lists); from then on it costs the S2 impact "
                           "factor. Empty: no workaround."),
    "spare_units": N_("A spare unit (予備機) is kept on site: a device failure is restored by "
                      "swapping it, and the repair goes on off the critical path."),
    "swap_hours": N_("Hours to swap in the spare once someone is on site."),
}
"""Help for the Systems table's columns of business-impact hours and spares."""


TEAM_FIELDS = (
    FormField("team.maintenance_share", N_("Maintenance share of the team's time"), "%", 100,
              help=N_("The rest is operation (運用: backups, accounts, help desk), shown as its "
                      "own cost line, the same in every strategy.")),
    FormField("team.min_on_duty", N_("Engineers on duty in the window"), N_("people"),
              whole=True, help=N_("How many people the coverage window needs at once.")),
    FormField("team.attrition_rate", N_("Attrition"), N_("% a year"), 100, decimals=1,
              help=N_("Leavers per person a year; each leaves a seat empty while recruiting.")),
    FormField("team.leave_days_per_year", N_("Paid leave taken"), N_("days/person/year"),
              decimals=1, help=N_("Working days of planned leave per person (Japan: about "
                                  "10.9 days taken on average).")),
    FormField("team.sick_days_per_year", N_("Sickness absence"), N_("days/person/year"),
              decimals=1, help=N_("Working days off sick per person, beyond planned leave.")),
    FormField("team.vacancy_months", N_("Time to replace a leaver"), N_("months"), decimals=1,
              help=N_("Recruiting lead time: the seat is empty this long, then the new hire "
                      "ramps up over the level's ramp-up months.")),
    FormField("team.new_hire_repair_factor", N_("New hire's repair time"),
              N_("× on the first day"), decimals=2,
              help=N_("How much longer a new hire takes to repair at first, falling to the "
                      "level's own speed over its ramp-up months (1: no slowdown).")),
    FormField("team.on_call.max_share", N_("Most weeks one person is on call"), "%", 100,
              help=N_("The rota needs 1 / this many people (25 %: four); with fewer, each is "
                      "on call more often, and the page says so.")),
    FormField("team.on_call.allowance_per_week", N_("On-call allowance"),
              N_("{symbol}/week"), help=N_("Standby allowance per on-call week.")),
    FormField("team.on_call.callout_premium", N_("Call-out fee"), N_("{symbol}/page"),
              help=N_("Paid per off-hours page, besides the statutory premiums on the hours "
                      "worked.")),
    FormField("team.premiums.overtime", N_("Overtime premium"), "%", 100,
              help=N_("On call-out hours outside the team's window (Labour Standards Act: at "
                      "least 25 %).")),
    FormField("team.premiums.late_night", N_("Late-night premium"), "%", 100,
              help=N_("Added for call-out hours between 22:00 and 05:00 (at least 25 %).")),
    FormField("team.premiums.holiday", N_("Statutory-holiday premium"), "%", 100,
              help=N_("Instead of overtime on the weekly statutory holiday (at least 35 %).")),
)
"""The Team tab's numbers, in the order shown."""


def _number(value: float, field: FormField) -> str:
    """A value with separators and the field's decimals, trailing zeros dropped."""
    text = f"{value:,.{0 if field.whole else field.decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def out_of_range(field: FormField, shown: float | None, lang: str = "en",
                 currency: str = "JPY") -> str | None:
    """Why the typed value cannot be saved, in words with the field's unit; None when it can.

    E.g. "Horizon must be between 1 and 30 years; you typed -5."
    """
    name = tr(field.label, lang)
    if shown is None or (isinstance(shown, float) and not math.isfinite(shown)):
        return tr("{field} needs a number.", lang, field=name)
    bounds = field_bounds(field.path)
    if field.stored(shown) in bounds:
        return None
    unit = tr(field.unit, lang, symbol=CURRENCY_SYMBOLS.get(currency, currency))
    low = None if bounds.low is None else _number(bounds.low * field.scale, field)
    high = None if bounds.high is None else _number(bounds.high * field.scale, field)
    if high is not None and low is not None and bounds.high >= SANITY_CAP \
            and field.stored(shown) <= bounds.high:
        high = None  # a cap against typos (10^13 yen), no help to someone below the floor
    values = {"field": name, "low": low, "high": high, "unit": unit,
              "value": _number(shown, field)}
    if low is not None and high is not None:
        template = (N_("{field} must be between {low} and {high} {unit}; you typed {value}.")
                    if bounds.low_closed and bounds.high_closed else
                    N_("{field} must be more than {low} and less than {high} {unit}; you typed "
                       "{value}."))
    elif low is not None:
        template = (N_("{field} must be at least {low} {unit}; you typed {value}.")
                    if bounds.low_closed else
                    N_("{field} must be more than {low} {unit}; you typed {value}."))
    else:
        template = N_("{field} must be at most {high} {unit}; you typed {value}.")
    return tr(template, lang, **values).replace("  ", " ").replace(" ;", ";").replace(" .", ".")
