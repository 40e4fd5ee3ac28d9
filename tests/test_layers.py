"""The import graph has layers: the model never imports presentation or the command line, nothing
in the library imports the pages, and nothing in the library imports Streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "estimators"
PRESENTATION = "estimators.presentation"
EDGE = ("estimators.cli", "estimators.__main__")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Absolute names of every module ``path`` imports (relative imports resolved)."""
    here = module_name(path).split(".")
    if path.name != "__init__.py":
        here = here[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def layer(module: str) -> str:
    if module.startswith(EDGE):
        return "edge"
    if module.startswith(PRESENTATION):
        return "presentation"
    return "model"


def violations() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        own = layer(module)
        for name in imported(path):
            top = name.split(".")[0]
            if top in ("pages", "streamlit", "app"):
                found.append(f"{module} imports {name}")
            elif top == "estimators" and module != "estimators":
                target = layer(name)
                if (own == "model" and target != "model") or (
                        own == "presentation" and target == "edge"):
                    found.append(f"{module} ({own}) imports {name} ({target})")
    return sorted(found)


def test_model_never_imports_presentation_edges_or_pages():
    assert violations() == []


def test_the_check_sees_a_violation(tmp_path):
    """The checker itself can fail: a model module importing presentation is reported."""
    fake = tmp_path / "estimators"
    (fake / "costs").mkdir(parents=True)
    (fake / "costs" / "bad.py").write_text("from ..presentation.i18n import tr\nimport streamlit\n")
    globals()["ROOT"], globals()["PACKAGE"] = tmp_path, fake
    try:
        assert violations() == [
            "estimators.costs.bad (model) imports estimators.presentation.i18n (presentation)",
            "estimators.costs.bad (model) imports estimators.presentation.i18n.tr (presentation)",
            "estimators.costs.bad imports streamlit",
        ]
    finally:
        globals()["ROOT"], globals()["PACKAGE"] = ROOT, PACKAGE
