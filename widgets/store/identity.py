"""Who is using the store, when the database knows: on a cohort's hub, each person reaches the
store with a login of their own, and the database says whose it is (``it_whoami()``, see
``widgets.hub.database``). On one machine there is no login, and no one is known."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

__all__ = ["Identity", "whoami"]


@dataclass(frozen=True)
class Identity:
    """The person behind a store's login, as the cohort's roster has them."""

    username: str
    display_name: str
    role: str  # "participant", "team facilitator", "cohort facilitator" or "funder"
    no_code: bool
    teams: tuple[str, ...]  # the teams they work in or facilitate


def whoami(conn: sa.Connection) -> Identity | None:
    """The person the connection's login belongs to, or None (one machine, or an owner's
    login that is no one's)."""
    if conn.dialect.name != "postgresql" or not conn.exec_driver_sql(
            "SELECT to_regprocedure('it_whoami()') IS NOT NULL").scalar():
        return None
    row = conn.exec_driver_sql("SELECT * FROM it_whoami()").first()
    if row is None:
        return None
    username, display_name, role, no_code, teams = row
    return Identity(username, display_name, role, bool(no_code), tuple(teams))
