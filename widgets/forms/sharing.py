"""The team and its cohort: what the team shares with the other teams, and teams like yours."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

import ipywidgets as ipw

from ..analysis.peers import Match, teams_like
from ..analysis.strategies import strategy_label
from ..display.html import table
from ..reference import cfir_construct
from ..store import SHARED_PARTS, SharedWork, TeamWorkspace
from ._base import RECORDER, RecordForm, RecordView, member_picker

__all__ = ["SharingForm", "TeamsLikeYours"]

# What each part holds, in the words a team reads before it ticks.
_PART_LABELS = {
    "context map": "Our context map: the initiative, the context factors we agreed and our "
                   "priority barriers (Module 2)",
    "strategies": "Our strategies and how we specified them (Modules 3 and 4)",
    "plan": "Our plan: the action steps, where each stands, and our outcome measures "
            "(Modules 4, 6 and 8)",
    "leader briefing": "Our plan for involving leaders (Module 5)",
}


class _Parts(ipw.VBox):
    """A tick box for each part a team can share, as one field: its ``value`` is the list."""

    def __init__(self) -> None:
        self.ticks = {part: ipw.Checkbox(description=_PART_LABELS[part], indent=False,
                                         value=False, layout=ipw.Layout(width="auto"))
                      for part in SHARED_PARTS}
        super().__init__([ipw.HTML("<p><b>What we share with our cohort</b></p>"),
                          *self.ticks.values()])

    @property
    def value(self) -> list[str]:
        return [part for part, tick in self.ticks.items() if tick.value]

    @value.setter
    def value(self, parts: Sequence[str]) -> None:
        for part, tick in self.ticks.items():
            tick.value = part in parts


def _said(parts: Sequence[str]) -> str:
    names = [f"its {p}" for p in parts]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class SharingForm(RecordForm):
    """Choose what the team shares, read-only, with the other teams of its cohort."""

    kind = "sharing"

    def __init__(self, ws: TeamWorkspace) -> None:
        super().__init__(
            ws, {"parts": _Parts()}, author=member_picker(ws, RECORDER),
            intro="Your cohort is the group of teams taking the course when you do. Other "
                  "teams in it may face the barriers you face. You can let them read parts of "
                  "your work, and learn from theirs. Nothing is shared until your team ticks a "
                  "part here and saves. Other teams can read what you share but never change "
                  "it, and they never see its earlier versions. Names in a part go with it "
                  "(who owns a step, who collects a measure). Untick a part and save to stop "
                  "sharing it at once. Agree as a team before you share.")
        self.load(ws.get("sharing", ""))

    def saved_message(self, saved: dict[str, Any]) -> str:
        cohort = f"“{self.ws.cohort}”" if self.ws.cohort else "your cohort"
        if not saved["parts"]:
            return f"Your team shares nothing with the other teams of {cohort}."
        return (f"Your team now shares {_said(saved['parts'])} with the other teams of "
                f"{cohort}. They can read it, not change it.")


def _barrier_names(codes: Sequence[str]) -> str:
    return ", ".join(cfir_construct(c).name for c in codes)


def _strategies(work: SharedWork, match: Match) -> str:
    """The other team's strategies, those for the barriers or strategies in common first,
    each with how the team specified it."""
    specs = {s["strategy"]: s for s in work.list("specification")}

    def relevant(s: dict) -> bool:
        return s["strategy"] in match.strategies or bool(set(s["barriers"]) & set(match.barriers))

    ordered = sorted(work.list("strategy"), key=lambda s: (not relevant(s), s["strategy"]))
    rows = [(strategy_label(s["strategy"]), _barrier_names(s["barriers"]), s["reason"],
             specs.get(s["strategy"], {}).get("actor", ""),
             specs.get(s["strategy"], {}).get("action", ""),
             specs.get(s["strategy"], {}).get("dose", ""),
             specs.get(s["strategy"], {}).get("temporality", ""))
            for s in ordered]
    return table(("Strategy", "For the barriers", "How it should work", "Who does it",
                  "What they do", "How much, how often", "When"), rows,
                 caption=f"{work.team}: strategies and how they specified them")


def _shared_html(match: Match) -> str:
    """One team's shared work, as a reader would want it: what it faces, what it did."""
    work = match.work
    parts = []
    profile = work.list("initiative")
    if profile:
        p = profile[0]
        parts.append(f"<p><b>Their initiative:</b> {escape(p['name'])}. "
                     f"{escape(p['innovation'])} ({escape(p['setting'])})</p>")
    factors = work.list("agreed_factor")
    if factors:
        parts.append(table(("Context factor", "Barrier or facilitator", "Strength", "Note"),
                           [(cfir_construct(f["construct"]).name, f["effect"], f["strength"],
                             f["note"]) for f in factors],
                           caption=f"{work.team}: their agreed context map"))
    if work.list("strategy"):
        parts.append(_strategies(work, match))
    steps = work.list("action_step")
    if steps:
        parts.append(table(("Step", "Strategy", "Due", "Where it stands"),
                           [(s["step"], strategy_label(s["strategy"]) if s["strategy"] else "",
                             s["due"], s["status"]) for s in steps],
                           caption=f"{work.team}: their action steps"))
    measures = work.list("outcome_measure")
    if measures:
        parts.append(table(("Outcome", "Measure", "Goal"),
                           [(m["dimension"], m["measure"], m["goal"]) for m in measures],
                           caption=f"{work.team}: how they will know it works"))
    leaders = work.list("leader_plan")
    if leaders:
        lp = leaders[0]
        parts.append(f"<p><b>Their plan for leaders:</b> {escape(lp['leaders'])}: "
                     f"{escape(lp['asks'])}</p>")
    return "".join(parts)


class TeamsLikeYours(RecordView):
    """Shared work of the other teams of the cohort, the teams most like this one first."""

    kinds = ("agreed_factor", "strategy", "sharing")

    def render(self) -> str:
        matches = teams_like(self.ws, self.ws.shared_in_cohort())
        if not matches:
            return ("<p>No other team in your cohort shares its work yet. When one does, it "
                    "shows here, the teams most like yours first.</p>")
        blocks = []
        for i, m in enumerate(matches):
            common = []
            if m.barriers:
                common.append(f"also faces {escape(_barrier_names(m.barriers))}")
            if m.strategies:
                common.append("also chose " + escape(", ".join(
                    strategy_label(s) for s in m.strategies)))
            said = ("; ".join(common) if m.alike
                    else "nothing in common with your barriers or strategies yet")
            shares = ", ".join(m.work.parts)
            blocks.append(f"<details{' open' if i == 0 and m.alike else ''}><summary><b>"
                          f"{escape(m.work.team)}</b>: {said} (shares: {escape(shares)})"
                          f"</summary>{_shared_html(m)}</details>")
        alike = sum(m.alike for m in matches)
        sharing = ("the one team sharing its work" if len(matches) == 1
                   else f"the {len(matches)} teams sharing their work")
        verbs = ("faces", "chose") if alike == 1 else ("face", "chose")
        return (f"<p>{alike} of {sharing} {verbs[0]} a barrier you face or {verbs[1]} a "
                "strategy you chose. Open a team to read what it did. What worked for them is "
                "an idea to discuss, not evidence that it will work for you.</p>"
                + "".join(blocks))
