"""The graded checks of Module 6: every strategy measured, every measure one the team can
collect, and each strategy's own job measured, not only the program's effects."""

from __future__ import annotations

from collections import defaultdict

from ...analysis.outcomes import unmeasured
from ...analysis.strategies import chosen_strategies, strategy_label
from ...analysis.team import roster_names
from ...analysis.text import is_placeholder, is_thin_note, some
from ...store import TeamWorkspace
from .check import Check, meeting, no_strategies

__all__ = ["CHECKS"]

_PROGRAM_EFFECT = "Efficacy (RE-AIM)"


def measured(ws: TeamWorkspace) -> list[str]:
    """The team will know whether each strategy works."""
    if not chosen_strategies(ws):
        return no_strategies()
    missing = unmeasured(ws)
    if not missing:
        return []
    return ["Add at least one outcome measure for each strategy. No measure yet for: "
            + "; ".join(strategy_label(s) for s in missing) + "."]


def measures_complete(ws: TeamWorkspace) -> list[str]:
    """Each measure can actually be collected: what, from where, who, when."""
    measures = ws.list("outcome_measure")
    if not measures:
        return ["Your team has no outcome measures yet. Add them in Module 6."]
    roster, problems = roster_names(ws), []
    for m in measures:
        where = f"{strategy_label(m['strategy'])}, {m['dimension']}"
        if is_thin_note(m["measure"], 3):
            problems.append(f"{where}: say exactly what you will count, rate or check.")
        if is_placeholder(m["source"]) or is_placeholder(m["timing"]):
            problems.append(f"{where}: say where the data come from and when.")
        if m["collector"] not in roster:
            problems.append(f"{where}: “{m['collector']}” collects it but is not on your "
                            "roster. Pick a member, or add them to the team.")
    return problems


def implementation_outcomes(ws: TeamWorkspace) -> list[str]:
    """A strategy's own job is measured, not only the program's effects."""
    by_strategy: dict[int, set[str]] = defaultdict(set)
    for m in ws.list("outcome_measure"):
        by_strategy[m["strategy"]].add(m["dimension"])
    only_effects = [strategy_label(s) for s, dims in by_strategy.items()
                    if dims == {_PROGRAM_EFFECT}]
    if not by_strategy:
        return ["Your team has no outcome measures yet. Add them in Module 6."]
    if not only_effects:
        return []
    return ["These strategies are measured only by the program's effects (Efficacy). Add an "
            "implementation outcome (or Reach, Adoption, Implementation or Maintenance), so "
            "you can tell whether the strategy itself did its job: "
            + some(only_effects) + "."]


CHECKS = (
    Check("every_strategy_measured", "Every chosen strategy has an outcome measure.", 6,
          ("strategy", "outcome_measure"), measured),
    Check("measures_complete", "Every measure says what is counted, the data source, who "
          "collects it (a member) and when.", 6, ("outcome_measure",), measures_complete),
    Check("implementation_outcomes", "No strategy is measured only by the program's effects.",
          6, ("outcome_measure",), implementation_outcomes),
    meeting(6),
)
