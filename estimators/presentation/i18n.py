"""English and Japanese text for everything the user reads (gettext style: English is the key).

``tr("Cost comparison", "ja")`` gives 「コスト比較」; unknown text falls back to English.
Keyword arguments fill ``{placeholders}`` after translation. Where one English word needs two
Japanese ones, the call names a context: ``tr("Incidents", "ja", context="count")`` is 「件数」
while ``tr("Incidents", "ja")`` is 「インシデント」 (gettext's ``msgctxt``).

The translations live in a gettext catalogue, ``locale/ja/LC_MESSAGES/hoshu.po`` next to this
module, read with Babel on first use (no compile step) and kept per language for the life of
the process. Nothing is installed globally, so sessions in different languages can share a
server. :mod:`estimators.presentation.catalogue` finds the texts and updates the catalogue.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from babel.messages.pofile import read_po

from estimators.text import N_, Text

__all__ = ["DOMAIN", "LANGUAGES", "LOCALE_DIR", "N_", "Text", "catalogue",
           "read_translations", "tr", "translate"]

LANGUAGES = {"en": "English", "ja": "日本語"}

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "hoshu"

_catalogues: dict[str, Mapping[tuple[str | None, str], str]] = {}
_loading = threading.Lock()


def catalogue(lang: str) -> Mapping[tuple[str | None, str], str]:
    """Translations into ``lang``, keyed by ``(context, English)``; empty for English.

    Read from the ``.po`` file once per process; untranslated and fuzzy entries are left out
    (they fall back to English), as are obsolete ones (``#~``).
    """
    if lang not in LANGUAGES:
        return MappingProxyType({})
    try:
        return _catalogues[lang]
    except KeyError:
        pass
    with _loading:
        if lang not in _catalogues:
            _catalogues[lang] = MappingProxyType(read_translations(lang))
        return _catalogues[lang]


def read_translations(lang: str) -> dict[tuple[str | None, str], str]:
    """The translations into ``lang`` as its ``.po`` file holds them now (uncached)."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return {}
    with path.open("rb") as file:
        po = read_po(file, locale=lang, domain=DOMAIN)
    return {(m.context, m.id): m.string for m in po
            if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


def tr(text: str, lang: str = "en", *, context: str | None = None, **values: object) -> str:
    """``text`` in ``lang`` (English when there is no translation), placeholders filled.

    ``context`` picks the translation for one use of an ambiguous English text; a text with a
    context has its own catalogue entry and falls back to English, not to the plain entry.
    """
    template = catalogue(lang).get((context, text), text) if lang != "en" else text
    return template.format(**values) if values or "{" in template else template


def translate(message: object, lang: str = "en") -> str:
    """A message in ``lang``: Texts are translated (nested ones too), other strings kept."""
    if isinstance(message, Text):
        values = {k: translate(v, lang) if isinstance(v, Text) else v
                  for k, v in message.values.items()}
        return tr(message.template, lang, **values)
    return str(message)
