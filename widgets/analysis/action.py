"""Module 4: what is still vague in a strategy's specification, the causal pathways, and the
action plan."""

from __future__ import annotations

import re

from ..reference import cfir_construct
from ..store import TeamWorkspace
from .strategies import chosen_strategies, strategy_label
from .text import is_placeholder, words

__all__ = ["ACTION_HEADERS", "CLEAR", "DIMENSIONS", "PATHWAY_HEADERS", "action_rows",
           "mentions_member", "pathway_rows", "specification_row", "specification_rows",
           "vague_dimensions"]

# Proctor, Powell and McMillen (2013): the seven things to say about a strategy.
DIMENSIONS = {
    "actor": "Actor", "action": "Action", "action_target": "Action target",
    "temporality": "Temporality", "dose": "Dose",
    "outcome": "Implementation outcome affected", "justification": "Justification",
}
# A number or how often. "Once" and "twice" count when they are a count ("once a month",
# "twice, then..."), not when "once" means "as soon as" ("once staff are ready"); "as needed"
# and its kind are what Module 4 calls vague, so they say no dose by themselves.
_HOW_OFTEN = re.compile(
    r"\d|\b(daily|weekly|monthly|yearly|annually|quarterly|fortnightly|every|each|"
    r"per|times|one|two|three|four|five|six|seven|eight|nine|ten|hours?|minutes?|days?|"
    r"weeks?|months?)\b"
    r"|\b(once|twice)\b(?=\s*(?:$|[,.;:)]|a\b|an\b|per\b|every\b|each\b|in\b|at\b|more\b))",
    re.IGNORECASE)


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


CLEAR = "Clear"  # a specification with nothing vague


def specification_row(label: str, spec: dict | None, ws: TeamWorkspace) -> tuple[str, ...]:
    """One strategy's row: ``label``, the seven dimensions, and what is still vague (or
    ``CLEAR``, or "Not specified yet" when nothing of it is specified)."""
    if not spec or not any(spec.get(d) for d in DIMENSIONS):
        return (label, *[""] * len(DIMENSIONS), "Not specified yet")
    return (label, *(spec.get(d, "") for d in DIMENSIONS),
            " ".join(vague_dimensions(spec, ws)) or CLEAR)


def specification_rows(ws: TeamWorkspace) -> list[tuple[str, ...]]:
    """Each chosen strategy as specified in Module 4 (``specification_row``)."""
    return [specification_row(strategy_label(sid), ws.get("specification", str(sid)), ws)
            for sid in chosen_strategies(ws)]


PATHWAY_HEADERS = ("Strategy", "Mechanism: how it works", "Determinant it acts on",
                   "Outcome that should move")


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


ACTION_HEADERS = ("Due", "Step", "Owner", "Strategy")


def action_rows(ws: TeamWorkspace) -> list[tuple[str, str, str, str]]:
    """The team's first steps by due date: due, step, owner, strategy."""
    steps = sorted(ws.list("action_step"), key=lambda s: s["due"])
    return [(s["due"], s["step"], s["owner"],
             strategy_label(s["strategy"]) if s.get("strategy") else "") for s in steps]
