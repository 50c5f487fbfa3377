"""Reading what participants wrote: words, and answers that do not say anything yet."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["PLACEHOLDERS", "is_placeholder", "words"]

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
_WORD = re.compile(r"\w+")


def words(text: str | None) -> list[str]:
    """The words of a text, lower-cased, punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFC", text or "").casefold())


def is_placeholder(text: str | None) -> bool:
    """True for an empty answer or a stand-in such as "tbd", "n/a" or "see above"."""
    return " ".join(words(text)) in PLACEHOLDERS
