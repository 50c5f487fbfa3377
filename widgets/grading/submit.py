"""Handing in a graded exercise: the team's whole workspace, exported next to the notebook.

:func:`submit_snapshot` writes ``team_workspace.json`` while the team works, and does nothing
while nbgrader runs the notebook (``$NBGRADER_EXECUTION`` is set then), so the file the team
handed in is the one graded.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import sqlalchemy as sa

from ..store import TEAM_ENV, Store, StoreError
from .checks import kinds_read
from .submission import SUBMISSION_FILE, describe_submission, is_grading, missing_kinds

__all__ = ["submit_snapshot"]


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
        empty = missing_kinds(ws, kinds)
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
