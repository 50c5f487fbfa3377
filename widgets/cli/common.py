"""What the course command's subcommands share: finding the course folder and its programs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

__all__ = ["AddParser", "course_root", "program"]

# What each family of subcommands gets to add its own: ``add_parser(name, help=...)``.
AddParser = Callable[..., argparse.ArgumentParser]


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
