"""Teams like yours: of the work other teams of the cohort share, whose barriers and strategies
are the team's own, and what those teams did about them.

A team's barriers are those of its agreed context map (Module 2); another team's are those of
its map, when it shares that, and the barriers its shared strategies address (Module 3 names
them), so a team that shares only its strategies still shows what it faced.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..reference import cfir_order
from ..store import SharedWork, TeamWorkspace

__all__ = ["Match", "teams_like"]


@dataclass(frozen=True)
class Match:
    """Another team's shared work, and what it has in common with the team."""

    work: SharedWork
    barriers: tuple[str, ...]  # CFIR codes both teams face, in CFIR's order
    strategies: tuple[int, ...]  # ERIC numbers both teams chose

    @property
    def alike(self) -> bool:
        """Whether the other team faces a barrier or chose a strategy the team does."""
        return bool(self.barriers or self.strategies)


def _barriers_of(entries: SharedWork | TeamWorkspace) -> set[str]:
    """The CFIR codes of a team's barriers: its agreed map's, and those its strategies
    address."""
    mapped = {f["construct"] for f in entries.list("agreed_factor") if f["effect"] == "barrier"}
    return mapped | {code for s in entries.list("strategy") for code in s["barriers"]}


def teams_like(ws: TeamWorkspace, shared: list[SharedWork]) -> list[Match]:
    """Every team that shares something, the most alike first (most barriers and strategies
    in common, then by name); teams with nothing in common last, still listed."""
    mine = _barriers_of(ws)
    chosen = {s["strategy"] for s in ws.list("strategy")}
    matches = []
    for work in shared:
        common = sorted(mine & _barriers_of(work), key=cfir_order)
        both = sorted(chosen & {s["strategy"] for s in work.list("strategy")})
        matches.append(Match(work, tuple(common), tuple(both)))
    return sorted(matches, key=lambda m: (-(len(m.barriers) + len(m.strategies)),
                                          m.work.team.casefold()))
