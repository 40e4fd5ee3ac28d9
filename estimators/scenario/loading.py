"""Load scenarios from JSON at the edge: every problem reported at once, each naming its field.

Messages read ``systems[0].incidents.S1.rate_per_year: must be >= 0 (allowed range [0, 100000]);
got -1``. Undecodable bytes, malformed JSON, oversized or too deeply nested files get one message
each saying where and what; so does a number with more digits than Python reads (4,300: its
int-string limit, which would otherwise raise a bare ValueError). Nothing here raises anything
but :class:`ScenarioError`.
"""

from __future__ import annotations

import json
import sys
import types
import typing
from pathlib import Path

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, ValidationError

from estimators.files import UnreadableFile, read_limited
from estimators.scenario import Scenario
from estimators.text import Text

__all__ = ["MAX_SCENARIO_BYTES", "Bounds", "ScenarioError", "field_bounds", "load_scenario",
           "parse_scenario", "read_json"]

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
    """Read and validate a scenario JSON file (a regular file of at most MAX_SCENARIO_BYTES)."""
    try:
        raw = read_limited(path, MAX_SCENARIO_BYTES)
    except UnreadableFile as exc:
        raise ScenarioError([exc.args[0]], str(path)) from None
    return parse_scenario(raw, source=str(path))


def parse_scenario(raw: bytes | str, source: str = "scenario") -> Scenario:
    """Validate scenario JSON given as bytes (UTF-8, optionally with BOM) or text."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_SCENARIO_BYTES:
            raise ScenarioError(
                [Text("the input is {size:,} bytes; the limit is {limit:,}", size=len(raw),
                      limit=MAX_SCENARIO_BYTES)], source
            )
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ScenarioError(
                [Text("not UTF-8 text (byte 0x{byte:02x} at offset {offset}); save the file "
                      "as UTF-8", byte=raw[exc.start], offset=exc.start)],
                source,
            ) from None
    else:
        text = raw
    data = read_json(text, source)
    if not isinstance(data, dict):
        raise ScenarioError([Text("the top level must be a JSON object {{...}}")], source)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(describe_errors(exc, Scenario), source) from None


def read_json(text: str, source: str = "scenario") -> object:
    """Scenario JSON text as Python data, checked for what Python's own reader lets through or
    turns into a bare exception: nesting deeper than ``MAX_DEPTH`` and integers too long to
    read. ScenarioError (naming the field of each long number), never anything else."""
    try:
        data = json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            [Text("malformed JSON at line {line}, column {column}: {reason}", line=exc.lineno,
                  column=exc.colno, reason=exc.msg)], source
        ) from None
    except RecursionError:
        raise ScenarioError([Text("JSON is nested too deeply (limit {limit})", limit=MAX_DEPTH)],
                            source) from None
    deepest, long_numbers = _scan(data)
    if deepest > MAX_DEPTH:
        raise ScenarioError([Text("JSON is nested too deeply (limit {limit})", limit=MAX_DEPTH)],
                            source)
    if long_numbers:
        limit = sys.get_int_max_str_digits()
        raise ScenarioError([_problem_at(Scenario, loc, Text(
            "must have at most {limit:,} digits", limit=limit),
            Text("; got a number with {n:,} digits", n=number.digits)) for loc, number in
            long_numbers], source)
    return data


class _LongNumber(typing.NamedTuple):
    """An integer in the JSON with more digits than Python converts (``int()`` refuses it)."""

    digits: int


def _integer(text: str) -> int | _LongNumber:
    """A JSON integer, or a :class:`_LongNumber` where ``int()`` would raise ValueError."""
    try:
        return int(text)
    except ValueError:
        return _LongNumber(len(text.lstrip("-")))


def _scan(node: object) -> tuple[int, list[tuple[tuple, _LongNumber]]]:
    """How deep ``node`` nests (counting stops past ``MAX_DEPTH``) and where (a ``loc`` like
    pydantic's) it holds a :class:`_LongNumber`."""
    stack: list[tuple[object, int, tuple]] = [(node, 1, ())]
    deepest, found = 1, []
    while stack:
        item, depth, loc = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            return deepest, found
        if isinstance(item, _LongNumber):
            found.append((loc, item))
        elif isinstance(item, dict):
            stack.extend((v, depth + 1, (*loc, k)) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, depth + 1, (*loc, i)) for i, v in enumerate(item))
    return deepest, sorted(found, key=lambda pair: _format_path(pair[0]))


PROBLEMS = {
    "greater_than_equal": ("must be at least {limit}", "ge"),
    "greater_than": ("must be more than {limit}", "gt"),
    "less_than_equal": ("must be at most {limit}", "le"),
    "less_than": ("must be less than {limit}", "lt"),
    "float_parsing": ("must be a number", None), "float_type": ("must be a number", None),
    "int_parsing": ("must be a whole number", None), "int_type": ("must be a whole number", None),
    "int_from_float": ("must be a whole number", None),
    "finite_number": ("must be a finite number", None),
    "bool_parsing": ("must be true or false", None), "bool_type": ("must be true or false", None),
    "string_type": ("must be text", None),
    "string_too_short": ("is too short (at least {limit} characters)", "min_length"),
    "string_too_long": ("is too long (at most {limit} characters)", "max_length"),
    "too_short": ("needs at least {limit} item(s)", "min_length"),
    "too_long": ("has more than {limit} items", "max_length"),
    "literal_error": ("must be one of {limit}", "expected"),
    "enum": ("must be one of {limit}", "expected"),
    "model_type": ("must be an object {{...}}", None),
    "dict_type": ("must be an object {{...}}", None),
    "list_type": ("must be a list [...]", None), "tuple_type": ("must be a list [...]", None),
    "time_parsing": ("must be a time such as 09:00", None),
    "time_type": ("must be a time such as 09:00", None),
}


def describe_errors(exc: ValidationError, model: type[BaseModel]) -> list[Text]:
    """One message per validation error: dotted field path, the problem, the allowed range.

    Messages are :class:`~estimators.i18n.Text`: English as strings, translatable by an
    interface.
    """
    messages = []
    for err in exc.errors(include_url=False):
        path = _format_path(err["loc"]) or "(top level)"
        kind = err["type"]
        if kind == "missing":
            messages.append(Text("{path}: is required", path=path))
            continue
        if kind == "extra_forbidden":
            allowed = _allowed_fields(model, err["loc"][:-1])
            messages.append(Text("{path}: is not a known field (allowed: {allowed})", path=path,
                                 allowed=", ".join(allowed)) if allowed
                            else Text("{path}: is not a known field", path=path))
            continue
        if kind in ("value_error", "assertion_error"):
            cause = (err.get("ctx") or {}).get("error")
            detail = cause.args[0] if cause is not None and cause.args else err["msg"]
            if not isinstance(detail, Text):
                detail = str(detail).replace("Value error, ", "")
            messages.append(Text("{path}: {problem}", path=path, problem=detail))
            continue
        template, key = PROBLEMS.get(kind, (None, None))
        ctx = err.get("ctx") or {}
        if template is None:
            problem: str | Text = err["msg"][0].lower() + err["msg"][1:]
        else:
            limit = ctx.get(key)
            limit = f"{limit:g}" if isinstance(limit, float) else limit
            problem = Text(template, limit=limit) if key else Text(template)
        got = Text("; got {value}", value=_short(err["input"])) if "input" in err else ""
        messages.append(_problem_at(model, err["loc"], problem, got))
    return messages


def _problem_at(model: type[BaseModel], loc: tuple, problem: str | Text,
                got: str | Text = "") -> Text:
    """``path: problem (allowed range [a, b]); got value`` for the field at ``loc``."""
    bounds = _bounds(model, loc)
    extent = Text(" (allowed range {bounds})", bounds=bounds) if bounds else ""
    return Text("{path}: {problem}{extent}{got}", path=_format_path(loc) or "(top level)",
                problem=problem, extent=extent, got=got)


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


class Bounds(typing.NamedTuple):
    """The range a numeric field allows (None where it is open); ``*_closed`` when the limit
    itself is allowed."""

    low: float | None
    high: float | None
    low_closed: bool = True
    high_closed: bool = True

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, (int, float)) or value != value:  # NaN is in no range
            return False
        if self.low is not None and (value < self.low or (value == self.low
                                                          and not self.low_closed)):
            return False
        return self.high is None or not (value > self.high or (value == self.high
                                                                and not self.high_closed))

    def interval(self) -> str:
        """The range as ``[1, 30]`` / ``(0, inf)`` for a message; empty when unbounded."""
        if self.low is None and self.high is None:
            return ""
        left = f"{'[' if self.low_closed else '('}{self.low:g}" if self.low is not None \
            else "(-inf"
        right = f"{self.high:g}{']' if self.high_closed else ')'}" if self.high is not None \
            else "inf)"
        return f"{left}, {right}"


def field_bounds(path: str, model: type[BaseModel] = Scenario) -> Bounds:
    """The range the scenario allows for the field at a dotted path (``finance.horizon_years``),
    from the model's own constraints; open ends are None."""
    loc = tuple(int(part) if part.isdigit() else part for part in path.split("."))
    return _bounds_of(model, loc)


def _bounds_of(model: type[BaseModel], loc: tuple) -> Bounds:
    info, _ = _walk(model, loc)
    if info is None:
        return Bounds(None, None)
    metadata = list(info) if isinstance(info, tuple) else list(info.metadata)
    flat = []
    for item in metadata:  # a FieldInfo inside Annotated carries its own metadata
        flat.extend(getattr(item, "metadata", [item]))
    low = high = None
    low_closed = high_closed = True
    for item in flat:
        if isinstance(item, Ge):
            low, low_closed = item.ge, True
        elif isinstance(item, Gt):
            low, low_closed = item.gt, False
        elif isinstance(item, Le):
            high, high_closed = item.le, True
        elif isinstance(item, Lt):
            high, high_closed = item.lt, False
    return Bounds(low, high, low_closed, high_closed)


def _bounds(model: type[BaseModel], loc: tuple) -> str:
    """The range as ``[1, 30]`` / ``(0, inf)`` for a message; empty when unbounded."""
    return _bounds_of(model, loc).interval()


def _allowed_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    if not loc:
        return list(model.model_fields)
    _, annotation = _walk(model, loc)
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []
