"""Autograde a cohort with nbgrader on several cores, without losing grades given by hand.

nbgrader grades one submission at a time. Here several worker processes
(``_worker``) each run nbgrader's own autograder, taking the next submission as
soon as they are free, against a private copy of the gradebook, so they never fight over one
SQLite file; the main process then copies each result into the real gradebook. A progress bar
on stderr counts the submissions.

After grading, answers graded by hand are settled: a grade given by hand is kept, and needs no
second look unless the team changed its answer; an answer left empty (which nbgrader scores 0)
gets a comment saying so in the team's feedback. Locked cells a team changed are recorded
(nbgrader restores them before grading, so the score is safe).
"""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import nbformat
from sqlalchemy.exc import SAWarning

from .course import TIMESTAMP_FILE, Course, changed_locked_cells, timestamp_now

__all__ = ["EMPTY_ANSWER", "GradingReport", "Progress", "Result", "autograde", "to_grade",
           "why_it_failed"]

EMPTY_ANSWER = (
    "Nothing was written here, so this part scores 0. Write your team's answer and hand the "
    "exercise in again."
)
_NO_RESPONSE = "No response."  # nbgrader's comment on an answer cell left as released


class Progress:
    """A text progress bar: ``[#####.....] 12/40 eastside 04_action``. Redrawn in place on a
    terminal; one line per step otherwise (a log file stays readable)."""

    def __init__(self, total: int, stream: IO[str] | None = None, prefix: str = "",
                 width: int = 24) -> None:
        self.total, self.done, self.width, self.prefix = total, 0, width, prefix
        self.stream = stream if stream is not None else sys.stderr
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()

    def step(self, label: str) -> None:
        """Count one submission done, and redraw the bar."""
        self.done += 1
        filled = self.width * self.done // max(self.total, 1)
        bar = (f"{self.prefix + ' ' if self.prefix else ''}[{'#' * filled}"
               f"{'.' * (self.width - filled)}] {self.done}/{self.total} {label}")
        if self.live:
            self.stream.write(f"\r{bar[:100]:<100}" + ("\n" if self.done == self.total else ""))
        else:
            self.stream.write(bar + "\n")
        self.stream.flush()


@dataclass
class Result:
    """What one worker did with one team's submission."""

    module: str
    team: str
    ok: bool
    seconds: float
    gradebook: str = ""  # the worker's private copy it went into ("" for a shared server)
    log: str = ""


@dataclass
class GradingReport:
    """The outcome of one autograde run, for the facilitator."""

    workers: int
    seconds: float = 0.0
    graded: list[Result] = field(default_factory=list)
    failed: list[Result] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    changed_cells: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def summary(self) -> str:
        """What happened, in a few lines a facilitator can read."""
        n = len(self.graded)
        lines = [f"Graded {n} submission{'' if n == 1 else 's'} in {self.seconds:.1f} s with "
                 f"{self.workers} worker{'' if self.workers == 1 else 's'}"
                 + (f" ({self.seconds / n:.1f} s each)." if n else ".")]
        if self.skipped:
            lines.append(f"{len(self.skipped)} already graded and unchanged: left as they were "
                         "(use --force to grade them again).")
        for (module, team), cells in sorted(self.changed_cells.items()):
            lines.append(f"{team} changed locked cells in {module} ({', '.join(cells)}); "
                         "nbgrader graded the original cells.")
        for r in self.failed:
            lines.append(f"Could not grade {r.team} ({r.module}):\n{r.log}")
        return "\n".join(lines)


def _timestamp(folder: Path) -> str:
    path = folder / TIMESTAMP_FILE
    return path.read_text("utf-8").strip() if path.exists() else ""


def to_grade(course: Course, modules: Sequence[str] | None = None,
             force: bool = False) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(module, team) pairs that need grading, and those already graded and unchanged.

    A submission needs grading when it was never graded, or was handed in again since (its
    timestamp is newer), as nbgrader decides it.
    """
    from nbgrader.utils import parse_utc

    todo, done = [], []
    for module in course.pick(modules):
        for folder in sorted((course.root / "submitted").glob(f"*/{module}")):
            team = folder.parent.name
            graded = course.autograded(team, module)
            new, old = _timestamp(folder), _timestamp(graded)
            fresh = (graded / f"{module}.ipynb").exists() and (
                not new or (old and parse_utc(new) <= parse_utc(old)))
            (done if fresh and not force else todo).append((module, team))
    return todo, done


_CAUSE = re.compile(r"^\s*[\w.]*(Error|Exception|Interrupt)\b: ")


def why_it_failed(log: str) -> str:
    """What went wrong, from nbgrader's log: its first error line and the errors behind it
    (the tracebacks themselves, and nbgrader's closing "see above", say little more)."""
    text = log.strip().splitlines()
    first = [line.strip() for line in text if "[ERROR]" in line][:1]
    causes = [line.strip() for line in text if _CAUSE.match(line)
              and "NbGraderException" not in line]
    picked = list(dict.fromkeys(first + causes))[:8]
    return "\n".join(picked) if picked else "\n".join(text[-12:])


# Worker processes ----------------------------------------------------------------------

def _start_worker(course: Course, workdir: str) -> subprocess.Popen:
    package_home = str(Path(__file__).resolve().parents[2])  # the folder holding widgets/
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (package_home, os.environ.get("PYTHONPATH", "")) if p)}
    return subprocess.Popen([sys.executable, "-m", "widgets.grading._worker", str(course.root),
                             workdir], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, encoding="utf-8", env=env)


def _stopped(worker: subprocess.Popen, workdir: str) -> str:
    """Why a worker stopped, from the end of its log (a broken nbgrader_config.py, say)."""
    log = Path(workdir) / f"worker-{worker.pid}.log"
    said = why_it_failed(log.read_text("utf-8", "replace")) if log.exists() else ""
    return "The grading worker stopped unexpectedly." + (f"\n{said}" if said else "")


def _drive(worker: subprocess.Popen, workdir: str, tasks: queue.Queue,
           results: queue.Queue) -> None:
    """Feed one worker submissions until none are left (or it stops), passing on results."""
    assert worker.stdin is not None and worker.stdout is not None
    try:
        while True:
            try:
                module, team = tasks.get_nowait()
            except queue.Empty:
                break
            worker.stdin.write(json.dumps([module, team]) + "\n")
            worker.stdin.flush()
            answer = worker.stdout.readline()
            if not answer:
                worker.wait()
                results.put(Result(module, team, False, 0.0, log=_stopped(worker, workdir)))
                break
            results.put(Result(**json.loads(answer)))
    except OSError as exc:  # the worker's pipe broke
        results.put(Result("", "", False, 0.0, log=f"A grading worker failed: {exc}"))
    finally:
        worker.stdin.close()
        worker.wait()
        results.put(None)  # this worker is done


def _grade_all(course: Course, todo: list[tuple[str, str]], workers: int, workdir: str,
               progress: Progress) -> list[Result]:
    """Grade ``todo`` with ``workers`` worker processes, each taking the next submission as
    soon as it is free."""
    tasks: queue.Queue = queue.Queue()
    for item in todo:
        tasks.put(item)
    results: queue.Queue = queue.Queue()
    threads = [threading.Thread(target=_drive, args=(_start_worker(course, workdir), workdir,
                                                     tasks, results), daemon=True)
               for _ in range(workers)]
    for thread in threads:
        thread.start()
    out, running = [], workers
    while running:
        result = results.get()
        if result is None:
            running -= 1
            continue
        out.append(result)
        progress.step(f"{result.team} {result.module}" + ("" if result.ok else " (failed)"))
    while not tasks.empty():  # every worker stopped early: say what was not graded
        module, team = tasks.get()
        out.append(Result(module, team, False, 0.0, log="Not graded: no worker was left."))
    return out


def _grade_with_retry(course: Course, todo: list[tuple[str, str]], workers: int,
                      workdir: str, stream: IO[str] | None) -> list[Result]:
    """Grade, then grade once more, alone, each submission that failed: on a busy machine a
    kernel now and then fails to start (two starting at once can pick the same port), which
    says nothing about the team's work. A notebook that really breaks fails twice."""
    results = _grade_all(course, todo, workers, workdir, Progress(len(todo), stream))
    failed = [(r.module, r.team) for r in results if not r.ok and r.team]
    if not failed:
        return results
    again = {(r.module, r.team): r for r in _grade_all(course, failed, 1, workdir,
                                                       Progress(len(failed), stream, "again"))}
    return [again.get((r.module, r.team), r) for r in results]


# Back in the main process --------------------------------------------------------------

def _copy_result(src: Any, dst: Any, module: str, team: str) -> None:
    """Copy what nbgrader's autograder wrote for one submission into the real gradebook.
    Grades given by hand there are left alone."""
    sub = src.find_submission(module, team)
    dst.update_or_create_student(team)
    dst.update_or_create_submission(module, team, timestamp=sub.timestamp)
    for nb in sub.notebooks:
        target = dst.find_submission_notebook(nb.name, module, team)
        target.late_submission_penalty = nb.late_submission_penalty
        for g in nb.grades:
            grade = dst.find_grade(g.name, nb.name, module, team)
            grade.auto_score = g.auto_score
            grade.needs_manual_grade = grade.manual_score is not None or g.auto_score is None
        for c in nb.comments:
            dst.find_comment(c.name, nb.name, module, team).auto_comment = c.auto_comment
    dst.db.commit()


def _answers(course: Course, team: str, module: str) -> dict[str, str]:
    """The team's answers in the graded notebook, by grade id (to see what changed)."""
    path = course.autograded(team, module) / f"{module}.ipynb"
    if not path.exists():
        return {}
    nb = nbformat.read(path, as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def _settle_manual_grades(gb: Any, course: Course, module: str, team: str,
                          before: dict[str, str]) -> None:
    """Keep grades given by hand, asking for a second look only where the team changed its
    answer; say in plain words when an answer was left empty (nbgrader scores it 0)."""
    now = _answers(course, team, module)
    for nb in gb.find_submission(module, team).notebooks:
        comments = {c.name: c for c in nb.comments}
        for grade in nb.grades:
            if grade.name not in now:
                continue  # not an answer the team writes (nbgrader's checks)
            comment = comments[grade.name]
            if comment.auto_comment == _NO_RESPONSE and comment.manual_comment is None:
                comment.manual_comment = EMPTY_ANSWER
            elif comment.auto_comment != _NO_RESPONSE and comment.manual_comment == EMPTY_ANSWER:
                comment.manual_comment = None  # written since
            if grade.manual_score is not None:
                grade.needs_manual_grade = before.get(grade.name) != now[grade.name]
    gb.db.commit()


def _record_changed_cells(course: Course, module: str, team: str,
                          ledger: dict[str, Any]) -> list[str]:
    release_nb = nbformat.read(course.release_notebook(module), as_version=4)
    handed_in = nbformat.read(course.submitted(team, module) / f"{module}.ipynb", as_version=4)
    changed = changed_locked_cells(release_nb, handed_in)
    entry = ledger.setdefault(team, {"name": team, "members": [], "modules": {}})
    info = entry["modules"].setdefault(module, {})
    info.update(graded=timestamp_now(), changed_locked_cells=changed)
    return changed


def autograde(course: Course, modules: Sequence[str] | None = None, workers: int | None = None,
              force: bool = False, stream: IO[str] | None = None) -> GradingReport:
    """Grade every new or handed-in-again submission of ``modules`` (default: all), with
    ``workers`` processes (default: one per core)."""
    todo, done = to_grade(course, modules, force)
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    report = GradingReport(workers=workers, skipped=done)
    if not todo:
        return report
    with course.gradebook():
        pass  # creates the gradebook if needed, before workers copy it
    before = {(m, t): _answers(course, t, m) for m, t in todo}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="it-grading-") as workdir:
        for result in _grade_with_retry(course, todo, workers, workdir, stream):
            (report.graded if result.ok else report.failed).append(result)
        _merge(course, report, before)
    report.seconds = time.perf_counter() - start
    return report


def _merge(course: Course, report: GradingReport,
           before: dict[tuple[str, str], dict[str, str]]) -> None:
    from nbgrader.api import Gradebook

    ledger = course.ledger()
    with course.gradebook() as dst, warnings.catch_warnings():
        # nbgrader's own add_submission trips a harmless SQLAlchemy autoflush warning
        warnings.simplefilter("ignore", SAWarning)
        for db in sorted({r.gradebook for r in report.graded} - {""}):
            with Gradebook(f"sqlite:///{db}", course_id=course.course_id) as src:
                for r in (r for r in report.graded if r.gradebook == db):
                    _copy_result(src, dst, r.module, r.team)
        for r in report.graded:
            _settle_manual_grades(dst, course, r.module, r.team, before[(r.module, r.team)])
            changed = _record_changed_cells(course, r.module, r.team, ledger)
            if changed:
                report.changed_cells[(r.module, r.team)] = changed
    course.save_ledger(ledger)
