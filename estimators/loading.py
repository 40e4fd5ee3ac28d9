"""Load scenarios from JSON at the edge: every problem reported at once, each naming its field.

Messages read ``systems[0].incidents.S1.rate_per_year: must be >= 0 (allowed range [0, 100000]);
got -1``. Undecodable bytes, malformed JSON, oversized or too deeply nested files get one message
each saying where and what. Nothing here raises anything but :class:`ScenarioError`.
"""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, ValidationError

from .scenario import Scenario

__all__ = ["MAX_SCENARIO_BYTES", "ScenarioError", "load_scenario", "parse_scenario"]

MAX_SCENARIO_BYTES = 5_000_000
MAX_DEPTH = 64


class ScenarioError(ValueError):
    """A scenario could not be loaded; ``messages`` lists every problem found."""

    def __init__(self, messages: list[str], source: str = "scenario") -> None:
        self.messages = messages
        self.source = source
        super().__init__(f"{source}: " + "; ".join(messages))

    def __str__(self) -> str:
        head = f"{self.source} is not a valid scenario ({len(self.messages)} problem"
        head += "s):" if len(self.messages) != 1 else "):"
        return "\n".join([head, *(f"  - {m}" for m in self.messages)])


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario JSON file."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_SCENARIO_BYTES:
            raise ScenarioError(
                [f"file is {size:,} bytes; the limit is {MAX_SCENARIO_BYTES:,}"], str(path)
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError([f"cannot read the file: {exc.strerror or exc}"], str(path)) from None
    return parse_scenario(raw, source=str(path))


def parse_scenario(raw: bytes | str, source: str = "scenario") -> Scenario:
    """Validate scenario JSON given as bytes (UTF-8, optionally with BOM) or text."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_SCENARIO_BYTES:
            raise ScenarioError(
                [f"input is {len(raw):,} bytes; the limit is {MAX_SCENARIO_BYTES:,}"], source
            )
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ScenarioError(
                [f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                 "save the file as UTF-8"],
                source,
            ) from None
    else:
        text = raw
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            [f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"], source
        ) from None
    except RecursionError:
        raise ScenarioError([f"JSON is nested too deeply (limit {MAX_DEPTH})"], source) from None
    if _depth(data) > MAX_DEPTH:
        raise ScenarioError([f"JSON is nested too deeply (limit {MAX_DEPTH})"], source)
    if not isinstance(data, dict):
        raise ScenarioError(["the top level must be a JSON object {...}"], source)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(describe_errors(exc, Scenario), source) from None


def _depth(node: object, level: int = 1) -> int:
    stack = [(node, level)]
    deepest = level
    while stack:
        item, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > MAX_DEPTH:
            return deepest
        if isinstance(item, dict):
            stack.extend((v, d + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, d + 1) for v in item)
    return deepest


def describe_errors(exc: ValidationError, model: type[BaseModel]) -> list[str]:
    """One message per validation error: dotted field path, the problem, the allowed range."""
    messages = []
    for err in exc.errors(include_url=False):
        loc = [str(p) for p in err["loc"] if not _is_union_tag(p)]
        path = _format_path(err["loc"]) or "(top level)"
        kind = err["type"]
        if kind == "missing":
            text = "is required"
        elif kind == "extra_forbidden":
            allowed = _allowed_fields(model, err["loc"][:-1])
            text = "is not a known field" + (f" (allowed: {', '.join(allowed)})" if allowed else "")
        else:
            text = err["msg"][0].lower() + err["msg"][1:]
            text = text.replace("Value error, ", "").replace("value error, ", "")
            bounds = _bounds(model, err["loc"])
            if bounds:
                text += f" (allowed range {bounds})"
            if kind not in {"value_error", "assertion_error"} and "input" in err:
                text += f"; got {_short(err['input'])}"
        messages.append(f"{path}: {text}" if loc else text)
    return messages


def _is_union_tag(part: object) -> bool:
    return isinstance(part, str) and ("[" in part or part in {"function-after", "tagged-union"})


def _format_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if _is_union_tag(part):
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _walk(model: type[BaseModel], loc: tuple) -> tuple[object | None, typing.Any]:
    """Follow ``loc`` through the model's annotations; return (FieldInfo, annotation) at the end."""
    annotation: typing.Any = model
    info = None
    for part in loc:
        if _is_union_tag(part):
            continue
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(str(part))
            if info is None:
                return None, None
            annotation = info.annotation
            continue
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin in (list, tuple) and args:
            annotation = args[0]
        elif origin is dict and len(args) == 2:
            annotation = args[1]
        else:
            return None, None
        info = None
        if typing.get_origin(annotation) is typing.Annotated:
            info = typing.get_args(annotation)
    return info, annotation


def _unwrap(annotation: typing.Any) -> typing.Any:
    """Strip Optional/Annotated to the model class or container type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation


def _bounds(model: type[BaseModel], loc: tuple) -> str:
    info, _ = _walk(model, loc)
    if info is None:
        return ""
    metadata = list(info) if isinstance(info, tuple) else list(info.metadata)
    flat = []
    for item in metadata:  # a FieldInfo inside Annotated carries its own metadata
        flat.extend(getattr(item, "metadata", [item]))
    return _bounds_from(flat)


def _bounds_from(metadata: list) -> str:
    low = high = None
    for item in metadata:
        if isinstance(item, Ge):
            low = f"[{item.ge:g}"
        elif isinstance(item, Gt):
            low = f"({item.gt:g}"
        elif isinstance(item, Le):
            high = f"{item.le:g}]"
        elif isinstance(item, Lt):
            high = f"{item.lt:g})"
    if low is None and high is None:
        return ""
    return f"{low or '(-inf'}, {high or 'inf)'}"


def _allowed_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    if not loc:
        return list(model.model_fields)
    _, annotation = _walk(model, loc)
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []
