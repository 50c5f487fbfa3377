"""Module 0: the team's roster and the perspectives it holds and lacks."""

from __future__ import annotations

from ..store import PERSPECTIVES, TeamWorkspace

__all__ = ["perspectives", "roster_names"]


def roster_names(ws: TeamWorkspace) -> set[str]:
    """The names on the team's roster."""
    return {m["name"] for m in ws.members()}


def perspectives(ws: TeamWorkspace) -> tuple[list[str], list[str]]:
    """The perspectives on the team, and those not yet on it ("other" is never missing),
    each in the course's order."""
    present = {m["perspective"] for m in ws.members()}
    have = [p for p in PERSPECTIVES if p in present]
    lack = [p for p in PERSPECTIVES if p not in present and p != "other"]
    return have, lack
