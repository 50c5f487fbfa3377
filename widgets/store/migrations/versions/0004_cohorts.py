"""Every team belongs to a cohort (store version 4 to 5).

A cohort is a group of teams that takes the course together from a start date, so that an
organisation's second cohort does not mix with its first in any view. Teams made before cohorts
go into one cohort, ``DEFAULT_COHORT``, that starts on the day the first of them was made.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from widgets.store.schema import DEFAULT_COHORT, utc_now

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_teams = sa.table("it_teams", sa.column("created_at"), sa.column("cohort_id"))
_KEY = "it_teams_cohort_id_fkey"


def upgrade() -> None:
    cohorts = op.create_table(
        "it_cohorts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(400), nullable=False, unique=True),
        sa.Column("start_date", sa.String(10), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    conn = op.get_bind()
    # SQLite adds a column that refers to another table only if it may be empty, and cannot
    # copy a table that others refer to while it checks their keys: there the column stays
    # optional, and the course always fills it.
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:  # written out: Alembic would copy the table to add the reference
        conn.exec_driver_sql("ALTER TABLE it_teams ADD COLUMN cohort_id INTEGER "
                             "REFERENCES it_cohorts (id)")
    else:
        op.add_column("it_teams", sa.Column("cohort_id", sa.Integer,
                                            sa.ForeignKey("it_cohorts.id", name=_KEY)))
    first = conn.execute(sa.select(sa.func.min(_teams.c.created_at))).scalar()
    if first is not None:
        cohort = conn.execute(cohorts.insert().values(
            name=DEFAULT_COHORT, start_date=first[:10], created_at=utc_now())
        ).inserted_primary_key[0]
        conn.execute(_teams.update().values(cohort_id=cohort))
    if not sqlite:
        op.alter_column("it_teams", "cohort_id", existing_type=sa.Integer, nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("it_teams") as batch:
        batch.drop_constraint(_KEY, type_="foreignkey")
        batch.drop_column("cohort_id")
    op.drop_table("it_cohorts")
