"""Lazy public names for a package (PEP 562): import a name's module on first use.

Why: scipy.stats, pandas, SALib and plotly take about a second to import together, and most
callers need few of them (``python -m estimators validate`` needs none). A package lists each
public name with the module that defines it; ``from package import name`` still works, and
imports that module only.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["lazy_exports"]


class _LazyPackage(types.ModuleType):
    """A package whose public names may share a submodule's name (``estimators.history``'s
    function ``normalise`` and its module ``estimators.history.normalise``).

    Importing a submodule sets it as an attribute of its package, which would hide the public
    name of the same spelling for good; an eager ``__init__`` rebinds the name afterwards, a
    lazy one cannot, so the package keeps the public name instead.
    """

    _lazy_sources: dict[str, str]

    def __setattr__(self, name: str, value: Any) -> None:
        if (isinstance(value, types.ModuleType) and name in self._lazy_sources
                and value.__name__ == f"{self.__name__}.{name}"):
            return
        super().__setattr__(name, value)


def lazy_exports(package: str, sources: dict[str, str], public: Iterable[str]
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``.

    ``sources`` maps each lazily imported public name to the module defining it; any other name
    is tried as a subpackage or submodule (``package.name``), so ``import estimators`` followed
    by ``estimators.engine`` still works. A resolved name is stored in the package, so the
    lookup runs once per name; a submodule spelt like a public name never replaces it (as an
    eager ``from .normalise import normalise`` would not).
    """
    names = set(public) | set(sources)
    module_object = sys.modules[package]
    module_object.__class__ = _LazyPackage
    module_object._lazy_sources = dict(sources)

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
