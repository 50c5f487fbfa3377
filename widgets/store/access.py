"""Opening a team's workspace from a notebook, an app or a graded exercise."""

from __future__ import annotations

import json
import os
from functools import cache
from importlib import resources

from .engine import StoreError
from .snapshot import read_snapshot
from .workspace import Store, TeamWorkspace, import_snapshot

__all__ = ["EXAMPLE_ENV", "EXAMPLE_TEAM", "HUB_USER_ENV", "TEAM_ENV", "example_snapshot",
           "example_workspace", "load_snapshot", "open_workspace"]

TEAM_ENV = "COURSE_TEAM"
HUB_USER_ENV = "JUPYTERHUB_USER"  # set by JupyterHub in every server it starts
EXAMPLE_TEAM = "Riverbend Family Health Centre (example)"
# A local worked example (a past team's plan, names removed, made by ``course example``): the
# path of its file. Unset, the worked example is the course's own fictional team.
EXAMPLE_ENV = "COURSE_EXAMPLE"


@cache
def _example_text() -> str:
    data = resources.files("widgets.reference").joinpath("data")
    return data.joinpath("example_team.json").read_text("utf-8")


def _example() -> tuple[dict, str]:
    """The worked example's snapshot, and how messages name its file."""
    path = os.environ.get(EXAMPLE_ENV, "").strip()
    if not path:
        return json.loads(_example_text()), "The example team's file"
    where = f"The worked example that {EXAMPLE_ENV} names ({path})"
    fix = (f"Set {EXAMPLE_ENV} to the file course example wrote, or unset it to use the "
           "course's own example team.")
    if not os.path.isfile(path):
        raise StoreError(f"{where} is not there. {fix}")
    try:
        return read_snapshot(path), where  # read afresh: a facilitator may replace the file
    except StoreError as exc:
        raise StoreError(f"{where} cannot be used: {exc} {fix}") from None


def example_snapshot() -> dict:
    """The course's worked example, as a snapshot (a fresh copy each call): a past team's plan
    when ``$COURSE_EXAMPLE`` names its file, else the fictional example team, Riverbend."""
    return _example()[0]


def _in_memory(snap: dict, where: str = "The workspace file") -> TeamWorkspace:
    ws = import_snapshot(Store("sqlite://"), snap, where=str(where))
    ws.practice = True
    return ws


def example_workspace() -> TeamWorkspace:
    """A private, in-memory copy of the course's worked example (``example_snapshot``).

    Changes to it are never saved, so the worked examples always look the same.
    """
    return _in_memory(*_example())


def open_workspace(team: str = "", store: Store | None = None) -> TeamWorkspace:
    """Open a team's workspace in the team store.

    With no team name (and no ``$COURSE_TEAM``), on a cohort's hub it opens the person's own
    team (the first, for someone in several); elsewhere it returns a practice copy of the
    example team: the notebook still runs top to bottom, and nothing is saved anywhere.
    """
    name = (team or os.environ.get(TEAM_ENV, "")).strip()
    if not name and os.environ.get(HUB_USER_ENV):  # on a hub: the person's own (first) team
        store = store or Store()
        me = store.me
        name = me.teams[0] if me and me.teams else ""
    if not name:
        return example_workspace()
    return (store or Store()).team(name)


def load_snapshot(path: str | os.PathLike) -> TeamWorkspace:
    """Open a snapshot file (such as a graded submission's) as a private, in-memory copy:
    what is read is the file's, and nothing saved to the copy reaches any store."""
    return _in_memory(read_snapshot(path), str(path))
