"""Module 7: how well the conditions for lasting are in place (the PSAT domains)."""

from __future__ import annotations

from ..reference import framework_items
from ..store import TeamWorkspace

__all__ = ["WEAK", "sustainability_rows"]

WEAK = 3  # the course's rule of thumb: a domain rated 3 or lower needs an action


def sustainability_rows(ws: TeamWorkspace) -> list[tuple[str, int, str]]:
    """Each rated domain, in the tool's order: domain, rating, action."""
    rated = {r["domain"]: r for r in ws.list("sustainability")}
    return [(d, rated[d]["rating"], rated[d]["action"]) for d in framework_items("PSAT_domain")
            if d in rated]
