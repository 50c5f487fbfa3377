"""The team workspace store: every team's entries, in SQLite by default or PostgreSQL.

Each save is its own committed transaction, so a second process (a teammate's kernel, the
no-code app, a facilitator's view) sees it at once, and a crash loses nothing already saved.
Every change is kept in a history, so any earlier version can be brought back.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from . import _schema as t
from .model import KINDS, Field, ValidationError, validate

if TYPE_CHECKING:
    from .cohort import CohortView

__all__ = ["Store", "StoreError", "TeamWorkspace", "default_store_url", "STORE_URL_ENV"]

STORE_URL_ENV = "COURSE_STORE_URL"
SCHEMA_VERSION = t.SCHEMA_VERSION
_SQLITE_MAGIC = b"SQLite format 3\x00"
_TEAM_NAME = Field("team", "Team name")
_RETRIES = 8
_log = logging.getLogger(__name__)


class StoreError(RuntimeError):
    """The store cannot be used; the message says which file or server, and what to do."""


def default_store_url() -> str:
    """The store a notebook uses: ``$COURSE_STORE_URL``, else a SQLite file in the home folder."""
    url = os.environ.get(STORE_URL_ENV, "").strip()
    if url:
        return url
    path = Path.home() / ".implementing-together" / "team-store.sqlite"
    return f"sqlite:///{path}"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _check_identity(found: dict[str, str] | None, where: str) -> int | None:
    """The store's schema version, or None for an empty database; refuses anything else."""
    if found is None:
        return None
    if found.get("app") != t.APP:
        raise StoreError(
            f"{where} holds other data and is not a team store. It was left as it is. "
            f"Set {STORE_URL_ENV} to a new file or an empty database."
        )
    version = int(found.get("schema_version", "0"))
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{where} was written by a newer version of the course (store version {version}; "
            f"this one reads up to {SCHEMA_VERSION}). It was left as it is. Update the course "
            "package (run make start) and try again."
        )
    return version


def _check_sqlite_file(path: Path) -> None:
    """Refuse, without changing a byte, a file that is not a healthy store of ours.

    Everything here reads the file read-only: opening it for writing would already change
    it (SQLite switches it to write-ahead logging).
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    advice = f"The file was left as it is. Set {STORE_URL_ENV} to another file, or move it away."
    with path.open("rb") as f:
        if f.read(16) != _SQLITE_MAGIC:
            raise StoreError(f"{path} is not a team store (it is not a SQLite database). {advice}")
    engine = sa.create_engine("sqlite://", creator=lambda: sqlite3.connect(
        f"file:{quote(str(path))}?mode=ro", uri=True))
    try:
        with engine.connect() as conn:
            result = conn.exec_driver_sql("PRAGMA quick_check").scalar()
            if result == "ok":
                _check_identity(t.stored_meta(conn), str(path))
    except sa.exc.DatabaseError as exc:
        result = str(exc.orig)
    finally:
        engine.dispose()
    if result != "ok":
        raise StoreError(
            f"{path} is damaged and cannot be read safely ({result}). {advice} To recover a "
            "team's work, import its latest workspace snapshot (JSON) into a new store."
        )


def _make_engine(url: str) -> sa.Engine:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True)
    in_memory = parsed.database in (None, "", ":memory:")
    if in_memory:
        engine = sa.create_engine(
            url, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        path = Path(parsed.database)
        _check_sqlite_file(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 60})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let the "begin" hook below decide how a transaction starts.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if not in_memory:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        # Writers take the write lock up front, so concurrent writers queue instead of
        # failing to upgrade a read lock; readers never block.
        write = conn.get_execution_options().get("it_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


class Store:
    """A connection to the store that holds every team's workspace."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_store_url()
        try:
            self._engine = _make_engine(self.url)
            self._initialise()
        except sa.exc.OperationalError as exc:
            raise StoreError(
                f"Could not open the team store at {self.describe()}: {exc.orig}. "
                f"Check {STORE_URL_ENV} and that the database server is running."
            ) from None

    def __repr__(self) -> str:
        return f"Store({self.describe()!r})"

    def describe(self) -> str:
        """Where the data lives, without any password."""
        return sa.make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        with self._engine.execution_options(it_write=True).begin() as conn:
            yield conn

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with self._engine.connect() as conn:
            yield conn

    def _initialise(self) -> None:
        with self._write() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(74616561)")
            version = _check_identity(t.stored_meta(conn), self.describe())
            if version is None:
                t.metadata.create_all(conn)
                conn.execute(t.meta.insert(), [
                    {"key": "app", "value": t.APP},
                    {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                ])
                return
            for step in range(version, SCHEMA_VERSION):
                t.MIGRATIONS[step](conn)
            if version < SCHEMA_VERSION:
                conn.execute(t.meta.update().where(t.meta.c.key == "schema_version")
                             .values(value=str(SCHEMA_VERSION)))

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def team_names(self) -> list[str]:
        """Every team in the store, alphabetically."""
        with self._read() as conn:
            return sorted(conn.execute(sa.select(t.teams.c.name)).scalars())

    def team(self, name: str) -> TeamWorkspace:
        """Open a team's workspace, creating the team the first time its name is used."""
        value, message = _TEAM_NAME.clean(name)
        if message:
            raise ValidationError([message])
        for _ in range(_RETRIES):
            try:
                with self._write() as conn:
                    team_id = conn.execute(
                        sa.select(t.teams.c.id).where(t.teams.c.name == value)
                    ).scalar()
                    if team_id is None:
                        team_id = conn.execute(
                            t.teams.insert().values(name=value, created_at=_now())
                        ).inserted_primary_key[0]
            except sa.exc.IntegrityError:
                continue  # another process created it first; read it again
            return TeamWorkspace(self, team_id, value)
        raise StoreError(f"Could not open team {value!r} in {self.describe()}; try again.")

    def cohort(self) -> CohortView:
        """A read-only, whole-cohort view for facilitators and funders."""
        from .cohort import CohortView

        return CohortView(self)


class TeamWorkspace:
    """One team's workspace. Everything it reads or changes belongs to that team only."""

    def __init__(self, store: Store, team_id: int, name: str, *, practice: bool = False):
        self._store = store
        self._team_id = team_id
        self.name = name
        self.practice = practice
        self._listeners: list[Callable[[str], None]] = []

    def __repr__(self) -> str:
        return f"TeamWorkspace({self.name!r})"

    def _repr_html_(self) -> str:
        from ._html import workspace_banner

        return workspace_banner(self)

    @property
    def location(self) -> str:
        """Where this workspace is saved."""
        return self._store.describe()

    def on_change(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(kind)`` after each change through this workspace (views refresh)."""
        self._listeners.append(callback)

    def _notify(self, kind: str) -> None:
        """Tell views about a change. The change is already saved, so a view that fails to
        redraw is logged, and never turns a successful save into an error."""
        for callback in self._listeners:
            try:
                callback(kind)
            except Exception:
                _log.exception("A view could not redraw after a change to %s", kind)

    def _item(self, table: sa.Table, kind: str, key: str) -> sa.ColumnElement[bool]:
        return (table.c.team_id == self._team_id) & (table.c.kind == kind) & (table.c.key == key)

    def _commit(self, kind: str, key: str, payload: str, author: str, action: str,
                deleted: bool = False) -> int:
        """Write one new version of an entry and its history row in one transaction."""
        for _ in range(_RETRIES):
            try:
                with self._store._write() as conn:
                    now = _now()
                    version = conn.execute(
                        t.records.update().where(self._item(t.records, kind, key))
                        .values(data=payload, version=t.records.c.version + 1, updated_by=author,
                                updated_at=now, deleted=int(deleted))
                        .returning(t.records.c.version)
                    ).scalar()
                    if version is None:
                        version = 1
                        conn.execute(t.records.insert().values(
                            team_id=self._team_id, kind=kind, key=key, data=payload, version=1,
                            updated_by=author, updated_at=now, deleted=int(deleted)))
                    conn.execute(t.changes.insert().values(
                        team_id=self._team_id, kind=kind, key=key, version=version,
                        action=action, data=payload, deleted=int(deleted), changed_by=author,
                        changed_at=now))
            except sa.exc.IntegrityError:
                continue  # a teammate created the same entry a moment ago; update it instead
            self._notify(kind)
            return version
        raise StoreError(f"Could not save to {self.location}; please try again.")

    def save(self, kind: str, data: Mapping[str, Any], *, by: str | None = None) -> dict:
        """Check and save one entry as a new version of the team's entry with the same key.

        ``by`` is who made the change; it defaults to the entry's member, name or owner.
        """
        cleaned = validate(kind, data)
        author = by or cleaned.get("member") or cleaned.get("name") or cleaned.get("owner")
        if not (author and str(author).strip()):
            raise ValidationError(["Please say who is making this change (your name)."])
        payload = json.dumps(cleaned, ensure_ascii=False, sort_keys=True)
        self._commit(kind, KINDS[kind].key(cleaned), payload, str(author), "save")
        return cleaned

    def delete(self, kind: str, key: str, *, by: str) -> None:
        """Delete an entry. It stays recoverable: see ``deleted`` and ``restore``."""
        current = self._row(kind, key)
        if current is None or current["deleted"]:
            raise KeyError(f"There is no {KINDS[kind].label} “{key}” to delete.")
        self._commit(kind, key, current["data"], by, "delete", deleted=True)

    def restore(self, kind: str, key: str, version: int, *, by: str) -> dict:
        """Bring back an earlier version (or a deleted entry) as the newest version."""
        with self._store._read() as conn:
            payload = conn.execute(
                sa.select(t.changes.c.data).where(self._item(t.changes, kind, key)
                                                  & (t.changes.c.version == version))
            ).scalar()
        if payload is None:
            raise KeyError(f"Version {version} of {KINDS[kind].label} “{key}” does not exist.")
        self._commit(kind, key, payload, by, "restore")
        return json.loads(payload)

    def history(self, kind: str, key: str) -> list[dict]:
        """Every version of one entry, oldest first: what it said, who changed it, and when."""
        with self._store._read() as conn:
            rows = conn.execute(
                sa.select(t.changes).where(self._item(t.changes, kind, key))
                .order_by(t.changes.c.version)
            ).mappings().all()
        return [
            {"version": r["version"], "action": r["action"], "data": json.loads(r["data"]),
             "deleted": bool(r["deleted"]), "by": r["changed_by"], "at": r["changed_at"]}
            for r in rows
        ]

    def _row(self, kind: str, key: str) -> Mapping[str, Any] | None:
        with self._store._read() as conn:
            return conn.execute(
                sa.select(t.records).where(self._item(t.records, kind, key))
            ).mappings().first()

    def get(self, kind: str, key: str) -> dict | None:
        """One entry by its key, or None (also when it was deleted)."""
        row = self._row(kind, key)
        return None if row is None or row["deleted"] else json.loads(row["data"])

    def _list(self, kind: str, deleted: bool) -> list[dict]:
        with self._store._read() as conn:
            rows = conn.execute(
                sa.select(t.records.c.data)
                .where((t.records.c.team_id == self._team_id) & (t.records.c.kind == kind)
                       & (t.records.c.deleted == int(deleted)))
                .order_by(t.records.c.id)
            ).scalars()
            return [json.loads(d) for d in rows]

    def list(self, kind: str) -> list[dict]:
        """Every current entry of one kind, oldest first."""
        return self._list(kind, deleted=False)

    def deleted(self, kind: str) -> list[dict]:
        """Entries of one kind that were deleted and can be restored."""
        return self._list(kind, deleted=True)

    def members(self) -> list[dict]:
        """The team's roster."""
        return self.list("member")

    def context_factors(self) -> list[dict]:
        """Every member's context-factor ratings."""
        return self.list("context_factor")

    def export_snapshot(self, path: str | os.PathLike) -> Path:
        """Write the whole workspace, with its history, to one JSON file; return its path."""
        from .snapshot import write_snapshot

        return write_snapshot(self, path)
