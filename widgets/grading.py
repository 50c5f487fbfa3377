"""Graded exercises: hand in the team's workspace as a file, and read it back when grading.

nbgrader grades a notebook by running it again in a fresh kernel, where widgets are back at
their defaults. So the team's work travels as a snapshot file (``team_workspace.json``) handed
in with the notebook: :func:`submit_snapshot` writes it while the team works, and does nothing
while nbgrader runs the notebook (``$NBGRADER_EXECUTION`` is set then), so the file the team
handed in is the one graded. :func:`load_submission` reads it back for the autograder tests.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa

from ._text import is_placeholder, words
from .model import KINDS, ValidationError
from .store import Store, StoreError, TeamWorkspace
from .workspace import EXAMPLE_TEAM, TEAM_ENV, load_snapshot

__all__ = [
    "MIN_NOTE_WORDS",
    "NO_SUBMISSION",
    "SUBMISSION_FILE",
    "describe_submission",
    "is_grading",
    "is_thin_note",
    "load_submission",
    "submit_snapshot",
]

SUBMISSION_FILE = "team_workspace.json"
GRADING_ENV = "NBGRADER_EXECUTION"
MIN_NOTE_WORDS = 4

NO_SUBMISSION = (
    "No workspace file was submitted (team_workspace.json is missing or cannot be read), so "
    "this check gives no points. Run the export cell near the top of this notebook with your "
    "team's name, then hand in team_workspace.json together with the notebook."
)

def is_grading() -> bool:
    """True while nbgrader runs the notebook (autograde or validate)."""
    return bool(os.environ.get(GRADING_ENV))


def is_thin_note(note: str | None, min_words: int = MIN_NOTE_WORDS) -> bool:
    """True for a note that does not yet say anything: too short, or a placeholder."""
    return len(words(note)) < min_words or is_placeholder(note)


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


def submit_snapshot(
    team: str = "", path: str | os.PathLike = SUBMISSION_FILE, *, store: Store | None = None,
    module: int | None = None,
) -> Path | None:
    """Export the team's whole workspace to ``path`` (next to the notebook), to hand in.

    With ``module``, says how much of what that module's checks read is in it, and what is
    still empty. Returns the file written, or None after printing what to do when nothing was
    written: while nbgrader grades the notebook (the handed-in file is graded as it is), when
    no team name is given, when the team is not in the store, or when the store cannot be
    read. Never waits for a person.
    """
    from .checks import kinds_read  # the checks import this module

    kinds = kinds_read(module) if module is not None else []
    path = Path(path)
    if is_grading():
        print(f"Grading: the {path.name} handed in with this notebook is used as it is.")
        return None
    name = unicodedata.normalize("NFC", (team or os.environ.get(TEAM_ENV, "")).strip())
    if not name:
        print(
            "TEAM is empty, so there is no team workspace to hand in (the example team is not "
            "your work). Type your team's name in the TEAM cell, exactly as in the Module 2 "
            "notebook, run that cell, then run this one again."
        )
        return None
    own_store = store is None
    try:
        if store is None:
            store = Store()
        if name not in store.team_names():
            print(
                f"There is no team called “{name}” in the team store ({store.describe()}). "
                "Check the spelling in the TEAM cell: it must be exactly the name your team "
                "used in the Module 2 notebook or app. Nothing was exported."
            )
            return None
        ws = store.team(name)
        written = ws.export_snapshot(path)
        summary = describe_submission(ws, kinds)
        empty = [_plural(KINDS[k].label) if KINDS[k].key_fields else KINDS[k].label
                 for k in kinds if not ws.list(k)]
    except (StoreError, sa.exc.SQLAlchemyError, OSError) as exc:
        print(f"Could not export the team workspace: {exc}. Nothing was written; try again.")
        return None
    finally:
        if own_store and store is not None:
            store.close()
    print(f"Saved {summary} to {written.resolve()}.")
    if empty:
        print(
            f"It holds no {', no '.join(empty)} yet. Add them in the Module {module} notebook "
            "or app first, then run this cell again."
        )
    else:
        print(
            f"Hand in {written.name} together with this notebook. If your team changes its "
            "work later, run this cell again before handing in."
        )
    return written


def load_submission(path: str | os.PathLike = SUBMISSION_FILE) -> TeamWorkspace | None:
    """The handed-in workspace, or None (after printing why) if it is missing or unusable."""
    path = Path(path)
    try:
        ws = load_snapshot(path)
    except StoreError as exc:
        print(str(exc))
        return None
    except (ValidationError, KeyError, TypeError, ValueError, AttributeError,
            sa.exc.SQLAlchemyError) as exc:
        print(
            f"{path} could not be read as a workspace file ({exc.__class__.__name__}: {exc}). "
            "Export the workspace again with the export cell."
        )
        return None
    if ws.name == EXAMPLE_TEAM:
        print(
            f"{path} holds the course's example team, not your team's work. Type your team's "
            "name in the TEAM cell and run the export cell again."
        )
        return None
    return ws
