"""One grading worker process, started by ``autograde``: it grades the submissions it
is sent (one JSON line per submission on stdin) with nbgrader's own autograder, and answers
with one JSON line each.

It runs as a program of its own rather than through multiprocessing, so a facilitator's
script or notebook is never imported again in the worker, and nothing open in the parent (a
database, a kernel's sockets) is copied into it. nbgrader's log and the kernels' chatter go to
a log file, which keeps the answer channel clean.

    python -m widgets.grading._worker EXERCISES_FOLDER WORK_FOLDER
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from .autograde import Result, why_it_failed
from .course import Course

__all__ = ["gradebook_file", "main"]

def gradebook_file(course: Course) -> Path | None:
    """The gradebook's file, or None when it lives on a database server (which takes
    several writers at once, so workers can share it)."""
    url = sa.make_url(course.db_url)
    return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None


def _quiet(log_path: Path) -> Any:
    """Send everything printed or logged (by nbgrader, or by kernels started from here) to
    a log file, and return the original stdout, for the answers alone."""
    answers = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    log = open(log_path, "a", encoding="utf-8")  # stays open for the worker's life
    os.dup2(log.fileno(), 1)
    os.dup2(log.fileno(), 2)
    sys.stdout = sys.stderr = log
    logger = logging.getLogger("traitlets")
    logger.handlers.clear()
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return answers


def main(argv: list[str] | None = None) -> int:
    """Grade what arrives on stdin until it closes; answer one JSON line each."""
    root, workdir = argv if argv is not None else sys.argv[1:]
    course = Course.at(root)
    answers = _quiet(Path(workdir) / f"worker-{os.getpid()}.log")
    main_db, private = gradebook_file(course), Path(workdir) / f"gradebook-{os.getpid()}.db"
    if main_db is not None:  # a private copy: workers never wait on one SQLite file
        shutil.copyfile(main_db, private)
        api, copy = course.api(db_url=f"sqlite:///{private}"), str(private)
    else:
        api, copy = course.api(), ""
    for line in sys.stdin:
        module, team = json.loads(line)
        start = time.perf_counter()
        out = api.autograde(module, team, force=True, create=True)
        log = "" if out["success"] else why_it_failed(out.get("log", "") + out.get("error", ""))
        answers.write(json.dumps(asdict(Result(module, team, bool(out["success"]),
                                               time.perf_counter() - start, copy, log))) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
