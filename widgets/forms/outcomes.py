"""Module 6: how the team will know whether its strategies work."""

from __future__ import annotations

from ..analysis.outcomes import OUTCOME_HEADERS, outcome_rows, unmeasured
from ..analysis.strategies import chosen_strategies, strategy_label
from ..display.html import status, table
from ..store import KINDS, TeamWorkspace
from ._base import (
    RECORDER,
    WIDE,
    RecordForm,
    RecordView,
    choice,
    member_picker,
    strategy_picker,
    text,
    unreadable,
)

__all__ = ["OutcomeCheck", "OutcomeMeasureForm"]


class OutcomeMeasureForm(RecordForm):
    """For one strategy: an outcome to track, its measure, data source, who and when."""

    kind = "outcome_measure"

    def __init__(self, ws: TeamWorkspace) -> None:
        dimensions = KINDS[self.kind].choices("dimension")
        super().__init__(ws, {
            "strategy": strategy_picker(ws),
            "dimension": choice("Outcome or RE-AIM dimension", dimensions, radio=False),
            "measure": text("Measure", "What you will count or ask"),
            "source": text("Data source", "Where the numbers or answers come from"),
            "collector": member_picker(ws, "Who collects it"),
            "timing": text("When", "For example: monthly, after 3 months"),
            "value_type": choice("Kind of value", KINDS[self.kind].choices("value_type"),
                                 radio=False),
            "goal": text("Goal (optional)", "A value of that kind: 80, 30/40, yes, 4"),
        }, author=member_picker(ws, RECORDER))
        self.fields["dimension"].style = WIDE

    def submit(self) -> bool:
        """A goal must read as the measure's kind of value, or the run charts of Module 8
        could not draw it."""
        kind = self.fields["value_type"].value or KINDS[self.kind].choices("value_type")[0]
        if refused := unreadable(kind, self.fields["goal"].value, "Goal: "):
            self.message.value = refused
            return False
        return super().submit()

    def saved_message(self, saved: dict) -> str:
        return (f"Saved: {saved['collector']} will track “{saved['measure']}” for "
                f"“{strategy_label(saved['strategy'])}”.")


class OutcomeCheck(RecordView):
    """The team's outcome measures, and a check that every strategy has at least one."""

    kinds = ("outcome_measure", "strategy")

    def render(self) -> str:
        if not chosen_strategies(self.ws):
            return "<p>No strategies chosen yet (Module 3).</p>"
        missing = unmeasured(self.ws)
        summary = status(
            "No outcome measure yet for: " + "; ".join(strategy_label(s) for s in missing) + "."
            if missing else "Every chosen strategy has at least one outcome measure.",
            not missing)
        rows = outcome_rows(self.ws)
        return summary + (table(OUTCOME_HEADERS, rows,
                                caption=f"Outcome measures of {self.ws.name}") if rows else "")
