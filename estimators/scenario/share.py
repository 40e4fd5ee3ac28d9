"""Shareable scenario links: a scenario packed into a URL-safe string, and unpacked safely.

The scenario's JSON (fields at their default left out) is compressed with zlib and written in
URL-safe base64. Unpacking never evaluates anything: it decompresses with a size cap (no zip
bombs), then validates like any scenario file, so a damaged or hostile link gets a message.
A scenario too large for a link (:func:`link_code` is None) is never offered as one.
"""

from __future__ import annotations

import base64
import binascii
import zlib

from estimators.scenario import Scenario
from estimators.scenario.loading import MAX_SCENARIO_BYTES, ScenarioError, parse_scenario
from estimators.text import Text

__all__ = ["MAX_LINK_CHARS", "link_code", "pack_scenario", "unpack_scenario"]

MAX_LINK_CHARS = 60_000


def _body(scenario: Scenario) -> bytes:
    return scenario.model_dump_json(exclude_defaults=True).encode("utf-8")


def _encode(body: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(body, 9)).decode("ascii").rstrip("=")


def pack_scenario(scenario: Scenario) -> str:
    """A compact URL-safe string holding ``scenario`` (whatever its size: see
    :func:`link_code` for one a link can carry)."""
    return _encode(_body(scenario))


def link_code(scenario: Scenario) -> str | None:
    """The ``?s=`` code of ``scenario`` when :func:`unpack_scenario` accepts it (at most
    ``MAX_LINK_CHARS`` characters, unpacking to at most ``MAX_SCENARIO_BYTES``); None when the
    scenario is too large for a link."""
    body = _body(scenario)
    if len(body) > MAX_SCENARIO_BYTES:
        return None
    code = _encode(body)
    return code if len(code) <= MAX_LINK_CHARS else None


def unpack_scenario(text: str) -> Scenario:
    """The scenario in a link made by :func:`pack_scenario`; ScenarioError when damaged."""
    if len(text) > MAX_LINK_CHARS:
        raise ScenarioError([Text("the link's scenario is {n:,} characters long; the limit is "
                                  "{limit:,}", n=len(text), limit=MAX_LINK_CHARS)],
                            "shared link")
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        inflater = zlib.decompressobj()
        body = inflater.decompress(packed, MAX_SCENARIO_BYTES)
    except (binascii.Error, ValueError, zlib.error):
        raise ScenarioError([Text("the link is damaged or incomplete (copy the whole address)")],
                            "shared link") from None
    if inflater.unconsumed_tail:
        raise ScenarioError([Text("the link's scenario unpacks to more than {limit:,} bytes",
                                  limit=MAX_SCENARIO_BYTES)], "shared link")
    return parse_scenario(body, source="shared link")
