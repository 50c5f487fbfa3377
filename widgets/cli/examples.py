"""``course example TEAM --as LABEL``: a finished team's plan, its names removed, as a local
worked example for the next cohort (see ``widgets.store.examples``).

    course example "Eastside Clinic" --as "A clinic's plan, 2027" [--out FILE]

It refuses a team that has not recorded its consent (Module 7), has withdrawn it, or has not
marked every module of the course done. The copy goes to ``examples/`` in the course folder;
the course shows it instead of the fictional team when ``$COURSE_EXAMPLE`` names the file.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from ..store import (
    EXAMPLE_ENV,
    Store,
    StoreError,
    ValidationError,
    anonymised,
    example_file_name,
    example_refusals,
    names_left_as_words,
    normalise_name,
    write_snapshot,
)
from .common import AddParser, course_root

__all__ = ["register"]


def _fail(message: object) -> int:
    print(f"course example: {message}", file=sys.stderr)
    return 1


def _example(args: argparse.Namespace) -> int:
    store = Store()
    try:
        name = normalise_name(args.team)
        if name not in store.team_names():
            return _fail(f"There is no team called “{name}” in {store.describe()}. course store "
                         "lists the teams, as they are spelled.")
        ws = store.team(name)
        if reasons := example_refusals(ws):
            return _fail(" ".join([*reasons, "Nothing was written."]))
        original = ws.snapshot()
        copy = anonymised(original, team_label=args.label)
        to_check = names_left_as_words(copy, original)
    except (StoreError, ValidationError) as exc:
        return _fail(exc)
    finally:
        store.close()
    out = args.out or course_root() / "examples" / example_file_name(copy["team"])
    if out.exists():
        return _fail(f"{out} already exists. Give another label (--as) or file (--out), or "
                     "delete it first.")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_snapshot(copy, out)
    except OSError as exc:
        return _fail(f"{out} cannot be written ({exc.strerror or exc}).")
    print(f"Wrote the plan of {name} as the worked example “{copy['team']}” to {out}: "
          f"{len(copy['records'])} entries, every person's name now “Member 1”, “Member 2” "
          "and so on, with no earlier versions and nothing the team deleted.\n"
          "Read it before anyone else does: names are replaced where the course knows them (the "
          "roster, every box that names a person, and those names and their parts in the "
          "text), but not nicknames, initials, or a role that points to one person.\n"
          + (f"These words are also parts of people's names and were left as they are, as "
             f"words: {', '.join(to_check)}. Check each one in the file.\n" if to_check else "")
          + f"To show it to the next cohort instead of the fictional team, set {EXAMPLE_ENV} "
          f"where the course runs, for example: export {EXAMPLE_ENV}="
          f"{shlex.quote(str(out.resolve()))}")
    return 0


def register(add_parser: AddParser) -> None:
    """Add ``course example`` to the course command."""
    p = add_parser("example", help="copy a finished team's plan, names removed, as a worked "
                                   "example for the next cohort",
                   description="Copy a finished team's plan, with every person's name "
                               "removed, as a local worked example for the next cohort. The "
                               "team must have recorded its consent (Module 7) and finished "
                               "the course.")
    p.add_argument("team", help="the team's name, as course store lists it")
    p.add_argument("--as", dest="label", required=True,
                   help="the example's name, as later teams will see it (no one's name)")
    p.add_argument("--out", type=Path, default=None,
                   help="where to write it (default: examples/LABEL.json in the course folder)")
    p.set_defaults(func=_example)
