"""The Glossary page's entries: the words and the model behind the figures.

The entries are English (title, markdown); their Japanese is in the message catalogue like every
other text, so :func:`terms` gives them in the interface language.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from estimators.presentation.i18n import LANGUAGES, N_, tr

__all__ = ["ENTRIES", "TERMS", "terms"]

ENTRIES: list[tuple[str, str]] = [
    (N_("Operation vs maintenance"),
     N_("**Operation** keeps a healthy system running (backups, accounts, watching monitors, "
        "scheduled jobs): predictable hours. **Maintenance** keeps it healthy and restores it "
        "when it is not (fixes, recovery, patches, adaptation, improvement): irregular, often "
        "urgent. Hoshu costs maintenance; the team's operation work, the share of its labour "
        "that is not maintenance (1 − maintenance share), is its own line, the same in every "
        "strategy (the team still does it when maintenance is outsourced), or left out of all "
        "three.")),
    (N_("Whole people, rota and premiums"),
     N_("A team is people: a skill level's headcount is whole people unless the level is "
        "marked part-time (兼任), when it is the share of their time given to IT. Nothing is "
        "added to a team: a team too small to staff its coverage window, or with in-house work "
        "and nobody to do it, makes the strategy **infeasible**, shown as such and never named "
        "the cheapest. An on-call rota that keeps everyone on call at most one week in four "
        "needs four people. Repair hours worked outside the window are paid with the "
        "statutory premiums: overtime +25 %, the statutory holiday +35 % instead, and "
        "22:00-05:00 +25 % on top. **Utilisation** is maintenance hours worked over the hours "
        "the team has for maintenance; above 85 % leaves little room.")),
    (N_("The five maintenance types"),
     N_("**Corrective** — after a failure (simulated from incidents). **Adaptive** — for an "
        "external change (OS, middleware, law). **Preventive** — on a schedule (patching, "
        "inspections); it lowers incident rates with diminishing returns. **Perfective** — "
        "improvements. **Predictive** — from monitoring data; it shortens detection and "
        "avoids some incidents. All but corrective are planned hours per year.")),
    (N_("Hardware vs software"),
     N_("Hardware (servers, NAS, network, UPS, devices) needs inspections, parts and on-site "
        "visits with travel before repair; software (OS, applications, databases) is patched "
        "monthly to quarterly, remotely. Cloud moves most hardware work to the provider.")),
    (N_("MTTA and MTTR"),
     N_("**MTTA**, mean time to acknowledge: from opened to acknowledged. **MTTR** in Hoshu "
        "is the mean time to **restore**: from the incident occurring to the service being "
        "back — detection + waiting for the window or on-call + queueing + repair + travel. "
        "It is the downtime of that incident.")),
    (N_("Availability and nines"),
     N_("Availability = 1 − downtime / time. Hoshu counts outage-equivalent downtime: an S2 "
        "(degraded) hour counts as its impact factor of an outage hour. The table shows what "
        "each level of nines allows.")),
    (N_("SLA and service credits"),
     N_("A **service level agreement** sets response and resolution targets per severity. "
        "When the vendor misses one, it owes a **service credit**: a percentage of the "
        "monthly fee per breach, capped per month. Vendors meet each target with a stated "
        "probability.")),
    (N_("Erlang C"),
     N_("The chance that an incident has to wait for a free engineer when c engineers serve "
        "Poisson arrivals with exponential repair times (the M/M/c queue): C = c·B / (c − "
        "a·(1 − B)), a = arrival rate × mean repair time, B the Erlang B blocking "
        "probability. A 24x7 seat needs about 8,760 h ÷ 1,850 h ≈ 4.7 FTE.")),
    (N_("The model's assumptions"),
     N_("Incidents arrive as independent Poisson processes per system and severity; times of "
        "day are uniform; repair times follow the chosen distribution (lognormal by default) "
        "scaled by skill; the in-house queue is first come first served (or by severity); "
        "repairs continue past the end of the window once started; the vendor has no queue; "
        "costs are per year with salary, vendor and general escalation; NPV uses end-of-year "
        "discounting.")),
]


def terms(lang: str = "en") -> list[tuple[str, str]]:
    """The glossary entries (title, markdown) in ``lang``."""
    return [(tr(title, lang), tr(body, lang)) for title, body in ENTRIES]


class _Terms(Mapping[str, list[tuple[str, str]]]):
    """``TERMS[lang]``: :func:`terms` for each interface language (what the page reads)."""

    def __getitem__(self, lang: str) -> list[tuple[str, str]]:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        return terms(lang)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


TERMS: Mapping[str, list[tuple[str, str]]] = _Terms()
