"""The workspace a team hands in with a graded exercise, and reading it back when grading.

Grading never sees the team's kernel, its widgets or its store (and never runs the team's
code: ``preprocessors/judge.py``). So the team's work travels as a snapshot file
(``team_workspace.json``) handed in with the notebook (``submit.submit_snapshot`` writes it);
:func:`load_submission` reads it back, as data, for the checks.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..store import (
    EXAMPLE_TEAM,
    KINDS,
    StoreError,
    TeamWorkspace,
    ValidationError,
    example_snapshot,
    load_snapshot,
)

__all__ = [
    "GRADING_ENV",
    "NO_SUBMISSION",
    "SUBMISSION_FILE",
    "describe_submission",
    "is_grading",
    "load_submission",
    "missing_kinds",
]

SUBMISSION_FILE = "team_workspace.json"
GRADING_ENV = "NBGRADER_EXECUTION"

NO_SUBMISSION = (
    "No workspace file was submitted (team_workspace.json is missing or cannot be read), so "
    "this check gives no points. Run the export cell near the top of this notebook with your "
    "team's name, then hand in team_workspace.json together with the notebook."
)


def is_grading() -> bool:
    """True while nbgrader runs the notebook (autograde or validate)."""
    return bool(os.environ.get(GRADING_ENV))


def describe_submission(ws: TeamWorkspace, kinds: Sequence[str] = ()) -> str:
    """One plain sentence on what a workspace holds: the team, its members (the hand-in
    records who the team is) and how much of each of ``kinds`` it has."""
    names = [m["name"] for m in ws.members()]
    held = "".join(f", {_amount(ws, k)}" for k in kinds if k != "member")
    return (f"team “{ws.name}”: {_count(len(names), 'member')}"
            f"{' (' + ', '.join(names) + ')' if names else ''}{held}")


def _amount(ws: TeamWorkspace, kind: str) -> str:
    """"4 selected strategies", or for what a team has one of: "the working agreements"."""
    spec, n = KINDS[kind], len(ws.list(kind))
    if not spec.key_fields:
        return f"{'the' if n else 'no'} {spec.label}"
    return _count(n, spec.label)


def _plural(noun: str) -> str:
    """English plural of a record label: "selected strategy" -> "selected strategies",
    "decision on a strategy for a barrier" -> "decisions on a strategy for a barrier"."""
    head, sep, tail = noun.partition(" on ")
    if not sep:
        head, sep, tail = noun.partition(" for ")
    if head.endswith("y") and head[-2:-1] not in tuple("aeiou"):
        return f"{head[:-1]}ies{sep}{tail}"
    return f"{head}{'' if head.endswith('s') else 's'}{sep}{tail}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun if n == 1 else _plural(noun)}"


def missing_kinds(ws: TeamWorkspace, kinds: Sequence[str]) -> list[str]:
    """What of ``kinds`` the workspace holds nothing of, in plain words ("selected strategies",
    or for what a team has one of: "working agreements")."""
    return [_plural(KINDS[k].label) if KINDS[k].key_fields else KINDS[k].label
            for k in kinds if not ws.list(k)]


def _examples() -> set[str]:
    """The names of the course's worked examples: Riverbend, and a past team's plan the course
    shows instead (``COURSE_EXAMPLE``), if one is set and readable."""
    try:
        return {EXAMPLE_TEAM, example_snapshot()["team"]}
    except (StoreError, ValidationError):
        return {EXAMPLE_TEAM}


def load_submission(path: str | os.PathLike = SUBMISSION_FILE) -> TeamWorkspace | None:
    """The handed-in workspace, or None (after printing why) if it is missing or unusable."""
    path = Path(path)
    try:
        ws = load_snapshot(path)
    except (StoreError, ValidationError) as exc:
        print(str(exc))
        return None
    if ws.name in _examples():
        print(
            f"{path} holds the course's example team, not your team's work. Type your team's "
            "name in the TEAM cell and run the export cell again."
        )
        return None
    return ws
