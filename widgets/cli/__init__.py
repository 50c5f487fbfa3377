"""The course command: start the course, build the site, serve the apps, grade.

Each family of subcommands lives in its own module with a ``register(add_parser)`` function
(``book``, ``apps``, ``grading``, ``hub``); this module assembles them, with ``start`` and
``store``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
from collections.abc import Sequence

from ..store import STORE_URL_ENV, Store
from . import apps, book, grading, hub
from .common import course_root, program

__all__ = ["main"]


def _start(args: argparse.Namespace) -> int:
    root = course_root()
    store = Store()
    print(f"Team store: {store.describe()}  (set {STORE_URL_ENV} to use another)")
    store.close()
    cmd = [program("jupyter"), "lab", f"--ServerApp.root_dir={root}",
           "--ServerApp.default_url=/lab/tree/modules", f"--port={args.port}"]
    if args.no_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return subprocess.call(cmd, cwd=root)


def _store(_args: argparse.Namespace) -> int:
    store = Store()
    print(f"Team store: {store.describe()}")
    for name in store.team_names():
        print(f"  {name}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``course`` command with ``argv`` (default: the command line)."""
    parser = argparse.ArgumentParser(prog="course", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("start", help="open the course in JupyterLab")
    p.add_argument("--port", type=int, default=8888)
    p.add_argument("--no-browser", action="store_true")
    p.set_defaults(func=_start)

    p = sub.add_parser("store", help="show where team data is kept, and the teams")
    p.set_defaults(func=_store)

    for module in (book, apps, grading, hub):
        module.register(sub.add_parser)

    args = parser.parse_args(argv)
    return args.func(args)
