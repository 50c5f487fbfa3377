"""The course command: start the course, build the site, serve the apps, grade.

Each family of subcommands lives in its own module with a ``register(subparsers)`` function;
this module assembles them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from .store import STORE_URL_ENV, Store


def course_root(start: Path | None = None) -> Path:
    """The course folder: the nearest folder upwards holding ``_toc.yml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").exists():
            return folder
    raise SystemExit(
        "Could not find the course folder (the one with _toc.yml). "
        "Run this command inside the course checkout."
    )


def program(name: str) -> str:
    """A program installed beside this Python (the project's virtual environment)."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


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
    from . import cli_apps, cli_book, cli_grading

    parser = argparse.ArgumentParser(prog="course", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("start", help="open the course in JupyterLab")
    p.add_argument("--port", type=int, default=8888)
    p.add_argument("--no-browser", action="store_true")
    p.set_defaults(func=_start)

    p = sub.add_parser("store", help="show where team data is kept, and the teams")
    p.set_defaults(func=_store)

    for module in (cli_book, cli_apps, cli_grading):
        module.register(sub)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
