"""A scenario's names in the reader's language: the scenario, its systems, skill levels, vendor
and tiers, from the names the scenario itself carries (``localized_names``).

Only names change; every number stays, so a localized scenario costs and simulates exactly as
the original. References by name (the hybrid split's per-system entries) follow the rename.
"""

from __future__ import annotations

from estimators.scenario.model import Scenario

__all__ = ["localized", "localized_name"]


def localized_name(scenario: Scenario, name: str, lang: str) -> str:
    """One of the scenario's names in ``lang`` (the name itself when it has no translation)."""
    return scenario.localized_names.get(lang, {}).get(name, name)


def localized(scenario: Scenario, lang: str) -> Scenario:
    """``scenario`` with its names in ``lang``; unchanged when it has none for ``lang`` or when
    the translated names would collide (two systems given one name)."""
    names = scenario.localized_names.get(lang)
    if not names:
        return scenario
    data = scenario.model_dump()
    data["name"] = names.get(scenario.name, scenario.name)
    for item in (*data["systems"], *data["team"]["levels"], *data["vendor_tiers"]):
        item["name"] = names.get(item["name"], item["name"])
    data["contract"]["vendor"] = names.get(scenario.contract.vendor, scenario.contract.vendor)
    data["hybrid"]["per_system"] = {names.get(k, k): v
                                    for k, v in data["hybrid"]["per_system"].items()}
    for level in data["team"]["levels"]:
        level["sole_expert_for"] = [names.get(n, n) for n in level["sole_expert_for"]]
    try:
        return Scenario.model_validate(data)
    except ValueError:  # pydantic's ValidationError, e.g. translated names not unique
        return scenario
