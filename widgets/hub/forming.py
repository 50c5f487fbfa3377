"""Forming a cohort's teams: from an intake file to a proposal the facilitator edits, and from
the edited proposal to the teams (and the hub's roster).

The intake file is a CSV with one row per person. Its columns (the header names; case, spaces
and underscores do not matter):

* ``name``: how the course shows the person.
* ``organisation`` (or ``organization``): where they work (may be empty, for someone who
  comes on their own).
* ``perspective``: what they bring to a team (implementer, researcher, ... lived experience).
* ``initiative`` (optional): the change their organisation is putting in place, if they come
  with one. People of one initiative are kept in one team.
* ``taken before`` (optional): ``yes`` for someone who has taken the course before, a
  candidate to facilitate their team.
* ``username`` (optional): their hub login, needed only to write the hub's roster.
* ``no code`` (optional): ``yes`` for someone who works in the no-code app.

The proposal is the same file with a ``team`` column first: the facilitator moves people
between teams and renames teams in a spreadsheet, then creates them from it.

In a learning group whose people each bring an initiative of their own (alone or with a
colleague), each proposed team is a group, and each initiative in it becomes a team of its
own (:func:`initiative_teams`): its people work on it, and the group's others (those with
another initiative, or none) are its critical friends, who rate and advise while its people
decide. Each team starts with its roster (:func:`roster_entries`).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator, Sequence
from dataclasses import astuple, dataclass
from itertools import combinations, product
from pathlib import Path

from ..store import (
    INVOLVEMENT,
    PERSPECTIVES,
    ValidationError,
    clean_name,
    csv_text,
    normalise_name,
    spreadsheet_safe,
)
from .roster import NO, ROSTER_COLUMNS, USERNAME, YES, RosterError

__all__ = ["PROPOSAL_COLUMNS", "Candidate", "ProposedTeam", "hub_roster_csv", "initiative_teams",
           "propose", "proposal_csv", "read_intake", "read_proposal", "roster_entries",
           "summary"]

_REQUIRED = ("name", "organisation", "perspective")
_OPTIONAL = ("initiative", "taken before", "username", "no code")
PROPOSAL_COLUMNS = ("team", *_REQUIRED, *_OPTIONAL)
_SPELLINGS = {"organization": "organisation"}  # a column's other spelling
MIN_PERSPECTIVES = 3  # fewer, and a team's discussions miss too much (a warning, not a rule)


@dataclass(frozen=True)
class Candidate:
    """One person to be placed in a team."""

    name: str
    organisation: str
    perspective: str
    initiative: str = ""
    taken_before: bool = False
    username: str = ""
    no_code: bool = False


@dataclass(frozen=True)
class ProposedTeam:
    """A team as proposed (or as the facilitator edited it), with what to look at before
    creating it."""

    name: str
    members: tuple[Candidate, ...]
    notes: tuple[str, ...] = ()  # what the proposal had to do, said once
    # An initiative's team in a learning group: the group's others, its critical friends.
    friends: tuple[Candidate, ...] = ()

    @property
    def people(self) -> tuple[Candidate, ...]:
        """Everyone on the team's roster: its members, then its critical friends."""
        return self.members + self.friends

    @property
    def perspectives(self) -> list[str]:
        """The team's different perspectives (its critical friends' too), in the course's
        order."""
        present = {m.perspective for m in self.people}
        return [p for p in PERSPECTIVES if p in present]

    @property
    def organisations(self) -> list[str]:
        """The team's different organisations, alphabetically."""
        return sorted({m.organisation for m in self.people if m.organisation}, key=str.casefold)

    @property
    def taken_before(self) -> list[str]:
        """Who has taken the course before: the candidates to facilitate the team."""
        return [m.name for m in self.people if m.taken_before]

    @property
    def warnings(self) -> list[str]:
        """What the facilitator should look at: the notes, too few perspectives, no one who
        has taken the course before."""
        out = list(self.notes)
        if len(self.perspectives) < MIN_PERSPECTIVES:
            out.append(f"Only {len(self.perspectives)} perspective"
                       f"{'' if len(self.perspectives) == 1 else 's'} "
                       f"({', '.join(self.perspectives)}): a team with fewer than "
                       f"{MIN_PERSPECTIVES} sees its initiative from too few sides. Move someone "
                       "with another perspective in, or invite one to the team's sessions.")
        if not self.taken_before:
            out.append("No one has taken the course before. Ask an alumnus of an earlier cohort "
                       "or a member of another team to facilitate.")
        return out


# Reading the files ------------------------------------------------------------------------

def _rows(path: Path, what: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict]]:
    """The rows of a CSV file with tolerant header names, each with its line number; empty rows
    are left out."""
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(f"The {what} {path} cannot be read ({exc.__class__.__name__}). Save "
                          "it as a CSV file in UTF-8.") from None
    reader = csv.DictReader(text.splitlines())
    columns = {_SPELLINGS.get(_key(c), _key(c)): c for c in reader.fieldnames or []}
    missing = [c for c in required if c not in columns]
    if missing:
        raise RosterError(f"The {what} {path} has no column {', '.join(missing)}. Its first line "
                          f"names the columns: {', '.join(required + _OPTIONAL)}.")
    for raw in reader:
        row = {c: _unguarded(raw.get(columns[c]) or "") if c in columns else ""
               for c in required + _OPTIONAL}
        if any(v.strip() for v in row.values()):
            yield reader.line_num, row  # the line the row ends on, blank lines counted


def _key(column: str) -> str:
    """A column's name as compared: case, spaces and underscores do not matter."""
    return normalise_name(column.replace("_", " ")).casefold()


def _name(where: str, value: str, column: str) -> str:
    """A name, checked and kept as the store keeps names."""
    try:
        return clean_name(value, column)
    except ValidationError as exc:
        raise RosterError(f"{where}: {exc}") from None


def _unguarded(value: str) -> str:
    """A cell as it was before ``csv_text`` guarded it against spreadsheet formulas."""
    return value[1:] if value[:1] == "'" and spreadsheet_safe(value[1:]) == value else value


def _yes(where: str, value: str, column: str) -> bool:
    answer = value.strip().casefold()
    if answer not in YES | NO:
        raise RosterError(f"{where}: “{column}” is “{value}”; write yes or no.")
    return answer in YES


def _candidate(where: str, row: dict[str, str]) -> Candidate:
    perspective = " ".join(row["perspective"].split()).casefold()
    if perspective not in PERSPECTIVES:
        raise RosterError(f"{where}: the perspective “{row['perspective']}” is not one of: "
                          f"{', '.join(PERSPECTIVES)}.")
    username = row["username"].strip()
    if username and not USERNAME.match(username):
        raise RosterError(
            f"{where}: “{username}” cannot be a username. Use lower-case letters, digits, - and "
            "_, starting with a letter, at most 32 characters (for example maria-lopez), or "
            "leave it empty.")
    optional = {c: _name(where, row[c], c) if normalise_name(row[c]) else ""
                for c in ("organisation", "initiative")}
    return Candidate(_name(where, row["name"], "name"), optional["organisation"], perspective,
                     optional["initiative"], _yes(where, row["taken before"], "taken before"),
                     username, _yes(where, row["no code"], "no code"))


def _read(path: str | os.PathLike, what: str, with_team: bool) -> list[tuple[str, Candidate]]:
    """Each person of a file with their team (empty without ``with_team``), once each."""
    path = Path(path)
    seen: dict[tuple[str, str], tuple[int, str]] = {}  # a name or username: its line and team
    people = []
    for number, row in _rows(path, what, ("team", *_REQUIRED) if with_team else _REQUIRED):
        where = f"{path.name}, line {number}"
        if with_team and not normalise_name(row["team"]):
            raise RosterError(f"{where}: no team. Write the name of the team this person is in.")
        team = _name(where, row["team"], "team") if with_team else ""
        person = _candidate(where, row)
        for key in (("name", person.name.casefold()), ("username", person.username)):
            if key[1] and key in seen:
                line, other = seen[key]
                raise RosterError(
                    f"{where}: {person.name} is already on line {line}"
                    f"{f' (in {other})' if with_team else ''}. A person is in one team: keep "
                    "one of the lines (two people with the same name: add an initial).")
            seen[key] = (number, team)
        people.append((team, person))
    if not people:
        raise RosterError(f"The {what} {path} names no one.")
    return people


def read_intake(path: str | os.PathLike) -> list[Candidate]:
    """Read and check an intake file; a problem is a RosterError saying where and what."""
    return [person for _, person in _read(path, "intake file", with_team=False)]


def read_proposal(path: str | os.PathLike) -> list[ProposedTeam]:
    """Read and check a proposal as the facilitator edited it, teams in the order they first
    appear; an initiative whose people are now in several teams is noted in each."""
    teams: dict[str, list[Candidate]] = {}
    for team, person in _read(path, "proposal", with_team=True):
        teams.setdefault(team, []).append(person)
    homes: dict[str, dict[str, str]] = {}  # each initiative: its teams, its name as written
    for team, members in teams.items():
        for m in members:
            if m.initiative:
                homes.setdefault(_key(m.initiative), {}).setdefault(team, m.initiative)

    def split(team: str) -> tuple[str, ...]:
        return tuple(f"The initiative “{named[team]}” also has people in "
                     f"{', '.join(t for t in named if t != team)}: its people usually work "
                     "better in one team." for named in homes.values()
                     if team in named and len(named) > 1)

    return [ProposedTeam(team, tuple(members), split(team)) for team, members in teams.items()]


def initiative_teams(groups: Sequence[ProposedTeam]) -> list[ProposedTeam]:
    """The teams of a learning group whose people bring initiatives of their own: each
    proposed team is a group, and each initiative in it a team named after it, its people as
    members and the group's others as critical friends (people with no initiative are critical
    friends of each). A group with no initiative, or an initiative with people in two groups,
    is a RosterError: each initiative's critical friends are the others of its one group."""
    own: list[dict[str, list[Candidate]]] = []  # each group's initiatives, with their people
    homes: dict[str, list[str]] = {}  # each initiative: the groups it has people in
    for group in groups:
        own.append({})
        for m in group.members:
            if m.initiative:
                own[-1].setdefault(_key(m.initiative), []).append(m)
        for key in own[-1]:
            homes.setdefault(key, []).append(group.name)
    named = {key: people[0].initiative for initiatives in reversed(own)
             for key, people in initiatives.items()}  # as first written
    split = [f"The initiative “{named[key]}” has people in {', '.join(found)}"
             for key, found in homes.items() if len(found) > 1]
    if split:
        raise RosterError("; ".join(split) + ". Each initiative's critical friends are the "
                          "others of its group: put its people in one group in the proposal.")
    empty = [g.name for g, initiatives in zip(groups, own, strict=True) if not initiatives]
    if empty:
        raise RosterError(f"No one in {', '.join(empty)} brings an initiative, so there is no "
                          "team to make for it. Write each person's initiative in the "
                          "proposal's initiative column (people who come without one are "
                          "critical friends of the group's initiatives), or leave out "
                          "--initiatives to make each group one team.")
    return [ProposedTeam(_name(group.name, people[0].initiative, "initiative"), tuple(people),
                         friends=tuple(m for m in group.members if m not in people))
            for group, initiatives in zip(groups, own, strict=True)
            for people in initiatives.values()]


def roster_entries(team: ProposedTeam) -> list[dict[str, str]]:
    """The team's roster as the store keeps it (kind ``member``), so a team opens with its
    people: each one's perspective, and whether they work on the initiative or are its
    critical friend. Their role is left empty for the team to write (their job or position:
    the Module 0 roster check asks for it); an organisation is not a role."""
    works, friend = INVOLVEMENT
    return [{"name": m.name, "role": "", "perspective": m.perspective,
             "involvement": friend if m in team.friends else works} for m in team.people]


# Proposing --------------------------------------------------------------------------------

def _mix(team: Sequence[Candidate]) -> tuple[int, int, int, int]:
    """How well a team is mixed, best largest: perspectives up to the three a team needs, then
    every further perspective, then someone who has taken the course before, then
    organisations."""
    perspectives = len({m.perspective for m in team})
    return (min(perspectives, MIN_PERSPECTIVES), perspectives, any(m.taken_before for m in team),
            len({m.organisation.casefold() for m in team}))


def _total(teams: Sequence[Sequence[Candidate]]) -> tuple[int, ...]:
    """How well teams are mixed together: each part of ``_mix`` added over the teams."""
    return tuple(map(sum, zip(*map(_mix, teams), strict=True)))


def propose(people: Sequence[Candidate], size: int) -> list[ProposedTeam]:
    """Teams of at most ``size`` people that mix perspectives, keep each initiative's people
    together and spread those who have taken the course before.

    No team is larger than ``size`` (20 people in teams of 6 make 5, 5, 5 and 5, not 7, 7 and
    6): the facilitator chooses the size as the most people who can all take part in one
    meeting, so a team one smaller loses less than one larger. The only exception is an
    initiative with more people than ``size``: it becomes a team of its own, and says so.
    Sizes are otherwise as even as the initiatives allow.

    The same people give the same proposal, in whatever order they come: people are sorted
    first, and every choice after that is a rule, never chance. People of an initiative are
    placed first, as a block, in the emptiest team with room. The others follow, rarest
    perspective first, each to the team with room that lacks their perspective (then lacks
    someone who has taken the course before, then their organisation). Last, two such people
    in different teams swap while a swap mixes the teams better (see ``_mix``).
    """
    if size < 1:
        raise ValueError("A team has at least one person.")
    ordered = sorted(people, key=lambda p: (p.name.casefold(), astuple(p)))
    initiatives: dict[str, list[Candidate]] = {}
    for person in ordered:
        if person.initiative:
            initiatives.setdefault(_key(person.initiative), []).append(person)
    blocks = sorted((g for g in initiatives.values() if 1 < len(g) <= size), key=len, reverse=True)
    in_blocks = {id(p) for g in initiatives.values() if len(g) > 1 for p in g}
    singles = [p for p in ordered if id(p) not in in_blocks]
    count = len(singles) + sum(map(len, blocks))
    teams: list[list[Candidate]] = [[] for _ in range(-(-count // size))]
    for block in blocks:
        room = [t for t in teams if len(t) + len(block) <= size]
        if not room:  # the initiatives do not pack into the teams planned: one team more
            teams.append([])
            room = teams[-1:]
        min(room, key=len).extend(block)
    target = [len(t) for t in teams]
    for _ in singles:  # fill the emptiest first, so sizes end as even as they can
        target[target.index(min(target))] += 1
    frequency = {p: sum(m.perspective == p for m in singles) for p in PERSPECTIVES}
    for person in sorted(singles, key=lambda p: frequency[p.perspective]):  # stable: by name
        open_ = [i for i, t in enumerate(teams) if len(t) < target[i]]
        teams[max(open_, key=lambda i: (
            all(m.perspective != person.perspective for m in teams[i]),
            person.taken_before and not any(m.taken_before for m in teams[i]),
            all(m.organisation.casefold() != person.organisation.casefold() for m in teams[i]),
            target[i] - len(teams[i]), -i))].append(person)
    _swap(teams, {id(p) for p in singles})
    oversized = [ProposedTeam("", tuple(g), (
        f"The initiative “{g[0].initiative}” has {len(g)} people, more than the team size of "
        f"{size}: they are kept together as a team of their own.",))
        for g in initiatives.values() if len(g) > size]
    proposed = oversized + [ProposedTeam("", tuple(t)) for t in teams]
    return [ProposedTeam(f"Team {n}", tuple(sorted(t.members, key=lambda p: p.name.casefold())),
                         t.notes) for n, t in enumerate(proposed, start=1)]


def _swap(teams: list[list[Candidate]], movable: set[int]) -> None:
    """Swap two movable people of different teams while that mixes the teams better; each swap
    improves the mix, so this ends."""
    improved = True
    while improved:
        improved = False
        for a, b in combinations(range(len(teams)), 2):
            for i, j in product(range(len(teams[a])), range(len(teams[b]))):
                x, y = teams[a][i], teams[b][j]
                if id(x) not in movable or id(y) not in movable:
                    continue
                new_a = teams[a][:i] + [y] + teams[a][i + 1:]
                new_b = teams[b][:j] + [x] + teams[b][j + 1:]
                if _total((new_a, new_b)) > _total((teams[a], teams[b])):
                    teams[a], teams[b], improved = new_a, new_b, True


# Writing ----------------------------------------------------------------------------------

def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def proposal_csv(teams: Sequence[ProposedTeam]) -> str:
    """The proposal as a CSV file to edit, one row per person; it opens safely in a
    spreadsheet (text like ``=cmd`` stays text)."""
    return csv_text(PROPOSAL_COLUMNS, [
        (t.name, m.name, m.organisation, m.perspective, m.initiative, _yes_no(m.taken_before),
         m.username, _yes_no(m.no_code)) for t in teams for m in t.members])


def hub_roster_csv(teams: Sequence[ProposedTeam]) -> str:
    """The hub's roster for these teams (see ``roster.py``), everyone a participant (a
    critical friend too, in each initiative's team of their group); a RosterError names the
    people who have no username yet."""
    missing = list(dict.fromkeys(m.name for t in teams for m in t.people if not m.username))
    if missing:
        raise RosterError(f"The hub needs a username for each person, and {len(missing)} have "
                          f"none: {', '.join(missing)}. Write them in the proposal's username "
                          "column.")
    return csv_text(ROSTER_COLUMNS, [
        (t.name, m.username, m.name, m.perspective, _yes_no(m.no_code), "participant")
        for t in teams for m in t.people])


def summary(teams: Sequence[ProposedTeam]) -> str:
    """The teams in words: who is in each, its perspectives and organisations, who has taken
    the course before, and its warnings."""
    lines = []
    for team in teams:
        friends = (f", and {len(team.friends)} critical "
                   f"friend{'' if len(team.friends) == 1 else 's'}" if team.friends else "")
        lines.append(f"{team.name}: {len(team.members)} "
                     f"{'person' if len(team.members) == 1 else 'people'}{friends}")
        lines.append(f"  Perspectives: {', '.join(team.perspectives)}")
        lines.append(f"  Organisations: {', '.join(team.organisations) or 'none given'}")
        for m in team.people:
            extra = [x for x in (m.organisation, m.initiative and f"initiative: {m.initiative}",
                                 m in team.friends and "critical friend") if x]
            lines.append(f"  - {m.name}, {m.perspective}{''.join(f'; {x}' for x in extra)}")
        lines.append(f"  Has taken the course before (can facilitate): "
                     f"{', '.join(team.taken_before) or 'no one'}")
        lines.extend(f"  Warning: {w}" for w in team.warnings)
        lines.append("")
    return "\n".join(lines)
