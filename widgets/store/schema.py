"""The store's tables, its schema version, and how times are written.

Entries are stored as JSON, so a new field is a change to ``model.py`` only. A change to the
tables themselves is an Alembic revision in ``migrations/versions/`` and raises
``SCHEMA_VERSION`` by one: it is 1 (the tables before Alembic) plus the number of revisions,
and a store records it in ``it_meta`` so that an older course refuses a newer store.
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa

__all__ = [
    "APP",
    "DEFAULT_COHORT",
    "SCHEMA_VERSION",
    "changes",
    "cohorts",
    "meta",
    "metadata",
    "presence",
    "records",
    "stored_meta",
    "teams",
    "utc_now",
]

APP = "implementing-together"
SCHEMA_VERSION = 6
DEFAULT_COHORT = "First cohort"  # where teams go when no cohort was named

metadata = sa.MetaData()
meta = sa.Table(
    "it_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
# A group of teams that takes the course together, from a start date ("Placer 2027 cohort 2").
cohorts = sa.Table(
    "it_cohorts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(400), nullable=False, unique=True),
    sa.Column("start_date", sa.String(10), nullable=False),  # ISO date
    sa.Column("created_at", sa.String(40), nullable=False),
)
teams = sa.Table(
    "it_teams",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(400), nullable=False, unique=True),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("cohort_id", sa.Integer, sa.ForeignKey("it_cohorts.id"), nullable=False),
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
    # 1: copied from a snapshot file, whose claims of who and when no one checked
    sa.Column("imported", sa.Integer, nullable=False, server_default="0"),
    sa.Index("it_changes_item", "team_id", "kind", "key", "version"),
)


# Who has a module open now, for "who is here": a row per member and module, its time renewed
# while their page is open (seconds since 1970, UTC); an old time means they have left.
presence = sa.Table(
    "it_presence",
    metadata,
    sa.Column("team_id", sa.Integer, sa.ForeignKey("it_teams.id"), primary_key=True),
    sa.Column("member", sa.Text, primary_key=True),
    sa.Column("module", sa.Integer, primary_key=True),
    sa.Column("seen_at", sa.Float, nullable=False),
)


# On a hub: the cohort's people (from its roster) and which teams each works in or
# facilitates. The database's rules of who sees what are written in terms of these
# (widgets.hub.database); on one machine they stay empty.
people = sa.Table(
    "it_people",
    metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("perspective", sa.String(32), nullable=False, server_default=""),
    sa.Column("no_code", sa.Integer, nullable=False, server_default="0"),
    sa.Column("db_login", sa.String(63), unique=True),
)
memberships = sa.Table(
    "it_memberships",
    metadata,
    sa.Column("username", sa.String(64), sa.ForeignKey("it_people.username"), primary_key=True),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("it_teams.id"), primary_key=True),
    sa.Column("role", sa.String(32), primary_key=True),
)


def utc_now() -> str:
    """Now, as every time in the store is written: ISO 8601 in UTC, to the microsecond."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def stored_meta(conn: sa.Connection) -> dict[str, str] | None:
    """The store's identity and version, or None when the database holds no tables at all."""
    names = set(sa.inspect(conn).get_table_names())
    if not names:
        return None
    if meta.name not in names:
        return {}
    return dict(conn.execute(sa.select(meta.c.key, meta.c.value)).all())
