"""Module 6: how the team will know whether its strategies work."""

from __future__ import annotations

from ..store import TeamWorkspace
from .strategies import chosen_strategies, strategy_label

__all__ = ["OUTCOME_HEADERS", "outcome_rows", "unmeasured"]

OUTCOME_HEADERS = ("Strategy", "Outcome", "Measure", "Data source", "Who", "When")


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
