"""Shared links: a scenario round-trips through a short URL-safe string; bad links are refused."""

import base64
import zlib

import pytest

from estimators import ScenarioError, sample_paths, sample_scenario
from estimators.scenario.share import MAX_LINK_CHARS, pack_scenario, unpack_scenario


@pytest.mark.parametrize("stem", sorted(sample_paths()))
def test_round_trip(stem):
    scenario = sample_scenario(stem).with_changes(**{"effects.incident_rate_multiplier": 1.7})
    text = pack_scenario(scenario)
    assert unpack_scenario(text) == scenario
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert len(text) < 8_000  # fits in a URL


@pytest.mark.parametrize("text", ["not base64 !!!", "AAAA", pack_scenario(
    sample_scenario("ecommerce_24x7"))[:-40]])
def test_damaged_links(text):
    with pytest.raises(ScenarioError, match="damaged|not a valid|malformed"):
        unpack_scenario(text)


def test_zip_bomb_and_oversized_links():
    bomb = base64.urlsafe_b64encode(zlib.compress(b"{" + b" " * 10_000_000 + b"}", 9)).decode()
    with pytest.raises(ScenarioError, match="more than"):
        unpack_scenario(bomb.rstrip("="))
    with pytest.raises(ScenarioError, match="limit"):
        unpack_scenario("A" * (MAX_LINK_CHARS + 1))


def test_valid_json_but_invalid_scenario():
    data = b'{"name": "x", "systems": []}'
    text = base64.urlsafe_b64encode(zlib.compress(data)).decode().rstrip("=")
    with pytest.raises(ScenarioError) as info:
        unpack_scenario(text)
    assert any(m.startswith("systems:") for m in info.value.messages)


def test_a_scenario_too_large_for_a_link_gets_no_link_code():
    from estimators.scenario.share import link_code
    from tests.hostile import too_large_for_a_link

    large = too_large_for_a_link()
    assert len(pack_scenario(large)) > MAX_LINK_CHARS  # the link unpack_scenario refuses
    with pytest.raises(ScenarioError, match="the limit is 60,000"):
        unpack_scenario(pack_scenario(large))
    assert link_code(large) is None
    small = sample_scenario("ecommerce_24x7")
    assert unpack_scenario(link_code(small)) == small
