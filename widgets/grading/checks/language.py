"""The graded checks of Module 1: members' own definitions first, then the team's."""

from __future__ import annotations

from ...analysis.language import CORE_TERMS, by_term
from ...analysis.text import NOTE_WORDS, is_thin_note, some
from ...store import TeamWorkspace
from .check import Check, meeting

__all__ = ["CHECKS"]


def own_words(ws: TeamWorkspace) -> list[str]:
    """Members wrote their own understanding first, so differences could come out."""
    shared = [t for t, entries in by_term(ws).items()
              if len({e["member"] for e in entries}) >= 2]
    if len(shared) >= 3:
        return []
    return [f"Only {len(shared)} term(s) have their own definitions from two or more members"
            f"{': ' + ', '.join(sorted(shared)) if shared else ''}. Each member writes their "
            "own understanding of at least 3 terms (for example "
            f"{', '.join(CORE_TERMS[5:7])} and fidelity), so the team can compare."]


def definitions(ws: TeamWorkspace) -> list[str]:
    """Each member's definition says something the team can compare."""
    if not ws.list("glossary_entry"):
        return ["No member has written their own understanding of a term yet (Module 1 "
                "glossary form)."]
    thin = [f"{e['term']} ({e['member']})" for e in ws.list("glossary_entry")
            if is_thin_note(e["definition"], NOTE_WORDS)]
    if not thin:
        return []
    return [f"These definitions do not say anything yet (write {NOTE_WORDS} words or more, in "
            "your own words, not “tbd”): " + some(thin) + "."]


def team_definitions(ws: TeamWorkspace) -> list[str]:
    """The team agreed a definition for every term it talked about."""
    agreed = {e["term"]: e["definition"] for e in ws.list("glossary_agreed")}
    written = sorted(by_term(ws))
    if not written:
        return ["No member has written a definition yet, so there is nothing to agree. Start "
                "with the Module 1 glossary form."]
    problems = []
    missing = [t for t in written if t not in agreed]
    if missing:
        problems.append("Agree a team definition for every term members wrote about. Not yet "
                        "agreed: " + some(missing) + ".")
    thin = [t for t in written if t in agreed and is_thin_note(agreed[t], NOTE_WORDS)]
    if thin:
        problems.append(f"Write these team definitions out ({NOTE_WORDS} words or more): "
                        + some(thin) + ".")
    return problems


CHECKS = (
    Check("own_words", "At least 3 terms have their own definitions from 2 or more members.", 1,
          ("glossary_entry",), own_words),
    Check("definitions", f"Every member's definition says something ({NOTE_WORDS} words or "
          "more, not a placeholder).", 1, ("glossary_entry",), definitions),
    Check("team_definitions", "Every term members wrote about has an agreed team definition.",
          1, ("glossary_entry", "glossary_agreed"), team_definitions),
    meeting(1),
)
