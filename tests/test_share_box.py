"""The share box offers only links the app accepts: a scenario too large for a ``?s=`` link
gets its library entry's ``?lib=`` link, or the advice to save it and its JSON to download."""

from __future__ import annotations

import pytest

from estimators import sample_scenario
from estimators.scenario import share
from estimators.scenario.library import ScenarioLibrary
from tests.hostile import too_large_for_a_link
from tests.test_app import hoshu_test


def _offered(at) -> list[str]:
    """The links the share box shows (its code blocks)."""
    return [c.value for c in at.code if "?s=" in c.value or "?lib=" in c.value]


def test_a_library_entry_too_large_for_a_link_is_shared_by_name():
    large = too_large_for_a_link()
    ScenarioLibrary().save("Large", large)
    at = hoshu_test()
    at.query_params["lib"] = "Large"
    at.run()
    assert not at.exception
    assert at.session_state["scenario_choice"] == "library:Large"
    offered = _offered(at)
    assert offered == ["?lib=Large"]  # no ?s= link, which unpack_scenario would refuse
    assert any("too large for a link" in c.value for c in at.caption)
    assert any("share_json" in d.proto.id for d in at.get("download_button"))


def test_a_scenario_too_large_for_a_link_offers_its_json(monkeypatch):
    """A sample made too large (here, by a smaller limit) gets the advice and its JSON."""
    monkeypatch.setattr(share, "MAX_LINK_CHARS", 100)
    at = hoshu_test().run()
    assert not at.exception
    assert _offered(at) == []
    assert any("download it" in c.value for c in at.caption)
    assert any("share_json" in d.proto.id for d in at.get("download_button"))


@pytest.mark.parametrize("stem", ["home_delivery_cloud", "ecommerce_24x7"])
def test_a_link_that_fits_is_offered_and_opens(stem):
    at = hoshu_test()
    at.session_state["scenario_choice"] = stem
    at.run()
    (link,) = _offered(at)
    assert share.unpack_scenario(link.split("?s=")[1]) == sample_scenario(stem)
