"""The graded checks of Module 5: one accountable person and someone responsible for each
strategy, readiness rated by several members, and specific asks of leaders."""

from __future__ import annotations

from ...analysis.roles import accountability_gaps
from ...analysis.strategies import chosen_strategies, strategy_label
from ...analysis.text import NOTE_WORDS, WHEN, is_thin_note, lines, quote, some
from ...reference import framework_items
from ...store import TeamWorkspace
from .check import Check, meeting, no_strategies

__all__ = ["CHECKS"]


def accountable(ws: TeamWorkspace) -> list[str]:
    """Exactly one person owns each result (the course's role matrix)."""
    if not chosen_strategies(ws):
        return no_strategies()
    return [f"{flag} Exactly one person owns each result (Module 5 role matrix)."
            for flag in accountability_gaps(ws)]


def responsible(ws: TeamWorkspace) -> list[str]:
    """Someone does the work of each strategy."""
    chosen = chosen_strategies(ws)
    if not chosen:
        return no_strategies()
    doing = {a["task"] for a in ws.list("role_assignment") if a["role"] == "responsible"}
    missing = [strategy_label(s) for s in chosen if strategy_label(s) not in doing]
    if not missing:
        return []
    return ["Name at least one person responsible (who does the work) for: "
            + some(missing) + "."]


def readiness(ws: TeamWorkspace) -> list[str]:
    """Readiness rated by several members, each saying what they see."""
    ratings = ws.list("readiness")
    problems = []
    for part in framework_items("R=MC2_component"):
        raters = {r["member"] for r in ratings if r["component"] == part}
        if len(raters) < 2:
            problems.append(f"{part}: rated by {len(raters)} member(s). At least 2 members "
                            "rate each part of readiness, on their own.")
    thin = [f"{r['component']} ({r['member']})" for r in ratings
            if is_thin_note(r["note"], NOTE_WORDS)]
    if thin:
        problems.append(f"Add a note ({NOTE_WORDS} words or more) saying what makes you rate it "
                        "so, for: " + some(thin) + ".")
    return problems


def leader_plan(ws: TeamWorkspace) -> list[str]:
    """Asks and decisions specific enough for a leader to say yes or no to."""
    plan = ws.get("leader_plan", "")
    if plan is None:
        return ["Write your plan for involving leaders in Module 5."]
    problems = []
    if is_thin_note(plan["leaders"], 1):
        problems.append("Name the leaders you will involve.")
    asks, decisions = lines(plan["asks"]), lines(plan["decisions"])
    vague = [a for a in asks if is_thin_note(a, NOTE_WORDS)]
    if not asks or vague:
        problems.append("Make each ask specific: what you need, how much, from when (one per "
                        "line)" + (": " + "; ".join(quote(v) for v in vague) if vague else "")
                        + ".")
    undated = [d for d in decisions if not WHEN.search(d)]
    if not decisions or undated:
        problems.append("Say by when you need each decision (a month or a date, one decision "
                        "per line)" + (": " + "; ".join(quote(d) for d in undated)
                                       if undated else "") + ".")
    return problems


CHECKS = (
    Check("one_accountable", "Every strategy and task has exactly one accountable person.", 5,
          ("strategy", "role_assignment"), accountable),
    Check("responsible", "Every chosen strategy has someone responsible for doing the work.",
          5, ("strategy", "role_assignment"), responsible),
    Check("readiness", "At least 2 members rated each part of readiness, each rating with a "
          "note.", 5, ("readiness",), readiness),
    Check("leader_plan", "The plan for leaders names them, makes specific asks, and says by "
          "when each decision is needed.", 5, ("leader_plan",), leader_plan),
    meeting(5),
)
