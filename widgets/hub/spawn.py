"""What the hub does each time a person's server starts (JupyterHub's ``pre_spawn_hook``):
read the roster again, record the person's teams and give their database login a new
password, make sure their system account and their copy of the course exist, and tell their
server (and no one else's) how to reach the store.

Everything here runs in the hub, as root; nothing here runs in a participant's process.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from jupyterhub.spawner import SpawnException
from sqlalchemy.pool import NullPool

from ..editions import EDITIONS
from ..store import COHORT_ENV
from ..store.engine import STORE_URL_ENV
from .accounts import copy_course, ensure_system_user
from .database import admit, login_name, record_roster
from .roster import FACILITATORS, Person, Roster, read_roster
from .settings import HubSettings

__all__ = ["DatabaseLogin", "SpawnPreparer"]

WORKSPACE_APP = "apps/workspace.ipynb"
_UNREACHABLE = (
    "The course's database cannot be reached right now, so your server was not started. "
    "Nothing you saved is lost. Please try again in a few minutes, and tell your facilitator "
    "if it keeps happening."
)


def _refusal(message: str, reason: str, status: int) -> SpawnException:
    """A server start the hub refuses, with the message the person sees on every hub page
    that reports it (and no traceback)."""
    refusal = SpawnException(message, reason=reason, status_code=status)
    refusal.jupyterhub_message = message  # the "server not running" page shows this one
    return refusal


class DatabaseLogin:
    """The part of a server start that any hub needs, on one machine or on Kubernetes: the
    person as the roster says now, their memberships recorded, and their own database login
    with a new password, told to their server alone (``COURSE_STORE_URL``)."""

    def __init__(self, roster: str, database: str, cohort: str = "") -> None:
        self.roster = roster
        self.database = database
        self.cohort = cohort  # where a team new to the roster goes
        # A fresh connection each time: a server start is rare, and must find out whether the
        # database can be reached now.
        self.engine = sa.create_engine(database, poolclass=NullPool)

    def person(self, username: str) -> tuple[Person, Roster]:
        """The person as the roster says now, and the roster; a plain refusal for someone not
        on it."""
        roster = read_roster(self.roster)
        person = roster.people.get(username)
        if person is None:
            raise _refusal(f"{username} is not on this cohort's roster any more, so no server "
                           "was started. Please ask your facilitator.", "roster", 403)
        return person, roster

    def login_url(self, person: Person, roster: Roster) -> str:
        """The store's URL for the person's own login, with the password made just now. The
        whole roster is recorded again first: anyone taken off it is shut out now."""
        with self.engine.begin() as conn:
            record_roster(conn, roster, self.cohort)
            password = admit(conn, person)
        url = sa.make_url(self.database).set(username=login_name(person.username),
                                             password=password)
        return url.render_as_string(hide_password=False)

    def __call__(self, spawner: Any) -> Person:
        person, roster = self.person(spawner.user.name)
        try:
            spawner.environment[STORE_URL_ENV] = self.login_url(person, roster)
        except (sa.exc.OperationalError, sa.exc.InterfaceError):
            spawner.log.exception("The course database could not be reached")
            raise _refusal(_UNREACHABLE, "database", 503) from None
        if len(person.teams) == 1 and person.role == "participant":
            spawner.environment["COURSE_TEAM"] = person.teams[0]
        if self.cohort:  # the cohort app opens on the hub's own cohort
            spawner.environment[COHORT_ENV] = self.cohort
        spawner.default_url = (f"/voila/render/{WORKSPACE_APP}" if person.no_code
                               else "/lab/tree/modules")
        return person


class SpawnPreparer(DatabaseLogin):
    """The ``pre_spawn_hook`` of a hub on one machine (``course hub``): the database login,
    then the person's own account and copy of the course, and the participants' Python."""

    def __init__(self, settings: HubSettings) -> None:
        super().__init__(settings.roster, settings.database, settings.cohort)
        self.settings = settings

    def __call__(self, spawner: Any) -> Person:
        person = super().__call__(spawner)
        account = ensure_system_user(person.username)
        # Facilitators get the notes and nbgrader's tools; everyone else the participant's.
        edition = "facilitator" if person.role in FACILITATORS else "participant"
        folder = copy_course(self.settings, account, edition)
        python_bin = str(Path(self.settings.python) / "bin")
        spawner.environment.update({
            "PATH": os.pathsep.join([python_bin, "/usr/local/bin", "/usr/bin", "/bin"]),
            # The apps' offline page template and Voila's settings (voila.json), from the
            # person's own copy of the apps; then their edition's JupyterLab settings.
            "JUPYTER_PATH": str(folder / "apps" / "share" / "jupyter"),
            "JUPYTER_CONFIG_PATH": os.pathsep.join([
                str(folder / "apps"),
                str(EDITIONS[edition].config_dir(Path(self.settings.course)))]),
        })
        spawner.notebook_dir = str(folder)
        return person
