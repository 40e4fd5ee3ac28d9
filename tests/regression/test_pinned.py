"""Restructuring changes no result: today's figures against the pinned fixture, to 1e-9 relative."""

from __future__ import annotations

import json
import math

import pytest

from .pinned import FIXTURE, pinned_figures

RTOL = 1e-9


def _leaves(tree, prefix=""):
    """(dotted path, value) for every leaf of a nested dict/list."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _leaves(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(tree, list):
        for k, value in enumerate(tree):
            yield from _leaves(value, f"{prefix}[{k}]")
    else:
        yield prefix, tree


@pytest.fixture(scope="module")
def current() -> dict:
    return pinned_figures()


def test_same_figures_as_pinned(current):
    pinned = dict(_leaves(json.loads(FIXTURE.read_text())))
    now = dict(_leaves(json.loads(json.dumps(current))))
    missing = sorted(set(pinned) - set(now))
    assert not missing, f"pinned figures no longer computed: {missing[:5]}"
    moved = []
    for path, old in pinned.items():
        new = now[path]
        if isinstance(old, float) and isinstance(new, (int, float)):
            same = (math.isnan(old) and math.isnan(new)) or math.isclose(
                new, old, rel_tol=RTOL, abs_tol=1e-9)
        else:
            same = new == old
        if not same:
            moved.append(f"{path}: {old!r} -> {new!r}")
    assert not moved, f"{len(moved)} pinned figures moved:\n" + "\n".join(moved[:20])
