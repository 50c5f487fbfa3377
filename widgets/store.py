"""The team workspace store: every team's entries, in SQLite by default or PostgreSQL.

Each save is its own committed transaction, so a second process (a teammate's kernel, the
no-code app, a facilitator's view) sees it at once, and a crash loses nothing already saved.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from .model import KINDS, Field, ValidationError, validate

__all__ = ["Store", "StoreError", "TeamWorkspace", "default_store_url", "STORE_URL_ENV"]

STORE_URL_ENV = "COURSE_STORE_URL"
SCHEMA_VERSION = 1
_APP = "implementing-together"

_meta = sa.MetaData()
_meta_table = sa.Table(
    "it_meta",
    _meta,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
_teams = sa.Table(
    "it_teams",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(400), nullable=False, unique=True),
    sa.Column("created_at", sa.String(40), nullable=False),
)
_records = sa.Table(
    "it_records",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("it_teams.id"), nullable=False),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_by", sa.Text, nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
    sa.UniqueConstraint("team_id", "kind", "key"),
)

_TEAM_NAME = Field("team", "Team name")


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
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 60})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" below decide when a transaction starts.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if not in_memory:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        # Take the write lock up front: concurrent writers queue instead of deadlocking.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Store:
    """A connection to the store that holds every team's workspace."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_store_url()
        self._engine = _make_engine(self.url)
        self._initialise()

    def __repr__(self) -> str:
        return f"Store({self.describe()!r})"

    def describe(self) -> str:
        """Where the data lives, without any password."""
        return sa.make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        with self._engine.begin() as conn:
            yield conn

    def _initialise(self) -> None:
        with self._write() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(74616561)")
            _meta.create_all(conn)
            existing = dict(conn.execute(sa.select(_meta_table)).tuples().all())
            if not existing:
                conn.execute(
                    _meta_table.insert(),
                    [
                        {"key": "app", "value": _APP},
                        {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                    ],
                )

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def team_names(self) -> list[str]:
        """Every team in the store, alphabetically."""
        with self._engine.connect() as conn:
            return sorted(conn.execute(sa.select(_teams.c.name)).scalars())

    def team(self, name: str) -> TeamWorkspace:
        """Open a team's workspace, creating the team the first time its name is used."""
        value, message = _TEAM_NAME.clean(name)
        if message:
            raise ValidationError([message])
        for _ in range(5):
            with self._write() as conn:
                team_id = conn.execute(
                    sa.select(_teams.c.id).where(_teams.c.name == value)
                ).scalar()
                if team_id is None:
                    try:
                        team_id = conn.execute(
                            _teams.insert().values(name=value, created_at=_now())
                        ).inserted_primary_key[0]
                    except sa.exc.IntegrityError:
                        continue  # another process created it first; read it again
            return TeamWorkspace(self, team_id, value)
        raise StoreError(f"Could not open team {value!r} in {self.describe()}; try again.")


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
        """Call ``callback(kind)`` after each save through this workspace (views refresh)."""
        self._listeners.append(callback)

    def save(self, kind: str, data: Mapping[str, Any], *, by: str | None = None) -> dict:
        """Check and save one entry, replacing the team's earlier entry with the same key.

        ``by`` is who made the change; it defaults to the entry's member or name.
        """
        cleaned = validate(kind, data)
        key = KINDS[kind].key(cleaned)
        author = by or cleaned.get("member") or cleaned.get("name") or ""
        payload = json.dumps(cleaned, ensure_ascii=False, sort_keys=True)
        where = (
            (_records.c.team_id == self._team_id)
            & (_records.c.kind == kind)
            & (_records.c.key == key)
        )
        for _ in range(5):
            try:
                with self._store._write() as conn:
                    updated = conn.execute(
                        _records.update()
                        .where(where)
                        .values(
                            data=payload,
                            version=_records.c.version + 1,
                            updated_by=author,
                            updated_at=_now(),
                        )
                    ).rowcount
                    if not updated:
                        conn.execute(
                            _records.insert().values(
                                team_id=self._team_id, kind=kind, key=key, data=payload,
                                version=1, updated_by=author, updated_at=_now(),
                            )
                        )
                break
            except sa.exc.IntegrityError:
                continue  # a teammate created the same entry a moment ago; update it instead
        else:
            raise StoreError(f"Could not save to {self.location}; please try again.")
        for callback in self._listeners:
            callback(kind)
        return cleaned

    def get(self, kind: str, key: str) -> dict | None:
        """One entry by its key, or None."""
        with self._store._engine.connect() as conn:
            data = conn.execute(
                sa.select(_records.c.data).where(
                    (_records.c.team_id == self._team_id)
                    & (_records.c.kind == kind)
                    & (_records.c.key == key)
                )
            ).scalar()
        return None if data is None else json.loads(data)

    def list(self, kind: str) -> list[dict]:
        """Every entry of one kind, oldest first."""
        with self._store._engine.connect() as conn:
            rows = conn.execute(
                sa.select(_records.c.data)
                .where((_records.c.team_id == self._team_id) & (_records.c.kind == kind))
                .order_by(_records.c.id)
            ).scalars()
            return [json.loads(d) for d in rows]

    def members(self) -> list[dict]:
        """The team's roster."""
        return self.list("member")

    def context_factors(self) -> list[dict]:
        """Every member's context-factor ratings."""
        return self.list("context_factor")

    # Snapshots: one JSON file holding the whole workspace, for grading and for moving teams.

    def snapshot(self) -> dict:
        """The whole workspace as plain data (what ``export_snapshot`` writes)."""
        with self._store._engine.connect() as conn:
            rows = conn.execute(
                sa.select(_records).where(_records.c.team_id == self._team_id)
                .order_by(_records.c.id)
            ).mappings().all()
        return {
            "format": SNAPSHOT_FORMAT,
            "schema_version": SCHEMA_VERSION,
            "team": self.name,
            "exported_at": _now(),
            "records": [
                {
                    "kind": r["kind"], "key": r["key"], "data": json.loads(r["data"]),
                    "version": r["version"], "updated_by": r["updated_by"],
                    "updated_at": r["updated_at"],
                }
                for r in rows
            ],
        }

    def export_snapshot(self, path: str | os.PathLike) -> Path:
        """Write the whole workspace to one JSON file; return its path."""
        path = Path(path)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(self.snapshot(), ensure_ascii=False, indent=1), "utf-8")
        tmp.replace(path)  # a reader never sees half a file
        return path


SNAPSHOT_FORMAT = "implementing-together-workspace"


def read_snapshot(path: str | os.PathLike) -> dict:
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


def import_snapshot(store: Store, snap: dict, team: str | None = None) -> TeamWorkspace:
    """Load a snapshot into ``store`` as team ``team`` (default: the team it came from).

    Entries are checked as they come in; the team's existing entries with the same keys
    are replaced, keeping who made each change and when.
    """
    ws = store.team(team or snap["team"])
    rows = []
    for rec in snap.get("records", []):
        cleaned = validate(rec["kind"], rec["data"])
        rows.append(
            {
                "team_id": ws._team_id, "kind": rec["kind"],
                "key": KINDS[rec["kind"]].key(cleaned),
                "data": json.dumps(cleaned, ensure_ascii=False, sort_keys=True),
                "version": int(rec.get("version", 1)),
                "updated_by": rec.get("updated_by", ""),
                "updated_at": rec.get("updated_at") or _now(),
            }
        )
    with store._write() as conn:
        for row in rows:
            conn.execute(
                _records.delete().where(
                    (_records.c.team_id == row["team_id"]) & (_records.c.kind == row["kind"])
                    & (_records.c.key == row["key"])
                )
            )
        if rows:
            conn.execute(_records.insert(), rows)
    return ws
