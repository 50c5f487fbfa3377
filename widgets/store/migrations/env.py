"""Alembic's environment for the store: runs revisions on the connection the store passes in
(inside the store's own transaction), or, from Alembic's command line, on the store named by
``sqlalchemy.url`` in alembic.ini or ``$COURSE_STORE_URL``."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from widgets.store.engine import default_store_url
from widgets.store.schema import metadata


def _run(connection: sa.Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


_given = context.config.attributes.get("connection")
if _given is not None:
    _run(_given)
else:
    _engine = sa.create_engine(context.config.get_main_option("sqlalchemy.url")
                               or default_store_url())
    with _engine.begin() as _connection:
        _run(_connection)
    _engine.dispose()
