"""Rate alone, then look: who may see what members said of a kind they each rate on their own
first (``RATED_ALONE``: Modules 1, 2, 5, 7 and 8).

Seeing teammates' ratings before giving one's own pulls everyone towards the first or the
loudest answer, and the team loses the spread it is meant to talk about. So the team's views
show how many have rated, not what they said, until the person looking has saved their own,
or the facilitator shows everyone's (kind ``ratings_open``). The worked example is never
held back: it is there to be read.
"""

from __future__ import annotations

from ..store import TeamWorkspace
from ..store.model import RATED_AT_A_REVIEW, normalise_name

__all__ = ["NO_NAME", "is_open", "may_see", "raters", "rated_line", "switch_key"]

NO_NAME = "Type your name in the line at the top that says who is here."
# What members do, per kind: written (a definition) or rated (everything else).
_WRITTEN = ("glossary_entry",)


def _same(name: str) -> str:
    return normalise_name(name).casefold()


def _entries(ws: TeamWorkspace, kind: str, review: str) -> list[dict]:
    """Members' entries of ``kind``; for a kind rated at a review, those of ``review`` only."""
    entries = ws.list(kind)
    if kind in RATED_AT_A_REVIEW:
        entries = [e for e in entries if e["review"] == review]
    return entries


def raters(ws: TeamWorkspace, kind: str, review: str = "") -> list[str]:
    """Who has saved an entry of ``kind`` (of ``review``), each name once, as first written."""
    seen: dict[str, str] = {}
    for e in _entries(ws, kind, review):
        seen.setdefault(_same(e["member"]), e["member"])
    return list(seen.values())


def switch_key(kind: str, review: str = "") -> str:
    """The key of the facilitator's switch for ``kind`` (and ``review``)."""
    return f"{kind}|{review if kind in RATED_AT_A_REVIEW else ''}"


def is_open(ws: TeamWorkspace, kind: str, review: str = "") -> bool:
    """Whether the facilitator has shown everyone's ratings of ``kind`` (of ``review``)."""
    switch = ws.get("ratings_open", switch_key(kind, review))
    return bool(switch) and switch["open"] == "yes"


def may_see(ws: TeamWorkspace, kind: str, review: str = "") -> bool:
    """Whether the person looking (``ws.viewer``) may see what members said of ``kind``: in the
    worked example, once the facilitator has shown everyone's, or once they saved their own."""
    if ws.practice or is_open(ws, kind, review):
        return True
    viewer = ws.viewer
    return bool(viewer) and _same(viewer) in {_same(n) for n in raters(ws, kind, review)}


def rated_line(ws: TeamWorkspace, kind: str, review: str = "") -> str:
    """What the team's view says while it holds answers back: how many have rated, out of the
    roster (critical friends rate too), and how to see the rest. Plain text."""
    done = {_same(n) for n in raters(ws, kind, review)}
    roster = {_same(m["name"]) for m in ws.members()}
    verb = "written their own definitions" if kind in _WRITTEN else "rated"
    n = len(done)
    if roster:
        everyone = len(roster | done)
        has = "has" if n == 1 else "have"
        count = f"{n} of {everyone} member{'' if everyone == 1 else 's'} {has} {verb}"
    else:
        count = (f"No member has {verb}" if n == 0 else
                 f"{n} member{' has' if n == 1 else 's have'} {verb}")
    when = f" for the review of {review}" if kind in RATED_AT_A_REVIEW and review else ""
    own = "your own definition" if kind in _WRITTEN else "your own rating"
    line = (f"{count}{when} so far. You see what they said once you have saved {own}, or "
            "when your facilitator shows everyone's ratings.")
    if not ws.viewer:
        line += f" {NO_NAME}"
    return line
