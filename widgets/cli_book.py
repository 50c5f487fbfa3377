"""``course book``: build the course site."""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

from .cli import course_root, program


def book_command(root: Path, output: Path | None = None) -> list[str]:
    """The strict, full build of the course site (warnings are errors)."""
    cmd = [program("jupyter-book"), "build", "--all", "-W", "-n", "--keep-going", str(root)]
    if output is not None:
        cmd += ["--path-output", str(output)]
    return cmd


def _book(args: argparse.Namespace) -> int:
    root = course_root()
    return subprocess.call(book_command(root, args.output), cwd=root)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("book", help="build the course site (strict)")
    p.add_argument("--output", type=Path, default=None, help="where _build goes")
    p.set_defaults(func=_book)
