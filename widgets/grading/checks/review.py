"""The graded checks of Module 8: the team holds reviews and writes down what it decided,
says why a step is blocked or dropped, and explains every change to a strategy."""

from __future__ import annotations

from ...analysis.review import measure_key, measure_label, plan_strategies
from ...analysis.strategies import strategy_label
from ...analysis.text import NOTE_WORDS, is_thin_note, quote, some
from ...store import TeamWorkspace
from .check import Check, met_and_decided

__all__ = ["CHECKS"]


def review_with_decisions(ws: TeamWorkspace) -> list[str]:
    """A review happened, with more than one person, and it decided something."""
    return met_and_decided(
        ws.list("review"),
        "No review meeting is logged yet. Hold one with the review agenda of Module 8, then "
        "log it (date, who came, what you decided).",
        "Every review logged shows one person. A review is a team meeting: add everyone who "
        "came.",
        "what continues, what changes, who does what by when")


def stopped_steps_explained(ws: TeamWorkspace) -> list[str]:
    """A blocked or dropped step says why, so the team can act on it."""
    steps = ws.list("action_step")
    if not steps:
        return ["Your plan has no action steps yet: add them in Module 4, then mark where each "
                "stands at your reviews."]
    unexplained = [quote(s["step"]) for s in steps
                   if s["status"] in ("blocked", "dropped")
                   and is_thin_note(s["status_reason"], NOTE_WORDS)]
    if not unexplained:
        return []
    return [f"Say why these steps are blocked or dropped ({NOTE_WORDS} words or more): "
            + some(unexplained) + ". Use the step status form of Module 8."]


def adaptations_explained(ws: TeamWorkspace) -> list[str]:
    """Every change to a strategy says why and who decided it. A plan run as specified needs
    no adaptation; a workspace with no strategies has nothing to adapt."""
    if not ws.list("strategy"):
        return ["Your team has chosen no strategies yet (Module 3): there is no plan whose "
                "changes could be logged."]
    problems = []
    for a in ws.list("adaptation"):
        missing = [what for what, thin in (("its reason", is_thin_note(a["reason"], NOTE_WORDS)),
                                           ("its goal", is_thin_note(a["goal"], NOTE_WORDS)),
                                           ("who decided", not a["decided_by"])) if thin]
        if missing:
            problems.append(f"The change of {a['date']} to {strategy_label(a['strategy'])} "
                            f"({a['part']}) does not say {' or '.join(missing)}.")
    return problems


def measures_have_values(ws: TeamWorkspace) -> list[str]:
    """Every measure of the strategies the plan runs now has a value: a measure never
    collected tells the team nothing at its reviews."""
    running = set(plan_strategies(ws))
    collected = {measure_key(v) for v in ws.list("measure_value")}
    measures = [m for m in ws.list("outcome_measure") if m["strategy"] in running]
    if not measures:
        return ["None of the strategies your plan runs has a measure. Add one in Module 6, "
                "then record its values at your reviews."]
    missing = [measure_label(m) for m in measures if measure_key(m) not in collected]
    if not missing:
        return []
    return ["These measures have no value recorded yet: " + some(missing) + ". Record what "
            "was collected with the measure value form of Module 8."]


CHECKS = (
    Check("review_with_decisions", "At least one review meeting is logged, with at least 2 "
          "people and what the team decided.", 8, ("review",), review_with_decisions),
    Check("stopped_steps_explained", "The plan has steps, and every blocked or dropped step "
          "says why.", 8,
          ("action_step",), stopped_steps_explained),
    Check("adaptations_explained", "Every adaptation says its goal, its reason and who decided "
          "it.", 8, ("strategy", "adaptation"), adaptations_explained),
    Check("measures_have_values", "Every measure of the strategies the plan runs has at least "
          "one value recorded.", 8, ("strategy", "adaptation", "outcome_measure",
                                     "measure_value"), measures_have_values),
)
