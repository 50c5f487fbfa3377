"""What each CFIR 2.0 construct and ERIC strategy means, in the course's own plain words.

These are the course's paraphrases, never the frameworks' published definitions: each says
which framework it paraphrases, and one the course is less sure of says so, so a team reads it
as a help to choose, not as the source. Shown wherever a team picks a construct or a strategy.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .frameworks import read_csv

__all__ = ["Description", "cfir_description", "eric_description", "plain"]

UNCERTAIN = "course paraphrase, uncertain"


@dataclass(frozen=True)
class Description:
    """A plain-language description in the course's words, and what it paraphrases."""

    text: str
    source: str  # the framework's citation
    status: str  # "course paraphrase", or UNCERTAIN when the course is less sure

    @property
    def plain(self) -> str:
        """The text, said as not yet checked when the course is less sure of it."""
        return self.text + (" (not yet checked against the source)"
                            if self.status == UNCERTAIN else "")

    @property
    def label(self) -> str:
        """How the description is introduced, so no one takes it for the source's words:
        "In the course's own words, after Powell BJ et al. 2015"."""
        sure = "; not yet checked against the source" if self.status == UNCERTAIN else ""
        return f"In the course's own words, after {self.source.split(',')[0]}{sure}"


@cache
def _descriptions(file: str, key: str) -> dict[str, Description]:
    return {r[key]: Description(r["description"], r["source"], r["status"])
            for r in read_csv(file)}


def plain(desc: Description | None) -> str:
    """A description's text for a table cell ("" when there is none)."""
    return "" if desc is None else desc.plain


def cfir_description(code: str) -> Description | None:
    """The course's description of a CFIR 2.0 construct or subconstruct, by its code."""
    return _descriptions("cfir2_descriptions.csv", "code").get(code)


def eric_description(strategy: int) -> Description | None:
    """The course's description of an ERIC strategy, by its number."""
    return _descriptions("eric_descriptions.csv", "id").get(str(strategy))
