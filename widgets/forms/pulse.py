"""The pulse on trust and role clarity, at Modules 0, 4 and 7: each member answers alone, and
the team sees only the spread of answers and how it changed, never who said what.

The statements and the scale are the course's own (``PULSE_STATEMENTS`` in the store's
model): a reflection tool, not a validated measure, and every view says so.
"""

from __future__ import annotations

from html import escape

from ..analysis.pulse import (
    MIN_FOR_MIDDLE,
    SMALL_GROUP,
    answered,
    few_answered,
    pulse_change,
    pulse_spread,
    statement_text,
)
from ..display.html import table
from ..store import TeamWorkspace
from ..store.model import PULSE_MODULES, PULSE_SCALE, PULSE_STATEMENTS
from ._base import RecordForm, RecordView, choice, member_picker

__all__ = ["NOT_VALIDATED", "PulseForm", "PulseView"]

NOT_VALIDATED = "The course's own reflection tool, not a validated measure"
SCALE = [(f"{n}: {label}", n) for n, label in PULSE_SCALE]


def _intro(module: int) -> str:
    low, high = PULSE_SCALE[0], PULSE_SCALE[-1]
    return (
        f"<b>The pulse, Module {module}.</b> Answer on your own, not on a shared screen. For "
        f"each statement, say how true it is for you now, from {low[0]} ({low[1]}) to "
        f"{high[0]} ({high[1]}). There are no right answers. "
        "<br>The team's view shows only how many people gave each answer, never who said "
        "what. But be aware: your answers are saved under your name, like every entry. "
        "Someone who can read your team's saved entries directly, such as a teammate who "
        "uses code or your facilitator, could see them. "
        f"<br><i>{NOT_VALIDATED}.</i>")


class PulseForm(RecordForm):
    """One member's answers to the pulse at one module (0, 4 or 7), given alone.

    Picking a name never shows that person's earlier answers (on a shared screen anyone could
    pick any name), and a save clears the ratings, so the next person sees nothing of the
    last one's. Saving again at the same module replaces the member's answers.
    """

    kind = "pulse"

    def __init__(self, ws: TeamWorkspace, module: int) -> None:
        self.module = module
        self.member = member_picker(ws)
        self.ratings = {name: choice(text, SCALE) for name, _topic, text in PULSE_STATEMENTS}
        super().__init__(ws, {"member": self.member, **self.ratings}, intro=_intro(module),
                         save_label="Save my answers")

    def values(self) -> dict:
        return {**super().values(), "module": self.module}

    def after_save(self, saved: dict) -> None:
        for widget in self.ratings.values():
            widget.value = None

    def saved_message(self, saved: dict) -> str:
        return (f"Saved {saved['member']}'s answers for Module {saved['module']}, and cleared "
                "the form. Answering again at this module replaces them.")


def _middle(value: float | None, people: int) -> str:
    if value is not None:
        return str(value)
    return "no answers" if people == 0 else "not shown: too few answers"


class PulseView(RecordView):
    """How the team's answers to the pulse spread at Modules 0, 4 and 7, and how the middle
    answer changed: counts and medians only, never a name."""

    kinds = ("pulse",)

    def render(self) -> str:
        note = f"<p><i>{NOT_VALIDATED}.</i></p>"
        people = answered(self.ws)
        if not any(people.values()):
            return "<p>No one has answered the pulse yet.</p>" + note
        said = ", ".join(f"{n or 'none yet'} at Module {m}" for m, n in people.items())
        parts = [f"<p>People who answered the pulse: {escape(said)}.</p>"]
        if few := few_answered(self.ws):
            where = " and ".join(f"Module {m}" for m in few)
            parts.append(f"<p><b>Counts only at {escape(where)}.</b> {escape(SMALL_GROUP)}</p>")
        parts.append(table(
            ("Statement", "Module", *(label for label, _n in SCALE),
             "Middle answer (median)"),
            [(statement_text(s.statement), f"Module {s.module}", *s.counts,
              _middle(s.middle, s.answers)) for s in sorted(
                pulse_spread(self.ws),
                key=lambda s: ([n for n, _t, _x in PULSE_STATEMENTS].index(s.statement),
                               s.module))],
            caption=f"How many people gave each answer, in {self.ws.name}"))
        parts.append(table(
            ("Statement", *(f"Module {m}" for m in PULSE_MODULES), "What moved"),
            [(statement_text(c.statement),
              *(_middle(v, people[m]) for m, v in zip(PULSE_MODULES, c.middles, strict=True)),
              c.said) for c in pulse_change(self.ws)],
            caption=f"The middle answer over the course (shown when {MIN_FOR_MIDDLE} or more "
                    "answered)"))
        return "".join(parts) + note
