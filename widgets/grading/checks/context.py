"""The graded checks of Module 2: the initiative profile, the context ratings and the
priority barriers."""

from __future__ import annotations

from ...analysis.context import priorities
from ...analysis.text import NOTE_WORDS, is_thin_note, some
from ...reference import cfir_construct
from ...store import TeamWorkspace
from .check import Check, meeting

__all__ = ["CHECKS"]

PROFILE = {"name": ("its name", 1), "setting": ("where it happens", 3),
           "innovation": ("what is being put in place", 3), "serves": ("who it serves", 3),
           "aims": ("what it aims to change", 3)}


def initiative(ws: TeamWorkspace) -> list[str]:
    """The initiative is described well enough for later modules to build on."""
    profile = ws.get("initiative", "")
    if profile is None:
        return ["Fill in your initiative profile in Module 2."]
    thin = [label for key, (label, n) in PROFILE.items() if is_thin_note(profile[key], n)]
    if not thin:
        return []
    return ["Say more in the initiative profile about: " + some(thin)
            + " (a short sentence each, not a placeholder)."]


def ratings(ws: TeamWorkspace) -> list[str]:
    """Several members rated, across more than one domain, barriers and facilitators."""
    factors = ws.context_factors()
    rated = {f["construct"] for f in factors}
    domains = {cfir_construct(c).domain for c in rated}
    raters = {f["member"] for f in factors}
    effects = {f["effect"] for f in factors}
    problems = []
    if len(raters) < 2:
        problems.append(f"{len(raters)} member(s) rated factors. Each member rates on their own "
                        "first: at least 2 members need to rate.")
    if len(rated) < 3:
        problems.append(f"Your team rated {len(rated)} different factor(s). Rate at least 3.")
    elif len(domains) < 2:
        problems.append(f"All your ratings are in one CFIR 2.0 domain ({', '.join(domains)}). "
                        "Look wider: rate at least one factor from another domain.")
    for effect, meaning in (("barrier", "something that makes the work harder"),
                            ("facilitator", "something that makes it easier")):
        if factors and effect not in effects:
            problems.append(f"Rate at least one {effect}: {meaning}.")
    return problems


def rating_notes(ws: TeamWorkspace) -> list[str]:
    """Each rating says what it is based on, so the team can check and act on it."""
    factors = ws.context_factors()
    if not factors:
        return ["Your team has no ratings yet, so there are no notes to check. Rate factors in "
                "Module 2, each with a note."]
    thin = [f"{f['construct']} rated by {f['member']}" for f in factors
            if is_thin_note(f["note"], NOTE_WORDS)]
    if not thin:
        return []
    return [f"Each rating needs a note of {NOTE_WORDS} words or more saying what you have seen "
            "or heard (not “tbd”). Add to the note for: " + some(thin) + "."]


def priority_barriers(ws: TeamWorkspace) -> list[str]:
    """Priorities come from the agreed map, each with the team's reason."""
    ranked = priorities(ws)
    if not ranked:
        return ["Choose your priority barriers at the end of Module 2: rate how important and "
                "how changeable each barrier in your agreed map is."]
    agreed = {f["construct"] for f in ws.list("agreed_factor") if f["effect"] == "barrier"}
    problems = []
    outside = [cfir_construct(p["construct"]).name for p in ranked
               if p["construct"] not in agreed]
    if outside:
        problems.append("Agree the team's view of each priority barrier in the agreed map "
                        "first (as a barrier): " + some(outside) + ".")
    thin = [cfir_construct(p["construct"]).name for p in ranked
            if is_thin_note(p["reason"], NOTE_WORDS)]
    if thin:
        problems.append(f"Say why each is a priority ({NOTE_WORDS} words or more): "
                        + some(thin) + ".")
    return problems


CHECKS = (
    Check("initiative", "The initiative profile is complete.", 2, ("initiative",), initiative),
    Check("ratings", "At least 2 members rated at least 3 factors from 2 or more CFIR 2.0 "
          "domains, with at least one barrier and one facilitator.", 2, ("context_factor",),
          ratings),
    Check("rating_notes", f"Every rating has a note of {NOTE_WORDS} words or more.", 2,
          ("context_factor",), rating_notes),
    Check("priorities", "Priority barriers are chosen from the agreed map, each with a "
          "reason.", 2, ("priority", "agreed_factor"), priority_barriers),
    meeting(2),
)
