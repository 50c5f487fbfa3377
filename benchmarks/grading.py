"""Grading benchmark: a cohort's submissions autograded one at a time and in parallel.

    .venv/bin/python -m benchmarks.grading [--teams 40] [--module 04_action] [--workers N]

Grades the same submissions of one module twice with the facilitator's workflow
(widgets.autograde, the real nbgrader pipeline): with 1 worker (sequential) and with N workers
(default: one per core), and prints both times and their ratio. Then does the same for a
minimal one-cell assignment (``assert True``), the baseline for what nbgrader itself costs per
submission (a kernel, the notebook's conversion, the gradebook), so the per-submission time
of the course's exercise can be read against it.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import nbformat

from tests.support import ROOT
from widgets.grading.autograde import autograde
from widgets.grading.course import Course, collect, release
from widgets.store import Store, example_workspace, import_snapshot

MINIMAL = "minimal"


def _course(tmp: Path) -> Course:
    shutil.copytree(ROOT / "exercises", tmp / "exercises", ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "gradebook.db", "teams.json",
        "grades.csv", "__pycache__"))
    minimal = tmp / "exercises" / "source" / MINIMAL
    minimal.mkdir()
    cell = nbformat.v4.new_code_cell("assert True", metadata={"nbgrader": {
        "grade": True, "grade_id": "only", "locked": True, "points": 1, "schema_version": 3,
        "solution": False, "task": False}})
    cell.id = "only"
    nbformat.write(nbformat.v4.new_notebook(cells=[cell], metadata={"kernelspec": {
        "display_name": "Python 3", "language": "python", "name": "python3"}}),
        minimal / f"{MINIMAL}.ipynb")
    return Course.at(tmp / "exercises")


def _hand_ins(course: Course, module: str, teams: int, inbox: Path) -> None:
    """``teams`` hand-ins: the released notebook answered, and a workspace for each team."""
    nb = nbformat.read(course.release_notebook(module), as_version=4)
    for cell in nb.cells:
        for n in (1, 2, 3):
            cell.source = cell.source.replace(f'answer_{n} = ""', f'answer_{n} = "B"')
    store = Store("sqlite://")
    base = example_workspace().snapshot()
    for i in range(teams):
        folder = inbox / module / f"Team {i:02d}"
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{module}.ipynb")
        if module != MINIMAL:
            import_snapshot(store, base, team=f"Team {i:02d}").export_snapshot(
                folder / "team_workspace.json")
    store.close()
    collect(course, module, [inbox / module])


def _time(course: Course, module: str, workers: int) -> float:
    start = time.perf_counter()
    report = autograde(course, [module], workers=workers, force=True, stream=io.StringIO())
    seconds = time.perf_counter() - start
    if report.failed:
        raise SystemExit(report.summary())
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--teams", type=int, default=40)
    parser.add_argument("--module", default="04_action")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="it-grading-bench-") as tmp_name:
        tmp = Path(tmp_name)
        for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
                    "IPYTHONDIR", "MPLCONFIGDIR"):  # keep side files out of the home folder
            os.environ[var] = str(tmp / "home" / var.lower())
        course = _course(tmp)
        module = course.module(args.module)
        release(course, [module, MINIMAL])
        print(f"Autograding {args.teams} team submissions, {os.cpu_count()} cores, "
              f"{args.workers} workers in parallel (the real nbgrader pipeline).")
        per = {}
        for name in (module, MINIMAL):
            _hand_ins(course, name, args.teams, tmp / "inbox")
            seq = _time(course, name, 1)
            par = _time(course, name, args.workers)
            per[name] = (seq / args.teams, par / args.teams)
            label = "minimal one-cell assignment" if name == MINIMAL else name
            print(f"{label:>28}: sequential {seq:6.1f} s ({seq / args.teams:.2f} s each), "
                  f"parallel {par:6.1f} s ({par / args.teams:.2f} s each), "
                  f"{seq / par:.2f}x faster in parallel")
        (seq, par), (base_seq, base_par) = per[module], per[MINIMAL]
        print(f"Per submission, {module} takes {seq / base_seq:.2f}x the time of a one-cell "
              f"assignment graded the same way sequentially ({seq - base_seq:+.2f} s), "
              f"{par / base_par:.2f}x in parallel ({par - base_par:+.2f} s).")
        print(json.dumps({"teams": args.teams, "workers": args.workers, "module": module,
                          "per_submission_s": {k: [round(v, 3) for v in pair]
                                               for k, pair in per.items()}}))


if __name__ == "__main__":
    main()
