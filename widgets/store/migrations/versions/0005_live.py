"""Working together live (store version 5 to 6): who has a module open now, and, on
PostgreSQL, a notice to the team's own listeners whenever one of its entries is saved.

See ``widgets.store.live`` for how a notebook or app follows the store.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from widgets.store.live import install_notices

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "it_presence",
        sa.Column("team_id", sa.Integer, sa.ForeignKey("it_teams.id"), primary_key=True),
        sa.Column("member", sa.Text, primary_key=True),
        sa.Column("module", sa.Integer, primary_key=True),
        sa.Column("seen_at", sa.Float, nullable=False),
    )
    install_notices(op.get_bind())


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("DROP TABLE IF EXISTS it_live CASCADE")
        for trigger, table in (("it_live_channel", "it_teams"), ("it_live_notify", "it_changes")):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    op.drop_table("it_presence")
