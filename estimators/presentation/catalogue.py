"""The message catalogue's upkeep: find every text a user can read, and keep the ``.po`` in step.

The catalogue is ``locale/ja/LC_MESSAGES/hoshu.po`` (English ``msgid``, Japanese ``msgstr``;
``msgctxt`` where one English text needs two Japanese ones); :mod:`.i18n` reads it at run time.

Texts are found by Babel's extraction with the mapping in ``babel.cfg`` at the repository root:
calls of ``t``, ``tr``, ``Text``, ``N_`` and the report's ``h`` with a literal text (read from
the syntax tree by :func:`extract_python`, so calls inside f-strings and texts reaching ``t``
through a loop over literals or a literal dict count too), plus the texts the model defines as
data (cost-line labels, table titles, enum names, validation problems: :func:`data_texts`).

Maintainer commands, from the repository root (``pip install -e .`` makes ``estimators``
importable for ``pybabel``; ``python -m babel.messages.frontend`` is the same command without
the install)::

    # everything at once: rewrite locale/hoshu.pot, update the .po, list what needs a translator
    python -m estimators.presentation.catalogue
    python -m estimators.presentation.catalogue --check     # only report; exit 1 if out of step

    # or step by step with Babel's own command line (same result)
    pybabel extract -F babel.cfg -k t -k tr -k Text -k N_ -k h -k axis_title:2 \\
        --project Hoshu --add-location file --sort-by-file -w 100 \\
        -o estimators/presentation/locale/hoshu.pot .
    pybabel update -i estimators/presentation/locale/hoshu.pot -d estimators/presentation/locale \\
        -D hoshu -l ja -w 100 --no-fuzzy-matching --ignore-pot-creation-date

Then fill in the empty ``msgstr`` of the new entries. Entries whose text the code no longer uses
become obsolete (``#~``, no longer loaded); delete them once nothing will bring them back. No
compile step: the ``.po`` is read as it is. ``tests/test_i18n.py`` lists every missing and
obsolete entry at once.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import sys
from collections.abc import Collection, Iterator, Mapping
from io import BytesIO
from pathlib import Path
from typing import Any, NamedTuple

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from estimators.presentation.i18n import DOMAIN, LANGUAGES, LOCALE_DIR, read_translations

__all__ = ["KEYWORDS", "ROOT", "Use", "collect", "data_texts", "differences", "extract_data",
           "extract_python", "main", "report", "template", "update"]

ROOT = Path(__file__).resolve().parents[2]
"""The repository root (where ``babel.cfg`` is); only meaningful in a source checkout."""

KEYWORDS: dict[str, Any] = {
    "t": None, "tr": None, "Text": None, "N_": None, "h": None,
    "axis_title": (2,),            # charts: axis_title(currency, "per year", lang)
    "pgettext": ((1, "c"), 2),      # what extract_python reports for tr(..., context="...")
}
"""Translation calls and the argument holding the text (Babel's keyword specs)."""

_TRANSLATORS = ("t", "tr", "N_")
"""Functions that, handed to a widget as its format function, translate its literal options."""


# --- extraction -------------------------------------------------------------------------------

def extract_python(fileobj, keywords: Collection[str], comment_tags: Collection[str],
                   options: Mapping[str, Any]) -> Iterator[tuple[int, str | None, tuple, list]]:
    """Babel extraction method for Python sources, read as a syntax tree.

    Yields ``(line, function, arguments, comments)`` for each call of a keyword with a text
    Babel can take: a literal (also inside an f-string), a module constant (``t(METHOD)``), a
    name bound by a loop or comprehension over literals (``for label in ("Rename", ...):
    t(label)``), a literal dict indexed in place or by name (``t({"auto": "Detect"}[key])``,
    ``Text(NAMES[key])``) and either branch of ``a if c else b``. A call with ``context="..."``
    is reported as ``pgettext(context, text)``. Literal option lists passed to a call together
    with a translator as its format function (``widget(label, ["severity", "category"], t)``)
    are reported too.
    """
    tree = ast.parse(fileobj.read())
    scope = _Scope(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _called(node.func)
        if name in keywords and node.args:
            columns = [scope.texts(arg) or [None] for arg in node.args]
            context = next((k.value.value for k in node.keywords if k.arg == "context"
                            and isinstance(k.value, ast.Constant)), None)
            for arguments in itertools.product(*columns):
                if context is not None and "pgettext" in keywords:
                    yield node.lineno, "pgettext", (context, arguments[0]), []
                else:
                    yield node.lineno, name, arguments, []
        handed = [*node.args, *(k.value for k in node.keywords)]
        if any(isinstance(a, ast.Name) and a.id in _TRANSLATORS and a.id in keywords
               for a in handed):
            for option in handed:
                if isinstance(option, (ast.List, ast.Tuple)):
                    for text in _strings(option.elts):
                        yield node.lineno, None, (text,), []


def _called(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def _strings(nodes: list[ast.expr]) -> list[str]:
    return [n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)]


class _Scope:
    """What the literals of one module say about the names its translation calls use."""

    def __init__(self, tree: ast.Module) -> None:
        self.parents = {child: node for node in ast.walk(tree)
                        for child in ast.iter_child_nodes(node)}
        self.constants: dict[str, ast.expr] = {}
        for statement in tree.body:
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target, value = statement.targets[0], statement.value
            elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
                target, value = statement.target, statement.value
            else:
                continue
            if isinstance(target, ast.Name):
                self.constants[target.id] = value

    def texts(self, node: ast.expr) -> list[str]:
        """The literal texts ``node`` can stand for (empty when it is not known statically)."""
        if isinstance(node, ast.Constant):
            return [node.value] if isinstance(node.value, str) else []
        if isinstance(node, ast.IfExp):
            return self.texts(node.body) + self.texts(node.orelse)
        if isinstance(node, ast.Subscript):
            table = self._literal(node.value)
            return _strings(table.values) if isinstance(table, ast.Dict) else []
        if isinstance(node, ast.Name):
            return self._bound(node)
        return []

    def _literal(self, node: ast.expr) -> ast.expr | None:
        """``node`` itself if it is a literal, else the module constant it names."""
        if isinstance(node, ast.Name):
            return self.constants.get(node.id)
        return node if isinstance(node, (ast.Dict, ast.Tuple, ast.List)) else None

    def _bound(self, name: ast.Name) -> list[str]:
        """Texts a name stands for: the literals a loop binds it to, or a module constant."""
        node: ast.AST = name
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                if name.id in {a.arg for a in node.args.args + node.args.kwonlyargs}:
                    return []
            bindings = ([(node.target, node.iter)] if isinstance(node, ast.For) else
                        [(g.target, g.iter) for g in getattr(node, "generators", [])])
            for target, iterable in bindings:
                texts = self._loop(name.id, target, iterable)
                if texts is not None:
                    return texts
        value = self.constants.get(name.id)
        return [value.value] if isinstance(value, ast.Constant) and isinstance(
            value.value, str) else []

    def _loop(self, name: str, target: ast.expr, iterable: ast.expr) -> list[str] | None:
        """Texts ``name`` takes in ``for target in iterable``; None if the loop does not bind
        it; empty if it does but not to literals."""
        if isinstance(target, ast.Name):
            if target.id != name:
                return None
            items = self._literal(iterable)
            return _strings(items.elts) if isinstance(items, (ast.Tuple, ast.List)) else []
        if not isinstance(target, ast.Tuple):
            return None
        position = next((i for i, t in enumerate(target.elts)
                         if isinstance(t, ast.Name) and t.id == name), None)
        if position is None:
            return None
        items = self._literal(iterable)
        if not isinstance(items, (ast.Tuple, ast.List)):
            return []
        return _strings([row.elts[position] for row in items.elts
                         if isinstance(row, ast.Tuple) and len(row.elts) == len(target.elts)])


def data_texts() -> dict[str, set[str]]:
    """Texts the interface shows that the model defines as data, by where they come from.

    Dict labels shown through imports, enum names shown capitalised, table titles, validation
    problems and default input labels: no translation call names them literally.
    """
    from estimators import compare_strategies, sample_scenario
    from estimators.decisions.optimise.tiers import CURRENT
    from estimators.history.analysis import WEEKDAYS
    from estimators.history.presets import PRESETS
    from estimators.presentation.labels import registry
    from estimators.presentation.tables import input_tables, result_tables
    from estimators.scenario import AssetKind, MaintenanceType
    from estimators.scenario.loading import PROBLEMS
    from estimators.scenario.samples import sample_paths
    from estimators.scenario.uncertainty import NAMED_PREFIXES, default_uncertainties

    samples = [sample_scenario(name) for name in sample_paths()]
    labels = {u.label for s in samples for u in default_uncertainties(s)}
    return {
        **{f"estimators.presentation.labels {kind}": set(names.values())
           for kind, names in registry().items()},
        "estimators.decisions.optimise.tiers.CURRENT": {CURRENT},
        "estimators.history.presets.PRESETS labels": {p.label for p in PRESETS.values()},
        "estimators.history.analysis.WEEKDAYS, capitalised": {d.capitalize() for d in WEEKDAYS},
        "estimators.scenario.model.MaintenanceType, capitalised":
            {m.value.capitalize() for m in MaintenanceType},
        "estimators.scenario.model.AssetKind, capitalised":
            {k.value.capitalize() for k in AssetKind},
        "estimators.presentation.tables titles": {
            title for s in samples
            for title in [*input_tables(s), *result_tables(compare_strategies(s))]},
        "estimators.scenario.loading.PROBLEMS": {template for template, _ in PROBLEMS.values()},
        "estimators.scenario.uncertainty default labels": {
            *(p.strip() for p in NAMED_PREFIXES),
            *(label for label in labels if not label.startswith(NAMED_PREFIXES))},
    }


def extract_data(fileobj, keywords: Collection[str], comment_tags: Collection[str],
                 options: Mapping[str, Any]) -> Iterator[tuple[int, str | None, tuple, list]]:
    """Babel extraction method for :func:`data_texts`; ``babel.cfg`` maps it to this module."""
    line = inspect.getsourcelines(data_texts)[1]
    for where, texts in data_texts().items():
        for text in sorted(texts):
            yield line, None, (text,), [f"defined as data: {where}"]


# --- the catalogue ----------------------------------------------------------------------------

Key = tuple[str | None, str]
"""A catalogue entry's key: (context, English text)."""


class Use(NamedTuple):
    """Where a text is used: a file, a line, and for data what defines it."""

    path: str
    line: int
    note: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" + (f" ({self.note})" if self.note else "")


def collect(root: Path = ROOT) -> dict[Key, list[Use]]:
    """Every text to translate → where it is used, as ``pybabel extract -F babel.cfg`` with
    :data:`KEYWORDS` finds them."""
    with (root / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, filename="babel.cfg")
    found: dict[Key, list[Use]] = {}
    for path, line, text, notes, context in extract_from_dir(root, method_map, options_map,
                                                              keywords=KEYWORDS):
        found.setdefault((context, text), []).append(Use(path, line, "; ".join(notes)))
    return found


def template(found: Mapping[Key, list[Use]]) -> Catalog:
    """The ``.pot``: every text to translate, with the files that use it."""
    pot = Catalog(domain=DOMAIN, project="Hoshu", charset="utf-8", header_comment=(
        "# Texts of Hoshu to translate. Generated: python -m estimators.presentation.catalogue\n#"))
    for (context, text), uses in found.items():
        pot.add(text, locations=[(u.path, u.line) for u in uses], context=context,
                auto_comments=sorted({u.note for u in uses if u.note}))
    return pot


def differences(lang: str = "ja", found: Mapping[Key, list[Use]] | None = None,
                entries: Mapping[Key, str] | None = None
                ) -> tuple[dict[Key, list[Use]], dict[Key, str]]:
    """``(missing, obsolete)`` for ``lang``: texts used but not translated (→ where used), and
    translations of texts used nowhere (→ the translation)."""
    from estimators.presentation.i18n import catalogue

    found = collect() if found is None else found
    entries = catalogue(lang) if entries is None else entries
    missing = {key: where for key, where in found.items() if key not in entries}
    obsolete = {key: text for key, text in entries.items() if key not in found}
    return missing, obsolete


def report(missing: Mapping[Key, list[Use]], obsolete: Mapping[Key, str]) -> str:
    """Both lists, sorted, one entry a line, ready for an assertion message or a terminal."""
    def name(key: Key) -> str:
        context, text = key
        return f"{text!r}" + (f" (context {context!r})" if context else "")

    order = lambda key: (key[1], key[0] or "")  # noqa: E731
    lines = [f"{len(missing)} text(s) with no translation:"] if missing else []
    lines += [f"  {name(k)} — used in {', '.join(map(str, missing[k][:3]))}"
              for k in sorted(missing, key=order)]
    if obsolete:
        lines.append(f"{len(obsolete)} translation(s) of text(s) used nowhere:")
        lines += [f"  {name(k)} → {obsolete[k]!r}" for k in sorted(obsolete, key=order)]
    if lines:
        lines.append("Update the catalogue: python -m estimators.presentation.catalogue")
    return "\n".join(lines)


def update(found: Mapping[Key, list[Use]], write: bool = True) -> dict[str, str]:
    """Rewrite ``hoshu.pot`` and bring each language's ``.po`` in step with it (new texts get
    an empty translation, unused ones become obsolete); returns each file's new content."""
    pot_text = _po_text(template(found), sort_by_file=True)
    out = {str(LOCALE_DIR / f"{DOMAIN}.pot"): pot_text}
    pot = read_po(BytesIO(pot_text.encode("utf-8")))  # as pybabel update reads it: same order
    for lang in LANGUAGES:
        path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not path.is_file():
            continue
        with path.open("rb") as file:
            po = read_po(file, locale=lang, domain=DOMAIN)
        po.update(pot, no_fuzzy_matching=True, update_creation_date=False)
        out[str(path)] = _po_text(po)
    if write:
        for path, text in out.items():
            Path(path).write_text(text, encoding="utf-8")
    return out


def _po_text(catalog: Catalog, sort_by_file: bool = False) -> str:
    buffer = BytesIO()
    write_po(buffer, catalog, width=100, sort_by_file=sort_by_file, include_lineno=False)
    return buffer.getvalue().decode("utf-8")


def main(argv: list[str] | None = None) -> int:
    """Update the catalogue (or with ``--check`` only report); 1 if anything is missing."""
    argv = sys.argv[1:] if argv is None else argv
    found = collect()
    if "--check" not in argv:
        for path in update(found):
            print(f"wrote {Path(path).relative_to(ROOT)}")
    status = 0
    for lang in LANGUAGES:
        path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            text = report(*differences(lang, found, read_translations(lang)))
            if text:
                status = 1
                print(f"{lang}:\n{text}")
    return status


if __name__ == "__main__":
    sys.exit(main())
