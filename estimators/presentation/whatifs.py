"""The what-if values an export was made with, listed in words: what was moved and to what.

A workbook or report made from the dashboard holds the scenario as the screen showed it, with
the sidebar's what-if values applied; :func:`what_if_rows` says which of them differ from the
scenario's own values, so a reader knows the figures are not the saved scenario's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from estimators.presentation.cells import NUMBER, Cell, cell_text
from estimators.presentation.formatting import CURRENCY_SYMBOLS, format_money, format_number
from estimators.presentation.i18n import tr
from estimators.presentation.labels import name_of
from estimators.scenario.whatif import WhatIf

__all__ = ["WhatIfRow", "what_if_rows"]


@dataclass(frozen=True)
class WhatIfRow:
    """One what-if input that differs from the scenario, all three in the reader's language.

    Attributes:
        label: the input, in words with its unit ("In-house team size (FTE)").
        scenario_value: its value in the scenario as saved.
        used_value: the value the export's figures were computed with.
    """

    label: str
    scenario_value: str
    used_value: str


def what_if_rows(base: WhatIf, shown: WhatIf, currency: str, lang: str = "en") -> list[WhatIfRow]:
    """The what-if inputs where ``shown`` differs from ``base`` (the scenario's own values).

    ``currency`` is the currency of the what-if fee, the scenario's own (the sliders' unit).
    Values are compared to a relative 1e-9, so a slider left at its start is not listed.
    """
    def number(value: float) -> str:
        return cell_text(Cell(float(value), NUMBER), currency, lang)

    rows = []
    if not math.isclose(base.incident_rate_multiplier, shown.incident_rate_multiplier,
                        rel_tol=1e-9):
        rows.append(WhatIfRow(
            tr("Incident-rate multiplier (× scenario rates)", lang),
            *(tr("×{x}", lang, x=format_number(w.incident_rate_multiplier, lang, 2))
              for w in (base, shown))))
    if not math.isclose(base.team_fte, shown.team_fte, rel_tol=1e-9, abs_tol=1e-12):
        rows.append(WhatIfRow(tr("In-house team size (FTE)", lang),
                              *(tr("{n} FTE", lang, n=number(w.team_fte)) for w in (base, shown))))
    if not math.isclose(base.vendor_monthly_fee, shown.vendor_monthly_fee, rel_tol=1e-9,
                        abs_tol=1e-9):
        symbol = CURRENCY_SYMBOLS.get(currency, currency)
        rows.append(WhatIfRow(tr("Vendor monthly fee ({symbol}/month)", lang, symbol=symbol),
                              *(format_money(w.vendor_monthly_fee, currency, lang=lang)
                                for w in (base, shown))))
    if base.coverage != shown.coverage:
        rows.append(WhatIfRow(tr("In-house coverage", lang),
                              *(name_of("coverage", w.coverage, lang) for w in (base, shown))))
    return rows
