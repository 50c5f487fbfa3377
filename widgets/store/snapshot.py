"""Snapshot files: a team's whole workspace, with its history, in one JSON file.

Graded exercises read this file, and a team can move its work between stores with it. The
workspace makes the data (``TeamWorkspace.snapshot``) and loads it (``import_snapshot``);
this module writes and reads the files, and checks everything in one
(:func:`parse_snapshot`) before any of it is written: a file is anyone's to edit, so it may
claim anything.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .engine import StoreError
from .model import KINDS, ValidationError, clean_name, record_kind, validate
from .schema import SCHEMA_VERSION, utc_now

__all__ = ["ACTIONS", "MAX_SNAPSHOT_BYTES", "SNAPSHOT_FORMAT", "Change", "Entry",
           "Snapshot", "parse_snapshot", "read_snapshot", "write_snapshot"]

SNAPSHOT_FORMAT = "implementing-together-workspace"
MAX_SNAPSHOT_BYTES = 20_000_000  # a year of a busy team's work is well under 2 MB
ACTIONS = ("save", "delete", "restore", "import", "migrated")
_MAX_VERSION = 1_000_000_000
_AUTHOR = "Who made the change"


def write_snapshot(snap: dict[str, Any], path: str | os.PathLike) -> Path:
    """Write a snapshot to ``path`` atomically, so a reader never sees half a file."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(snap, ensure_ascii=False, indent=1), "utf-8")
    tmp.replace(path)
    return path


def _read_capped(path: Path) -> bytes:
    """The file's bytes, refused before reading when it is larger than MAX_SNAPSHOT_BYTES
    (and counted as it is read, for a file whose size the system does not know)."""
    try:
        if path.stat().st_size > MAX_SNAPSHOT_BYTES:
            raise StoreError(
                f"{path} is {path.stat().st_size:,} bytes, larger than a workspace file can be "
                f"({MAX_SNAPSHOT_BYTES:,}). Export the workspace again.")
        with path.open("rb") as f:
            data = f.read(MAX_SNAPSHOT_BYTES + 1)
    except OSError as exc:
        raise StoreError(f"{path} cannot be read ({exc.strerror or exc}).") from None
    if len(data) > MAX_SNAPSHOT_BYTES:
        raise StoreError(f"{path} is larger than a workspace file can be "
                         f"({MAX_SNAPSHOT_BYTES:,} bytes). Export the workspace again.")
    return data


def read_snapshot(path: str | os.PathLike) -> dict[str, Any]:
    """Read a snapshot file, with a plain message for a file that is not one, is too large,
    or was written by a newer course. What it holds is checked by :func:`parse_snapshot`."""
    path = Path(path)
    if not path.exists():
        raise StoreError(
            f"There is no workspace file at {path}. Export your team's workspace first "
            "(see the cell that saves team_workspace.json)."
        )
    data = _read_capped(path)
    try:
        snap = json.loads(data.decode("utf-8"))
    except RecursionError:
        raise StoreError(f"{path} is nested too deeply to be a workspace file. Export the "
                         "workspace again.") from None
    except (UnicodeDecodeError, ValueError) as exc:  # ValueError: JSON, or a number too long
        raise StoreError(
            f"{path} is not a readable workspace file ({exc.__class__.__name__}). "
            "Export the workspace again."
        ) from None
    _check_format(snap, str(path))
    return snap


def _check_format(snap: Any, where: str) -> None:
    if not isinstance(snap, dict) or snap.get("format") != SNAPSHOT_FORMAT:
        raise StoreError(f"{where} is not a workspace file from this course.")
    version = snap.get("schema_version", 0)
    if isinstance(version, bool) or not isinstance(version, int | str) or not str(
            version).isdigit():
        raise StoreError(f"{where} has a damaged version number; export it again.")
    if int(version) > SCHEMA_VERSION:
        raise StoreError(
            f"{where} was written by a newer version of the course. Update the course "
            "package (make start) and try again."
        )


@dataclass(frozen=True)
class Entry:
    """One current entry of a snapshot, checked."""

    kind: str
    key: str
    data: dict[str, Any]
    version: int
    deleted: bool
    by: str
    at: str


@dataclass(frozen=True)
class Change:
    """One past version of an entry, checked as it was written (fields the course added
    since are not asked for). Once imported it is marked so (``it_changes.imported``)."""

    kind: str
    key: str
    version: int
    action: str
    data: dict[str, Any]
    deleted: bool
    by: str
    at: str


@dataclass(frozen=True)
class Snapshot:
    """A snapshot whose every part was checked: ready to write in one transaction."""

    team: str
    entries: tuple[Entry, ...]
    history: tuple[Change, ...]


class _Damaged(ValueError):
    """What is wrong with one part of a snapshot (the file is named when it is reported)."""


def _time(value: Any, what: str) -> str:
    """A claimed time, as the store writes times (UTC ISO 8601); one with no time zone is
    refused, since it could be any of 24 hours."""
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None:
        raise _Damaged(f"{what} has “{str(value)[:40]}” where a date and time should be")
    if moment.tzinfo is None:
        raise _Damaged(f"{what} has a time without a time zone (“{value[:40]}”)")
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _number(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _MAX_VERSION:
        raise _Damaged(f"{what} has a version number that is not a whole number from 1 up")
    return value


def _flag(value: Any, what: str) -> bool:
    if value not in (True, False, 0, 1) or isinstance(value, float):
        raise _Damaged(f"{what} says neither yes nor no to whether it is deleted")
    return bool(value)


def _author(value: Any, what: str) -> str:
    if value in (None, ""):
        return "import"  # files from the first version of the course did not say
    try:
        return clean_name(value, _AUTHOR)
    except ValidationError as exc:
        raise _Damaged(f"{what}: {exc}") from None


def _data(kind: Any, data: Any, what: str, partial: bool) -> tuple[str, str, dict[str, Any]]:
    """The kind, key and checked data of one entry or past version."""
    try:
        spec = record_kind(kind)
        cleaned = validate(kind, data, partial=partial)
    except ValidationError as exc:
        raise _Damaged(f"{what}: {exc}") from None
    missing = [name for name in spec.key_fields if name not in cleaned]
    if missing:
        raise _Damaged(f"{what} lacks what identifies it ({', '.join(missing)})")
    return kind, spec.key(cleaned), cleaned


def _identified(what: str, item: Any, not_one: str, *, partial: bool
                ) -> tuple[str, str, dict[str, Any], str]:
    """An entry or a past version's kind, key and checked fields, and how messages name it
    ("Entry 2 (Team member “Ana”)")."""
    if not isinstance(item, Mapping):
        raise _Damaged(f"{what} {not_one}")
    kind, key, data = _data(item.get("kind"), item.get("data"), what, partial=partial)
    return kind, key, data, f"{what} ({KINDS[kind].label} “{key[:60]}”)"


def _entry(n: int, rec: Any) -> Entry:
    kind, key, data, what = _identified(f"Entry {n}", rec, "is not an entry", partial=False)
    at = rec.get("updated_at")
    return Entry(kind, key, data, _number(rec.get("version", 1), what),
                 _flag(rec.get("deleted", False), what), _author(rec.get("updated_by"), what),
                 utc_now() if at is None else _time(at, what))


def _change(n: int, past: Any) -> Change:
    kind, key, data, what = _identified(f"Past version {n}", past,
                                        "is not a version of an entry", partial=True)
    action = past.get("action")
    if action not in ACTIONS:
        raise _Damaged(f"{what} names no change the course makes")
    return Change(kind, key, _number(past.get("version"), what), action, data,
                  _flag(past.get("deleted", False), what), _author(past.get("changed_by"), what),
                  _time(past.get("changed_at"), what))


def _listed(snap: Mapping[str, Any], name: str) -> list[Any]:
    value = snap.get(name) or []
    if not isinstance(value, list):
        raise _Damaged(f"Its {name} are not a list")
    return value


def parse_snapshot(snap: Any, where: str = "The workspace file") -> Snapshot:
    """Check everything in a snapshot (its team, every entry of every kind, every past
    version, their times, with time zones, and authors) before anything is written; a
    StoreError names ``where`` and what is wrong.

    Whatever is written from it is marked as imported: its authors and times are what the
    file claims. A file from the first version of the course, with no history, gets one
    version per entry.
    """
    _check_format(snap, where)
    try:
        try:
            team = clean_name(snap.get("team"), "Team name")
        except ValidationError as exc:
            raise _Damaged(str(exc)) from None
        entries = tuple(_entry(n, r) for n, r in enumerate(_listed(snap, "records"), 1))
        history = tuple(_change(n, h) for n, h in enumerate(_listed(snap, "history"), 1))
        _no_twice([(e.kind, e.key) for e in entries], "entry")
        _no_twice([(c.kind, c.key, c.version) for c in history], "version of an entry")
    except _Damaged as exc:
        raise StoreError(f"{where} cannot be imported: {exc}. Nothing was imported; export "
                         "the workspace again.") from None
    if not history:
        history = tuple(Change(e.kind, e.key, e.version, "import", e.data, False, e.by, e.at)
                        for e in entries)
    return Snapshot(team, entries, history)


def _no_twice(keys: list[tuple], what: str) -> None:
    seen: set[tuple] = set()
    for key in keys:
        if key in seen:
            raise _Damaged(f"It holds the same {what} twice ({' '.join(map(str, key))[:80]})")
        seen.add(key)
