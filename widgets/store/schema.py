"""The store's tables, its schema version, and how times are written.

Entries are stored as JSON, so a new field is a change to ``model.py`` only. A change to the
tables themselves raises ``SCHEMA_VERSION`` and adds a step to ``MIGRATIONS``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

import sqlalchemy as sa

APP = "implementing-together"
SCHEMA_VERSION = 2

metadata = sa.MetaData()
meta = sa.Table(
    "it_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
teams = sa.Table(
    "it_teams",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(400), nullable=False, unique=True),
    sa.Column("created_at", sa.String(40), nullable=False),
)
# The current state of every entry; a deleted entry stays here, marked, until restored.
records = sa.Table(
    "it_records",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("it_teams.id"), nullable=False),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_by", sa.Text, nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
    sa.Column("deleted", sa.Integer, nullable=False, server_default="0"),
    sa.UniqueConstraint("team_id", "kind", "key"),
)
# Every change ever made, never updated or removed: the history behind "nothing lost".
changes = sa.Table(
    "it_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("it_teams.id"), nullable=False),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("deleted", sa.Integer, nullable=False),
    sa.Column("changed_by", sa.Text, nullable=False),
    sa.Column("changed_at", sa.String(40), nullable=False),
    sa.Index("it_changes_item", "team_id", "kind", "key", "version"),
)


def utc_now() -> str:
    """Now, as every time in the store is written: ISO 8601 in UTC, to the microsecond."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _v1_to_v2(conn: sa.Connection) -> None:
    """Version 2 adds history and recoverable deletes; today's entries become version one
    of their history, keeping who saved them and when."""
    conn.exec_driver_sql("ALTER TABLE it_records ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0")
    changes.create(conn)
    conn.execute(
        changes.insert().from_select(
            ["team_id", "kind", "key", "version", "action", "data", "deleted", "changed_by",
             "changed_at"],
            sa.select(records.c.team_id, records.c.kind, records.c.key, records.c.version,
                      sa.literal("migrated"), records.c.data, sa.literal(0),
                      records.c.updated_by, records.c.updated_at),
        )
    )


MIGRATIONS: dict[int, Callable[[sa.Connection], None]] = {1: _v1_to_v2}


def stored_meta(conn: sa.Connection) -> dict[str, str] | None:
    """The store's identity and version, or None when the database holds no tables at all."""
    names = set(sa.inspect(conn).get_table_names())
    if not names:
        return None
    if meta.name not in names:
        return {}
    return dict(conn.execute(sa.select(meta.c.key, meta.c.value)).all())
