"""Snapshot files: a team's whole workspace, with its history, in one JSON file.

Graded exercises read this file, and a team can move its work between stores with it. The
workspace makes the data (``TeamWorkspace.snapshot``) and loads it (``import_snapshot``);
this module writes and reads the files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .engine import StoreError
from .schema import SCHEMA_VERSION

__all__ = ["SNAPSHOT_FORMAT", "read_snapshot", "write_snapshot"]

SNAPSHOT_FORMAT = "implementing-together-workspace"


def write_snapshot(snap: dict[str, Any], path: str | os.PathLike) -> Path:
    """Write a snapshot to ``path`` atomically, so a reader never sees half a file."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(snap, ensure_ascii=False, indent=1), "utf-8")
    tmp.replace(path)
    return path


def read_snapshot(path: str | os.PathLike) -> dict[str, Any]:
    """Read and check a snapshot file, with a plain message for a file that is not one."""
    path = Path(path)
    if not path.exists():
        raise StoreError(
            f"There is no workspace file at {path}. Export your team's workspace first "
            "(see the cell that saves team_workspace.json)."
        )
    try:
        snap = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(
            f"{path} is not a readable workspace file ({exc.__class__.__name__}). "
            "Export the workspace again."
        ) from None
    if not isinstance(snap, dict) or snap.get("format") != SNAPSHOT_FORMAT:
        raise StoreError(f"{path} is not a workspace file from this course.")
    if int(snap.get("schema_version", 0)) > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer version of the course. Update the course "
            "package (make start) and try again."
        )
    return snap
