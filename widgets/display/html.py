"""Small HTML builders. Every piece of team-entered text passes through ``escape`` here."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from html import escape

from ..reference.descriptions import Description

__all__ = ["download_link", "meaning", "refusal", "status", "table"]


SHORT = 24  # characters: a date, a name, a CFIR domain ("Implementation Process" is 22)


def _cell(value: object) -> str:
    """A cell, escaped. Short text that could break (at a space, hyphen or slash) stays on one
    line: "Inner Setting", "Dr. Priya Nair" and "2027-01-22" split in two are hard to read,
    while long text still wraps. Inline, so it wins over the apps' and the plan's styles."""
    text = str(value)
    if len(text) <= SHORT and "\n" not in text and any(c in text for c in " -/"):
        return f'<td style="white-space:nowrap">{escape(text)}</td>'
    return f"<td>{escape(text)}</td>"


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], caption: str = "") -> str:
    """An accessible HTML table with every cell escaped.

    A table wider than the page scrolls sideways inside a region of its own that the keyboard
    can reach (Tab to it, then the arrow keys), so nothing in it is out of reach.
    """
    head = "".join(f'<th scope="col">{escape(str(h))}</th>' for h in headers)
    body = "".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in rows)
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    label = caption or "Table: " + ", ".join(str(h) for h in headers)
    return (
        f'<div role="region" tabindex="0" aria-label="{escape(label)}" '
        'style="overflow-x:auto;max-width:100%">'
        '<table class="it-table" style="border-collapse:collapse;text-align:left">'
        f"{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def status(message: str, ok: bool) -> str:
    """A message announced by screen readers, dark text on a light background for contrast."""
    colour, background = ("#14532d", "#dcfce7") if ok else ("#7f1d1d", "#fee2e2")
    return (
        f'<div role="status" aria-live="polite" style="color:{colour};background:{background};'
        f'padding:0.4em 0.6em;border-radius:4px">{escape(message)}</div>'
    )


def download_link(filename: str, data: str | bytes, mime: str, label: str) -> str:
    """A link that saves ``data`` as a file in the visitor's browser, with nothing fetched
    from a server: the file travels inside the link itself."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    encoded = base64.b64encode(raw).decode("ascii")
    return (f'<a download="{escape(filename)}" href="data:{escape(mime)};base64,{encoded}">'
            f"{escape(label)}</a>")


def refusal(verb: str, exc: Exception) -> str:
    """Why something was not done: a check's plain messages (``exc.messages``, something to
    fix) or a store problem (try again), as a status message."""
    messages = getattr(exc, "messages", None)
    if messages:
        return status(f"Not {verb} yet. " + " ".join(messages), False)
    return status(f"Not {verb}: {exc}", False)


def meaning(desc: Description | None) -> str:
    """What a construct or strategy means, in the course's words, said as the course's (an
    empty string when the course has no description of it)."""
    if desc is None:
        return ""
    return (f'<p class="it-meaning"><b>What it means:</b> {escape(desc.text)} '
            f"<i>({escape(desc.label)})</i></p>")
