"""The course command: start the course, build the site, serve the apps, grade.

Each family of subcommands lives in its own module with a ``register(add_parser)`` function
(``book``, ``apps``, ``grading``, ``hub``); this module assembles them, with ``start`` and
``store``.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from collections.abc import Sequence

from ..editions import EDITIONS, make_edition
from ..store import STORE_URL_ENV, Store, StoreError, ValidationError, normalise_name
from . import apps, book, cohort, examples, grading, hub
from .common import course_root, program

__all__ = ["main"]


def _start(args: argparse.Namespace) -> int:
    root = course_root()
    store = Store()
    print(f"Team store: {store.describe()}  (set {STORE_URL_ENV} to use another)")
    store.close()
    name = "facilitator" if args.facilitator else "participant"
    folder = make_edition(root, name)
    print(f"The {name}'s edition of the modules: {folder} (your copy: the course's own "
          "notebooks in modules/ stay as they are).")
    env = dict(os.environ)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        filter(None, [str(EDITIONS[name].config_dir(root)), env.get("JUPYTER_CONFIG_PATH")]))
    cmd = [program("jupyter"), "lab", f"--ServerApp.root_dir={root}",
           f"--ServerApp.default_url=/lab/tree/{folder.name}", f"--port={args.port}"]
    if args.no_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    lab = subprocess.Popen(cmd, cwd=root, env=env)
    # Stopped by a signal (a service manager, a test), JupyterLab stops with it: left running,
    # it would hold the port and the team's kernels with no one to stop them.
    signal.signal(signal.SIGTERM, lambda *_: lab.terminate())
    try:
        return lab.wait()
    except KeyboardInterrupt:  # Ctrl+C: JupyterLab has it too, and stops without asking twice
        lab.terminate()
        return lab.wait()


def _store(args: argparse.Namespace) -> int:
    store = Store()
    try:
        if args.rename:
            store.rename_team(*args.rename)
            print(f"Renamed “{args.rename[0]}” to “{normalise_name(args.rename[1])}”.")
        if args.move:
            store.move_team(*args.move)
            print(f"Moved “{args.move[0]}” to the cohort “{args.move[1]}”.")
        print(f"Team store: {store.describe()}")
        for cohort in store.cohorts():
            print(f"Cohort “{cohort.name}”, from {cohort.start}: "
                  f"{len(cohort.teams)} team{'' if len(cohort.teams) == 1 else 's'}")
            for name in cohort.teams:
                print(f"  {name!r}" if name != normalise_name(name) else f"  {name}")
        for names in store.name_clashes():
            print(f"These teams' names look the same, so they were kept apart: "
                  f"{', '.join(repr(n) for n in names)}. Rename all but one: course store "
                  "--rename 'OLD NAME' 'NEW NAME' (OLD NAME exactly as listed).")
    except (StoreError, ValidationError) as exc:
        print(f"course store: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``course`` command with ``argv`` (default: the command line)."""
    parser = argparse.ArgumentParser(prog="course", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("start", help="open the course in JupyterLab")
    p.add_argument("--port", type=int, default=8888)
    p.add_argument("--no-browser", action="store_true")
    p.add_argument("--facilitator", action="store_true",
                   help="the facilitator's edition: facilitator notes and nbgrader's tools")
    p.set_defaults(func=_start)

    p = sub.add_parser("store", help="show where team data is kept, and the teams of each "
                                     "cohort")
    p.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"), help="rename a team")
    p.add_argument("--move", nargs=2, metavar=("TEAM", "COHORT"),
                   help="put a team in another cohort")
    p.set_defaults(func=_store)

    for module in (book, apps, grading, hub, cohort, examples):
        module.register(sub.add_parser)

    args = parser.parse_args(argv)
    return args.func(args)
