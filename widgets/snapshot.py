"""Snapshot files: a team's whole workspace, with its history, in one JSON file.

Graded exercises read this file, and a team can move its work between stores with it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from . import _schema as t
from .model import KINDS, validate
from .store import SCHEMA_VERSION, Store, StoreError, TeamWorkspace, _now

__all__ = ["SNAPSHOT_FORMAT", "snapshot", "write_snapshot", "read_snapshot", "import_snapshot"]

SNAPSHOT_FORMAT = "implementing-together-workspace"


def snapshot(ws: TeamWorkspace) -> dict[str, Any]:
    """The whole workspace as plain data: current entries (deleted ones too) and history."""
    with ws._store._read() as conn:
        records = conn.execute(
            sa.select(t.records).where(t.records.c.team_id == ws._team_id)
            .order_by(t.records.c.id)
        ).mappings().all()
        changes = conn.execute(
            sa.select(t.changes).where(t.changes.c.team_id == ws._team_id)
            .order_by(t.changes.c.id)
        ).mappings().all()
    return {
        "format": SNAPSHOT_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "team": ws.name,
        "exported_at": _now(),
        "records": [
            {"kind": r["kind"], "key": r["key"], "data": json.loads(r["data"]),
             "version": r["version"], "deleted": bool(r["deleted"]),
             "updated_by": r["updated_by"], "updated_at": r["updated_at"]}
            for r in records
        ],
        "history": [
            {"kind": c["kind"], "key": c["key"], "version": c["version"], "action": c["action"],
             "data": json.loads(c["data"]), "deleted": bool(c["deleted"]),
             "changed_by": c["changed_by"], "changed_at": c["changed_at"]}
            for c in changes
        ],
    }


def write_snapshot(ws: TeamWorkspace, path: str | os.PathLike) -> Path:
    """Write ``snapshot(ws)`` to ``path`` atomically, so a reader never sees half a file."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(snapshot(ws), ensure_ascii=False, indent=1), "utf-8")
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


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _history_data(entry: dict[str, Any]) -> dict[str, Any]:
    """Past versions are kept as they were written (fields may since have changed)."""
    if entry.get("kind") not in KINDS or not isinstance(entry.get("data"), dict):
        raise StoreError("The workspace file has a damaged history entry; export it again.")
    return entry["data"]


def import_snapshot(store: Store, snap: dict[str, Any], team: str | None = None) -> TeamWorkspace:
    """Load a snapshot into ``store`` as team ``team`` (default: the team it came from).

    Into a team with no entries, the copy is exact: entries, versions and history. Into a team
    that already has entries, each snapshot entry is saved as a new version, so nothing the
    team had is lost. Every entry is checked on the way in.
    """
    ws = store.team(team or snap["team"])
    records = [(r, validate(r["kind"], r["data"])) for r in snap.get("records", [])]
    with store._read() as conn:
        has_entries = conn.execute(
            sa.select(sa.func.count()).where(t.records.c.team_id == ws._team_id)
        ).scalar()
    if has_entries:
        for rec, cleaned in records:
            ws._commit(rec["kind"], KINDS[rec["kind"]].key(cleaned), _json(cleaned),
                       rec.get("updated_by") or "import", "import",
                       deleted=bool(rec.get("deleted")))
        return ws
    history = snap.get("history") or [  # snapshots from schema 1 carry no history
        {"kind": r["kind"], "key": r["key"], "version": r.get("version", 1), "action": "import",
         "data": r["data"], "deleted": False, "changed_by": r.get("updated_by", ""),
         "changed_at": r.get("updated_at") or _now()}
        for r in snap.get("records", [])
    ]
    record_rows = [
        {"team_id": ws._team_id, "kind": rec["kind"], "key": KINDS[rec["kind"]].key(cleaned),
         "data": _json(cleaned), "version": int(rec.get("version", 1)),
         "deleted": int(bool(rec.get("deleted"))), "updated_by": rec.get("updated_by", ""),
         "updated_at": rec.get("updated_at") or _now()}
        for rec, cleaned in records
    ]
    change_rows = [
        {"team_id": ws._team_id, "kind": h["kind"], "key": h["key"], "version": int(h["version"]),
         "action": h["action"], "data": _json(_history_data(h)),
         "deleted": int(bool(h["deleted"])), "changed_by": h["changed_by"],
         "changed_at": h["changed_at"]}
        for h in history
    ]
    with store._write() as conn:
        if record_rows:
            conn.execute(t.records.insert(), record_rows)
        if change_rows:
            conn.execute(t.changes.insert(), change_rows)
    return ws
