"""Imported history is marked, and team names are kept normalised (store version 3 to 4).

A past version copied from a snapshot file says who made it and when only because the file
says so: ``it_changes.imported`` marks it. Team names that look alike are now the same name
(``model.normalise_name``: composed accents, no invisible characters, single spaces), so each
team's name is brought to that form, except where two teams' names would become one: those
are left exactly as they are, never merged, and reported (``Store.name_clashes`` lists them;
``course store`` shows them).
"""

from __future__ import annotations

import logging
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

from widgets.store.model import normalise_name

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_teams = sa.table("it_teams", sa.column("id"), sa.column("name"))
_log = logging.getLogger(__name__)


def upgrade() -> None:
    op.add_column("it_changes",
                  sa.Column("imported", sa.Integer, nullable=False, server_default="0"))
    conn = op.get_bind()
    alike: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for team_id, name in conn.execute(sa.select(_teams.c.id, _teams.c.name)):
        alike[normalise_name(name)].append((team_id, name))
    for normal, teams in alike.items():
        if len(teams) > 1:
            _log.warning("Teams %s now have names that look the same; they were left apart. "
                         "Rename all but one (course store --rename).",
                         ", ".join(repr(name) for _, name in teams))
        elif teams[0][1] != normal:
            conn.execute(_teams.update().where(_teams.c.id == teams[0][0]).values(name=normal))


def downgrade() -> None:
    op.drop_column("it_changes", "imported")
