"""The cohort's people and their memberships (store version 2 to 3).

On a hub, who each person is and which teams they work in or facilitate, from the cohort's
roster; the database's rules of who sees what read them. On one machine they stay empty.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "it_people",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("perspective", sa.String(32), nullable=False, server_default=""),
        sa.Column("no_code", sa.Integer, nullable=False, server_default="0"),
        sa.Column("db_login", sa.String(63), unique=True),
    )
    op.create_table(
        "it_memberships",
        sa.Column("username", sa.String(64), sa.ForeignKey("it_people.username"),
                  primary_key=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("it_teams.id"), primary_key=True),
        sa.Column("role", sa.String(32), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("it_memberships")
    op.drop_table("it_people")
