"""Module 7: how well the conditions for lasting are in place (the PSAT domains), rated by
each member and then by the team, and the team's plans for spreading the work."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..reference import framework_items
from ..store import TeamWorkspace

__all__ = ["FAR_APART", "SPREADING_HEADERS", "WEAK", "DomainSpread", "member_ratings",
           "spreading_rows", "sustainability_rows", "sustainability_spread"]

WEAK = 3  # the course's rule of thumb: a domain rated 3 or lower needs an action
FAR_APART = 3  # members' ratings this many points apart (of 1 to 7): talk about it first


def sustainability_rows(ws: TeamWorkspace) -> list[tuple[str, int, str]]:
    """Each rated domain, in the tool's order: domain, rating, action."""
    rated = {r["domain"]: r for r in ws.list("sustainability")}
    return [(d, rated[d]["rating"], rated[d]["action"]) for d in framework_items("PSAT_domain")
            if d in rated]


def member_ratings(ws: TeamWorkspace, domain: str) -> list[dict]:
    """What each member said of one domain, by name."""
    return sorted((r for r in ws.list("sustainability_rating") if r["domain"] == domain),
                  key=lambda r: r["member"].casefold())


@dataclass(frozen=True)
class DomainSpread:
    """How members' own ratings of one domain spread, with no one's name."""

    domain: str
    rated: int  # how many members rated it
    lowest: int
    highest: int

    @property
    def far_apart(self) -> bool:
        """Two members or more, FAR_APART points or more between the lowest and highest."""
        return self.rated >= 2 and self.highest - self.lowest >= FAR_APART


def sustainability_spread(ws: TeamWorkspace) -> list[DomainSpread]:
    """Each domain some member rated, in the tool's order: how many rated it, the lowest and
    the highest rating."""
    by_domain: dict[str, list[int]] = defaultdict(list)
    for r in ws.list("sustainability_rating"):
        by_domain[r["domain"]].append(r["rating"])
    return [DomainSpread(d, len(by_domain[d]), min(by_domain[d]), max(by_domain[d]))
            for d in framework_items("PSAT_domain") if by_domain[d]]


SPREADING_HEADERS = ("Where next", "What must travel with it", "What can change there",
                     "Who decides", "The first step", "By when")


def spreading_rows(ws: TeamWorkspace) -> list[tuple[str, ...]]:
    """The team's plans for spreading, one a place (``SPREADING_HEADERS``)."""
    return [(p["where"], p["core"], p["can_change"], p["decides"], p["first_step"],
             p["by_when"]) for p in sorted(ws.list("spreading"),
                                           key=lambda p: p["where"].casefold())]
