"""The facilitator's grading workflow for a cohort, on top of nbgrader.

Teams are nbgrader's students: one submission per team and module, and the team's name and
members (from the workspace it handed in) are kept in ``teams.json`` beside the gradebook.
The steps are the ones a facilitator runs, in order: :func:`release` the teams' copies,
:func:`collect` what teams hand in (a folder or a zip per team), :func:`autograde` it
(``autograde``, on all cores), make :func:`feedback`, and :func:`export_grades` to a
grade sheet. A team that hands in again is collected anew and regraded; grades a facilitator
gave by hand are kept.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import nbformat

from ..store import spreadsheet_safe
from .checks import MODULE_CHECKS
from .handins import (
    HandIn,
    HandInError,
    find_hand_ins,
    snapshot_members,
    team_id,
    workspace_problem,
)
from .submission import SUBMISSION_FILE

__all__ = [
    "TIMESTAMP_FILE",
    "Collected",
    "Course",
    "GradingError",
    "changed_locked_cells",
    "collect",
    "export_grades",
    "feedback",
    "release",
    "released_secrets",
    "timestamp_now",
]

CONFIG_FILE = "nbgrader_config.py"
LEDGER_FILE = "teams.json"
GRADES_FILE = "grades.csv"
TIMESTAMP_FILE = "timestamp.txt"
_REGIONS = {"solution": ("BEGIN SOLUTION", "END SOLUTION"),
            "hidden": ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"),
            "mark scheme": ("BEGIN MARK SCHEME", "END MARK SCHEME")}


class GradingError(RuntimeError):
    """A grading step that cannot go ahead; the message says what to do."""


def venv_on_path() -> None:
    """Put this Python's folder first on PATH: nbgrader runs ``alembic`` and kernels from it,
    and ``course`` may be run without activating the virtual environment."""
    here = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != here:
        os.environ["PATH"] = os.pathsep.join([here, os.environ.get("PATH", "")])


@dataclass(frozen=True)
class Course:
    """nbgrader's course folder (the one holding nbgrader_config.py)."""

    root: Path

    @classmethod
    def at(cls, root: str | os.PathLike) -> Course:
        """The course folder at ``root``; refuses a folder that is not one."""
        root = Path(root).resolve()
        if not (root / CONFIG_FILE).is_file():
            raise GradingError(f"{root} is not the course's exercises folder (it has no "
                               f"{CONFIG_FILE}). Run this inside the course checkout, or give "
                               "the folder with --course.")
        return cls(root)

    def config(self, **overrides: str) -> Any:
        """nbgrader's settings from the course's config file, with CourseDirectory overrides."""
        from traitlets.config.loader import PyFileConfigLoader

        cfg = PyFileConfigLoader(CONFIG_FILE, path=str(self.root)).load_config()
        cfg.CourseDirectory.root = str(self.root)
        for key, value in overrides.items():
            setattr(cfg.CourseDirectory, key, value)
        return cfg

    @property
    def db_url(self) -> str:
        """Where nbgrader's gradebook is."""
        return str(self.config().CourseDirectory.db_url)

    @property
    def course_id(self) -> str:
        """nbgrader's name for the course."""
        return str(self.config().CourseDirectory.course_id)

    def modules(self) -> list[str]:
        """Every exercise in source/, in course order."""
        return sorted(p.name for p in (self.root / "source").iterdir()
                      if (p / f"{p.name}.ipynb").is_file())

    def module(self, name: str) -> str:
        """A module's exercise from how a facilitator might type it: 04_action, 04, 4, action."""
        wanted = name.strip().lower()
        for m in self.modules():
            number, _, word = m.partition("_")
            if wanted in (m, number, number.lstrip("0") or "0", word):
                return m
        raise GradingError(f"There is no exercise called “{name}”. The exercises are: "
                           + ", ".join(self.modules()) + ".")

    def pick(self, names: Sequence[str] | None) -> list[str]:
        """The modules named, or all of them."""
        return [self.module(n) for n in names] if names else self.modules()

    def gradebook(self) -> Any:
        """nbgrader's gradebook of this course (use it in a ``with`` block)."""
        from nbgrader.api import Gradebook

        venv_on_path()
        return Gradebook(self.db_url, course_id=self.course_id)

    def api(self, **overrides: str) -> Any:
        """nbgrader's own API on this course (what its command line and formgrader use)."""
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        venv_on_path()
        cfg = self.config(**overrides)
        return NbGraderAPI(coursedir=CourseDirectory(config=cfg), config=cfg)

    # teams.json: who each team is, and what happened to each hand-in ----------------------

    def ledger(self) -> dict[str, Any]:
        """teams.json: each team's name, members and what happened to each hand-in."""
        path = self.root / LEDGER_FILE
        try:
            return json.loads(path.read_text("utf-8")) if path.exists() else {}
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise GradingError(f"{path} is damaged and cannot be read. Restore it from a "
                               "backup, or move it away to start the team list afresh "
                               "(collecting the hand-ins again rebuilds it).") from None

    def save_ledger(self, ledger: dict[str, Any]) -> None:
        """Write teams.json whole, so a reader never sees half a file."""
        path = self.root / LEDGER_FILE
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(ledger, ensure_ascii=False, indent=1, sort_keys=True),
                       "utf-8")
        tmp.replace(path)

    def release_notebook(self, module: str) -> Path:
        """The teams' copy of a module's exercise."""
        return self.root / "release" / module / f"{module}.ipynb"

    def submitted(self, team: str, module: str) -> Path:
        """Where a team's hand-in of a module is kept."""
        return self.root / "submitted" / team / module

    def autograded(self, team: str, module: str) -> Path:
        """Where nbgrader puts a team's graded notebook of a module."""
        return self.root / "autograded" / team / module


def _regions(source: str, begin: str, end: str) -> list[str]:
    lines, inside, out = source.splitlines(), False, []
    for line in lines:
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside:
            out.append(line)
    return out


def _secret_lines(source_nb: nbformat.NotebookNode) -> list[str]:
    """What must never reach a team: solutions, hidden tests, grader-only notes."""
    secrets = []
    for cell in source_nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        for begin, end in _REGIONS.values():
            secrets += _regions(cell.source, begin, end)
        if (cell.cell_type == "markdown" and meta.get("solution")
                and _REGIONS["solution"][0] not in cell.source):
            secrets += cell.source.splitlines()  # the whole cell is the model answer
    return [s.strip() for s in secrets if len(s.strip()) >= 8]


def released_secrets(source_nb: nbformat.NotebookNode,
                     release_nb: nbformat.NotebookNode) -> list[str]:
    """Lines of solutions, hidden tests or grader notes found in a team's copy (none, we hope)."""
    text = "\n".join(c.source for c in release_nb.cells)
    found = [f"the marker “{begin}”" for begin, _ in _REGIONS.values() if begin in text]
    return found + [f"“{s[:60]}”" for s in _secret_lines(source_nb) if s in text]


def changed_locked_cells(release_nb: nbformat.NotebookNode,
                         submitted_nb: nbformat.NotebookNode) -> list[str]:
    """Locked cells a team changed or deleted: the grade ids, in notebook order.

    nbgrader puts the original back before grading, so the team's score is safe; this is so
    the facilitator knows it happened.
    """
    from nbgrader.utils import compute_checksum

    def locked(nb: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
        return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells
                if c.metadata.get("nbgrader", {}).get("grade_id")}

    released, handed_in = locked(release_nb), locked(submitted_nb)
    changed = []
    for grade_id, cell in released.items():
        if not cell.metadata["nbgrader"].get("locked"):
            continue
        mine = handed_in.get(grade_id)
        try:
            same = mine is not None and compute_checksum(mine) == compute_checksum(cell)
        except (KeyError, ValueError, TypeError):  # its nbgrader metadata was edited away
            same = False
        if not same:
            changed.append(grade_id)
    return changed


def release(course: Course, modules: Sequence[str] | None = None,
            to: str | os.PathLike | None = None) -> list[Path]:
    """Make the teams' copies of the exercises (release/<module>/), and check each holds no
    solution, hidden test or grader note; with ``to``, copy them there for teams too."""
    api = course.api()
    out = []
    for module in course.pick(modules):
        result = api.generate_assignment(module, force=True, create=True)
        if not result["success"]:
            raise GradingError(f"nbgrader could not release {module}:\n"
                               + _tail(result.get("log", "") + result.get("error", "")))
        made = course.release_notebook(module)
        leaks = released_secrets(nbformat.read(course.root / "source" / module /
                                               f"{module}.ipynb", as_version=4),
                                 nbformat.read(made, as_version=4))
        if leaks:
            shutil.rmtree(made.parent)
            raise GradingError(f"The teams' copy of {module} gave away "
                               + "; ".join(leaks[:3]) + ". It was deleted: fix the source "
                               "notebook (scripts/make_exercises.py) and release again.")
        if to is not None:
            shutil.copytree(made.parent, Path(to) / module, dirs_exist_ok=True)
        out.append(made)
    return out


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


@dataclass(frozen=True)
class Collected:
    """What happened to one hand-in: the team's id, whether it was new, and notes."""

    team: str
    source: str
    status: str  # "new", "handed in again", "unchanged" or "left out"
    notes: tuple[str, ...] = ()

    def line(self) -> str:
        """One line for the facilitator: the team, what happened, and where from."""
        notes = f" ({'; '.join(self.notes)})" if self.notes else ""
        return f"{self.team or '?'}: {self.status}{notes}  [{self.source}]"


def timestamp_now() -> str:
    """Now, in UTC, written the way nbgrader reads a submission's timestamp.txt."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f UTC")


def _is_exercise(data: bytes, release_nb: nbformat.NotebookNode) -> bool:
    """Whether the handed-in notebook is this module's exercise (not the module itself)."""
    try:
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
    except Exception:  # any unreadable file: nbformat raises several kinds
        return False
    ids = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells}
    wanted = {c.metadata.get("nbgrader", {}).get("grade_id") for c in release_nb.cells}
    return bool((ids & wanted) - {None})


def _store(course: Course, module: str, team: str, hand_in: HandIn) -> tuple[str, str]:
    """Put a hand-in in submitted/<team>/<module>/. Returns its status and, if it changed, its
    new timestamp: a newer timestamp is what makes nbgrader grade a submission again."""
    folder = course.submitted(team, module)
    wanted = {f"{module}.ipynb": hand_in.notebook, SUBMISSION_FILE: hand_in.snapshot}
    if folder.exists() and all(
            ((folder / name).read_bytes() if (folder / name).exists() else None) == data
            for name, data in wanted.items()):
        return "unchanged", ""
    status = "handed in again" if folder.exists() else "new"
    tmp = folder.with_name(folder.name + ".incoming")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name, data in wanted.items():
        if data is not None:
            (tmp / name).write_bytes(data)
    stamp = timestamp_now()
    (tmp / TIMESTAMP_FILE).write_text(stamp + "\n", "utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.replace(folder)
    return status, stamp


def collect(course: Course, module: str, sources: Sequence[str | os.PathLike],
            team: str | None = None) -> list[Collected]:
    """Take in teams' hand-ins for one module: each source is a team's folder or zip, or a
    folder of them. ``team`` names the team when there is a single hand-in."""
    module = course.module(module)
    if not course.release_notebook(module).exists():
        raise GradingError(f"{module} has not been released yet: run `course grade release "
                           f"{module}` first.")
    release_nb = nbformat.read(course.release_notebook(module), as_version=4)
    found: list[HandIn | HandInError] = []
    for source in sources:
        try:
            found += list(find_hand_ins(source, module))
        except HandInError as exc:
            found.append(exc)
    if team is not None and len(found) != 1:
        raise GradingError(f"--team names one team, but {len(found)} hand-ins were found.")
    ledger: dict[str, Any] = course.ledger()
    results: list[Collected] = []
    seen: dict[str, str] = {}
    with course.gradebook() as gb:
        for item in found:
            if isinstance(item, HandInError):
                results.append(Collected("", "", "left out", (str(item),)))
                continue
            try:
                results.append(_take_in(course, module, item, team, release_nb, ledger, seen,
                                        gb))
            except Exception as exc:  # one team's hand-in never holds up the cohort's
                results.append(Collected(seen.get(item.source, ""), item.source, "left out", (
                    f"it could not be taken in ({exc.__class__.__name__}: {exc})",)))
    course.save_ledger(ledger)
    return results


def _take_in(course: Course, module: str, item: HandIn, team: str | None,
             release_nb: nbformat.NotebookNode, ledger: dict[str, Any], seen: dict[str, str],
             gb: Any) -> Collected:
    """Take one hand-in into submitted/, or say why it was left out."""
    try:
        tid = team_id(team or item.name)
    except HandInError as exc:
        return Collected("", item.source, "left out", (str(exc),))
    if tid in seen:
        return Collected(tid, item.source, "left out", (
            f"a second hand-in for the same team (the first is {seen[tid]}): rename one, or "
            "take one away",))
    seen[tid] = item.source
    if not _is_exercise(item.notebook, release_nb):
        return Collected(tid, item.source, "left out", (
            f"the notebook is not the {module} exercise (was the module notebook handed in "
            "instead?)",))
    notes = list(item.notes)
    who = snapshot_members(item.snapshot)
    problem = workspace_problem(item.snapshot)
    if problem:
        notes.append(f"{problem}: the checks of the team's work will give 0 points")
    entry = ledger.setdefault(tid, {"name": team or item.name, "members": [], "modules": {}})
    if who:
        entry["name"], entry["members"] = who
        twins = [t for t, e in ledger.items() if t != tid and e["name"] == who[0]]
        if twins:
            notes.append(f"the same workspace team was handed in as {twins[0]} too: check the "
                         "folder names")
    status, stamp = _store(course, module, tid, item)
    if stamp:
        entry["modules"][module] = {"handed_in": stamp, "from": item.source,
                                    "workspace": item.snapshot is not None}
    gb.update_or_create_student(tid, last_name=entry["name"], first_name="")
    return Collected(tid, item.source, status, tuple(notes))


def feedback(course: Course, modules: Sequence[str] | None = None) -> list[Path]:
    """Feedback pages (feedback/<team>/<module>/<module>.html) for every graded hand-in."""
    api = course.api()
    for module in course.pick(modules):
        if not any((course.root / "autograded").glob(f"*/{module}/{module}.ipynb")):
            continue
        result = api.generate_feedback(module)
        if not result["success"]:
            raise GradingError(f"nbgrader could not make feedback for {module}:\n"
                               + _tail(result.get("log", "") + result.get("error", "")))
    return sorted(p for m in course.pick(modules)
                  for p in (course.root / "feedback").glob(f"*/{m}/{m}.html"))


def part_label(module: str, grade_id: str) -> str:
    """A graded part as the grade sheet names it: "question 2", a check's rule, "reflection"."""
    if grade_id.startswith("q") and grade_id.endswith("_check"):
        return f"question {grade_id[1:-6]}"
    number = int(module.split("_")[0])
    return next((c.title.rstrip(".") for c in MODULE_CHECKS.get(number, ())
                 if c.name == grade_id), grade_id)


GRADE_COLUMNS = ("team", "team_name", "members", "module", "status", "handed_in", "score",
                 "max_score", "not_yet_passed", "changed_locked_cells")


def _row(gb: Any, ledger: dict[str, Any], team: str, module: str) -> dict[str, Any]:
    from nbgrader.api import MissingEntry

    entry = ledger.get(team, {})
    info = entry.get("modules", {}).get(module, {})
    row = {"team": team, "team_name": entry.get("name", team),
           "members": "; ".join(entry.get("members", [])), "module": module,
           "handed_in": info.get("handed_in", ""),
           "changed_locked_cells": "; ".join(info.get("changed_locked_cells", []))}
    try:
        sub = gb.find_submission(module, team)
    except MissingEntry:
        status = "handed in, not graded yet" if info.get("handed_in") else "not handed in"
        return {**row, "status": status, "score": "", "max_score": "", "not_yet_passed": ""}
    grades = [g for nb in sub.notebooks for g in nb.grades]
    waiting = [g for g in grades if g.needs_manual_grade]
    short = [part_label(module, g.name) + (f" ({g.score:g} of {g.max_score:g})" if g.score
                                           else "")
             for g in grades if g not in waiting and (g.score or 0) < g.max_score]
    return {**row, "status": "waiting for manual grading" if waiting else "graded",
            "score": f"{sub.score:g}", "max_score": f"{sub.max_score:g}",
            "not_yet_passed": "; ".join(short)}


def export_grades(course: Course, path: str | os.PathLike | None = None,
                  modules: Sequence[str] | None = None,
                  teams: Collection[str] | None = None) -> Path:
    """The grade sheet: one row per team and module (CSV, opens in any spreadsheet); with
    ``teams`` (team names, e.g. one cohort's), those teams' rows only."""
    path = Path(path) if path else course.root / GRADES_FILE
    ledger = course.ledger()
    with course.gradebook() as gb:
        released = {a.name for a in gb.assignments}
        chosen = [m for m in course.pick(modules) if m in released]
        ids = sorted(set(ledger) | {s.id for s in gb.students})
        rows = [_row(gb, ledger, t, m) for t in ids for m in chosen]
    if teams is not None:  # known by the name in its hand-ins, or by the id made from it
        wanted = set(teams) | {team_id(name) for name in teams}
        rows = [row for row in rows if {row["team_name"], row["team"]} & wanted]
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", newline="", encoding="utf-8-sig") as f:  # with a BOM, for Excel
        writer = csv.DictWriter(f, fieldnames=GRADE_COLUMNS)
        writer.writeheader()
        writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)
    tmp.replace(path)
    return path
