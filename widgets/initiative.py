"""Module 2: the initiative profile, and choosing priority barriers."""

from __future__ import annotations

import ipywidgets as ipw

from ._charts import Chart, scatter
from ._forms import WIDE, RecordForm, RecordView, choice, member_picker, text
from ._html import table
from .reference import cfir_construct
from .store import TeamWorkspace

__all__ = ["InitiativeForm", "PriorityForm", "PriorityView", "priorities"]

LEVELS = (("1: low", 1), ("2: medium", 2), ("3: high", 3))


class InitiativeForm(RecordForm):
    """What the team is putting in place, where, for whom, and to change what."""

    kind = "initiative"

    def __init__(self, ws: TeamWorkspace) -> None:
        super().__init__(ws, {
            "name": text("Name of the initiative"),
            "setting": text("Where it happens", "The organization, place or service", long=True),
            "innovation": text("What is being put in place",
                               "The program, practice or tool: the innovation", long=True),
            "serves": text("Who it serves", long=True),
            "aims": text("What it aims to change", long=True),
        }, author=member_picker(ws, "Recorded by"))
        self.load(ws.get(self.kind, ""))

    def saved_message(self, saved: dict) -> str:
        return f"Saved the profile of “{saved['name']}”."


def priorities(ws: TeamWorkspace) -> list[dict]:
    """The team's priority barriers, the most important and changeable first."""
    return sorted(ws.list("priority"),
                  key=lambda p: (-p["importance"] * p["changeability"], -p["importance"]))


def _barrier_options(ws: TeamWorkspace) -> list[tuple[str, str]]:
    """Barriers the team agreed on; if none yet, barriers any member named."""
    agreed = [f["construct"] for f in ws.list("agreed_factor") if f["effect"] == "barrier"]
    named = agreed or [f["construct"] for f in ws.context_factors() if f["effect"] == "barrier"]
    return [(cfir_construct(c).label, c) for c in dict.fromkeys(named)]


class PriorityForm(RecordForm):
    """Rate a barrier's importance and changeability; both high makes a good priority."""

    kind = "priority"

    def __init__(self, ws: TeamWorkspace) -> None:
        self.construct = ipw.Dropdown(description="Barrier", options=_barrier_options(ws),
                                      value=None, style=WIDE)
        super().__init__(ws, {
            "construct": self.construct,
            "importance": choice("How important", LEVELS),
            "changeability": choice("How changeable", LEVELS),
            "reason": text("Why", "Why it matters, and what the team could change", long=True),
        }, author=member_picker(ws, "Recorded by"),
            intro="The list holds the barriers in your agreed map (or, before you agree one, "
                  "the barriers members named).")
        self.construct.observe(lambda _c: self.load(ws.get(self.kind, self.construct.value)),
                               "value")
        ws.on_change(self._new_barriers)

    def _new_barriers(self, kind: str) -> None:
        """Offer barriers agreed after this form was shown."""
        if kind in ("agreed_factor", "context_factor"):
            current = self.construct.value
            self.construct.options = _barrier_options(self.ws)
            self.construct.value = current if current in dict(
                (c, c) for _, c in self.construct.options) else None

    def saved_message(self, saved: dict) -> str:
        return (f"Saved “{cfir_construct(saved['construct']).name}”: importance "
                f"{saved['importance']}, changeability {saved['changeability']}.")


def _advice(p: dict) -> str:
    if p["importance"] >= 2 and p["changeability"] >= 2:
        return "Good priority: it matters and the team can change it"
    if p["importance"] == 3:
        return "Important but hard to change: take it to leaders (Module 5)"
    return "Lower priority for now"


def priority_chart(ranked: list[dict]) -> Chart:
    """Barriers placed by changeability (across) and importance (up)."""
    return scatter(
        [(p["changeability"], p["importance"], cfir_construct(p["construct"]).name)
         for p in ranked],
        "How changeable (1 low to 3 high)", "How important (1 low to 3 high)",
        f"Chart placing {len(ranked)} barriers by changeability (across) and importance "
        "(up). Top right are the best priorities. The table below holds the same data.")


def priority_rows(ranked: list[dict]) -> list[tuple]:
    """Barrier, importance, changeability, what it suggests, why."""
    return [(cfir_construct(p["construct"]).name, p["importance"], p["changeability"],
             _advice(p), p["reason"]) for p in ranked]


PRIORITY_HEADERS = ("Barrier", "Importance", "Changeability", "What it suggests", "Why")


class PriorityView(RecordView):
    """Priority barriers placed by importance and changeability, and ranked."""

    kinds = ("priority",)

    def render(self) -> str:
        ranked = priorities(self.ws)
        if not ranked:
            return "<p>No priorities rated yet.</p>"
        chart = priority_chart(ranked).html()
        return chart + table(PRIORITY_HEADERS, priority_rows(ranked),
                             caption=f"Priority barriers of {self.ws.name}")
