"""Currency conversion of a scenario: every Money-typed field scaled by one exchange rate."""

from __future__ import annotations

import math
import typing

from pydantic import BaseModel

__all__ = ["convert_currency", "is_money_field", "is_money_path"]


def _is_money(annotation: object) -> bool:
    """Whether a field's annotation is the scenario's Money type (possibly optional)."""
    for arg in typing.get_args(annotation):
        extra = getattr(arg, "json_schema_extra", None)
        if isinstance(extra, dict) and extra.get("unit") == "money":
            return True
        if _is_money(arg):
            return True
    return False


def is_money_field(info) -> bool:
    """Whether a model field (pydantic FieldInfo) holds an amount of money."""
    extra = info.json_schema_extra
    return (isinstance(extra, dict) and extra.get("unit") == "money") or _is_money(
        info.annotation)


def _scale(model: BaseModel, factor: float) -> BaseModel:
    changes = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if is_money_field(info) and isinstance(value, (int, float)):
            changes[name] = value * factor
        elif isinstance(value, BaseModel):
            changes[name] = _scale(value, factor)
        elif isinstance(value, list):
            changes[name] = [_scale(v, factor) if isinstance(v, BaseModel) else v for v in value]
        elif isinstance(value, dict):
            changes[name] = {k: _scale(v, factor) if isinstance(v, BaseModel) else v
                             for k, v in value.items()}
    return model.model_copy(update=changes)


def is_money_path(scenario, path: str) -> bool:
    """Whether a dotted path of the scenario ends at a money field."""
    try:
        _, info = scenario.locate(path)
    except ValueError:
        return False
    return info is not None and is_money_field(info)


def _scale_ranges(scenario, factor: float):
    """Ranges on money inputs scaled with them (sigma is a ratio and stays)."""
    inputs = [item.model_copy(update={
        k: getattr(item, k) * factor for k in ("low", "mode", "high", "mean", "sd", "median")
        if getattr(item, k) is not None}) if is_money_path(scenario, item.path) else item
        for item in scenario.uncertainty.inputs]
    return scenario.uncertainty.model_copy(update={"inputs": inputs})


def convert_currency(scenario, currency: str, units_per_current: float):
    """The scenario with every amount converted: new = old × ``units_per_current``.

    ``units_per_current`` is how many of the new currency one unit of the scenario's currency
    buys (JPY → USD at 150 yen a dollar: 1/150). The result is validated like any scenario.
    """
    if not math.isfinite(units_per_current) or units_per_current <= 0:
        raise ValueError(f"the exchange rate must be a positive number, got {units_per_current}")
    scaled = _scale(scenario, units_per_current).model_copy(
        update={"uncertainty": _scale_ranges(scenario, units_per_current)})
    data = scaled.model_dump(mode="json")
    data["finance"]["currency"] = currency
    return type(scenario).model_validate(data)
