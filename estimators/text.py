"""Messages the model returns: English text that remembers its template, so an interface can
translate it (the model itself never translates or formats for display).

Texts defined as data (labels in a dict, a constant) are marked with :func:`N_` so the
catalogue's extraction finds them; they are translated where they are shown.
"""

from __future__ import annotations

__all__ = ["N_", "Text"]


class Text(str):
    """A message that reads as English but remembers its template, so it can be translated.

    ``Text("{path}: is required", path="name")`` is the string "name: is required"; an
    interface shows it in another language with :func:`translate`. Values may be Texts too.
    """

    template: str
    values: dict

    def __new__(cls, template: str, **values: object) -> Text:
        text = template.format(**values) if values or "{" in template else template
        self = super().__new__(cls, text)
        self.template = template
        self.values = values
        return self

    def __reduce__(self):
        return (_rebuild, (self.template, self.values))


def _rebuild(template: str, values: dict) -> Text:
    return Text(template, **values)


def N_(text: str) -> str:
    """Mark ``text`` for translation without translating it (gettext's ``N_``): ``text`` itself.

    For texts defined as data, e.g. ``LABELS = {"a": N_("Labour")}``; the interface translates
    them when it shows them (``tr(LABELS[key], lang)``).
    """
    return text
