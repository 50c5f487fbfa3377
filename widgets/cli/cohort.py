"""``course cohort ...``: form a cohort's teams from an intake file (see ``widgets.hub.forming``).

    course cohort plan INTAKE.csv --size N [--out proposal.csv]
    course cohort create PROPOSAL.csv --cohort NAME --start YYYY-MM-DD [--initiatives]
                         [--roster roster.csv]

``plan`` proposes the teams and writes them to a file the facilitator edits in a spreadsheet;
``create`` makes the cohort and its teams in the team store from the edited file, each team
with its roster (name, perspective, working on the initiative; each person's role is left for
the team to write), and, with ``--roster``, writes the hub's roster so the hub makes its groups.

With ``--initiatives`` (a learning group whose people each bring an initiative of their own),
each team of the proposal is a group, and each initiative in a group becomes a team named
after it: its people work on it, the group's others are its critical friends (on the hub,
each person is a participant of every initiative team of their group, so they rate as
critical friends too). Everything is checked before anything is made: a mistake creates
nothing.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from datetime import date
from pathlib import Path

from ..hub.forming import (
    hub_roster_csv,
    initiative_teams,
    proposal_csv,
    propose,
    read_intake,
    read_proposal,
    roster_entries,
    summary,
)
from ..hub.roster import RosterError
from ..store import Store, StoreError, ValidationError, validate
from .common import AddParser

__all__ = ["register"]


_FORMED_BY = "course cohort create"  # who wrote each roster entry, in the team's history


def _fail(message: object) -> int:
    print(f"course cohort: {message}", file=sys.stderr)
    return 1


def _write_new(path: Path, text: str) -> None:
    """Write a CSV file that must not exist yet: it may hold a facilitator's edits. With a byte
    order mark, so a spreadsheet reads its accents right."""
    with path.open("x", encoding="utf-8-sig", newline="") as f:
        f.write(text)


def _exists(path: Path) -> str:
    return (f"{path} already exists, and may hold your edits. Give another file name, or "
            "delete it first.")


def _plan(args: argparse.Namespace) -> int:
    if args.out.exists():
        return _fail(_exists(args.out))
    try:
        teams = propose(read_intake(args.intake), args.size)
    except RosterError as exc:
        return _fail(exc)
    try:
        _write_new(args.out, proposal_csv(teams))
    except OSError as exc:
        return _fail(f"{args.out} cannot be written ({exc.strerror or exc}).")
    print(summary(teams))
    print(f"The proposal is in {args.out}. Edit it in a spreadsheet (move people between teams "
          "by changing their team; rename teams), then create the teams:\n"
          f"  course cohort create {args.out} --cohort NAME --start YYYY-MM-DD "
          "[--roster roster.csv]")
    return 0


def _create(args: argparse.Namespace) -> int:
    if args.roster and args.roster.exists():
        return _fail(_exists(args.roster))
    try:
        teams = read_proposal(args.proposal)
        if args.initiatives:
            teams = initiative_teams(teams)
        roster = hub_roster_csv(teams) if args.roster else ""
        rosters = {t.name: [validate("member", e) for e in roster_entries(t)] for t in teams}
    except (RosterError, ValidationError) as exc:
        return _fail(exc)
    try:  # the roster's file first: a folder that is not there must not leave teams half-made
        out = args.roster.open("x", encoding="utf-8-sig", newline="") if args.roster else None
    except OSError as exc:
        return _fail(f"{args.roster} cannot be written ({exc.strerror or exc}). Nothing was "
                     "created.")
    store = Store()
    try:
        known = {name.casefold(): name for name in store.team_names()}
        taken = [known[t.name.casefold()] for t in teams if t.name.casefold() in known]
        if taken:
            raise StoreError(f"The team store already has a team called {', '.join(taken)}. A "
                             "team's name is its own across cohorts: rename it in the proposal "
                             "(for example with the cohort's year). Nothing was created.")
        cohort = store.add_cohort(args.cohort, args.start)
        for name, members in rosters.items():
            ws = store.team(name, cohort=cohort.name)
            for member in members:
                ws.save("member", member, by=_FORMED_BY)
        where = store.describe()
    except (StoreError, ValidationError) as exc:
        if out is not None:
            out.close()
            args.roster.unlink()
        return _fail(exc)
    finally:
        store.close()
    print(summary(teams))
    print(f"Created the cohort “{cohort.name}” (starting {cohort.start.isoformat()}) and its "
          f"{len(teams)} {'team' if len(teams) == 1 else 'teams'} in {where}. Each team's "
          "roster holds its people: each adds their role in Module 0.")
    if out is not None:
        with out:
            out.write(roster)
        print(f"The hub's roster is in {args.roster}: add the team and cohort facilitators. "
              "The hub lets in exactly the people on its roster, so on a hub that already "
              "serves an earlier cohort, add these rows to its roster instead of replacing it "
              "(its teams go on with their reviews). Then: "
              f"course hub ROSTER --cohort {shlex.quote(cohort.name)}")
    return 0


def _size(text: str) -> int:
    if not text.isdigit() or int(text) < 2:
        raise argparse.ArgumentTypeError(f"“{text}” is not a team size: write a whole number, "
                                         "2 or more (for example 6).")
    return int(text)


def _start(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date: write it as YYYY-MM-DD (for "
                                         "example 2027-01-15).") from None


def register(add_parser: AddParser) -> None:
    """Add ``course cohort plan`` and ``course cohort create`` to the course command."""
    p = add_parser("cohort", help="form a cohort's teams from an intake file",
                   description="Form a cohort's teams: propose teams that mix perspectives from "
                               "an intake file, edit the proposal, then create the teams.")
    sub = p.add_subparsers(dest="action", required=True)
    q = sub.add_parser("plan", help="propose teams that mix perspectives; writes a file to edit")
    q.add_argument("intake", type=Path, help="the intake file: a CSV, one row per person (name, "
                   "organisation, perspective, initiative, taken before, username)")
    q.add_argument("--size", type=_size, required=True,
                   help="the most people in a team (an initiative with more stays together)")
    q.add_argument("--out", type=Path, default=Path("proposal.csv"),
                   help="where to write the proposal (default proposal.csv; never overwritten)")
    q.set_defaults(func=_plan)
    q = sub.add_parser("create", help="create the cohort and its teams from an edited proposal")
    q.add_argument("proposal", type=Path, help="the proposal, as you edited it")
    q.add_argument("--cohort", required=True, help="the cohort's name")
    q.add_argument("--start", type=_start, required=True, help="the cohort's first day, "
                   "YYYY-MM-DD")
    q.add_argument("--initiatives", action="store_true",
                   help="a learning group whose people bring initiatives of their own: each "
                   "initiative in a team of the proposal becomes a team, the group's others "
                   "its critical friends")
    q.add_argument("--roster", type=Path, default=None,
                   help="also write the hub's roster here (everyone needs a username)")
    q.set_defaults(func=_create)
