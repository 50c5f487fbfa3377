"""What a team wrote in Markdown keeps its formatting, but can run nothing.

A team's reflection (and any Markdown cell it adds) is shown as HTML to the facilitator in
nbgrader's formgrader, with the facilitator's Jupyter login, and to the team on its feedback
page; neither of nbgrader's pages cleans it. A ``<script>``, an ``onerror`` or a
``javascript:`` link there would run as the facilitator. So a team's Markdown that renders to
anything beyond plain formatting (paragraphs, lists, emphasis, headings, tables, code, web
links) is replaced by its cleaned HTML; Markdown that is only formatting is left exactly as
written, so nbgrader still sees an untouched answer as unanswered.
"""

from __future__ import annotations

import bleach
from nbconvert.exporters.exporter import ResourcesDict
from nbconvert.filters import markdown2html
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.utils import is_locked

__all__ = ["DisarmMarkdown", "disarm"]

_TAGS = frozenset({"a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2",
                   "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong",
                   "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul"})
_ATTRIBUTES = {"a": ["href", "title"], "td": ["align"], "th": ["align"],
               **{f"h{n}": ["id"] for n in range(1, 7)}}
_PROTOCOLS = frozenset({"http", "https", "mailto"})


def disarm(markdown: str) -> str | None:
    """The cleaned HTML of ``markdown``, or None when it renders to nothing but formatting."""
    rendered = markdown2html(markdown)
    clean = bleach.clean(rendered, tags=_TAGS, attributes=_ATTRIBUTES, protocols=_PROTOCOLS,
                         strip=True, strip_comments=True)
    return None if clean == rendered else clean


class DisarmMarkdown(NbGraderPreprocessor):
    """Clean every Markdown cell a team could write (those not locked)."""

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        index: int) -> tuple[NotebookNode, ResourcesDict]:
        if cell.cell_type == "markdown" and not is_locked(cell):
            clean = disarm(cell.source)
            if clean is not None:
                cell.source = clean
        return cell, resources
