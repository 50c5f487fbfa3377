"""The graded checks of Module 3: a strategy for every priority barrier, each with how it
should work, reasons for the ones turned down, and a list short enough to carry out."""

from __future__ import annotations

from collections import defaultdict

from ...analysis.context import priorities
from ...analysis.strategies import accepted_decisions, for_leaders, strategy_label, uncovered
from ...analysis.text import is_thin_note, only_praise, some
from ...reference import cfir_construct
from ...store import TeamWorkspace
from .check import Check, meeting

__all__ = ["CHECKS"]

# A mechanism says how a strategy works, which takes a little more than a note.
MECHANISM_WORDS = 6
MAX_STRATEGIES_PER_BARRIER = 3  # the course's "two or three per barrier at most"


def no_decisions() -> list[str]:
    """What to say when no strategy has been decided on yet."""
    return ["Your team has not decided on any strategies yet. Use the Module 3 selector."]


def covered(ws: TeamWorkspace) -> list[str]:
    """No priority barrier the team acts on is left without a strategy; one kept for leaders
    (important, but beyond the team's reach, as Module 2 teaches) needs none."""
    if not priorities(ws):
        return ["Your team has no priority barriers yet (Module 2), so no strategies can be "
                "linked to them."]
    if len(for_leaders(ws)) == len(priorities(ws)):
        return ["Every priority barrier is kept for leaders. Pick at least one that your team "
                "can change itself, and choose strategies for it."]
    gaps = [cfir_construct(code).name for code in uncovered(ws)]
    if not gaps:
        return []
    return ["Choose at least one strategy, with the reason it should work, for each priority "
            "barrier your team acts on (not those kept for leaders). No strategy yet for: "
            + some(gaps) + "."]


def mechanisms(ws: TeamWorkspace) -> list[str]:
    """Each chosen strategy says how it should weaken its barrier."""
    accepted = accepted_decisions(ws)
    if not accepted:
        return no_decisions()
    thin = [f"{strategy_label(d['strategy'])} for {cfir_construct(d['construct']).name}"
            for d in accepted
            if is_thin_note(d["reason"], MECHANISM_WORDS) or only_praise(d["reason"])]
    if not thin:
        return []
    return ["Say how each chosen strategy should weaken its barrier, step by step (its "
            f"mechanism, {MECHANISM_WORDS} words or more), not only that it is a good idea. "
            "Still missing for: " + some(thin) + "."]


def rejections(ws: TeamWorkspace) -> list[str]:
    """A strategy turned down keeps its reason, which saves the same talk later."""
    if not ws.list("strategy_decision"):
        return no_decisions()
    thin = [f"{strategy_label(d['strategy'])} for {cfir_construct(d['construct']).name}"
            for d in ws.list("strategy_decision")
            if d["decision"] == "rejected" and is_thin_note(d["reason"], 3)]
    if not thin:
        return []
    return ["A “no” is a decision too: write a short reason (3 words or more) for each "
            "strategy you turned down: " + some(thin) + "."]


def short_list(ws: TeamWorkspace) -> list[str]:
    """A short list of strategies the team can actually carry out."""
    if not accepted_decisions(ws):
        return no_decisions()
    per_barrier: dict[str, set[int]] = defaultdict(set)
    for d in accepted_decisions(ws):
        per_barrier[d["construct"]].add(d["strategy"])
    long = [f"{cfir_construct(c).name} ({len(s)})" for c, s in per_barrier.items()
            if len(s) > MAX_STRATEGIES_PER_BARRIER]
    if not long:
        return []
    return [f"Keep the list doable: at most {MAX_STRATEGIES_PER_BARRIER} strategies per "
            "barrier, the ones your team can actually carry out. Too many for: "
            + ", ".join(long) + "."]


CHECKS = (
    Check("priorities_covered", "Every priority barrier the team acts on has at least one "
          "chosen strategy.", 3,
          ("priority", "strategy"), covered),
    Check("mechanisms", "Every chosen strategy says how it should weaken its barrier (its "
          "mechanism).", 3, ("strategy_decision",), mechanisms),
    Check("rejections", "Every strategy turned down has a reason.", 3, ("strategy_decision",),
          rejections),
    Check("short_list", f"At most {MAX_STRATEGIES_PER_BARRIER} chosen strategies per barrier.",
          3, ("strategy_decision",), short_list),
    meeting(3),
)
