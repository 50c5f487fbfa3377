"""The graded checks of Module 4: every strategy specified with nothing vague, a first step
for each, and one owner from the team per step."""

from __future__ import annotations

from ...analysis.action import vague_dimensions
from ...analysis.strategies import chosen_strategies, strategy_label
from ...analysis.team import roster_names
from ...analysis.text import some
from ...store import TeamWorkspace
from .check import Check, meeting, no_strategies

__all__ = ["CHECKS"]


def specified(ws: TeamWorkspace) -> list[str]:
    """Each strategy is spelled out so someone outside the team could carry it out."""
    chosen = chosen_strategies(ws)
    if not chosen:
        return no_strategies()
    problems = []
    for sid in chosen:
        spec = ws.get("specification", str(sid))
        if spec is None:
            problems.append(f"{strategy_label(sid)}: not specified yet.")
        elif flags := vague_dimensions(spec, ws):
            problems.append(f"{strategy_label(sid)}: {' '.join(flags)}")
    return problems


def first_steps(ws: TeamWorkspace) -> list[str]:
    """Every strategy has a first step, so planning turns into doing."""
    chosen = chosen_strategies(ws)
    if not chosen:
        return no_strategies()
    planned = {s.get("strategy") for s in ws.list("action_step")}
    missing = [strategy_label(sid) for sid in chosen if sid not in planned]
    if not missing:
        return []
    return ["Plan at least one first step, with one owner and a date, for each strategy. No "
            "step yet for: " + some(missing) + "."]


def step_owners(ws: TeamWorkspace) -> list[str]:
    """One owner from the team per step: two owners, or “the team”, means nobody."""
    steps = ws.list("action_step")
    if not steps:
        return ["Your action plan has no steps yet. Add first steps in Module 4."]
    roster = roster_names(ws)
    outside = [f"“{s['step']}” (owner: {s['owner']})" for s in steps if s["owner"] not in roster]
    if not outside:
        return []
    return ["Each step needs one owner from your roster (not “the team”, not two people). "
            "Change the owner of: " + some(outside) + "."]


CHECKS = (
    Check("specified", "Every chosen strategy is specified on all seven dimensions, with "
          "nothing vague or left as a placeholder.", 4, ("strategy", "specification"),
          specified),
    Check("first_steps", "Every chosen strategy has at least one first step.", 4,
          ("strategy", "action_step"), first_steps),
    Check("step_owners", "Every step has one owner from the roster.", 4,
          ("action_step", "member"), step_owners),
    meeting(4),
)
