"""``course grade ...``: the facilitator's grading workflow with nbgrader.

    course grade release [MODULE ...] [--to FOLDER]
    course grade collect MODULE PATH [PATH ...] [--team NAME]
    course grade autograde [MODULE ...] [--workers N] [--force]
    course grade feedback [MODULE ...]
    course grade export [MODULE ...] [--out FILE] [--cohort NAME]

MODULE is an exercise's name (04_action), its number (4) or its word (action); no MODULE means
every module. Everything happens in the course's exercises folder (or --course).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from ..grading.autograde import autograde
from ..grading.course import (
    Course,
    GradingError,
    collect,
    export_grades,
    feedback,
    release,
)
from ..store import Store
from .common import AddParser, course_root

__all__ = ["register"]


def _course(args: argparse.Namespace) -> Course:
    if args.course:
        return Course.at(args.course)
    return Course.at(course_root() / "exercises")


def _release(args: argparse.Namespace) -> int:
    for path in release(_course(args), args.modules, args.to):
        print(f"Released {path.parent.name}: {path}")
    if args.to:
        print(f"Copied the teams' copies to {Path(args.to).resolve()}.")
    print("Grader notes and model answers stay in source/ (Part 3 of each exercise).")
    return 0


def _collect(args: argparse.Namespace) -> int:
    results = collect(_course(args), args.module, args.paths, args.team)
    for r in results:
        print(r.line())
    taken = sum(r.status in ("new", "handed in again") for r in results)
    left = sum(r.status == "left out" for r in results)
    print(f"{taken} hand-in(s) to grade, {left} left out.")
    return 1 if left else 0


def _autograde(args: argparse.Namespace) -> int:
    report = autograde(_course(args), args.modules, args.workers, args.force)
    print(report.summary())
    return 1 if report.failed else 0


def _feedback(args: argparse.Namespace) -> int:
    pages = feedback(_course(args), args.modules)
    for page in pages:
        print(page)
    print(f"{len(pages)} feedback page(s); send each team the pages in feedback/<team>/.")
    return 0


def _export(args: argparse.Namespace) -> int:
    teams = None
    if args.cohort:
        store = Store()
        try:
            if args.cohort not in {c.name for c in store.cohorts()}:
                raise GradingError(f"There is no cohort called “{args.cohort}” in "
                                   f"{store.describe()}.")
            teams = store.team_names(args.cohort)
        finally:
            store.close()
    print(f"Grade sheet: {export_grades(_course(args), args.out, args.modules, teams)}")
    return 0


Handler = Callable[[argparse.Namespace], int]


def _run(func: Handler) -> Handler:
    """A step that reports a GradingError in plain words, without a traceback."""

    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except GradingError as exc:
            print(f"course grade: {exc}", file=sys.stderr)
            return 1

    return run


def register(add_parser: AddParser) -> None:
    """Add ``course grade`` and its steps to the course command."""
    grade = add_parser("grade", help="grade the teams' exercises with nbgrader",
                           description="Grade the teams' exercises with nbgrader: release, "
                                       "collect, autograde, feedback, export.")
    steps = grade.add_subparsers(dest="step", required=True)

    def step(name: str, func: Handler, help_text: str) -> argparse.ArgumentParser:
        p = steps.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--course", help="the exercises folder (default: exercises/ of the "
                                        "course checkout)")
        p.set_defaults(func=_run(func))
        return p

    p = step("release", _release, "make the teams' copies of the exercises (release/)")
    p.add_argument("modules", nargs="*", metavar="MODULE")
    p.add_argument("--to", help="also copy the teams' copies into this folder")

    p = step("collect", _collect, "take in the teams' hand-ins: a folder or zip per team")
    p.add_argument("module", metavar="MODULE")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="a team's folder or zip, or a folder holding one per team")
    p.add_argument("--team", help="the team's name, when PATH is a single hand-in")

    p = step("autograde", _autograde, "grade new and handed-in-again submissions")
    p.add_argument("modules", nargs="*", metavar="MODULE")
    p.add_argument("--workers", type=int, help="processes to grade with (default: one per "
                                               "core)")
    p.add_argument("--force", action="store_true",
                   help="grade again submissions already graded (grades given by hand stay)")

    p = step("feedback", _feedback, "make each team's feedback page")
    p.add_argument("modules", nargs="*", metavar="MODULE")

    p = step("export", _export, "write the grade sheet (CSV): one row per team and module")
    p.add_argument("modules", nargs="*", metavar="MODULE")
    p.add_argument("--out", help="where to write it (default: exercises/grades.csv)")
    p.add_argument("--cohort", help="only the teams of this cohort (as the team store knows "
                                    "them)")
