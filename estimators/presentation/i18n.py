"""English and Japanese text for everything the user reads (gettext style: English is the key).

``tr("Cost comparison", "ja")`` gives 「コスト比較」; unknown text falls back to English, and a
test checks that every text the pages and charts pass through ``tr`` has a Japanese entry.
Keyword arguments fill ``{placeholders}`` after translation.
"""

from __future__ import annotations

from estimators.presentation.catalogue_ja import JA
from estimators.text import Text

__all__ = ["LANGUAGES", "Text", "tr", "translate"]

LANGUAGES = {"en": "English", "ja": "日本語"}


def tr(text: str, lang: str = "en", **values: object) -> str:
    """``text`` in ``lang`` (English when there is no translation), placeholders filled."""
    template = JA.get(text, text) if lang == "ja" else text
    return template.format(**values) if values or "{" in template else template


def translate(message: object, lang: str = "en") -> str:
    """A message in ``lang``: Texts are translated (nested ones too), other strings kept."""
    if isinstance(message, Text):
        values = {k: translate(v, lang) if isinstance(v, Text) else v
                  for k, v in message.values.items()}
        return tr(message.template, lang, **values)
    return str(message)
