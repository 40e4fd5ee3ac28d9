"""Every text the pages and charts show through tr()/t() has a Japanese translation."""

import ast
from pathlib import Path

import pytest

from estimators.catalogue_ja import JA
from estimators.charts import FIT_LABELS, LINE_LABELS
from estimators.history.presets import PRESETS
from estimators.i18n import STRATEGY_LABELS, tr
from estimators.scenario import AssetKind, MaintenanceType
from pages._shared import COVERAGE_LABELS
from pages.cost_comparison import METHOD

ROOT = Path(__file__).resolve().parent.parent


def literal_texts() -> set[str]:
    texts = set()
    for path in [*ROOT.joinpath("pages").glob("*.py"), ROOT / "estimators" / "charts.py",
                 ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("t", "tr")
                    and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                texts.add(node.args[0].value)
    return texts


def data_texts() -> set[str]:
    return ({*STRATEGY_LABELS.values(), *LINE_LABELS.values(), *COVERAGE_LABELS.values(),
             *FIT_LABELS.values(), *(p.label for p in PRESETS.values()), METHOD,
             *(m.value.capitalize() for m in MaintenanceType),
             *(k.value.capitalize() for k in AssetKind),
             "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"})


def test_literal_texts_are_found():
    assert len(literal_texts()) > 150


@pytest.mark.parametrize("text", sorted(literal_texts() | data_texts()))
def test_every_text_has_japanese(text):
    assert text in JA, f"no Japanese for {text!r}"
    assert JA[text].strip()


def test_placeholders_survive_translation():
    for english, japanese in JA.items():
        names = {n.split(":")[0] for n in _placeholders(english)}
        assert names == {n.split(":")[0] for n in _placeholders(japanese)}, english


def _placeholders(text: str) -> list[str]:
    import string

    return [field for _, field, _, _ in string.Formatter().parse(text) if field]


def test_fallback_and_formatting():
    assert tr("Cost comparison", "ja") == "コスト比較"
    assert tr("Cost comparison", "en") == "Cost comparison"
    assert tr("not translated at all", "ja") == "not translated at all"
    assert tr("{n}-year total", "ja", n=5) == "5年合計"
