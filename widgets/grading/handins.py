"""Reading teams' hand-ins as a facilitator downloads them: a folder or a zip file per team.

Teams hand in their exercise notebook and team_workspace.json however their platform lets
them: in a subfolder, with a browser's "(1)" added to the name, zipped with macOS extras. This
module finds the two files in each hand-in without extracting anything else (so a zip cannot
write outside the course folder), and says in plain words why a hand-in was left out.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .submission import SUBMISSION_FILE

__all__ = ["MAX_FILE_BYTES", "HandIn", "HandInError", "find_hand_ins", "snapshot_members",
           "team_id", "workspace_problem"]

MAX_FILE_BYTES = 50_000_000  # far above any real notebook or workspace; stops zip bombs
_IGNORED = (".ipynb_checkpoints", "__MACOSX", ".git")


class HandInError(ValueError):
    """A hand-in that cannot be used; the message says why, in plain words."""


@dataclass(frozen=True)
class HandIn:
    """One team's hand-in for one module: where it came from and the files' contents."""

    name: str  # the folder's or zip's name: the team as the facilitator received it
    source: str
    notebook: bytes
    snapshot: bytes | None
    notes: tuple[str, ...] = ()


def team_id(name: str) -> str:
    """The id a team gets in nbgrader: its name in lower-case letters, digits and hyphens
    ("Équipe Nord (2)" is "equipe-nord-2"), so it is a safe folder name everywhere."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60].strip("-")
    if not slug:
        raise HandInError(f"“{name}” has no letters or digits to name the team by. Rename the "
                          "folder or zip after the team, or give the team's name with --team.")
    return slug


def _usable(path: PurePosixPath) -> bool:
    return not any(part in _IGNORED or part.startswith("._") for part in path.parts)


def _pick(files: dict[PurePosixPath, int], module: str, where: str) -> tuple[
        PurePosixPath, PurePosixPath | None, list[str]]:
    """The notebook and workspace file among a hand-in's files (path -> size)."""
    notes: list[str] = []
    notebooks = [p for p in files if p.suffix == ".ipynb"]
    exact = sorted((p for p in notebooks if p.name == f"{module}.ipynb"),
                   key=lambda p: len(p.parts))
    if exact:
        if len(exact) > 1 and len(exact[0].parts) == len(exact[1].parts):
            raise HandInError(f"{where} holds two copies of {module}.ipynb ({exact[0]}, "
                              f"{exact[1]}). Ask the team which one to grade.")
        notebook = exact[0]
    elif len(notebooks) == 1:
        notebook = notebooks[0]
        notes.append(f"used {notebook.name} as the {module} notebook")
    else:
        found = ", ".join(sorted(p.name for p in notebooks)) or "no notebook at all"
        raise HandInError(f"{where} has no {module}.ipynb (found: {found}).")
    snaps = [p for p in files if p.name == SUBMISSION_FILE]
    snapshot = next((p for p in snaps if p.parent == notebook.parent), None) or min(
        snaps, key=lambda p: len(p.parts), default=None)
    if snapshot is None:
        notes.append(f"no {SUBMISSION_FILE}: the checks of the team's work will give 0 points")
    for p in (notebook, snapshot):
        if p is not None and files[p] > MAX_FILE_BYTES:
            raise HandInError(f"{where}: {p} is {files[p]:,} bytes, far too large for a "
                              "notebook or workspace file.")
    return notebook, snapshot, notes


def _capped(read: Callable[[int], bytes], where: str) -> bytes:
    """Everything ``read`` gives, counted as it comes: a file larger than MAX_FILE_BYTES is
    refused whatever its zip headers claimed, with no more than that held in memory."""
    data = read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise HandInError(f"{where} inflates to more than {MAX_FILE_BYTES:,} bytes, far too "
                          "large for a notebook or workspace file.")
    return data


def _from_zip(path: Path, module: str) -> HandIn:
    try:
        with zipfile.ZipFile(path) as z:
            infos = {PurePosixPath(i.filename): i for i in z.infolist() if not i.is_dir()}
            files = {p: i.file_size for p, i in infos.items() if _usable(p)}
            notebook, snapshot, notes = _pick(files, module, path.name)

            def read(member: PurePosixPath) -> bytes:
                with z.open(infos[member]) as f:
                    return _capped(f.read, f"{path.name}: {member}")

            return HandIn(path.stem, str(path), read(notebook),
                          read(snapshot) if snapshot else None, tuple(notes))
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:  # RuntimeError: encrypted
        raise HandInError(f"{path.name} is not a zip file that can be read ({exc}).") from None


def _from_folder(path: Path, module: str) -> HandIn:
    """A team's folder. Links are never followed: a team could point one at the instructor's
    solutions, or anywhere else on the facilitator's machine."""
    files: dict[PurePosixPath, int] = {}
    links: list[PurePosixPath] = []
    for folder, dirs, names in os.walk(path, followlinks=False):
        for name in names + [d for d in dirs if (Path(folder) / d).is_symlink()]:
            full = Path(folder) / name
            relative = PurePosixPath(full.relative_to(path).as_posix())
            if not _usable(relative):
                continue
            if full.is_symlink():
                links.append(relative)
            elif full.is_file():
                files[relative] = full.lstat().st_size
    link_names = {link.name for link in links}
    if f"{module}.ipynb" in link_names and f"{module}.ipynb" not in {p.name for p in files}:
        raise HandInError(f"The folder {path.name}: {module}.ipynb is a link, not the notebook "
                          "itself. Ask the team to hand in the file.")
    notebook, snapshot, notes = _pick(files, module, f"The folder {path.name}")
    if SUBMISSION_FILE in link_names and snapshot is None:
        notes = [n for n in notes if not n.startswith(f"no {SUBMISSION_FILE}")]
        notes.append(f"{SUBMISSION_FILE} is a link, not the file itself, so it was not read: "
                     "the checks of the team's work will give 0 points")
    if links:
        notes.append(f"left out {len(links)} link(s): links are never followed")

    def read(member: PurePosixPath) -> bytes:
        with (path / member).open("rb") as f:
            return _capped(f.read, f"The folder {path.name}: {member}")

    return HandIn(path.name, str(path), read(notebook), read(snapshot) if snapshot else None,
                  tuple(notes))


def _is_team_folder(path: Path, module: str) -> bool:
    """A folder holding a notebook itself (at most one level down, in a folder named after the
    module), rather than one folder or zip per team."""
    return any(p.is_file() for folder in (path, path / module) for p in folder.glob("*.ipynb"))


def find_hand_ins(path: str | Path, module: str) -> Iterator[HandIn | HandInError]:
    """Every hand-in at ``path``: a team's zip, a team's folder, or a folder of them.

    Yields a HandInError, instead of stopping, for a hand-in that cannot be used, so one
    broken zip does not hold up the cohort.
    """
    path = Path(path)
    if not path.exists():
        raise HandInError(f"There is nothing at {path}. Check the path.")
    if path.is_file():
        if path.suffix.lower() != ".zip":
            raise HandInError(f"{path.name} is neither a folder nor a zip file.")
        entries = [path]
    elif _is_team_folder(path, module):
        entries = [path]
    else:
        entries = sorted(p for p in path.iterdir() if not p.name.startswith(".")
                         and (p.is_dir() or p.suffix.lower() == ".zip") and p.name not in _IGNORED)
        if not entries:
            raise HandInError(f"{path} holds no team folders or zip files.")
    for entry in entries:
        try:
            yield _from_zip(entry, module) if entry.is_file() else _from_folder(entry, module)
        except HandInError as exc:
            yield exc


def _parse(data: bytes) -> Any:
    """A workspace file's JSON; a HandInError saying why for one that cannot be read."""
    try:
        return json.loads(data.decode("utf-8"))
    except RecursionError:
        raise HandInError(f"{SUBMISSION_FILE} is nested too deeply to be a workspace file"
                          ) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise HandInError(f"{SUBMISSION_FILE} cannot be read") from None


def workspace_problem(data: bytes | None) -> str | None:
    """Why a handed-in workspace file cannot be read, in plain words; None if it can."""
    if data is None:
        return None
    try:
        _parse(data)
    except HandInError as exc:
        return str(exc)
    return None if snapshot_members(data) else f"{SUBMISSION_FILE} cannot be read"


def snapshot_members(data: bytes | None) -> tuple[str, list[str]] | None:
    """The team name and roster recorded in a workspace file, or None if it cannot be read.

    Read straight from the JSON (the facilitator only needs who the team is); the full
    checks happen when the notebook is graded.
    """
    if data is None:
        return None
    try:
        snap = _parse(data)
        members = [r["data"]["name"] for r in snap["records"]
                   if r.get("kind") == "member" and not r.get("deleted")]
        return str(snap["team"]), [str(m) for m in members]
    except (HandInError, KeyError, TypeError, AttributeError):
        return None
