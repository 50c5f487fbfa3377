"""Module 6: how the team will know whether its strategies work."""

from __future__ import annotations

from ._forms import WIDE, RecordForm, RecordView, choice, member_picker, text
from ._html import status, table
from .model import KINDS
from .plan import chosen_strategies, strategy_label, strategy_picker
from .store import TeamWorkspace

__all__ = ["OutcomeCheck", "OutcomeMeasureForm", "outcome_rows", "unmeasured"]


class OutcomeMeasureForm(RecordForm):
    """For one strategy: an outcome to track, its measure, data source, who and when."""

    kind = "outcome_measure"

    def __init__(self, ws: TeamWorkspace) -> None:
        dimensions = next(f.choices for f in KINDS[self.kind].fields if f.name == "dimension")
        super().__init__(ws, {
            "strategy": strategy_picker(ws),
            "dimension": choice("Outcome or RE-AIM dimension", dimensions, radio=False),
            "measure": text("Measure", "What you will count or ask"),
            "source": text("Data source", "Where the numbers or answers come from"),
            "collector": member_picker(ws, "Who collects it"),
            "timing": text("When", "For example: monthly, after 3 months"),
        }, author=member_picker(ws, "Recorded by"))
        self.fields["dimension"].style = WIDE

    def saved_message(self, saved: dict) -> str:
        return (f"Saved: {saved['collector']} will track “{saved['measure']}” for "
                f"“{strategy_label(saved['strategy'])}”.")


def outcome_rows(ws: TeamWorkspace) -> list[tuple[str, str, str, str, str, str]]:
    """Every outcome measure: strategy, dimension, measure, source, who, when."""
    order = {s: i for i, s in enumerate(chosen_strategies(ws))}
    measures = sorted(ws.list("outcome_measure"),
                      key=lambda m: (order.get(m["strategy"], 99), m["dimension"]))
    return [(strategy_label(m["strategy"]), m["dimension"], m["measure"], m["source"],
             m["collector"], m["timing"]) for m in measures]


def unmeasured(ws: TeamWorkspace) -> list[int]:
    """Chosen strategies with no outcome measure yet."""
    measured = {m["strategy"] for m in ws.list("outcome_measure")}
    return [s for s in chosen_strategies(ws) if s not in measured]


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
        return summary + (table(("Strategy", "Outcome", "Measure", "Data source", "Who",
                                 "When"), rows, caption=f"Outcome measures of {self.ws.name}")
                          if rows else "")
