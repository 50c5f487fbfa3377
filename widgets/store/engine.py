"""Reaching the database: where the store is, opening it safely, and refusing what is not ours.

A SQLite file is checked read-only before anything opens it for writing (opening it for
writing would already change it), so a damaged file or another program's database is left
exactly as it was, with a message naming it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from . import migrations, schema

__all__ = ["STORE_URL_ENV", "WRITE", "StoreError", "check_identity", "default_store_url",
           "make_engine"]

STORE_URL_ENV = "COURSE_STORE_URL"
WRITE = "it_write"  # the execution option that marks a transaction that writes
_SQLITE_MAGIC = b"SQLite format 3\x00"


class StoreError(RuntimeError):
    """The store cannot be used; the message says which file or server, and what to do."""


def default_store_url() -> str:
    """The store a notebook uses: ``$COURSE_STORE_URL``, else a SQLite file in the home folder."""
    url = os.environ.get(STORE_URL_ENV, "").strip()
    if url:
        return url
    path = Path.home() / ".implementing-together" / "team-store.sqlite"
    return f"sqlite:///{path}"


def check_identity(conn: sa.Connection, where: str) -> int | None:
    """The store's schema version, or None for an empty database; refuses anything else: a
    database holding other data, and a store written by a newer version of the course."""
    found = schema.stored_meta(conn)
    if found is None:
        return None
    if found.get("app") != schema.APP:
        raise StoreError(
            f"{where} holds other data and is not a team store. It was left as it is. "
            f"Set {STORE_URL_ENV} to a new file or an empty database."
        )
    version = int(found.get("schema_version", "0"))
    revision = migrations.current(conn)
    if version > schema.SCHEMA_VERSION or not (revision is None
                                                or migrations.is_known(revision)):
        raise StoreError(
            f"{where} was written by a newer version of the course (store version {version}, "
            f"revision {revision}; this one reads up to {schema.SCHEMA_VERSION}, revision "
            f"{migrations.head()}). It was left as it is. Update the course package (run make "
            "start) and try again."
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
                check_identity(conn, str(path))
    except sa.exc.DatabaseError as exc:
        result = str(exc.orig)
    finally:
        engine.dispose()
    if result != "ok":
        raise StoreError(
            f"{path} is damaged and cannot be read safely ({result}). {advice} To recover a "
            "team's work, import its latest workspace snapshot (JSON) into a new store."
        )


def make_engine(url: str) -> sa.Engine:
    """An engine for the store at ``url``. On SQLite: write-ahead logging, a long busy wait,
    and transactions that say up front whether they write (see ``WRITE``)."""
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
        write = conn.get_execution_options().get(WRITE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine
