"""Reading what participants wrote: words, answers that say nothing yet, lines of a text box,
whether a text says when, and naming what is missing without a wall of text."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["NOTE_WORDS", "PLACEHOLDERS", "WHEN", "is_placeholder", "is_thin_note", "lines",
           "only_praise", "quote", "some", "words"]

# Answers that say nothing yet, compared after lower-casing and removing punctuation.
PLACEHOLDERS = frozenset(
    {
        "", "tbd", "tbc", "todo", "to do", "na", "n a", "none", "nothing", "no note", "note",
        "notes", "test", "testing", "xxx", "xx", "x", "same", "same as above", "see above",
        "as above", "lorem ipsum", "lorem ipsum dolor sit amet", "to be done", "to be decided",
        "to be confirmed", "fill in later", "add later", "will add later", "later", "asdf",
        "no evidence", "no idea", "dont know", "don t know", "i don t know", "i dont know",
    }
)
# A real note says what someone saw ("Nurses have no protected time" is 5 words).
NOTE_WORDS = 4
_WORD = re.compile(r"\w+")
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
# Words that praise a choice, and words that begin to say how it works (a cause, a step, a
# change): a mechanism made only of the first says that, not how.
_PRAISE = frozenset("good great useful helpful effective best important right ideal proven "
                    "appropriate suitable valuable strong powerful evidence based fit".split())
_HOW = frozenset("because so by which then therefore means lets allows gives makes frees "
                 "reduces increases cuts raises builds removes through when if after before "
                 "until while since who".split())


def words(text: str | None) -> list[str]:
    """The words of a text, lower-cased, punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFC", text or "").casefold())


def is_placeholder(text: str | None) -> bool:
    """True for an empty answer or a stand-in such as "tbd", "n/a" or "see above"."""
    return " ".join(words(text)) in PLACEHOLDERS


def is_thin_note(note: str | None, min_words: int = NOTE_WORDS) -> bool:
    """True for a note that does not yet say anything: too short, or a placeholder."""
    return len(words(note)) < min_words or is_placeholder(note)


def only_praise(text: str | None) -> bool:
    """True for a text that says a choice is good ("It is a good strategy to use here") and
    nothing of how it works: a word of praise, and no word that begins a cause or a step."""
    said = set(words(text))
    return bool(said & _PRAISE) and not said & _HOW


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
