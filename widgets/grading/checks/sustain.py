"""The graded checks of Module 7: every sustainability domain rated, an action for each weak
one, members' reflections, and a plan with something in every part."""

from __future__ import annotations

from ...analysis.action import mentions_member
from ...analysis.sustain import WEAK
from ...analysis.text import NOTE_WORDS, WHEN, is_thin_note, quote, some
from ...reference import framework_items
from ...report import NOT_YET, plan_sections
from ...store import TeamWorkspace
from .check import Check

__all__ = ["CHECKS"]

REFLECTION_WORDS = 15


def domains_rated(ws: TeamWorkspace) -> list[str]:
    """The whole sustainability picture, not only the comfortable parts."""
    rated = {r["domain"] for r in ws.list("sustainability")}
    missing = [d for d in framework_items("PSAT_domain") if d not in rated]
    if not missing:
        return []
    return ["Rate every sustainability domain from 1 to 7. Not rated yet: "
            + some(missing) + "."]


def weak_domain_actions(ws: TeamWorkspace) -> list[str]:
    """Each weak domain has an action that someone will do by a date."""
    ratings = ws.list("sustainability")
    if not ratings:
        return ["Rate the sustainability domains first (Module 7), then write an action for "
                "each weak one."]
    problems = []
    for r in ratings:
        if r["rating"] > WEAK:
            continue
        action = r["action"]
        if is_thin_note(action, NOTE_WORDS):
            problems.append(f"{r['domain']} (rated {r['rating']}) has no action yet: write what "
                            "will happen, who does it, and by when.")
            continue
        missing = [what for what, ok in (("who does it", mentions_member(action, ws)),
                                         ("by when", WHEN.search(action))) if not ok]
        if missing:
            problems.append(f"{r['domain']} (rated {r['rating']}): the action "
                            f"{quote(action)} does not say {' or '.join(missing)}.")
    return problems


def reflections(ws: TeamWorkspace) -> list[str]:
    """Members reflected, each in their own words, on how the team learned."""
    members = ws.members()
    wrote = {r["member"] for r in ws.list("reflection")
             if r["module"] == 7 and not is_thin_note(r["text"], REFLECTION_WORDS)}
    needed = max(2, -(-len(members) // 2))
    if len(wrote) >= needed:
        return []
    return [f"{len(wrote)} member(s) wrote a reflection of {REFLECTION_WORDS} words or more on "
            f"how the team learned together. At least {needed} of your {len(members)} members "
            "need to, each in their own words (Module 7 reflection form)."]


def plan_complete(ws: TeamWorkspace) -> list[str]:
    """The implementation plan has something in every part (its charts are not drawn)."""
    missing = [s.title for s in plan_sections(ws) if NOT_YET in s.text or not (s.rows or s.text)]
    if not missing:
        return []
    return ["These parts of your implementation plan are still empty: " + some(missing)
            + ". Fill them in, in the module they belong to, then make the plan again."]


CHECKS = (
    Check("domains_rated", "All eight sustainability domains are rated.", 7,
          ("sustainability",), domains_rated),
    Check("weak_domain_actions", f"Every domain rated {WEAK} or lower has an action saying who "
          "does what, by when.", 7, ("sustainability",), weak_domain_actions),
    Check("reflections", "At least half of the members wrote their own reflection.", 7,
          ("reflection", "member"), reflections),
    Check("plan_complete", "Every part of the implementation plan has something in it.", 7,
          ("initiative", "strategy", "outcome_measure"), plan_complete),
)
