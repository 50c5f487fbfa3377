"""Grading benchmark: a cohort's submissions autograded, judged the course's way, against
nbgrader's own way of running each notebook in a kernel.

    .venv/bin/python -m benchmarks.grading [--teams 40] [--module 04_action] [--workers N]

Grades the same submissions of one module with the facilitator's workflow (the real nbgrader
pipeline, ``widgets.grading.autograde``) with 1 worker and with N workers (default: one per
core), twice: as the course grades (its own cells judge the hand-in; the team's code never
runs) and, as the baseline measured in the same run, as nbgrader grades by default (each
notebook run in a kernel, which the course no longer does because it runs the team's code).
Prints the times and their ratios.
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

# Appended to the baseline course's nbgrader_config.py: nbgrader's own pipeline, with Execute.
KERNEL_CONFIG = """
from nbgrader.converters import Autograde
for _name in ("sanitize_preprocessors", "autograde_preprocessors"):
    setattr(c.Autograde, _name, Autograde.class_traits()[_name].default())
c.Execute.timeout = 120
"""


def _course(tmp: Path, name: str) -> Course:
    shutil.copytree(ROOT / "exercises", tmp / name, ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "gradebook.db", "teams.json",
        "grades.csv", "__pycache__"))
    return Course.at(tmp / name)


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
        judged, kernel = _course(tmp, "judged"), _course(tmp, "kernel")
        with (kernel.root / "nbgrader_config.py").open("a", encoding="utf-8") as config:
            config.write(KERNEL_CONFIG)
        module = judged.module(args.module)
        print(f"Autograding {args.teams} team submissions of {module}, {os.cpu_count()} cores, "
              f"{args.workers} workers in parallel (the real nbgrader pipeline).")
        per = {}
        for label, course in (("judged (the course's way)", judged),
                              ("run in a kernel (baseline)", kernel)):
            release(course, [module])
            _hand_ins(course, module, args.teams, tmp / f"inbox-{course.root.name}")
            seq, par = _time(course, module, 1), _time(course, module, args.workers)
            per[course.root.name] = (seq / args.teams, par / args.teams)
            print(f"{label:>28}: sequential {seq:6.1f} s ({seq / args.teams:.2f} s each), "
                  f"parallel {par:6.1f} s ({par / args.teams:.2f} s each), "
                  f"{seq / par:.2f}x faster in parallel")
        (seq, par), (base_seq, base_par) = per["judged"], per["kernel"]
        print(f"Judged, a submission takes {seq / base_seq:.2f}x the time of running it in a "
              f"kernel sequentially ({seq - base_seq:+.2f} s), {par / base_par:.2f}x in "
              f"parallel ({par - base_par:+.2f} s).")
        print(json.dumps({"teams": args.teams, "workers": args.workers, "module": module,
                          "per_submission_s": {k: [round(v, 3) for v in pair]
                                               for k, pair in per.items()}}))


if __name__ == "__main__":
    main()
