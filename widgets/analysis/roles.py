"""Module 5: who does what (responsible, accountable, consulted, informed), and readiness as
R = MC²."""

from __future__ import annotations

from collections import defaultdict

from ..reference import framework_items
from ..store import TeamWorkspace
from .strategies import chosen_strategies, strategy_label

__all__ = ["READINESS_HEADERS", "ROLES", "accountability_gaps", "assignments", "readiness_rows",
           "role_gaps", "role_rows", "tasks"]

ROLES = ("responsible", "accountable", "consulted", "informed")


def tasks(ws: TeamWorkspace) -> list[str]:
    """What roles are checked for: the chosen strategies, and any task the team gave roles."""
    named = [strategy_label(s) for s in chosen_strategies(ws)]
    named += [a["task"] for a in ws.list("role_assignment")]
    return list(dict.fromkeys(named))


def assignments(ws: TeamWorkspace) -> dict[tuple[str, str], str]:
    """Each (task, member) the team gave a role, and the role."""
    return {(a["task"], a["member"]): a["role"] for a in ws.list("role_assignment")}


def role_rows(ws: TeamWorkspace, members: list[str]) -> list[tuple[str, ...]]:
    """The role matrix: a row per task, the first letter of each member's role (R, A, C or
    I, or nothing) in the order of ``members``."""
    given = assignments(ws)
    return [(t, *(given.get((t, m), "")[:1].upper() for m in members)) for t in tasks(ws)]


def _roles_by_task(ws: TeamWorkspace) -> dict[str, dict[str, str]]:
    """Each task (chosen strategies first) with each member's role in it."""
    by_task: dict[str, dict[str, str]] = {t: {} for t in tasks(ws)}
    for a in ws.list("role_assignment"):
        by_task.setdefault(a["task"], {})[a["member"]] = a["role"]
    return by_task


def accountability_gaps(ws: TeamWorkspace) -> list[str]:
    """Tasks with no one accountable, or with more than one: each needs exactly one owner."""
    flags = []
    for task, roles in _roles_by_task(ws).items():
        accountable = [m for m, r in roles.items() if r == "accountable"]
        if not accountable:
            flags.append(f"No one is accountable for “{task}”.")
        elif len(accountable) > 1:
            flags.append(f"{len(accountable)} people are accountable for “{task}” "
                         f"({', '.join(accountable)}): agree on one.")
    return flags


def role_gaps(ws: TeamWorkspace) -> list[str]:
    """Gaps in role clarity: no one or two people accountable, one person overloaded.
    "Overloaded" is the course's rule of thumb: responsible or accountable for more than
    half of the tasks, and for at least three."""
    by_task = _roles_by_task(ws)
    flags = accountability_gaps(ws)
    load: dict[str, int] = defaultdict(int)
    for roles in by_task.values():
        for member, role in roles.items():
            load[member] += role in ("responsible", "accountable")
    for member, n in sorted(load.items()):
        if n >= 3 and n > len(by_task) / 2:
            flags.append(f"{member} is responsible or accountable for {n} of {len(by_task)} "
                         "tasks: is that too much for one person?")
    return flags


READINESS_HEADERS = ("Part of readiness", "Ratings", "Lowest", "Highest",
                     "What the spread says")


def readiness_rows(ws: TeamWorkspace) -> list[tuple[str, str, int, int, str]]:
    """Per part of readiness: each member's rating, lowest, highest, and what the spread says."""
    by_part: dict[str, list[dict]] = defaultdict(list)
    for r in ws.list("readiness"):
        by_part[r["component"]].append(r)
    rows = []
    for part in framework_items("R=MC2_component"):
        ratings = by_part.get(part, [])
        if not ratings:
            continue
        values = [r["rating"] for r in ratings]
        spread = ("Wide spread: talk about what each person sees" if max(values) - min(values)
                  >= 2 else "Close together")
        rows.append((part, "; ".join(f"{r['member']}: {r['rating']}" for r in ratings),
                     min(values), max(values), spread))
    return rows
