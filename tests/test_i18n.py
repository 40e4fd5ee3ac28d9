"""Every text the pages and charts show through tr()/t() has a Japanese translation."""

import ast
from pathlib import Path

import pytest

from estimators.decisions.optimise.tiers import CURRENT
from estimators.history.presets import PRESETS
from estimators.presentation.catalogue_ja import JA
from estimators.presentation.i18n import tr
from estimators.presentation.labels import _KINDS
from estimators.scenario import AssetKind, MaintenanceType
from pages.cost_comparison import METHOD

ROOT = Path(__file__).resolve().parent.parent


def literal_texts() -> set[str]:
    texts = set()
    shown = [str(p.relative_to(ROOT / "estimators"))
             for p in (ROOT / "estimators" / "presentation").rglob("*.py")]
    for path in [*ROOT.joinpath("pages").glob("*.py"), *(ROOT / "estimators" / name
                                                         for name in shown), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("t", "tr", "h")
                    and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                texts.add(node.args[0].value)
    return texts


def message_texts() -> set[str]:
    """Templates of the estimators' translatable messages (Text("...")) and problems."""
    from estimators.scenario.loading import PROBLEMS

    texts = {template for template, _ in PROBLEMS.values()}
    for path in ROOT.joinpath("estimators").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Text"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                texts.add(node.args[0].value)
    return texts


def data_texts() -> set[str]:
    from estimators import compare_strategies, sample_scenario
    from estimators.presentation.tables import input_tables, result_tables

    sample = sample_scenario("home_delivery_cloud")
    titles = {*input_tables(sample), *result_tables(compare_strategies(sample))}
    labels = {name for kind in _KINDS.values() for name in kind.values()}
    return ({*titles, *labels, CURRENT,
             *(p.label for p in PRESETS.values()), METHOD,
             *(m.value.capitalize() for m in MaintenanceType),
             *(k.value.capitalize() for k in AssetKind),
             "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Rename", "Duplicate",
             "Incident rates", "Vendor monthly fee", "Vendor overage rate", "Loaded cost:",
             "Downtime cost:"})


def test_literal_texts_are_found():
    assert len(literal_texts()) > 150


@pytest.mark.parametrize("text", sorted(literal_texts() | data_texts() | message_texts()))
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


def test_validation_messages_translate():
    import json

    from estimators import ScenarioError, parse_scenario, sample_scenario
    from estimators.presentation.i18n import translate

    data = sample_scenario("ecommerce_24x7").model_dump(mode="json")
    data["systems"][0]["incidents"]["S1"]["rate_per_year"] = -1
    data["finance"]["bogus"] = 1
    with pytest.raises(ScenarioError) as info:
        parse_scenario(json.dumps(data))
    english = [str(m) for m in info.value.messages]
    japanese = [translate(m, "ja") for m in info.value.messages]
    assert any("must be at least 0 (allowed range [0, 100000]); got -1" in m for m in english)
    assert any("0 以上にしてください（許容範囲 [0, 100000]）。入力値: -1" in m for m in japanese)
    assert any(m.startswith("finance.bogus: 不明な項目です") for m in japanese)
