"""Module 4: from a chosen strategy to a plan: full specifications, what is still vague, the
causal pathway, and first steps with owners and dates."""

from __future__ import annotations

import re
from datetime import date

import ipywidgets as ipw

from ._charts import Chart, pathways, timeline
from ._forms import FULL, WIDE, RecordForm, RecordView, choice, member_picker, text
from ._html import status, table
from ._text import is_placeholder, words
from .reference import cfir_construct, eric_strategy, framework_items
from .store import TeamWorkspace

__all__ = [
    "DIMENSIONS",
    "ActionPlanForm",
    "ActionTimeline",
    "CausalPathway",
    "SpecificationCheck",
    "SpecificationForm",
    "chosen_strategies",
    "vague_dimensions",
]

# Proctor, Powell and McMillen (2013): the seven things to say about a strategy.
DIMENSIONS = {
    "actor": "Actor", "action": "Action", "action_target": "Action target",
    "temporality": "Temporality", "dose": "Dose",
    "outcome": "Implementation outcome affected", "justification": "Justification",
}
_HOW_OFTEN = re.compile(
    r"\d|\b(once|twice|daily|weekly|monthly|yearly|annually|quarterly|fortnightly|every|each|"
    r"per|times|one|two|three|four|five|six|seven|eight|nine|ten|hours?|minutes?|days?|"
    r"weeks?|months?)\b", re.IGNORECASE)


def strategy_label(strategy: int) -> str:
    """How a strategy is named everywhere in the course: its ERIC number and name."""
    return f"{strategy}. {eric_strategy(strategy).name}"


def chosen_strategies(ws: TeamWorkspace) -> list[int]:
    """The ERIC numbers of the team's selected strategies, in the order chosen."""
    return [s["strategy"] for s in ws.list("strategy")]


def strategy_picker(ws: TeamWorkspace, required: bool = True) -> ipw.Dropdown:
    options = [(strategy_label(s), s) for s in chosen_strategies(ws)]
    if not required:
        options = [("None: a general step", None), *options]
    return ipw.Dropdown(description="Strategy", options=options, value=None, style=WIDE,
                        layout=FULL)


def mentions_member(actor: str, ws: TeamWorkspace) -> bool:
    """Whether an actor mentions a member: by first or last name, or by their role."""
    said = set(words(actor))
    text = " ".join(words(actor))
    for m in ws.members():
        if said & {w for w in words(m["name"]) if len(w) > 2}:
            return True
        role = " ".join(words(m["role"]))
        if role and role in text:
            return True
    return False


def vague_dimensions(spec: dict, ws: TeamWorkspace) -> list[str]:
    """What is still vague in a strategy's specification, in plain words."""
    flags = []
    for name, label in DIMENSIONS.items():
        value = spec.get(name) or ""
        if name == "outcome":
            continue  # chosen from a list, so never vague once saved
        if is_placeholder(value):
            flags.append(f"{label} is empty or a placeholder (“{value}”).")
        elif len(words(value)) == 1:
            flags.append(f"{label} is a single word: say more.")
    actor = spec.get("actor") or ""
    if actor and not is_placeholder(actor) and not mentions_member(actor, ws):
        flags.append("The actor is no one on the team: name who does it, or invite them.")
    dose = spec.get("dose") or ""
    if dose and not is_placeholder(dose) and not _HOW_OFTEN.search(dose):
        flags.append("The dose gives no number or how often.")
    return flags


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
        super().__init__(ws, fields, author=member_picker(ws, "Recorded by"),
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
        chosen = chosen_strategies(self.ws)
        if not chosen:
            return "<p>No strategies chosen yet (Module 3).</p>"
        rows, problems = [], 0
        for sid in chosen:
            spec = self.ws.get("specification", str(sid))
            if spec is None:
                rows.append((strategy_label(sid), *[""] * len(DIMENSIONS), "Not specified yet"))
                problems += 1
                continue
            flags = vague_dimensions(spec, self.ws)
            problems += bool(flags)
            rows.append((strategy_label(sid), *(spec[d] for d in DIMENSIONS),
                         " ".join(flags) or "Clear"))
        summary = status(
            f"{problems} of {len(chosen)} strategies still need work." if problems else
            "Every chosen strategy is fully specified.", not problems)
        return summary + table(("Strategy", *DIMENSIONS.values(), "What to fix"), rows,
                               caption=f"Strategy specifications of {self.ws.name}")


def pathway_rows(ws: TeamWorkspace) -> list[tuple[str, str, str, str]]:
    """One chain per chosen strategy and barrier: strategy, mechanism, determinant, outcome."""
    reasons = {(d["strategy"], d["construct"]): d["reason"]
               for d in ws.list("strategy_decision") if d["decision"] == "accepted"}
    rows = []
    for s in ws.list("strategy"):
        spec = ws.get("specification", str(s["strategy"])) or {}
        for code in s["barriers"]:
            rows.append((strategy_label(s["strategy"]),
                         reasons.get((s["strategy"], code)) or s["reason"],
                         cfir_construct(code).name,
                         spec.get("outcome") or "not chosen yet"))
    return rows


PATHWAY_HEADERS = ("Strategy", "Mechanism: how it works", "Determinant it acts on",
                   "Outcome that should move")


def pathway_chart(rows: list[tuple[str, str, str, str]]) -> Chart:
    """Each pathway as four boxes joined by arrows."""
    return pathways(rows, PATHWAY_HEADERS,
                    f"Diagram of {len(rows)} causal pathways, each from a strategy through its "
                    "mechanism and the determinant it acts on to the outcome that should move. "
                    "The table below holds the full text.")


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
        self.due = ipw.DatePicker(description="Due date", style=WIDE)
        super().__init__(ws, {
            "step": text("First step", "A concrete action someone can start this month"),
            "strategy": strategy_picker(ws, required=False),
            "owner": member_picker(ws, "Owner"),
            "due": self.due,
        }, intro="Each step has one owner and a due date.")

    def values(self) -> dict:
        values = super().values()
        values["due"] = self.due.value.isoformat() if isinstance(self.due.value, date) else ""
        return values

    def saved_message(self, saved: dict) -> str:
        return f"Saved: {saved['owner']} will “{saved['step']}” by {saved['due']}."


def action_rows(ws: TeamWorkspace) -> list[tuple[str, str, str, str]]:
    """The team's first steps by due date: due, step, owner, strategy."""
    steps = sorted(ws.list("action_step"), key=lambda s: s["due"])
    return [(s["due"], s["step"], s["owner"],
             strategy_label(s["strategy"]) if s.get("strategy") else "") for s in steps]


def timeline_chart(rows: list[tuple[str, str, str, str]]) -> Chart:
    """The steps of ``action_rows`` along a date line."""
    return timeline([(date.fromisoformat(d), f"{step} ({owner})") for d, step, owner, _ in rows],
                    f"Timeline of {len(rows)} steps from {rows[0][0]} to {rows[-1][0]}. The "
                    "table below holds the same steps.")


ACTION_HEADERS = ("Due", "Step", "Owner", "Strategy")


class ActionTimeline(RecordView):
    """The action plan as a timeline, with owners who are not on the team flagged."""

    kinds = ("action_step", "member")

    def render(self) -> str:
        rows = action_rows(self.ws)
        if not rows:
            return "<p>No steps yet. Add the first steps with the form above.</p>"
        roster = {m["name"] for m in self.ws.members()}
        outside = sorted({owner for _, _, owner, _ in rows if owner not in roster})
        chart = timeline_chart(rows)
        note = status(f"Owners not on the roster: {', '.join(outside)}. Add them to the team, "
                      "or give the step to a member.", False) if outside else ""
        return chart.html() + note + table(ACTION_HEADERS, rows,
                                           caption=f"Action plan of {self.ws.name}")
