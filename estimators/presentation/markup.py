"""Plain text inside Markdown: what makes a name or a message render as the characters it holds.

Streamlit renders Markdown in almost every text it shows: ``st.markdown``, titles, captions,
alerts, widget labels, tooltips, radio and segmented-control options and ``st.table`` cells,
with its own directives on top (``:red[...]``, ``:material/icon:``, ``$`` for LaTeX). A scenario
name such as ``![x](https://attacker.example/beacon.png)`` would otherwise be fetched by the
reader's browser as an image (a tracking beacon), and ``[click](https://evil.example)`` would be
a link. Streamlit offers no escape function, so :func:`plain` is Hoshu's.

The texts the model and :mod:`estimators.presentation` return (names, messages, sentences) are
plain text; a page's own templates are Markdown. So a page passes every plain text it puts into
a Markdown-rendered string through :func:`plain`: a name as a template's value, a sentence or an
error message on its own.
"""

from __future__ import annotations

import re
import string

__all__ = ["plain"]

_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
"""Every ASCII punctuation character: CommonMark lets a backslash escape each one, and then
renders it as itself. That covers every construct (emphasis, links and images, code, HTML and
entities, headings, lists, quotes, tables) and Streamlit's directives, which all begin with
punctuation; escaping them all leaves no syntax to list or to miss (but see autolinks below)."""

_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=@)|(?i:(?<=www)(?=\.))")
"""Where GFM's autolink literals (``https://…``, ``www.…``, ``name@host.example``) start.
Streamlit finds them in the text after escapes are resolved, so no escape stops them; an
invisible word joiner (U+2060) after ``https:``, ``www`` and ``@`` does."""

_JOINER = "\u2060"
_BREAK = re.compile(r"\r\n|\r|\n")


def plain(text: object) -> str:
    """``text`` as Markdown that renders exactly its characters: no link, image, emphasis,
    directive or LaTeX, whatever it holds.

    Line breaks become spaces: a name or a message is one paragraph (a break could otherwise
    start an indented code block, and many labels keep only one line). Web and mail addresses
    read as they are but are not links (an invisible word joiner breaks each one).
    """
    text = _AUTOLINK.sub(_JOINER, _BREAK.sub(" ", str(text)))
    return _SPECIAL.sub(r"\\\1", text)

