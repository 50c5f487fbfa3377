"""Module 5: who does what (responsible, accountable, consulted, informed), readiness as
R = MC², and the plan for involving leaders with its one-page briefing."""

from __future__ import annotations

import ipywidgets as ipw

from ..analysis.roles import (
    READINESS_HEADERS,
    assignments,
    readiness_rows,
    role_gaps,
    role_rows,
    tasks,
)
from ..display.figures import readiness_chart
from ..display.html import status, table
from ..reference import framework_items
from ..report import leader_briefing_html
from ..store import VIEWER, TeamWorkspace
from ._alone import RatedAloneView
from ._base import (
    FULL,
    RATINGS,
    RECORDER,
    WIDE,
    RecordForm,
    RecordView,
    choice,
    member_picker,
    text,
)

__all__ = [
    "LeaderBriefing",
    "LeaderPlanForm",
    "ReadinessForm",
    "ReadinessView",
    "RoleMatrix",
    "RoleMatrixForm",
]


def _task_options(ws: TeamWorkspace) -> list[str]:
    """What a role can be given for: the tasks above and the first steps of the action plan."""
    steps = [s["step"] for s in sorted(ws.list("action_step"), key=lambda s: s["due"])]
    return list(dict.fromkeys(tasks(ws) + steps))


class RoleMatrixForm(RecordForm):
    """Say each member's role for a strategy or task."""

    kind = "role_assignment"

    def __init__(self, ws: TeamWorkspace) -> None:
        super().__init__(ws, {
            "task": ipw.Combobox(description="Strategy or task", options=_task_options(ws),
                                 ensure_option=False, placeholder="Pick, or type a task",
                                 style=WIDE, layout=FULL),
            "member": member_picker(ws, "Team member"),
            "role": choice("Role", [
                ("Responsible: does the work", "responsible"),
                ("Accountable: owns the result (one person)", "accountable"),
                ("Consulted: asked before", "consulted"),
                ("Informed: told after", "informed")]),
        }, author=member_picker(ws, RECORDER))

    def saved_message(self, saved: dict) -> str:
        return f"Saved: {saved['member']} is {saved['role']} for “{saved['task']}”."


class RoleMatrix(RecordView):
    """Tasks down the side, members across the top, R, A, C or I in each cell; gaps flagged."""

    kinds = ("role_assignment", "strategy", "action_step", "member")

    def render(self) -> str:
        task_list = tasks(self.ws)
        if not task_list:
            return "<p>No strategies or tasks yet.</p>"
        members = list(dict.fromkeys([m["name"] for m in self.ws.members()]
                                     + [m for _, m in assignments(self.ws)]))
        rows = role_rows(self.ws, members)
        flags = role_gaps(self.ws)
        summary = status(" ".join(flags) if flags else "Every task has one accountable person "
                         "and no one looks overloaded.", not flags)
        return summary + table(("Strategy or task", *members), rows,
                               caption="R = responsible, A = accountable, C = consulted, "
                                       "I = informed")


class ReadinessForm(RecordForm):
    """Each member rates the team's readiness on the three parts of R = MC²."""

    kind = "readiness"

    def __init__(self, ws: TeamWorkspace) -> None:
        self.member = member_picker(ws)
        self.component = choice("Part of readiness", framework_items("R=MC2_component"))
        super().__init__(ws, {"member": self.member, "component": self.component,
                              "rating": choice("Your rating", RATINGS),
                              "note": text("Why", "What makes you rate it so?", long=True)},
                         intro="Rate on your own first. The team looks at the spread after.")
        for w in (self.member, self.component):
            w.observe(self._prefill, "value")

    def _prefill(self, _change: object = None) -> None:
        if self.member.value and self.component.value:
            self.load(self.ws.get(self.kind, f"{self.member.value}|{self.component.value}"))

    def saved_message(self, saved: dict) -> str:
        return f"Saved {saved['member']}'s rating of {saved['component']}: {saved['rating']}."


class ReadinessView(RatedAloneView):
    """How ready the team is on each part of R = MC², and how far members' views are apart
    (rated alone: see ``RatedAloneView``)."""

    kinds = ("readiness", "ratings_open", VIEWER)
    rated = "readiness"

    def render_open(self) -> str:
        rows = readiness_rows(self.ws)
        if not rows:
            return "<p>No readiness ratings yet.</p>"
        return readiness_chart(self.ws).html() + table(
            READINESS_HEADERS, rows, caption=f"Readiness of {self.ws.name}")


class LeaderPlanForm(RecordForm):
    """Which leaders to involve, what the team needs from them, and the decisions it asks for."""

    kind = "leader_plan"

    def __init__(self, ws: TeamWorkspace) -> None:
        super().__init__(ws, {
            "leaders": text("Which leaders", "Names or roles", long=True),
            "asks": text("What we need from them", "Time, money, permission, a message",
                         long=True),
            "decisions": text("Decisions we ask for", "Each decision, and by when", long=True),
            "involvement": text("How and when we involve them", long=True),
        }, author=member_picker(ws, RECORDER))
        self.load(ws.get(self.kind, ""))

    def saved_message(self, saved: dict) -> str:
        return "Saved the plan for involving leaders."


class LeaderBriefing(RecordView):
    """The one-page leader briefing, as it stands now."""

    kinds = ("leader_plan", "initiative", "strategy", "specification", "action_step")

    def render(self) -> str:
        return leader_briefing_html(self.ws, page=False)
