"""Module 2: the context map (CFIR 2.0) and the priority barriers."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from ..reference import cfir_construct, cfir_constructs
from ..store import TeamWorkspace

__all__ = ["PRIORITY_HEADERS", "context_headers", "context_rows", "framework_order",
           "priorities", "priority_rows"]


@cache
def _positions() -> dict[str, int]:
    return {c.code: i for i, c in enumerate(cfir_constructs())}


def framework_order(code: str) -> int:
    """Where a CFIR 2.0 construct comes in the framework, for sorting."""
    return _positions()[code]


def context_rows(ratings: Iterable[dict], who: bool) -> list[tuple]:
    """Ratings in the framework's order: domain, factor, [who,] effect, strength, note."""
    ratings = sorted(ratings, key=lambda f: (framework_order(f["construct"]),
                                             f.get("member", "")))
    return [(cfir_construct(f["construct"]).domain, cfir_construct(f["construct"]).name,
             *([f["member"]] if who else []), f["effect"], f["strength"], f["note"])
            for f in ratings]


def context_headers(who: str | None) -> tuple[str, ...]:
    """The headers of ``context_rows``; ``who`` names the column saying who rated."""
    return ("Domain", "Context factor", *([who] if who else []), "Barrier or facilitator",
            "Strength", "Note or evidence")


def priorities(ws: TeamWorkspace) -> list[dict]:
    """The team's priority barriers, the most important and changeable first."""
    return sorted(ws.list("priority"),
                  key=lambda p: (-p["importance"] * p["changeability"], -p["importance"]))


def _advice(p: dict) -> str:
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
