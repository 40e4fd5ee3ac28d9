"""Lazy public names for a package (PEP 562): import a name's module on first use.

Why: scipy.stats, pandas, SALib and plotly take about a second to import together, and most
callers need few of them (``python -m estimators validate`` needs none). A package lists each
public name with the module that defines it; ``from package import name`` still works, and
imports that module only.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, sources: dict[str, str], public: Iterable[str]
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``.

    ``sources`` maps each lazily imported public name to the module defining it; any other name
    is tried as a subpackage or submodule (``package.name``), so ``import estimators`` followed
    by ``estimators.engine`` still works. A resolved name is stored in the package, so the
    lookup runs once per name.
    """
    names = set(public) | set(sources)

    def __getattr__(name: str) -> Any:
        module = sources.get(name)
        if module is not None:
            value = getattr(importlib.import_module(module), name)
        else:
            try:
                value = importlib.import_module(f"{package}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{package}.{name}":
                    raise
                raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | names)

    return __getattr__, __dir__
