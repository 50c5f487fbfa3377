"""History and recoverable deletes (store version 1 to 2).

Every change is kept in ``it_changes``, and a deleted entry stays in ``it_records``, marked,
until it is restored. Today's entries become version one of their history, keeping who saved
them and when. The tables are written out here as they were at this revision, so the step
stays the same whatever later revisions change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_records = sa.table(
    "it_records",
    sa.column("team_id"), sa.column("kind"), sa.column("key"), sa.column("version"),
    sa.column("data"), sa.column("updated_by"), sa.column("updated_at"),
)


def upgrade() -> None:
    op.add_column("it_records",
                  sa.Column("deleted", sa.Integer, nullable=False, server_default="0"))
    changes = op.create_table(
        "it_changes",
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
    )
    op.create_index("it_changes_item", "it_changes", ["team_id", "kind", "key", "version"])
    op.execute(changes.insert().from_select(
        ["team_id", "kind", "key", "version", "action", "data", "deleted", "changed_by",
         "changed_at"],
        sa.select(_records.c.team_id, _records.c.kind, _records.c.key, _records.c.version,
                  sa.literal("migrated"), _records.c.data, sa.literal(0),
                  _records.c.updated_by, _records.c.updated_at),
    ))


def downgrade() -> None:
    raise NotImplementedError(
        "A store cannot go back to version 1: it would lose every entry's history. Restore a "
        "backup made before the upgrade instead.")
