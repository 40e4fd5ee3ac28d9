"""The Japanese catalogue matches the code: every text the interface shows has a translation,
every translation is of a text still shown, and placeholders survive translation."""

import io
import string
import threading
import tomllib
from pathlib import Path

import pytest

from estimators.presentation.catalogue import collect, differences, extract_python, report
from estimators.presentation.i18n import (
    LOCALE_DIR,
    N_,
    catalogue,
    read_translations,
    tr,
    translate,
)
from estimators.presentation.labels import name_of

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def found():
    """Every translatable text of the code (what ``pybabel extract -F babel.cfg`` finds)."""
    return collect(ROOT)


def test_every_text_has_japanese_and_every_entry_is_used(found):
    missing, obsolete = differences("ja", found)
    assert not (missing or obsolete), "\n" + report(missing, obsolete)


def test_placeholders_survive_translation():
    wrong = [f"  {english!r} ({context}): {sorted(_names(english))} → {sorted(_names(japanese))}"
             for (context, english), japanese in read_translations("ja").items()
             if _names(english) != _names(japanese)]
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def _names(text: str) -> set[str]:
    return {field.split(":")[0].split("!")[0]
            for _, field, _, _ in string.Formatter().parse(text) if field}


def test_texts_are_found_wherever_they_are_defined(found):
    texts = {text for _, text in found}
    assert len(found) > 550
    assert {
        "In short",                        # h("...") inside an f-string (report)
        "Rename",                          # for label, ... in (("Rename", ...), ...): t(label)
        "Detect",                          # t({"auto": "Detect", ...}[o])
        "category",                        # widget(..., ["severity", "category"], t)
        "per year",                        # _axis_title(currency, "per year", lang)
        "Labour",                          # LINE_LABELS, shown through an import
        "must be text",                    # validation PROBLEMS
        "Mon",                             # weekday names, capitalised from data
        "Operation vs maintenance",        # glossary, marked N_
        "Infeasible: in-house work is assigned but the kept team has no engineers.",  # N_
    } <= texts
    assert any(text.startswith("- **Corrective** cost uses") for text in texts)  # t(METHOD)
    assert ("count", "Incidents") in found


def test_extraction_reads_the_syntax_tree():
    source = b'''
TITLE = "Module constant"
NAMES = {"a": "From a dict"}
def page(rows, t, tr, lang):
    t("Literal")
    t("Implicit " "concatenation")
    f"<h2>{h('In an f-string')}</h2>"
    for label, key in (("Looped", "k1"), ("Also looped", "k2")):
        t(label)
        t(key + "x")
    t(TITLE)
    Text(NAMES[rows])
    t({"x": "Indexed in place"}[rows])
    t("Yes" if rows else "No")
    tr("Word", lang, context="sense")
    widget("label", ["Option A", "Option B"], t)
    t(rows)
    other("Not a keyword")
    t(f"not {rows} translatable")
'''
    keywords = {"t": None, "tr": None, "Text": None, "h": None, "pgettext": ((1, "c"), 2)}
    found = [(name, args) for _, name, args, _ in
             extract_python(io.BytesIO(source), keywords, (), {})]
    texts = {args[0] for name, args in found if name != "pgettext"} - {None}
    assert texts == {"Literal", "Implicit concatenation", "In an f-string", "Looped",
                     "Also looped", "Module constant", "From a dict", "Indexed in place",
                     "Yes", "No", "Option A", "Option B"}
    assert ("pgettext", ("sense", "Word")) in found


def test_fallback_context_and_formatting():
    assert tr("Cost comparison", "ja") == "コスト比較"
    assert tr("Cost comparison", "en") == "Cost comparison"
    assert tr("Cost comparison", "fr") == "Cost comparison"
    assert tr("not translated at all", "ja") == "not translated at all"
    assert tr("{n}-year total", "ja", n=5) == "5年合計"
    assert tr("must be an object {{...}}", "en") == "must be an object {...}"
    assert tr("Incidents", "ja") == "インシデント"
    assert tr("Incidents", "ja", context="count") == "件数"
    assert tr("Incidents", "en", context="count") == "Incidents"
    assert tr("Cost comparison", "ja", context="no such context") == "Cost comparison"
    assert N_("Labour") == "Labour"
    assert [name_of("strategy", s, "ja") for s in ("in_house", "outsourced", "hybrid")] == [
        "内製", "外部委託", "ハイブリッド"]


def test_the_catalogue_is_read_once_per_language_by_any_thread():
    results = []
    threads = [threading.Thread(target=lambda: results.append(catalogue("ja")))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result is catalogue("ja") for result in results)
    assert len(catalogue("ja")) > 550
    assert not catalogue("en") and not catalogue("xx")
    with pytest.raises(TypeError):
        catalogue("ja")[(None, "Home")] = "changed"  # type: ignore[index]


def test_the_catalogue_ships_with_the_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["estimators.presentation"]
    shipped = {p for pattern in patterns for p in LOCALE_DIR.parent.glob(pattern)}
    assert LOCALE_DIR / "ja" / "LC_MESSAGES" / "hoshu.po" in shipped
    assert "babel" in " ".join(config["project"]["dependencies"]).lower()


def test_glossary_in_both_languages():
    from estimators.presentation.glossary import ENTRIES, TERMS, terms

    assert terms("en") == ENTRIES == TERMS["en"]
    japanese = TERMS["ja"]
    assert len(japanese) == len(ENTRIES) and set(TERMS) == {"en", "ja"}
    assert ("可用性とナイン", tr("Availability = 1 − downtime / time. Hoshu counts "
                                "outage-equivalent downtime: an S2 (degraded) hour counts as "
                                "its impact factor of an outage hour. The table shows what each "
                                "level of nines allows.", "ja")) in japanese
    assert all(title != en_title for (title, _), (en_title, _) in zip(japanese, ENTRIES,
                                                                       strict=True))


def test_validation_messages_translate():
    import json

    from estimators import ScenarioError, parse_scenario, sample_scenario

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
