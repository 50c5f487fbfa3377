"""Module 2: the context map (CFIR 2.0) and the priority barriers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..reference import cfir_construct, cfir_order
from ..store import TeamWorkspace

__all__ = ["PRIORITY_HEADERS", "context_headers", "context_rows", "disagreements", "priorities",
           "priority_rows"]


def context_rows(ratings: Iterable[dict], who: bool) -> list[tuple]:
    """Ratings in the framework's order: domain, factor, [who,] effect, strength, note."""
    ratings = sorted(ratings, key=lambda f: (cfir_order(f["construct"]), f.get("member", "")))
    return [(cfir_construct(f["construct"]).domain, cfir_construct(f["construct"]).name,
             *([f["member"]] if who else []), f["effect"], f["strength"], f["note"])
            for f in ratings]


def context_headers(who: str | None) -> tuple[str, ...]:
    """The headers of ``context_rows``; ``who`` names the column saying who rated."""
    return ("Domain", "Context factor", *([who] if who else []), "Barrier or facilitator",
            "Strength", "Note or evidence")


def disagreements(ws: TeamWorkspace) -> list[tuple[str, str, str]]:
    """Factors where members see things differently, in the framework's order: the factor,
    how the ratings differ, and who said what. Two members differ when one sees a barrier and
    another a facilitator, or when their strengths are two or more apart."""
    by_code: dict[str, list[dict]] = defaultdict(list)
    for f in ws.context_factors():
        by_code[f["construct"]].append(f)
    rows = []
    for code in sorted(by_code, key=cfir_order):
        ratings = by_code[code]
        effects = {f["effect"] for f in ratings}
        strengths = [f["strength"] for f in ratings]
        if len(ratings) < 2 or (len(effects) == 1 and max(strengths) - min(strengths) < 2):
            continue
        why = ("some see a barrier, some a facilitator" if len(effects) == 2
               else "strengths far apart")
        says = "; ".join(f"{f['member']}: {f['effect']} {f['strength']}" for f in ratings)
        rows.append((cfir_construct(code).name, why, says))
    return rows


def priorities(ws: TeamWorkspace) -> list[dict]:
    """The team's priority barriers, the most important and changeable first."""
    return sorted(ws.list("priority"),
                  key=lambda p: (-p["importance"] * p["changeability"], -p["importance"]))


def _advice(p: dict) -> str:
    if p["acted_on_by"] == "leaders":
        return "Kept for leaders (Module 5): no strategy of the team's own needed"
    if p["importance"] >= 2 and p["changeability"] >= 2:
        return "Good priority: it matters and the team can change it"
    if p["importance"] == 3:
        return "Important but hard to change: take it to leaders (Module 5)"
    return "Lower priority for now"


PRIORITY_HEADERS = ("Barrier", "Importance", "Changeability", "What it suggests", "Why")


def priority_rows(ranked: list[dict]) -> list[tuple]:
    """Barrier, importance, changeability, what it suggests, why (``PRIORITY_HEADERS``)."""
    return [(cfir_construct(p["construct"]).name, p["importance"], p["changeability"],
             _advice(p), p["reason"]) for p in ranked]
