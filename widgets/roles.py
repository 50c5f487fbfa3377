"""Module 5: who does what (responsible, accountable, consulted, informed), readiness as
R = MC², and the plan for involving leaders."""

from __future__ import annotations

from collections import defaultdict

import ipywidgets as ipw

from ._charts import Chart, dots
from ._forms import FULL, WIDE, RecordForm, RecordView, choice, member_picker, text
from ._html import status, table
from .plan import chosen_strategies, strategy_label
from .reference import framework_items
from .store import TeamWorkspace

__all__ = [
    "LeaderPlanForm",
    "ReadinessForm",
    "ReadinessView",
    "RoleMatrix",
    "RoleMatrixForm",
    "accountability_gaps",
    "role_gaps",
]

ROLES = ("responsible", "accountable", "consulted", "informed")
RATINGS = (("1: very low", 1), ("2: low", 2), ("3: medium", 3), ("4: high", 4),
           ("5: very high", 5))


def tasks(ws: TeamWorkspace) -> list[str]:
    """What roles are checked for: the chosen strategies, and any task the team gave roles."""
    named = [strategy_label(s) for s in chosen_strategies(ws)]
    named += [a["task"] for a in ws.list("role_assignment")]
    return list(dict.fromkeys(named))


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
        }, author=member_picker(ws, "Recorded by"))

    def saved_message(self, saved: dict) -> str:
        return f"Saved: {saved['member']} is {saved['role']} for “{saved['task']}”."


def _roles_by_task(ws: TeamWorkspace) -> dict[str, dict[str, str]]:
    """Each task (chosen strategies first) with each member's role in it."""
    by_task: dict[str, dict[str, str]] = {t: {} for t in tasks(ws)}
    for a in ws.list("role_assignment"):
        by_task.setdefault(a["task"], {})[a["member"]] = a["role"]
    return by_task


def accountability_gaps(ws: TeamWorkspace) -> list[str]:
    """Tasks with no one accountable, or with more than one: each needs exactly one owner."""
    flags = []
    for task, roles in _roles_by_task(ws).items():
        accountable = [m for m, r in roles.items() if r == "accountable"]
        if not accountable:
            flags.append(f"No one is accountable for “{task}”.")
        elif len(accountable) > 1:
            flags.append(f"{len(accountable)} people are accountable for “{task}” "
                         f"({', '.join(accountable)}): agree on one.")
    return flags


def role_gaps(ws: TeamWorkspace) -> list[str]:
    """Gaps in role clarity: no one or two people accountable, one person overloaded.
    "Overloaded" is the course's rule of thumb: responsible or accountable for more than
    half of the tasks, and for at least three."""
    by_task = _roles_by_task(ws)
    flags = accountability_gaps(ws)
    load: dict[str, int] = defaultdict(int)
    for roles in by_task.values():
        for member, role in roles.items():
            load[member] += role in ("responsible", "accountable")
    for member, n in sorted(load.items()):
        if n >= 3 and n > len(by_task) / 2:
            flags.append(f"{member} is responsible or accountable for {n} of {len(by_task)} "
                         "tasks: is that too much for one person?")
    return flags


class RoleMatrix(RecordView):
    """Tasks down the side, members across the top, R, A, C or I in each cell; gaps flagged."""

    kinds = ("role_assignment", "strategy", "action_step", "member")

    def render(self) -> str:
        task_list = tasks(self.ws)
        if not task_list:
            return "<p>No strategies or tasks yet.</p>"
        assigned = {(a["task"], a["member"]): a["role"] for a in self.ws.list("role_assignment")}
        members = list(dict.fromkeys([m["name"] for m in self.ws.members()]
                                     + [m for _, m in assigned]))
        rows = [(t, *(assigned.get((t, m), "")[:1].upper() for m in members))
                for t in task_list]
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


def readiness_rows(ws: TeamWorkspace) -> list[tuple[str, str, int, int, str]]:
    """Per part of readiness: each member's rating, lowest, highest, and what the spread says."""
    by_part: dict[str, list[dict]] = defaultdict(list)
    for r in ws.list("readiness"):
        by_part[r["component"]].append(r)
    rows = []
    for part in framework_items("R=MC2_component"):
        ratings = by_part.get(part, [])
        if not ratings:
            continue
        values = [r["rating"] for r in ratings]
        spread = ("Wide spread: talk about what each person sees" if max(values) - min(values)
                  >= 2 else "Close together")
        rows.append((part, "; ".join(f"{r['member']}: {r['rating']}" for r in ratings),
                     min(values), max(values), spread))
    return rows


READINESS_HEADERS = ("Part of readiness", "Ratings", "Lowest", "Highest",
                     "What the spread says")


def _short_name(name: str) -> str:
    """A first name for a crowded chart label: "Dr. Priya Nair" is "Priya"."""
    parts = name.split()
    return next((p for p in parts if not p.endswith(".")), parts[0] if parts else name)


def readiness_chart(ws: TeamWorkspace) -> Chart:
    """Each member's rating of each part of readiness, as dots on one line per part."""
    by_part: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for r in ws.list("readiness"):
        by_part[r["component"]].append((r["rating"], _short_name(r["member"])))
    parts = [p for p in framework_items("R=MC2_component") if p in by_part]
    return dots(parts, [by_part[p] for p in parts], "Rating (1 very low to 5 very high)",
                "Dot chart of each member's readiness rating for each part of R = MC². The "
                "table below holds the same ratings.", limits=(0.5, 5.5))


class ReadinessView(RecordView):
    """How ready the team is on each part of R = MC², and how far members' views are apart."""

    kinds = ("readiness",)

    def render(self) -> str:
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
        }, author=member_picker(ws, "Recorded by"))
        self.load(ws.get(self.kind, ""))

    def saved_message(self, saved: dict) -> str:
        return "Saved the plan for involving leaders."
