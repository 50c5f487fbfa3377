"""Reading what a team wrote, for the graded checks: its lines, whether it says when, and
how to name what is missing without a wall of text."""

from __future__ import annotations

import re

__all__ = ["WHEN", "lines", "quote", "some"]

_MONTHS = ("january february march april may june july august september october november "
           "december").split()
# Words that say when: a month, a year, a date, a weekday, a season or a rhythm.
WHEN = re.compile(
    r"\b(" + "|".join(_MONTHS) + "|" + "|".join(m[:3] for m in _MONTHS) + r")\.?\b"
    r"|\b(19|20)\d\d\b|\b\d{1,2}[/.-]\d{1,2}\b"
    r"|\b(mon|tues|wednes|thurs|fri|satur|sun)days?\b"
    r"|\b(spring|summer|autumn|winter|quarter|quarterly|monthly|weekly|fortnightly|yearly|"
    r"annually|daily|tomorrow)\b"
    r"|\b(next|this|each|every|by the end of the) (week|month|year|quarter|meeting|session)\b"
    r"|\bwithin \w+ (days?|weeks?|months?)\b",
    re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s*")


def lines(text: str | None) -> list[str]:
    """The non-empty lines of a text box, without list bullets."""
    return [_BULLET.sub("", line).strip() for line in (text or "").splitlines() if line.strip()]


def some(items: list[str], limit: int = 6) -> str:
    """Name the items, up to ``limit``: a long list reads as a wall, the first few say enough."""
    shown = "; ".join(items[:limit])
    return shown + (f"; and {len(items) - limit} more" if len(items) > limit else "")


def quote(text: str) -> str:
    """A team's words in quotes, shortened to one line."""
    short = " ".join(text.split())
    return f"“{short[:60]}…”" if len(short) > 60 else f"“{short}”"
