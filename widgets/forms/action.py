"""Module 4: from a chosen strategy to a plan: full specifications, what is still vague, the
causal pathway, and first steps with owners and dates."""

from __future__ import annotations

import ipywidgets as ipw

from ..analysis.action import (
    ACTION_HEADERS,
    CLEAR,
    DIMENSIONS,
    PATHWAY_HEADERS,
    action_rows,
    pathway_rows,
    specification_rows,
    vague_dimensions,
)
from ..analysis.strategies import strategy_label
from ..analysis.team import roster_names
from ..display.figures import pathway_chart, timeline_chart
from ..display.html import status, table
from ..reference import framework_items
from ..store import TeamWorkspace
from ._base import (
    RECORDER,
    RecordForm,
    RecordView,
    choice,
    date_box,
    member_picker,
    strategy_picker,
    text,
)

__all__ = [
    "ActionPlanForm",
    "ActionTimeline",
    "CausalPathway",
    "SpecificationCheck",
    "SpecificationForm",
]


class SpecificationForm(RecordForm):
    """Specify a chosen strategy on the seven dimensions, so anyone could carry it out."""

    kind = "specification"

    def __init__(self, ws: TeamWorkspace) -> None:
        self.strategy = strategy_picker(ws)
        hints = {
            "actor": "Who does it: names or roles",
            "action": "What exactly they do",
            "action_target": "Who or what it aims to change",
            "temporality": "When, and in what order",
            "dose": "How often, how long, how much",
            "justification": "Why it should work on the barrier",
        }
        fields: dict[str, ipw.Widget] = {"strategy": self.strategy}
        for name, label in DIMENSIONS.items():
            if name == "outcome":
                fields[name] = choice(label, framework_items("implementation_outcome"),
                                      radio=False)
            else:
                fields[name] = text(f"{label}", hints[name],
                                    long=name in ("action", "justification"))
        super().__init__(ws, fields, author=member_picker(ws, RECORDER),
                         intro="Pick one of your chosen strategies and say, for each of the "
                               "seven dimensions, exactly what will happen.")
        self.strategy.observe(self._prefill, "value")

    def _prefill(self, _change: object = None) -> None:
        for name, widget in self.fields.items():
            if name != "strategy":
                widget.value = None if name == "outcome" else ""
        if self.strategy.value is not None:
            self.load(self.ws.get(self.kind, str(self.strategy.value)))

    def saved_message(self, saved: dict) -> str:
        flags = vague_dimensions(saved, self.ws)
        note = f" Still vague: {' '.join(flags)}" if flags else " Nothing looks vague."
        return f"Saved the specification of “{strategy_label(saved['strategy'])}”.{note}"


class SpecificationCheck(RecordView):
    """Every chosen strategy's specification, with what is still vague flagged."""

    kinds = ("specification", "strategy", "member")

    def render(self) -> str:
        rows = specification_rows(self.ws)
        if not rows:
            return "<p>No strategies chosen yet (Module 3).</p>"
        problems = sum(row[-1] != CLEAR for row in rows)
        summary = status(
            f"{problems} of {len(rows)} strategies still need work." if problems else
            "Every chosen strategy is fully specified.", not problems)
        return summary + table(("Strategy", *DIMENSIONS.values(), "What to fix"), rows,
                               caption=f"Strategy specifications of {self.ws.name}")


class CausalPathway(RecordView):
    """How each strategy should work: strategy, mechanism, determinant, outcome."""

    kinds = ("strategy", "strategy_decision", "specification")

    def render(self) -> str:
        rows = pathway_rows(self.ws)
        if not rows:
            return "<p>No strategies chosen yet (Module 3).</p>"
        return pathway_chart(rows).html() + table(PATHWAY_HEADERS, rows,
                                    caption=f"Causal pathways of {self.ws.name}")


class ActionPlanForm(RecordForm):
    """A concrete first step, with one owner and a date."""

    kind = "action_step"

    def __init__(self, ws: TeamWorkspace) -> None:
        super().__init__(ws, {
            "step": text("First step", "A concrete action someone can start this month"),
            "strategy": strategy_picker(ws, required=False),
            "owner": member_picker(ws, "Owner"),
            "due": date_box("Due date"),
        }, intro="Each step has one owner and a due date.")

    def values(self) -> dict:
        """The step as written here; where it stands (marked at reviews, Module 8) stays."""
        earlier = self.ws.get(self.kind, self.fields["step"].value) or {}
        return {**{k: earlier[k] for k in ("status", "status_date", "status_reason")
                   if k in earlier}, **super().values()}

    def saved_message(self, saved: dict) -> str:
        return f"Saved: {saved['owner']} will “{saved['step']}” by {saved['due']}."


class ActionTimeline(RecordView):
    """The action plan as a timeline, with owners who are not on the team flagged."""

    kinds = ("action_step", "member")

    def render(self) -> str:
        rows = action_rows(self.ws)
        if not rows:
            return "<p>No steps yet. Add the first steps with the form above.</p>"
        roster = roster_names(self.ws)
        outside = sorted({owner for _, _, owner, _ in rows if owner not in roster})
        chart = timeline_chart(rows)
        note = status(f"Owners not on the roster: {', '.join(outside)}. Add them to the team, "
                      "or give the step to a member.", False) if outside else ""
        return chart.html() + note + table(ACTION_HEADERS, rows,
                                           caption=f"Action plan of {self.ws.name}")
