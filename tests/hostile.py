"""A scenario whose every name is hostile markup, for the tests of what a link can make the
pages render: images from another host (a tracking beacon), links, emphasis, colour and
LaTeX directives, in the scenario's name, its systems, levels, vendor, tiers, notes, uncertain
inputs and its Japanese names."""

from __future__ import annotations

import json

from estimators import Scenario, sample_scenario

BEACON_HOST = "attacker.example"
LINK_HOST = "evil.example"
EVIL = (f"![x](https://{BEACON_HOST}/beacon.png) [click](https://{LINK_HOST}) **bold** "
        ":red[x] $x^2$")
"""The scenario's name (94 characters; names allow 120)."""

OTHER = f":material/home: :smile: <b>h</b> &amp; www.{LINK_HOST} a@{LINK_HOST} `c`"
"""One system's name: Streamlit's icon and emoji directives, HTML, an entity, autolinks."""


def evil(tag: str, short: bool = False) -> str:
    """A shorter hostile name, unique by ``tag``: at most 80 characters (systems, vendor,
    tiers), or 40 when ``short`` (skill levels)."""
    if short:
        return f"![{tag}](https://{BEACON_HOST}/{tag})**b**"
    return f"![{tag}](https://{BEACON_HOST}/{tag})[{tag}](https://{LINK_HOST})**b**:red[x]"


def hostile_scenario() -> Scenario:
    """The home-delivery sample with every name, note and label replaced by markup."""
    sample = sample_scenario("home_delivery_cloud")
    text = sample.model_dump_json()
    names = {sample.name: EVIL, sample.contract.vendor: evil("v")}
    names |= {s.name: evil(f"s{i}") for i, s in enumerate(sample.systems)}
    names[sample.systems[-1].name] = OTHER
    names |= {level.name: evil(f"l{i}", short=True) for i, level in enumerate(sample.team.levels)}
    names |= {tier.name: evil(f"t{i}") for i, tier in enumerate(sample.vendor_tiers)}
    for old, new in names.items():  # keys of hybrid.per_system and localized_names too
        text = text.replace(json.dumps(old), json.dumps(new))
    data = json.loads(text)
    data["notes"] = EVIL + "\n\n# heading\n<img src='https://attacker.example/n.png'>"
    data["localized_names"] = {"ja": {new: new + " ja" for new in names.values()}}
    data["uncertainty"] = {"inputs": [
        {"path": "contract.monthly_fee", "label": evil("i0"), "unit": "[u](https://evil.example)",
         "distribution": "triangular", "low": 100_000, "mode": 200_000, "high": 400_000},
        {"path": "effects.incident_rate_multiplier", "label": evil("i1"), "unit": "×",
         "distribution": "uniform", "low": 0.5, "high": 2.0}]}
    return Scenario.model_validate(data)


def too_large_for_a_link() -> Scenario:
    """The home-delivery sample with long notes and tiers of random CJK text, which compresses
    badly: packed, it is longer than a link may be (``MAX_LINK_CHARS``)."""
    import random

    draw = random.Random(17)

    def text(n: int) -> str:
        return "".join(chr(draw.randrange(0x4E00, 0xA000)) for _ in range(n))

    data = sample_scenario("home_delivery_cloud").model_dump(mode="json")
    data["notes"] = text(20_000)
    data["vendor_tiers"] += [{"name": f"Tier {i}", "monthly_fee": 700_000 + i,
                              "notes": text(2_000)} for i in range(10)]
    return Scenario.model_validate(data)
