"""The glossary's words, shaped for charts and tooltips.

Every number the dashboard and the report show says what it counts, and every threshold says
whether it is cited, a heuristic or an analogy (the research notes). The sentences live once in
``etl.analysis.glossary``; this module only wraps and escapes them for the two places they land:
plotly hover labels (short lines joined by ``<br>``, HTML entities escaped) and plain text
(tooltips, table headers, the report).
"""

from __future__ import annotations

import html
import textwrap

from etl.analysis.glossary import GLOSSARY

HOVER_WIDTH = 46


def label(key: str) -> str:
    """The short label of a weekly column or setting ("Glute sets")."""
    return GLOSSARY[key].label


def meaning(key: str) -> str:
    """The plain sentence saying what ``key`` counts."""
    return GLOSSARY[key].meaning


def basis(key: str) -> str:
    """ "heuristic (no published norm)", "cited: ...", "analogy: ..." or "" for a plain measure."""
    return GLOSSARY[key].basis_text()


def explained(key: str) -> str:
    """Meaning followed by its basis in brackets when it has one: the full tooltip text."""
    why = basis(key)
    return f"{meaning(key)} ({why})" if why else meaning(key)


def hover_lines(text: str, width: int = HOVER_WIDTH) -> str:
    """``text`` escaped for a plotly label and wrapped into ``<br>``-joined lines.

    Plotly reads a small HTML subset in hover text, so a ``<`` in a sentence ("<5 sets") must
    arrive as an entity. ``%{`` would start a template variable; the glossary has none, and
    escaping ``%`` is not possible in a template, so a test keeps it that way.
    """
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def hover_note(key: str, width: int = HOVER_WIDTH) -> str:
    """The meaning of ``key`` as an italic, wrapped hover footnote."""
    return f"<i>{hover_lines(meaning(key), width)}</i>"
