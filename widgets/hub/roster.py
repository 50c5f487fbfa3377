"""A cohort's roster: one CSV file a facilitator writes, one row per person and team.

Columns (the header names; case, spaces and underscores do not matter):

* ``team``: the team a participant works in, or a team facilitator facilitates; empty for a
  cohort facilitator or a funder. A person in two teams has two rows.
* ``username``: the person's hub login, which is also their account on the hub's machine:
  lower-case letters, digits, ``-`` and ``_``, starting with a letter, at most 32 characters.
* ``display name``: how the course shows them, in forms, histories and meeting logs.
* ``perspective``: what they bring to the team (implementer, researcher, ... lived experience).
* ``no code``: ``yes`` for someone who works in the no-code app rather than in notebooks.
* ``role``: ``participant``, ``team facilitator``, ``cohort facilitator`` or ``funder``.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..store import PERSPECTIVES, ValidationError, clean_name, normalise_name

__all__ = ["NO", "ROLES", "ROSTER_COLUMNS", "USERNAME", "YES", "Person", "Roster", "RosterError",
           "read_roster"]

ROLES = ("participant", "team facilitator", "cohort facilitator", "funder")
_WITH_TEAM = ("participant", "team facilitator")
FACILITATORS = ("team facilitator", "cohort facilitator")  # the facilitator's edition
ROSTER_COLUMNS = ("team", "username", "display name", "perspective", "no code", "role")
USERNAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
YES, NO = {"yes", "y", "true", "1", "x"}, {"no", "n", "false", "0", ""}


class RosterError(ValueError):
    """A roster that cannot be used; the message names the file, the line and what to fix."""


@dataclass(frozen=True)
class Person:
    """One person of the cohort, gathered from their rows of the roster."""

    username: str
    display_name: str
    role: str
    perspective: str = ""
    no_code: bool = False
    teams: tuple[str, ...] = ()  # the teams they work in, or facilitate (by role)


@dataclass(frozen=True)
class Roster:
    """Everyone in a cohort, by username, and the cohort's teams."""

    people: dict[str, Person] = field(default_factory=dict)

    @property
    def teams(self) -> list[str]:
        """Every team named in the roster, alphabetically."""
        return sorted({t for p in self.people.values() for t in p.teams})

    def members(self, team: str) -> list[Person]:
        """The participants of one team."""
        return [p for p in self.people.values() if p.role == "participant" and team in p.teams]


def _key(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).casefold()


def _name(where: str, value: str, column: str) -> str:
    """A team's or person's name, checked and kept as the store keeps names."""
    try:
        return clean_name(value, column)
    except ValidationError as exc:
        raise RosterError(f"{where}: {exc}") from None


def _row(where: str, row: dict[str, str]) -> Person:
    username = row["username"].strip()
    if not USERNAME.match(username):
        raise RosterError(
            f"{where}: “{username}” cannot be a username. Use lower-case letters, digits, - and "
            "_, starting with a letter, at most 32 characters (for example maria-lopez).")
    role = " ".join(row["role"].split()).casefold()
    if role not in ROLES:
        raise RosterError(f"{where}: the role “{row['role']}” is not one of: {', '.join(ROLES)}.")
    if role in _WITH_TEAM and not normalise_name(row["team"]):
        raise RosterError(f"{where}: a {role} needs a team. Write the team's name.")
    team = _name(where, row["team"], "team") if role in _WITH_TEAM else ""
    perspective = " ".join(row["perspective"].split()).casefold()
    if perspective and perspective not in PERSPECTIVES:
        raise RosterError(f"{where}: the perspective “{row['perspective']}” is not one of: "
                          f"{', '.join(PERSPECTIVES)}.")
    no_code = row["no code"].strip().casefold()
    if no_code not in YES | NO:
        raise RosterError(f"{where}: “no code” is “{row['no code']}”; write yes or no.")
    name = _name(where, row["display name"] or username, "display name")
    return Person(username, name, role, perspective, no_code in YES,
                  (team,) if role in _WITH_TEAM else ())


def _merge(where: str, known: Person, new: Person) -> Person:
    same = ("display_name", "role", "perspective", "no_code")
    differ = [f.replace("_", " ") for f in same if getattr(known, f) != getattr(new, f)]
    if differ:
        raise RosterError(f"{where}: {new.username} is on an earlier line with another "
                          f"{' and '.join(differ)}. Give each person the same details on every "
                          "line.")
    return Person(**{**known.__dict__, "teams": tuple(dict.fromkeys(known.teams + new.teams))})


def read_roster(path: str | os.PathLike) -> Roster:
    """Read and check a roster file; a problem is a RosterError saying where and what."""
    path = Path(path)
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(f"The roster {path} cannot be read ({exc.__class__.__name__}). Save "
                          "it as a CSV file in UTF-8.") from None
    reader = csv.DictReader(text.splitlines())
    columns = {_key(c): c for c in reader.fieldnames or []}
    missing = [c for c in ROSTER_COLUMNS if c not in columns]
    if missing:
        raise RosterError(f"The roster {path} has no column {', '.join(missing)}. Its first line "
                          f"names the columns: {', '.join(ROSTER_COLUMNS)}.")
    people: dict[str, Person] = {}
    for number, raw in enumerate(reader, start=2):
        row = {c: (raw.get(columns[c]) or "") for c in ROSTER_COLUMNS}
        if not any(v.strip() for v in row.values()):
            continue
        where = f"{path.name}, line {number}"
        person = _row(where, row)
        known = people.get(person.username)
        people[person.username] = _merge(where, known, person) if known else person
    if not people:
        raise RosterError(f"The roster {path} names no one.")
    return Roster(people)
