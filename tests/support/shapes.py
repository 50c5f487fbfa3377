"""A formed team's finished plan, for the tests that run each shape of cohort through the course.

``course cohort create`` gives a team its roster and nothing else; ``complete_plan`` then fills
the workspace with the work of a team that finished (``teams.complete_team``), done by the
formed team's own people: the complete team's six people are replaced, in every entry, by the
people named (in turn), its roster is left out so the formed roster stays, and each formed
member writes their role, as a team does in Module 0.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from tests.support.teams import complete_team
from widgets.store import KINDS, Store, TeamWorkspace, import_snapshot, validate

__all__ = ["ROLES", "complete_plan"]

# A role for each perspective, as a formed team would write them in Module 0.
ROLES = {"implementer": "Ward nurse", "researcher": "University partner",
         "evaluator": "Data analyst", "manager": "Service manager",
         "community partner": "Community health worker",
         "lived experience": "Lives with the condition", "leader": "Clinic director",
         "other": "Volunteer"}


@cache
def _complete() -> tuple[dict[str, Any], tuple[str, ...]]:
    """The complete team's snapshot, made once in a store of its own, and its people."""
    scratch = Store("sqlite://")
    try:
        done = complete_team(scratch)
        return done.snapshot(), tuple(m["name"] for m in done.members())
    finally:
        scratch.close()


def _renamer(old: Sequence[str], new: Sequence[str]) -> tuple[re.Pattern[str], dict[str, str]]:
    """Each old name, and each part of it (first name, surname, "Dr. Nair"), to its new name:
    whole words, case as written, longest first."""
    to: dict[str, str] = {}
    for k, name in enumerate(old):
        person = new[k % len(new)]
        to.setdefault(name, person)
        parts = name.removeprefix("Dr. ").split()
        for part in (*parts, f"Dr. {parts[-1]}"):
            to.setdefault(part, person)
    pattern = "|".join(re.escape(n) for n in sorted(to, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)"), to


def complete_plan(store: Store, team: str, initiative: str,
                  doers: Sequence[str] | None = None) -> TeamWorkspace:
    """Fill team ``team`` (formed, with its roster) with a finished plan for ``initiative``,
    its work done by ``doers`` (by default everyone on the roster); each member writes a role.

    With fewer doers than the complete team's six people, some do two people's parts, and an
    entry made twice (two ratings of one factor by one person) is kept once: an initiative
    whose one owner does the work then lacks a second rater until its critical friends rate.
    """
    ws = store.team(team)
    roster = ws.members()
    assert roster, f"{team} has no roster: form it first"
    snap, old = _complete()
    finder, to = _renamer(old, list(doers or [m["name"] for m in roster]))

    def rename(value: object) -> object:
        return finder.sub(lambda m: to[m.group(0)], value) if isinstance(value, str) else value

    records, seen = [], set()
    for rec in snap["records"]:
        if rec["kind"] == "member":
            continue  # the formed roster stays
        data = {k: [rename(x) for x in v] if isinstance(v, list) else rename(v)
                for k, v in rec["data"].items()}
        if rec["kind"] == "initiative":
            data["name"] = initiative
        data = validate(rec["kind"], data)
        key = (rec["kind"], KINDS[rec["kind"]].key(data))
        if key not in seen:
            seen.add(key)
            records.append({**rec, "key": key[1], "data": data,
                            "updated_by": to.get(rec["updated_by"], rec["updated_by"])})
    import_snapshot(store, {**snap, "records": records, "history": []}, team)
    for m in roster:
        ws.save("member", {**m, "role": ROLES[m["perspective"]]}, by=m["name"])
    return ws


def friends_take_part(store: Store, team: str) -> None:
    """What the critical friends of an initiative do in the course, each on their own: write
    their own understanding of the terms the team defined (Module 1), rate the context
    factors the team rated (Module 2), rate readiness (Module 5), and reflect on how the
    group learned together (Module 7)."""
    ws = store.team(team)
    terms = sorted({e["term"] for e in ws.list("glossary_entry")})
    factors = sorted({f["construct"] for f in ws.context_factors()})
    components = sorted({r["component"] for r in ws.list("readiness")})
    for friend in (m["name"] for m in ws.members() if m["involvement"] == "critical friend"):
        for term in terms:
            ws.save("glossary_entry", {"term": term, "member": friend, "definition":
                                       f"How I understand {term} from my own initiative's "
                                       "work, as a critical friend."})
        for n, code in enumerate(factors):
            ws.save("context_factor", {"construct": code, "member": friend,
                                       "effect": ("barrier", "facilitator")[n % 2],
                                       "strength": 1 + n % 3,
                                       "note": "What I heard at the group's session about it."})
        for component in components:
            ws.save("readiness", {"member": friend, "component": component, "rating": 3,
                                  "note": "What the owner showed us at the group's session."})
        ws.save("reflection", {"module": 7, "member": friend, "text":
                               "Hearing another initiative's barriers made me look again at "
                               "my own, and asking questions taught me as much as answering."})
