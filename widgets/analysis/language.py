"""Module 1: shared language. How differently members worded the same term."""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

from ..store import TeamWorkspace

__all__ = ["CORE_TERMS", "by_term", "wording_difference", "wording_ranking"]

CORE_TERMS = (
    "innovation", "implementation", "determinant", "barrier", "facilitator",
    "implementation strategy", "mechanism", "implementation outcome", "fidelity", "adaptation",
    "readiness", "sustainability",
)
_SMALL_WORDS = frozenset(
    "a an and are as at be by for from how in into is it its of on or our so that the their "
    "them they this to was we what when where which who will with you your".split()
)


def _words(definition: str) -> set[str]:
    return {w for w in re.findall(r"\w+", definition.casefold()) if w not in _SMALL_WORDS}


def wording_difference(definitions: list[str]) -> float:
    """How differently people worded a term, from 0 (same words) to 1 (no word in common):
    the average over pairs of the share of words not shared. A rough pointer, not a score."""
    pairs = list(combinations([_words(d) for d in definitions], 2))
    if not pairs:
        return 0.0
    return sum(1 - len(a & b) / len(a | b) if a | b else 0.0 for a, b in pairs) / len(pairs)


def by_term(ws: TeamWorkspace) -> dict[str, list[dict]]:
    """Members' own definitions, by term."""
    out: dict[str, list[dict]] = defaultdict(list)
    for e in ws.list("glossary_entry"):
        out[e["term"]].append(e)
    return out


def wording_ranking(ws: TeamWorkspace) -> list[tuple[str, int, float]]:
    """Terms two or more members wrote about, the most differently worded first: the term,
    how many wrote, and ``wording_difference`` of what they wrote."""
    rows = [(term, len(entries), wording_difference([e["definition"] for e in entries]))
            for term, entries in by_term(ws).items() if len(entries) >= 2]
    return sorted(rows, key=lambda r: -r[2])
