"""Shareable scenario links: a scenario packed into a URL-safe string, and unpacked safely.

The scenario's JSON (fields at their default left out) is compressed with zlib and written in
URL-safe base64. Unpacking never evaluates anything: it decompresses with a size cap (no zip
bombs), then validates like any scenario file, so a damaged or hostile link gets a message.
"""

from __future__ import annotations

import base64
import binascii
import zlib

from .loading import MAX_SCENARIO_BYTES, ScenarioError, parse_scenario
from .scenario import Scenario

__all__ = ["MAX_LINK_CHARS", "pack_scenario", "unpack_scenario"]

MAX_LINK_CHARS = 60_000


def pack_scenario(scenario: Scenario) -> str:
    """A compact URL-safe string holding ``scenario``."""
    body = scenario.model_dump_json(exclude_defaults=True).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(body, 9)).decode("ascii").rstrip("=")


def unpack_scenario(text: str) -> Scenario:
    """The scenario in a link made by :func:`pack_scenario`; ScenarioError when damaged."""
    if len(text) > MAX_LINK_CHARS:
        raise ScenarioError([f"the link's scenario is {len(text):,} characters long; the limit "
                             f"is {MAX_LINK_CHARS:,}"], "shared link")
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        inflater = zlib.decompressobj()
        body = inflater.decompress(packed, MAX_SCENARIO_BYTES)
        if inflater.unconsumed_tail:
            raise ScenarioError([f"the link's scenario unpacks to more than "
                                 f"{MAX_SCENARIO_BYTES:,} bytes"], "shared link")
    except (binascii.Error, ValueError, zlib.error) as exc:
        if isinstance(exc, ScenarioError):
            raise
        raise ScenarioError(["the link is damaged or incomplete (copy the whole address)"],
                            "shared link") from None
    return parse_scenario(body, source="shared link")
