"""Upgrades of the store's tables, with Alembic, the way JupyterHub upgrades its database.

A store is brought up to date when it is opened. Each change to the tables is one revision in
``versions/``; to add one, write it there (``alembic -c widgets/store/migrations/alembic.ini
revision -m "what changes"`` makes the file), raise ``schema.SCHEMA_VERSION`` by one, and add
a test that opens a store from before it.

A store made before the course used Alembic has no ``alembic_version`` table. Its own record
of its version (``it_meta``) says where it starts: version 1 is Alembic's base, so every
revision runs; version 2 is revision ``0001``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

__all__ = ["current", "head", "is_known", "stamp_head", "upgrade"]

HERE = Path(__file__).resolve().parent
# The revision each version of the store before Alembic corresponds to (None: the base).
_BEFORE_ALEMBIC = {1: None, 2: "0001"}


def _config(conn: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["connection"] = conn
    return config


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head() -> str:
    """The newest revision this version of the course knows."""
    return str(_scripts().get_current_head())


def is_known(revision: str) -> bool:
    """Whether a revision is one of this course's (a newer course's revision is not)."""
    return revision in {r.revision for r in _scripts().walk_revisions()}


def current(conn: sa.Connection) -> str | None:
    """The revision a store is at, or None when it has no ``alembic_version`` table."""
    return MigrationContext.configure(conn).get_current_revision()


def stamp_head(conn: sa.Connection) -> None:
    """Mark a store just made from the current tables as up to date."""
    command.stamp(_config(conn), "head")


def upgrade(conn: sa.Connection, stored_version: int) -> None:
    """Bring a store up to the newest revision, inside the caller's transaction.
    ``stored_version`` is the store's own record of its version, for a store from before
    Alembic."""
    config = _config(conn)
    if current(conn) is None and _BEFORE_ALEMBIC.get(stored_version) is not None:
        command.stamp(config, _BEFORE_ALEMBIC[stored_version])
    command.upgrade(config, "head")
