"""The graded checks of Module 0: the team, its roles and perspectives, how it works."""

from __future__ import annotations

from ...analysis.team import perspectives as team_perspectives
from ...analysis.team import roster_names
from ...analysis.text import is_placeholder, is_thin_note, lines, quote, some
from ...store import FACILITATOR_FROM, TeamWorkspace
from .check import Check, meeting

__all__ = ["CHECKS"]

MIN_MEMBERS = 3
MIN_PERSPECTIVES = 3
MIN_AGREEMENTS = 3
# Where a facilitator comes from: the team, or from outside it (not on the roster).
MEMBER, ALUMNUS, OTHER_TEAM = FACILITATOR_FROM[:3]


def members_with_roles(ws: TeamWorkspace) -> list[str]:
    """Enough people to share the work, each with a role, so the team knows who does what. In
    a learning group with several initiatives, the group's members who rate and advise on this
    one as critical friends count: the group holds the mix, the initiative's people decide."""
    members = ws.members()
    problems = []
    if len(members) < MIN_MEMBERS:
        problems.append(f"Your roster has {len(members)} member(s). Add everyone who works on "
                        f"the initiative with you: at least {MIN_MEMBERS} people.")
    if members and all(m["involvement"] == "critical friend" for m in members):
        problems.append("Everyone on your roster is a critical friend. Add the people who work "
                        "on the initiative: they decide, after hearing the friends.")
    no_role = [m["name"] for m in members if is_placeholder(m["role"])]
    if no_role:
        problems.append("Add each person's role (their job or position) for: "
                        + some(no_role) + ".")
    return problems


def perspectives(ws: TeamWorkspace) -> list[str]:
    """A mix of views: a team of one perspective misses what the others would see."""
    present, lacking = team_perspectives(ws)
    have = sorted(p for p in present if p != "other")
    if len(have) >= MIN_PERSPECTIVES:
        return []
    return [f"Your roster shows {len(have)} different perspective(s)"
            f"{': ' + ', '.join(have) if have else ''}. A mix of views lets the team see more: "
            f"invite people who bring at least {MIN_PERSPECTIVES} different perspectives (not "
            f"yet on the team: {', '.join(lacking)}), and add them to the roster."]


def agreements(ws: TeamWorkspace) -> list[str]:
    """Agreements a team can actually check itself against, and a meeting rhythm."""
    a = ws.get("agreements", "")
    if a is None:
        return ["Your team has not saved its working agreements yet. Write them in the "
                "Module 0 agreements form."]
    problems = []
    written = lines(a["agreements"])
    if len(written) < MIN_AGREEMENTS:
        problems.append(f"Write at least {MIN_AGREEMENTS} working agreements, one per line "
                        f"(there are {len(written)}).")
    vague = [line for line in written if is_thin_note(line, 3)]
    if vague:
        problems.append("Make these agreements specific enough to check (what people will "
                        "do): " + "; ".join(quote(v) for v in vague) + ".")
    if is_placeholder(a["rhythm"]):
        problems.append("Say when your team meets: the sessions, and the meetings between "
                        "them.")
    return problems


def facilitator(ws: TeamWorkspace) -> list[str]:
    """Someone keeps time and makes sure every voice is heard: a member, or someone from
    outside the team (an alumnus of an earlier cohort, a member of another team) whom the team
    records as such, since the roster cannot vouch for them."""
    a = ws.get("agreements", "")
    if a is None:
        return ["Name who facilitates your sessions in the Module 0 agreements form."]
    name = a["facilitator"]
    if name in roster_names(ws):
        return []
    if a["facilitator_from"] == MEMBER:
        return [f"“{name}” facilitates, but is not on your roster. If they are on the team, "
                "add them to the roster (or name a member who facilitates). If they come from "
                "outside the team, say so in the Module 0 agreements form, under “Where the "
                f"facilitator comes from”: “{ALUMNUS}” or “{OTHER_TEAM}”."]
    if is_placeholder(name):
        return [f"Write the name of the person who facilitates: “{name}” does not name anyone "
                "yet."]
    return []


CHECKS = (
    Check("roster", f"At least {MIN_MEMBERS} members on the roster, each with a role.", 0,
          ("member",), members_with_roles),
    Check("perspectives", f"At least {MIN_PERSPECTIVES} different perspectives on the team.",
          0, ("member",), perspectives),
    Check("agreements", f"At least {MIN_AGREEMENTS} working agreements specific enough to "
          "check, and when the team meets.", 0, ("agreements",), agreements),
    Check("facilitator", "A facilitator who is on the roster, or recorded as coming from "
          "outside the team.", 0, ("agreements", "member"), facilitator),
    meeting(0),
)
