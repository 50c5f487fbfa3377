"""The graded checks of Modules 4 to 7: specified strategies and first steps, roles,
readiness and leaders, outcome measures, and sustaining the work. One small function per
check, as in ``checks_team``: the problems it finds, in words a team can act on.
"""

from __future__ import annotations

from collections import defaultdict

from ._text import is_placeholder
from ._wording import WHEN, lines, quote, some
from .checks_team import NOTE_WORDS, roster_names
from .grading import is_thin_note
from .outcomes import unmeasured
from .plan import chosen_strategies, mentions_member, strategy_label, vague_dimensions
from .reference import framework_items
from .roles import accountability_gaps
from .store import TeamWorkspace

REFLECTION_WORDS = 15
WEAK = 3  # a sustainability domain rated 3 or lower needs an action (Module 7)


# Module 4: bringing strategies to life ---------------------------------------------------

def no_strategies() -> list[str]:
    """What to say when there are no chosen strategies to plan yet."""
    return ["Your team has no chosen strategies yet (Module 3), so there is nothing to plan."]


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


# Module 5: roles, readiness and leaders --------------------------------------------------

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


# Module 6: knowing whether it works ------------------------------------------------------

_PROGRAM_EFFECT = "Efficacy (RE-AIM)"


def measured(ws: TeamWorkspace) -> list[str]:
    """The team will know whether each strategy works."""
    if not chosen_strategies(ws):
        return no_strategies()
    missing = unmeasured(ws)
    if not missing:
        return []
    return ["Add at least one outcome measure for each strategy. No measure yet for: "
            + "; ".join(strategy_label(s) for s in missing) + "."]


def measures_complete(ws: TeamWorkspace) -> list[str]:
    """Each measure can actually be collected: what, from where, who, when."""
    measures = ws.list("outcome_measure")
    if not measures:
        return ["Your team has no outcome measures yet. Add them in Module 6."]
    roster, problems = roster_names(ws), []
    for m in measures:
        where = f"{strategy_label(m['strategy'])}, {m['dimension']}"
        if is_thin_note(m["measure"], 3):
            problems.append(f"{where}: say exactly what you will count, rate or check.")
        if is_placeholder(m["source"]) or is_placeholder(m["timing"]):
            problems.append(f"{where}: say where the data come from and when.")
        if m["collector"] not in roster:
            problems.append(f"{where}: “{m['collector']}” collects it but is not on your "
                            "roster. Pick a member, or add them to the team.")
    return problems


def implementation_outcomes(ws: TeamWorkspace) -> list[str]:
    """A strategy's own job is measured, not only the program's effects."""
    by_strategy: dict[int, set[str]] = defaultdict(set)
    for m in ws.list("outcome_measure"):
        by_strategy[m["strategy"]].add(m["dimension"])
    only_effects = [strategy_label(s) for s, dims in by_strategy.items()
                    if dims == {_PROGRAM_EFFECT}]
    if not by_strategy:
        return ["Your team has no outcome measures yet. Add them in Module 6."]
    if not only_effects:
        return []
    return ["These strategies are measured only by the program's effects (Efficacy). Add an "
            "implementation outcome (or Reach, Adoption, Implementation or Maintenance), so "
            "you can tell whether the strategy itself did its job: "
            + some(only_effects) + "."]


# Module 7: sustaining and spreading ------------------------------------------------------

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
    """The implementation plan has something in every part."""
    from .report import NOT_YET, plan_sections  # draws charts: only load it when asked

    missing = [s.title for s in plan_sections(ws) if NOT_YET in s.text or not (s.rows or s.text)]
    if not missing:
        return []
    return ["These parts of your implementation plan are still empty: " + some(missing)
            + ". Fill them in, in the module they belong to, then make the plan again."]
